"""YOLOX person detector (NMS inside the graph) with a reused input buffer."""

from __future__ import annotations

import time
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.errors import ModelShapeError

__all__ = ["PersonDetector"]

_PAD_VALUE = 114


class PersonDetector:
    """Finds people: boxes ``(N, 4)`` in frame pixels and scores ``(N,)``, best first.

    Pre-processing as the model was trained (and as rtmlib does): resize
    keeping the aspect ratio into the top-left of a ``size x size`` canvas
    padded with 114, BGR, 0-255, no normalisation.
    """

    def __init__(self, session: Any, size: int, score_threshold: float = 0.3) -> None:
        self.session = session
        self.last_run_s = 0.0
        self.size = size
        self.score_threshold = score_threshold
        inp, outputs = session.get_inputs()[0], session.get_outputs()
        if len(list(inp.shape)) != 4 or inp.shape[1] != 3 or len(outputs) != 2 or outputs[0].shape[-1] != 5:
            raise ModelShapeError(
                "not a YOLOX detector with NMS inside: expected input [1, 3, S, S] and outputs dets [1, N, 5], "
                f"labels [1, N]; got input {list(inp.shape)} and outputs {[(o.name, o.shape) for o in outputs]}"
            )
        self._input_name = inp.name
        self._canvas = np.full((size, size, 3), _PAD_VALUE, dtype=np.uint8)
        self._blob = np.empty((1, 3, size, size), dtype=np.float32)
        self._last_shape: tuple[int, int] | None = None

    def __call__(self, frame: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
        h, w = frame.shape[:2]
        ratio = min(self.size / h, self.size / w)
        new_w, new_h = int(w * ratio), int(h * ratio)
        if self._last_shape != (h, w):  # padding only changes with the frame size
            self._canvas.fill(_PAD_VALUE)
            self._last_shape = (h, w)
        cv2.resize(frame, (new_w, new_h), dst=self._canvas[:new_h, :new_w], interpolation=cv2.INTER_LINEAR)
        np.copyto(self._blob[0], self._canvas.transpose(2, 0, 1), casting="unsafe")
        start = time.perf_counter()
        dets = self.session.run(None, {self._input_name: self._blob})[0][0]
        self.last_run_s = time.perf_counter() - start
        keep = dets[:, 4] > self.score_threshold
        boxes = dets[keep, :4].astype(np.float64) / ratio
        scores = dets[keep, 4].astype(np.float32)
        order = np.argsort(-scores)
        return boxes[order], scores[order]
