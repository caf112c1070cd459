"""The exception hierarchy of kinemotion.

Every error the library raises on purpose derives from :class:`KinemotionError`
and says what failed, on which input, and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "BackendError",
    "BackendUnavailableError",
    "KinemotionError",
    "ModelDownloadError",
    "UnknownBackendError",
    "UnsupportedModeError",
    "VideoReadError",
]


class KinemotionError(Exception):
    """Base class of every error raised by kinemotion and its backends."""


class BackendError(KinemotionError):
    """A pose backend could not be found, created or run."""


class UnknownBackendError(BackendError, ValueError):
    """A backend name that no installed plugin and no known extra provides."""


class BackendUnavailableError(BackendError):
    """A backend exists (or is known) but cannot run in this environment."""


class UnsupportedModeError(BackendError, ValueError):
    """A backend was asked for a mode it does not offer."""


class ModelDownloadError(KinemotionError):
    """A model file could not be obtained, downloaded or verified."""


class VideoReadError(KinemotionError):
    """A video file could not be opened or decoded."""
