"""One run at a time writes an output: a second command asked to write a file that a running one is writing is
refused before any work.

Two runs into one folder at once (two terminals, two analysts on a shared folder) each wrote and reported
their own files, and the last one to finish replaced the other's: `cmj v1.mp4 -o out/ --height 1.8` said
"wrote out/v1.cmj.json", and the file there was the other run's, without metres, its `cmj-jumps.csv` too.
Each command holds an exclusive lock (``filelock``) on every output it plans (the reports, CSVs, overlays,
plots, the jump table, the session page) from before it checks what is done until it ends; the operating system
drops the locks of a run that is killed. The locks are files of one folder of the machine,
``/tmp/kinemotion-outputs`` (sticky and writable by all, as /tmp), one per output's real path: a run of another
user, or started with another ``TMPDIR`` (each job of a scheduler such as SLURM has its own), sees them; nothing is
left beside the outputs, and two runs writing different files of one folder (`track a.mp4 & track b.mp4`) are
not refused. Where that folder cannot be had (not POSIX, or something else at its path), they are files of the
user's own folder under the temporary folder. Runs on two machines writing one network folder do not see each
other's. Where locks cannot be had (a temporary folder that cannot be written), commands run as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from kinemotion.errors import OutputError

__all__ = ["OutputBusyError", "outputs_held"]

logger = logging.getLogger(__name__)


class OutputBusyError(OutputError):
    """Another kinemotion run is writing an output this one plans."""


_MACHINE_FOLDER = Path("/tmp/kinemotion-outputs")
"""The lock folder every user of a POSIX machine shares (sticky and writable by all, as /tmp itself)."""
_SHARED_MODE = 0o1777


def _machine_folder() -> Path | None:
    """:data:`_MACHINE_FOLDER`, made on first use; None where it cannot be had as one folder every run of the
    machine shares (no /tmp, or a file, a link or a private folder of another user's there)."""
    if os.name != "posix" or not _MACHINE_FOLDER.parent.is_dir():
        return None
    with contextlib.suppress(FileExistsError):
        _MACHINE_FOLDER.mkdir()
        _MACHINE_FOLDER.chmod(_SHARED_MODE)  # mkdir's mode is cut by the umask
    status = _MACHINE_FOLDER.lstat()
    if not stat.S_ISDIR(status.st_mode) or stat.S_IMODE(status.st_mode) != _SHARED_MODE:
        return None
    return _MACHINE_FOLDER


def _lock_folder() -> tuple[Path, int]:
    """The folder of the lock files, and the mode of a lock file made there.

    One folder for the whole machine where it can be had (:func:`_machine_folder`): a run started with another
    ``TMPDIR`` (each job of a scheduler such as SLURM has its own) or by another user on the machine sees the
    locks of the others. Else this user's folder under the temporary folder (private to the user).
    """
    shared = _machine_folder()
    if shared is not None:
        return shared, 0o666
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"kinemotion-{uid}-outputs"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder, 0o600


def _lock(folder: Path, mode: int, output: str) -> FileLock | None:
    """The exclusive lock of ``output`` (a real path), held; None when another process holds it.

    Raises:
        OSError: locks cannot be had here.
    """
    name = hashlib.sha256(output.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".lock"
    lock = FileLock(folder / name, timeout=0, mode=mode, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        return None
    return lock


@contextlib.contextmanager
def outputs_held(outputs: Iterable[Path | None]) -> Iterator[None]:
    """Hold every one of ``outputs`` (None: not asked for) for this run, released when the block ends.

    Raises:
        OutputBusyError: another kinemotion run holds one of them (is writing it now), naming it.
    """
    paths: dict[str, Path] = {}  # by real path (a link, `./`), in the order planned: the JSON named first
    for path in outputs:
        if path is not None:
            paths.setdefault(os.path.realpath(path), path)
    held: list[FileLock] = []
    try:
        try:
            folder, mode = _lock_folder()
        except OSError as exc:
            logger.debug("outputs not locked: %s", exc)
            paths = {}
        for real, path in paths.items():
            try:
                locked = _lock(folder, mode, real)
            except OSError as exc:
                logger.debug("%s not locked: %s", path, exc)
                continue
            if locked is None:
                raise OutputBusyError(
                    f"another kinemotion run is writing {path} now: the run that ends last would replace the "
                    "other's outputs, each having said it wrote its own. Wait for it to end, or give this run "
                    "another output (-o)"
                )
            held.append(locked)
        yield
    finally:
        for lock in held:
            lock.release()
