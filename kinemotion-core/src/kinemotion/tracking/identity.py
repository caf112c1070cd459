"""Which file an output came from, or was written with: its size and a digest of its content.

An output records the video it was made from (``video.size_bytes``,
``video.fingerprint``, read by :class:`~kinemotion.tracking.decode.VideoReader`
when it opens the video) and the files written with it (``outputs``: an
overlay, a plot, the CSV). A re-run, or the session report looking for a
video's frames, compares them with the file under that name now: another
recording saved under the same name, or a plot left by another run, is told
apart. :func:`identify` is the one place both are computed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FileIdentity", "file_record", "identify", "same_file"]

_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class FileIdentity:
    """A file's size and a digest of its whole content (``sha256:HEX``)."""

    size_bytes: int
    fingerprint: str

    def as_record(self) -> dict[str, object]:
        """What an output records of the file (``{"size_bytes": ..., "fingerprint": ...}``)."""
        return {"size_bytes": self.size_bytes, "fingerprint": self.fingerprint}


def identify(path: str | os.PathLike[str]) -> FileIdentity:
    """The size and content digest of the file at ``path``, both of the one file opened (read once, about
    1 GB/s; decoding a video takes far longer).

    Every byte counts: another recording saved under the same name, even of the
    same size and alike at its start, middle and end (an uncompressed video, a
    clip re-cut in the middle), differs.

    Raises:
        OSError: the file cannot be read.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        while chunk := fh.read(_CHUNK_BYTES):
            digest.update(chunk)
    return FileIdentity(size, f"sha256:{digest.hexdigest()}")


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
