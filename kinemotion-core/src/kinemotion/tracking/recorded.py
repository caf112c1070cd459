"""What an output records of the video it was made from, checked against that video when it is at hand.

A landmark JSON (and a jump report) records the video's size and content
digest, and what the container said of it: its frame size, rotation, frame
rate, frame count and presented duration. A file edited by hand or by another
program can keep the digest (it is copied, not recomputed) and change the
rest: a frame rate halved, or the frames' times stretched, changes every
duration measured from it (a flight time, so a jump height). When the very
file the output records (same size and digest) is at hand, what it says now
must agree with the record: :func:`recorded_video_problem`. What no video can
vouch for (a landmark moved, a report's numbers edited while every recorded
field is kept) is not caught here: see the docs on reusing outputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

__all__ = ["recorded_video_problem"]

_FPS_TOLERANCE = 0.01
"""Relative difference in frame rate taken as the same (another OpenCV may round a rational rate otherwise)."""
_FRAME_COUNT_TOLERANCE = 2
"""Frames by which two reads of one container's count may differ (the decoder's own rule, see ``stopped_short``)."""
_PAST_END = 1.05
"""How far past the video's end (a fraction of its duration, plus 3 frames) recorded frame times may run."""


def _seconds(ms: float) -> str:
    """``ms`` in seconds for a message: ``2.67 s``, and a time edited to 1e300 ms as ``1e+297 s``, not 300
    digits."""
    return f"{ms / 1000:.2f} s" if abs(ms) < 1e12 else f"{ms / 1000:.3g} s"


def _differs(name: str, recorded: object, now: object, frame_ms: float) -> bool:
    if isinstance(recorded, bool) or not isinstance(recorded, int | float):
        return recorded is not None and recorded != now
    if not isinstance(now, int | float):
        return True
    if name == "fps":
        return abs(recorded - now) > _FPS_TOLERANCE * max(abs(now), 1e-9)
    if name == "frame_count":
        return abs(recorded - now) > _FRAME_COUNT_TOLERANCE
    if name == "presented_duration_ms":
        return abs(recorded - now) > max(frame_ms, 1.0)
    return recorded != now


def recorded_video_problem(recorded: Mapping[str, object], video: Path, last_ms: float | None = None) -> str | None:
    """How an output's record of its video (its ``video`` object) disagrees with ``video``, the very file it
    records (the caller has checked its size and digest); None when they agree, or the video cannot be opened
    now (nothing can be compared).

    Args:
        recorded: the output's ``video`` object.
        video: the file.
        last_ms: the time of the output's last frame (a landmark JSON's), which must not run past the video's end.
    """
    from kinemotion.errors import VideoReadError
    from kinemotion.tracking.decode import VideoReader

    try:
        with VideoReader(video) as reader:
            info = reader.info
    except VideoReadError:
        return None
    frame_ms = 1000.0 / info.fps if info.fps > 0 else 0.0
    for name in ("width", "height", "rotation", "fps", "frame_count", "presented_duration_ms"):
        value, now = recorded.get(name), getattr(info, name)
        if name in recorded and now is not None and _differs(name, value, now, frame_ms):
            return f"it records video.{name} {value!r:.30}, but {video}, the very file it records, says {now:g}"
    end_ms = max(info.frame_count * frame_ms, info.presented_duration_ms or 0.0)  # 0: a stream stating no length
    if last_ms is not None and frame_ms > 0 and end_ms > 0 and last_ms > end_ms * _PAST_END + 3 * frame_ms:
        return (
            f"its frames run to {_seconds(last_ms)}, past the end of {video}, the very file it records "
            f"({_seconds(end_ms)}): their times were changed"
        )
    return None
