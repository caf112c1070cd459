"""Several videos through one set of models: trackers that share sessions, their pose calls batched.

``tracker_streams(tracker, n)`` gives ``n`` trackers for ``n`` threads, each
following its own video with its own state (person policy, detection
schedule, buffers), all running the models of ``tracker`` through one
:class:`~kinemotion_rtmpose.batching.BatchingSession`: its device thread alone
runs the pose model, on the crops of the ``n`` videos as one batch, and the
detector, between batches. The streams' threads crop, decode and follow their
person in parallel and sleep while the device thread works for them. A fresh
tracker for the next video is :func:`sibling` of any of them: it costs no model
load and starts from a clean state.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.batching import BatchingSession
from kinemotion_rtmpose.bound_session import BoundSession
from kinemotion_rtmpose.detector import PersonDetector
from kinemotion_rtmpose.pose_model import PoseModel
from kinemotion_rtmpose.tracker import RTMPoseTracker

__all__ = ["sibling", "tracker_streams"]


class _OnDeviceThread:
    """A detector runner whose runs go through a :class:`BatchingSession`'s device thread
    (:meth:`~BatchingSession.call`), between the pose model's batches: one thread runs every model."""

    def __init__(self, runner: Any, batching: BatchingSession) -> None:
        self.runner = runner
        self.batching = batching
        self.fits_aspect = runner.fits_aspect

    def __call__(self, blob: npt.NDArray[np.float32]) -> Any:
        return self.batching.call(lambda: self.runner(blob))

    def prepare(self, rows: int, columns: int) -> None:
        self.batching.call(lambda: self.runner.prepare(rows, columns))


def sibling(tracker: RTMPoseTracker) -> RTMPoseTracker:
    """A tracker with ``tracker``'s models and settings and a fresh state (a new video's start)."""
    detector, pose = tracker.models
    return RTMPoseTracker(
        PersonDetector(detector.runner, detector.size, score_threshold=detector.score_threshold),
        PoseModel(pose.session, color_order=pose.color_order),
        provider=str(tracker.provider),
        settings=tracker.settings,
        min_keypoint_score=tracker.min_keypoint_score,
        person=tracker.person.choice,
        model_files=tracker.model_files,
    )


def tracker_streams(tracker: RTMPoseTracker, count: int, *, max_wait_s: float = 0.005) -> list[RTMPoseTracker]:
    """``count`` trackers sharing ``tracker``'s models, the pose model's calls batched across them.

    Each must run in its own thread, inside ``with batching.stream():`` of the returned
    trackers' shared :class:`BatchingSession` (``trackers[0].models[1].session``), so a batch
    waits only for streams that are still tracking. Every batch size the session runs at is set
    up here (:meth:`BatchingSession.warm`), before any video's frames. The session's device thread
    stops with :meth:`BatchingSession.close`, or once the trackers and the session are no longer
    referenced.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    pose = tracker.models[1]
    shared = pose.session if isinstance(pose.session, BatchingSession) else None
    if shared is None:
        batch = pose.session.get_inputs()[0].shape[0]
        if isinstance(batch, int):
            raise ValueError(
                f"this tracker's pose model has a fixed batch of {batch} (a CUDA graph's copy): "
                "create it with cuda_graph=False to run several videos through it"
            )
        # A batch changes size from call to call: the plain session, not fixed bound buffers.
        plain = pose.session.session if isinstance(pose.session, BoundSession) else pose.session
        shared = BatchingSession(plain, max_batch=count, max_wait_s=max_wait_s)
    first = sibling(tracker)
    detector, pose = first.models
    pose.session = shared
    if not (isinstance(detector.runner, _OnDeviceThread) and detector.runner.batching is shared):
        runner = detector.runner.runner if isinstance(detector.runner, _OnDeviceThread) else detector.runner
        detector.runner = _OnDeviceThread(runner, shared)
    shared.warm()
    return [first] + [sibling(first) for _ in range(count - 1)]
