"""One video's tracking as a task: what a worker gets, what it gives back.

A worker returns the landmark series; the process that owns the output
folder writes the JSON and CSV. On this machine a worker reads the video
where it is and writes the overlay (atomically) where it was asked for. A
remote worker (Ray) needs no shared filesystem: it gets the video's bytes
and returns the overlay's bytes. Messages and the recorded video path name
the user's file, never a worker's temporary copy.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kinemotion.errors import KinemotionError
from kinemotion.tracking import TrackingCancelledError, TrackingResult, TrackingWorker

__all__ = ["TaskResult", "VideoTask", "anchored", "process_worker", "run_task"]


_TASK_FOLDER = re.compile(r"^kinemotion-task-(\d+)@(.+)-[^-]+$")
"""A task's temporary folder, ``kinemotion-task-PID@HOST-XXXXXXXX``: named for the worker that made it."""


def _task_folder() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder of one task's files (a remote worker's copy of the video, its overlay), named for its
    worker; those of workers of this machine that are gone are removed first.

    A worker killed outright (a Ray worker out of memory on a long clip, killed again at each of Ray's tries)
    never removes its folder: a whole copy of the video stayed in the node's temporary folder for good, once per
    try.
    """
    from kinemotion.tracking.atomic import writer_gone

    parent = Path(tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for name in os.listdir(parent):
            match = _TASK_FOLDER.match(name)
            if match is not None and writer_gone(int(match[1]), match[2]):
                shutil.rmtree(parent / name, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"kinemotion-task-{os.getpid()}@{socket.gethostname()}-")


@dataclass(frozen=True)
class VideoTask:
    """Track one video: which one, with what, and whether to draw an overlay."""

    video: str
    """The path as the user gave it (recorded in the outputs)."""
    backend: str | None
    mode: str
    options: tuple[tuple[str, object], ...] = ()
    """Backend options (such as the person to follow, or ``--backend-option`` pairs)."""
    overlay: str | None = None
    """Where the annotated video goes (None: no overlay)."""
    folder: str | None = None
    """The folder a relative ``video`` and ``overlay`` are in: the working directory when the batch was given
    them (None: the working directory then; :func:`anchored` sets it). A backend may change the working directory
    while a batch runs (it is put back after each call, :mod:`kinemotion.pose.workdir`), and a file opened or
    written meanwhile by its relative name, in another thread, was looked for in the backend's folder."""

    @property
    def video_file(self) -> str:
        """The video's absolute path (:attr:`folder` joined with ``video``), as the worker opens it."""
        return self._located(self.video)

    @property
    def overlay_file(self) -> str | None:
        """The overlay's absolute path, as the worker writes it (None: no overlay)."""
        return None if self.overlay is None else self._located(self.overlay)

    def _located(self, path: str) -> str:
        from kinemotion.tracking.decode import is_url

        if is_url(path):  # refused as one when opened
            return path
        return os.path.join(os.getcwd() if self.folder is None else self.folder, path)  # an absolute path: itself


def anchored(tasks: Sequence[VideoTask]) -> list[VideoTask]:
    """``tasks`` with their :attr:`~VideoTask.folder` set to the working directory now where it is not: before
    any backend is called, so that no file of theirs is looked for where a backend moved it."""
    here = os.getcwd()
    return [task if task.folder is not None else dataclasses.replace(task, folder=here) for task in tasks]


@dataclass(frozen=True)
class TaskResult:
    """What came of a task: the tracking (None when it failed), the overlay's bytes, and the error if any."""

    tracking: TrackingResult | None
    overlay: bytes | None = None
    """The overlay, from a remote worker (a local one has written it to ``VideoTask.overlay``)."""
    error: str | None = None
    """Why nothing came of it, or (with a tracking) why it is incomplete."""


def process_worker() -> TrackingWorker:
    """This process's own :class:`~kinemotion.tracking.worker.TrackingWorker`, made on first use and kept
    until the process exits: what a worker process (``-j N``, Ray) tracks every video it is given with."""
    global _PROCESS_WORKER
    if _PROCESS_WORKER is None:
        _PROCESS_WORKER = TrackingWorker()
        atexit.register(_PROCESS_WORKER.close)
    return _PROCESS_WORKER


_PROCESS_WORKER: TrackingWorker | None = None


def run_task(
    task: VideoTask,
    video_bytes: bytes | None = None,
    progress: bool | None = False,
    worker: TrackingWorker | None = None,
) -> TaskResult:
    """Track ``task.video`` (or ``video_bytes``, a copy of it) and return the result; never raises a
    :class:`~kinemotion.errors.KinemotionError` (it becomes ``error``), except
    :class:`~kinemotion.tracking.worker.TrackingCancelledError`.

    With ``video_bytes`` (a remote worker) the overlay comes back as bytes;
    otherwise it is written to ``task.overlay``. ``worker`` keeps its tracker
    for the next task (see :func:`process_worker`); without one, a tracker is
    made for this task alone.
    """
    from kinemotion.tracking.given import result_as_given, said_as_given

    if worker is None:
        with TrackingWorker() as own:
            return run_task(task, video_bytes, progress, own)
    with _task_folder() as tmp:
        remote = video_bytes is not None
        source = Path(task.video_file)  # absolute: a backend may move the working directory meanwhile
        if video_bytes is not None:  # a remote worker: the video comes as bytes
            source = Path(tmp) / "input" / source.name
            source.parent.mkdir()
            source.write_bytes(video_bytes)
        overlay = None
        if task.overlay is not None:
            overlay = Path(tmp) / "overlay.mp4" if remote else Path(str(task.overlay_file))
        given = task.video if remote else Path(task.video)  # the name the result gave before: a copy's, as typed
        try:
            tracking = worker.track(
                source, task.backend, task.mode, overlay=overlay, progress=progress, **dict(task.options)
            )
        except TrackingCancelledError:
            raise
        except KinemotionError as exc:
            return TaskResult(None, error=said_as_given(str(exc), source, given))
        tracking = result_as_given(tracking, source, given)  # named as given, not by the path it was opened by
        return TaskResult(tracking, overlay.read_bytes() if remote and overlay else None, tracking.error)
