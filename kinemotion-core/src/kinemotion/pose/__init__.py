"""The pose-tracking contract, backend discovery and the tracker factory."""

from __future__ import annotations

from kinemotion.pose.base import ClosingTracker
from kinemotion.pose.factory import (
    BACKEND_ENV,
    AutoChoice,
    PoseTrackerFactory,
    create_tracker,
    explain_auto,
    resolve_backend_name,
)
from kinemotion.pose.plugin import ENTRY_POINT_GROUP, MODES, Availability, BackendPlugin
from kinemotion.pose.protocol import Frame, PoseTracker
from kinemotion.pose.registry import (
    DISABLED_ENV,
    BackendInfo,
    BackendRegistry,
    default_registry,
    safe_probe,
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
    "create_tracker",
    "default_registry",
    "explain_auto",
    "resolve_backend_name",
    "safe_probe",
]
