"""A small base class for trackers: the context-manager half of the protocol."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

__all__ = ["ClosingTracker"]

_T = TypeVar("_T", bound="ClosingTracker")


class ClosingTracker:
    """Gives a tracker ``__enter__``/``__exit__`` on top of its own ``close()``.

    Subclasses implement ``process_frame`` and an idempotent ``close``, and may
    set the optional attributes of :class:`~kinemotion.pose.PoseTracker`.
    """

    provider: str | None = None
    """What runs the model (an execution provider, a runtime); recorded in outputs."""

    @property
    def model_time_s(self) -> float | None:
        """Cumulative seconds spent inside the model(s), for ``kinemotion bench``; None when not measured."""
        return None

    def close(self) -> None:
        """Release resources; subclasses override. Must be safe to call twice."""

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
