"""Where model files live: explicit path, offline folder, per-user cache.

Lookup order for a :class:`~kinemotion.models.spec.ModelFile`:

1. an explicit path given by the caller (``model_path=``);
2. the offline folder named by ``KINEMOTION_MODEL_DIR``;
3. the per-user cache (``platformdirs.user_cache_dir("kinemotion")/models``,
   or ``KINEMOTION_CACHE_DIR/models``);
4. a download into the cache (see :mod:`kinemotion.models.download`), unless
   ``KINEMOTION_OFFLINE=1``.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import stat
import tempfile
from pathlib import Path

import platformdirs

from kinemotion.errors import ModelDownloadError
from kinemotion.models.spec import ModelFile

logger = logging.getLogger(__name__)

__all__ = [
    "CACHE_DIR_ENV",
    "MODEL_DIR_ENV",
    "OFFLINE_ENV",
    "cache_dir",
    "copies_named",
    "downloads_disabled",
    "find_local",
    "local_copies",
    "mismatch",
    "offline_dir",
    "sha256_of",
    "verify_file",
]

MODEL_DIR_ENV = "KINEMOTION_MODEL_DIR"
"""A folder of model files to use before the cache (offline use): files are looked up there by name."""
CACHE_DIR_ENV = "KINEMOTION_CACHE_DIR"
"""Overrides the per-user cache folder; models go in its ``models`` subfolder."""
OFFLINE_ENV = "KINEMOTION_OFFLINE"
"""Set to 1 to forbid every download (a missing model is then a ModelDownloadError naming the file)."""


_HOMELESS: dict[tuple[str | None, str], Path] = {}
"""The cache folder :func:`_homeless` chose, by ``KINEMOTION_CACHE_DIR`` and temporary folder (said once each)."""


def _private_folder(folder: Path) -> str | None:
    """Make ``folder`` (private to this user) if missing; what makes it unfit for a cache when it was there before
    (another user's, or writable by others: models put there by someone else would be used unchecked), or None.
    A folder that cannot be made or looked at is left to the messages of what uses it."""
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700)
    try:
        status = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode):
        return "it is not a folder"
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        return f"it belongs to user id {status.st_uid}"
    if os.name == "posix" and status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "others may write in it"
    return None


def _homeless(root: str | None, exc: RuntimeError) -> Path:
    """The cache's folder where the home folder it is in cannot be found (a ``~user`` of no user here, or a user
    id with no home and no ``HOME``, as ``docker run --user 1234``): one of the temporary folder, said once.

    ``kinemotion-UID-cache`` there when it is this user's own; else (another user of the machine made it first,
    or opened it to all: a MediaPipe heavy model is used as found, unpinned) a new private folder, removed at exit.
    """
    key = (root, tempfile.gettempdir())
    if key in _HOMELESS:
        return _HOMELESS[key]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    base = Path(key[1]) / f"kinemotion-{uid}-cache"
    unfit = _private_folder(base)
    if unfit is not None:
        refused = base
        base = Path(tempfile.mkdtemp(prefix=f"kinemotion-{uid}-cache-"))
        atexit.register(shutil.rmtree, base, ignore_errors=True)
        logger.warning("%s is not used for the model cache (%s): this run keeps it in %s", refused, unfit, base)
    _HOMELESS[key] = base
    what = f"{CACHE_DIR_ENV}={root}" if root else f"the model cache (in the home folder: {CACHE_DIR_ENV} is unset)"
    logger.warning(
        "%s: the home folder cannot be found here (%s); models and compiled models are kept in %s meanwhile, "
        "and may be lost: set %s to a writable folder",
        what,
        exc,
        base,
        CACHE_DIR_ENV,
    )
    return base


def cache_dir() -> Path:
    """The per-user folder downloaded models are kept in (not created here); a leading ``~`` in
    ``KINEMOTION_CACHE_DIR`` is the home folder. Where the home folder cannot be found, one of the temporary
    folder (made here, private to the user), with a warning."""
    root = os.environ.get(CACHE_DIR_ENV)
    try:
        base = Path(root).expanduser() if root else Path(platformdirs.user_cache_dir("kinemotion"))
    except RuntimeError as exc:  # Path.expanduser's and platformdirs' "could not determine home directory"
        base = _homeless(root, exc)
    return base / "models"


def offline_dir() -> Path | None:
    """The folder named by ``KINEMOTION_MODEL_DIR``, if set; a leading ``~`` is the home folder (a variable set in a
    file, or in quotes, reaches kinemotion with its ``~`` unexpanded: "~/models is not a folder here")."""
    root = os.environ.get(MODEL_DIR_ENV)
    if not root:
        return None
    try:
        return Path(root).expanduser()
    except RuntimeError:  # a `~user` of no user here: a folder that is not here, as the messages say
        return Path(root)


_OFF_VALUES = frozenset({"", "0", "false", "no", "off"})
_ON_VALUES = frozenset({"1", "true", "yes", "on"})
_SAID_OFFLINE_VALUES: set[str] = set()


def downloads_disabled() -> bool:
    """True when ``KINEMOTION_OFFLINE`` is set to a true value (``1``, ``true``, ``yes``, ``on``), or to a value
    that is neither true nor false (``y``, ``enabled``): taken as set (no download: the side that never reaches
    the network when it was asked not to), with a warning naming the values it takes, once per value."""
    raw = os.environ.get(OFFLINE_ENV, "")
    value = raw.strip().lower()
    if value in _OFF_VALUES:
        return False
    if value not in _ON_VALUES and raw not in _SAID_OFFLINE_VALUES:
        _SAID_OFFLINE_VALUES.add(raw)
        logger.warning(
            "%s=%r is neither 1/true/yes/on nor 0/false/no/off; taken as set: no model is downloaded",
            OFFLINE_ENV,
            raw,
        )
    return True


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks, once per process while it stays the same file
    (:func:`kinemotion.file_digest.identify`: the fingerprint every output records of the model files a tracker
    loaded is then not read again)."""
    from kinemotion.file_digest import identify

    return identify(path).fingerprint.removeprefix("sha256:")


def mismatch(path: Path, spec: ModelFile, *, check_hash: bool = True) -> str | None:
    """How ``path`` differs from the spec's size or sha256 (a sentence naming the file), or None."""
    actual_size = path.stat().st_size
    if spec.size is not None and actual_size != spec.size:
        return (
            f"Model file {path} has {actual_size} bytes, expected {spec.size} for "
            f"{spec.filename}: it is truncated or a different file"
        )
    if check_hash and spec.sha256 is not None:
        actual = sha256_of(path)
        if actual != spec.sha256:
            return (
                f"Model file {path} has sha256 {actual}, expected {spec.sha256} for "
                f"{spec.filename}: it is corrupted or a different file"
            )
    return None


def verify_file(path: Path, spec: ModelFile, *, check_hash: bool = True) -> None:
    """Raise :class:`ModelDownloadError` unless ``path`` matches the spec's size and sha256."""
    problem = mismatch(path, spec, check_hash=check_hash)
    if problem is not None:
        raise ModelDownloadError(f"{problem}. Delete it and retry.")


def copies_named(filename: str) -> list[Path]:
    """The files named ``filename`` in the offline folder, then the cache, that exist (unchecked): where a
    backend looking a model up by its name finds it."""
    folders = [f for f in (offline_dir(), cache_dir()) if f is not None]
    return [f / filename for f in folders if (f / filename).is_file()]


def local_copies(spec: ModelFile) -> list[Path]:
    """The files named like ``spec`` in the offline folder, then the cache, that exist (unchecked)."""
    return copies_named(spec.filename)


def find_local(spec: ModelFile) -> Path | None:
    """The offline-folder or cached copy of ``spec``, if one exists (size-checked only)."""
    for candidate in local_copies(spec):
        if spec.size is None or candidate.stat().st_size == spec.size:
            return candidate
    return None
