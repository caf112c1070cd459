"""Which person to follow, and when the detector has to run.

- Start (or after the followed person has been lost for ``forget_after``
  frames): the largest detected person whose detector score passes the
  threshold.
- Then, while the pose is confident (mean keypoint score at least
  ``track_confidence``), the next frame's box is derived from this frame's
  keypoints and the detector does not run, except every ``redetect_interval``
  frames.
- When the detector runs with a person already followed, the detection that
  overlaps the last box most is taken (IoU at least ``min_iou``), else the
  nearest one whose centre lies within ``0.5 + reach_growth * frames_lost``
  box heights of the last box; if none does, the person is lost in this
  frame (None is returned) rather than swapped for a bystander.
- A scheduled re-detection that misses the person keeps the box tracked
  from the keypoints; a confidence-triggered one is not repeated within
  ``retry_gap`` frames of the last detector run (a posture the detector
  cannot help with, e.g. a take-off blur, would otherwise cost it every frame).
- After ``lost_patience`` frames without the person, the detector runs only
  every ``lost_redetect_interval`` frames until they are found again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.geometry import iou

__all__ = ["PersonChooser", "TrackingSettings"]

Box = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TrackingSettings:
    """Knobs of detector skipping and person choice (see the module docstring)."""

    redetect_interval: int = 30
    track_confidence: float = 0.5
    min_iou: float = 0.1
    forget_after: int = 30
    reach_growth: float = 0.1
    retry_gap: int = 5
    lost_patience: int = 3
    lost_redetect_interval: int = 3

    def __post_init__(self) -> None:
        if self.lost_redetect_interval < 1 or self.lost_patience < 0:
            raise ValueError("lost_redetect_interval must be >= 1 and lost_patience >= 0")
        if self.redetect_interval < 1:
            raise ValueError(
                f"redetect_interval must be >= 1 (1 = detector on every frame), got {self.redetect_interval}"
            )
        if not 0.0 <= self.track_confidence <= 1.0:
            raise ValueError(f"track_confidence must lie in [0, 1], got {self.track_confidence}")


class PersonChooser:
    """Picks the followed person among detections and remembers where they were."""

    def __init__(self, settings: TrackingSettings) -> None:
        self.settings = settings
        self.reference: Box | None = None
        self.frames_lost = 0

    def choose(self, boxes: Box) -> Box | None:
        """The detection to follow in this frame, or None (nobody, or only bystanders).

        Does not change state: call :meth:`found` or :meth:`lost` with the outcome.
        """
        if len(boxes) == 0:
            return None
        if self.reference is None or self.frames_lost > self.settings.forget_after:
            areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
            return np.asarray(boxes[int(np.argmax(areas))], dtype=np.float64)
        ref = self.reference
        overlaps = np.array([iou(ref, b) for b in boxes])
        best = int(np.argmax(overlaps))
        if overlaps[best] >= self.settings.min_iou:
            return np.asarray(boxes[best], dtype=np.float64)
        centers = (boxes[:, :2] + boxes[:, 2:]) / 2
        ref_center = (ref[:2] + ref[2:]) / 2
        distances = np.linalg.norm(centers - ref_center, axis=1)
        nearest = int(np.argmin(distances))
        reach = (ref[3] - ref[1]) * (0.5 + self.settings.reach_growth * self.frames_lost)
        if distances[nearest] <= reach:
            return np.asarray(boxes[nearest], dtype=np.float64)
        return None

    def found(self, box: Box) -> None:
        """Record where the followed person is now."""
        self.reference = box
        self.frames_lost = 0

    def lost(self) -> None:
        """The followed person was not found in this frame."""
        self.frames_lost += 1
