"""``--executor ray``: long-lived Ray workers (actors), each fed one video at a time and told the next.

One actor (:class:`RayTrackingWorker`) per slot of the cluster: the CPUs of
:func:`~kinemotion.batch.parallelism.ray_cpus_per_task` (and the GPUs of
``--gpus-per-task``) that its live nodes hold at once, never more than the
videos. Each keeps its tracker from video to video (its process's
:class:`~kinemotion.tracking.worker.TrackingWorker`), as a local worker
does, and, as a local worker process does, is given one video at a time
and told which one it gets next: that video's bytes come with the current
one's call, and the actor opens and decodes it while it tracks the current
one. A result comes back as soon as its video is done (the batch's bar
advances per video); the actor that finished is given its next video, and
the one after it promised from the queue.

- An actor is fed only once it is up (its ``ready`` call returned): a video
  never waits for an actor the cluster cannot place while another is idle.
- Each video is read once, here, and put in Ray's object store (nodes need
  no shared filesystem); at most two per actor at a time.
- An actor that dies (its process killed, out of memory, its node lost) is
  replaced; the video it was tracking is given again, to the first actor
  free, up to :data:`RAY_RETRIES` more times (then it fails, with the
  reason), and the video promised to it goes back to the front of the queue:
  no video is lost or tracked twice for its result. A video whose tracking
  raises fails alone, without a retry.
- Ctrl-C (or SIGTERM in the command) kills every actor, stopping the videos
  in progress; nothing of them is written (this process writes every file).
"""

from __future__ import annotations

import collections
import contextlib
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinemotion.batch.bar import BatchBar
from kinemotion.batch.parallelism import ray_cpus_per_task
from kinemotion.batch.ray_cluster import check_gpus, import_ray, node_cpus, start_ray, worker_slots
from kinemotion.batch.tasks import (
    TaskResult,
    VideoTask,
    process_worker,
    run_task,
    share_cpus,
    worker_failure,
    write_copy,
)
from kinemotion.errors import KinemotionError

__all__ = ["RAY_RETRIES", "RayTrackingWorker", "run_on_ray"]

logger = logging.getLogger(__name__)

RAY_RETRIES = 2
"""How many times a video is given again after the Ray worker tracking it died."""

Results = Iterator[tuple[int, TaskResult]]


class RayTrackingWorker:
    """A Ray actor: tracks the videos it is given with its process's kept tracker, the next one decoded ahead.

    Its model threads are the CPUs Ray gave it. A video comes as its bytes,
    written to a copy on this node; the video promised next comes with the
    call before its own, so that its copy is written and it is opened and
    decoded while the current one is tracked (its own call then carries no
    bytes).
    """

    def __init__(self) -> None:
        import ray

        # Typed here: Ray's own signature is untyped, which strict mypy refuses to call where Ray is installed.
        assigned: Callable[[], dict[str, float]] = ray.get_runtime_context().get_assigned_resources
        share_cpus(int(assigned().get("CPU", 1)))
        self._copies: dict[int, Path] = {}

    def ready(self) -> bool:
        """Returns once the actor is up (the driver feeds it from then on)."""
        return True

    def track(
        self,
        index: int,
        task: VideoTask,
        video: bytes | None,
        following: tuple[int, str] | None = None,
        following_bytes: bytes | None = None,
    ) -> TaskResult:
        """Track video ``index`` (``video``: its bytes, or None when they came as ``following_bytes`` of the
        call before); ``following`` (its index and path), whose bytes are ``following_bytes``, is the video
        this actor gets next: opened and decoded meanwhile."""
        copy = self._copies.pop(index, None)
        if copy is None:
            if video is None:
                raise RuntimeError(f"{task.video}: no bytes were sent for it, nor before it (a kinemotion bug)")
            copy = write_copy(Path(tempfile.mkdtemp(prefix="kinemotion-ray-")), task.video, video)
        worker = process_worker()
        if following is not None and following_bytes is not None:
            after, path = following
            ahead = write_copy(Path(tempfile.mkdtemp(prefix="kinemotion-ray-")), path, following_bytes)
            self._copies[after] = ahead
            worker.decode_ahead(ahead)
        try:
            return run_task(task, worker=worker, copy=copy)
        finally:
            shutil.rmtree(copy.parent, ignore_errors=True)


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
        return path.read_bytes()
    except OSError as exc:
        return TaskResult(None, error=f"{path}: cannot read it: {exc.strerror or exc}")


def _last_line(exc: BaseException) -> str:
    """The last line of a Ray error (what went wrong; Ray's text above it is its context and traceback)."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[-1]}" if text else type(exc).__name__


@dataclass
class _Slot:
    """One actor as the driver sees it: starting, idle, or tracking one video with one more promised to it."""

    actor: Any
    starting: Any | None
    """Its ``ready()`` call, until it returns."""
    call: Any | None = None
    index: int | None = None
    """The video being tracked."""
    promised: int | None = None
    """The video it gets next (its bytes already sent with the current call)."""


class _Feeder:
    """Hands the videos to the actors (see the module's description) and collects their results."""

    def __init__(self, ray: Any, tasks: Sequence[VideoTask], actor_class: Any, actors: int) -> None:
        self.ray = ray
        self.tasks = tasks
        self.actor_class = actor_class
        self.waiting = collections.deque(range(len(tasks)))
        self.payloads: dict[int, Any] = {}
        """The object-store reference of each video read and not yet done."""
        self.tries = collections.Counter[int]()
        self.start_error: BaseException | None = None
        self.slots = [self._start() for _ in range(actors)]

    def _start(self) -> _Slot:
        actor = self.actor_class.remote()
        return _Slot(actor, actor.ready.remote())

    def results(self) -> Results:
        """Each video's result as it comes, until every video has one."""
        ray = self.ray
        while True:
            for slot in self.slots:
                if slot.starting is None and slot.call is None:
                    yield from self._feed(slot)
            busy = {slot.call: slot for slot in self.slots if slot.call is not None}
            if not busy and not self.waiting:
                return
            if not self.slots:  # no actor could start: the rest fail with the reason
                yield from self._fail_waiting()
                return
            starting = {slot.starting: slot for slot in self.slots if slot.starting is not None}
            done, _ = ray.wait([*busy, *starting], num_returns=1)
            ref = done[0]
            if ref in starting:
                self._started(starting[ref])
                continue
            slot = busy[ref]
            index, slot.call, slot.index = slot.index, None, None
            assert index is not None
            try:
                result = ray.get(ref)
            except ray.exceptions.RayActorError as exc:
                yield from self._lost(slot, index, exc)
                continue
            except Exception as exc:  # noqa: BLE001 - the tracking raised (a bug): this video's failure alone
                result = worker_failure(self.tasks[index], exc, "Ray worker")
            self.payloads.pop(index, None)
            yield index, result

    def _started(self, slot: _Slot) -> None:
        try:
            self.ray.get(slot.starting)
        except Exception as exc:  # noqa: BLE001 - the actor could not start: the others carry on
            logger.warning("A Ray worker could not start: %s", _last_line(exc))
            self.start_error = exc
            self.slots.remove(slot)
            self._kill(slot)
            return
        slot.starting = None

    def _take(self, failed: list[tuple[int, TaskResult]]) -> int | None:
        """The next video in the queue, its bytes in the object store; a video that cannot be read fails here."""
        while self.waiting:
            index = self.waiting.popleft()
            if index in self.payloads:  # given again after its worker died: read already
                return index
            payload = _read_video(self.tasks[index])
            if isinstance(payload, TaskResult):
                failed.append((index, payload))
                continue
            self.payloads[index] = self.ray.put(payload)
            return index
        return None

    def _feed(self, slot: _Slot) -> Results:
        """``slot``'s next video (the one promised to it, else the first waiting), the one after it promised."""
        failed: list[tuple[int, TaskResult]] = []
        index = slot.promised if slot.promised is not None else self._take(failed)
        held, slot.promised = slot.promised, None
        if index is not None:
            slot.promised = self._take(failed)
            following = None if slot.promised is None else (slot.promised, self.tasks[slot.promised].video)
            sent = None if held is not None else self.payloads[index]  # a promised video's bytes came before
            after = None if slot.promised is None else self.payloads[slot.promised]
            slot.call = slot.actor.track.remote(index, self.tasks[index], sent, following, after)
            slot.index = index
        yield from failed

    def _lost(self, slot: _Slot, index: int, exc: BaseException) -> Results:
        """``slot``'s actor died tracking ``index``: a new actor in its place, the video given again (or failed
        after :data:`RAY_RETRIES` more tries), the video promised to it back at the front of the queue."""
        if slot.promised is not None:
            self.waiting.appendleft(slot.promised)
        self._kill(slot)
        fresh = self._start()
        slot.actor, slot.starting, slot.promised = fresh.actor, fresh.starting, None
        self.tries[index] += 1
        if self.tries[index] <= RAY_RETRIES:
            died = worker_failure(self.tasks[index], exc, "Ray worker").error
            logger.warning("%s; tracked again on another worker (retry %d of %d)", died, self.tries[index], RAY_RETRIES)
            self.waiting.appendleft(index)
            return
        self.payloads.pop(index, None)
        yield index, worker_failure(self.tasks[index], exc, f"Ray worker ({RAY_RETRIES + 1} tries)")

    def _fail_waiting(self) -> Results:
        reason = "no Ray worker could start" + (f" ({_last_line(self.start_error)})" if self.start_error else "")
        while self.waiting:
            index = self.waiting.popleft()
            self.payloads.pop(index, None)
            yield index, TaskResult(None, error=f"{self.tasks[index].video}: {reason}")

    def _kill(self, slot: _Slot) -> None:
        with contextlib.suppress(Exception):  # already gone
            self.ray.kill(slot.actor, no_restart=True)

    def stop(self) -> None:
        """Kill every actor: the videos in progress stop (nothing of them is written)."""
        for slot in self.slots:
            self._kill(slot)
        self.slots = []


def run_on_ray(tasks: Sequence[VideoTask], gpus_per_task: float, progress: bool | None) -> Results:
    """Track ``tasks`` on Ray (see the module's description); yields ``(index, result)`` as videos finish.

    Raises:
        RayNotInstalledError: Ray is not installed.
        RayConnectionError: Ray could not be started, or the cluster in ``RAY_ADDRESS`` joined.
        RayResourceError: no node of the cluster has ``gpus_per_task`` GPUs.
    """
    ray = import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        start_ray(ray)
    feeder: _Feeder | None = None
    try:
        check_gpus(ray, gpus_per_task)
        cpus = ray_cpus_per_task(node_cpus(ray))
        actors = min(len(tasks), worker_slots(ray, cpus, gpus_per_task))
        logger.info(
            "Tracking %d videos on Ray: %d worker%s x %d CPU%s (model threads)",
            len(tasks), actors, "" if actors == 1 else "s", cpus, "" if cpus == 1 else "s",
        )  # fmt: skip
        actor_class = ray.remote(num_cpus=cpus, num_gpus=gpus_per_task or 0, max_restarts=0)(RayTrackingWorker)
        feeder = _Feeder(ray, tasks, actor_class, actors)
        with BatchBar(len(tasks), progress) as bar:
            for index, result in feeder.results():
                bar.advance(result)
                yield index, result
    finally:
        if feeder is not None:
            feeder.stop()  # done, Ctrl-C, or the caller stopped early: the actors go (and the videos in progress)
        if started_here:
            ray.shutdown()
