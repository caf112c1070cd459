"""ONNX Runtime: which distribution is installed, sessions on a given provider, probes.

Every session is checked after creation: ONNX Runtime silently falls back to
the CPU when a provider's libraries are missing, so if the first active
provider is not the one asked for, creation fails with
:class:`~kinemotion.errors.BackendUnavailableError` (auto selection then moves
on) instead of running on the CPU under a GPU label.
"""

from __future__ import annotations

import base64
import importlib.util
import logging
import platform
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from kinemotion.errors import BackendUnavailableError
from kinemotion.extras import pip_install
from kinemotion_rtmpose.cpu_cores import THREADS_ENV, physical_cores, threads_override

__all__ = [
    "COREML",
    "CPU",
    "CUDA",
    "TENSORRT",
    "GpuSettings",
    "installed_ort_distributions",
    "make_session",
    "probe_provider",
    "tensorrt_installed",
]

logger = logging.getLogger(__name__)

CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"
COREML = "CoreMLExecutionProvider"
TENSORRT = "TensorrtExecutionProvider"


@dataclass(frozen=True)
class GpuSettings:
    """How an NVIDIA session is made (the ``rtmpose-cuda`` options).

    Attributes:
        tensorrt: put ONNX Runtime's TensorRT provider first (CUDA after it); its engines
            and timing cache are kept in :func:`tensorrt_cache_dir`, so they are built once.
        fp16: let TensorRT build fp16 engines (for the CUDA provider, the model file itself
            is the fp16 copy: :mod:`kinemotion_rtmpose.fp16`).
        cuda_graph: ONNX Runtime's CUDA graphs (the session must then be run through
            :class:`~kinemotion_rtmpose.bound_session.BoundSession`).
        tf32: let the CUDA provider round fp32 convolutions and products through TensorFloat-32
            (ONNX Runtime's own default; off here: see :func:`provider_entries`).
    """

    tensorrt: bool = False
    fp16: bool = False
    cuda_graph: bool = False
    tf32: bool = False


def tensorrt_installed() -> bool:
    """Whether the ``tensorrt`` Python package is installed (what the TensorRT provider loads)."""
    return importlib.util.find_spec("tensorrt") is not None


def tensorrt_cache_dir() -> Path:
    """Where TensorRT engines and the timing cache are kept: beside the downloaded models."""
    from kinemotion.models import cache_dir

    return cache_dir().parent / "tensorrt"


# ONNX Runtime distributions that all install the `onnxruntime` import package.
_ORT_DISTRIBUTIONS = (
    "onnxruntime",
    "onnxruntime-gpu",
    "onnxruntime-silicon",
    "onnxruntime-directml",
    "onnxruntime-openvino",
)

# A one-node model (Relu on a float[1,4]) to check a provider really runs: 85 bytes of ONNX.
TINY_MODEL = base64.b64decode(
    "CAgSCmtpbmVtb3Rpb246PwoMCgF4EgF5IgRSZWx1EgVwcm9iZVoTCgF4Eg4KDAgBEggKAggBCgIIBGITCgF5Eg4KDAgBEggKAggBCgIIBEIECgAQDQ=="
)

_FIX_DOUBLE = (
    "onnxruntime and onnxruntime-gpu are both installed; they overwrite each other's files. "
    "Fix: pip uninstall -y onnxruntime onnxruntime-gpu && {install}"
)


def installed_ort_distributions() -> list[str]:
    """Names of the installed distributions that provide the ``onnxruntime`` package."""
    found = []
    for name in _ORT_DISTRIBUTIONS:
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        found.append(name)
    return found


def _import_ort() -> Any:
    import onnxruntime

    return onnxruntime


def session_options(provider: str, threads: int | None = None) -> Any:
    """Session options: full graph optimisation; on CPU, one intra-op thread per physical core."""
    ort = _import_ort()
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.log_severity_level = 3
    if provider == CPU:
        opts.intra_op_num_threads = threads or physical_cores()
        opts.inter_op_num_threads = 1
        # Spinning threads keep the cores busy after each run, starving the
        # OpenCV pre-processing that follows; on few cores that costs more than it saves.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return opts


def provider_entries(provider: str, gpu: GpuSettings | None = None) -> list[Any]:
    """The ``providers=`` list for a session on ``provider``: it first, CPU last (the fallback checked against)."""
    gpu = gpu or GpuSettings()
    entries: list[Any] = []
    if provider in (CUDA, TENSORRT) and gpu.tensorrt:
        cache = tensorrt_cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
        trt = {
            "device_id": 0,
            "trt_fp16_enable": gpu.fp16,
            "trt_engine_cache_enable": True,
            "trt_engine_cache_path": str(cache),
            "trt_timing_cache_enable": True,
            "trt_timing_cache_path": str(cache),
        }
        entries.append((TENSORRT, trt))
    if provider in (CUDA, TENSORRT):
        # TF32 off unless asked for: ONNX Runtime's default (on) rounds fp32 convolutions through TF32 with
        # kernels that change with the batch size, so a crop batched with other videos' crops (streams) moved
        # keypoints by up to 1.5 px and scores by 0.02 on an H200, and the default tracker's landmarks were
        # 0.59 px (median) from the CPU's; in full fp32 they were the same bit for bit, batched or not. It
        # costs 16 % of the tracker's frame rate there (434 -> 364 frames/s): docs/gpu.md.
        cuda = {
            "device_id": 0,
            "cudnn_conv_algo_search": "HEURISTIC",
            "do_copy_in_default_stream": True,
            "use_tf32": 1 if gpu.tf32 else 0,
        }
        if gpu.cuda_graph:
            cuda["enable_cuda_graph"] = True
        entries.append((CUDA, cuda))
    elif provider == COREML:
        entries.append((COREML, {"MLComputeUnits": "ALL"}))
    else:
        entries.append(provider)
    if provider != CPU:
        entries.append(CPU)
    return entries


def _preload_cuda_libraries() -> None:
    ort = _import_ort()
    preload = getattr(ort, "preload_dlls", None)  # ORT >= 1.21: CUDA/cuDNN from the nvidia-* wheels
    if preload is not None:
        try:
            preload()
        except Exception as exc:  # noqa: BLE001 - the session check below decides
            logger.debug("onnxruntime.preload_dlls() failed: %s", exc)


def make_session(
    model: Path | bytes, provider: str, *, threads: int | None = None, gpu: GpuSettings | None = None
) -> Any:
    """An InferenceSession on ``provider`` (CPU as the fallback it must not silently use).

    ``gpu`` applies to the CUDA provider: TensorRT in front of it, CUDA graphs.

    Raises:
        BackendUnavailableError: the first active provider is not ``provider``,
            or ONNX Runtime refuses the model.
    """
    ort = _import_ort()
    if provider == CUDA:
        _preload_cuda_libraries()
    providers = provider_entries(provider, gpu)
    wanted = TENSORRT if provider == CUDA and gpu is not None and gpu.tensorrt else provider
    source = model if isinstance(model, bytes) else str(model)
    try:
        session = ort.InferenceSession(source, sess_options=session_options(provider, threads), providers=providers)
    except Exception as exc:
        where = "the built-in probe model" if isinstance(model, bytes) else str(model)
        raise BackendUnavailableError(
            f"ONNX Runtime could not load {where} on {provider}: {type(exc).__name__}: {exc}"
        ) from exc
    active = session.get_providers()
    if not active or active[0] != wanted:
        raise BackendUnavailableError(
            f"asked ONNX Runtime for {wanted} but the session runs on {active[0] if active else 'nothing'}"
            + (
                " (CUDA or cuDNN libraries missing or not matching this onnxruntime-gpu build; "
                'pip install "onnxruntime-gpu[cuda,cudnn]")'
                if provider == CUDA
                else ""
            )
        )
    return session


@cache
def probe_provider(provider: str) -> tuple[bool, str]:
    """Whether ``provider`` really runs a session here; cached for the process.

    Cheap checks first (distribution installed, platform, provider listed),
    then a one-node session whose active provider must be ``provider``.
    """
    dists = installed_ort_distributions()
    extra = {CUDA: "rtmpose-cuda", COREML: "rtmpose-coreml"}.get(provider, "rtmpose-cpu")
    if not dists or importlib.util.find_spec("onnxruntime") is None:
        return False, f"ONNX Runtime is not installed: {pip_install(extra)}"
    if "onnxruntime" in dists and "onnxruntime-gpu" in dists:
        return False, _FIX_DOUBLE.format(install=pip_install(extra))
    if provider == CUDA and "onnxruntime-gpu" not in dists:
        return False, (
            f"the installed ONNX Runtime ({', '.join(dists)}) has no CUDA support: "
            f"pip uninstall -y onnxruntime && {pip_install('rtmpose-cuda')}"
        )
    if provider == CPU:  # no import: listing backends must not load onnxruntime
        version = metadata.version(dists[0])
        source = THREADS_ENV if threads_override() is not None else "physical cores"
        return True, f"{dists[0]} {version} on CPU, {physical_cores()} threads ({source})"
    if provider == COREML and not (platform.system() == "Darwin" and platform.machine() == "arm64"):
        return (
            False,
            f"CoreML needs macOS on Apple Silicon (this is {platform.system()} {platform.machine()})",
        )
    ort = _import_ort()
    available = ort.get_available_providers()
    if provider not in available:
        return False, f"{provider} is not in this ONNX Runtime's providers ({', '.join(available)})"
    try:
        make_session(TINY_MODEL, provider)
    except BackendUnavailableError as exc:
        return False, str(exc)
    version = getattr(ort, "__version__", "?")
    return True, f"ONNX Runtime {version} on {provider}"
