"""Downloading a model file into the cache, safely.

One process downloads while others wait on a file lock; the bytes go to a
temporary file in the cache folder, are checked (length, size, sha256), and
only then renamed into place, so the cache never holds a partial or corrupt
file under the real name.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import IO

from kinemotion.errors import ModelDownloadError
from kinemotion.file_status import FileStatus
from kinemotion.models.cache import (
    CACHE_DIR_ENV,
    MODEL_DIR_ENV,
    OFFLINE_ENV,
    cache_dir,
    downloads_disabled,
    local_copies,
    mismatch,
    offline_dir,
)
from kinemotion.models.spec import ModelFile
from kinemotion.progress import show_progress

__all__ = ["download", "ensure_model", "offline_advice"]

logger = logging.getLogger(__name__)

_CHUNK = 1 << 16


def offline_advice(spec: ModelFile) -> str:
    """How to get ``spec``'s file without a download here: where to fetch it and where to put it (and, when
    ``KINEMOTION_MODEL_DIR`` is set, what is wrong with the folder it names)."""
    folder = offline_dir()
    if folder is None:
        where = ""
    elif not folder.is_dir():
        where = f" ({MODEL_DIR_ENV}={folder} is not a folder here: create it, or fix the variable)"
    elif (folder / spec.filename).is_file():  # there, but not the model (cut short, another file renamed)
        present = folder / spec.filename
        problem = mismatch(present, spec, check_hash=False) or f"{present} is not that model"
        where = f" ({MODEL_DIR_ENV}: {problem}; replace it)"
    else:
        where = f" ({MODEL_DIR_ENV}={folder} has no {spec.filename})"
    return (
        f"To work offline, download {spec.url} on another machine"
        + (f", take {spec.archive_member} out of the zip" if spec.archive_member else "")
        + f", save it as {spec.filename} in a folder named by {MODEL_DIR_ENV}{where}, "
        f"or, from Python, pass its path to the backend as {spec.path_option}=."
    )


_verified: dict[Path, FileStatus] = {}
"""Files whose size and sha256 were checked in this process, with what identified them then (:func:`_identity`)."""


def _identity(path: Path) -> FileStatus:
    """What changes when the file at ``path`` changes (:class:`~kinemotion.file_status.FileStatus`).

    Raises:
        OSError: it cannot be read.
    """
    return FileStatus.of(path.stat())


def _problem_with(path: Path, spec: ModelFile) -> str | None:
    """Why a local copy of ``spec`` must not be used (size or sha256 wrong), or None.

    The sha256 is computed once per process and file: a file already verified
    is trusted while it stays the same file, unchanged (:func:`_identity`).
    """
    key = _identity(path)
    if _verified.get(path) == key:
        return None
    problem = mismatch(path, spec)
    if problem is None:
        _verified[path] = key
    return problem


MIN_RATE_BPS = 8 * 1024
"""A download slower than this on average, once RATE_GRACE_S have passed, is abandoned."""
RATE_GRACE_S = 60.0
DEADLINE_S = 1800.0
"""No download may take longer than this in total (a server trickling bytes never times out otherwise)."""


def _stream(
    url: str, out: IO[bytes], *, timeout: float, progress: bool | None, label: str, deadline: float = DEADLINE_S
) -> None:
    from tqdm.auto import tqdm  # imported on use: listing backends must stay light

    request = urllib.request.Request(url, headers={"User-Agent": "kinemotion"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        expected = response.headers.get("Content-Length")
        total = int(expected) if expected and expected.isdigit() else None
        received = 0
        started = time.monotonic()
        with tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=f"Downloading {label}",
            disable=not show_progress(progress),
            leave=False,
        ) as bar:
            while chunk := response.read1(_CHUNK):  # whatever has arrived: the checks below run often
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
                elapsed = time.monotonic() - started
                if elapsed > deadline:
                    raise ModelDownloadError(
                        f"the download did not finish within {deadline:.0f} s ({received} bytes received)"
                    )
                if elapsed > RATE_GRACE_S and received / elapsed < MIN_RATE_BPS:
                    raise ModelDownloadError(
                        f"the server sends too slowly ({received / elapsed / 1024:.1f} KiB/s after {elapsed:.0f} s, "
                        f"below {MIN_RATE_BPS / 1024:.0f} KiB/s)"
                    )
        if total is not None and received != total:
            raise ModelDownloadError(f"Download of {url} was cut off: received {received} of {total} bytes.")


def _find_member(zf: zipfile.ZipFile, member: str) -> str:
    """The archive entry called ``member``, or the only one whose path ends with ``/member``."""
    names = zf.namelist()
    if member in names:
        return member
    matches = [n for n in names if n.endswith("/" + member)]
    if len(matches) != 1:
        raise ModelDownloadError(f"Downloaded archive does not hold {member} (found {len(matches)} matching entries).")
    return matches[0]


def _extract_member(archive: Path, member: str, dest: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as zf, zf.open(_find_member(zf, member)) as src, dest.open("wb") as out:
            shutil.copyfileobj(src, out)
    except zipfile.BadZipFile as exc:
        raise ModelDownloadError(f"Downloaded file is not a valid zip archive: {exc}") from exc


def download(
    spec: ModelFile, dest: Path, *, timeout: float = 60.0, progress: bool | None = None, deadline: float = DEADLINE_S
) -> Path:
    """Download ``spec`` to ``dest`` atomically and verify it; return ``dest``.

    Raises:
        ModelDownloadError: network failure, truncated or corrupted data.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp_paths: list[Path] = []

    def temp(suffix: str) -> Path:
        fd, name = tempfile.mkstemp(prefix=f".{spec.filename}.", suffix=suffix, dir=dest.parent)
        os.close(fd)
        tmp_paths.append(Path(name))
        return Path(name)

    try:
        fetched = temp(".part")
        with fetched.open("wb") as out:
            _stream(spec.url, out, timeout=timeout, progress=progress, label=spec.filename, deadline=deadline)
        final_tmp = fetched
        if spec.archive_member is not None:
            final_tmp = temp(".extract")
            _extract_member(fetched, spec.archive_member, final_tmp)
        if final_tmp.stat().st_size == 0:  # never a model, whatever the spec pins (it may pin nothing)
            raise ModelDownloadError(f"the server sent an empty file for {spec.url}")
        if spec.sha256 is None:
            logger.warning("No pinned sha256 for %s; only its size can be checked", spec.filename)
        problem = mismatch(final_tmp, spec)
        if problem is not None:  # said of the download: its temporary file is gone by the time this is read
            said = problem.replace(f"Model file {final_tmp}", f"The file downloaded from {spec.url}", 1)
            raise ModelDownloadError(
                f"{said}. Nothing was kept; try again later, and if it persists the server sends another file than "
                "the backend expects: report it to the backend's authors."
            )
        os.replace(final_tmp, dest)
        return dest
    except ModelDownloadError as exc:
        raise ModelDownloadError(f"Could not obtain {spec.filename}: {exc} {offline_advice(spec)}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        if isinstance(exc, urllib.error.HTTPError):
            reason: object = f"HTTP {exc.code} {exc.reason}"
        else:
            reason = getattr(exc, "reason", None) or exc
        raise ModelDownloadError(
            f"Could not download {spec.filename} from {spec.url}: {reason}. {offline_advice(spec)}"
        ) from exc
    finally:
        for path in tmp_paths:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def _usable_cache() -> Path:
    """The cache folder, created if needed.

    Raises:
        ModelDownloadError: it cannot be (``KINEMOTION_CACHE_DIR`` names a file, a dangling link, a folder
            this user cannot write), naming the folder and the variable that moves it.
    """
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelDownloadError(
            f"the model cache folder {folder} cannot be used ({exc.strerror or exc}): set {CACHE_DIR_ENV} to a "
            "writable folder (models go in its 'models' subfolder), or put the model files in a folder named by "
            f"{MODEL_DIR_ENV}."
        ) from exc
    return folder


def ensure_model(
    spec: ModelFile,
    model_path: str | os.PathLike[str] | None = None,
    *,
    progress: bool | None = None,
    timeout: float = 60.0,
    lock_timeout: float = 600.0,
    deadline: float = DEADLINE_S,
) -> Path:
    """Return a local path to ``spec``, downloading it into the cache if needed.

    Args:
        spec: the model to obtain.
        model_path: an explicit file to use instead (the backend's ``spec.path_option``); must exist.
        progress: show a download progress bar; default (None): on a terminal or under a Jupyter notebook's
            cell, never into a log.
        timeout: network timeout in seconds (per read).
        deadline: the most seconds the whole download may take; a transfer
            slower than ``MIN_RATE_BPS`` after ``RATE_GRACE_S`` is abandoned too.
        lock_timeout: how long to wait for another process downloading the same file.

    Raises:
        ModelDownloadError: the file is missing and cannot be downloaded or verified.
    """
    if model_path is not None:
        given = f"{spec.path_option}="
        if not str(model_path).strip():
            raise ModelDownloadError(f"{given} is empty: give the model file's path, or leave it out.")
        path = Path(model_path).expanduser()
        if path.is_dir():
            raise ModelDownloadError(f"{path} is a folder, not a model file (given as {given}).")
        if not path.is_file():
            raise ModelDownloadError(f"Model file {path} does not exist (given as {given}).")
        return path
    for candidate in local_copies(spec):
        in_cache = candidate.parent == cache_dir()
        try:
            problem = _problem_with(candidate, spec)
        except OSError as exc:  # a file of an administrator's folder, readable by its owner alone
            elsewhere = (
                f"set {CACHE_DIR_ENV} to a folder of your own"
                if in_cache
                else f"set {MODEL_DIR_ENV} to a folder of readable copies"
            )
            raise ModelDownloadError(
                f"Model file {candidate} cannot be read ({exc.strerror or exc}) by this user: make it readable "
                f"(chmod a+r {candidate}), or {elsewhere}."
            ) from exc
        if problem is None:
            return candidate
        if in_cache and not downloads_disabled():
            logger.warning("%s; downloading it again", problem)
            candidate.unlink(missing_ok=True)
            break
        raise ModelDownloadError(
            f"{problem}. Delete it or replace it with a good copy of {spec.url}"
            + (f" ({spec.archive_member} inside the zip)" if spec.archive_member else "")
            + ("" if in_cache else f" (the folder is {MODEL_DIR_ENV})")
            + "."
        )
    if downloads_disabled():
        raise ModelDownloadError(
            f"Model {spec.filename} is not in the cache ({cache_dir()}) and downloads are "
            f"disabled by {OFFLINE_ENV}. {offline_advice(spec)}"
        )
    from filelock import FileLock, Timeout

    dest = _usable_cache() / spec.filename
    try:
        with FileLock(str(dest) + ".lock", timeout=lock_timeout):
            if dest.is_file() and _problem_with(dest, spec) is None:  # another process finished it meanwhile
                return dest
            logger.info("Downloading %s from %s", spec.filename, spec.url)
            return download(spec, dest, timeout=timeout, progress=progress, deadline=deadline)
    except Timeout as exc:
        raise ModelDownloadError(
            f"Timed out after {lock_timeout:.0f} s waiting for another process downloading "
            f"{spec.filename} (lock {dest}.lock). Remove the lock file if no download is running."
        ) from exc
    except OSError as exc:  # the lock file cannot be made (a read-only cache folder): download() reports its own
        raise ModelDownloadError(
            f"the model cache folder {dest.parent} cannot be used: its lock file {dest}.lock cannot be opened "
            f"({exc.strerror or exc}). Set {CACHE_DIR_ENV} to a writable folder (models go in its 'models' "
            f"subfolder), or put the model files in a folder named by {MODEL_DIR_ENV}."
        ) from exc
