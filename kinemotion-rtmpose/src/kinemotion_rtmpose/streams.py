"""Several videos through one set of models: trackers that share sessions, their pose calls batched.

``tracker_streams(tracker, n)`` gives ``n`` trackers for ``n`` threads, each
following its own video with its own state (person policy, detection
schedule, buffers), all running the models of ``tracker``: the detector's
session (one call at a time) and
the pose model through one :class:`~kinemotion_rtmpose.batching.BatchingSession`,
so that the crops of the ``n`` videos go to the GPU as one batch. The detector and
the batched pose model never run at the same time (one device lock). A fresh
tracker for the next video is :func:`sibling` of any of them: it costs no model
load and starts from a clean state.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.batching import BatchingSession
from kinemotion_rtmpose.bound_session import BoundSession
from kinemotion_rtmpose.detector import PersonDetector
from kinemotion_rtmpose.pose_model import PoseModel
from kinemotion_rtmpose.tracker import RTMPoseTracker

__all__ = ["sibling", "tracker_streams"]


class _OneAtATime:
    """A detector runner that holds ``lock`` while it runs (see :attr:`BatchingSession.device_lock`)."""

    def __init__(self, runner: Any, lock: threading.Lock) -> None:
        self.runner = runner
        self.lock = lock
        self.fits_aspect = runner.fits_aspect

    def __call__(self, blob: npt.NDArray[np.float32]) -> Any:
        with self.lock:
            return self.runner(blob)

    def prepare(self, rows: int, columns: int) -> None:
        with self.lock:
            self.runner.prepare(rows, columns)


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
    )


def tracker_streams(tracker: RTMPoseTracker, count: int, *, max_wait_s: float = 0.005) -> list[RTMPoseTracker]:
    """``count`` trackers sharing ``tracker``'s models, the pose model's calls batched across them.

    Each must run in its own thread, inside ``with batching.stream():`` of the returned
    trackers' shared :class:`BatchingSession` (``trackers[0].models[1].session``), so a batch
    waits only for streams that are still tracking.
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
    if not isinstance(detector.runner, _OneAtATime):
        detector.runner = _OneAtATime(detector.runner, shared.device_lock)
    return [first] + [sibling(first) for _ in range(count - 1)]
