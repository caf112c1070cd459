"""Several videos through one set of models: trackers that share sessions, their pose calls batched.

``tracker_streams(tracker, n)`` gives ``n`` trackers for ``n`` threads, each
following its own video with its own state (person policy, detection
schedule, buffers), all running the models of ``tracker``: the detector's
session as it is (ONNX Runtime sessions may be run from several threads) and
the pose model through one :class:`~kinemotion_rtmpose.batching.BatchingSession`,
so that the crops of the ``n`` videos go to the GPU as one batch. A fresh
tracker for the next video is :func:`sibling` of any of them: it costs no model
load and starts from a clean state.
"""

from __future__ import annotations

from kinemotion_rtmpose.batching import BatchingSession
from kinemotion_rtmpose.detector import PersonDetector
from kinemotion_rtmpose.pose_model import PoseModel
from kinemotion_rtmpose.tracker import RTMPoseTracker

__all__ = ["sibling", "tracker_streams"]


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
        shared = BatchingSession(pose.session, max_batch=count, max_wait_s=max_wait_s)
    first = sibling(tracker)
    first.models[1].session = shared
    return [first] + [sibling(first) for _ in range(count - 1)]
