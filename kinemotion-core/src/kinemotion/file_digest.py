"""A file's size and a digest of its content, computed once per process while it stays the same file.

:func:`identify` is the one place a file's content is digested: the videos and
outputs a re-run compares (:mod:`kinemotion.tracking.identity`), the model files
a tracker loaded (:mod:`kinemotion.tracking.model_files`, plugin contract 1.5)
and the pinned checksum of a model file (:func:`kinemotion.models.sha256_of`),
so a model checked against its pinned sha256 and then fingerprinted for the
outputs is read once (it was read twice, about 90 ms a start-up for RTMPose's
two models). Standard library and :mod:`kinemotion.file_status` only: the models
package, below tracking, uses it too.

A file is read once per process while it stays the same file: :func:`identify`
keeps what it computed under the file's device, inode, size, modification and
status-change times (``st_ctime_ns``, which no program can set back short of
setting the system clock back, unlike the modification time; POSIX systems
only), so the tracking, the jump overlay and the report's stills of one
video, and a resume check before them, read it once. Any write to the
file, a replacement by another file, or ``touch`` changes that key and the
file is read again. A file changed in the last :data:`RECENT_CHANGE_S` seconds
before it was read is not kept (the filesystem's clock ticks coarser than
time itself: two writes within one tick leave the same times), nor one that
changed while it was read.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass

from kinemotion.file_status import FileStatus

__all__ = ["RECENT_CHANGE_S", "FileIdentity", "identify"]

_CHUNK_BYTES = 1 << 20

RECENT_CHANGE_S = 2.0
"""A file whose status changed less than this long before :func:`identify` read it is read again next time.

File times come from a clock that ticks coarser than the system's (a few ms on Linux, 2 s on FAT): a second
write within the same tick would leave the same times behind it. 2 s covers every local filesystem's tick."""

_CTIME_IS_CHANGE_TIME = os.name == "posix"
"""``st_ctime`` is the time of the last change to the file or its status on POSIX systems; on Windows it is the
creation time, which an edit leaves alone: nothing is kept there."""

_KNOWN: dict[FileStatus, FileIdentity] = {}
_KNOWN_LOCK = threading.Lock()


@dataclass(frozen=True)
class FileIdentity:
    """A file's size and a digest of its whole content (``sha256:HEX``)."""

    size_bytes: int
    fingerprint: str

    def as_record(self) -> dict[str, object]:
        """What an output records of the file (``{"size_bytes": ..., "fingerprint": ...}``)."""
        return {"size_bytes": self.size_bytes, "fingerprint": self.fingerprint}


def _now_ns() -> int:
    return time.time_ns()


def identify(path: str | os.PathLike[str]) -> FileIdentity:
    """The size and content digest of the file at ``path``, both of the one file opened (read at about
    1 GB/s, once per process while the file stays the same: see the module's docstring).

    Every byte counts: another recording saved under the same name, even of the
    same size and alike at its start, middle and end (an uncompressed video, a
    clip re-cut in the middle), differs.

    Raises:
        OSError: the file cannot be read.
    """
    with open(path, "rb") as fh:
        before = os.fstat(fh.fileno())
        key = FileStatus.of(before)
        with _KNOWN_LOCK:
            known = _KNOWN.get(key)
        if known is not None:
            return known
        started_ns = _now_ns()
        digest = hashlib.sha256()
        while chunk := fh.read(_CHUNK_BYTES):
            digest.update(chunk)
        unchanged = FileStatus.of(os.fstat(fh.fileno())) == key
    identity = FileIdentity(before.st_size, f"sha256:{digest.hexdigest()}")
    settled = before.st_ctime_ns < started_ns - int(RECENT_CHANGE_S * 1e9)
    if unchanged and settled and _CTIME_IS_CHANGE_TIME:
        with _KNOWN_LOCK:
            _KNOWN[key] = identity
    return identity
