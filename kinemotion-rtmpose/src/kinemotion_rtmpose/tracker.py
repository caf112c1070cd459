"""The RTMPose tracker: detector (when needed) -> affine crop -> RTMPose -> canonical landmarks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from kinemotion.landmarks import LandmarkDict
from kinemotion.pose.contract import ClosingTracker, as_bgr_frame, checked_timestamp
from kinemotion.pose.person import Candidate, PersonChoice, PersonPolicy
from kinemotion_rtmpose.detection_schedule import TrackingSettings
from kinemotion_rtmpose.detector import PersonDetector
from kinemotion_rtmpose.geometry import box_from_keypoints
from kinemotion_rtmpose.halpe26 import HALPE26_TO_CANONICAL
from kinemotion_rtmpose.pose_model import PoseModel

if TYPE_CHECKING:
    from kinemotion_rtmpose.stream_tracker import StreamTracker

__all__ = ["RTMPoseTracker", "TrackerStats"]


STAGES = (
    "detector input and boxes",
    "detector model",
    "person choice",
    "pose crop and SimCC decoding",
    "pose model",
    "frame check and schedule",
    "landmark dict",
)
"""The stages of one frame, in the order they run (``stage_times_s``)."""


class TrackerStats:
    """Counters for benchmarks: frames, model runs, seconds inside the model runtime (``session.run``), and
    seconds in each of :data:`STAGES`."""

    def __init__(self) -> None:
        self.frames = 0
        self.detector_runs = 0
        self.pose_runs = 0
        self.session_s = 0.0
        self.stages = dict.fromkeys(STAGES, 0.0)


class RTMPoseTracker(ClosingTracker):
    """Follows one person with YOLOX + RTMPose: :mod:`.detection_schedule` says when the detector runs,
    the core's :mod:`kinemotion.pose.person` whom to follow.

    Attributes:
        provider: what runs both models: an ONNX Runtime execution provider, or ``OpenVINO CPU <precision>``.
        stats: :class:`TrackerStats`.
    """

    def __init__(
        self,
        detector: PersonDetector,
        pose_model: PoseModel,
        *,
        provider: str,
        settings: TrackingSettings | None = None,
        min_keypoint_score: float = 0.3,
        person: PersonChoice | str | None = None,
        model_files: tuple[Path, ...] = (),
    ) -> None:
        self._detector: PersonDetector | None = detector
        self._pose: PoseModel | None = pose_model
        self.provider = provider
        self.model_files = model_files
        """The pose model's and the detector's files (plugin contract 1.5: outputs record their size and sha256)."""
        self.settings = settings or TrackingSettings()
        self.min_keypoint_score = min_keypoint_score
        self._choice = PersonChoice.parse(person)
        self._batched: RTMPoseTracker | None = None  # streams(): the batch's models, once made
        self._owns_batch = False
        self.reset()

    def reset(self) -> None:
        """Start a new video: whom to follow, the detector's schedule, the clock and :attr:`stats` start
        afresh; the model sessions and what they compiled for each frame size are kept."""
        self.person = PersonPolicy(self._choice)
        self._frames_lost = 0
        self._now_ms = 0.0
        self._next_box: npt.NDArray[np.float64] | None = None
        self._last_box: npt.NDArray[np.float64] | None = None
        self._lost_searches = 0
        self._since_detection = 0
        self.stats = TrackerStats()

    def _detect(
        self, frame: npt.NDArray[np.uint8], around: npt.NDArray[np.float64] | None
    ) -> npt.NDArray[np.float64] | None:
        """The followed person's box, from the detector run on the window around ``around`` (or the whole frame)."""
        assert self._detector is not None
        start = time.perf_counter()
        boxes, scores = self._detector(frame, around)
        chosen = time.perf_counter()
        self.stats.session_s += self._detector.last_run_s
        self.stats.detector_runs += 1
        self.stats.stages["detector model"] += self._detector.last_run_s
        self.stats.stages["detector input and boxes"] += chosen - start - self._detector.last_run_s
        self._since_detection = 0
        h, w = frame.shape[:2]
        scale = np.array([w, h, w, h], dtype=np.float64)
        candidates = [
            Candidate(tuple(float(v) for v in b / scale), float(s))  # type: ignore[arg-type]
            for b, s in zip(boxes, scores, strict=True)
        ]
        index = self.person.choose(candidates, self._now_ms, aspect=w / h)
        self.stats.stages["person choice"] += time.perf_counter() - chosen
        return None if index is None else np.asarray(boxes[index], dtype=np.float64)

    def _estimate(
        self, frame: npt.NDArray[np.uint8], box: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
        assert self._pose is not None
        start = time.perf_counter()
        result = self._pose(frame, box)
        self.stats.session_s += self._pose.last_run_s
        self.stats.pose_runs += 1
        self.stats.stages["pose model"] += self._pose.last_run_s
        self.stats.stages["pose crop and SimCC decoding"] += time.perf_counter() - start - self._pose.last_run_s
        return result

    def keypoints(
        self, frame: npt.NDArray[np.uint8], timestamp_ms: float = 0.0
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]] | None:
        """Halpe26 keypoints ``(26, 2)`` in pixels and scores ``(26,)`` of the followed person.

        ``timestamp_ms`` (increasing; 0 = none, a 30 fps clock is kept) times the person policy.
        """
        if self._detector is None:
            raise RuntimeError("this RTMPose tracker is closed; create a new one")
        timestamp_ms = checked_timestamp(timestamp_ms)
        self.stats.frames += 1
        self._now_ms = float(timestamp_ms) if timestamp_ms > self._now_ms else self._now_ms + 1000.0 / 30
        tracked = self._next_box
        detected = tracked is None or self._since_detection + 1 >= self.settings.redetect_interval
        lost_interval = min(self.settings.lost_redetect_interval, self.settings.redetect_interval)
        if tracked is None and lost_interval > 1 and self._frames_lost >= self.settings.lost_patience:
            # Lost for a while (e.g. upside down in a flip): look every few frames, not every frame.
            self._since_detection += 1
            if self._since_detection < lost_interval:
                self._lose()
                return None
        if detected:
            found = self._detect(frame, None if tracked is not None else self._lost_window())
            # A scheduled re-detection that misses the person (motion blur, odd
            # posture) keeps the box tracked from the keypoints.
            box = found if found is not None else tracked
        else:
            box = tracked
            self._since_detection += 1
        if box is None:
            self._lose()
            return None
        points, scores = self._estimate(frame, box)
        unsure = float(scores.mean()) < self.settings.track_confidence
        if not detected and unsure and self._since_detection >= self.settings.retry_gap:
            found = self._detect(frame, None)  # tracking looks unsure: ask the detector
            if found is not None:
                retry = self._estimate(frame, found)
                if float(retry[1].mean()) > float(scores.mean()):
                    (points, scores), box = retry, found
        if float(scores.mean()) < self.min_keypoint_score:
            self._lose()
            return None
        h, w = frame.shape[:2]
        self.person.found((box[0] / w, box[1] / h, box[2] / w, box[3] / h), self._now_ms)
        self._frames_lost = 0
        self._lost_searches = 0
        self._last_box = box
        self._next_box = box_from_keypoints(points, scores, self.min_keypoint_score)
        return points, scores

    def _lost_window(self) -> npt.NDArray[np.float64] | None:
        """Where to look for a lost person: around where they were last found, but the whole frame on every
        ``lost_full_frame``-th search (they may have moved away) and before anyone was found."""
        self._lost_searches += 1
        if self._last_box is None or self._lost_searches % self.settings.lost_full_frame == 0:
            return None
        return self._last_box

    def _lose(self) -> None:
        self._frames_lost += 1
        self._next_box = None

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        """Canonical landmarks of the followed person, or None; see PoseTracker."""
        start = time.perf_counter()
        bgr = as_bgr_frame(frame)
        stages = self.stats.stages
        inside = sum(stages.values())
        found = self.keypoints(bgr, timestamp_ms)
        answered = time.perf_counter()
        stages["frame check and schedule"] += answered - start - (sum(stages.values()) - inside)
        if found is None:
            return None
        points, scores = found
        h, w = bgr.shape[:2]
        xs = (points[:, 0] / w).tolist()
        ys = (points[:, 1] / h).tolist()
        vis = scores.tolist()
        landmarks = {name: (xs[i], ys[i], vis[i]) for i, name in enumerate(HALPE26_TO_CANONICAL)}
        stages["landmark dict"] += time.perf_counter() - answered
        return landmarks

    @property
    def models(self) -> tuple[PersonDetector, PoseModel]:
        """The detector and the pose model this tracker runs (for trackers that share them:
        :mod:`kinemotion_rtmpose.streams`)."""
        if self._detector is None or self._pose is None:
            raise RuntimeError("this RTMPose tracker is closed")
        return self._detector, self._pose

    def streams(self, count: int) -> list[StreamTracker] | None:
        """``count`` trackers for ``count`` threads, each following its own video, their pose model calls batched
        together (plugin contract 1.4; :mod:`kinemotion_rtmpose.stream_tracker`): one pose model call for the
        crops of every video being tracked. Trackers of a later call join the same batch. None where the pose
        session cannot batch (offered on the ``rtmpose-cuda`` code path only)."""
        from kinemotion_rtmpose.stream_tracker import StreamTracker, batching_copy
        from kinemotion_rtmpose.streams import sibling, tracker_streams

        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        if self._batched is None:
            copy = batching_copy(self)
            if copy is None:
                return None
            made = tracker_streams(copy, count)
            self._batched = sibling(made[0])  # the batch's models for later calls; it tracks nothing itself
            self._owns_batch = made[0].models[1].session is not self.models[1].session  # made here: closed here
        else:
            made = tracker_streams(self._batched, count)
        return [StreamTracker(stream) for stream in made]

    @property
    def model_time_s(self) -> float | None:
        """Cumulative seconds inside the model runtime (``session.run``) for both models."""
        return self.stats.session_s

    @property
    def stage_times_s(self) -> dict[str, float]:
        """Cumulative seconds in each of :data:`STAGES` (``process_frame`` calls only)."""
        return dict(self.stats.stages)

    def close(self) -> None:
        """Drop the model sessions (and stop the device thread of the batch :meth:`streams` made, its streams
        being done). Safe to call more than once."""
        batched, self._batched = self._batched, None
        if batched is not None and self._owns_batch:
            close = getattr(batched.models[1].session, "close", None)
            if callable(close):
                close()
        self._detector = None
        self._pose = None
