"""Counter-movement jump: phases and metrics.

Phases: standing (the first 0.5 s: the recording must start with the athlete
still), start of the countermovement (the hip leaves its standing level by
more than 1 % of body height), lowest point (lowest hip before take-off),
take-off and landing (the flight with the highest foot apex; see
:mod:`kinemotion.jump.events`).

Metrics: flight time; jump height from flight time ``h = g t² / 8``; jump
height from hip displacement (hip apex in flight minus hip at take-off);
countermovement depth (standing hip minus lowest hip); time to take-off
(countermovement start to take-off); peak concentric velocity (highest hip
velocity between the lowest point and take-off). Lengths are in body heights
(nose-to-feet) and, with ``athlete_height_m``, in metres.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kinemotion.errors import AnalysisError
from kinemotion.jump.events import crossing_time, flights_above
from kinemotion.jump.quality import quality_flags
from kinemotion.jump.signals import JumpSignals

__all__ = ["GROUND_PERCENTILE", "THRESHOLD", "CMJResult", "G", "analyze_cmj", "ground_level"]

G = 9.81
THRESHOLD = 0.03
"""Feet count as airborne above this height over the ground, in body heights (~5 cm)."""
GROUND_PERCENTILE = 10.0
"""Ground samples: foot heights within THRESHOLD of the 10th percentile (see :func:`ground_level`)."""
STANDING_S = 0.5


@dataclass(frozen=True)
class CMJResult:
    """Phase times (s), their frame positions (fractional), metrics and quality flags."""

    phases_s: dict[str, float]
    phases_frame: dict[str, float]
    flight_time_s: float
    jump_height_flight_m: float
    jump_height_hip_bh: float
    countermovement_depth_bh: float
    time_to_takeoff_s: float
    peak_concentric_velocity_bh_s: float
    metres_per_body_height: float | None
    quality: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float | None]:
        """The metrics as a flat dict, metre versions included when a scale is known."""
        scale = self.metres_per_body_height
        out: dict[str, float | None] = {
            "flight_time_s": self.flight_time_s,
            "jump_height_flight_m": self.jump_height_flight_m,
            "jump_height_hip_bh": self.jump_height_hip_bh,
            "countermovement_depth_bh": self.countermovement_depth_bh,
            "time_to_takeoff_s": self.time_to_takeoff_s,
            "peak_concentric_velocity_bh_s": self.peak_concentric_velocity_bh_s,
        }
        out["jump_height_hip_m"] = None if scale is None else self.jump_height_hip_bh * scale
        out["countermovement_depth_m"] = None if scale is None else self.countermovement_depth_bh * scale
        out["peak_concentric_velocity_m_s"] = None if scale is None else self.peak_concentric_velocity_bh_s * scale
        return out


def ground_level(foot: np.ndarray) -> float:
    """The floor's height: the median of the foot samples near the 10th percentile.

    The percentile alone sits below the true level by about 1.3 noise standard
    deviations, which would shift every event; the median of the samples
    within THRESHOLD of it is unbiased.
    """
    low = float(np.nanpercentile(foot, GROUND_PERCENTILE))
    near = foot[np.isfinite(foot) & (foot <= low + THRESHOLD)]
    return float(np.median(near))


def analyze_cmj(s: JumpSignals, athlete_height_m: float | None = None) -> CMJResult:
    """Find the CMJ phases and metrics in ``s``.

    Raises:
        AnalysisError: no flight phase, or no countermovement before it.
    """
    ground = ground_level(s.foot)
    flights = flights_above(s.t, s.foot, ground, THRESHOLD)
    if not flights:
        raise AnalysisError(
            "No flight phase found: the feet never leave the ground for a full take-off and landing in view "
            "(check the whole jump is filmed and tracked, e.g. `kinemotion track --overlay`)."
        )
    flight = max(flights, key=lambda f: float(np.nanmax(s.foot[f.first_index : f.last_index + 1])))
    standing_mask = s.t <= s.t[0] + STANDING_S
    standing = float(np.nanmedian(s.hip_smooth[standing_mask]))
    before = np.flatnonzero(s.t < flight.takeoff_s)
    if len(before) < 3 or not np.isfinite(s.hip_smooth[before]).any():
        raise AnalysisError("No countermovement found before take-off: the recording starts too late.")
    lowest_i = int(before[np.nanargmin(s.hip_smooth[before])])
    depth = standing - float(s.hip_smooth[lowest_i])
    if depth < 0.02:
        raise AnalysisError(
            f"No countermovement found: the hip drops only {depth:.3f} body heights before take-off. "
            "For a jump without countermovement (squat jump) this analysis does not apply."
        )
    level = standing - 0.01
    start_i = lowest_i
    while start_i > 0 and not (s.hip_smooth[start_i - 1] >= level):
        start_i -= 1
    start_s = s.t[0] if start_i == 0 else _cross(s, start_i - 1, level)
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
        quality=quality_flags(s, flight),
    )


def _cross(s: JumpSignals, i: int, level: float) -> float:
    return crossing_time(s.t, s.hip_smooth, i, level)


def _metres_per_bh(athlete_height_m: float | None) -> float | None:
    # body height here is nose-to-feet, about 0.93 of standing height
    return None if athlete_height_m is None else athlete_height_m * 0.93
