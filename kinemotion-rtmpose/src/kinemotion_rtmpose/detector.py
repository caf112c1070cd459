"""The person detector: YOLOX (:mod:`kinemotion_rtmpose.yolox`) behind one pre-processing, with reused buffers."""

from __future__ import annotations

import time

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.yolox import YoloxRunner, canvas_shape

__all__ = ["PersonDetector"]

_PAD_VALUE = 114
WINDOW_FRACTION = 0.45
"""The search window's side as a fraction of the detector's input size (192 px for YOLOX-tiny's 416)."""
WINDOW_FILL = 0.8
"""A box larger than this fraction of the window is searched for in the whole frame."""


def _scaled(pixels: int, ratio: float) -> int:
    """A side scaled by ``ratio``, at least one pixel (a frame a pixel high still has a row)."""
    return max(1, int(pixels * ratio))


class PersonDetector:
    """Finds people: boxes ``(N, 4)`` in frame pixels and scores ``(N,)``, best first.

    Pre-processing as the model was trained (and as rtmlib does): resize
    keeping the aspect ratio so that the frame fits ``size``, into the
    top-left of a canvas padded with 114, BGR, 0-255, no normalisation. The
    canvas is ``size x size`` for YOLOX's exported graph, and the scaled frame
    rounded up to multiples of 32 where the runner takes any such input
    (:class:`~kinemotion_rtmpose.yolox.HeadOutputs`): the same scale, less padding.

    Such a runner can also search a window of the frame around a box
    (``around=``), at the same scale as the whole frame: a square of
    :attr:`window_side` detector pixels, a quarter of the work of a 16:9 frame.
    The window is centred on the box and kept inside the frame; a box too
    large for it (or a runner with a fixed input) means the whole frame.
    """

    def __init__(self, runner: YoloxRunner, size: int, score_threshold: float = 0.3) -> None:
        self.runner = runner
        self.last_run_s = 0.0
        self.size = size
        self.score_threshold = score_threshold
        self.window_side = -(-int(size * WINDOW_FRACTION) // 32) * 32
        """Side of the search window, in detector pixels (a multiple of 32)."""
        self._buffers: dict[tuple[int, int], tuple[npt.NDArray[np.uint8], npt.NDArray[np.float32]]] = {}

    def _buffers_for(self, h: int, w: int, ratio: float) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.float32]]:
        """Canvas and blob for an ``h x w`` view, made once per size (the padding never changes)."""
        if (h, w) not in self._buffers:
            rows, columns = canvas_shape(_scaled(h, ratio), _scaled(w, ratio), self.size, self.runner.fits_aspect)
            canvas = np.full((rows, columns, 3), _PAD_VALUE, dtype=np.uint8)
            self._buffers[(h, w)] = (canvas, np.empty((1, 3, rows, columns), dtype=np.float32))
        return self._buffers[(h, w)]

    def _window_side(self, frame_h: int, frame_w: int) -> int | None:
        """The search window's side in frame pixels for this frame size; None when no window helps (a runner
        with a fixed input, or a window as large as the frame)."""
        if not self.runner.fits_aspect:
            return None
        side = int(self.window_side / min(self.size / frame_h, self.size / frame_w))
        return side if side < max(frame_h, frame_w) else None

    def window(self, frame_h: int, frame_w: int, around: npt.NDArray[np.float64]) -> tuple[int, int, int, int] | None:
        """The search window ``(x0, y0, x1, y1)`` in frame pixels around the box ``around``; None: the whole frame."""
        side = self._window_side(frame_h, frame_w)
        x1, y1, x2, y2 = around
        if side is None or max(x2 - x1, y2 - y1) > WINDOW_FILL * side:
            return None
        left = int(min(max((x1 + x2 - side) / 2, 0), max(frame_w - side, 0)))
        top = int(min(max((y1 + y2 - side) / 2, 0), max(frame_h - side, 0)))
        return left, top, min(left + side, frame_w), min(top + side, frame_h)

    def __call__(
        self, frame: npt.NDArray[np.uint8], around: npt.NDArray[np.float64] | None = None
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
        """People in ``frame``, or in the search window around the box ``around`` when there is one."""
        h, w = frame.shape[:2]
        ratio = min(self.size / h, self.size / w)
        side = self._window_side(h, w) if (h, w) not in self._buffers else None
        if side is not None:  # a new frame size: ready its window too, not in the middle of the video
            canvas, _ = self._buffers_for(min(side, h), min(side, w), ratio)
            self.runner.prepare(*canvas.shape[:2])
        window = None if around is None else self.window(h, w, around)
        left, top, right, bottom = window or (0, 0, w, h)
        view = frame[top:bottom, left:right]
        canvas, blob = self._buffers_for(bottom - top, right - left, ratio)
        new_w, new_h = _scaled(view.shape[1], ratio), _scaled(view.shape[0], ratio)
        cv2.resize(view, (new_w, new_h), dst=canvas[:new_h, :new_w], interpolation=cv2.INTER_LINEAR)
        np.copyto(blob[0], canvas.transpose(2, 0, 1), casting="unsafe")
        start = time.perf_counter()
        boxes, scores = self.runner(blob)
        self.last_run_s = time.perf_counter() - start
        keep = scores > self.score_threshold
        order = np.argsort(-scores[keep])
        found = boxes[keep].astype(np.float64) / ratio + np.array([left, top, left, top], dtype=np.float64)
        return found[order], scores[keep].astype(np.float32)[order]
