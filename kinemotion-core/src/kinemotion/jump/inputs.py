"""What a jump analysis is given, checked before any work: the kind, the athlete's height, the capture rate
and the tracking itself (a :class:`~kinemotion.tracking.TrackingResult` built by hand, or read from another
tool, may hold what no video gives).

Each check names the value, the frame or the landmark, and what is expected,
instead of an answer silently changed by an infinite coordinate or a time
that runs backwards, or a traceback from numpy.
"""

from __future__ import annotations

import decimal
import math
import numbers
import os
from collections.abc import Callable
from typing import TypeGuard

import numpy as np

from kinemotion.errors import AnalysisError
from kinemotion.jump.analyses import ANALYSES, JumpKind
from kinemotion.jump.constants import ATHLETE_HEIGHT_RANGE_M, CAPTURE_FPS_RANGE
from kinemotion.jump.signals import FRAME_STEP_MS, check_timestamps
from kinemotion.tracking.result import TrackingResult

__all__ = [
    "CaptureScalingError",
    "capture_rate_problem",
    "capture_scaling_note",
    "check_athlete_height",
    "check_capture_fps",
    "check_capture_scaling",
    "check_kind",
    "check_tracking",
]


def _real(value: object) -> TypeGuard[numbers.Real]:
    """A real number, numpy's included (a height read from a numpy or pandas column is a np.float32), not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _in_range(value: object, bounds: tuple[float, float], unit: str, example: str) -> float:
    """``value`` as a float when it is a finite number within ``bounds``.

    Raises:
        ValueError: ``{unit}, between LOW and HIGH ({example}), got VALUE``.
    """
    low, high = bounds
    if not _real(value) and isinstance(value, str | decimal.Decimal) and _reads_as_number(value):
        raise ValueError(  # from a text field or a spreadsheet: said, not "1.8 is out of range"
            f"{unit}, between {low:g} and {high:g} ({example}), got {value!r} (a {type(value).__name__}: give it as "
            f"a number, float({value!r}))"
        )
    if not _real(value) or not low <= float(value) <= high:
        raise ValueError(f"{unit}, between {low:g} and {high:g} ({example}), got {value!r}")
    return float(value)


def _reads_as_number(value: str | decimal.Decimal) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def check_athlete_height(athlete_height_m: float | None) -> float | None:
    """``athlete_height_m`` when it is a plausible height in metres (or None: not given).

    Raises:
        ValueError: not a finite number within :data:`~kinemotion.jump.constants.ATHLETE_HEIGHT_RANGE_M`.
    """
    if athlete_height_m is None:
        return None
    try:
        return _in_range(athlete_height_m, ATHLETE_HEIGHT_RANGE_M, "the athlete's height is in metres", "e.g. 1.80")
    except ValueError as exc:
        raise ValueError(f"{exc}{_other_unit(athlete_height_m)}") from None


def _other_unit(height: object) -> str:
    """What a height out of range in metres would be in the unit it was likely given in (`` (centimetres? 175
    cm is 1.75 m)``), or nothing."""
    if not _real(height) or not math.isfinite(height):
        return ""
    value = float(height)
    if 100 <= value <= 250:
        return f" (centimetres? {value:g} cm is {value / 100:.2f} m)"
    if 48 <= value < 100:
        return f" (inches? {value:g} in is {value * 0.0254:.2f} m)"
    if 4 <= value <= 8:
        feet, inches = str(value).split(".") if "." in str(value) else (str(value), "0")
        as_written = (
            f"{feet} ft {int(inches)} in is {(int(feet) * 12 + int(inches)) * 0.0254:.2f} m; "
            if int(inches) <= 11 and inches != "0"
            else ""
        )
        return f" (feet? {as_written}{value:g} ft is {value * 0.3048:.2f} m)"
    return ""


def check_capture_fps(capture_fps: float | None) -> float | None:
    """``capture_fps`` when it is a plausible capture rate in frames per second (or None: not given).

    Raises:
        ValueError: not a finite number within :data:`~kinemotion.jump.constants.CAPTURE_FPS_RANGE`.
    """
    if capture_fps is None:
        return None
    return _in_range(
        capture_fps,
        CAPTURE_FPS_RANGE,
        "the capture rate is in frames per second",
        "e.g. 240 for slow motion saved at 30 fps",
    )


_KIND_BY_OTHER_NAME = {
    **dict.fromkeys(
        ("sj", "squat", "squatjump", "squat-jump", "squat_jump"),
        'a squat jump is analysed as "cmj" (its jump_kind says "squat_jump" when there is no countermovement)',
    ),
    **dict.fromkeys(("dj", "drop", "drop-jump", "drop_jump", "rsi"), 'a drop jump is analysed as "dropjump"'),
    **dict.fromkeys(("countermovement", "counter-movement", "cmj-jump", "vertical", "jump"), 'use "cmj"'),
}
"""Kinds a user may name another way (a squat jump by its short name), and the analysis that measures them."""


def check_kind(kind: object) -> JumpKind:
    """``kind`` when it names an analysis.

    Raises:
        ValueError: naming the kinds there are (and the one to use for a squat jump, ``"sj"``).
    """
    if not isinstance(kind, str) or kind not in ANALYSES:
        other = _KIND_BY_OTHER_NAME.get(kind.strip().lower()) if isinstance(kind, str) else None
        if isinstance(kind, str) and kind.strip().lower() in ANALYSES:  # 'CMJ', 'DropJump'
            other = f"write it in lower case, {kind.strip().lower()!r}"
        raise ValueError(
            f"unknown jump kind {kind!r}: one of {', '.join(sorted(ANALYSES))}" + (f"; {other}" if other else "")
        )
    return kind  # type: ignore[return-value]


def check_capture_scaling(tracking: TrackingResult, capture_fps: float | None) -> None:
    """A capture rate scales the file's times by ``file fps / capture_fps``: the file must give its rate.

    Raises:
        AnalysisError: ``capture_fps`` is given and the video records no frame rate.
    """
    fps = tracking.video.fps
    if capture_fps is not None and not (_real(fps) and math.isfinite(fps) and float(fps) > 0):
        raise AnalysisError(
            f"--capture-fps {capture_fps:g} scales the file's times by its own frame rate, which {tracking.video.path} "
            f"does not give ({fps!r} frames/s); re-encode it with its rate (ffmpeg -r 30 -i INPUT out.mp4)."
        )
    problem = capture_rate_problem(float(fps), capture_fps)
    if problem is not None:
        raise AnalysisError(problem)


def capture_rate_problem(file_fps: float | None, capture_fps: float | None) -> str | None:
    """Why ``capture_fps`` cannot be the rate of a file that plays at ``file_fps`` (slower than it plays), or
    None; known from the file's header, before any tracking (None when either rate is not known)."""
    if capture_fps is None or file_fps is None or not (math.isfinite(file_fps) and file_fps > 0):
        return None
    if capture_fps >= SLOWER_THAN_PLAYED * file_fps:
        return None
    return (
        f"--capture-fps {capture_fps:g} is slower than the {file_fps:.3g} frames/s the file plays at: "
        "slow motion is filmed faster than it plays (e.g. --capture-fps 240 for a file at 30 frames/s), and "
        "a clip that plays at the speed it was filmed needs no --capture-fps; leave it out."
    )


SLOWER_THAN_PLAYED = 0.98
"""A capture rate below this fraction of the file's own is refused: it would make every time longer (29.97 for
a file at 30 is the same rate, written two ways)."""


def capture_scaling_note(
    tracking: TrackingResult,
    capture_fps: float,
    suggested_fps: float | None = None,
    *,
    leave_out: str = "leave --capture-fps out",
    try_rate: Callable[[float], str] | None = None,
) -> str:
    """What to say after an analysis that found no jump in times scaled by ``capture_fps``: it may be why (a
    sentence, with a leading space). ``suggested_fps``: the rate at which the file's flights fall at g, when
    known (judged on the file's own clock): offered instead of leaving the option out. ``leave_out`` and
    ``try_rate`` say those two in the form the rate was given in (``--capture-fps CLIP=FPS`` in a batch)."""
    return _scaling_note(float(tracking.video.fps), capture_fps, suggested_fps, leave_out, try_rate)


def _scaling_note(
    fps: float,
    capture_fps: float,
    suggested_fps: float | None,
    leave_out: str = "leave --capture-fps out",
    try_rate: Callable[[float], str] | None = None,
) -> str:
    scaled = f" With --capture-fps {capture_fps:g}, each second of the file (played at {fps:.3g} frames/s) counted as "
    scaled += f"{fps / capture_fps:.3g} s"
    if suggested_fps is not None and abs(suggested_fps - capture_fps) > 0.1 * capture_fps:
        offer = f"try --capture-fps {suggested_fps:g}" if try_rate is None else try_rate(suggested_fps)
        return f"{scaled}; its flights fall at g at about {suggested_fps:g} frames/s: {offer}."
    return f"{scaled}: if the clip is not slow motion, {leave_out}."


class CaptureScalingError(AnalysisError):
    """No jump found in times scaled by a capture rate given, said with :func:`capture_scaling_note`; what to do
    can be said again in the form the rate was given in (:meth:`reworded`)."""

    def __init__(
        self,
        said: str,
        file_fps: float,
        capture_fps: float,
        suggested_fps: float | None = None,
        phases_s: dict[str, float] | None = None,
    ) -> None:
        super().__init__(said + _scaling_note(file_fps, capture_fps, suggested_fps), phases_s)
        self.said, self.file_fps, self.capture_fps, self.suggested_fps = said, file_fps, capture_fps, suggested_fps

    def __reduce__(self) -> tuple[type[AnalysisError], tuple[str, dict[str, float]]]:
        """Pickled (sent from a worker process) as the :class:`AnalysisError` it is, its message whole."""
        return AnalysisError, (str(self), self.phases_s)

    def reworded(self, leave_out: str, try_rate: Callable[[float], str]) -> str:
        """The message, what to do said with ``leave_out`` and ``try_rate`` (see :func:`capture_scaling_note`)."""
        return self.said + _scaling_note(self.file_fps, self.capture_fps, self.suggested_fps, leave_out, try_rate)


def _check_video_timing(tracking: TrackingResult, times: np.ndarray) -> None:
    """A video whose container times its frames, and gives its rate, as no camera films (a broken time base, a
    time-lapse played back slower than one frame in 10 s) is named as such, with the fix: the rule on the times
    alone said "they look like microseconds; give the times in milliseconds (timestamps_ms)", an argument a video
    has not.

    Raises:
        AnalysisError: naming the video, its frames' spacing and the rate its container gives.
    """
    if len(times) < 2 or not (tracking.video.path and _real(tracking.video.fps) and float(tracking.video.fps) > 0):
        return  # a series built by hand: the rule on the times says it
    if FRAME_STEP_MS[0] <= 1000 / float(tracking.video.fps) <= FRAME_STEP_MS[1]:
        return  # the container gives a camera's rate: times in another unit (built by hand) are said by that rule
    diffs = np.diff(times)
    step = float(np.median(diffs)) if np.isfinite(diffs).all() and (diffs > 0).all() else None
    if step is not None and not FRAME_STEP_MS[0] <= step <= FRAME_STEP_MS[1]:
        raise AnalysisError(
            f"{tracking.video.path}: its container times its frames {step:.3g} ms apart ({1000 / step:.3g} "
            "frames/s), a rate no camera films at: its time base is broken. Re-encode it at the rate it was "
            "filmed (ffmpeg -r 30 -i INPUT -c:v libx264 out.mp4, with its own rate for 30) and analyse that."
        )


def check_tracking(tracking: TrackingResult) -> None:
    """The landmark series can be analysed: one row of landmarks per timestamp, times that are finite and
    increase, coordinates that are numbers near the frame (NaN where no pose), visibilities in [0, 1].

    The same rules the pipeline holds a backend to (see :mod:`kinemotion.tracking.names_check`), for a
    result that did not come from it.

    Raises:
        AnalysisError: naming the frame (and landmark) that breaks a rule.
        TypeError: ``tracking`` is not a tracking result.
    """
    if not isinstance(tracking, TrackingResult):
        fix = ""
        if isinstance(tracking, (str, os.PathLike)):
            fix = "; analyze_video(path, kind) tracks and analyses a video, read_json(path) reads a landmark JSON"
        elif type(tracking).__name__ == "JumpReport":  # not imported: the report module imports this one
            fix = "; a JumpReport is analysed already (its landmarks are report.tracking)"
        raise TypeError(
            "analyze_tracking(tracking) takes a kinemotion.tracking.TrackingResult (what track_video or read_json of a "
            "landmark JSON returns, or one built from your own landmarks), got "
            f"{type(tracking).__name__}: {tracking!r:.80}{fix}"
        )
    times = np.asarray(tracking.timestamps_ms, dtype=np.float64)
    points = np.asarray(tracking.landmarks)
    names = tracking.landmark_names
    if times.ndim != 1:  # "54 timestamps, landmarks of shape (54, 26, 3) (expected (54, 26, 3))" said nothing
        raise AnalysisError(
            f"The tracking's timestamps_ms are of shape {times.shape}: give one time per frame, a flat series "
            f"(e.g. numpy's .ravel()) of {len(points) if points.ndim else 'as many as the landmarks'} times in ms."
        )
    if points.ndim != 3 or points.shape[1:] != (len(names), 3) or len(points) != len(times):
        raise AnalysisError(
            f"The tracking does not hold one row of landmarks per timestamp: {len(times)} timestamps, landmarks "
            f"of shape {points.shape} for {len(names)} landmark names (expected ({len(times)}, {len(names)}, 3))."
        )
    _check_video_timing(tracking, times)
    check_timestamps(times)
    width, height = tracking.video.width, tracking.video.height
    if not (_real(width) and _real(height) and float(width) > 0 and float(height) > 0):
        raise AnalysisError(
            f"The tracking's video is {width!r} x {height!r} pixels: x and y are fractions of the frame's width and "
            "height, so the analysis needs its size (the knees' angles, the feet's distance across the picture); "
            "give the video's width and height in pixels."
        )
    with np.errstate(invalid="ignore"):
        xy = points[:, :, :2]
        wrong = ~np.isnan(xy) & ~((xy >= -1.0) & (xy <= 2.0))  # NaN: no pose; anything else near the frame
        vis = points[:, :, 2]
        wrong_vis = ~np.isnan(vis) & ~((vis >= 0.0) & (vis <= 1.0))
    for mask, what in ((wrong.any(axis=2), "x, y are not normalised to the frame"), (wrong_vis, "visibility")):
        hits = np.argwhere(mask)
        if len(hits):
            frame, j = (int(v) for v in hits[0])
            value = points[frame, j].tolist()
            detail = what if what != "visibility" else "visibility is outside [0, 1]"
            raise AnalysisError(f"Frame {frame}, landmark {names[j]!r}: {detail} (x, y, visibility = {value}).")
