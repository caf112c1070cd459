"""What an output that did not fit says: the file, the cause (no space left, a file-size limit) and the fix.

A full disk said ``cannot write r.json, r.csv: cannot write .r.2922@host.x.partial.csv: File too large``: the
words "cannot write" twice, a hidden temporary name the user never asked for, the system's "File too large"
(which is also a FAT32 drive's 4 GB limit and ``ulimit -f``), and no advice. :func:`write_failed` names the
output that was being written when the disk or a limit stopped it, the cause in words, and what to do.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

from kinemotion.errors import OutputError

__all__ = ["stopped_by", "write_failed"]

_CAUSES = {
    errno.ENOSPC: ("no space is left on its disk", "free space on that disk"),
    errno.EDQUOT: ("the disk quota of this user is used up", "free space within the quota"),
    errno.EFBIG: (
        "it is larger than the file-size limit allows (a FAT32 drive holds files of at most 4 GB; a process "
        "may be limited by `ulimit -f`)",
        "lift the limit",
    ),
}
"""errno -> (the cause, the first fix): the disk or a limit, not the file."""


def _errno(exc: BaseException) -> int | None:
    """The errno of ``exc`` or of what it was raised from (an :class:`OutputError` wraps the OSError) when it is
    one of :data:`_CAUSES`; None otherwise."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _CAUSES:
            return current.errno
        current = current.__cause__ or current.__context__
    return None


_LITTLE = 1 << 20
"""Free bytes under which a disk counts as full (a write stopped there left about this much)."""


def _advice(code: int) -> str:
    cause, fix = _CAUSES[code]
    return f"{cause}; {fix}, or write the outputs to another disk (-o, --overlay), and run again"


def stopped_by(path: Path) -> str | None:
    """Why the file at ``path``, written by a writer that reports no error (OpenCV's video writer), came out
    short, with the fix: the process's file-size limit reached (``ulimit -f``) or its disk full; None when
    neither is so (the cause is not known)."""
    size = path.stat().st_size if path.is_file() else 0
    try:
        import resource
    except ImportError:  # Windows: no file-size limit
        pass
    else:
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        if limit != resource.RLIM_INFINITY and size >= limit - min(_LITTLE, limit // 4):
            return _advice(errno.EFBIG)
    import shutil

    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return None
    return _advice(errno.ENOSPC) if free < _LITTLE else None


def write_failed(finals: Sequence[Path], exc: OSError, partials: Sequence[Path] = ()) -> OutputError:
    """The error for ``finals`` (the outputs written together) not written because of ``exc``.

    A disk or file-size limit (ENOSPC, EDQUOT, EFBIG, also when ``exc`` wraps one) names the output whose
    temporary file it stopped (``partials``, in the order of ``finals``; all of them when it is not known),
    the cause and the fix; any other error is said as before, ``cannot write FILES: REASON``.
    """
    code = _errno(exc)
    if code is None:
        return OutputError(f"cannot write {', '.join(map(str, finals))}: {exc.strerror or exc}")
    said = str(exc)
    stopped = [final for partial, final in zip(partials, finals, strict=False) if partial.name in said]
    named = ", ".join(map(str, stopped or finals))
    return OutputError(f"cannot write {named}: {_advice(code)}")
