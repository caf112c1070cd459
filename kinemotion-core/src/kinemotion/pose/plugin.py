"""The backend plugin contract: :class:`Availability` and :class:`BackendPlugin`.

A distribution publishes a backend by pointing an entry point in the group
``kinemotion.backends`` at an object (or a class with a no-argument
constructor) that satisfies :class:`BackendPlugin`. Importing the entry point's
module must be cheap: heavy dependencies are imported inside ``probe`` and
``create`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from kinemotion.pose.protocol import PoseTracker

__all__ = ["ENTRY_POINT_GROUP", "MODES", "Availability", "BackendPlugin"]

ENTRY_POINT_GROUP = "kinemotion.backends"
"""The entry-point group scanned for backends."""

MODES: tuple[str, ...] = ("lightweight", "balanced", "performance")
"""Mode names a backend may offer, from fastest to most accurate."""


@dataclass(frozen=True)
class Availability:
    """Whether a backend can really run here, and why (not)."""

    available: bool
    reason: str

    @classmethod
    def yes(cls, reason: str = "ready") -> Availability:
        """An available result with a short description of what was checked."""
        return cls(True, reason)

    @classmethod
    def no(cls, reason: str) -> Availability:
        """An unavailable result; ``reason`` should say what is missing and the fix."""
        return cls(False, reason)

    def __bool__(self) -> bool:
        return self.available


@runtime_checkable
class BackendPlugin(Protocol):
    """What a ``kinemotion.backends`` entry point provides.

    Attributes:
        name: unique backend name, lower case with dashes (``rtmpose-cuda``).
        priority: higher wins when ``backend="auto"``. The shipped plugins use
            CUDA 400, CoreML 300, optimised CPU 200, MediaPipe 100.
        modes: the modes :meth:`create` accepts; always includes ``lightweight``.
    """

    name: str
    priority: int
    modes: tuple[str, ...]

    def probe(self) -> Availability:
        """Check cheaply whether the backend can run here. Must never raise.

        The probe cannot know the mode or options of a later :meth:`create`, so
        it answers for the default configuration: the runtime really works here
        (a GPU provider really runs a session, not a silent CPU fallback) and
        the ``lightweight`` models are at hand or downloadable (a local copy
        found through ``KINEMOTION_MODEL_DIR`` or the cache counts; with
        ``KINEMOTION_OFFLINE`` set and no local copy it is unavailable, and the
        reason says to set ``KINEMOTION_MODEL_DIR``). Whatever depends on the
        mode or the options (another mode's models, a ``model_path=`` that does
        not exist, an unknown option) is checked by :meth:`create`, which
        raises ``ModelDownloadError``, ``ValueError`` or ``TypeError`` naming it.
        """
        ...

    def create(self, mode: str = "lightweight", **options: object) -> PoseTracker:
        """Build a tracker for ``mode``; options are backend-specific.

        Raises:
            ValueError: ``mode`` is not in :attr:`modes`.
            TypeError: an option the backend does not know (never ignore one:
                a misspelled option would go unnoticed).
        """
        ...
