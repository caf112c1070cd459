"""The athlete's knee and hip angles at a jump's events: what a sports scientist reports beside the jump.

From the joint angles of the tracking (:func:`kinemotion.kinematics.joint_angles`: Sports2D's flexion
convention, 0 with the joint straight, measured in the picture; see the guide), each the mean of the two
sides where both are seen (the one seen otherwise):

- ``knee_flexion_lowest_deg``, ``hip_flexion_lowest_deg``: at the hips' lowest point before take-off (a CMJ's
  ``lowest_point``: the bottom of the countermovement or of the squat; a drop jump's lowest hip during its
  ground contact);
- ``knee_flexion_takeoff_deg``, ``hip_flexion_takeoff_deg``: at take-off;
- ``knee_flexion_landing_max_deg``: the deepest knee flexion within ``LANDING_WINDOW_S`` after landing (how
  far the landing is absorbed).

An angle between frames is interpolated from the two frames around it; NaN (None in the report) where a point
it needs is not seen there. Only a jump analysed from a tracking has them (the signals carry its joint angles:
:attr:`JumpSignals.joint_angles <kinemotion.jump.JumpSignals.joint_angles>`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from kinemotion.jump.result import COVERAGE_Z
from kinemotion.jump.signals import FOOT_NOISE_S, JumpSignals, kept_share, robust_noise, savgol
from kinemotion.kinematics.angles import JointAngles

__all__ = ["ANGLE_METRICS", "LANDING_WINDOW_S", "both_sides", "jump_angles", "lowest_hip_between"]

FloatArray = npt.NDArray[np.float64]

LANDING_WINDOW_S = 0.5
"""How long after landing the deepest knee flexion is looked for (s): a landing is absorbed within about 0.2-0.4 s;
longer would take a squat made after it for the landing's."""

ANGLE_METRICS = (
    "knee_flexion_lowest_deg",
    "hip_flexion_lowest_deg",
    "knee_flexion_takeoff_deg",
    "hip_flexion_takeoff_deg",
    "knee_flexion_landing_max_deg",
)
"""The per-jump angle metrics, in their order in a report (degrees)."""


def both_sides(angles: JointAngles, joint: str) -> FloatArray:
    """Per frame, the mean of ``right_<joint>`` and ``left_<joint>`` where both are known, the one known otherwise
    (NaN where neither is); e.g. ``joint="knee_flexion_deg"``."""
    right, left = angles[f"right_{joint}"], angles[f"left_{joint}"]
    both = np.where(np.isnan(right), left, np.where(np.isnan(left), right, (right + left) / 2))
    return np.asarray(both, dtype=np.float64)


def _at(series: FloatArray, frame: float) -> float:
    """``series`` at a fractional frame: linear between the two frames around it, NaN if either is NaN or it is
    outside the series."""
    if not (0 <= frame <= len(series) - 1):
        return math.nan
    below = math.floor(frame)
    above = min(below + 1, len(series) - 1)
    share = frame - below
    return float(series[below] * (1 - share) + series[above] * share) if share else float(series[below])


NOISE_NEAR_S = 0.5
"""An angle's noise is read within this long of the event (s): a joint's angle is noisier near straight (the
standing frames) than bent, so the clip's overall noise is not the event's."""


def _noise_near(residual: FloatArray, t: FloatArray, time_s: float | None) -> float:
    """The robust spread of an angle's noise (its residual about its smoothing, scaled to a sample's own noise)
    within ``NOISE_NEAR_S`` of ``time_s``; 0 where none is known there."""
    if time_s is None:
        return 0.0
    return robust_noise(residual[np.abs(t - time_s) <= NOISE_NEAR_S])


def jump_angles(
    s: JumpSignals,
    takeoff_s: float,
    landing_s: float,
    lowest_s: float | None = None,
    event_sd_s: Mapping[str, float] | None = None,
) -> tuple[dict[str, float], dict[str, float]]:
    """The :data:`ANGLE_METRICS` of one jump (see the module docstring), NaN where not measured, and the half-width
    of each one's 90 % interval (degrees); both empty when the signals carry no joint angles (analysed from
    landmark series, not a tracking).

    ``lowest_s``: the hips' lowest point before take-off (s; a drop jump's: :func:`lowest_hip_between` its ground
    contact and take-off); None where not known (its angles NaN). ``event_sd_s``: the standard uncertainty (s)
    of ``takeoff`` and ``lowest_point``, where known.

    Uncertainty: the angle's own frame-to-frame noise within ``NOISE_NEAR_S`` of the event (as
    :func:`~kinemotion.jump.signals.white_noise` reads it, about a smoothing over ``FOOT_NOISE_S``) and, at an
    event, how fast the angle changes there times the event's time uncertainty (a knee extends by several
    degrees a frame at take-off), combined in quadrature; at the deepest landing flexion, the noise alone.
    """
    angles = s.joint_angles
    if angles is None:
        return {}, {}
    sds = dict(event_sd_s or {})
    window = max(5, round(FOOT_NOISE_S * s.fps) | 1)
    values: dict[str, float] = {}
    spreads: dict[str, float] = {}
    for joint in ("knee", "hip"):
        series = both_sides(angles, f"{joint}_flexion_deg")
        smooth = savgol(series, window)
        residual = (series - smooth) / math.sqrt(1.0 - kept_share(window))
        rate = np.gradient(smooth, s.t)
        for event, time_s in (("lowest", lowest_s), ("takeoff", takeoff_s)):
            name = f"{joint}_flexion_{event}_deg"
            frame = s.frame_at(time_s) if time_s is not None else math.nan
            values[name] = _at(series, frame)
            slope = abs(_at(rate, frame)) if math.isfinite(_at(rate, frame)) else 0.0
            sd = sds.get("lowest_point" if event == "lowest" else event, 0.0)
            noise = _noise_near(residual, s.t, time_s)
            spreads[name] = COVERAGE_Z * math.hypot(noise, slope * (sd if math.isfinite(sd) else 0.0))
        if joint == "knee":
            after = (s.t >= landing_s) & (s.t <= landing_s + LANDING_WINDOW_S)
            seen = series[after][np.isfinite(series[after])]
            values["knee_flexion_landing_max_deg"] = float(seen.max()) if len(seen) else math.nan
            noise = _noise_near(residual, s.t, landing_s + LANDING_WINDOW_S / 2)
            spreads["knee_flexion_landing_max_deg"] = COVERAGE_Z * noise
    ordered = {name: values[name] for name in ANGLE_METRICS}
    return ordered, {name: spreads[name] for name in ANGLE_METRICS if math.isfinite(ordered[name])}


def lowest_hip_between(s: JumpSignals, start_s: float, stop_s: float) -> float | None:
    """The time (s) of the hips' lowest smoothed point between ``start_s`` and ``stop_s`` (a drop jump's ground
    contact), None where the hips are not seen there."""
    inside = np.flatnonzero((s.t >= start_s) & (s.t <= stop_s))
    hips = s.hip_smooth[inside]
    if not np.isfinite(hips).any():
        return None
    return float(s.t[inside[int(np.nanargmin(hips))]])
