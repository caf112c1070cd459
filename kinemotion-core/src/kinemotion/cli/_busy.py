"""One run at a time writes an output: a second command asked to write a file that a running one is writing is
refused before any work.

Two runs into one folder at once (two terminals, two analysts on a shared folder) each wrote and reported
their own files, and the last one to finish replaced the other's: `cmj v1.mp4 -o out/ --height 1.8` said
"wrote out/v1.cmj.json", and the file there was the other run's, without metres, its `cmj-jumps.csv` too.
Each command holds an exclusive lock (``filelock``) on every output it plans (the reports, CSVs, overlays,
plots, the jump table, the session page) from before it checks what is done until it ends; the operating system
drops the locks of a run that is killed. The locks are files of the user's own folder under the system's
temporary folder, one per output's real path: nothing is left beside the outputs, and two runs writing
different files of one folder (`track a.mp4 & track b.mp4`) are not refused. Where locks cannot be had (a
temporary folder that cannot be written), commands run as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from kinemotion.errors import OutputError

__all__ = ["OutputBusyError", "outputs_held"]

logger = logging.getLogger(__name__)


class OutputBusyError(OutputError):
    """Another kinemotion run is writing an output this one plans."""


def _lock_folder() -> Path:
    """The folder of this user's lock files (made on first use, private to the user)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"kinemotion-{uid}-outputs"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _lock(folder: Path, output: str) -> FileLock | None:
    """The exclusive lock of ``output`` (a real path), held; None when another process holds it.

    Raises:
        OSError: locks cannot be had here.
    """
    name = hashlib.sha256(output.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".lock"
    lock = FileLock(folder / name, timeout=0, mode=0o600, thread_local=False)
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
            folder = _lock_folder()
        except OSError as exc:
            logger.debug("outputs not locked: %s", exc)
            paths = {}
        for real, path in paths.items():
            try:
                locked = _lock(folder, real)
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
