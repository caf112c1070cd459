"""When the detector has to run (the person choice itself is the core's: :mod:`kinemotion.pose.person`).

- While the pose is confident (mean keypoint score at least
  ``track_confidence``), the next frame's box is derived from this frame's
  keypoints and the detector does not run, except every ``redetect_interval``
  frames.
- When the detector runs, the core's :class:`~kinemotion.pose.person.PersonPolicy`
  picks the athlete among its boxes (or nobody: then ``None`` is returned
  rather than a bystander).
- A scheduled re-detection that misses the person keeps the box tracked
  from the keypoints; a confidence-triggered one is not repeated within
  ``retry_gap`` frames of the last detector run (a posture the detector
  cannot help with, e.g. a take-off blur, would otherwise cost it every frame).
- After ``lost_patience`` frames without the person, the detector runs only
  every ``lost_redetect_interval`` frames until they are found again.
- Where the detector can search a window of the frame (OpenVINO:
  :meth:`~kinemotion_rtmpose.detector.PersonDetector.window`), a search for
  a lost person looks around where they were last found, except every
  ``lost_full_frame``-th search, which looks at the whole frame. Scheduled
  and confidence-triggered re-detections always look at the whole frame
  (in a window YOLOX draws people tighter, and the box is then the crop).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TrackingSettings"]


@dataclass(frozen=True)
class TrackingSettings:
    """Knobs of detector skipping (see the module docstring)."""

    redetect_interval: int = 30
    track_confidence: float = 0.5
    retry_gap: int = 5
    lost_patience: int = 3
    lost_redetect_interval: int = 3
    lost_full_frame: int = 3

    def __post_init__(self) -> None:
        if self.lost_redetect_interval < 1 or self.lost_patience < 0 or self.lost_full_frame < 1:
            raise ValueError("lost_redetect_interval and lost_full_frame must be >= 1 and lost_patience >= 0")
        if self.redetect_interval < 1:
            raise ValueError(
                f"redetect_interval must be >= 1 (1 = detector on every frame), got {self.redetect_interval}"
            )
        if not 0.0 <= self.track_confidence <= 1.0:
            raise ValueError(f"track_confidence must lie in [0, 1], got {self.track_confidence}")
