"""Which file an output came from, or was written with: its size and a digest of its content.

An output records the video it was made from (``video.size_bytes``,
``video.fingerprint``) and the files written with it (``outputs``: an
overlay, a plot). A re-run, or the session report looking for a video's
frames, compares them with the file under that name now: another recording
saved under the same name, or a plot left by another run, is told apart.
"""

from __future__ import annotations

import os
from pathlib import Path

from kinemotion.tracking.decode import video_fingerprint

__all__ = ["file_record", "same_file"]


def file_record(path: str | os.PathLike[str]) -> dict[str, object]:
    """What an output records of a file: its size and content digest (see :func:`same_file`).

    Raises:
        OSError: the file cannot be read.
    """
    return {"size_bytes": os.stat(path).st_size, "fingerprint": video_fingerprint(path)}


def same_file(recorded: object, path: str | os.PathLike[str]) -> bool:
    """Whether ``recorded`` (a :func:`file_record`, or an output's ``video`` object) describes the file at
    ``path`` as it is now: the same size and content digest. False when it records neither (an output
    written before they were recorded) or the file cannot be read."""
    if not isinstance(recorded, dict):
        return False
    size, fingerprint = recorded.get("size_bytes"), recorded.get("fingerprint")
    if not isinstance(size, int) or not isinstance(fingerprint, str):
        return False
    try:
        return os.stat(Path(path)).st_size == size and video_fingerprint(path) == fingerprint
    except OSError:
        return False
