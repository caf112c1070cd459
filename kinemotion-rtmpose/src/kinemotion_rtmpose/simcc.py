"""Decoding RTMPose's SimCC outputs into keypoints in frame pixels."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["SIMCC_SPLIT_RATIO", "decode_simcc"]

SIMCC_SPLIT_RATIO = 2.0


def decode_simcc(
    simcc_x: npt.NDArray[np.float32],
    simcc_y: npt.NDArray[np.float32],
    k: float,
    center: npt.NDArray[np.float64],
    input_w: int,
    input_h: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
    """Keypoints ``(K, 2)`` in frame pixels and scores ``(K,)`` in [0, 1] for one person.

    ``simcc_x`` is ``(K, input_w * 2)`` and ``simcc_y`` ``(K, input_h * 2)``; the
    location is the arg-max bin divided by the split ratio (model-input pixels),
    mapped back through the crop (scale ``k`` about ``center``). The score is
    the mean of the two maxima (as mmpose/rtmlib), clipped to [0, 1].
    """
    x_bins = simcc_x.argmax(axis=1)
    y_bins = simcc_y.argmax(axis=1)
    rows = np.arange(simcc_x.shape[0])
    scores = (simcc_x[rows, x_bins] + simcc_y[rows, y_bins]) * 0.5
    points = np.empty((simcc_x.shape[0], 2), dtype=np.float64)
    points[:, 0] = (x_bins / SIMCC_SPLIT_RATIO - input_w / 2) / k + center[0]
    points[:, 1] = (y_bins / SIMCC_SPLIT_RATIO - input_h / 2) / k + center[1]
    return points, np.clip(scores, 0.0, 1.0).astype(np.float32)
