"""Still frames for the report: the video's frame at an event, the skeleton drawn, cut to the athlete, as a JPEG.

Each still is a small thumbnail (``THUMB_HEIGHT`` pixels high, JPEG quality
``JPEG_QUALITY``) so that a session of hundreds of jumps stays a file that
opens quickly: a hundred videos of three jumps is about 10 MB. The frame is
cut around the athlete (the landmarks' box, with a margin) so the thumbnail
shows the body, not the gym.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion.errors import VideoReadError
from kinemotion.landmarks import LandmarkDict
from kinemotion.tracking.decode import VideoReader
from kinemotion.tracking.drawing import draw_pose

__all__ = ["JPEG_QUALITY", "THUMB_HEIGHT", "data_uri", "read_frames_at", "still"]

THUMB_HEIGHT = 300
JPEG_QUALITY = 72
_ASPECT = 0.75  # width / height of a thumbnail cut around the athlete
_MARGIN = 0.25  # of the athlete's height, on every side


def read_frames_at(video: Path, indices: Iterable[int]) -> dict[int, npt.NDArray[np.uint8]]:
    """The frames at ``indices`` (decoded in one pass from the start, as the tracking counted them).

    Raises:
        VideoReadError: the video cannot be opened; frames past where decoding stops are left out.
    """
    wanted = set(indices)
    found: dict[int, npt.NDArray[np.uint8]] = {}
    if not wanted:
        return found
    with VideoReader(video) as reader:
        try:
            for frame in reader.frames(0, max(wanted) + 1):
                if frame.index in wanted:
                    found[frame.index] = frame.image
        except VideoReadError:
            pass  # the frames before the failure are kept; the caller marks the missing ones
    return found


def _landmarks(raw: Mapping[str, Sequence[float]]) -> LandmarkDict:
    return {name: (float(v[0]), float(v[1]), float(v[2])) for name, v in raw.items()}


def _box(landmarks: LandmarkDict, width: int, height: int) -> tuple[int, int, int, int]:
    """The part of the frame to keep: around the athlete at the thumbnail's aspect, else the whole frame."""
    points = [(x * width, y * height) for x, y, v in landmarks.values() if v >= 0.3]
    if len(points) < 3:
        return 0, 0, width, height
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    tall = max(max(ys) - min(ys), (max(xs) - min(xs)) / _ASPECT, 0.1 * height) * (1 + 2 * _MARGIN)
    tall = min(tall, float(height), width / _ASPECT)
    wide = tall * _ASPECT
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x0 = round(min(max(0.0, cx - wide / 2), width - wide))
    y0 = round(min(max(0.0, cy - tall / 2), height - tall))
    return x0, y0, x0 + round(wide), y0 + round(tall)


def still(image: npt.NDArray[np.uint8], landmarks: Mapping[str, Sequence[float]]) -> bytes:
    """The JPEG of ``image`` with the skeleton drawn, cut to the athlete, ``THUMB_HEIGHT`` pixels high."""
    picture = draw_pose(image.copy(), _landmarks(landmarks) or None, "")
    h, w = picture.shape[:2]
    x0, y0, x1, y1 = _box(_landmarks(landmarks), w, h)
    crop = picture[y0:y1, x0:x1]
    scale = THUMB_HEIGHT / max(1, crop.shape[0])
    size = (max(1, round(crop.shape[1] * scale)), THUMB_HEIGHT)
    small = cv2.resize(crop, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    ok, encoded = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise VideoReadError("OpenCV could not encode a still frame as JPEG.")
    return encoded.tobytes()


def data_uri(jpeg: bytes) -> str:
    """``data:image/jpeg;base64,...``: the image inside the page, nothing to fetch."""
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")
