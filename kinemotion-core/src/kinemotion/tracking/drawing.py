"""Drawing landmarks on frames: the skeleton and a caption (for overlay videos)."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion.landmarks import LandmarkDict

__all__ = ["BONES", "draw_pose"]

BONES: tuple[tuple[str, str], ...] = (
    ("left_shoulder", "right_shoulder"), ("left_hip", "right_hip"),
    ("left_shoulder", "left_hip"), ("right_shoulder", "right_hip"),
    ("left_shoulder", "left_elbow"), ("left_elbow", "left_wrist"),
    ("right_shoulder", "right_elbow"), ("right_elbow", "right_wrist"),
    ("left_hip", "left_knee"), ("left_knee", "left_ankle"),
    ("right_hip", "right_knee"), ("right_knee", "right_ankle"),
    ("left_ankle", "left_heel"), ("left_heel", "left_foot_index"), ("left_ankle", "left_foot_index"),
    ("right_ankle", "right_heel"), ("right_heel", "right_foot_index"), ("right_ankle", "right_foot_index"),
    ("nose", "left_eye"), ("nose", "right_eye"),
)  # fmt: skip
"""Pairs of landmarks joined by a line."""

_LEFT, _RIGHT, _CENTRE = (255, 160, 0), (0, 140, 255), (230, 230, 230)


def draw_pose(
    image: npt.NDArray[np.uint8], landmarks: LandmarkDict | None, caption: str, min_visibility: float = 0.3
) -> npt.NDArray[np.uint8]:
    """Draw ``landmarks`` and ``caption`` (white, on a dark band at the top left; none when empty) onto ``image``
    in place and return it."""
    h, w = image.shape[:2]
    thickness = max(2, round(min(h, w) / 250))
    if landmarks:
        points = {name: (round(x * w), round(y * h)) for name, (x, y, v) in landmarks.items() if v >= min_visibility}
        for a, b in BONES:
            if a in points and b in points:
                color = _LEFT if a.startswith("left") else _RIGHT if a.startswith("right") else _CENTRE
                cv2.line(image, points[a], points[b], color, thickness, cv2.LINE_AA)
        for p in points.values():
            cv2.circle(image, p, thickness + 1, _CENTRE, -1, cv2.LINE_AA)
    if not caption:  # the report's stills: the skeleton alone
        return image
    scale = max(0.5, min(h, w) / 900)
    origin = (12, round(36 * scale))
    (text_w, text_h), below = cv2.getTextSize(caption, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
    pad = max(4, round(8 * scale))
    # on a dark band (75 % opaque): white letters on a bright sky were a ghost a coach could barely read
    x1, y1 = min(w, origin[0] + text_w + pad), min(h, origin[1] + below + pad)
    y0 = max(0, origin[1] - text_h - pad)
    if x1 > 0 and y1 > y0:
        band = image[y0:y1, :x1]
        band[:] = (band.astype(np.float32) * 0.25).astype(np.uint8)
    cv2.putText(image, caption, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), thickness, cv2.LINE_AA)
    return image
