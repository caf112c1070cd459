"""RTMPose top-down pose model: affine crop, normalisation, SimCC decode."""

from __future__ import annotations

import time
from typing import Any, Literal

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion_rtmpose.errors import ModelShapeError
from kinemotion_rtmpose.geometry import crop_transform
from kinemotion_rtmpose.simcc import decode_simcc

HALPE26_KEYPOINTS = 26

__all__ = ["HALPE26_KEYPOINTS", "ColorOrder", "ModelShapeError", "PoseModel"]

ColorOrder = Literal["rgb", "bgr"]

# mmpose's data preprocessor for RTMPose, in RGB channel order.
_MEAN_RGB = np.array([123.675, 116.28, 103.53], dtype=np.float32)
_STD_RGB = np.array([58.395, 57.12, 57.375], dtype=np.float32)


class PoseModel:
    """Keypoints of the person in a box: ``(K, 2)`` frame pixels and ``(K,)`` scores.

    ``color_order="rgb"`` feeds the crop in the channel order the model was
    trained with; ``"bgr"`` reproduces rtmlib (which normalises the BGR
    frame with the RGB statistics).
    """

    def __init__(self, session: Any, color_order: ColorOrder = "rgb") -> None:
        self.session = session
        self.last_run_s = 0.0
        inp = session.get_inputs()[0]
        outputs = session.get_outputs()
        shape = list(inp.shape)
        ranks = [len(o.shape) for o in outputs]
        if len(shape) != 4 or shape[1] != 3 or not all(isinstance(d, int) for d in shape[2:]) or ranks != [3, 3]:
            raise ModelShapeError(
                f"not an RTMPose SimCC model: expected one input [N, 3, H, W] and two outputs (simcc_x, simcc_y), "
                f"got input {inp.name} {shape} and outputs {[(o.name, o.shape) for o in outputs]}"
            )
        declared = {o.shape[-2] for o in outputs if len(o.shape) == 3 and isinstance(o.shape[-2], int)}
        if declared - {HALPE26_KEYPOINTS}:  # symbolic sizes are checked on the first run instead
            raise ModelShapeError(
                f"the model gives {sorted(declared)} keypoints, this backend maps Halpe26 ({HALPE26_KEYPOINTS})"
            )
        self._input_name = inp.name
        self.input_h, self.input_w = int(shape[2]), int(shape[3])
        self._outputs = [o.name for o in outputs]
        self._crop = np.empty((self.input_h, self.input_w, 3), dtype=np.uint8)
        self._blob = np.empty((1, 3, self.input_h, self.input_w), dtype=np.float32)
        self.color_order = color_order
        if color_order == "rgb":
            self._channels = [2, 1, 0]  # blob channel c reads crop channel (BGR) _channels[c]
            mean, std = _MEAN_RGB, _STD_RGB
        elif color_order == "bgr":
            self._channels = [0, 1, 2]
            mean, std = _MEAN_RGB, _STD_RGB  # rtmlib applies the RGB statistics to BGR data
        else:
            raise ValueError(f"color_order must be 'rgb' or 'bgr', got {color_order!r}")
        self._mean = mean.reshape(3, 1, 1)
        self._inv_std = (1.0 / std).reshape(3, 1, 1)

    def __call__(
        self, frame: npt.NDArray[np.uint8], box: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
        matrix, k, center = crop_transform(box, self.input_w, self.input_h)
        cv2.warpAffine(frame, matrix, (self.input_w, self.input_h), dst=self._crop, flags=cv2.INTER_LINEAR)
        blob = self._blob[0]
        for c, src in enumerate(self._channels):
            np.copyto(blob[c], self._crop[:, :, src], casting="unsafe")
        blob -= self._mean
        blob *= self._inv_std
        start = time.perf_counter()
        simcc_x, simcc_y = self.session.run(self._outputs, {self._input_name: self._blob})
        self.last_run_s = time.perf_counter() - start
        if simcc_x.ndim != 3 or simcc_x.shape[1] != HALPE26_KEYPOINTS or simcc_y.shape[1] != HALPE26_KEYPOINTS:
            raise ModelShapeError(
                f"the pose model gave outputs {simcc_x.shape} and {simcc_y.shape}; this backend needs SimCC outputs "
                f"for the {HALPE26_KEYPOINTS} Halpe26 keypoints ([1, 26, W*2] and [1, 26, H*2])"
            )
        return decode_simcc(simcc_x[0], simcc_y[0], k, center, self.input_w, self.input_h)
