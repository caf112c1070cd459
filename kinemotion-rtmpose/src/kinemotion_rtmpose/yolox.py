"""YOLOX's two forms: the exported graph with NMS inside, or its head's raw outputs decoded here.

The exported YOLOX files decode their boxes and run NMS inside the graph, for
one fixed square input (416 x 416 for YOLOX-tiny): a 16:9 frame is
letterboxed into it and 44 % of the pixels the detector works on are padding.
Cut at its head (three levels of class, box and objectness maps), YOLOX is
fully convolutional and runs at any input whose sides are multiples of 32:
at the frame's own aspect the same frame at the same scale costs 40 % less.
:class:`HeadOutputs` decodes those maps as the graph does (points at
``stride * (column, row)``, centre ``reg * stride + point``, size
``exp(reg) * stride``, score ``max over classes of sigmoid(class) *
sigmoid(objectness)``), then NMS at the graph's IoU of 0.65.

Both forms give boxes in detector-input pixels and scores, for
:class:`~kinemotion_rtmpose.detector.PersonDetector`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.errors import ModelShapeError

__all__ = [
    "HEAD_WEIGHTS",
    "NMS_IOU",
    "STRIDES",
    "GraphNMS",
    "HeadOutputs",
    "YoloxRunner",
    "canvas_shape",
    "decode_head",
]

STRIDES = (8, 16, 32)
"""The strides of YOLOX's three head levels; an input side must be a multiple of the largest."""
HEAD_WEIGHTS = tuple(
    f"bbox_head.multi_level_conv_{kind}.{level}.weight" for kind in ("cls", "reg", "obj") for level in range(3)
)
"""The weights of YOLOX's last convolutions (mmdetection's names), in the order of :class:`HeadOutputs`."""
NMS_IOU = 0.65
"""The IoU above which NMS drops the lower-scored box (the exported graph's value)."""

Boxes = npt.NDArray[np.float32]
Scores = npt.NDArray[np.float32]


class YoloxRunner(Protocol):
    """Runs YOLOX on a prepared blob: boxes ``(N, 4)`` in input pixels (x1, y1, x2, y2) and scores ``(N,)``."""

    fits_aspect: bool
    """True when any input whose sides are multiples of 32 works; False: only the square it was exported for."""

    def __call__(self, blob: npt.NDArray[np.float32]) -> tuple[Boxes, Scores]: ...

    def prepare(self, rows: int, columns: int) -> None:
        """Get ready for ``rows x columns`` inputs now (compile), not in the middle of a video."""


def canvas_shape(rows: int, columns: int, size: int, fits_aspect: bool) -> tuple[int, int]:
    """The detector input ``(rows, columns)`` for an image scaled to ``rows x columns`` (at most ``size``).

    The square ``size x size`` for a fixed graph; else the image rounded up to multiples of 32.
    """
    if not fits_aspect:
        return size, size
    step = STRIDES[-1]
    return max(step, -(-rows // step) * step), max(step, -(-columns // step) * step)


class GraphNMS:
    """The exported graph: input ``[1, 3, S, S]``, outputs ``dets [1, N, 5]`` and ``labels [1, N]``."""

    fits_aspect = False

    def __init__(self, session: Any) -> None:
        self.session = session
        inp, outputs = session.get_inputs()[0], session.get_outputs()
        if len(list(inp.shape)) != 4 or inp.shape[1] != 3 or len(outputs) != 2 or outputs[0].shape[-1] != 5:
            raise ModelShapeError(
                "not a YOLOX detector with NMS inside: expected input [1, 3, S, S] and outputs dets [1, N, 5], "
                f"labels [1, N]; got input {list(inp.shape)} and outputs {[(o.name, o.shape) for o in outputs]}"
            )
        self._input_name = inp.name

    def __call__(self, blob: npt.NDArray[np.float32]) -> tuple[Boxes, Scores]:
        dets = self.session.run(None, {self._input_name: blob})[0][0]
        return dets[:, :4], dets[:, 4]

    def prepare(self, rows: int, columns: int) -> None:
        """Nothing to do: the graph has one input size."""


def decode_head(
    maps: Sequence[tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.float32]]],
    score_threshold: float,
) -> tuple[Boxes, Scores]:
    """Boxes and scores above ``score_threshold`` from each level's ``(class, box, objectness)`` maps, after NMS.

    ``maps[level]`` holds arrays of shape ``(1, classes, h, w)``, ``(1, 4, h, w)``
    and ``(1, 1, h, w)`` for the stride ``STRIDES[level]``.
    """
    all_boxes, all_scores = [], []
    for stride, (cls, reg, obj) in zip(STRIDES, maps, strict=True):
        score = _sigmoid(cls[0]).max(axis=0) * _sigmoid(obj[0, 0])
        row, column = np.nonzero(score > score_threshold)
        if len(row) == 0:
            continue
        dx, dy, dw, dh = reg[0][:, row, column]
        cx, cy = dx * stride + column * stride, dy * stride + row * stride
        half_w, half_h = np.exp(dw) * stride / 2, np.exp(dh) * stride / 2
        all_boxes.append(np.stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h], axis=1))
        all_scores.append(score[row, column])
    if not all_boxes:
        return np.zeros((0, 4), np.float32), np.zeros(0, np.float32)
    boxes = np.concatenate(all_boxes).astype(np.float32)
    scores = np.concatenate(all_scores).astype(np.float32)
    xywh = np.concatenate([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]], axis=1)
    keep = np.asarray(cv2.dnn.NMSBoxes(xywh.tolist(), scores.tolist(), score_threshold, NMS_IOU), dtype=int)
    return boxes[keep.reshape(-1)], scores[keep.reshape(-1)]


def _sigmoid(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    return np.reciprocal(1.0 + np.exp(-x), dtype=np.float32)


class HeadOutputs:
    """YOLOX cut at its head: ``session_for((rows, columns))`` gives a session whose nine outputs are the
    class, box and objectness maps of the three levels, in that order (:data:`HEAD_WEIGHTS`'s order).

    At the frame's aspect where the head was cut for any input (OpenVINO); at the exported graph's one
    square input with ``fits_aspect=False`` (ONNX Runtime: :mod:`kinemotion_rtmpose.onnx_head`)."""

    def __init__(
        self, session_for: Callable[[tuple[int, int]], Any], score_threshold: float, *, fits_aspect: bool = True
    ) -> None:
        self._session_for = session_for
        self.score_threshold = score_threshold
        self.fits_aspect = fits_aspect
        """False: the head was cut for the exported graph's one square input (the detector pads to it)."""

    def prepare(self, rows: int, columns: int) -> None:
        """Compile the head for ``rows x columns`` inputs."""
        self._session_for((rows, columns))

    def __call__(self, blob: npt.NDArray[np.float32]) -> tuple[Boxes, Scores]:
        session = self._session_for((blob.shape[2], blob.shape[3]))
        outputs = session.run(None, {session.get_inputs()[0].name: blob})
        levels = len(STRIDES)
        maps = [(outputs[level], outputs[levels + level], outputs[2 * levels + level]) for level in range(levels)]
        return decode_head(maps, self.score_threshold)
