"""The exception hierarchy of kinemotion.

Every error the library raises on purpose derives from :class:`KinemotionError`
and says what failed, on which input, and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "BackendError",
    "BackendUnavailableError",
    "KinemotionError",
    "ModelDownloadError",
    "OutputError",
    "TrackingFileError",
    "UnknownBackendError",
    "UnsupportedModeError",
    "UnsupportedOptionError",
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


class UnsupportedOptionError(BackendError, TypeError):
    """A backend was given an option its ``create()`` does not take (``--person`` to a plugin without it).

    A :class:`TypeError`, as a wrong keyword argument is; a :class:`BackendError`, so a command reports it as
    one clear error naming the backend and the option instead of a traceback.
    """


class ModelDownloadError(KinemotionError):
    """A model file could not be obtained, downloaded or verified."""


class VideoReadError(KinemotionError):
    """A video file could not be opened or decoded."""


class TrackingFileError(KinemotionError, ValueError):
    """A landmark JSON could not be read back: missing, not JSON, or not the layout ``kinemotion track`` writes."""


class OutputError(KinemotionError, OSError):
    """An output file could not be written (full disk, no permission, a folder that is a file)."""


class AnalysisError(KinemotionError):
    """Jump analysis found no valid answer (no person, no flight, too short, too slow).

    ``phases_s`` holds the events found before the analysis gave up (for plots).
    """

    def __init__(self, message: str, phases_s: dict[str, float] | None = None) -> None:
        super().__init__(message)
        self.phases_s = dict(phases_s or {})
        """Event name -> time (s) of the events found before the analysis gave up (for a plot of how far it
        got); empty when none was."""
