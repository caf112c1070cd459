"""OpenVINO on the CPU: sessions with ONNX Runtime's interface, precision choice, a real probe.

The RTMPose pipeline (:class:`~kinemotion_rtmpose.pose_model.PoseModel`,
:class:`~kinemotion_rtmpose.detector.PersonDetector`) uses a session's
``get_inputs()``, ``get_outputs()`` and ``run(names, feeds)``;
:class:`OpenVINOSession` offers exactly those over a compiled OpenVINO model,
so the same pre- and post-processing, person policy and detector schedule
run on either runtime.

Precision: OpenVINO computes in bfloat16 where the CPU has native bf16
(AVX-512 BF16, AMX) and in fp32 elsewhere; ``precision="fp32"`` forces full
precision. The precision actually used is part of the tracker's ``provider``
string, so it is recorded in every output.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from kinemotion.errors import BackendUnavailableError
from kinemotion.extras import pip_install
from kinemotion.models import cache_dir
from kinemotion_rtmpose.compiled_cache import check_compiled, record_compiled
from kinemotion_rtmpose.cpu_cores import physical_cores

__all__ = [
    "PRECISIONS",
    "OpenVINOSession",
    "Precision",
    "check_precision",
    "compiled_cache_dir",
    "make_openvino_session",
    "probe_openvino",
    "yolox_head_sessions",
]

logger = logging.getLogger(__name__)

Precision = Literal["auto", "bf16", "fp32"]
PRECISIONS: tuple[str, ...] = ("auto", "bf16", "fp32")
_HINTS = {"bf16": "bf16", "fp32": "f32"}


def check_precision(value: object) -> Precision:
    """``value`` as a precision.

    Raises:
        ValueError: it is not one of :data:`PRECISIONS`.
    """
    if value not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, got {value!r}")
    return value  # type: ignore[return-value]


class _Port:
    """A model input or output as ONNX Runtime describes it: a name and a shape (ints, or strings when dynamic)."""

    def __init__(self, port: Any) -> None:
        self.name: str = port.get_any_name()
        shape = port.get_partial_shape()
        self.shape: list[int | str] = [d.get_length() if d.is_static else f"d{i}" for i, d in enumerate(shape)]


class OpenVINOSession:
    """A compiled OpenVINO model behind the slice of ``onnxruntime.InferenceSession`` the pipeline uses.

    Attributes:
        precision: what the CPU computes in: ``"bf16"`` or ``"fp32"``.
    """

    def __init__(self, compiled: Any) -> None:
        self._compiled = compiled
        self._request = compiled.create_infer_request()
        self._inputs = [_Port(p) for p in compiled.inputs]
        self._outputs = [_Port(p) for p in compiled.outputs]
        self._output_index = {p.name: i for i, p in enumerate(self._outputs)}
        hint = str(compiled.get_property("INFERENCE_PRECISION_HINT"))
        self.precision = "bf16" if "bf16" in hint or "bfloat16" in hint else "fp32"

    @property
    def loaded_from_cache(self) -> bool:
        """True when the compiled model came from :func:`compiled_cache_dir` instead of being compiled here."""
        try:
            return bool(self._compiled.get_property("LOADED_FROM_CACHE"))
        except Exception:  # noqa: BLE001 - an OpenVINO without the property: not known to be cached
            return False

    def get_inputs(self) -> list[_Port]:
        """The model's inputs (name, shape)."""
        return self._inputs

    def get_outputs(self) -> list[_Port]:
        """The model's outputs (name, shape)."""
        return self._outputs

    def run(self, output_names: list[str] | None, feeds: dict[str, npt.NDArray[Any]]) -> list[npt.NDArray[Any]]:
        """Run once; the outputs named (all when None), in that order, as arrays the caller owns."""
        results = self._request.infer(feeds, share_inputs=True, share_outputs=False)
        values = list(results.values())
        if output_names is None:
            return [np.asarray(v) for v in values]
        return [np.asarray(values[self._output_index[name]]) for name in output_names]


def _import_openvino() -> Any:
    import openvino

    return openvino


def _config(precision: Precision, threads: int | None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "PERFORMANCE_HINT": "LATENCY",
        "INFERENCE_NUM_THREADS": threads or physical_cores(),
    }
    if precision != "auto":
        config["INFERENCE_PRECISION_HINT"] = _HINTS[precision]
    return config


def compiled_cache_dir() -> Path | None:
    """Where OpenVINO keeps the models it compiled, between runs and processes: ``openvino`` beside the model
    cache (``$KINEMOTION_CACHE_DIR/openvino`` or the per-user cache); None when it cannot be written there.

    A process that finds a model (at that input size, precision and thread count) compiled there loads it
    instead of compiling it again: a worker, a Ray task or a ``kinemotion track`` starts in a fraction of
    the time. OpenVINO checks each file and compiles again when one is unusable.
    """
    folder = cache_dir().parent / "openvino"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def _core_for(precision: Precision) -> Any:
    """An OpenVINO core (compiled models cached in :func:`compiled_cache_dir`), once the CPU is known to
    compute in ``precision``.

    Raises:
        BackendUnavailableError: bf16 asked on a CPU without native bf16.
    """
    core = _import_openvino().Core()
    if precision == "bf16" and "BF16" not in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES"):
        raise BackendUnavailableError("this CPU has no native bf16 (AVX-512 BF16 or AMX): use precision='fp32'")
    folder = compiled_cache_dir()
    if folder is not None:
        check_compiled(folder)  # OpenVINO checks a compiled file's header and length, not its content
        core.set_property({"CACHE_DIR": str(folder)})
    return core


def _said(exc: BaseException) -> str:
    """OpenVINO's error in one line: its kind and what it says, without the C++ source lines it is raised
    through ("Exception from src/inference/src/cpp/core.cpp:84:", "Check '...' failed at src/...")."""
    lines = [line.strip() for line in str(exc).splitlines()]
    said = [line for line in lines if line and not line.startswith(("Exception from src/", "Check '"))]
    return f"{type(exc).__name__}: {' '.join(said) or ' '.join(filter(None, lines))}"


def _check_onnx(path: Path) -> None:
    """Refuse a file OpenVINO's ONNX frontend cannot read, before ``read_model`` tries its other frontends on it
    (TensorFlow's prints a dozen native error lines on stderr parsing a MediaPipe ``.task`` as a GraphDef).

    Raises:
        BackendUnavailableError: naming the file.
    """
    from openvino.frontend import FrontEndManager

    if not FrontEndManager().load_by_framework("onnx").supported(str(path)):
        raise BackendUnavailableError(
            f"OpenVINO could not compile {path}: it is not an ONNX model (the RTMPose backends take .onnx files)"
        )


def _compiled(core: Any, network: Any, config: dict[str, Any]) -> Any:
    """``network`` compiled for the CPU (or loaded from :func:`compiled_cache_dir`), the digest of any file the
    compile wrote there recorded (:mod:`kinemotion_rtmpose.compiled_cache`)."""
    compiled = core.compile_model(network, "CPU", config)
    folder = compiled_cache_dir()
    if folder is not None:
        record_compiled(folder)
    return compiled


def make_openvino_session(
    model: Path | bytes, *, precision: Precision = "auto", threads: int | None = None
) -> OpenVINOSession:
    """An :class:`OpenVINOSession` for an ONNX file (or bytes) compiled for the CPU.

    A dynamic batch dimension is fixed to 1 first: static shapes compile to faster code.

    Raises:
        BackendUnavailableError: OpenVINO cannot read or compile the model,
            or bf16 was asked on a CPU without native bf16.
    """
    check_precision(precision)
    where = "the built-in probe model" if isinstance(model, bytes) else str(model)
    core = _core_for(precision)
    if not isinstance(model, bytes):
        _check_onnx(model)
    try:
        source = {"model": model, "weights": b""} if isinstance(model, bytes) else {"model": str(model)}
        network = core.read_model(**source)
        first = network.inputs[0].get_partial_shape()
        if len(network.inputs) == 1 and first.rank.is_static and first[0].is_dynamic:
            network.reshape({0: [1, *(d.get_length() if d.is_static else -1 for d in list(first)[1:])]})
        compiled = _compiled(core, network, _config(precision, threads))
    except Exception as exc:
        raise BackendUnavailableError(f"OpenVINO could not compile {where}: {_said(exc)}") from exc
    return OpenVINOSession(compiled)


def _head_parts(network: Any) -> tuple[list[Any], list[Any]] | None:
    """The nine head maps and the Focus stem's nodes of ``network`` (a YOLOX with its decoder), without
    changing it; None if it is not one: no head convolutions of those names, one input, or no Focus stem
    (space-to-depth by two reshapes)."""
    from kinemotion_rtmpose.yolox import HEAD_WEIGHTS

    heads: dict[str, Any] = {}
    for op in network.get_ordered_ops():
        if op.get_type_name() != "Convolution":
            continue
        weight = op.input(1).get_source_output().get_node().get_friendly_name()
        if weight in HEAD_WEIGHTS:  # the map is the convolution plus its bias (an Add), when it has one
            adds = [t.get_node() for t in op.output(0).get_target_inputs() if t.get_node().get_type_name() == "Add"]
            heads[weight] = adds[0].output(0) if len(adds) == 1 else op.output(0)
    parameters = network.get_parameters()
    if len(parameters) != 1 or len(heads) != len(HEAD_WEIGHTS):
        return None
    stem = [parameters[0]]
    for _ in range(3):  # Reshape [1, 3, H/2, 2, W/2, 2] -> Transpose -> Reshape [1, 12, H/2, W/2]
        targets = [t.get_node() for t in stem[-1].output(0).get_target_inputs()]
        if len(targets) != 1:
            return None
        stem.append(targets[0])
    if [op.get_type_name() for op in stem[1:]] != ["Reshape", "Transpose", "Reshape"]:
        return None
    return [heads[name] for name in HEAD_WEIGHTS], stem


def _cut_at_head(network: Any, rows: int, columns: int) -> Any | None:
    """``network`` (a YOLOX with its decoder) as its nine head maps for a ``rows x columns`` input, its
    Focus stem reshaped to match; None if it is not one (see :func:`_head_parts`). Changes ``network``."""
    parts = _head_parts(network)
    if parts is None:
        return None
    ov = _import_openvino()
    heads, (parameter, first, _, last) = parts
    channels = int(last.get_output_partial_shape(0)[1].get_length())
    for reshape, shape in (
        (first, [1, channels // 4, rows // 2, 2, columns // 2, 2]),
        (last, [1, channels, rows // 2, columns // 2]),
    ):
        reshape.input(1).replace_source_output(ov.opset13.constant(np.array(shape, dtype=np.int64)).output(0))
    parameter.set_partial_shape(ov.PartialShape([1, 3, rows, columns]))
    head = ov.Model(heads, [parameter], "yolox_head")
    head.validate_nodes_and_infer_types()
    return head


def yolox_head_sessions(
    path: Path, *, precision: Precision = "auto", threads: int | None = None
) -> Callable[[tuple[int, int]], OpenVINOSession] | None:
    """For a YOLOX ONNX file: a session of its head for any ``(rows, columns)`` input (multiples of 32),
    each compiled once when first asked for; None when the file is not a YOLOX this can cut.

    Raises:
        BackendUnavailableError: OpenVINO cannot read or compile the model.
    """
    core = _core_for(check_precision(precision))
    _check_onnx(path)
    try:
        checked = core.read_model(str(path))
    except Exception as exc:
        raise BackendUnavailableError(f"OpenVINO could not read {path}: {_said(exc)}") from exc
    if _head_parts(checked) is None:
        return None
    unused = [checked]  # the model read for the check is cut for the first input size; later sizes read it again
    sessions: dict[tuple[int, int], OpenVINOSession] = {}

    def session_for(shape: tuple[int, int]) -> OpenVINOSession:
        if shape not in sessions:
            try:
                head = _cut_at_head(unused.pop() if unused else core.read_model(str(path)), *shape)
                sessions[shape] = OpenVINOSession(_compiled(core, head, _config(precision, threads)))
            except Exception as exc:
                raise BackendUnavailableError(
                    f"OpenVINO could not compile {path} for a {shape[1]}x{shape[0]} input: {_said(exc)}"
                ) from exc
        return sessions[shape]

    return session_for


@cache
def probe_openvino() -> tuple[bool, str]:
    """Whether OpenVINO really compiles and runs a model on this CPU; cached for the process.

    The reason names the version, the precision ``auto`` gives here and the threads.
    """
    from kinemotion_rtmpose.runtime import TINY_MODEL

    if importlib.util.find_spec("openvino") is None:
        return False, f"OpenVINO is not installed: {pip_install('rtmpose-openvino')}"
    try:
        session = make_openvino_session(TINY_MODEL)
        x = np.array([[-1.0, 0.0, 1.0, 2.0]], dtype=np.float32)
        (y,) = session.run(None, {session.get_inputs()[0].name: x})
    except BackendUnavailableError as exc:
        return False, str(exc)
    except Exception as exc:  # noqa: BLE001 - any failure of a foreign runtime means "not here"
        return False, f"OpenVINO failed its probe: {type(exc).__name__}: {exc}"
    if not np.allclose(y, np.maximum(x, 0)):
        return False, f"OpenVINO gave a wrong answer on its probe model: {y.tolist()}"
    version = metadata.version("openvino")
    return True, f"OpenVINO {version} on CPU, {session.precision}, {physical_cores()} threads"
