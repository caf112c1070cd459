"""YOLOX cut at its head with the ``onnx`` package, for ONNX Runtime (the ``rtmpose-cuda`` detector).

The exported YOLOX graph ends in box decoding, TopK and NonMaxSuppression. On the CUDA provider
those last nodes cost several times the network itself: measured on an H200, 15.7 ms a call for the
whole graph against 3.2 ms for the network cut before them, plus 0.6 ms to decode its nine maps here
(:func:`~kinemotion_rtmpose.yolox.decode_head`: NumPy and OpenCV's NMS, as the graph does). The cut
keeps the graph's one square input, so the detector sees what the graph saw and finds the same boxes
(``tests/rtmpose/test_onnx_head.py``). The cut model is made once and kept in the cache
(:func:`~kinemotion_rtmpose.fp16.cached_copy`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kinemotion_rtmpose.yolox import HEAD_WEIGHTS, HeadOutputs

__all__ = ["cut_at_head", "head_outputs"]


def _head_maps(model: Any) -> list[str] | None:
    """The output names of the nine head convolutions, in :data:`HEAD_WEIGHTS`'s order; None if absent."""
    maps = {node.input[1]: node.output[0] for node in model.graph.node if node.op_type == "Conv"}
    if not all(name in maps for name in HEAD_WEIGHTS) or len(model.graph.input) != 1:
        return None
    return [maps[name] for name in HEAD_WEIGHTS]


def cut_at_head(path: Path) -> bytes | None:
    """The YOLOX ONNX file at ``path`` cut at its nine head maps, serialised; None when it is not a YOLOX
    with mmdetection's head names, or not a model ``onnx`` can read (then the exported graph runs as it is, and
    ONNX Runtime's refusal names the file)."""
    import onnx
    from onnx.utils import Extractor

    try:
        model = onnx.load(str(path))
    except Exception:  # noqa: BLE001 - protobuf's DecodeError and onnx's own: not a model to cut
        return None
    maps = _head_maps(model)
    if maps is None:
        return None
    head = Extractor(model).extract_model([model.graph.input[0].name], maps)
    return bytes(head.SerializeToString())


class _NotYoloxError(Exception):
    """The file has no YOLOX head to cut at."""


def _cut_or_refuse(path: Path) -> bytes:
    data = cut_at_head(path)
    if data is None:
        raise _NotYoloxError(path)
    return data


def head_outputs(path: Path, make_session: Callable[[Path], Any], score_threshold: float) -> HeadOutputs | None:
    """A runner of YOLOX's head on the graph's square input, its session made by ``make_session(cut_file)``;
    None when ``path`` cannot be cut (see :func:`cut_at_head`)."""
    from kinemotion_rtmpose.fp16 import cached_copy

    try:
        cut = cached_copy(path, "head", _cut_or_refuse)
    except _NotYoloxError:
        return None
    session = make_session(cut)
    return HeadOutputs(lambda _shape: session, score_threshold, fits_aspect=False)
