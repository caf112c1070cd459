"""Writing annotated videos (skeleton and a caption per frame), atomically."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion.errors import OutputError, VideoReadError
from kinemotion.landmarks import LandmarkDict
from kinemotion.tracking.atomic import atomic_path, check_writable, refuse_to_replace
from kinemotion.tracking.decode import check_path_type, opencv_path, shown
from kinemotion.tracking.drawing import draw_pose

__all__ = ["OVERLAY_CONTAINERS", "OverlayWriter", "check_overlay_path", "check_overlay_size"]

_MIN_SIDE, _MAX_SIDE = 2, 8191
"""The frame sides MPEG-4 part 2 (the mp4v codec) can encode, in pixels."""

OVERLAY_CONTAINERS = (".mp4", ".mov", ".m4v", ".mkv", ".avi")
"""The file types an overlay can be written as (OpenCV's mp4v codec; not .webm, which needs VP8/VP9)."""


def check_overlay_path(path: str | Path) -> None:
    """Refuse an overlay path whose container the writer cannot produce, or that cannot be written.

    Raises:
        OutputError: naming the path, and the containers that work (or why the folder cannot be written).
    """
    suffix = Path(path).suffix.lower()
    if suffix not in OVERLAY_CONTAINERS:
        what = f"the container {suffix!r}" if suffix else "a name without a suffix"
        raise OutputError(
            f"cannot write the overlay video {path}: {what} is not supported; name it with one of "
            f"{', '.join(OVERLAY_CONTAINERS)} (e.g. overlay.mp4)"
        )
    try:
        opencv_path(path)
    except VideoReadError:
        raise OutputError(
            f"cannot write the overlay video {shown(path)}: the name is not valid UTF-8, which OpenCV cannot "
            "write to; choose another name"
        ) from None
    check_writable(path)


def _size_problem(video: str | Path | None, width: int, height: int) -> str | None:
    """Why an overlay of ``width`` x ``height`` frames cannot be written, or None when it can."""
    if _MIN_SIDE <= width <= _MAX_SIDE and _MIN_SIDE <= height <= _MAX_SIDE:
        return None
    named = f"the video {shown(video)}" if video is not None else "the video"
    return (
        f"{named} is {width}x{height} px, a frame size OpenCV's mp4v encoder cannot write (it takes {_MIN_SIDE} "
        f"to {_MAX_SIDE} px a side); leave out the overlay for this video, or scale it "
        "(e.g. ffmpeg -i IN -vf scale=640:-2 OUT.mp4)"
    )


def check_overlay_size(video: str | Path, path: str | Path) -> None:
    """Refuse, before any work, an overlay of a video whose frames the encoder cannot take (1x1, over 8191 px a
    side): found only once the video was tracked and analysed, it cost the whole video's result. A video that
    cannot be read is left to the reading to report.

    Raises:
        OutputError: naming the overlay, the video and its size.
    """
    try:
        capture = cv2.VideoCapture(opencv_path(video))
    except VideoReadError:
        return
    try:
        width, height = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    finally:
        capture.release()
    problem = _size_problem(video, width, height) if width > 0 and height > 0 else None
    if problem is not None:
        raise OutputError(f"cannot write the overlay video {path}: {problem}")


class OverlayWriter:
    """An mp4 of annotated frames that appears at ``path`` only after :meth:`commit`.

    With ``path=None`` every call does nothing. ``path`` is never ``source``, the video drawn on.
    Leaving the ``with`` block without committing (an error, an interrupt) removes the partial file.
    :meth:`commit` first checks that the video really holds every frame written
    (a full disk makes OpenCV drop frames silently); otherwise the previous
    file at ``path`` stays as it was and :class:`~kinemotion.errors.OutputError` says why.
    """

    def __init__(self, path: str | Path | None, fps: float, source: str | Path | None = None) -> None:
        if path is not None:
            check_path_type(path, "the overlay")
            refuse_to_replace(path, [source])  # the video being drawn on is never written over
        self._path = path
        self._source = source
        self._fps = fps or 30.0
        self._atomic: Any = None
        self._writer: Any = None
        self._partial: Path | None = None
        self._written = 0
        if path is not None:
            check_overlay_path(path)

    def __enter__(self) -> OverlayWriter:
        return self

    def write(self, image: npt.NDArray[np.uint8], landmarks: LandmarkDict | None, caption: str) -> None:
        """Draw ``landmarks`` and ``caption`` on a copy of ``image`` and append it."""
        if self._path is None:
            return
        if self._writer is None:
            self._atomic = atomic_path(self._path)
            self._partial = self._atomic.__enter__()
            h, w = image.shape[:2]
            name = opencv_path(self._partial)
            self._writer = cv2.VideoWriter(name, cv2.VideoWriter.fourcc(*"mp4v"), self._fps, (w, h))
            if not self._writer.isOpened():
                cause = self._refusal(name, w, h)
                self._drop()
                raise OutputError(f"cannot write the overlay video {self._path}: {cause}")
        self._writer.write(draw_pose(image.copy(), landmarks, caption))
        self._written += 1

    def _refusal(self, name: str, width: int, height: int) -> str:
        """Why OpenCV refused a writer for ``width`` x ``height`` frames: the frame size, or the folder."""
        probe = cv2.VideoWriter(name, cv2.VideoWriter.fourcc(*"mp4v"), self._fps, (64, 64))
        small_opens = probe.isOpened()  # a small video opens at the same path: the folder is not the cause
        probe.release()
        if small_opens:
            return _size_problem(self._source, width, height) or (
                f"OpenCV's mp4v encoder refuses {width}x{height} frames; leave out the overlay for this video"
            )
        return (
            f"OpenCV could not open an mp4 writer ({width}x{height}, mp4v codec); check the folder is writable "
            "and the disk has room"
        )

    def commit(self) -> None:
        """Close the video, check it holds every frame, and move it into place."""
        if self._writer is None:
            return
        self._writer.release()
        self._writer = None
        problem = self._check_written()
        if problem is not None:
            from kinemotion.tracking.no_room import stopped_by

            assert self._partial is not None
            why = stopped_by(self._partial)  # read before the partial file is removed
            self._drop()
            if why is not None:  # the disk or a file-size limit: said with the fix, not "(disk full?)"
                raise OutputError(f"cannot write the overlay video {self._path}: {why}")
            raise OutputError(f"the overlay video {self._path} was not written completely: {problem}")
        atomic, self._atomic = self._atomic, None
        atomic.__exit__(None, None, None)

    def _check_written(self) -> str | None:
        assert self._partial is not None
        if not self._partial.is_file() or self._partial.stat().st_size == 0:
            return "the file is empty (disk full?)"
        check = cv2.VideoCapture(opencv_path(self._partial))
        try:
            if not check.isOpened():
                return "the file cannot be decoded (disk full?)"
            frames = int(check.get(cv2.CAP_PROP_FRAME_COUNT))
        finally:
            check.release()
        if frames < self._written:
            return f"it holds {frames} of the {self._written} frames written (disk full?)"
        return None

    def _drop(self) -> None:
        """Remove the partial file; the previous file at the path is untouched."""
        if self._atomic is not None:
            atomic, self._atomic = self._atomic, None
            with contextlib.suppress(OutputError):  # the abandon itself is not the error to report
                atomic.__exit__(OutputError, OutputError("not committed"), None)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None
        self._drop()  # not committed (an error or an interrupt, also during commit's check): drop the partial file
