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
- ``local`` with ``-j N`` (N > 1) and a backend whose tracker offers ``streams``
  (plugin contract 1.4; ``rtmpose-cuda``): the workers are threads of this process, not
  processes, each tracking one video after another with its own stream of one
  tracker made here (:mod:`kinemotion.batch.shared`): one set of models, their
  calls batched across the videos being tracked (one model call for the
  crops of several videos), each thread decoding its next video ahead. A
  failure stays with its video; the thread goes on with the next. Asked
  only of a backend that runs on an accelerator or whose plugin says
  ``shares_models = True`` (:func:`~kinemotion.batch.shared.may_share_models`),
  whose tracker is then created here first; one that offers no streams is
  closed again and the workers are processes. ``-j auto`` does not ask (one
  worker for an accelerated backend: threads sharing one batched model were
  measured slower, :mod:`kinemotion.batch.parallelism`).
- Every worker (this process, a worker process, a Ray worker process) keeps
  its tracker from one video to the next (:class:`~kinemotion.tracking.worker.TrackingWorker`):
  the backend is selected and its models compiled once per worker, not per video.
- ``ray``: each video is a Ray task. ``ray.init()`` joins the cluster named by
  ``RAY_ADDRESS`` (Ray's own variable) or starts a local Ray. Workers get the
  video's bytes, so nodes need no shared filesystem; a task whose worker
  dies is retried (``RAY_RETRIES`` times); Ctrl-C cancels every task. Tasks
  ask Ray for GPUs only when ``gpus_per_task`` is given; the backend is
  chosen on each worker, so a GPU node may run ``rtmpose-cuda`` and a CPU
  node ``rtmpose-cpu`` (each output records the backend it used). Each task
  asks for the CPUs :func:`~kinemotion.batch.parallelism.ray_cpus_per_task`
  gives (up to 4, fewer on a smaller node), and its model threads follow them.

With several workers one bar follows the batch (videos done, failed).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import queue
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Literal, cast

from tqdm import tqdm

from kinemotion.batch.parallelism import (
    ACCELERATED_BACKENDS,
    Jobs,
    Parallelism,
    parse_jobs,
    plan,
    ray_cpus_per_task,
)
from kinemotion.batch.shared import SharedTracker, may_share_models
from kinemotion.batch.tasks import TaskResult, VideoTask, anchored, process_worker, run_task
from kinemotion.cpus import THREADS_ENV, max_threads
from kinemotion.errors import KinemotionError
from kinemotion.extras import pip_install
from kinemotion.pose.registry import default_registry
from kinemotion.pose.selection import resolve_backend_name
from kinemotion.progress import show_progress
from kinemotion.tracking import TrackingCancelledError, TrackingWorker
from kinemotion.tracking.atomic import remove_abandoned

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
RAY_RETRIES = 2
"""How many times Ray runs a video again after its worker process died."""


class RayNotInstalledError(KinemotionError):
    """``--executor ray`` without Ray installed."""


class RayConnectionError(KinemotionError):
    """Ray could not be started here, or the cluster in ``RAY_ADDRESS`` could not be joined."""


class RayResourceError(KinemotionError):
    """The Ray cluster cannot grant what each task asks for (``--gpus-per-task``)."""


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
    tasks = anchored(tasks)  # before any backend is called: one may move the working directory while they run
    if executor == "ray":
        return _on_ray(tasks, gpus_per_task, progress)
    backend = _planned_backend(tasks, jobs)
    parallelism = plan(jobs, len(tasks), backend, max_threads())
    shared = None
    if len(tasks) > 1 and jobs != "auto" and parallelism.workers > 1 and may_share_models(backend):
        shared = SharedTracker.open(tasks[0], parallelism.workers)
    if shared is not None and shared.streams:
        parallelism = plan(jobs, len(tasks), shared.backend, max_threads(), streams=True)
    logger.info("Tracking %d videos with %s", len(tasks), parallelism.describe())
    if parallelism.workers == 1:
        return _in_this_process(tasks, progress, shared)
    if shared is not None and shared.streams:
        return _in_threads(tasks, parallelism, shared, progress)
    if shared is not None:
        shared.close()  # asked whether it offers streams: it does not; the workers make their own
    return _in_processes(tasks, parallelism, progress)


def plan_for(tasks: Sequence[VideoTask], jobs: Jobs) -> Parallelism:
    """The :class:`~kinemotion.batch.parallelism.Parallelism` of ``tasks`` with ``jobs`` on the CPUs of this
    process. With ``auto`` for both jobs and backend, the accelerated backends are probed (cheap where their
    runtime is not installed): ``auto`` picks one of them when one can run, else a CPU backend. Whether the
    backend's tracker offers streams is not known before it is created (:func:`execute` does): planned
    without."""
    return plan(jobs, len(tasks), _planned_backend(tasks, jobs), max_threads())


def _planned_backend(tasks: Sequence[VideoTask], jobs: Jobs) -> str:
    """The backend ``auto`` picks when it can be one on an accelerator (probed here), else the name given."""
    backend = resolve_backend_name(tasks[0].backend)
    if jobs != 1 and backend == "auto" and len(tasks) > 1:
        registry = default_registry()
        for name in sorted(ACCELERATED_BACKENDS & set(registry.names())):
            info = registry.info(name)
            if info.available and info.own_mode(tasks[0].mode) is not None:
                backend = name
                break
    return backend


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


def _batch_bar(total: int, progress: bool | None) -> tqdm[Any]:
    return tqdm(total=total, unit="video", desc="videos", disable=not show_progress(progress), leave=False)


def _advance(bar: tqdm[Any], result: TaskResult, failed: list[int]) -> None:
    if result.tracking is None:
        failed[0] += 1
        bar.set_postfix(failed=failed[0])
    bar.update(1)


def _share_cpus(threads: int) -> None:
    """In a worker: ``threads`` model threads, unless the user set them (each worker would otherwise take all)."""
    os.environ.setdefault(THREADS_ENV, str(max(1, threads)))


_tracking_now = threading.Event()
"""Set in a worker process while it tracks a video (what a terminate request must stop cleanly)."""


def _init_process_worker(threads: int) -> None:
    """In a ``-j N`` worker process: its share of the CPUs, and a terminate request (the owner's Ctrl-C) that
    stops the video in progress the way Ctrl-C does, so that its partial outputs are removed on the way out;
    the same when the owner dies without asking (:func:`_stop_with_owner`)."""
    _share_cpus(threads)
    signal.signal(signal.SIGTERM, _on_terminate)
    hangup = getattr(signal, "SIGHUP", None)  # the terminal closed: the whole group gets it (not under nohup)
    if hangup is not None and signal.getsignal(hangup) is not signal.SIG_IGN:
        signal.signal(hangup, _on_terminate)
    _stop_with_owner(os.getppid())


OWNER_POLL_S = 0.5
"""How often a worker process checks that the process that started it is still there."""


def _stop_with_owner(owner: int) -> None:
    """Terminate this worker process when ``owner`` (its parent) is gone: a batch killed outright (``kill -9``,
    the out-of-memory killer) cannot stop its workers, which tracked their video to the end and wrote its overlay
    for a run that was over. The worker is then adopted by another process (its parent pid changes)."""

    def watch() -> None:
        while os.getppid() == owner:
            time.sleep(OWNER_POLL_S)
        os.kill(os.getpid(), signal.SIGTERM)  # stops the video in progress and removes its partial files
        time.sleep(TERMINATE_GRACE_S)
        os._exit(128 + signal.SIGTERM)  # it did not end by then (blocked outside Python): nothing is left to save

    threading.Thread(target=watch, name="kinemotion-owner-watch", daemon=True).start()


def _resource_tracker_deaf_to_hangups() -> None:
    """Start multiprocessing's resource tracker (a helper process the worker processes share) ignoring SIGHUP,
    as it ignores SIGINT and SIGTERM: a closed terminal stops the run (the workers' handler), and the tracker
    killed by it printed "resource_tracker: process died unexpectedly" and a traceback on the way out."""
    hangup = getattr(signal, "SIGHUP", None)
    if hangup is None or threading.current_thread() is not threading.main_thread():
        return
    from multiprocessing import resource_tracker

    handler = signal.getsignal(hangup)
    signal.signal(hangup, signal.SIG_IGN)  # inherited by the tracker started now (kept across its exec)
    try:
        resource_tracker.ensure_running()
    finally:
        signal.signal(hangup, signal.SIG_DFL if handler is None else handler)


def _on_terminate(signum: int, frame: object) -> None:
    if _tracking_now.is_set():
        raise KeyboardInterrupt(f"terminated by the batch's owner (signal {signum})")
    os._exit(128 + signum)  # idle between videos: nothing of ours to clean up


TERMINATE_GRACE_S = 5.0
"""How long a terminated worker process is given to remove its partial outputs before it is killed."""

KILLED_REAP_S = 5.0
"""How long a killed worker process is waited for (it ends at once) before the files it left are removed."""

_FINISHED = object()


def _in_this_process(tasks: Sequence[VideoTask], progress: bool | None, shared: SharedTracker | None) -> Results:
    """One worker here, in a thread: it keeps its tracker from video to video and decodes the next video
    while tracking the current one; this thread (the caller's) writes the outputs meanwhile. ``shared``: the
    tracker already made here (given to the worker, not made again)."""
    done: queue.Queue[object] = queue.Queue()
    worker = TrackingWorker(given=None if shared is None else shared.give)

    def track_all() -> None:
        try:
            for index, task in enumerate(tasks):
                following = tasks[index + 1] if index + 1 < len(tasks) else None
                if following is not None:
                    worker.decode_ahead(following.video_file)
                done.put((index, run_task(task, progress=progress, worker=worker)))
        except BaseException as exc:  # noqa: BLE001 - cancelled (Ctrl-C in the owner) or a bug: for the owner
            done.put(exc)
        finally:
            try:
                worker.close()
                if shared is not None:
                    shared.close()
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


def _in_threads(
    tasks: Sequence[VideoTask], parallelism: Parallelism, shared: SharedTracker, progress: bool | None
) -> Results:
    """Each worker is a thread of this process with its own stream of ``shared`` (the model calls of the videos
    being tracked batched together): it takes a video, then the next, decoding the one after ahead while it
    tracks; this thread (the caller's) writes the outputs meanwhile. A video whose tracking raised fails alone."""
    done: queue.Queue[object] = queue.Queue()
    lock = threading.Lock()
    waiting = list(range(parallelism.workers, len(tasks)))  # each thread's first video is its index
    workers = [TrackingWorker(given=shared.give) for _ in range(parallelism.workers)]

    def take() -> int | None:
        with lock:
            return waiting.pop(0) if waiting else None

    def track_all(worker: TrackingWorker, current: int | None) -> None:
        try:
            while current is not None:
                following = take()  # promised to this thread now: it decodes ahead while tracking the current one
                if following is not None:
                    worker.decode_ahead(tasks[following].video_file)
                try:
                    result = run_task(tasks[current], worker=worker)
                except TrackingCancelledError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a bug in the backend or here: this video fails alone
                    result = _worker_failure(tasks[current], exc, "worker thread")
                done.put((current, result))
                current = following
        except TrackingCancelledError:
            pass  # the owner stopped the batch: it is no longer reading
        except BaseException as exc:  # noqa: BLE001 - for the owner to raise
            done.put(exc)
        finally:
            try:
                worker.close()
            finally:
                done.put(_FINISHED)

    threads = [
        threading.Thread(target=track_all, args=(worker, index), name=f"kinemotion-tracking-{index}", daemon=True)
        for index, worker in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    running, failed = len(threads), [0]
    try:
        with _batch_bar(len(tasks), progress) as bar:
            while running:
                item = done.get()
                if item is _FINISHED:
                    running -= 1
                    continue
                if isinstance(item, BaseException):
                    raise item
                index, result = cast("tuple[int, TaskResult]", item)
                _advance(bar, result, failed)
                yield index, result
    finally:
        for worker in workers:
            worker.cancel()  # Ctrl-C, an error or the caller stopped early: each video in progress stops
        deadline = time.monotonic() + TERMINATE_GRACE_S
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        stuck = [thread.name for thread in threads if thread.is_alive()]
        if stuck:
            logger.warning(
                "Backend %r has not returned from its current frame in %s %.0f s after the stop: not waiting for "
                "it (a backend that hangs; report it to its authors).",
                shared.backend,
                ", ".join(stuck),
                TERMINATE_GRACE_S,
            )
        else:
            shared.close()


class _ProcessSlot:
    """One worker process (a pool of one, so each video goes to a known process) and the video promised to it
    next, which it opens and decodes ahead while it tracks the current one."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.pool = self._new_pool()
        self.promised: int | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        _resource_tracker_deaf_to_hangups()
        return ProcessPoolExecutor(
            max_workers=1, mp_context=get_context("spawn"), initializer=_init_process_worker, initargs=(self.threads,)
        )

    def replace(self) -> None:
        """A new process, this one having died (the video it was tracking has failed): the next videos still run.
        The dead one is reaped first, so that what it left is known abandoned (:func:`_remove_left_overlays`)."""
        dead = self.processes()
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in dead:
            process.join(KILLED_REAP_S)
        self.pool = self._new_pool()

    def processes(self) -> list[Any]:
        return list((getattr(self.pool, "_processes", None) or {}).values())


def _in_processes(tasks: Sequence[VideoTask], parallelism: Parallelism, progress: bool | None) -> Results:
    """Each worker process is given one video at a time, and told which one it gets next (see :class:`_ProcessSlot`);
    a worker that finishes is given the video promised to it, the one after it promised from the queue."""
    slots = [_ProcessSlot(parallelism.threads) for _ in range(parallelism.workers)]
    waiting = list(range(len(tasks)))
    pending: dict[Future[TaskResult], tuple[int, _ProcessSlot]] = {}

    def feed(slot: _ProcessSlot, idle: int = 0) -> None:
        """Give ``slot`` its next video and promise it the one after, unless the ``idle`` slots still to be fed
        need every video left (``-j 2`` on two videos: one each, not both to the first)."""
        index = slot.promised if slot.promised is not None else (waiting.pop(0) if waiting else None)
        if index is None:
            return
        slot.promised = waiting.pop(0) if len(waiting) > idle else None
        following = None if slot.promised is None else tasks[slot.promised].video_file
        try:
            future = slot.pool.submit(_run_here, tasks[index], following)
        except BrokenProcessPool:  # the process died between two videos: a new one takes this video
            slot.replace()
            future = slot.pool.submit(_run_here, tasks[index], following)
        pending[future] = (index, slot)

    failed = [0]
    try:
        with _batch_bar(len(tasks), progress) as bar:
            for fed, slot in enumerate(slots, start=1):
                feed(slot, idle=len(slots) - fed)
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index, slot = pending.pop(future)
                    try:
                        result = future.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died or a bug: reported per video
                        result = _worker_failure(tasks[index], exc, "worker process")
                        if isinstance(exc, BrokenProcessPool):  # died mid-video (a native crash, the OOM killer)
                            slot.replace()
                            _remove_left_overlays([tasks[index]])  # its partial overlay: never finished
                    feed(slot)
                    _advance(bar, result, failed)
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
                process.join(KILLED_REAP_S)  # reaped: known to be gone, so what it left is abandoned
        _remove_left_overlays(tasks)
        raise
    for slot in slots:
        slot.pool.shutdown()


def _remove_left_overlays(tasks: Sequence[VideoTask]) -> None:
    """Remove the partial overlays of worker processes that were killed before they could (a loaded machine
    can take longer than :data:`TERMINATE_GRACE_S` to deliver the stop), or that died mid-video: hidden, never
    read as outputs, but nothing of a stopped batch or a failed video may stay behind. Only files whose writer
    is gone are touched."""
    for task in tasks:
        if task.overlay_file is not None:
            remove_abandoned(task.overlay_file)


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


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RayNotInstalledError(
            f"--executor ray needs Ray: {pip_install('ray')} (or --executor local, the default)"
        ) from None
    return ray


def _read_video(task: VideoTask) -> bytes | TaskResult:
    """The video's bytes to ship to a worker, or the failure to report for it."""
    from kinemotion.tracking.decode import opencv_path, unreadable_reason

    path = Path(task.video)
    problem = unreadable_reason(path)
    if problem is not None:
        return TaskResult(None, error=problem)
    try:
        opencv_path(path)  # a name OpenCV cannot open fails here, named as the user gave it
    except KinemotionError as exc:
        return TaskResult(None, error=str(exc))
    try:
        return Path(task.video_file).read_bytes()
    except OSError as exc:
        return TaskResult(None, error=f"{path}: cannot read it: {exc.strerror or exc}")


def _worker_failure(task: VideoTask, exc: BaseException, where: str) -> TaskResult:
    """A video its worker could not finish (the worker died, past Ray's retries, or raised): one line."""
    cause = getattr(exc, "cause", None) or exc
    last = str(cause).strip().splitlines()[-1] if str(cause).strip() else type(cause).__name__
    return TaskResult(None, error=f"{task.video}: the {where} failed ({type(exc).__name__}): {last}")


_HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"
"""An HTTP/2 client's first bytes (the preface and an empty SETTINGS frame): what Ray's GCS (gRPC) answers."""


def _first_bytes(sock: socket.socket, count: int) -> bytes:
    data = b""
    with contextlib.suppress(OSError):  # a timeout or a reset: what came so far
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                break
            data += chunk
    return data


def _unreachable(address: str, timeout: float = 5.0) -> str | None:
    """Why a plain ``host:port`` address is not a Ray cluster (Ray itself retries for minutes, or forever), or None.

    Nothing answers; or what answers does not speak HTTP/2 as Ray's GCS (a gRPC
    server) does: a web server, the dashboard's port, another service.
    """
    host, _, port = address.rpartition(":")
    if "://" in address or not host or not port.isdigit():
        return None  # "auto", "ray://...": Ray's own forms, left to Ray
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as sock:
            sock.sendall(_HTTP2_PREFACE)
            answer = _first_bytes(sock, 9)
    except OSError as exc:
        return f"nothing answers at {host}:{port} ({exc.strerror or exc})"
    if len(answer) == 9 and answer[3] == 0x04:  # an HTTP/2 SETTINGS frame: a gRPC server, as Ray's GCS is
        return None
    seen = answer.split(b"\r\n", 1)[0][:40].decode("ascii", "replace") if answer else "nothing"
    return (
        f"{host}:{port} answers, but not as a Ray cluster (it sent {seen!r}; Ray's head answers in gRPC on the port "
        "`ray start --head` printed, 6379 by default, not the dashboard's 8265)"
    )


def _node_cpus(ray: Any) -> list[float]:
    """The CPUs of each live node of the Ray cluster."""
    nodes = [n for n in ray.nodes() if n.get("Alive", n.get("alive", True))]
    return [float(n.get("Resources", {}).get("CPU", 0)) for n in nodes]


def _check_gpus(ray: Any, gpus_per_task: float) -> None:
    """Refuse a GPU request no node of the cluster can grant (Ray would wait for one forever)."""
    if not gpus_per_task:
        return
    nodes = [n for n in ray.nodes() if n.get("Alive", n.get("alive", True))]
    most = max((float(n.get("Resources", {}).get("GPU", 0)) for n in nodes), default=0.0)
    if most < gpus_per_task:
        raise RayResourceError(
            f"--gpus-per-task {gpus_per_task:g}: no node of the Ray cluster has that many GPUs "
            f"(the most on one node: {most:g}), so every video would wait forever. Lower --gpus-per-task, "
            "add GPU nodes to the cluster, or leave the option out to run on CPUs."
        )


@contextlib.contextmanager
def _utf8_command_line(ray: Any) -> Iterator[None]:
    """The driver's command line as UTF-8 text while Ray starts.

    Ray records it (``sys.argv``, and the process's command line through
    ``ray._private.utils.get_entrypoint_name``) as UTF-8 and fails to start on
    a video's file name that is not valid UTF-8; that video must fail alone
    and the rest of the batch run, so the name is shown as ``\\xNN`` there.
    """
    from kinemotion.tracking.decode import shown

    saved_argv = sys.argv
    utils: Any = getattr(getattr(ray, "_private", None), "utils", None)
    entrypoint = getattr(utils, "get_entrypoint_name", None)
    sys.argv = [shown(arg) for arg in saved_argv]
    if entrypoint is not None:
        utils.get_entrypoint_name = lambda: shown(entrypoint())
    try:
        yield
    finally:
        sys.argv = saved_argv
        if entrypoint is not None:
            utils.get_entrypoint_name = entrypoint


def _start_ray(ray: Any) -> None:
    address = os.environ.get("RAY_ADDRESS")
    problem = _unreachable(address) if address else None
    if problem is not None:
        raise RayConnectionError(
            f"could not join the Ray cluster at RAY_ADDRESS={address}: {problem}. Start it (`ray start --head`) "
            "or fix RAY_ADDRESS; without RAY_ADDRESS a local Ray is started."
        )
    # Ray's own log lines ("Token authentication is enabled for this Ray cluster...") are no kinemotion output:
    # only its errors reach the terminal, as MediaPipe's native log does not; -vv (debug) shows its warnings too.
    own_level = logging.WARNING if logger.isEnabledFor(logging.DEBUG) else logging.ERROR
    settings: dict[str, Any] = {"logging_level": own_level, "log_to_driver": False}
    if not address:
        settings["include_dashboard"] = False
    try:
        with _utf8_command_line(ray):
            ray.init(**settings)
    except Exception as exc:  # Ray raises several kinds; one clear line for each
        cause = exc.__cause__ or exc
        detail = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        where = f"the Ray cluster at RAY_ADDRESS={address}" if address else "a local Ray"
        raise RayConnectionError(
            f"could not start or join {where}: {type(cause).__name__}: {detail}. Check `ray status` on the head "
            "node (and RAY_AUTH_TOKEN if the cluster uses token authentication), or run with --executor local."
        ) from exc


def _ray_task(task: VideoTask, video_bytes: bytes) -> TaskResult:
    """On a Ray worker: as many model threads as CPUs Ray gave the task, then :func:`run_task`."""
    import ray

    # Typed here: Ray's own signature is untyped, which strict mypy refuses to call where Ray is installed.
    assigned: Callable[[], dict[str, float]] = ray.get_runtime_context().get_assigned_resources
    cpus = assigned().get("CPU", 1)
    _share_cpus(int(cpus))
    return run_task(task, video_bytes, worker=process_worker())


def _on_ray(tasks: Sequence[VideoTask], gpus_per_task: float, progress: bool | None) -> Results:
    ray = _import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        _start_ray(ray)
    try:
        _check_gpus(ray, gpus_per_task)
    except RayResourceError:
        if started_here:
            ray.shutdown()
        raise
    cpus = ray_cpus_per_task(_node_cpus(ray))
    plural = "" if cpus == 1 else "s"
    logger.info("Tracking %d videos on Ray, %d CPU%s per task (model threads)", len(tasks), cpus, plural)
    # max_calls=0: a worker process is reused for every task it is given (Ray's default for GPU tasks is
    # one task per process), so its tracker is made once.
    remote = ray.remote(max_retries=RAY_RETRIES, num_cpus=cpus, num_gpus=gpus_per_task or 0, max_calls=0)(_ray_task)
    in_flight_limit = max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))  # bounds the bytes in the object store
    failed = [0]
    pending: dict[Any, int] = {}
    try:
        with _batch_bar(len(tasks), progress) as bar:
            queue = list(enumerate(tasks))
            while queue or pending:
                while queue and len(pending) < in_flight_limit:
                    index, task = queue.pop(0)
                    payload = _read_video(task)
                    if isinstance(payload, TaskResult):
                        _advance(bar, payload, failed)
                        yield index, payload
                        continue
                    pending[remote.remote(task, payload)] = index
                if not pending:
                    continue
                done, _ = ray.wait(list(pending), num_returns=1)
                for ref in done:
                    index = pending.pop(ref)
                    try:
                        result = ray.get(ref)
                    except Exception as exc:  # noqa: BLE001 - Ray's task and worker errors, reported per video
                        result = _worker_failure(tasks[index], exc, "Ray task")
                    _advance(bar, result, failed)
                    yield index, result
    except (KeyboardInterrupt, GeneratorExit):
        for ref in pending:
            ray.cancel(ref, force=True)
        raise
    finally:
        if started_here:
            ray.shutdown()
