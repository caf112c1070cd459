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
On POSIX a lock file is opened never through a link and never emptied (:func:`_flock`): another user may
have put one at its name first. A run removes its lock files as it releases them, while it still holds them
(thousands were left behind); a run that locks a file checks that its name still names that file, and opens the
name again when the holder removed it meanwhile, so a removed file is never taken for the lock.
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
    machine shares (no /tmp, one this user cannot write, or a file, a link or a private folder of another user's
    there)."""
    if os.name != "posix" or not _MACHINE_FOLDER.parent.is_dir():
        return None
    try:
        with contextlib.suppress(FileExistsError):
            _MACHINE_FOLDER.mkdir()
            _MACHINE_FOLDER.chmod(_SHARED_MODE)  # mkdir's mode is cut by the umask
        status = _MACHINE_FOLDER.lstat()
    except OSError as exc:  # a /tmp this user cannot write (read-only in a container, TMPDIR set elsewhere)
        logger.debug("%s not used for locks: %s", _MACHINE_FOLDER, exc)
        return None
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


def _same_file(path: Path, fd: int) -> bool:
    """Whether ``path`` (not followed if a link) names the file open as ``fd``."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


class _Held:
    """An exclusive ``flock`` on a lock file opened by :func:`_flock` (POSIX), held until :meth:`release`."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd = fd
        self._path = path

    def release(self) -> None:
        """Remove the lock file while still holding it (a run that opened it meanwhile sees it gone and opens the
        name again: :func:`_flock`), then drop the lock and close the file. A lock file this user may not remove
        (another user's, in the shared folder) is left."""
        import fcntl

        try:
            if _same_file(self._path, self._fd):
                self._path.unlink()
        except OSError as exc:
            logger.debug("lock file %s left: %s", self._path, exc)
        finally:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)


_REOPENS = 16
"""How many times :func:`_flock` opens a lock file's name again after finding the file it locked removed."""


def _flock(path: Path, mode: int) -> _Held | None:
    """The exclusive lock of the lock file ``path`` (POSIX), held; None when another process holds it.

    The file is opened as it is, never through a link, never emptied, and its mode set only when this user owns
    it: a folder every user writes (:data:`_MACHINE_FOLDER`) may hold, at the predictable name of a lock file
    (the digest of an output's path), another user's link or hard link to a file of the one running. FileLock
    before 3.20.1 (the ``filelock>=3.12`` kinemotion allows) opened it through the link, emptied it and made it
    writable by all: another user of the machine could have a run empty and open up any file of the user's
    (``~/.ssh/authorized_keys``).

    Raises:
        OSError: locks cannot be had here (a link, or another kind of file, at the lock file's name).
    """
    import fcntl

    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    for _ in range(_REOPENS):
        fd = os.open(path, flags, mode)
        try:
            status = os.fstat(fd)
            if status.st_nlink == 0:  # its holder removed it after it was opened here: open the name again
                os.close(fd)
                continue
            if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1:
                raise OSError(f"{path} is not a lock file (another kind of file, or a hard link to a file elsewhere)")
            if status.st_uid == os.geteuid() and stat.S_IMODE(status.st_mode) != mode:
                os.fchmod(fd, mode)  # os.open's mode is cut by the umask: 0o666 for every user of the machine
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _same_file(path, fd):
                return _Held(fd, path)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # its holder removed it after it was opened here: the lock is the file the name names now
    raise OSError(f"{path} was removed and made again {_REOPENS} times while it was being locked")


def _lock(folder: Path, mode: int, output: str) -> _Held | FileLock | None:
    """The exclusive lock of ``output`` (a real path), held; None when another process holds it.

    Raises:
        OSError: locks cannot be had here.
    """
    name = hashlib.sha256(output.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".lock"
    if os.name == "posix":
        return _flock(folder / name, mode)
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
    held: list[_Held | FileLock] = []
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
