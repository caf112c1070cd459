"""Boxes and the affine crop that maps a person box onto the pose model's input.

Boxes are ``(x1, y1, x2, y2)`` in frame pixels. The crop follows RTMPose's
top-down convention (as mmpose and rtmlib do): the box is padded by 1.25,
widened or heightened to the model's aspect ratio, and mapped by a scale and
a translation (no rotation) onto the ``input_w x input_h`` input.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["BOX_PADDING", "box_from_keypoints", "crop_transform", "iou"]

BOX_PADDING = 1.25

FloatArray = npt.NDArray[np.float64]


def crop_transform(box: FloatArray, input_w: int, input_h: int) -> tuple[FloatArray, float, FloatArray]:
    """The 2x3 matrix mapping frame pixels into the model input, its scale, and the box centre.

    A frame point ``p`` lands at ``k * (p - center) + (input_w / 2, input_h / 2)``.
    """
    x1, y1, x2, y2 = (float(v) for v in box)
    center = np.array([(x1 + x2) / 2, (y1 + y2) / 2])
    w, h = (x2 - x1) * BOX_PADDING, (y2 - y1) * BOX_PADDING
    aspect = input_w / input_h
    w = max(w, h * aspect, 1e-6)
    k = input_w / w
    matrix = np.array(
        [[k, 0.0, input_w / 2 - k * center[0]], [0.0, k, input_h / 2 - k * center[1]]],
        dtype=np.float64,
    )
    return matrix, k, center


def box_from_keypoints(points: FloatArray, scores: npt.NDArray[np.float32], min_score: float) -> FloatArray | None:
    """The tight box around the keypoints scoring at least ``min_score`` (None if fewer than 4).

    The pose crop pads it by :data:`BOX_PADDING`, which leaves the margin a
    detector box would have had.
    """
    good = points[scores >= min_score]
    if len(good) < 4:
        return None
    x1, y1 = good.min(axis=0)
    x2, y2 = good.max(axis=0)
    return np.array([x1, y1, x2, y2], dtype=np.float64)


def iou(a: FloatArray, b: FloatArray) -> float:
    """Intersection over union of two boxes."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0
