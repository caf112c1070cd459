"""What identifies a model file a tracker loaded (plugin contract 1.5's ``model_files``): its path, size and sha256.

Every output records the fingerprint of each model file its tracker declares
(:func:`model_file_record`), and a re-run reuses the output only while each is
still the file recorded (:func:`same_model_file`): a model replaced under the
same name (a retrained one saved over the cached copy, another download of an
unpinned model) made other landmarks, which a resumed batch must not mix with
the new ones. A file found by its name in a model folder (``KINEMOTION_MODEL_DIR``,
then the model cache: :func:`~kinemotion.models.cache.local_copies`) is recorded
as such (``looked_up``), and is reused only while that name still finds the
same content there: ``KINEMOTION_MODEL_DIR`` set to another folder holding
another model under that name (or unset since, the cache holding another)
makes a re-run load another file; an identical copy is the same model. A file
is hashed as every file an output records is (:func:`~kinemotion.tracking.identity.identify`:
once a process while it stays the same file): a batch of many videos reads
each model once.
"""

from __future__ import annotations

import os
from pathlib import Path

from kinemotion.file_status import file_status
from kinemotion.models.cache import copies_named
from kinemotion.tracking.identity import FileIdentity, identify

__all__ = ["model_file_record", "same_model_file"]

_SHA256 = "sha256:"
"""How :func:`~kinemotion.tracking.identity.identify` writes a digest; a record keeps the hex alone."""


def _identity(path: Path) -> FileIdentity | None:
    """The size and digest of the regular file at ``path`` (None: none there, or it cannot be read now)."""
    if file_status(path, regular=True) is None:  # never opened: a FIFO planted at a recorded path would block
        return None
    try:
        return identify(path)
    except OSError:
        return None


def _found_by_name(name: str) -> Path | None:
    """The file a backend finds by ``name`` in the model folders now (the first that has one), absolute."""
    found = copies_named(name)
    return Path(os.path.abspath(found[0])) if found else None


def _same_place(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def model_file_record(path: Path) -> dict[str, object]:
    """``{"path", "size", "sha256", "looked_up"}`` of the model file at ``path`` (absolute) as it is now;
    ``looked_up``: the model folders find it by its name now (see the module's documentation).

    Raises:
        OSError: the file cannot be read.
    """
    identity = _identity(path)
    if identity is None:
        raise OSError(f"{path}: the model file cannot be read")
    found = _found_by_name(path.name)
    looked_up = found is not None and _same_place(found, path)
    digest = identity.fingerprint.removeprefix(_SHA256)
    return {"path": str(path), "size": identity.size_bytes, "sha256": digest, "looked_up": looked_up}


def same_model_file(recorded: object) -> bool:
    """Whether ``recorded`` (one entry of an output's ``backend.model_files``) describes the file at its path as
    it is now: same size and sha256. A record of another shape, or a file gone or unreadable, is not."""
    if not isinstance(recorded, dict):
        return False
    path, size, digest = recorded.get("path"), recorded.get("size"), recorded.get("sha256")
    if not isinstance(path, str) or not isinstance(size, int) or isinstance(size, bool) or not isinstance(digest, str):
        return False
    try:  # a path no filesystem takes (a NUL in it, a name too long to look up): not the file there now
        target = Path(path)
        if recorded.get("looked_up") is True:  # the file the model folders give under that name now, wherever it is
            found = _found_by_name(target.name)
            if found is None:
                return False
            target = found
        status = file_status(target, regular=True)
        if status is None or status.size != size:
            return False  # told apart without reading it
        return _identity(target) == FileIdentity(size, f"{_SHA256}{digest}")
    except (OSError, ValueError):
        return False
