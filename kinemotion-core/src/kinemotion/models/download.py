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
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import IO

from kinemotion.errors import ModelDownloadError
from kinemotion.models.cache import (
    MODEL_DIR_ENV,
    OFFLINE_ENV,
    cache_dir,
    downloads_disabled,
    find_local,
    verify_file,
)
from kinemotion.models.spec import ModelFile

__all__ = ["download", "ensure_model"]

logger = logging.getLogger(__name__)

_CHUNK = 1 << 16


def _offline_advice(spec: ModelFile) -> str:
    return (
        f"To work offline, download {spec.url} on another machine"
        + (f", take {spec.archive_member} out of the zip" if spec.archive_member else "")
        + f", save it as {spec.filename} in a folder named by {MODEL_DIR_ENV}, "
        "or pass its path as model_path=."
    )


def _show_progress(progress: bool | None) -> bool:
    """``None`` (the default) means: only when stderr is a terminal, never into a log file."""
    if progress is not None:
        return progress
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _stream(url: str, out: IO[bytes], *, timeout: float, progress: bool | None, label: str) -> None:
    from tqdm.auto import tqdm  # imported on use: listing backends must stay light

    request = urllib.request.Request(url, headers={"User-Agent": "kinemotion"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        expected = response.headers.get("Content-Length")
        total = int(expected) if expected and expected.isdigit() else None
        received = 0
        with tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=f"Downloading {label}",
            disable=not _show_progress(progress),
            leave=False,
        ) as bar:
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
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


def download(spec: ModelFile, dest: Path, *, timeout: float = 60.0, progress: bool | None = None) -> Path:
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
            _stream(spec.url, out, timeout=timeout, progress=progress, label=spec.filename)
        final_tmp = fetched
        if spec.archive_member is not None:
            final_tmp = temp(".extract")
            _extract_member(fetched, spec.archive_member, final_tmp)
        if spec.sha256 is None:
            logger.warning("No pinned sha256 for %s; only its size can be checked", spec.filename)
        verify_file(final_tmp, spec)
        os.replace(final_tmp, dest)
        return dest
    except ModelDownloadError as exc:
        raise ModelDownloadError(f"Could not obtain {spec.filename}: {exc} {_offline_advice(spec)}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        if isinstance(exc, urllib.error.HTTPError):
            reason: object = f"HTTP {exc.code} {exc.reason}"
        else:
            reason = getattr(exc, "reason", None) or exc
        raise ModelDownloadError(
            f"Could not download {spec.filename} from {spec.url}: {reason}. {_offline_advice(spec)}"
        ) from exc
    finally:
        for path in tmp_paths:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def ensure_model(
    spec: ModelFile,
    model_path: str | os.PathLike[str] | None = None,
    *,
    progress: bool | None = None,
    timeout: float = 60.0,
    lock_timeout: float = 600.0,
) -> Path:
    """Return a local path to ``spec``, downloading it into the cache if needed.

    Args:
        spec: the model to obtain.
        model_path: an explicit file to use instead; must exist.
        progress: show a download progress bar; default (None): only when stderr is a terminal.
        timeout: network timeout in seconds.
        lock_timeout: how long to wait for another process downloading the same file.

    Raises:
        ModelDownloadError: the file is missing and cannot be downloaded or verified.
    """
    if model_path is not None:
        path = Path(model_path).expanduser()
        if not path.is_file():
            raise ModelDownloadError(f"Model file {path} does not exist (given as model_path=).")
        return path
    local = find_local(spec)
    if local is not None:
        return local
    if downloads_disabled():
        raise ModelDownloadError(
            f"Model {spec.filename} is not in the cache ({cache_dir()}) and downloads are "
            f"disabled by {OFFLINE_ENV}. {_offline_advice(spec)}"
        )
    from filelock import FileLock, Timeout

    dest = cache_dir() / spec.filename
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(dest) + ".lock", timeout=lock_timeout):
            if dest.is_file():  # another process finished it while we waited
                return dest
            logger.info("Downloading %s from %s", spec.filename, spec.url)
            return download(spec, dest, timeout=timeout, progress=progress)
    except Timeout as exc:
        raise ModelDownloadError(
            f"Timed out after {lock_timeout:.0f} s waiting for another process downloading "
            f"{spec.filename} (lock {dest}.lock). Remove the lock file if no download is running."
        ) from exc
