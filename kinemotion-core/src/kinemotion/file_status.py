"""What changes when a file is written to or replaced: one definition for every "is it still the file seen before".

A file counts as the same while its device, inode, size, modification time and
status-change time are (:class:`FileStatus`). The status-change time
(``st_ctime_ns``) is what a program cannot set back: a file rewritten in place
and given its old modification time (``cp -p``, ``touch -r``, ``os.utime``)
still counts as changed, and a file replaced by another (``mv``, ``rsync``) has
another inode. On Windows ``st_ctime`` is the creation time, which an edit
leaves alone; the other four still change.

Used by the video reader (a digest recorded only of the file opened), the
content digests kept per process (:mod:`kinemotion.tracking.identity`), the
model files checked once (:mod:`kinemotion.models`), a run's earlier outputs
(set aside only while they are the very files found), and a backend's own
caches (the RTMPose plugin's compiled OpenVINO models). Standard library only:
every part of kinemotion, and a backend distribution, may import it.
"""

from __future__ import annotations

import os
import stat
from typing import NamedTuple

__all__ = ["FileStatus", "file_status"]


class FileStatus(NamedTuple):
    """A file's device, inode, size, and modification and status-change times (nanoseconds)."""

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> FileStatus:
        """The status of a file ``os.stat`` or ``os.fstat`` gave."""
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def file_status(path: str | os.PathLike[str], *, regular: bool = False) -> FileStatus | None:
    """The status of the file at ``path`` (links followed); None when it cannot be read (missing, no
    permission) or, with ``regular``, when it is not a regular file (a folder, a pipe)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if regular and not stat.S_ISREG(status.st_mode):
        return None
    return FileStatus.of(status)
