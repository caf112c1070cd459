"""Choosing and talking to a pose backend.

- :mod:`~kinemotion.pose.contract`: everything a plugin author implements and may use.
- :mod:`~kinemotion.pose.discovery`: the installed plugins, each loaded on its own.
- :mod:`~kinemotion.pose.registry`: which backends this process sees, and whether each can run here.
- :mod:`~kinemotion.pose.selection`: the one path that chooses a backend and creates its tracker.
- :mod:`~kinemotion.pose.person`: whom to follow when a frame shows several people.
"""

from __future__ import annotations

from kinemotion.pose.contract import (
    ENTRY_POINT_GROUP,
    MODES,
    Availability,
    BackendPlugin,
    ClosingTracker,
    Frame,
    PoseTracker,
    TrackerClock,
    as_bgr_frame,
)
from kinemotion.pose.registry import (
    DISABLED_ENV,
    BackendInfo,
    BackendRegistry,
    default_registry,
    safe_probe,
)
from kinemotion.pose.selection import (
    BACKEND_ENV,
    AutoChoice,
    PoseTrackerFactory,
    Selection,
    create_tracker,
    explain_auto,
    resolve_backend_name,
    select_backend,
)

__all__ = [
    "BACKEND_ENV",
    "DISABLED_ENV",
    "ENTRY_POINT_GROUP",
    "MODES",
    "AutoChoice",
    "Availability",
    "BackendInfo",
    "BackendPlugin",
    "BackendRegistry",
    "ClosingTracker",
    "Frame",
    "PoseTracker",
    "PoseTrackerFactory",
    "Selection",
    "TrackerClock",
    "as_bgr_frame",
    "create_tracker",
    "default_registry",
    "explain_auto",
    "resolve_backend_name",
    "safe_probe",
    "select_backend",
]
