"""The MediaPipe Pose Landmarker bundles, one per mode, and where to find them.

``lightweight`` (lite) ships inside the wheel; ``balanced`` (full) and
``performance`` (heavy) are downloaded on first use from Google's official
location into the kinemotion model cache (see :mod:`kinemotion.models`).
Google publishes no checksums; the lite and full bundles' sha256 and sizes are
pinned from verified copies (see ../shared/assets/PROVENANCE.md), the heavy one
is not pinned (no verified copy was available).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from kinemotion.models import ModelFile, find_local, sha256_of

__all__ = ["BUNDLED_DIR", "MODEL_FILES", "bundled_path", "local_path", "pinned_mode"]

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
