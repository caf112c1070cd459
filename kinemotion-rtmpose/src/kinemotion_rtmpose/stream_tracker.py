"""The plugin contract's ``streams`` (1.4) for RTMPose: trackers for a batch's threads, their pose calls batched.

:meth:`RTMPoseTracker.streams <kinemotion_rtmpose.tracker.RTMPoseTracker.streams>` gives
:class:`StreamTracker` s made by :func:`~kinemotion_rtmpose.streams.tracker_streams`:
one :class:`~kinemotion_rtmpose.batching.BatchingSession` runs the crops of
every video being tracked in one call. A :class:`StreamTracker` joins the
batch (``with batching.stream()``) at its first frame and leaves it when it
is reset or closed, so kinemotion's worker threads need to know nothing of
the batch, and the batch never waits for a thread that is between videos; it
also leaves after a frame with nobody to crop (the athlete lost: its next
frames may skip the detector too), and joins again at its next frame, so the
other videos' batches do not wait ``max_wait_s`` each for a crop that does not come.

Offered where the pose session comes from :func:`~kinemotion_rtmpose.gpu_sessions.pose_session`
(``rtmpose-cuda``: one GPU call on several crops costs little more than on
one). Its default session is a batch-1 copy replayed as a CUDA graph, which
cannot batch: the streams run a second session of the same model with a
dynamic batch axis and no graph (``for_batches``), made once for the batch;
the tracker's own graph session is not used meanwhile. The CPU backends
offer none (their model gains nothing; ``-j N`` keeps worker processes).
"""

from __future__ import annotations

import contextlib

import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.batching import BatchingSession
from kinemotion_rtmpose.streams import sibling
from kinemotion_rtmpose.tracker import RTMPoseTracker

__all__ = ["StreamTracker", "batching_copy"]


class StreamTracker(RTMPoseTracker):
    """An RTMPose tracker whose pose model is a :class:`BatchingSession` shared with other streams: in the batch
    from its first frame until it is reset or closed.

    Args:
        tracker: one of :func:`~kinemotion_rtmpose.streams.tracker_streams`' trackers (its models are taken).
    """

    def __init__(self, tracker: RTMPoseTracker) -> None:
        self._joined: contextlib.ExitStack | None = None
        detector, pose = tracker.models
        if not isinstance(pose.session, BatchingSession):
            raise ValueError("a StreamTracker needs a tracker from tracker_streams (a BatchingSession pose model)")
        self.batching = pose.session
        super().__init__(
            detector,
            pose,
            provider=str(tracker.provider),
            settings=tracker.settings,
            min_keypoint_score=tracker.min_keypoint_score,
            person=tracker.person.choice,
            model_files=tracker.model_files,  # plugin contract 1.5: every output records the files that made it
        )

    @property
    def in_batch(self) -> bool:
        """Whether the batch counts this tracker (waits for its crops): from a video's first frame to its reset,
        except after a frame that sent no crop (nobody found: the athlete lost, upside down in a flip, out of
        view), until its next frame."""
        return self._joined is not None

    def _leave(self) -> None:
        joined, self._joined = self._joined, None
        if joined is not None:
            joined.close()

    def keypoints(
        self, frame: npt.NDArray[np.uint8], timestamp_ms: float = 0.0
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]] | None:
        """As :meth:`RTMPoseTracker.keypoints`, in the batch (joined at the first frame of a video)."""
        if self._joined is None and self._detector is not None:
            joined = contextlib.ExitStack()
            joined.enter_context(self.batching.stream())
            self._joined = joined
        crops = self.stats.pose_runs
        found = super().keypoints(frame, timestamp_ms)
        if self.stats.pose_runs == crops:
            # Nobody to crop (lost for a while, its frames skipping the detector): the other videos' batches
            # must not wait max_wait_s each for a crop that does not come; it joins again at its next frame.
            self._leave()
        return found

    def reset(self) -> None:
        """Leave the batch (the video is done) and start afresh, as :meth:`RTMPoseTracker.reset`."""
        self._leave()
        super().reset()

    def close(self) -> None:
        """Leave the batch and drop the models. Safe to call more than once."""
        self._leave()
        super().close()


def batching_copy(tracker: RTMPoseTracker) -> RTMPoseTracker | None:
    """A tracker like ``tracker`` whose pose model can run a batch of crops: its own session when that is a
    :class:`BatchingSession` already or has a dynamic batch axis, else the session its ``for_batches`` makes
    (set by :func:`~kinemotion_rtmpose.gpu_sessions.pose_session`); None on other code paths."""
    session = tracker.models[1].session
    if isinstance(session, BatchingSession):
        return sibling(tracker)
    if not hasattr(session, "for_batches"):
        return None
    copy = sibling(tracker)
    if session.for_batches is not None:  # a fixed batch: a session of the same model that can batch
        copy.models[1].session = session.for_batches()
    return copy
