"""Errors of the RTMPose backends (a light module: the plugin imports it when listing backends)."""

from __future__ import annotations

from kinemotion.errors import BackendError

__all__ = ["ModelShapeError"]


class ModelShapeError(BackendError, ValueError):
    """A model file that loads but is not the kind of model the backend expects (checked at load)."""
