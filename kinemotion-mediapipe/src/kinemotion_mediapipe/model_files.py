"""The MediaPipe Pose Landmarker bundles, one per mode, and where to find them.

``lightweight`` (lite) ships inside the wheel (checked against its pinned
size and sha256 before use: :func:`checked_bundled_path`); ``balanced`` (full) and
``performance`` (heavy) are downloaded on first use from Google's official
location into the kinemotion model cache (see :mod:`kinemotion.models`).
Google publishes no checksums; the lite and full bundles' sha256 and sizes are
pinned from verified copies (see ../shared/assets/PROVENANCE.md), the heavy one
is not pinned (no verified copy was available).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Final

from kinemotion.errors import ModelDownloadError
from kinemotion.file_status import FileStatus, file_status
from kinemotion.models import ModelFile, find_local, sha256_of

__all__ = ["BUNDLED_DIR", "MODEL_FILES", "bundled_path", "checked_bundled_path", "local_path", "pinned_mode"]

_BASE = "https://storage.googleapis.com/mediapipe-models/pose_landmarker"

BUNDLED_DIR: Final = Path(__file__).parent / "models"

MODEL_FILES: Final[dict[str, ModelFile]] = {
    "lightweight": ModelFile(
        filename="pose_landmarker_lite.task",
        url=f"{_BASE}/pose_landmarker_lite/float16/1/pose_landmarker_lite.task",
        sha256="59929e1d1ee95287735ddd833b19cf4ac46d29bc7afddbbf6753c459690d574a",
        size=5777746,
    ),
    "balanced": ModelFile(
        filename="pose_landmarker_full.task",
        url=f"{_BASE}/pose_landmarker_full/float16/1/pose_landmarker_full.task",
        sha256="4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad",
        size=9398198,
    ),
    "performance": ModelFile(
        filename="pose_landmarker_heavy.task",
        url=f"{_BASE}/pose_landmarker_heavy/float16/1/pose_landmarker_heavy.task",
    ),
}


def bundled_path(mode: str) -> Path | None:
    """The copy of the mode's model shipped inside this package, if any."""
    path = BUNDLED_DIR / MODEL_FILES[mode].filename
    return path if path.is_file() else None


_CHECKED: dict[Path, FileStatus] = {}
"""Bundled files found to be the pinned ones in this process, with what identified them then."""
_CHECKED_LOCK = threading.Lock()


def checked_bundled_path(mode: str) -> Path | None:
    """:func:`bundled_path`, checked against the mode's pinned size and sha256 (once a process while it stays the
    same file: :class:`~kinemotion.file_status.FileStatus`).

    Another file under the bundled name (a retrained model saved into the package, a copy of the full model)
    was tracked as this mode of this release, the pinned model's foot timing bias taken off its events: outputs
    record the backend, mode and release, not the model file, so a resumed batch mixed two models' landmarks.

    Raises:
        ModelDownloadError: the bundled file is not the pinned one (naming it, and how to restore it).
    """
    path = bundled_path(mode)
    spec = MODEL_FILES[mode]
    if path is None or spec.sha256 is None:
        return path
    status = file_status(path)
    with _CHECKED_LOCK:
        if status is not None and _CHECKED.get(path) == status:
            return path
    size = path.stat().st_size
    digest = sha256_of(path) if size == spec.size else None
    if digest != spec.sha256:
        found = f"sha256 {digest}" if digest is not None else f"{size} bytes"
        raise ModelDownloadError(
            f"{path}: the {mode} model bundled with kinemotion-mediapipe is not the file it shipped ({found}, "
            f"expected {spec.size} bytes of sha256 {spec.sha256}: replaced or damaged since it was installed); "
            "reinstall it (pip install --force-reinstall kinemotion-mediapipe), or pass your own model as "
            "model_path="
        )
    if status is not None:
        with _CHECKED_LOCK:
            _CHECKED[path] = status
    return path


def local_path(mode: str) -> Path | None:
    """A local copy of the mode's model: bundled, offline folder or cache."""
    return bundled_path(mode) or find_local(MODEL_FILES[mode])


def pinned_mode(path: Path) -> str | None:
    """The mode whose pinned bundle the file at ``path`` is (same size and sha256), None for any other file.

    A model given as ``model_path`` is known by its content, not its name: a copy of the full model
    anywhere is the full model, and a retrained one named ``pose_landmarker_full.task`` is not.
    """
    size = path.stat().st_size
    candidates = [m for m, spec in MODEL_FILES.items() if spec.sha256 is not None and spec.size == size]
    if not candidates:
        return None
    digest = sha256_of(path)
    return next((m for m in candidates if MODEL_FILES[m].sha256 == digest), None)
