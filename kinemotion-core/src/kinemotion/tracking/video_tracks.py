"""A file with several video tracks: kinemotion reads the first, as OpenCV does, and says so once per file.

A phone's or an editor's export may hold a second picture (another camera
angle, a proxy, a picture-in-picture source). OpenCV decodes the first video
track and says nothing of the others, so an athlete filmed on the second would
be looked for on the first without a word. The tracks are counted from the
container's header (MP4/MOV: :mod:`kinemotion.tracking.container`,
Matroska/WebM: :mod:`kinemotion.tracking.matroska`): nothing is decoded.
"""

from __future__ import annotations

import logging
import shlex
import threading
from pathlib import Path

from kinemotion.tracking.container import video_track_count as mp4_video_tracks
from kinemotion.tracking.matroska import video_track_count as matroska_video_tracks

__all__ = ["say_first_track_read", "video_track_count"]

logger = logging.getLogger(__name__)

_said: set[str] = set()
_lock = threading.Lock()


def video_track_count(path: str | Path) -> int | None:
    """How many video tracks ``path`` holds, from its container's header; None for a container not read here
    (AVI, MPEG-TS, ...) or a header that cannot be read."""
    count = mp4_video_tracks(path)
    return count if count is not None else matroska_video_tracks(path)


def say_first_track_read(path: Path, shown: str, size: tuple[int, int]) -> None:
    """Warn (once per file in this process: a video is opened again for its overlay and stills) when ``path``
    holds several video tracks: which is read (the first, ``size`` wide and high) and how to read another."""
    count = video_track_count(path)
    if count is None or count < 2:
        return
    key = str(path.resolve())
    with _lock:
        if key in _said:
            return
        _said.add(key)
    copy = path.with_name(f"{path.stem}.track2{path.suffix}")
    logger.warning(
        "%s holds %d video tracks: kinemotion reads the first (%dx%d) and ignores the others. To analyse another, "
        "copy it into a file of its own first, e.g. the second: ffmpeg -i %s -map 0:v:1 -c copy %s",
        shown,
        count,
        *size,
        shlex.quote(str(path)),
        shlex.quote(str(copy)),
    )
