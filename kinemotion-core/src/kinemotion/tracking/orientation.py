"""A video stored mirrored, shown as players show it.

OpenCV's automatic orientation applies the rotation FFmpeg reads from the
video track's display matrix, and ignores a mirror in it: a clip whose matrix
flips the picture (``ffmpeg -display_hflip``, an app saving front-camera
video as previewed) came out turned instead (a left-right mirror as a
half turn: the athlete upside down, tracked silently so). For a mirroring
matrix the reader turns OpenCV's orientation off and applies the matrix
here, with the rules of FFmpeg's own command line (its ``autorotate``:
a transpose for a quarter turn, flips for a half turn or none).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

__all__ = ["Orientation", "mirrored_orientation"]

_OPS = {
    "transpose": lambda image: cv2.transpose(image),
    "clockwise": lambda image: cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE),
    "counterclockwise": lambda image: cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE),
    "hflip": lambda image: cv2.flip(image, 1),
    "vflip": lambda image: cv2.flip(image, 0),
}


@dataclass(frozen=True)
class Orientation:
    """How to turn a decoded frame upright: the clockwise rotation it amounts to, and the steps taking it there."""

    rotation: int
    """Clockwise degrees (0, 90, 180 or 270), as :attr:`~kinemotion.tracking.decode.VideoInfo.rotation`."""
    steps: tuple[str, ...]
    """``transpose``, ``clockwise``, ``counterclockwise``, ``hflip``, ``vflip``: applied in order."""

    def apply(self, image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
        """``image`` as a player shows it."""
        for step in self.steps:
            image = np.asarray(_OPS[step](image), dtype=np.uint8)  # no copy: OpenCV keeps uint8
        return image

    def size(self, width: int, height: int) -> tuple[int, int]:
        """The shown (width, height) of a stored ``width`` x ``height`` picture."""
        return (height, width) if self.rotation in (90, 270) else (width, height)


def mirrored_orientation(matrix: tuple[int, ...]) -> Orientation | None:
    """What turns a frame upright for a display ``matrix`` (``a b u c d v x y w``, as stored) that mirrors it;
    None when it does not mirror (OpenCV's own orientation is right) or turns by other than a right angle."""
    a, b, _, c, d = matrix[:5]
    if a * d - b * c >= 0:
        return None
    scale_x, scale_y = math.hypot(a, c), math.hypot(b, d)
    if not scale_x or not scale_y:
        return None
    theta = round(math.degrees(math.atan2(b / scale_y, a / scale_x))) % 360
    if theta == 90:
        return Orientation(90, ("transpose",) if c > 0 else ("clockwise",))
    if theta == 270:
        return Orientation(270, ("clockwise", "vflip") if c < 0 else ("counterclockwise",))
    if theta == 180:
        return Orientation(180, (("hflip",) if a < 0 else ()) + (("vflip",) if d < 0 else ()))
    if theta == 0:
        return Orientation(0, ("vflip",) if d < 0 else ())
    return None
