"""One model call for the frames of several videos: a session shared by trackers in threads.

Each video's tracker runs in its own thread and calls ``run`` with its one
crop, as it would on a session of its own. :class:`BatchingSession` hands the
crop to its one device thread and the caller sleeps until its row comes back.
The device thread alone runs the model: it takes the first crop waiting,
collects more until it has one from every registered stream (at most
``max_batch``) or ``max_wait_s`` has passed, stacks them along the batch axis,
pads the batch with rows of zeros to the next bucket size (1, 2, 4, 8 ... up
to ``max_batch``), runs the model once and hands each caller its row. Whatever
else the streams run on the same device (their detector) goes through the same
thread with :meth:`BatchingSession.call`, between batches.

Why one thread: the streams never poll (each sleeps on its own event, so no
stream wakes to take the interpreter lock while it waits), the device's
per-thread state (CUDA streams, cuDNN handles) is set up once, and the model
sees a handful of input shapes, each set up by :meth:`BatchingSession.warm`
before the first video's frames rather than in the middle of one.

The pose model has a dynamic batch axis, and a row of a batch, padded or not,
equals the same crop run alone (``tests/rtmpose``). One RTMPose-s call on
sixteen crops costs a GPU less than twice a call on one; but the streams'
own Python work (cropping, decoding the SimCC outputs, following the person)
still queues for the one interpreter lock, and the device thread behind it
after each call: measured on an H200 (docs/gpu.md), 4-16 streams tracked
400-550 frames/s in all, against 451 for one video alone.
"""

from __future__ import annotations

import queue
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.bound_session import SessionWrapper

__all__ = ["BatchingSession"]

T = TypeVar("T")


def _bucket_sizes(max_batch: int) -> list[int]:
    """The batch sizes the model is run at: powers of two below ``max_batch``, then ``max_batch``."""
    sizes, size = [], 1
    while size < max_batch:
        sizes.append(size)
        size *= 2
    return [*sizes, max_batch]


@dataclass
class _Request:
    """One stream's crop, and where its row (or the failure) comes back."""

    blob: npt.NDArray[np.float32]
    output_names: list[str] | None
    done: threading.Event = field(default_factory=threading.Event)
    result: list[npt.NDArray[Any]] | None = None
    error: BaseException | None = None


@dataclass
class _Job:
    """Anything else to run on the device thread (the detector), alone, between batches."""

    work: Callable[[], Any]
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


_STOP = object()
"""Put on the queue by ``close``: the device thread ends after what came before it."""
_WAKE = object()
"""Put on the queue when a stream leaves: a batch being collected may be complete now."""


class _Runner:
    """The device thread and what it needs; it holds no reference to the :class:`BatchingSession`, so a
    session nobody holds any more is collected and its thread stopped."""

    def __init__(self, session: Any, input_name: str, max_batch: int, max_wait_s: float, lock: threading.Lock) -> None:
        self.session = session
        self.input_name = input_name
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        self.device_lock = lock
        self.buckets = _bucket_sizes(max_batch)
        self.queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.streams = 0
        self.calls = 0
        self.rows = 0
        self.model_s = 0.0
        self.closed = False
        self.thread: threading.Thread | None = None
        self._submit = threading.Lock()  # a submission and ``close`` never interleave: nothing lands after _STOP
        self._stacks: dict[tuple[int, ...], npt.NDArray[np.float32]] = {}

    def submit(self, item: _Request | _Job) -> None:
        with self._submit:
            if self.closed:
                raise RuntimeError("this BatchingSession is closed; make a new one (tracker_streams)")
            if self.thread is None:
                self.thread = threading.Thread(target=self._loop, name="kinemotion-rtmpose-device", daemon=True)
                self.thread.start()
            self.queue.put(item)

    def enter(self) -> None:
        with self._submit:
            self.streams += 1

    def leave(self) -> None:
        with self._submit:
            self.streams -= 1
        self.queue.put(_WAKE)  # a batch waiting for this stream's crop runs now

    def stop(self) -> None:
        with self._submit:
            if self.closed:
                return
            self.closed = True
            self.queue.put(_STOP)

    def _loop(self) -> None:
        while True:
            item = self.queue.get()
            if item is _STOP:
                return
            stopping = self._serve(item)
            del item  # the device thread keeps no caller's job (nor what it holds) alive while it waits
            if stopping:
                return

    def _serve(self, item: object) -> bool:
        """Runs ``item`` (a job, or a batch that starts with this request); True: _STOP came in meanwhile."""
        if isinstance(item, _Job):
            self._run_job(item)
            return False
        if not isinstance(item, _Request):  # a _WAKE with no batch under way
            return False
        batch, stopping = self._collect(item)
        self._run_batch(batch)
        return stopping

    def _collect(self, first: _Request) -> tuple[list[_Request], bool]:
        """``first`` and the crops that come in until every registered stream has one in (at most
        ``max_batch``) or ``max_wait_s`` has passed; the time spent running other streams' jobs meanwhile
        does not count, as those streams could not send their crop during it. True: _STOP came in."""
        batch = [first]
        deadline = time.monotonic() + self.max_wait_s
        while len(batch) < min(self.max_batch, max(self.streams, 1)):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                item = self.queue.get(timeout=remaining)
            except queue.Empty:
                break
            if item is _STOP:
                return batch, True
            if isinstance(item, _Job):
                started = time.monotonic()
                self._run_job(item)
                deadline += time.monotonic() - started
            elif isinstance(item, _Request):
                batch.append(item)
        return batch, False

    def _run_job(self, job: _Job) -> None:
        try:
            with self.device_lock:
                job.result = job.work()
        except BaseException as exc:  # noqa: BLE001 - the caller gets it, the device thread goes on
            job.error = exc
        job.done.set()

    def bucket(self, rows: int) -> int:
        return next(size for size in self.buckets if size >= rows)

    def stacked(self, blobs: list[npt.NDArray[np.float32]]) -> npt.NDArray[np.float32]:
        """The rows in a batch of the next bucket size, padded with rows of zeros (one buffer per shape)."""
        size = self.bucket(len(blobs))
        shape = (size, *blobs[0].shape[1:])
        stack = self._stacks.get(shape)
        if stack is None:
            stack = self._stacks[shape] = np.zeros(shape, np.float32)
        for row, blob in enumerate(blobs):
            stack[row] = blob[0]
        stack[len(blobs) :] = 0.0
        return stack

    def run_rows(self, blobs: list[npt.NDArray[np.float32]], output_names: list[str] | None) -> list[Any]:
        """The model's outputs for ``blobs`` (one row each), run as one padded batch; padding rows dropped."""
        outputs = self.session.run(output_names, {self.input_name: self.stacked(blobs)})
        return [out[: len(blobs)] for out in outputs]

    def _run_batch(self, batch: list[_Request]) -> None:
        try:
            self._run_groups(batch)
        except BaseException as exc:  # noqa: BLE001 - no stream is left waiting for a row that never comes
            for request in batch:
                if not request.done.is_set():
                    request.error = exc
                    request.done.set()

    def _run_groups(self, batch: list[_Request]) -> None:
        # Streams ask for the same outputs; a caller asking for others is run in a batch of its own.
        groups: dict[tuple[str, ...] | None, list[_Request]] = {}
        for request in batch:
            key = None if request.output_names is None else tuple(request.output_names)
            groups.setdefault(key, []).append(request)
        for names, group in groups.items():
            try:
                with self.device_lock:
                    start = time.perf_counter()
                    outputs = self.run_rows([r.blob for r in group], None if names is None else list(names))
                    self.model_s += time.perf_counter() - start
            except Exception as exc:  # noqa: BLE001 - every stream of the batch gets the failure
                for request in group:
                    request.error = exc
                    request.done.set()
                continue
            self.calls += 1
            self.rows += len(group)
            for row, request in enumerate(group):
                request.result = [out[row : row + 1].copy() for out in outputs]
                request.done.set()


class BatchingSession(SessionWrapper):
    """``session`` shared by several streams; their one-row calls run together as one batch, on one thread.

    Args:
        session: the model's session (one input with a dynamic batch axis), a
            :class:`~kinemotion_rtmpose.bound_session.BoundSession` or a plain ``InferenceSession``.
        max_batch: the most rows run in one call.
        max_wait_s: how long the first crop of a batch waits for the other streams' crops before the
            batch runs with what it has.

    Register each stream with :meth:`stream` (a context manager) for as long as it tracks, so the
    device thread knows how many crops to wait for. The device thread starts with the first call and
    stops on :meth:`close`, or when the session is no longer referenced.
    """

    def __init__(self, session: Any, *, max_batch: int = 16, max_wait_s: float = 0.005) -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, got {max_batch}")
        self.session = session
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        model_input = session.get_inputs()[0]
        self._input_name = model_input.name
        dims = list(getattr(model_input, "shape", None) or [])[1:]
        self._row_shape: tuple[int, ...] | None = (
            tuple(dims) if dims and all(isinstance(d, int) for d in dims) else None
        )
        """A row's shape when the model fixes it (the pose model does): other rows are refused, and warmed."""
        self.device_lock = threading.Lock()
        """Held while the device thread runs the model or a job (:meth:`call`)."""
        self._runner = _Runner(session, self._input_name, max_batch, max_wait_s, self.device_lock)
        self._warmed: set[int] = set()
        weakref.finalize(self, self._runner.stop)

    @property
    def calls(self) -> int:
        """Model calls made for the streams (for benchmarks: rows per call = :attr:`rows` / calls)."""
        return self._runner.calls

    @property
    def rows(self) -> int:
        """Crops run for the streams (padding rows and :meth:`warm` not counted)."""
        return self._runner.rows

    @property
    def model_s(self) -> float:
        """Seconds the device thread spent running the model for the streams (the padded batches included;
        for benchmarks: against the wall time, how busy the device thread kept the model)."""
        return self._runner.model_s

    @property
    def buckets(self) -> list[int]:
        """The batch sizes the model runs at: a batch is padded with rows of zeros to the next one."""
        return list(self._runner.buckets)

    @property
    def thread(self) -> threading.Thread | None:
        """The device thread, the one thread that runs the model (None before the first call)."""
        return self._runner.thread

    def stream(self) -> _Stream:
        """Registers one stream for the ``with`` block: batches wait for its crop too."""
        return _Stream(self)

    def _enter(self) -> None:
        self._runner.enter()

    def _leave(self) -> None:
        self._runner.leave()

    def run(self, output_names: list[str] | None, feeds: dict[str, Any]) -> list[npt.NDArray[Any]]:
        """As ``InferenceSession.run`` for a one-row input; may run together with other streams' rows."""
        if set(feeds) != {self._input_name}:
            raise ValueError(f"expected the one input {self._input_name!r}, got {sorted(feeds)}")
        blob = np.ascontiguousarray(feeds[self._input_name], dtype=np.float32)
        if blob.shape[0] != 1:
            raise ValueError(f"each stream passes one row; got a batch of {blob.shape[0]}")
        if self._row_shape is not None and blob.shape[1:] != self._row_shape:
            raise ValueError(f"the model takes rows of shape {self._row_shape}; got {blob.shape[1:]}")
        request = _Request(blob, None if output_names is None else list(output_names))
        self._runner.submit(request)
        request.done.wait()
        if request.error is not None:
            raise request.error
        assert request.result is not None
        return request.result

    def call(self, work: Callable[[], T]) -> T:
        """``work()`` run on the device thread between batches (another model on the same device: the
        detector); its result, or its exception raised here."""
        job = _Job(work)
        self._runner.submit(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[no-any-return]

    def warm(self) -> None:
        """Runs a batch of zeros of every bucket size not run yet, on the device thread: the runtime's
        set-up for each input shape (about 0.1 s each on a GPU) happens now, not in the middle of a video."""
        if self._row_shape is None:  # a row's shape is known only once a stream sends one
            return
        zeros = np.zeros((1, *self._row_shape), np.float32)
        runner = self._runner
        for size in self._runner.buckets:
            if size not in self._warmed:
                self.call(lambda rows=[zeros] * size: runner.run_rows(rows, None))  # type: ignore[misc]
                self._warmed.add(size)

    def close(self) -> None:
        """Stops the device thread after the calls already made; later calls raise. Safe to call twice."""
        self._runner.stop()
        thread = self._runner.thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()


class _Stream:
    def __init__(self, owner: BatchingSession) -> None:
        self._owner = owner

    def __enter__(self) -> _Stream:
        self._owner._enter()
        return self

    def __exit__(self, *exc: object) -> None:
        self._owner._leave()
