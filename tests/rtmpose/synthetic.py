"""Small ONNX models with exact, known outputs, built with the `onnx` package.

- a pose model with RTMPose's interface (input [1,3,256,192]; outputs
  simcc_x [1,26,384], simcc_y [1,26,512]) whose SimCC peaks sit at chosen bins;
- a detector with YOLOX's interface (input [1,3,S,S]; outputs dets [1,N,5],
  labels [1,N]) that always reports the chosen boxes.

Each output is ``constant + 0 * mean(input)`` so that the graph really reads
its input, as the real models do.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

POSE_W, POSE_H, K = 192, 256, 26


def _model(input_shape: list[int], outputs: dict[str, np.ndarray]) -> bytes:
    nodes = [
        helper.make_node("ReduceMean", ["input"], ["mean"], keepdims=0),
        helper.make_node("Mul", ["mean", "zero"], ["nothing"]),
    ]
    inits = [numpy_helper.from_array(np.array(0.0, np.float32), "zero")]
    outs = []
    for name, value in outputs.items():
        inits.append(numpy_helper.from_array(value, f"{name}_const"))
        if value.dtype == np.float32:
            nodes.append(helper.make_node("Add", [f"{name}_const", "nothing"], [name]))
            elem = TensorProto.FLOAT
        else:
            nodes.append(helper.make_node("Identity", [f"{name}_const"], [name]))
            elem = TensorProto.INT64
        outs.append(helper.make_tensor_value_info(name, elem, list(value.shape)))
    graph = helper.make_graph(
        nodes,
        "synthetic",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, input_shape)],
        outs,
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="kinemotion-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def pose_model(x_bins: np.ndarray, y_bins: np.ndarray, peak: float = 0.9) -> bytes:
    """A pose model whose keypoint ``i`` peaks at SimCC bins ``(x_bins[i], y_bins[i])``."""
    sx = np.full((1, K, POSE_W * 2), 0.01, np.float32)
    sy = np.full((1, K, POSE_H * 2), 0.01, np.float32)
    sx[0, np.arange(K), x_bins] = peak
    sy[0, np.arange(K), y_bins] = peak
    return _model([1, 3, POSE_H, POSE_W], {"simcc_x": sx, "simcc_y": sy})


def detector_model(boxes_in_input: np.ndarray, scores: np.ndarray, size: int = 416) -> bytes:
    """A detector that reports ``boxes_in_input`` (detector-input pixels) with ``scores``."""
    n = len(boxes_in_input)
    dets = np.zeros((1, n, 5), np.float32)
    dets[0, :, :4] = boxes_in_input
    dets[0, :, 4] = scores
    return _model([1, 3, size, size], {"dets": dets, "labels": np.zeros((1, n), np.int64)})
