"""One model call for the frames of several videos: a session shared by trackers in threads.

Each video's tracker runs in its own thread and calls ``run`` with its one
crop, as it would on a session of its own. :class:`BatchingSession` holds the
call until every registered stream has a crop waiting (or ``max_wait_s`` has
passed since the first one), stacks them along the batch axis, runs the model
once and hands each caller its row. The pose model has a dynamic batch axis,
and a row of a batch equals the same crop run alone (``tests/rtmpose``).

This is where a GPU's throughput comes from: one RTMPose-s call on eight
crops costs about what a call on one does, while decoding, cropping and
decoding the SimCC outputs run in the streams' threads in parallel.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.bound_session import SessionWrapper

__all__ = ["BatchingSession"]


@dataclass
class _Request:
    blob: npt.NDArray[np.float32]
    done: threading.Event = field(default_factory=threading.Event)
    result: list[npt.NDArray[Any]] | None = None
    error: BaseException | None = None


class BatchingSession(SessionWrapper):
    """``session`` shared by several streams; their one-row calls run together as one batch.

    Args:
        session: the model's session (one input with a dynamic batch axis), a
            :class:`~kinemotion_rtmpose.bound_session.BoundSession` or a plain ``InferenceSession``.
        max_batch: the most rows run in one call.
        max_wait_s: how long a call waits for the other streams' crops before it runs with what it has.

    Register each stream with :meth:`stream` (a context manager) for as long as it tracks, so the
    session knows how many crops to wait for.
    """

    def __init__(self, session: Any, *, max_batch: int = 16, max_wait_s: float = 0.005) -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, got {max_batch}")
        self.session = session
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        self._input_name = session.get_inputs()[0].name
        self._cond = threading.Condition()
        self._pending: list[_Request] = []
        self._streams = 0
        self._running = False
        self.device_lock = threading.Lock()
        """Held while the model runs; whatever else the streams run on the same device (their detector)
        takes it too, so that no two sessions run on the device at once."""
        self.calls = 0
        """Model calls made (for benchmarks: rows per call = crops / calls)."""
        self.rows = 0

    def stream(self) -> _Stream:
        """Registers one stream for the ``with`` block: calls wait for its crop too."""
        return _Stream(self)

    def _enter(self) -> None:
        with self._cond:
            self._streams += 1

    def _leave(self) -> None:
        with self._cond:
            self._streams -= 1
            self._cond.notify_all()

    def run(self, output_names: list[str] | None, feeds: dict[str, Any]) -> list[npt.NDArray[Any]]:
        """As ``InferenceSession.run`` for a one-row input; may run together with other streams' rows."""
        blob = np.ascontiguousarray(feeds[self._input_name], dtype=np.float32)
        if blob.shape[0] != 1:
            raise ValueError(f"each stream passes one row; got a batch of {blob.shape[0]}")
        request = _Request(blob)
        with self._cond:
            self._pending.append(request)
            self._cond.notify_all()
            deadline = time.monotonic() + self.max_wait_s
            while not request.done.is_set():
                ready = len(self._pending) >= min(self.max_batch, max(self._streams, 1))
                if not self._running and self._pending and (ready or time.monotonic() >= deadline):
                    batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
                    self._running = True
                    self._cond.release()
                    try:
                        self._run_batch(batch, output_names)
                    finally:
                        self._cond.acquire()
                        self._running = False
                        self._cond.notify_all()
                    continue
                self._cond.wait(timeout=max(deadline - time.monotonic(), 0.0005))
        if request.error is not None:
            raise request.error
        assert request.result is not None
        return request.result

    def _run_batch(self, batch: list[_Request], output_names: list[str] | None) -> None:
        stacked = np.concatenate([r.blob for r in batch], axis=0)
        try:
            with self.device_lock:
                outputs = self.session.run(output_names, {self._input_name: stacked})
        except Exception as exc:  # noqa: BLE001 - every stream of the batch gets the failure, not only the one running it
            for request in batch:
                request.error = exc
                request.done.set()
            return
        self.calls += 1
        self.rows += len(batch)
        for row, request in enumerate(batch):
            request.result = [out[row : row + 1].copy() for out in outputs]
            request.done.set()


class _Stream:
    def __init__(self, owner: BatchingSession) -> None:
        self._owner = owner

    def __enter__(self) -> _Stream:
        self._owner._enter()
        return self

    def __exit__(self, *exc: object) -> None:
        self._owner._leave()
