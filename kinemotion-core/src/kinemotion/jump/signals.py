"""From landmark series to the signals jump analysis works on.

Heights are measured upwards, in *body heights*: the distance from the nose to
the feet while the athlete is upright, knees not bent into a squat (a stand-in
for the athlete's height that needs no calibration; see :func:`upright_size`;
where the head is not in the picture, the shoulders stand in: :func:`nose_to_feet`).
Pass ``athlete_height_m`` to the analyses to get metres as well. Flight time
and the jump height derived from it need no scale at all (seconds and g).

Real feet roll: at take-off the heel rises well before the toes leave the
ground, and a landing starts on the forefoot. So each foot is followed by its
*sole*: the lowest of its heel and toe, each measured from where it rests when
the athlete stands still (the first ``STANDING_S`` of the recording; heel and
toe landmarks sit at different heights on a flat foot). A foot touches the
ground when any part of it does, and the athlete is airborne only when both
soles are off: ``foot`` is the lower of the two soles.

Missing frames (no pose): gaps up to ``max_gap_s`` (default 0.1 s) are filled
by linear interpolation; longer gaps stay NaN and the events next to them are
not trusted (a quality flag says so). Smoothing: Savitzky–Golay, polynomial
order 2, window ``smooth_window_s`` or ``HIP_SMOOTH_S`` (1/6 s), whichever is
longer (rounded to a whole number of samples, one more if even, at least 5),
applied to the hip signal for velocities and phase events; the feet are used
unsmoothed (see :mod:`kinemotion.jump.events`).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, NoReturn

import numpy as np
import numpy.typing as npt

from kinemotion.errors import AnalysisError
from kinemotion.jump.constants import CONTACT_LEVEL, POSE_CONTACT_LEVEL, SQUAT_KNEE_DEG, STANDING_S, THRESHOLD
from kinemotion.jump.lowest import expected_shortfall, noise_covariance
from kinemotion.jump.result import JumpResult, JumpSet

if TYPE_CHECKING:
    from kinemotion.kinematics.angles import JointAngles
    from kinemotion.tracking import TrackingResult

__all__ = [
    "FRAME_STEP_MS",
    "HIP_SMOOTH_S",
    "JumpSignals",
    "check_signals",
    "check_timestamps",
    "fill_gaps",
    "ground_level",
    "kept_share",
    "nose_to_feet",
    "robust_noise",
    "runs",
    "savgol",
    "upright_size",
    "white_noise",
]

FloatArray = npt.NDArray[np.float64]

FOOT_POINTS = ("left_heel", "right_heel", "left_foot_index", "right_foot_index")
SOLE_POINTS = {"left": ("left_heel", "left_foot_index"), "right": ("right_heel", "right_foot_index")}
HIP_POINTS = ("left_hip", "right_hip")
KNEE_POINTS = {"left": ("left_hip", "left_knee", "left_ankle"), "right": ("right_hip", "right_knee", "right_ankle")}
WIDTH_PAIRS = (("left_hip", "right_hip"), ("left_shoulder", "right_shoulder"))
SHOULDER_POINTS = ("left_shoulder", "right_shoulder")
MIN_FPS = 20.0
HIP_SMOOTH_S = 1 / 6
"""The hips' shortest smoothing window (s): 5 samples at 30 fps, the window the hips' bracket's bounds, their
velocity's noise and every bar of the labelled dev set (all 30 fps) were measured with; as long at any higher
rate, to the nearest whole sample (one more if even: 0.16 s at 43 fps, 0.18 s at 40), and 5 samples below.
The floor was 5 samples under ``smooth_window_s`` (0.1 s): 0.1 s at 50 fps, where the same landmarks gave the
hips' smoothed velocity 1.5 times the noise they give at 30 fps (0.2 s at 25 fps), and the bracket missed feet
seen leaving 0.16 s early that it caught at 30 fps (``tests/jump/test_frame_rates.py``). More samples a
second must make the velocity less noisy over the same time, never more."""
FOOT_NOISE_S = 0.2
"""The feet's landmark noise is read about a Savitzky-Golay smoothing this long (rounded to an odd count of
samples, 5 at least): long enough to follow a foot's motion, short enough to leave its noise."""
NOISE_SHARE_30FPS = math.sqrt(2 / 3)
"""The share of the feet's per-sample noise that the spread about their smoothing read at 30 fps (7 samples,
whose smoothed value keeps a third of a sample's own noise). The noise factors of
:mod:`kinemotion.jump.events`, :mod:`~kinemotion.jump.dropjump` and :mod:`~kinemotion.jump.ballistic`
were set on that reading, at 30 fps, where every bar of the labelled dev set was measured: they are
multiplied by it, as they now apply to the noise itself."""
MIN_DURATION_S = 1.0
MIN_FRAMES = 60
"""A clip shorter than ``MIN_DURATION_S`` is still long enough with this many frames (slow motion)."""


def runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """``(start, stop)`` of each run of True in ``mask`` (stop exclusive)."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def savgol(y: FloatArray, window: int, polyorder: int = 2) -> FloatArray:
    """Savitzky–Golay smoothing (least-squares polynomial per window), NaN-aware by segment.

    Edges use the shortened window mirrored by ``np.pad(mode='reflect')``.
    """
    window = max(polyorder + 2 + (polyorder % 2 == 0), window | 1)
    half = window // 2
    x = np.arange(-half, half + 1, dtype=np.float64)
    coeffs = np.linalg.pinv(np.vander(x, polyorder + 1, increasing=True))[0]
    out = np.full_like(y, np.nan)
    finite = np.isfinite(y)
    for start, stop in runs(finite):
        seg = y[start:stop]
        if len(seg) <= half:
            out[start:stop] = seg
            continue
        padded = np.pad(seg, half, mode="reflect")
        out[start:stop] = np.convolve(padded, coeffs[::-1], mode="valid")
    return out


def fill_gaps(t: FloatArray, y: FloatArray, max_gap_s: float) -> tuple[FloatArray, int]:
    """Linearly interpolate NaN runs no longer than ``max_gap_s``; returns (filled, frames filled)."""
    out = y.copy()
    bad = ~np.isfinite(y)
    if bad.all() or not bad.any():
        return out, 0
    filled = 0
    for start, stop in runs(bad):
        if start == 0 or stop == len(y):
            continue
        if t[stop] - t[start - 1] <= max_gap_s + 1e-9:
            out[start:stop] = np.interp(t[start:stop], [t[start - 1], t[stop]], [y[start - 1], y[stop]])
            filled += stop - start
    return out, filled


def robust_noise(residual: FloatArray) -> float:
    """Robust standard deviation (1.4826 x median absolute deviation) of the finite samples."""
    r = residual[np.isfinite(residual)]
    return float(1.4826 * np.median(np.abs(r - np.median(r)))) if len(r) else 0.0


def kept_share(window: int) -> float:
    """The share of a sample's own value that its Savitzky-Golay smoothing over ``window`` samples keeps (the
    smoothing's central weight: 17/35 over 5 samples, 1/3 over 7, 0.09 over 25)."""
    window = max(5, window | 1)
    impulse = np.zeros(2 * window + 1)
    impulse[window] = 1.0
    return float(savgol(impulse, window)[window])


def white_noise(y: FloatArray, window: int) -> float:
    """Standard deviation of a series' sample-to-sample noise: the robust spread of what a Savitzky-Golay
    smoothing over ``window`` samples takes off it, divided by the share of each sample's own noise that
    spread holds.

    The smoothed value keeps a share ``k`` of its own sample's noise (:func:`kept_share`), so the residual of
    white noise of deviation ``sigma`` has deviation ``sigma * sqrt(1 - k)``: read without the division, the
    same landmark noise read 0.72 of itself at 25 fps, 0.82 at 30, 0.89 at 50 and 0.95 at 120 with a window
    fixed in seconds.
    """
    window = max(5, window | 1)
    return robust_noise(y - savgol(y, window)) / math.sqrt(1.0 - kept_share(window))


def ground_level(heights: FloatArray) -> float:
    """The lowest level a height signal keeps returning to: the median of its samples near its 10th percentile.

    The percentile alone sits below the true level by about 1.3 noise standard
    deviations; the median of the samples within ``THRESHOLD`` of it is unbiased.
    """
    low = float(np.nanpercentile(heights, 10.0))
    return float(np.median(heights[np.isfinite(heights) & (heights <= low + THRESHOLD)]))


def upright_size(nose_to_feet: FloatArray, knee_angle_deg: FloatArray | None) -> float:
    """The athlete's nose-to-feet distance while upright: its median over the frames whose knees are not bent.

    A frame is upright when the straighter knee is not bent below
    ``SQUAT_KNEE_DEG`` (the knee of a held squat). The median of every frame
    would be the size of whatever posture fills most of the clip: a clip that
    starts in the countermovement, or holds a squat for seconds before a squat
    jump, would measure the athlete a crouch tall, and every length in body
    heights (how far up is airborne, the contact level, the camera's shift,
    gravity in the athlete's scale) and every metric in metres would be off
    by that factor. Without the knees (no x coordinates), or with fewer than
    three upright frames, it is the median of every frame. NaN when no frame
    is tracked.
    """
    finite = np.isfinite(nose_to_feet)
    if not finite.any():
        return float("nan")
    if knee_angle_deg is not None:
        with np.errstate(invalid="ignore"):
            upright = finite & (knee_angle_deg >= SQUAT_KNEE_DEG)
        if upright.sum() >= 3:
            return float(np.median(nose_to_feet[upright]))
    return float(np.median(nose_to_feet[finite]))


NOSE_PER_SHOULDER = 1.137
"""Nose-to-feet over shoulders-to-feet, standing: 0.93 / 0.818 of the stature (anthropometric tables: the
acromion at 0.818 of the stature, the nose at 0.93). Used where no frame shows both."""


def nose_to_feet(
    lowest_y: FloatArray, nose_y: FloatArray, shoulder_y: FloatArray | None, knee_angle_deg: FloatArray | None = None
) -> FloatArray:
    """Per frame, the nose-to-feet distance (frame heights); where the nose is not seen, the shoulders stand in.

    The head leaves the top of a tightly framed picture in the air, or is never in it: there the
    shoulders-to-feet distance is scaled by the clip's own ratio of the two, over the upright frames (knees not
    bent below ``SQUAT_KNEE_DEG``) that show both; with fewer than three, by ``NOSE_PER_SHOULDER`` (a crouch
    leans the head forward and down, so its ratio is not the upright one). NaN where neither is seen.
    """
    size = lowest_y - nose_y
    if shoulder_y is None:
        return size
    below_shoulders = lowest_y - shoulder_y
    with np.errstate(invalid="ignore"):
        both = np.isfinite(size) & (size > 0) & np.isfinite(below_shoulders) & (below_shoulders > 0)
        both &= knee_angle_deg >= SQUAT_KNEE_DEG if knee_angle_deg is not None else True
    ratio = float(np.median(size[both] / below_shoulders[both])) if both.sum() >= 3 else NOSE_PER_SHOULDER
    return np.where(np.isfinite(size), size, below_shoulders * ratio)


def _resting_level(h: FloatArray, t: FloatArray) -> float:
    """Where one foot point rests: its median over the standing start, else its ground level overall.

    A point whose median over the start lies more than ``POSE_CONTACT_LEVEL`` (as high as a foot point rises
    before the foot leaves) above the lowest level it keeps returning to there (:func:`ground_level`: the
    median of its samples within ``THRESHOLD`` of their 10th percentile) was not at rest: a clip that starts
    in the push, the heel already rising. Its ground level over the whole clip stands for it then (where it
    stands after landing), as when the start is not seen. A point held up by less than about ``THRESHOLD``
    over most of the start is within that band, and still counts as at rest.
    """
    standing = h[(t <= t[0] + STANDING_S) & np.isfinite(h)]
    if len(standing) >= 3:
        median = float(np.median(standing))
        if median - ground_level(standing) <= POSE_CONTACT_LEVEL:
            return median
    return ground_level(h)


def _mean_of(series: dict[str, FloatArray], names: tuple[str, ...]) -> FloatArray:
    """Per sample, the mean of the named series that are finite there (NaN where none is)."""
    stack = np.stack([series[n] for n in names if n in series])
    with np.errstate(all="ignore"):
        counts = np.isfinite(stack).sum(axis=0)
        sums = np.nansum(stack, axis=0)
    return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


FRAME_STEP_MS = (0.1, 10_000.0)
"""The median time between frames, in ms, of any video (10,000 to 0.1 frames/s): outside it, the unit is wrong."""


def check_timestamps(times_ms: npt.ArrayLike) -> None:
    """Every timestamp a number, each later than the one before, and in milliseconds (the frames a plausible
    time apart).

    Raises:
        AnalysisError: naming the first frame that breaks the rule.
    """
    times = np.asarray(times_ms, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(times))
    if len(bad):
        raise AnalysisError(f"The timestamp of frame {bad[0]} is not a number ({times[bad[0]]}).")
    back = np.flatnonzero(np.diff(times) <= 0)
    if len(back):
        i = int(back[0]) + 1
        raise AnalysisError(
            f"Timestamps must increase from frame to frame: frame {i} is at {times[i]:g} ms, frame {i - 1} at "
            f"{times[i - 1]:g} ms."
        )
    if len(times) > 1:  # in milliseconds: seconds or microseconds give a frame rate no camera has
        step = float(np.median(np.diff(times)))
        unit = "seconds" if step < FRAME_STEP_MS[0] else "microseconds" if step > FRAME_STEP_MS[1] else None
        if unit is not None:
            raise AnalysisError(
                f"The timestamps are {step:.3g} ms apart ({1000 / step:.3g} frames/s): they look like {unit}, not "
                "milliseconds; give the times in milliseconds (timestamps_ms)."
            )


def _check_series(t: FloatArray, ys: dict[str, FloatArray], xs: dict[str, FloatArray] | None) -> None:
    """Times finite and increasing, one value per time in every series, no infinite coordinate (NaN: no pose).

    Raises:
        AnalysisError: naming the frame (and landmark) that breaks a rule.
    """
    check_timestamps(t * 1000)
    for axis, series in (("y", ys), ("x", xs or {})):
        for name, values in series.items():
            v = np.asarray(values, dtype=np.float64)
            if v.shape != t.shape:
                raise AnalysisError(
                    f"Landmark {name!r}: {v.shape[0] if v.ndim else 0} {axis} values for {len(t)} timestamps."
                )
            infinite = np.flatnonzero(np.isinf(v))
            if len(infinite):
                raise AnalysisError(
                    f"Frame {infinite[0]}, landmark {name!r}: {axis} is infinite (use NaN where there is no pose)."
                )


def _facing_width(xs: dict[str, FloatArray] | None, aspect: float | None) -> FloatArray | None:
    """The hips' plus the shoulders' horizontal width per sample (frame heights), NaN where a point is missing."""
    if xs is None or aspect is None or not aspect > 0:
        return None
    if not all(n in xs for pair in WIDTH_PAIRS for n in pair):
        return None
    return np.asarray(sum(np.abs(xs[a] - xs[b]) for a, b in WIDTH_PAIRS) * aspect, dtype=np.float64)


def _knee_angle(xs: dict[str, FloatArray] | None, ys: dict[str, FloatArray], aspect: float | None) -> FloatArray | None:
    """The straighter knee's hip-knee-ankle angle per sample (degrees), NaN where a point is missing."""
    if xs is None or aspect is None or not aspect > 0:
        return None
    if not all(n in xs and n in ys for side in KNEE_POINTS.values() for n in side):
        return None
    angles = []
    for hip, knee, ankle in KNEE_POINTS.values():
        thigh = np.stack([(xs[hip] - xs[knee]) * aspect, ys[hip] - ys[knee]])
        shank = np.stack([(xs[ankle] - xs[knee]) * aspect, ys[ankle] - ys[knee]])
        with np.errstate(invalid="ignore", divide="ignore"):
            cos = (thigh * shank).sum(axis=0) / (np.linalg.norm(thigh, axis=0) * np.linalg.norm(shank, axis=0))
        angles.append(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
    return np.asarray(np.fmax(angles[0], angles[1]), dtype=np.float64)


def _lowest_points(points: dict[str, FloatArray], fps: float) -> tuple[dict[str, FloatArray], FloatArray, FloatArray]:
    """Each foot's sole (the lower of its heel and toe), the feet's (the lower sole), and how far the feet's is
    expected to sit below the lowest point's true height (the low bias that taking the lowest of noisy points
    adds, per sample: :mod:`kinemotion.jump.lowest`).

    ``points``: the four foot points' heights, each measured from where it rests (body heights).
    """
    window = max(5, round(FOOT_NOISE_S * fps) | 1)
    means = {n: savgol(y, window) for n, y in points.items()}
    order = list(points)
    cov = noise_covariance([points[n] - means[n] for n in order], [white_noise(points[n], window) for n in order])

    def lowest(chosen: tuple[str, ...]) -> FloatArray:
        # np.fmin: the lower of two values, ignoring a NaN on one side
        return np.asarray(np.fmin.reduce(np.stack([points[n] for n in chosen]), axis=0), dtype=np.float64)

    shortfall = expected_shortfall([means[n] for n in order], cov, kept_share(window))
    return {side: lowest(names) for side, names in SOLE_POINTS.items()}, lowest(FOOT_POINTS), shortfall


@dataclass(frozen=True)
class JumpSignals:
    """Time (s), foot and hip height (body heights, up positive, image origin), and context."""

    t: FloatArray
    foot: FloatArray
    """The lower sole (see the module docstring): the feet leave the ground when this does."""
    foot_left: FloatArray
    foot_right: FloatArray
    hip: FloatArray
    hip_smooth: FloatArray
    fps: float
    body_height: float
    """Nose-to-feet distance in frame heights while upright (the unit of ``foot`` and ``hip``): see
    :func:`upright_size`."""
    tracked_fraction: float
    frames_filled: int
    near_edge_fraction: float
    noise: float = 0.0
    """Frame-to-frame jitter of ``foot`` (robust standard deviation of each sample's noise, body heights):
    :func:`white_noise` over ``FOOT_NOISE_S``."""
    contact_height: float = CONTACT_LEVEL
    """How far above its resting level a foot point is when the foot touches or leaves (body heights):
    ``CONTACT_LEVEL`` for markers on the shoe, ``POSE_CONTACT_LEVEL`` for a video pose model's points."""
    knee_angle_deg: FloatArray | None = None
    """The straighter knee's angle (hip-knee-ankle, degrees, 180 straight) seen in the picture; None when the
    x coordinates or the frame's shape are not known. From the side it is the real angle; from the front a bent
    knee looks straighter than it is."""
    timing_bias_s: tuple[float, float] = (0.0, 0.0)
    """(take-off, landing): how much later (s) the backend sees the feet leave and touch than RTMPose does,
    as its tracker declares (``foot_timing_bias_s``, plugin contract 1.3); taken off every flight's edges."""
    feet_x: FloatArray | None = None
    """Where the feet are across the picture (the mean x of the heels and toes, body heights from the left
    edge) per sample, NaN where none is seen: a jump lands where it left, a step does not. None when the x
    coordinates or the frame's shape are not known."""
    feet_apart: FloatArray | None = None
    """How far apart the two feet look across the picture (the distance between each foot's mean heel and toe
    x, body heights) per sample, NaN where a foot is missing: facing the camera even feet together are a
    foot's width apart (0.05-0.10 on the rope skipping); near 0, one foot is behind the other (seen from the
    side), and the hidden one's points are the model's guess. None when the x coordinates or the frame's
    shape are not known."""
    smooth_window: int = 5
    """Samples in the Savitzky–Golay window that smooths ``hip`` into ``hip_smooth``."""
    facing_width: FloatArray | None = None
    """How wide the hips and shoulders look in the picture (the two hips' horizontal distance plus the two
    shoulders', body heights; about 0.3 facing the camera, near 0 from the side) per sample, NaN where a point
    is missing: it changes when the body turns. None when the x coordinates, the shoulders or the frame's shape
    are not known."""
    foot_shortfall: FloatArray | None = None
    """Per sample, how far below the lowest foot point's true height ``foot`` is expected to sit (body heights,
    0 or negative): the lowest of several noisy points is biased low, by more where more points are level with
    each other (:mod:`kinemotion.jump.lowest`). The events are not moved by it; their uncertainty holds the
    shift it would make. None: not known (no such widening)."""
    foot_filled: npt.NDArray[np.bool_] | None = None
    """Per sample, True where ``foot`` was filled across a gap (no foot point seen on that frame) rather than
    measured: the feet's events are fitted to measured samples only. None: every finite sample measured."""
    joint_angles: JointAngles | None = None
    """The tracking's joint angles, frame by frame (:func:`kinemotion.kinematics.joint_angles`), for the knee and
    hip angles at each jump's events (:mod:`kinemotion.jump.posture`); None when the signals were not made from
    a tracking, or its landmarks lack a point the angles need."""

    @cached_property
    def hip_noise(self) -> float:
        """Standard deviation of each ``hip`` sample's landmark noise (body heights): :func:`white_noise` over
        ``smooth_window``. Read once per signals: every hip uncertainty of every jump and the hips' bracket of
        the feet's events use it (:mod:`kinemotion.jump.hip_spread`)."""
        return white_noise(self.hip, self.smooth_window)

    @classmethod
    def from_series(
        cls,
        timestamps_ms: FloatArray,
        y_series: dict[str, FloatArray],
        x_series: dict[str, FloatArray] | None = None,
        *,
        max_gap_s: float = 0.1,
        smooth_window_s: float = 0.1,
        contact_height: float = CONTACT_LEVEL,
        timing_bias_s: tuple[float, float] = (0.0, 0.0),
        aspect: float | None = None,
    ) -> JumpSignals:
        """Build the signals from per-landmark y (and x) arrays, NaN where no pose.

        ``timing_bias_s``: the backend's declared foot timing bias (see the attribute). ``aspect``: the
        frame's width over its height (x and y are fractions of each), for the knees' angles and the hips'
        and shoulders' width; without it (or without x) ``knee_angle_deg``, ``facing_width``, ``feet_x`` and
        ``feet_apart`` are None. ``smooth_window_s``: the hips' smoothing window; the longer of it and
        ``HIP_SMOOTH_S`` (1/6 s) is used, rounded to a whole number of samples (one more if even, 5 at least).

        Raises:
            AnalysisError: too short, frame rate too low, or no person found.
        """
        t = np.asarray(timestamps_ms, dtype=np.float64) / 1000.0
        if len(t) < 2:
            frames = "1 frame" if len(t) == 1 else "no frame"
            raise AnalysisError(
                f"The video is too short ({frames}): record at least {MIN_DURATION_S:.0f} s, starting with the "
                "athlete standing still."
            )
        _check_series(t, y_series, x_series)
        fps = float((len(t) - 1) / (t[-1] - t[0])) if t[-1] > t[0] else 0.0
        duration = len(t) / fps if fps > 0 else 0.0  # n frames last n frame intervals (30 at 30 fps: 1 s)
        if duration < MIN_DURATION_S - 1e-6 and len(t) < MIN_FRAMES:  # high-speed clips: short, many frames
            raise AnalysisError(
                f"The video is too short ({duration:.2f} s, {len(t)} frames): record at least "
                f"{MIN_DURATION_S:.0f} s, starting with the athlete standing still."
            )
        if fps < MIN_FPS:
            raise AnalysisError(
                f"The frame rate is too low ({fps:.1f} frames/s) for a meaningful flight time: at "
                f"{fps:.2g} fps a 0.4 s flight spans only {0.4 * fps:.2g} frames. Record at {MIN_FPS:.0f} fps "
                "or more (60 or more is better)."
            )
        if not any(np.isfinite(y).any() for y in y_series.values()):
            raise AnalysisError(
                f"No person found in any of the {len(t)} frames: check that the athlete is in view (the whole "
                "body, filmed from the side), or try another backend (`kinemotion backends`)."
            )
        missing = [n for n in (*FOOT_POINTS, *HIP_POINTS, "nose") if n not in y_series]
        if missing:
            raise AnalysisError(
                f"The landmark series lack {missing}: the backend returned none of them on any frame. Jump "
                "analysis needs kinemotion.landmarks.REQUIRED_LANDMARKS; if the backend is a plugin, check the "
                "landmark names it returns (`kinemotion track` warns about names outside the vocabulary)."
            )
        hip_y = _mean_of(y_series, HIP_POINTS)
        nose_y = y_series["nose"]
        lowest_y = np.fmax.reduce(np.stack([y_series[n] for n in FOOT_POINTS]), axis=0)
        tracked = np.isfinite(lowest_y) & np.isfinite(hip_y)
        tracked_fraction = float(tracked.mean())
        if tracked.sum() < max(5, 0.1 * len(t)):
            raise AnalysisError(
                f"No person found on enough frames ({int(tracked.sum())} of {len(t)}): check that the "
                "athlete is in view, or try another backend (`kinemotion backends`)."
            )
        knee_angle = _knee_angle(x_series, y_series, aspect)
        shoulder_y = _mean_of(y_series, SHOULDER_POINTS) if any(n in y_series for n in SHOULDER_POINTS) else None
        size = nose_to_feet(lowest_y, nose_y, shoulder_y, knee_angle)
        body = upright_size(size, knee_angle)
        if not body > 0:
            raise AnalysisError(
                "Could not measure the athlete's size (the nose-to-feet distance, or the shoulders' where the head "
                "is not seen): "
                + (
                    "the feet are not below the head and shoulders on the frames that show them"
                    if np.isfinite(size).any()
                    else "the head and the shoulders are never seen with the feet"
                )
                + ". Film the whole athlete, head to feet, upright (not upside down)."
            )
        facing = _facing_width(x_series, aspect)
        feet_x = feet_apart = None
        if x_series and aspect is not None and aspect > 0 and all(n in x_series for n in FOOT_POINTS):
            feet_x = _mean_of(x_series, FOOT_POINTS) * aspect / body
            apart = _mean_of(x_series, SOLE_POINTS["left"]) - _mean_of(x_series, SOLE_POINTS["right"])
            feet_apart = np.abs(apart) * aspect / body
        heights = {n: -fill_gaps(t, y_series[n], max_gap_s)[0] / body for n in FOOT_POINTS}
        rest = {n: _resting_level(h, t) for n, h in heights.items()}
        floor = min(rest.values())
        soles, foot, shortfall = _lowest_points({n: h - (rest[n] - floor) for n, h in heights.items()}, fps)
        filled = np.isfinite(foot) & ~np.isfinite(lowest_y)
        n1 = int(filled.sum())
        hip_filled, _ = fill_gaps(t, hip_y, max_gap_s)
        hip = -hip_filled / body
        # rounded to a whole number of samples, one more if even: no edge at a common frame rate (6k + 3 fps)
        window = max(5, round(max(smooth_window_s, HIP_SMOOTH_S) * fps) | 1)
        near_edge = 0.0
        if x_series:
            xs = np.stack([x_series[n] for n in (*FOOT_POINTS, *HIP_POINTS) if n in x_series])
            ys = np.stack([y_series[n] for n in (*FOOT_POINTS, *HIP_POINTS, "nose")])
            with np.errstate(invalid="ignore"):
                edge = np.asarray(((xs < 0.01) | (xs > 0.99)).any(axis=0) | ((ys < 0.0) | (ys > 1.0)).any(axis=0))
            near_edge = float(edge[tracked].mean())
        noise = white_noise(foot, round(FOOT_NOISE_S * fps))
        return cls(
            t=t,
            foot=foot,
            foot_left=soles["left"],
            foot_right=soles["right"],
            hip=hip,
            hip_smooth=savgol(hip, window),
            smooth_window=window,
            fps=fps,
            body_height=body,
            tracked_fraction=tracked_fraction,
            frames_filled=n1,
            near_edge_fraction=near_edge,
            noise=noise,
            contact_height=contact_height,
            timing_bias_s=(float(timing_bias_s[0]), float(timing_bias_s[1])),
            knee_angle_deg=knee_angle,
            facing_width=None if facing is None else facing / body,
            feet_x=feet_x,
            feet_apart=feet_apart,
            foot_filled=filled,
            foot_shortfall=shortfall,
        )

    @classmethod
    def from_tracking(cls, result: TrackingResult, capture_fps: float | None = None) -> JumpSignals:
        """Signals from a :func:`~kinemotion.tracking.track_video` result (a pose model's foot points).

        The backend's declared foot timing bias (``result.backend.foot_timing_bias_s``) is
        carried over: the flights' edges are corrected by it.

        ``capture_fps``: the rate the clip was filmed at when it differs from the file's (slow
        motion saved at a lower rate): time runs
        ``capture_fps / file fps`` times faster than the file's timestamps say.

        Raises:
            TypeError: ``result`` is not a :class:`~kinemotion.tracking.TrackingResult`.
        """
        from kinemotion.tracking.result import TrackingResult  # imported here: importing the signals stays light

        if not isinstance(result, TrackingResult):
            fix = "read_json(path) reads a landmark JSON, track_video(path) tracks a video"
            _wrong_argument("JumpSignals.from_tracking", "result", "a kinemotion.tracking.TrackingResult", result, fix)
        ys = {n: result.series(n)[:, 1].astype(np.float64) for n in result.landmark_names}
        xs = {n: result.series(n)[:, 0].astype(np.float64) for n in result.landmark_names}
        timestamps = np.asarray(result.timestamps_ms, dtype=np.float64)
        if capture_fps is not None:
            if not capture_fps > 0:
                raise AnalysisError(f"--capture-fps must be a positive frame rate, not {capture_fps}.")
            timestamps = timestamps * (result.video.fps / capture_fps)
        bias = result.backend.foot_timing_bias_s or (0.0, 0.0)
        aspect = result.video.width / result.video.height if result.video.height > 0 else None
        signals = cls.from_series(
            timestamps, ys, xs, contact_height=POSE_CONTACT_LEVEL, timing_bias_s=bias, aspect=aspect
        )
        from kinemotion.kinematics.angles import joint_angles, missing_points  # numpy alone: light, but only here

        if aspect is None or missing_points(result.landmark_names):
            return signals
        return replace(signals, joint_angles=joint_angles(result))

    def frame_at(self, time_s: float) -> float:
        """The (fractional) frame index at ``time_s``."""
        return float(np.interp(time_s, self.t, np.arange(len(self.t))))

    def velocity(self, y: FloatArray) -> FloatArray:
        """d/dt of a signal (body heights per second), NaN-aware central differences."""
        return np.gradient(y, self.t)


def check_signals(s: object, function: str, kind: str) -> JumpSignals:
    """``s`` when it is a :class:`JumpSignals`, else a TypeError naming ``function``'s argument, what it got and
    what to give (Python's "'JumpReport' object has no attribute 'foot'" said none of it).

    ``kind``: the analysis ``function`` belongs to (``"cmj"`` or ``"dropjump"``), for the call that analyses what
    was given instead.

    Raises:
        TypeError: ``s`` is not a :class:`JumpSignals`.
    """
    if isinstance(s, JumpSignals):
        return s
    from kinemotion.tracking.result import TrackingResult  # imported here: importing the signals stays light

    fix = "JumpSignals.from_tracking(tracking) makes them from a tracking"
    name = type(s).__name__
    if name == "JumpReport":  # not imported: the report module imports the analyses that call this
        fix = "a JumpReport is analysed already: its jumps are report.jumps, the best report.result"
    elif isinstance(s, (JumpResult, JumpSet)):
        fix = f"a {name} is a result already, not something to analyse"
    elif isinstance(s, TrackingResult):
        fix = f"analyze_tracking(tracking, {kind!r}) analyses a tracking ({fix})"
    elif isinstance(s, (str, os.PathLike)):
        fix = (
            f"analyze_video(path, {kind!r}) tracks and analyses a video; a landmark JSON is "
            f"analyze_tracking(read_json(path), {kind!r})"
        )
    return _wrong_argument(function, "s", "the signals of a tracked clip (kinemotion.jump.JumpSignals)", s, fix)


def _wrong_argument(function: str, argument: str, expected: str, given: object, fix: str) -> NoReturn:
    """Raise the TypeError for ``function``'s ``argument``: what it takes, what it got, what to do."""
    raise TypeError(f"{function}({argument}) takes {expected}, got {type(given).__name__}: {given!r:.80}; {fix}")
