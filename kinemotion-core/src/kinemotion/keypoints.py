"""Standard keypoint sets mapped to the canonical vocabulary, for backend authors.

Each tuple gives the canonical name (:mod:`kinemotion.landmarks`) of keypoint
``i`` in the model's own output order, so a tracker built on a model of that
family maps its output with ``dict(zip(HALPE26, points))``:

- ``HALPE26``: RTMPose body7 Halpe26, AlphaPose, rtmlib ``BodyWithFeet``.
  17 ``head`` -> ``head_top``, 19 ``hip`` (pelvis) -> ``mid_hip``,
  20/21 big toes -> ``*_foot_index``.
- ``COCO17``: most top-down and bottom-up models (RTMPose COCO, YOLO-pose,
  ViTPose). No heels or toes: not enough for jump analysis alone.
- ``BLAZEPOSE33``: MediaPipe Pose. 9/10 ``mouth_left``/``mouth_right`` ->
  ``left_mouth``/``right_mouth``.

The orders are those of the models' published keypoint definitions (Halpe:
AlphaPose's ``halpe26``; COCO: the COCO keypoint task; BlazePose: MediaPipe's
pose landmark model card).
"""

from __future__ import annotations

from typing import Final

__all__ = ["BLAZEPOSE33", "COCO17", "HALPE26", "KEYPOINT_SETS"]

COCO17: Final[tuple[str, ...]] = (
    "nose",
    "left_eye", "right_eye",
    "left_ear", "right_ear",
    "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow",
    "left_wrist", "right_wrist",
    "left_hip", "right_hip",
    "left_knee", "right_knee",
    "left_ankle", "right_ankle",
)  # fmt: skip
"""Canonical name of COCO-17 keypoint ``i``."""

HALPE26: Final[tuple[str, ...]] = (
    *COCO17,
    "head_top", "neck", "mid_hip",
    "left_foot_index", "right_foot_index",
    "left_small_toe", "right_small_toe",
    "left_heel", "right_heel",
)  # fmt: skip
"""Canonical name of Halpe26 keypoint ``i`` (COCO-17, then head, neck, pelvis, big toes, small toes, heels)."""

BLAZEPOSE33: Final[tuple[str, ...]] = (
    "nose",
    "left_eye_inner", "left_eye", "left_eye_outer",
    "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear",
    "left_mouth", "right_mouth",
    "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow",
    "left_wrist", "right_wrist",
    "left_pinky", "right_pinky",
    "left_index", "right_index",
    "left_thumb", "right_thumb",
    "left_hip", "right_hip",
    "left_knee", "right_knee",
    "left_ankle", "right_ankle",
    "left_heel", "right_heel",
    "left_foot_index", "right_foot_index",
)  # fmt: skip
"""Canonical name of BlazePose landmark ``i`` (MediaPipe's index order)."""

KEYPOINT_SETS: Final[dict[str, tuple[str, ...]]] = {"halpe26": HALPE26, "coco17": COCO17, "blazepose33": BLAZEPOSE33}
"""The sets above by name."""
