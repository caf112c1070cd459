"""Half-precision (and fixed-batch) copies of a model, made once and kept in the user cache (:func:`cached_copy`
keeps any derived copy so).

The copy keeps float32 inputs and outputs (so the pipeline feeds and reads
exactly what it does for the float32 model) and runs everything between in
float16. It is written beside the downloaded models, under a name that
carries the source file's sha256 and what derives it (this plugin's code,
onnx's and ONNX Runtime's releases: :func:`recipe`), so a changed source, an
upgrade or an edit of the conversion gives a new copy
and a second run converts nothing; its own sha256 is recorded beside it and compared
before it is used, so a copy changed in place since (a flipped bit) is made
again, never loaded as the model. The conversion is ONNX Runtime's own
(``onnxruntime.transformers.float16``), so it needs no other package.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from kinemotion.models import CACHE_DIR_ENV, cache_dir, sha256_of

__all__ = ["cached_copy", "fp16_copy", "model_copy", "recipe", "to_fp16_bytes"]

logger = logging.getLogger(__name__)

# Operators left in float32: ReduceSum/Sqrt of the SimCC head's normalisation overflow in fp16.
_KEEP_FP32_OPS = ("ReduceSum", "Sqrt", "Div")


def to_fp16_bytes(model: Path, *, fp16: bool = True, batch: int | None = None) -> bytes:
    """The model at ``model`` converted to float16 inside, float32 at its inputs and outputs.

    ``batch`` fixes the first axis of every input and output to that size: with every shape
    known, ONNX Runtime folds the shape arithmetic away and the whole graph runs on the GPU,
    which CUDA graphs need. ``fp16=False`` only fixes the batch.
    """
    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    source = onnx.load(str(model))
    if batch is not None:
        for value in [*source.graph.input, *source.graph.output]:
            first = value.type.tensor_type.shape.dim[0]
            first.ClearField("dim_param")
            first.dim_value = batch
    if fp16:
        source = convert_float_to_float16(source, keep_io_types=True, op_block_list=list(_KEEP_FP32_OPS))
    return bytes(source.SerializeToString())


def fp16_copy(model: Path) -> Path:
    """The half-precision copy of ``model`` in the cache, converted on first use (concurrent callers wait)."""
    return model_copy(model, fp16=True)


def model_copy(model: Path, *, fp16: bool, batch: int | None = None) -> Path:
    """A copy of ``model`` in float16 and/or with a fixed batch (see :func:`to_fp16_bytes`), made once."""
    kind = ("fp16" if fp16 else "fp32") + (f".batch{batch}" if batch is not None else "")
    return cached_copy(model, kind, lambda source: to_fp16_bytes(source, fp16=fp16, batch=batch))


_CONVERTERS = ("onnx", "onnxruntime", "onnxruntime-gpu")
"""The distributions whose converters derive a copy (onnx's graph tools, ONNX Runtime's float16 conversion)."""


@functools.cache
def _code_digest() -> str:
    """The sha256 of this plugin's code (every ``.py`` file of the package, by name and content: which operators
    stay float32, where the detector is cut), read once per process (the code that runs is the code imported)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(f"{path.relative_to(package).as_posix()}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _installed(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "-"


def recipe() -> str:
    """8 hex digits naming what derives a copy now: this plugin's code and the converters' releases
    (:data:`_CONVERTERS`). A copy made by other code (an upgrade that changes which operators stay float32, or
    where the detector is cut; an edit of an editable install) or another converter is never taken for this
    one's."""
    releases = ";".join(f"{name}={_installed(name)}" for name in _CONVERTERS)
    return hashlib.sha256(f"{_code_digest()};{releases}".encode()).hexdigest()[:8]


def cached_copy(model: Path, kind: str, make: Callable[[Path], bytes]) -> Path:
    """The copy of ``model`` that ``make`` derives from it, named by ``kind``, made once and kept in the cache.

    The name carries the source's sha256 and what derives it (:func:`recipe`), so a changed source, an upgrade
    or an edit of this plugin's code gives a new copy; concurrent callers
    wait for one conversion (a file lock), and the copy appears whole or not at all. A cache that
    cannot be written (read-only, full) does not stop the backend: the copy is made for this process
    alone, in a temporary folder removed at exit, with a warning that says how to keep it.
    """
    folder = cache_dir() / "fp16"
    target = folder / f"{model.stem}.{sha256_of(model)[:16]}.{kind}.{recipe()}.onnx"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(target) + ".lock")
        lock.acquire()
    except OSError as exc:
        return _for_this_process(target.name, make(model), folder, exc)
    try:
        if target.is_file() and _as_made(target):
            return target
        logger.info("converting %s to %s (once; kept in %s)", model.name, kind, folder)
        data = make(model)
        try:
            _write_whole(target, data)
            _write_whole(_digest_file(target), hashlib.sha256(data).hexdigest().encode())
        except OSError as exc:
            return _for_this_process(target.name, data, folder, exc)
    finally:
        lock.release()
    return target


def _digest_file(copy: Path) -> Path:
    """Where the sha256 of ``copy`` is recorded when it is made (``NAME.sha256`` beside it)."""
    return copy.with_name(copy.name + ".sha256")


def _as_made(copy: Path) -> bool:
    """Whether the copy in the cache is the file made: its content's sha256 is the one recorded when it was
    written. ONNX Runtime loads a copy changed in place since (a bit flipped by a failing disk, a sync tool
    writing into it) as it is, and the model then computes other landmarks, recorded as any other tracking; one
    made by a release that recorded no digest cannot be told from one so changed. Either is made again, with a
    warning for the first."""
    try:
        recorded = _digest_file(copy).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False  # made before copies recorded their digest, or cut short: made again (seconds, once)
    if sha256_of(copy) == recorded:
        return True
    logger.warning(
        "%s in the model cache %s has changed since it was made (its content is not what was written: a failing "
        "disk, or a program writing into it); making it again",
        copy.name,
        copy.parent,
    )
    return False


def _write_whole(target: Path, data: bytes) -> None:
    """``data`` at ``target``, whole or not at all (a temporary file beside it, renamed)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_TEMPORARY: list[Path] = []
"""The folder of the copies made for this process alone (:func:`_for_this_process`), removed at exit."""
_TEMPORARY_LOCK = threading.Lock()


def _for_this_process(name: str, data: bytes, folder: Path, problem: OSError) -> Path:
    """``data`` written as ``name`` in a temporary folder of this process, the cache ``folder`` being unwritable."""
    logger.warning(
        "cannot keep %s in the model cache %s (%s): made for this run only (again at every start). Free space "
        "there, or set %s to a writable folder.",
        name,
        folder,
        problem.strerror or problem,
        CACHE_DIR_ENV,
    )
    with _TEMPORARY_LOCK:
        if not _TEMPORARY:
            _TEMPORARY.append(Path(tempfile.mkdtemp(prefix="kinemotion-models-")))
            atexit.register(shutil.rmtree, _TEMPORARY[0], ignore_errors=True)
        target = _TEMPORARY[0] / name
        if not target.is_file():
            _write_whole(target, data)
    return target
