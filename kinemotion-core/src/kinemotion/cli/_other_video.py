"""A report about to be replaced by another video's of the same file name (Monday's and Tuesday's ``ana.mp4``).

Videos of one name write outputs of one name in an output folder, so the
second day's run into the folder replaces the first day's report of another
recording without a word. :func:`replaced_video_warning` says so before the
work, naming the earlier report's video and how to keep both.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kinemotion.terminal import printable_name
from kinemotion.tracking.text_files import TooLargeError, read_text

__all__ = ["replaced_video_warning"]

_READ_AT_MOST = 50 * 2**20
"""An earlier report larger than this is not read (it is no report of ours)."""


def _recorded_video(report: Path) -> str | None:
    """The video path the report at ``report`` recorded (as it was given then), or None when there is no
    readable report of ours there."""
    try:
        data = json.loads(read_text(report, _READ_AT_MOST)) if report.is_file() else None
    except (OSError, UnicodeDecodeError, TooLargeError, ValueError, RecursionError):  # '[[[[...': nested too deep
        return None
    video = data.get("video") if isinstance(data, dict) else None
    path = video.get("path") if isinstance(video, dict) else None
    return path if isinstance(path, str) and path else None


def replaced_video_warning(report: Path, video: Path, what: str = "report", verb: str = "analyse") -> str | None:
    """The warning for ``video`` whose run replaces ``report`` (its ``what``: a jump report, or ``track``'s
    landmarks, which ``verb`` makes), when that file records another video that is still there (the path it
    recorded names a file here that is not ``video``); None otherwise: no such file, one of this very video
    (re-recorded at its path, done again), or one whose video is no longer where it recorded it (moved: nothing
    tells it is another)."""
    recorded = _recorded_video(report)
    if recorded is None:
        return None
    earlier = Path(os.path.expanduser(recorded))
    try:
        if not earlier.is_file() or earlier.samefile(video):
            return None
    except OSError:
        return None
    folder = video.resolve().parent.name
    elsewhere = f"-o {printable_name(str(report.parent / folder))}" if folder else "-o with a folder of its own"
    return (
        f"Warning: {printable_name(str(report))} is the {what} of another video, {printable_name(recorded)}, "
        f"which {printable_name(str(video))}'s {what} replaces (videos of one file name write outputs of "
        f"one name into a folder); to keep both, {verb} {printable_name(str(video))} into another folder "
        f"({elsewhere})."
    )
