"""OpenVINO's compiled models kept between runs: each file checked against its digest before any is loaded.

OpenVINO keeps each model it compiles in a cache folder
(:func:`~kinemotion_rtmpose.openvino_runtime.compiled_cache_dir`) and loads it
from there the next time instead of compiling it again. It checks a file's
header and length, not its content: a file changed in place (a bit flipped
by a failing disk or card, a sync tool writing into it) was loaded as it was,
and the pose model computed other landmarks (7 flipped bits: 0.6 px median,
18 px at worst) or the detector found nobody, recorded as any other tracking.

So the digest of each compiled file is recorded when it is first seen after
a compile, settled (``digests.json`` beside the files), and before a process loads
any, every recorded file is compared with its digest (once per process while
it stays the same file): one that differs is removed, with a warning, and
OpenVINO compiles that model again. A file OpenVINO itself wrote anew since
(it compiles again over one it cannot use) is removed once too, then
recorded anew. The folder is locked while it is checked or recorded (worker
processes and Ray tasks share it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path

from filelock import FileLock, Timeout

from kinemotion.file_status import FileStatus

__all__ = ["DIGESTS", "check_compiled", "record_compiled"]

logger = logging.getLogger(__name__)

DIGESTS = "digests.json"
"""The file beside the compiled models recording each one's size and sha256."""
_LOCK = ".digests.lock"
_LOCK_WAIT_S = 120.0
_SETTLED_NS = 2_000_000_000
"""A compiled file written less than this long ago may still be being written by another process (OpenVINO
writes in place): its digest is recorded by a later compile, never of a part."""
_checked: dict[str, FileStatus] = {}
"""The files this process found as recorded, by path, with what identified them then."""


def _stamp(path: Path) -> FileStatus:
    """What changes when the file at ``path`` is written to or replaced.

    Raises:
        OSError: it cannot be read (gone).
    """
    return FileStatus.of(os.stat(path))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _recorded(folder: Path) -> dict[str, str]:
    """The digests recorded in ``folder`` (none when the file is missing or damaged: each is recorded anew)."""
    try:
        data = json.loads((folder / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str) and k == Path(k).name and k not in ("", ".", "..")}


def _write(folder: Path, digests: dict[str, str]) -> None:
    fd, partial = tempfile.mkstemp(prefix=f".{DIGESTS}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(digests, fh, indent=0, sort_keys=True)
        os.replace(partial, folder / DIGESTS)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(partial)


def _locked(folder: Path) -> FileLock:
    return FileLock(str(folder / _LOCK), timeout=_LOCK_WAIT_S)


def check_compiled(folder: Path) -> None:
    """Remove each compiled model file in ``folder`` whose content is not the one its digest records (OpenVINO
    then compiles that model again); a warning names each. Nothing is done when the folder cannot be locked."""
    try:
        with _locked(folder):
            digests = _recorded(folder)
            changed = False
            for name, expected in list(digests.items()):
                path = folder / name
                try:
                    stamp = _stamp(path)
                    if _checked.get(str(path)) == stamp:
                        continue
                    same = _sha256(path) == expected
                except OSError:  # gone: its digest goes too
                    del digests[name]
                    changed = True
                    continue
                if same:
                    _checked[str(path)] = stamp
                    continue
                logger.warning(
                    "OpenVINO's compiled model %s is not the file it wrote (changed in place: a failing disk, a "
                    "sync tool?): removed, and compiled again",
                    path,
                )
                with contextlib.suppress(OSError):
                    path.unlink()
                del digests[name]
                changed = True
            if changed:
                _write(folder, digests)
    except (Timeout, OSError):
        return


def record_compiled(folder: Path) -> None:
    """Record the digest of each compiled model file in ``folder`` that has none and was written over 2 s ago
    (by an earlier compile, this process's or another's: one written just now may still be being written)."""
    try:
        with _locked(folder):
            digests = _recorded(folder)
            new = {}
            for path in folder.glob("*.blob"):
                if path.name in digests:
                    continue
                with contextlib.suppress(OSError):
                    stamp = _stamp(path)
                    if time.time_ns() - stamp.modified_ns < _SETTLED_NS:  # perhaps still being written (another worker)
                        continue  # recorded by a later compile
                    digest = _sha256(path)
                    if _stamp(path) == stamp:
                        new[path.name] = digest
                        _checked[str(path)] = stamp
            if new:
                _write(folder, {**digests, **new})
    except (Timeout, OSError):
        return
