"""An ONNX Runtime session run through I/O binding: buffers allocated once, on the device.

:class:`BoundSession` has the ``get_inputs``/``get_outputs``/``get_providers``/``run``
surface the pipeline uses, so :class:`~kinemotion_rtmpose.pose_model.PoseModel`
and the detector run it unchanged. For each input shape it allocates, once,
the input and every output as ONNX Runtime values on the session's device
(``cuda`` for the CUDA and TensorRT providers, ``cpu`` otherwise) and binds
them: a run copies the blob into the bound input, runs, and copies the
outputs out. Nothing is allocated per frame and, on a GPU, the model's
tensors never leave the device between its layers. The fixed addresses are
also what ONNX Runtime's CUDA graphs need (``enable_cuda_graph``), one graph
per input shape.

The code is the same on every provider; only the device name differs, so the
CPU provider runs it in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["BoundSession", "SessionWrapper", "device_of"]

_DEVICE_OF_PROVIDER = {"CUDAExecutionProvider": "cuda", "TensorrtExecutionProvider": "cuda"}


def device_of(session: Any) -> str:
    """``cuda`` when the session's first provider runs on an NVIDIA GPU, else ``cpu``."""
    providers = session.get_providers()
    return _DEVICE_OF_PROVIDER.get(providers[0], "cpu") if providers else "cpu"


class SessionWrapper:
    """A session around another: it answers ``get_inputs``/``get_outputs``/``get_providers`` as the
    wrapped ``session`` does and runs it its own way (``run``)."""

    session: Any

    def get_inputs(self) -> Any:
        """The wrapped session's inputs."""
        return self.session.get_inputs()

    def get_outputs(self) -> Any:
        """The wrapped session's outputs."""
        return self.session.get_outputs()

    def get_providers(self) -> Any:
        """The wrapped session's providers."""
        return self.session.get_providers()


@dataclass
class _Slot:
    """The bound values for one input shape."""

    binding: Any
    input: Any
    outputs: list[Any]
    run_options: Any


class BoundSession(SessionWrapper):
    """``session`` run with its input and outputs bound to buffers on its device (one set per input shape).

    Args:
        session: an ``onnxruntime.InferenceSession`` with one input.
        cuda_graph: the session was made with ``enable_cuda_graph``; each input shape gets its own
            graph id (ONNX Runtime captures a graph on the first run of each).
    """

    def __init__(self, session: Any, *, cuda_graph: bool = False) -> None:
        inputs = session.get_inputs()
        if len(inputs) != 1:
            raise ValueError(f"I/O binding here serves one-input models; this one has {len(inputs)}")
        self.session = session
        self.device = device_of(session)
        self.cuda_graph = cuda_graph
        self.precision = "fp32"
        """What the model computes in, as recorded beside the provider (set by whoever made the session)."""
        self._input_name = inputs[0].name
        self._slots: dict[tuple[int, ...], _Slot] = {}

    def _slot(self, blob: npt.NDArray[np.float32]) -> _Slot:
        key = tuple(blob.shape)
        slot = self._slots.get(key)
        if slot is not None:
            return slot
        import onnxruntime as ort

        # One plain run tells the output shapes for this input shape; it is kept out of any CUDA graph
        # (ONNX Runtime's "gpu_graph_id" -1): only the bound runs below are captured and replayed.
        plain_options = ort.RunOptions()
        if self.cuda_graph:
            plain_options.add_run_config_entry("gpu_graph_id", "-1")
        first = self.session.run(None, {self._input_name: blob}, plain_options)
        names = [meta.name for meta in self.session.get_outputs()]
        if len(first) != len(names):
            raise RuntimeError(
                f"ONNX Runtime gave {len(first)} outputs for the {len(names)} of the model ({', '.join(names)}) "
                f"on its first run at input shape {tuple(blob.shape)}; create the tracker with io_binding=False and "
                "cuda_graph=False"
            )
        binding = self.session.io_binding()
        value = ort.OrtValue.ortvalue_from_numpy(blob, self.device, 0)
        binding.bind_ortvalue_input(self._input_name, value)
        outputs = []
        for meta, example in zip(self.session.get_outputs(), first, strict=True):
            out = ort.OrtValue.ortvalue_from_shape_and_type(example.shape, example.dtype, self.device, 0)
            binding.bind_ortvalue_output(meta.name, out)
            outputs.append(out)
        run_options = ort.RunOptions()
        if self.cuda_graph:
            run_options.add_run_config_entry("gpu_graph_id", str(len(self._slots) + 1))
        slot = _Slot(binding, value, outputs, run_options)
        self._slots[key] = slot
        return slot

    def run(self, output_names: list[str] | None, feeds: dict[str, Any]) -> list[npt.NDArray[Any]]:
        """As ``InferenceSession.run`` for the one input; the outputs come back in the session's order."""
        if set(feeds) != {self._input_name}:
            raise ValueError(f"expected the one input {self._input_name!r}, got {sorted(feeds)}")
        blob = np.ascontiguousarray(feeds[self._input_name], dtype=np.float32)
        slot = self._slot(blob)
        slot.input.update_inplace(blob)
        self.session.run_with_iobinding(slot.binding, slot.run_options)
        results = [out.numpy() for out in slot.outputs]
        if output_names is None:
            return results
        names = [o.name for o in self.session.get_outputs()]
        return [results[names.index(name)] for name in output_names]
