"""Drop jump: phases and metrics.

Phases: box drop (the feet leave the box top: the end of the last stance of
at least 0.2 s within a band around the box level, which is their median
height over the first 0.5 s; the band is the threshold or four times the
tracking noise, whichever is larger), ground contact (the feet reach the ground after the drop),
take-off and landing of the rebound jump (the first flight after contact).
Events use the same threshold crossings and ballistic refinement as the CMJ
(:mod:`kinemotion.jump.events`).

Metrics: ground contact time (contact to take-off), flight time, jump height
``g t² / 8``, reactive strength index (jump height in m / contact time in s),
and the drop height in body heights.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kinemotion.errors import AnalysisError
from kinemotion.jump.cmj import STANDING_S, THRESHOLD, G, ground_level
from kinemotion.jump.events import Airborne, airborne_between, flights_above
from kinemotion.jump.quality import quality_flags
from kinemotion.jump.signals import JumpSignals, runs, savgol

__all__ = ["MIN_STANCE_S", "DropJumpResult", "analyze_dropjump", "find_box_drop"]

MIN_STANCE_S = 0.2


@dataclass(frozen=True)
class DropJumpResult:
    """Phase times (s), frame positions (fractional), metrics and quality flags."""

    phases_s: dict[str, float]
    phases_frame: dict[str, float]
    ground_contact_time_s: float
    flight_time_s: float
    jump_height_m: float
    reactive_strength_index: float
    drop_height_bh: float
    quality: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float | None]:
        """The metrics as a flat dict."""
        return {
            "ground_contact_time_s": self.ground_contact_time_s,
            "flight_time_s": self.flight_time_s,
            "jump_height_m": self.jump_height_m,
            "reactive_strength_index": self.reactive_strength_index,
            "drop_height_bh": self.drop_height_bh,
        }


def _noise(residual: np.ndarray) -> float:
    """Robust standard deviation (1.4826 MAD) of a residual signal."""
    r = residual[np.isfinite(residual)]
    return float(1.4826 * np.median(np.abs(r - np.median(r)))) if len(r) else 0.0


def find_box_drop(s: JumpSignals) -> tuple[Airborne, float, float]:
    """The drop from the box: its airborne phase, the box level and the ground level.

    Raises:
        AnalysisError: the athlete does not start on a box, or never reaches the ground.
    """
    ground = ground_level(s.foot)
    box = float(np.nanmedian(s.foot[s.t <= s.t[0] + STANDING_S]))
    if box - ground < 3 * THRESHOLD:
        raise AnalysisError(
            f"The athlete does not start on a box: the feet start {box - ground:.2f} body heights above the "
            "ground. A drop jump recording starts with the athlete standing on the box."
        )
    on_ground = np.flatnonzero(np.where(np.isfinite(s.foot), s.foot <= ground + THRESHOLD, False))
    if len(on_ground) == 0:
        raise AnalysisError("The feet never reach the ground after the drop.")
    contact_i = int(on_ground[0])
    # Stance on the box is judged on the smoothed feet (0.2 s Savitzky–Golay): some
    # backends' foot landmarks jitter by several centimetres from frame to frame.
    smooth = savgol(s.foot, round(MIN_STANCE_S * s.fps) | 1)
    band = max(THRESHOLD, 4 * _noise(s.foot - smooth))
    near_box = smooth[:contact_i]
    in_band = np.where(np.isfinite(near_box), np.abs(near_box - box) <= band, False)
    # Standing on the box: a run of at least MIN_STANCE_S at box level (the feet can pass
    # the box level for a frame or two in the air, e.g. in a flip).
    stances = [(a, b) for a, b in runs(in_band) if s.t[b - 1] - s.t[a] >= MIN_STANCE_S]
    if not stances:
        raise AnalysisError("The feet are never seen standing on the box before the drop.")
    leave_i = int(stances[-1][1] - 1)
    # Smoothing makes the stance end late; the raw feet show where the fall starts.
    while leave_i > stances[-1][0] and not s.foot[leave_i] >= box - band:
        leave_i -= 1
    drop = airborne_between(s.t, s.foot, leave_i + 1, contact_i - 1, box, ground, THRESHOLD)
    if drop is None:
        raise AnalysisError("The drop from the box is not tracked from step-off to contact.")
    return drop, box, ground


def analyze_dropjump(s: JumpSignals) -> DropJumpResult:
    """Find the drop-jump phases and metrics in ``s``.

    Raises:
        AnalysisError: no box, no contact, or no rebound flight after the contact.
    """
    drop, box, ground = find_box_drop(s)
    rebound = [f for f in flights_above(s.t, s.foot, ground, THRESHOLD) if f.takeoff_s > drop.landing_s]
    if not rebound:
        raise AnalysisError(
            "No rebound jump found after the ground contact: the athlete must jump up as soon as they land, "
            "with take-off and landing in view.",
            {"box_drop": drop.takeoff_s, "ground_contact": drop.landing_s},
        )
    flight = rebound[0]
    contact = flight.takeoff_s - drop.landing_s
    height = G * flight.duration_s**2 / 8
    phases = {
        "box_drop": drop.takeoff_s,
        "ground_contact": drop.landing_s,
        "takeoff": flight.takeoff_s,
        "landing": flight.landing_s,
    }
    return DropJumpResult(
        phases_s=phases,
        phases_frame={k: s.frame_at(v) for k, v in phases.items()},
        ground_contact_time_s=contact,
        flight_time_s=flight.duration_s,
        jump_height_m=height,
        reactive_strength_index=height / contact,
        drop_height_bh=box - ground,
        quality=quality_flags(s, drop, flight),
    )
