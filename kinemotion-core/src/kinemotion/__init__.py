"""kinemotion: body landmarks and jump metrics from video, with pluggable pose backends.

Importing this package is cheap: it loads no backend, no OpenCV and no model
runtime. Backends are discovered through the ``kinemotion.backends``
entry-point group and probed only when asked.
"""

from __future__ import annotations

from kinemotion.errors import (
    AnalysisError,
    BackendError,
    BackendUnavailableError,
    KinemotionError,
    ModelDownloadError,
    OutputError,
    TrackingFileError,
    UnknownBackendError,
    UnsupportedModeError,
    UnsupportedOptionError,
    VideoReadError,
)
from kinemotion.landmarks import (
    LANDMARK_NAMES,
    LANDMARKS,
    REQUIRED_LANDMARKS,
    Landmark,
    LandmarkDict,
    LandmarkPoint,
)
from kinemotion.pose import (
    Availability,
    BackendInfo,
    BackendPlugin,
    BackendRegistry,
    ClosingTracker,
    PoseTracker,
    PoseTrackerFactory,
    Selection,
    create_tracker,
    default_registry,
    explain_auto,
    select_backend,
)


def __getattr__(name: str) -> str:
    # __version__ is read from the installed metadata on first access only:
    # importlib.metadata is slow to import and `import kinemotion` must stay light.
    if name == "__version__":
        from kinemotion.versions import kinemotion_version

        return kinemotion_version()
    raise AttributeError(f"module 'kinemotion' has no attribute {name!r}")


def list_backends() -> list[BackendInfo]:
    """Every discovered backend, available or not, highest priority first."""
    return default_registry().infos()


def available_backends() -> list[BackendInfo]:
    """The backends that can run here, highest priority first."""
    return [info for info in list_backends() if info.available]


def register_backend(plugin: BackendPlugin, *, replace: bool = False) -> str:
    """Register a backend in this process (no entry point needed); returns its name."""
    return default_registry().register(plugin, replace=replace)


def unregister_backend(name: str) -> None:
    """Remove a backend registered with :func:`register_backend` (a name never registered: nothing to do).

    Raises:
        TypeError: ``name`` is not a str.
        ValueError: ``name`` is an installed plugin's, not registered in this process: nothing would be removed
            (``KINEMOTION_DISABLED_BACKENDS`` keeps runs from using it).
    """
    default_registry().unregister(name)


__all__ = [
    "LANDMARKS",
    "LANDMARK_NAMES",
    "REQUIRED_LANDMARKS",
    "AnalysisError",
    "Availability",
    "BackendError",
    "BackendInfo",
    "BackendPlugin",
    "BackendRegistry",
    "BackendUnavailableError",
    "ClosingTracker",
    "KinemotionError",
    "Landmark",
    "LandmarkDict",
    "LandmarkPoint",
    "ModelDownloadError",
    "OutputError",
    "PoseTracker",
    "PoseTrackerFactory",
    "Selection",
    "TrackingFileError",
    "UnknownBackendError",
    "UnsupportedModeError",
    "UnsupportedOptionError",
    "VideoReadError",
    "__version__",
    "available_backends",
    "create_tracker",
    "default_registry",
    "explain_auto",
    "list_backends",
    "register_backend",
    "select_backend",
    "unregister_backend",
]
