"""Writing annotated videos (skeleton and a caption per frame), atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion.atomic import atomic_path
from kinemotion.errors import VideoReadError
from kinemotion.landmarks import LandmarkDict
from kinemotion.skeleton import draw_pose

__all__ = ["OverlayWriter"]


class OverlayWriter:
    """An mp4 of annotated frames that appears at ``path`` only after :meth:`commit`.

    With ``path=None`` every call does nothing. Leaving the ``with`` block
    without committing (an error, an interrupt) removes the partial file.
    """

    def __init__(self, path: str | Path | None, fps: float) -> None:
        self._path = path
        self._fps = fps or 30.0
        self._atomic: Any = None
        self._writer: Any = None

    def __enter__(self) -> OverlayWriter:
        return self

    def write(self, image: npt.NDArray[np.uint8], landmarks: LandmarkDict | None, caption: str) -> None:
        """Draw ``landmarks`` and ``caption`` on a copy of ``image`` and append it."""
        if self._path is None:
            return
        if self._writer is None:
            self._atomic = atomic_path(self._path)
            partial = self._atomic.__enter__()
            h, w = image.shape[:2]
            self._writer = cv2.VideoWriter(str(partial), cv2.VideoWriter.fourcc(*"mp4v"), self._fps, (w, h))
            if not self._writer.isOpened():
                raise VideoReadError(f"cannot write the overlay video {self._path} (mp4v codec unavailable)")
        self._writer.write(draw_pose(image.copy(), landmarks, caption))

    def commit(self) -> None:
        """Close the video and move it into place."""
        if self._writer is not None:
            self._writer.release()
            self._writer = None
            self._atomic.__exit__(None, None, None)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self._writer is not None:  # not committed: drop the partial file
            self._writer.release()
            self._writer = None
            self._atomic.__exit__(exc_type, exc, tb)
