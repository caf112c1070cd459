"""Sessions for ``rtmpose-cuda``: precision, TensorRT, I/O binding and CUDA graphs, chosen by options.

Every function here takes the provider as an argument: ``rtmpose-cuda`` passes
CUDA, the tests pass the CPU provider and run the very same code (the fp16
copy, the bound buffers, the batching), so only the device differs.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinemotion.errors import BackendUnavailableError
from kinemotion_rtmpose.runtime import CPU, GpuSettings, make_session, tensorrt_installed

__all__ = ["GPU_OPTIONS", "GpuPoseOptions", "pose_session"]

GPU_OPTIONS = {
    "precision": "pose model precision: 'auto' (default: fp32, as fast as fp16 at batch 1 on an H100: README), "
    "'fp16' or 'fp32'",
    "tensorrt": "'auto' (default: TensorRT in front of CUDA when the tensorrt package is installed), True or False",
    "cuda_graph": "replay the pose model as a CUDA graph on a batch-1 copy of it (default True: half the time "
    "per crop on an H100; fp32 only: falls back without a graph where it cannot be captured)",
    "io_binding": "run the pose model through I/O binding, buffers on the GPU (default: as cuda_graph)",
    "tf32": "round fp32 convolutions through TensorFloat-32 on the GPU (default False: full fp32, the same landmarks "
    "whether crops are batched or not; True was 16 % faster and 0.6 px from the CPU's landmarks on an H200). The "
    "CUDA provider's: TensorRT, where it runs, builds its engines with TF32 allowed, its own default",
}
"""The options ``rtmpose-cuda`` accepts beyond the common ones."""

_PRECISIONS = ("auto", "fp16", "fp32")

logger = logging.getLogger(__name__)


def _flag(options: dict[str, object], key: str, default: bool) -> bool:
    value = options.get(key, default)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be True or False, got {value!r}")
    return value


@dataclass(frozen=True)
class GpuPoseOptions:
    """The GPU options, checked (see :data:`GPU_OPTIONS`)."""

    fp16: bool
    tensorrt: bool
    io_binding: bool
    cuda_graph: bool
    tf32: bool = False

    @classmethod
    def parse(cls, options: dict[str, object]) -> GpuPoseOptions:
        """Checks the options; ``ValueError`` names the bad one and what it accepts."""
        precision = options.get("precision", "auto")
        if precision not in _PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(_PRECISIONS)}, got {precision!r}")
        trt = options.get("tensorrt", "auto")
        if trt == "auto":
            trt = tensorrt_installed()
        elif not isinstance(trt, bool):
            raise ValueError(f"tensorrt must be 'auto', True or False, got {trt!r}")
        cuda_graph = _flag(options, "cuda_graph", True)
        io_binding = _flag(options, "io_binding", cuda_graph)
        if cuda_graph and not io_binding:
            raise ValueError("cuda_graph=True needs io_binding=True (a CUDA graph replays fixed buffers)")
        return cls(
            fp16=precision == "fp16",
            tensorrt=trt,
            io_binding=io_binding,
            cuda_graph=cuda_graph,
            tf32=_flag(options, "tf32", False),
        )

    @property
    def precision(self) -> str:
        """``fp16`` or ``fp32``."""
        return "fp16" if self.fp16 else "fp32"


def pose_session(path: Path, provider: str, threads: int | None, gpu: GpuPoseOptions) -> Any:
    """The pose model's session on ``provider`` as ``gpu`` says.

    fp16 on the CUDA provider runs the cached half-precision copy of the file; under TensorRT
    the fp32 file is given and TensorRT builds an fp16 engine from it.
    """
    from kinemotion_rtmpose.bound_session import BoundSession
    from kinemotion_rtmpose.fp16 import model_copy

    # A CUDA graph needs every node on the GPU: a fixed batch lets ONNX Runtime fold the shape nodes.
    batch = 1 if gpu.cuda_graph else None
    fp16 = gpu.fp16 and not gpu.tensorrt
    model = model_copy(path, fp16=fp16, batch=batch) if fp16 or batch is not None else path
    settings = GpuSettings(
        tensorrt=gpu.tensorrt, fp16=gpu.fp16, cuda_graph=gpu.cuda_graph and provider != CPU, tf32=gpu.tf32
    )
    try:
        session = make_session(model, provider, threads=threads, gpu=settings)
    except BackendUnavailableError as exc:
        if not settings.cuda_graph or "graph capture" not in str(exc):
            raise
        # Some node stays off the GPU (measured: the fp16 copy's casts): run without a graph.
        logger.warning("%s: no CUDA graph (%s); running the pose model without one", path.name, exc)
        settings = dataclasses.replace(settings, cuda_graph=False)
        session = make_session(model, provider, threads=threads, gpu=settings)
    bound: Any = BoundSession(session, cuda_graph=settings.cuda_graph) if gpu.io_binding else session
    bound.precision = gpu.precision  # what runs_on records beside the provider
    # For trackers that batch the crops of several videos (kinemotion_rtmpose.stream_tracker): None when this
    # session's batch axis is dynamic (it batches), else how to make the same model again without the batch-1
    # copy and its graph.
    dynamic = dataclasses.replace(gpu, cuda_graph=False, io_binding=False)
    bound.for_batches = None if batch is None else functools.partial(pose_session, path, provider, threads, dynamic)
    return bound
