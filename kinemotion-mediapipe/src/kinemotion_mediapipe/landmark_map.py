"""BlazePose's 33 landmarks, in MediaPipe's index order, mapped to canonical names.

| index | BlazePose | canonical |
|---|---|---|
| 0 | nose | nose |
| 1-3 | left_eye_inner, left_eye, left_eye_outer | same names |
| 4-6 | right_eye_inner, right_eye, right_eye_outer | same names |
| 7, 8 | left_ear, right_ear | same |
| 9, 10 | mouth_left, mouth_right | left_mouth, right_mouth |
| 11-16 | shoulders, elbows, wrists | same |
| 17-22 | left/right pinky, index, thumb | same |
| 23-28 | hips, knees, ankles | same |
| 29, 30 | left_heel, right_heel | same |
| 31, 32 | left_foot_index, right_foot_index (big-toe tip) | same |
"""

from __future__ import annotations

from typing import Final

from kinemotion.keypoints import BLAZEPOSE33

__all__ = ["BLAZEPOSE_TO_CANONICAL"]

BLAZEPOSE_TO_CANONICAL: Final[tuple[str, ...]] = BLAZEPOSE33
"""Canonical name of BlazePose landmark ``i`` (the core's :data:`kinemotion.keypoints.BLAZEPOSE33`)."""
