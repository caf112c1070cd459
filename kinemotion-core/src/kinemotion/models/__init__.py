"""Model files for backends: registry entries, per-user cache, verified downloads."""

from __future__ import annotations

from kinemotion.models.cache import (
    CACHE_DIR_ENV,
    MODEL_DIR_ENV,
    OFFLINE_ENV,
    cache_dir,
    downloads_disabled,
    find_local,
    sha256_of,
    verify_file,
)
from kinemotion.models.download import download, ensure_model, offline_advice
from kinemotion.models.spec import ModelFile

__all__ = [
    "CACHE_DIR_ENV",
    "MODEL_DIR_ENV",
    "OFFLINE_ENV",
    "ModelFile",
    "cache_dir",
    "download",
    "downloads_disabled",
    "ensure_model",
    "find_local",
    "offline_advice",
    "sha256_of",
    "verify_file",
]
