"""Counter-movement jump: phases and metrics of every jump in a recording.

Each flight of the feet (see :mod:`kinemotion.jump.events`) with a
countermovement before it is one jump. Its phases: start of the
countermovement (the hip leaves its standing level by more than 1 % of body
height), lowest point (lowest hip between the previous landing and take-off),
take-off (toe-off) and landing (first touch).

The standing level of a jump is the hip's median over the longest still
stretch (hip speed below 0.2 body heights/s for at least 0.2 s) between the
previous landing (or the start) and the lowest point; in a continuous set
with no rest between jumps it is the standing level of the recording's start
(the first 0.5 s), and the jump says so in its flags.

Metrics: flight time; jump height from flight time ``h = g t² / 8``; jump
height from hip displacement (hip apex in flight minus hip at take-off);
countermovement depth (standing hip minus lowest hip); time to take-off
(countermovement start to take-off); the modified reactive strength index
(jump height from flight time / time to take-off, m/s: how fast the athlete
turns the countermovement into height); peak concentric velocity (highest hip
velocity between the lowest point and take-off). Lengths are in body heights
(nose-to-feet) and, with ``athlete_height_m``, in metres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kinemotion.errors import AnalysisError
from kinemotion.jump.constants import NOSE_TO_FEET_PER_HEIGHT, STANDING_S, G
from kinemotion.jump.events import Airborne, crossing_time, find_flights
from kinemotion.jump.quality import quality_flags, require_same_ground
from kinemotion.jump.result import JumpResult, JumpSet, collect_jumps
from kinemotion.jump.signals import JumpSignals, ground_level, runs, savgol

__all__ = [
    "ATHLETE_HEIGHT_RANGE_M",
    "CMJResult",
    "analyze_cmj",
    "analyze_cmj_set",
    "check_athlete_height",
    "ground_level",
]

ATHLETE_HEIGHT_RANGE_M = (0.5, 2.6)
"""The athlete's heights (m) accepted: a height outside is a wrong unit (centimetres, feet) or a typo."""


def check_athlete_height(athlete_height_m: float | None) -> None:
    """Refuse a height that cannot be an athlete's in metres (None: no height, nothing to check).

    Raises:
        ValueError: the height is not a number between ``ATHLETE_HEIGHT_RANGE_M``.
    """
    if athlete_height_m is None:
        return
    low, high = ATHLETE_HEIGHT_RANGE_M
    if not low <= athlete_height_m <= high:
        raise ValueError(
            f"the athlete's height is in metres, between {low:g} and {high:g} (e.g. 1.75), got {athlete_height_m:g}"
            + (": centimetres?" if 100 * low <= athlete_height_m <= 100 * high else "")
        )


STILL_SPEED = 0.2
"""Hip speed (body heights/s) below which the athlete counts as standing still."""
MIN_DEPTH = 0.02
"""A countermovement lowers the hip by at least this much (body heights)."""


@dataclass(frozen=True, kw_only=True)
class CMJResult(JumpResult):
    """One counter-movement jump: the phases and flags of :class:`JumpResult`, and its metrics."""

    flight_time_s: float
    jump_height_flight_m: float
    jump_height_hip_bh: float
    countermovement_depth_bh: float
    time_to_takeoff_s: float
    peak_concentric_velocity_bh_s: float
    metres_per_body_height: float | None

    def metrics(self) -> dict[str, float | None]:
        """The metrics as a flat dict, metre versions included when a scale is known."""
        scale = self.metres_per_body_height
        out: dict[str, float | None] = {
            "flight_time_s": self.flight_time_s,
            "jump_height_flight_m": self.jump_height_flight_m,
            "jump_height_hip_bh": self.jump_height_hip_bh,
            "countermovement_depth_bh": self.countermovement_depth_bh,
            "time_to_takeoff_s": self.time_to_takeoff_s,
            "modified_reactive_strength_index": (
                self.jump_height_flight_m / self.time_to_takeoff_s if self.time_to_takeoff_s > 0 else None
            ),
            "peak_concentric_velocity_bh_s": self.peak_concentric_velocity_bh_s,
        }
        out["jump_height_hip_m"] = None if scale is None else self.jump_height_hip_bh * scale
        out["countermovement_depth_m"] = None if scale is None else self.countermovement_depth_bh * scale
        out["peak_concentric_velocity_m_s"] = None if scale is None else self.peak_concentric_velocity_bh_s * scale
        return out


def analyze_cmj_set(s: JumpSignals, athlete_height_m: float | None = None) -> JumpSet[CMJResult]:
    """Every counter-movement jump in ``s``, numbered in time order, with notes on flights left out.

    Raises:
        AnalysisError: no flight at all, or no flight with a countermovement
            before it (the message of a single flight's problem is kept).
        ValueError: ``athlete_height_m`` is not a height in metres (:func:`check_athlete_height`).
    """
    check_athlete_height(athlete_height_m)
    flights = find_flights(s)
    if not flights:
        raise AnalysisError(
            "No flight phase found: the feet never leave the ground for a full take-off and landing in view "
            "(check the whole jump is filmed and tracked, e.g. `kinemotion track --overlay`)."
        )
    # Each jump's window starts where the previous flight landed.
    starts = [0] + [int(np.searchsorted(s.t, f.landing_s)) for f in flights[:-1]]
    return collect_jumps(
        zip(flights, starts, strict=True),
        lambda item, number: _one_jump(s, item[0], item[1], number, athlete_height_m),
        lambda item: f"flight at {item[0].takeoff_s:.2f}-{item[0].landing_s:.2f} s",
        "No counter-movement jump found",
    )


def analyze_cmj(s: JumpSignals, athlete_height_m: float | None = None) -> CMJResult:
    """The highest counter-movement jump in ``s`` (see :func:`analyze_cmj_set` for all of them).

    Raises:
        AnalysisError: no flight phase, or no countermovement before it.
    """
    return max(analyze_cmj_set(s, athlete_height_m).jumps, key=lambda j: j.flight_time_s)


def _standing_level(s: JumpSignals, start: int, lowest: int) -> tuple[float, bool]:
    """The hip's standing level before a jump, and whether it was seen in this jump's own window."""
    slow = savgol(s.hip, max(5, round(0.25 * s.fps) | 1))
    with np.errstate(invalid="ignore"):
        still = np.abs(np.gradient(slow, s.t)) < STILL_SPEED
    still[:start] = False
    still[lowest:] = False
    stretches = [(a, b) for a, b in runs(still) if s.t[b - 1] - s.t[a] >= 0.2]
    if stretches:
        a, b = max(stretches, key=lambda r: r[1] - r[0])
        return float(np.nanmedian(s.hip_smooth[a:b])), True
    return float(np.nanmedian(s.hip_smooth[s.t <= s.t[0] + STANDING_S])), start == 0


def _one_jump(s: JumpSignals, flight: Airborne, start: int, number: int, athlete_height_m: float | None) -> CMJResult:
    require_same_ground(flight)
    before = np.flatnonzero((s.t < flight.takeoff_s) & (np.arange(len(s.t)) >= start))
    if len(before) < 3 or not np.isfinite(s.hip_smooth[before]).any():
        raise AnalysisError("No countermovement found before take-off: the recording starts too late.")
    lowest_i = int(before[np.nanargmin(s.hip_smooth[before])])
    standing, own = _standing_level(s, start, lowest_i)
    depth = standing - float(s.hip_smooth[lowest_i])
    if not depth >= MIN_DEPTH:
        raise AnalysisError(
            f"No countermovement found: the hip drops only {depth:.3f} body heights before take-off. "
            "For a jump without countermovement (squat jump) this analysis does not apply."
        )
    level = standing - 0.01
    start_i = lowest_i
    while start_i > start and not (s.hip_smooth[start_i - 1] >= level):
        start_i -= 1
    start_s = s.t[start_i] if start_i == start else crossing_time(s.t, s.hip_smooth, start_i - 1, level)
    velocity = s.velocity(s.hip_smooth)
    concentric = np.flatnonzero((s.t >= s.t[lowest_i]) & (s.t <= flight.takeoff_s))
    peak_velocity = float(np.nanmax(velocity[concentric])) if len(concentric) else float("nan")
    takeoff_hip = float(np.interp(flight.takeoff_s, s.t, s.hip_smooth))
    apex_hip = float(np.nanmax(s.hip[flight.first_index : flight.last_index + 1]))
    flight_time = flight.duration_s
    phases = {
        "countermovement_start": float(start_s),
        "lowest_point": float(s.t[lowest_i]),
        "takeoff": flight.takeoff_s,
        "landing": flight.landing_s,
    }
    quality = quality_flags(s, flight)
    if not own:
        quality.append("no standing still before this jump: depth measured from the standing level at the start")
    return CMJResult(
        phases_s=phases,
        phases_frame={k: s.frame_at(v) for k, v in phases.items()},
        flight_time_s=flight_time,
        jump_height_flight_m=G * flight_time**2 / 8,
        jump_height_hip_bh=apex_hip - takeoff_hip,
        countermovement_depth_bh=depth,
        time_to_takeoff_s=flight.takeoff_s - float(start_s),
        peak_concentric_velocity_bh_s=peak_velocity,
        metres_per_body_height=_metres_per_bh(athlete_height_m),
        quality=quality,
        number=number,
    )


def _metres_per_bh(athlete_height_m: float | None) -> float | None:
    return None if athlete_height_m is None else athlete_height_m * NOSE_TO_FEET_PER_HEIGHT
