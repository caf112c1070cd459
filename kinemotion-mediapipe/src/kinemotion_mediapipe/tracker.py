"""The MediaPipe pose tracker: PoseLandmarker (Tasks API) in VIDEO running mode."""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

import numpy as np

from kinemotion.landmarks import LandmarkDict
from kinemotion.pose.base import ClosingTracker
from kinemotion.pose.frames import as_bgr_frame
from kinemotion_mediapipe.landmark_map import BLAZEPOSE_TO_CANONICAL
from kinemotion_mediapipe.native_log import quiet_native_stderr
from kinemotion_mediapipe.person_choice import Candidate, PersonSelector
from kinemotion_mediapipe.timestamps import VideoClock

__all__ = ["MediaPipeTracker"]


def _clip01(value: float | None) -> float:
    return 0.0 if value is None else float(min(1.0, max(0.0, value)))


_LEFT_HIP, _RIGHT_HIP = 23, 24


def _candidate(pose: Any, aspect: float) -> Candidate:
    """Hip centre and landmark-box area of one pose, x scaled to frame-height units."""
    xs = [lm.x * aspect for lm in pose]
    ys = [lm.y for lm in pose]
    center = ((xs[_LEFT_HIP] + xs[_RIGHT_HIP]) / 2, (ys[_LEFT_HIP] + ys[_RIGHT_HIP]) / 2)
    return Candidate(center, float((max(xs) - min(xs)) * (max(ys) - min(ys))))


class MediaPipeTracker(ClosingTracker):
    """Tracks a person with MediaPipe Pose Landmarker.

    MediaPipe looks for up to ``num_poses`` people (default 2); the tracker
    follows one of them as :mod:`kinemotion_mediapipe.person_choice` describes:
    the largest at the start, then whoever is nearest to where that person
    was, never a bystander far away.
    """

    def __init__(
        self,
        model_path: Path,
        *,
        num_poses: int = 2,
        min_pose_detection_confidence: float = 0.5,
        min_pose_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        import cv2

        os.environ.setdefault("GLOG_minloglevel", "2")  # MediaPipe's C++ info/warning chatter
        with quiet_native_stderr("import"):
            import mediapipe as mp
            from mediapipe.tasks.python import BaseOptions, vision

        self._mp = mp
        self._cv2 = cv2
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=vision.RunningMode.VIDEO,
            num_poses=num_poses,
            min_pose_detection_confidence=min_pose_detection_confidence,
            min_pose_presence_confidence=min_pose_presence_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        with quiet_native_stderr("creating the graph"):
            self._landmarker: Any = vision.PoseLandmarker.create_from_options(options)
        self._frames_seen = 0
        # Close before interpreter shutdown if the caller forgot to: MediaPipe's own
        # __del__ fails noisily once its C library is unloaded.
        self._finalizer = weakref.finalize(self, self._landmarker.close)
        self._clock = VideoClock()
        self._selector = PersonSelector()
        self.model_path = model_path
        self.provider = "MediaPipe Tasks (XNNPACK, CPU)"

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        """Landmarks of the (largest) person in ``frame``, or None; see PoseTracker."""
        if self._landmarker is None:
            raise RuntimeError("this MediaPipe tracker is closed; create a new one")
        bgr = as_bgr_frame(frame)
        ts = self._clock.next(timestamp_ms)
        rgb = self._cv2.cvtColor(bgr, self._cv2.COLOR_BGR2RGB)
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=rgb)
        if self._frames_seen < 2:  # the native log's warnings come with the first frames
            with quiet_native_stderr("first frames"):
                result = self._landmarker.detect_for_video(image, ts)
        else:
            result = self._landmarker.detect_for_video(image, ts)
        self._frames_seen += 1
        if not result.pose_landmarks:
            return None
        aspect = bgr.shape[1] / bgr.shape[0]
        poses = result.pose_landmarks
        chosen = self._selector.choose([_candidate(p, aspect) for p in poses], ts)
        if chosen is None:
            return None
        pose = poses[chosen]
        return {
            name: (float(lm.x), float(lm.y), _clip01(lm.visibility))
            for name, lm in zip(BLAZEPOSE_TO_CANONICAL, pose, strict=True)
        }

    def close(self) -> None:
        """Release MediaPipe's graph. Safe to call more than once."""
        if self._landmarker is not None:
            with quiet_native_stderr("closing the graph"):
                self._finalizer()
            self._landmarker = None
