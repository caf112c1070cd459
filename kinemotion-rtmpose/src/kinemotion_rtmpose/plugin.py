"""The ``rtmpose-cuda``, ``rtmpose-coreml``, ``rtmpose-openvino`` and ``rtmpose-cpu`` entry points.

One pipeline (:class:`~kinemotion_rtmpose.tracker.RTMPoseTracker`),
parameterised by the runtime that runs its two models: an ONNX Runtime
execution provider, or OpenVINO on the CPU (:mod:`.openvino_runtime`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from kinemotion.errors import UnsupportedModeError
from kinemotion.models import ModelFile, downloads_disabled, ensure_model, find_local, offline_advice
from kinemotion.pose.contract import Availability
from kinemotion_rtmpose.cpu_cores import max_threads
from kinemotion_rtmpose.errors import ModelShapeError
from kinemotion_rtmpose.gpu_sessions import GPU_OPTIONS, GpuPoseOptions, pose_session
from kinemotion_rtmpose.model_files import MODE_MODELS
from kinemotion_rtmpose.runtime import COREML, CPU, CUDA, probe_provider

if TYPE_CHECKING:  # the tracker imports OpenCV: keep it out of `kinemotion backends`
    from kinemotion_rtmpose.tracker import RTMPoseTracker
    from kinemotion_rtmpose.yolox import YoloxRunner

__all__ = ["RTMPoseCPUPlugin", "RTMPoseCUDAPlugin", "RTMPoseCoreMLPlugin", "RTMPoseOpenVINOPlugin", "RTMPosePlugin"]

_OPTIONS = {
    "model_path": "RTMPose .onnx file (overrides the mode's model)",
    "detector_path": "YOLOX .onnx file (overrides the mode's detector)",
    "threads": "intra-op threads on CPU (default: physical cores)",
    "redetect_interval": "run the detector at least every N frames (1 = every frame; default 30)",
    "track_confidence": "re-detect when the mean keypoint score drops below this (default 0.5)",
    "detector_score_threshold": "minimum detector score for a person (default 0.3)",
    "min_keypoint_score": "below this mean keypoint score the frame is 'no person' (default 0.3)",
    "color_order": "'rgb' (default, as trained) or 'bgr' (as rtmlib)",
    "progress": "show model download progress (default: only when stderr is a terminal)",
    "person": "whom to follow: 'largest' (default), 'center' or a point 'x,y' (kinemotion.pose.person)",
}


def _path_option(options: dict[str, object], key: str) -> str | os.PathLike[str] | None:
    value = options.get(key)
    if value is not None and not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{key} must be a path, got {type(value).__name__}")
    return value


def _number(options: dict[str, object], key: str, default: float, lo: float, hi: float) -> float:
    value = options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        raise ValueError(f"{key} must be a number in [{lo}, {hi}], got {value!r}")
    return float(value)


def _integer(options: dict[str, object], key: str, default: int | None) -> int | None:
    value = options.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{key} must be a positive int, got {value!r}")
    return value


def _model_status(models: tuple[ModelFile, ...]) -> str | None:
    """None when every model is local or downloadable; else why not."""
    missing = [m for m in models if find_local(m) is None]
    if missing and downloads_disabled():
        names = ", ".join(m.filename for m in missing)
        how = " ".join(offline_advice(m) for m in missing)
        return (
            f"no usable {names} in KINEMOTION_MODEL_DIR or the cache, and downloads are disabled (KINEMOTION_OFFLINE). "
            f"{how}"
        )
    return None


class RTMPosePlugin:
    """Base of the RTMPose plugins; subclasses set name, priority and the runtime (an ONNX Runtime provider)."""

    name: ClassVar[str]
    priority: ClassVar[int]
    provider: ClassVar[str]
    modes: ClassVar[tuple[str, ...]] = ("lightweight", "balanced")
    contract_version: ClassVar[str] = "1.5"
    """The plugin contract they are written and tested for (shown by ``kinemotion backends``)."""
    options: ClassVar[dict[str, str]] = _OPTIONS
    """The keyword options :meth:`create` accepts, with what each does."""

    def probe_runtime(self) -> tuple[bool, str]:
        """Whether the runtime really runs a model here, and a line saying what runs."""
        return probe_provider(self.provider)

    def make_session(self, path: Path, threads: int | None, options: dict[str, object]) -> Any:
        """A session (``get_inputs``/``get_outputs``/``run``) for one model file on this runtime."""
        from kinemotion_rtmpose.runtime import make_session

        return make_session(path, self.provider, threads=threads)

    def make_pose_session(self, path: Path, threads: int | None, options: dict[str, object]) -> Any:
        """The pose model's session (:meth:`make_session` unless a runtime treats it apart)."""
        return self.make_session(path, threads, options)

    def runs_on(self, session: Any) -> str:
        """What runs the models, recorded in outputs as the tracker's ``provider``."""
        return self.provider

    def detector_runner(
        self, path: Path, threads: int | None, options: dict[str, object], score_threshold: float
    ) -> YoloxRunner:
        """How this runtime runs YOLOX: the exported graph, NMS inside (see :mod:`kinemotion_rtmpose.yolox`)."""
        from kinemotion_rtmpose.yolox import GraphNMS

        return GraphNMS(self.make_session(path, threads, options))

    def probe(self) -> Availability:
        """The runtime really runs a model here, and the lightweight models are at hand."""
        ok, reason = self.probe_runtime()
        if not ok:
            return Availability.no(reason)
        light = MODE_MODELS["lightweight"]
        problem = _model_status((light.pose, light.detector))
        if problem is not None:
            return Availability.no(problem)
        where = "found locally" if find_local(light.pose) and find_local(light.detector) else "download on first use"
        return Availability.yes(f"{reason}; lightweight models {where}")

    def create(self, mode: str = "lightweight", **options: object) -> RTMPoseTracker:
        """A tracker for ``mode``. Options: see :attr:`options`."""
        from kinemotion.pose.person import PersonChoice
        from kinemotion_rtmpose.detection_schedule import TrackingSettings
        from kinemotion_rtmpose.detector import PersonDetector
        from kinemotion_rtmpose.pose_model import PoseModel
        from kinemotion_rtmpose.tracker import RTMPoseTracker

        if mode not in MODE_MODELS:
            raise UnsupportedModeError(f"{self.name} has no mode {mode!r}; it offers: {', '.join(self.modes)}")
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise TypeError(f"{self.name} got unknown options {unknown}; it accepts {sorted(self.options)}")
        color_order = options.get("color_order", "rgb")
        if color_order not in ("rgb", "bgr"):
            raise ValueError(f"color_order must be 'rgb' or 'bgr', got {color_order!r}")
        settings = TrackingSettings(
            redetect_interval=_integer(options, "redetect_interval", 30) or 30,
            track_confidence=_number(options, "track_confidence", 0.5, 0.0, 1.0),
        )
        threads = _integer(options, "threads", None)
        if threads is not None and threads > max_threads():
            raise ValueError(f"threads={threads} is more than the {max_threads()} CPUs this process may use")
        progress = None if options.get("progress") is None else bool(options["progress"])
        models = MODE_MODELS[mode]
        pose_path = ensure_model(models.pose, _path_option(options, "model_path"), progress=progress)
        det_path = ensure_model(models.detector, _path_option(options, "detector_path"), progress=progress)
        threshold = _number(options, "detector_score_threshold", 0.3, 0.0, 1.0)
        try:
            runner = self.detector_runner(det_path, threads, options, threshold)
            detector = PersonDetector(runner, models.detector_input, score_threshold=threshold)
        except ModelShapeError as exc:
            raise ModelShapeError(f"{det_path} (detector): {exc}; pass a YOLOX ONNX as detector_path=") from exc
        try:
            pose = PoseModel(self.make_pose_session(pose_path, threads, options), color_order=color_order)
        except ModelShapeError as exc:
            raise ModelShapeError(
                f"{pose_path} (pose model): {exc}; pass an RTMPose Halpe26 ONNX as model_path="
            ) from exc
        return RTMPoseTracker(
            detector,
            pose,
            provider=self.runs_on(pose.session),
            settings=settings,
            min_keypoint_score=_number(options, "min_keypoint_score", 0.3, 0.0, 1.0),
            person=PersonChoice.parse(options.get("person")),  # type: ignore[arg-type]
            model_files=(Path(pose_path), Path(det_path)),
        )


class RTMPoseCUDAPlugin(RTMPosePlugin):
    """RTMPose on an NVIDIA GPU (onnxruntime-gpu, CUDA execution provider; TensorRT in front when installed).

    The pose model runs in fp32 on a CUDA graph of a batch-1 copy, through I/O binding (``precision=``,
    ``cuda_graph=``, ``io_binding=``, ``tensorrt=``); the detector in fp32, cut before its NMS
    (``detector=``, :mod:`kinemotion_rtmpose.onnx_head`). See :mod:`kinemotion_rtmpose.gpu_sessions` and docs/gpu.md.
    """

    name, priority, provider = "rtmpose-cuda", 400, CUDA
    options: ClassVar[dict[str, str]] = {
        **_OPTIONS,
        **GPU_OPTIONS,
        "detector": "'head' (default: YOLOX cut before its box decoding and NMS, its maps decoded on the CPU; "
        "4x faster on an H200) or 'graph' (the exported graph, NMS inside, as the CPU backends run it)",
    }

    def create(self, mode: str = "lightweight", **options: object) -> RTMPoseTracker:
        """As :meth:`RTMPosePlugin.create`, with the GPU options checked before any model is fetched."""
        GpuPoseOptions.parse(options)
        _detector_form(options)
        return super().create(mode, **options)

    def make_session(self, path: Path, threads: int | None, options: dict[str, object]) -> Any:
        """A session on the GPU for the detector (no TensorRT, no graph), in full fp32 unless ``tf32=True``."""
        from kinemotion_rtmpose.runtime import GpuSettings, make_session

        return make_session(
            path, self.provider, threads=threads, gpu=GpuSettings(tf32=GpuPoseOptions.parse(options).tf32)
        )

    def make_pose_session(self, path: Path, threads: int | None, options: dict[str, object]) -> Any:
        """The pose model on the GPU, in the precision and with the binding the options ask for."""
        return pose_session(path, self.provider, threads, GpuPoseOptions.parse(options))

    def detector_runner(
        self, path: Path, threads: int | None, options: dict[str, object], score_threshold: float
    ) -> YoloxRunner:
        """YOLOX cut at its head on the GPU, its maps decoded here (the exported graph when the file cannot be
        cut, or with ``detector='graph'``): the graph's NMS costs more on the GPU than its network."""
        from kinemotion_rtmpose.onnx_head import head_outputs

        if _detector_form(options) == "head":
            runner = head_outputs(path, lambda cut: self.make_session(cut, threads, options), score_threshold)
            if runner is not None:
                return runner
        return super().detector_runner(path, threads, options, score_threshold)

    def runs_on(self, session: Any) -> str:
        """``CUDAExecutionProvider fp32`` (or ``... fp16``, or ``TensorrtExecutionProvider ...``)."""
        providers = session.get_providers()
        first = providers[0] if providers else self.provider
        return f"{first} {session.precision}"


class RTMPoseCoreMLPlugin(RTMPosePlugin):
    """RTMPose on Apple Silicon (CoreML execution provider)."""

    name, priority, provider = "rtmpose-coreml", 300, COREML


def _detector_form(options: dict[str, object]) -> str:
    form = options.get("detector", "head")
    if form not in ("head", "graph"):
        raise ValueError(f"detector must be 'head' or 'graph', got {form!r}")
    return str(form)


class RTMPoseOpenVINOPlugin(RTMPosePlugin):
    """RTMPose on the CPU through OpenVINO: bf16 where the CPU has it, else fp32 (``precision=`` to choose)."""

    name = "rtmpose-openvino"
    priority = 250
    provider = "OpenVINO CPU"
    options: ClassVar[dict[str, str]] = {
        **_OPTIONS,
        "precision": "'auto' (default: bf16 where the CPU has native bf16, else fp32), 'bf16' or 'fp32'",
        "detector": "'head' (default: YOLOX's head at the frame's aspect, searching a window around the athlete "
        "when it can) or 'graph' (the exported graph on the whole frame, as ONNX Runtime runs it)",
    }

    def probe_runtime(self) -> tuple[bool, str]:
        """OpenVINO compiles and runs a one-node model on this CPU (imports openvino and numpy)."""
        from kinemotion_rtmpose.openvino_runtime import probe_openvino

        return probe_openvino()

    def create(self, mode: str = "lightweight", **options: object) -> RTMPoseTracker:
        """As :meth:`RTMPosePlugin.create`, with ``precision`` and ``detector`` checked before any model is fetched."""
        from kinemotion_rtmpose.openvino_runtime import check_precision

        check_precision(options.get("precision", "auto"))
        _detector_form(options)
        return super().create(mode, **options)

    def make_session(self, path: Path, threads: int | None, options: dict[str, object]) -> Any:
        """An OpenVINO session in the ``precision`` of the options."""
        from kinemotion_rtmpose.openvino_runtime import check_precision, make_openvino_session

        return make_openvino_session(path, precision=check_precision(options.get("precision", "auto")), threads=threads)

    def runs_on(self, session: Any) -> str:
        """``OpenVINO CPU bf16`` or ``OpenVINO CPU fp32``."""
        return f"{self.provider} {session.precision}"

    def detector_runner(
        self, path: Path, threads: int | None, options: dict[str, object], score_threshold: float
    ) -> YoloxRunner:
        """YOLOX cut at its head, at the frame's aspect (the exported graph when the file cannot be cut,
        or with ``detector='graph'``)."""
        from kinemotion_rtmpose.openvino_runtime import check_precision, yolox_head_sessions
        from kinemotion_rtmpose.yolox import HeadOutputs

        precision = check_precision(options.get("precision", "auto"))
        if _detector_form(options) == "graph":
            return super().detector_runner(path, threads, options, score_threshold)
        sessions = yolox_head_sessions(path, precision=precision, threads=threads)
        if sessions is None:
            return super().detector_runner(path, threads, options, score_threshold)
        return HeadOutputs(sessions, score_threshold)


class RTMPoseCPUPlugin(RTMPosePlugin):
    """RTMPose on the CPU, tuned: threads per physical core, detector skipped while tracking."""

    name, priority, provider = "rtmpose-cpu", 200, CPU
