"""Half-precision copies of a model, made once and kept in the user cache.

The copy keeps float32 inputs and outputs (so the pipeline feeds and reads
exactly what it does for the float32 model) and runs everything between in
float16. It is written beside the downloaded models, under a name that
carries the source file's sha256, so a changed source gives a new copy and a
second run converts nothing. The conversion is ONNX Runtime's own
(``onnxruntime.transformers.float16``), so it needs no other package.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from filelock import FileLock

from kinemotion.models import cache_dir, sha256_of

__all__ = ["fp16_copy", "to_fp16_bytes"]

logger = logging.getLogger(__name__)

# Operators left in float32: ReduceSum/Sqrt of the SimCC head's normalisation overflow in fp16.
_KEEP_FP32_OPS = ("ReduceSum", "Sqrt", "Div")


def to_fp16_bytes(model: Path) -> bytes:
    """The model at ``model`` converted to float16 inside, float32 at its inputs and outputs."""
    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    source = onnx.load(str(model))
    converted = convert_float_to_float16(source, keep_io_types=True, op_block_list=list(_KEEP_FP32_OPS))
    return bytes(converted.SerializeToString())


def fp16_copy(model: Path) -> Path:
    """The half-precision copy of ``model`` in the cache, converted on first use (concurrent callers wait)."""
    folder = cache_dir() / "fp16"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{model.stem}.{sha256_of(model)[:16]}.fp16.onnx"
    with FileLock(str(target) + ".lock"):
        if target.is_file():
            return target
        logger.info("converting %s to float16 (once; kept in %s)", model.name, folder)
        data = to_fp16_bytes(model)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target
