"""Where a batch of videos is tracked: in this process, in local worker processes, or on Ray.

Every executor yields ``(index, TaskResult)`` as videos finish, so the
caller (the one process that owns the output folder) writes each video's
outputs as soon as they exist. A failure stays with its video.

- ``local``: one worker tracks one video after another here, in a thread (a
  progress bar per video), decoding the next video while it tracks the current
  one, while the caller writes outputs; several workers are processes
  (spawned, so no runtime's threads are forked), each given one video at a time
  and told which one comes next, which it opens and decodes meanwhile; a worker
  process that dies fails the video it was tracking and is replaced for the
  rest. ``jobs`` says how many, or ``"auto"`` (:mod:`kinemotion.batch.parallelism`).
- Every worker (this process, a worker process, a Ray worker) keeps its
  tracker from one video to the next (:class:`~kinemotion.tracking.worker.TrackingWorker`):
  the backend is selected and its models compiled once per worker, not per video.
- ``ray`` (:mod:`kinemotion.batch.ray_executor`): long-lived Ray workers
  (actors), one per slot the cluster offers, each fed one video at a time and
  told the next, as the local worker processes are. ``ray.init()`` joins the
  cluster named by ``RAY_ADDRESS`` (Ray's own variable) or starts a local Ray
  (:mod:`kinemotion.batch.ray_cluster`). Workers get the video's bytes, so
  nodes need no shared filesystem; the video of a worker that dies is given
  again (``RAY_RETRIES`` times); Ctrl-C stops every worker. Workers ask Ray
  for GPUs only when ``gpus_per_task`` is given; the backend is chosen on each
  worker, so a GPU node may run ``rtmpose-cuda`` and a CPU node
  ``rtmpose-cpu`` (each output records the backend it used). Each worker asks
  for the CPUs :func:`~kinemotion.batch.parallelism.ray_cpus_per_task` gives
  (up to 4, fewer on a smaller node), and its model threads follow them.

With several workers one bar follows the batch (videos done, failed).
"""

from __future__ import annotations

import logging
import math
import os
import queue
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, Literal

from kinemotion.batch.bar import BatchBar
from kinemotion.batch.parallelism import ACCELERATED_BACKENDS, Jobs, Parallelism, parse_jobs, plan
from kinemotion.batch.ray_cluster import RayConnectionError, RayNotInstalledError, RayResourceError
from kinemotion.batch.ray_executor import RAY_RETRIES, run_on_ray
from kinemotion.batch.tasks import TaskResult, VideoTask, process_worker, run_task, share_cpus, worker_failure
from kinemotion.cpus import max_threads
from kinemotion.pose.registry import default_registry
from kinemotion.pose.selection import resolve_backend_name
from kinemotion.tracking import TrackingWorker

__all__ = [
    "EXECUTORS",
    "RAY_RETRIES",
    "ExecutorName",
    "RayConnectionError",
    "RayNotInstalledError",
    "RayResourceError",
    "check_gpus_per_task",
    "execute",
    "plan_for",
]

logger = logging.getLogger(__name__)

ExecutorName = Literal["local", "ray"]
EXECUTORS: tuple[str, ...] = ("local", "ray")

Results = Iterator[tuple[int, TaskResult]]


def execute(
    tasks: Sequence[VideoTask],
    *,
    executor: ExecutorName = "local",
    jobs: Jobs = 1,
    gpus_per_task: float = 0.0,
    progress: bool | None = None,
) -> Results:
    """Track every task; yields ``(index into tasks, result)`` in the order they finish.

    ``jobs``: local workers (processes, or this process for one), or
    ``"auto"`` (:func:`kinemotion.batch.parallelism.plan`; logged at INFO).
    The tasks of a batch share their backend and mode.

    Raises:
        RayNotInstalledError: ``executor="ray"`` and Ray is not installed.
        RayResourceError: no node of the Ray cluster has ``gpus_per_task`` GPUs.
        ValueError: an unknown executor, ``jobs`` neither ``"auto"`` nor 1 or more, ``gpus_per_task`` with
            the local executor or of a value Ray cannot reserve (see :func:`check_gpus_per_task`).
    """
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, got {executor!r}")
    jobs = parse_jobs(jobs)
    check_gpus_per_task(gpus_per_task)
    if gpus_per_task and executor != "ray":
        raise ValueError("gpus_per_task is a Ray resource request: use it with executor='ray'")
    if not tasks:
        return iter(())
    if executor == "ray":
        return run_on_ray(tasks, gpus_per_task, progress)
    parallelism = plan_for(tasks, jobs)
    logger.info("Tracking %d videos with %s", len(tasks), parallelism.describe())
    if parallelism.workers == 1:
        return _in_this_process(tasks, progress)
    return _in_processes(tasks, parallelism, progress)


def plan_for(tasks: Sequence[VideoTask], jobs: Jobs) -> Parallelism:
    """The :class:`~kinemotion.batch.parallelism.Parallelism` of ``tasks`` with ``jobs`` on the CPUs of this
    process. With ``auto`` for both jobs and backend, the accelerated backends are probed (cheap where their
    runtime is not installed): ``auto`` picks one of them when one can run, else a CPU backend."""
    backend = resolve_backend_name(tasks[0].backend)
    if jobs == "auto" and backend == "auto" and len(tasks) > 1:
        registry = default_registry()
        for name in sorted(ACCELERATED_BACKENDS & set(registry.names())):
            info = registry.info(name)
            if info.available and tasks[0].mode in info.modes:
                backend = name
                break
    return plan(jobs, len(tasks), backend, max_threads())


def check_gpus_per_task(gpus: float) -> float:
    """``gpus`` when Ray can reserve that many GPUs per task: 0, a fraction up to 1, or a whole number.

    Raises:
        ValueError: negative, not finite, or more than 1 and not whole (Ray refuses 1.5).
    """
    if not math.isfinite(gpus) or gpus < 0:
        raise ValueError(f"GPUs per task must be a finite number, 0 or more, got {gpus!r}")
    if gpus > 1 and not float(gpus).is_integer():
        raise ValueError(
            f"GPUs per task above 1 must be a whole number (Ray shares a GPU only as a fraction of one), got {gpus:g}"
        )
    return gpus


_tracking_now = threading.Event()
"""Set in a worker process while it tracks a video (what a terminate request must stop cleanly)."""


def _init_process_worker(threads: int) -> None:
    """In a ``-j N`` worker process: its share of the CPUs, and a terminate request (the owner's Ctrl-C) that
    stops the video in progress the way Ctrl-C does, so that its partial outputs are removed on the way out."""
    share_cpus(threads)
    signal.signal(signal.SIGTERM, _on_terminate)


def _on_terminate(signum: int, frame: object) -> None:
    if _tracking_now.is_set():
        raise KeyboardInterrupt(f"terminated by the batch's owner (signal {signum})")
    os._exit(128 + signum)  # idle between videos: nothing of ours to clean up


TERMINATE_GRACE_S = 5.0
"""How long a terminated worker process is given to remove its partial outputs before it is killed."""

_FINISHED = object()


def _in_this_process(tasks: Sequence[VideoTask], progress: bool | None) -> Results:
    """One worker here, in a thread: it keeps its tracker from video to video and decodes the next video
    while tracking the current one; this thread (the caller's) writes the outputs meanwhile."""
    done: queue.Queue[object] = queue.Queue()
    worker = TrackingWorker()

    def track_all() -> None:
        try:
            for index, task in enumerate(tasks):
                following = tasks[index + 1] if index + 1 < len(tasks) else None
                if following is not None:
                    worker.decode_ahead(following.video)
                done.put((index, run_task(task, progress=progress, worker=worker)))
        except BaseException as exc:  # noqa: BLE001 - cancelled (Ctrl-C in the owner) or a bug: for the owner
            done.put(exc)
        finally:
            try:
                worker.close()
            finally:
                done.put(_FINISHED)  # whatever closing does, the owner waiting on the queue is told

    thread = threading.Thread(target=track_all, name="kinemotion-tracking", daemon=True)
    thread.start()
    finished = False
    try:
        while (item := done.get()) is not _FINISHED:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
        finished = True
    finally:
        worker.cancel()  # Ctrl-C or the caller stopped early: the video in progress stops at its next frame
        thread.join(None if finished else TERMINATE_GRACE_S)
        if thread.is_alive():  # a backend stuck inside one frame never reaches the next: not waited for
            logger.warning(
                "Backend %s has not returned from its current frame %.0f s after the stop: not waiting for it "
                "(a backend that hangs; report it to its authors).",
                " / ".join(repr(name) for name in worker.backends) or "(none yet)",
                TERMINATE_GRACE_S,
            )


class _ProcessSlot:
    """One worker process (a pool of one, so each video goes to a known process) and the video promised to it
    next, which it opens and decodes ahead while it tracks the current one."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.pool = self._new_pool()
        self.promised: int | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=1, mp_context=get_context("spawn"), initializer=_init_process_worker, initargs=(self.threads,)
        )

    def replace(self) -> None:
        """A new process, this one having died (the video it was tracking has failed): the next videos still run."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    def processes(self) -> list[Any]:
        return list((getattr(self.pool, "_processes", None) or {}).values())


def _in_processes(tasks: Sequence[VideoTask], parallelism: Parallelism, progress: bool | None) -> Results:
    """Each worker process is given one video at a time, and told which one it gets next (see :class:`_ProcessSlot`);
    a worker that finishes is given the video promised to it, the one after it promised from the queue."""
    slots = [_ProcessSlot(parallelism.threads) for _ in range(parallelism.workers)]
    waiting = list(range(len(tasks)))
    pending: dict[Future[TaskResult], tuple[int, _ProcessSlot]] = {}

    def feed(slot: _ProcessSlot) -> None:
        index = slot.promised if slot.promised is not None else (waiting.pop(0) if waiting else None)
        if index is None:
            return
        slot.promised = waiting.pop(0) if waiting else None
        following = None if slot.promised is None else tasks[slot.promised].video
        try:
            future = slot.pool.submit(_run_here, tasks[index], following)
        except BrokenProcessPool:  # the process died between two videos: a new one takes this video
            slot.replace()
            future = slot.pool.submit(_run_here, tasks[index], following)
        pending[future] = (index, slot)

    try:
        with BatchBar(len(tasks), progress) as bar:
            for slot in slots:
                feed(slot)
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index, slot = pending.pop(future)
                    try:
                        result = future.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died or a bug: reported per video
                        result = worker_failure(tasks[index], exc, "worker process")
                        if isinstance(exc, BrokenProcessPool):
                            slot.replace()
                    feed(slot)
                    bar.advance(result)
                    yield index, result
    except (KeyboardInterrupt, GeneratorExit):
        running = [process for slot in slots for process in slot.processes()]
        for slot in slots:
            slot.pool.shutdown(wait=False, cancel_futures=True)
        for process in running:  # stop the videos in progress too: their outputs are never written
            process.terminate()
        for process in running:  # ... and let each remove its partial files (a few seconds at most)
            process.join(TERMINATE_GRACE_S)
            if process.is_alive():
                process.kill()
        raise
    for slot in slots:
        slot.pool.shutdown()


def _run_here(task: VideoTask, following: str | None = None) -> TaskResult:
    """In a worker process: :func:`run_task` with the process's own worker (its tracker kept for the next task),
    the ``following`` video (the next this process will be given) opened and decoded meanwhile."""
    worker = process_worker()
    if following is not None:
        worker.decode_ahead(following)
    _tracking_now.set()
    try:
        return run_task(task, worker=worker)
    finally:
        _tracking_now.clear()
