"""Which file an output came from, or was written with: its size and a digest of its content.

An output records the video it was made from (``video.size_bytes``,
``video.fingerprint``, read by :class:`~kinemotion.tracking.decode.VideoReader`
when it opens the video) and the files written with it (``outputs``: an
overlay, a plot, the CSV). A re-run, or the session report looking for a
video's frames, compares them with the file under that name now: another
recording saved under the same name, or a plot left by another run, is told
apart. :func:`identify` is the one place both are computed.

A file is read once per process while it stays the same file
(:func:`~kinemotion.file_digest.identify`, re-exported here, where the memo and its rules are).
"""

from __future__ import annotations

import os
from pathlib import Path

from kinemotion.file_digest import RECENT_CHANGE_S, FileIdentity, identify

__all__ = ["RECENT_CHANGE_S", "FileIdentity", "another_file_at", "file_record", "identify", "same_file"]


def file_record(path: str | os.PathLike[str]) -> dict[str, object]:
    """What an output records of a file: its size and content digest (see :func:`identify`, :func:`same_file`).

    Raises:
        OSError: the file cannot be read.
    """
    return identify(path).as_record()


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
        if os.stat(Path(path)).st_size != size:
            return False  # told apart without reading it
        return identify(path) == FileIdentity(size, fingerprint)
    except OSError:
        return False


def another_file_at(recorded: object, path: str | os.PathLike[str]) -> bool:
    """Whether a file is at ``path`` that ``recorded`` (an output's ``video`` object) does not describe: another
    recording under that name. False when no file is there or ``recorded`` holds no digest (nothing tells); a
    record without the size (edited by hand) is told by its digest alone."""
    fingerprint = recorded.get("fingerprint") if isinstance(recorded, dict) else None
    if not (isinstance(recorded, dict) and isinstance(fingerprint, str) and Path(path).is_file()):
        return False
    if not isinstance(recorded.get("size_bytes"), int):
        try:
            return identify(path).fingerprint != fingerprint
        except OSError:
            return False
    return not same_file(recorded, path)
