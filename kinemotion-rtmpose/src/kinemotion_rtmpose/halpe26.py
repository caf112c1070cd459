"""Halpe26 keypoints, in RTMPose's output order, mapped to canonical names.

| index | Halpe26 | canonical |
|---|---|---|
| 0 | nose | nose |
| 1, 2 | left_eye, right_eye | same |
| 3, 4 | left_ear, right_ear | same |
| 5-10 | shoulders, elbows, wrists | same |
| 11-16 | hips, knees, ankles | same |
| 17 | head | head_top |
| 18 | neck | neck |
| 19 | hip (pelvis) | mid_hip |
| 20, 21 | left_big_toe, right_big_toe | left_foot_index, right_foot_index |
| 22, 23 | left_small_toe, right_small_toe | left_small_toe, right_small_toe |
| 24, 25 | left_heel, right_heel | same |
"""

from __future__ import annotations

from typing import Final

from kinemotion.keypoints import HALPE26

__all__ = ["HALPE26_TO_CANONICAL"]

HALPE26_TO_CANONICAL: Final[tuple[str, ...]] = HALPE26
"""Canonical name of Halpe26 keypoint ``i`` (the core's :data:`kinemotion.keypoints.HALPE26`)."""
