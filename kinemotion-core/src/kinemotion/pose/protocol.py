"""The :class:`PoseTracker` protocol: what every backend's tracker implements."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

from kinemotion.landmarks import LandmarkDict

if TYPE_CHECKING:  # numpy is not imported at run time: `import kinemotion` stays light
    import numpy as np
    import numpy.typing as npt

__all__ = ["Frame", "PoseTracker"]

Frame: TypeAlias = "npt.NDArray[np.uint8]"
"""A video frame: BGR (OpenCV's channel order), uint8, shape ``(H, W, 3)``."""


@runtime_checkable
class PoseTracker(Protocol):
    """Finds one person's body landmarks in successive frames of a video.

    Implementations are context managers; :meth:`close` releases native
    resources and may be called more than once.

    Two optional attributes, read when present (:class:`~kinemotion.pose.base.ClosingTracker`
    defines both as ``None``):

    - ``provider: str | None``: what actually runs the model (e.g.
      ``"CUDAExecutionProvider"``, ``"MediaPipe Tasks (XNNPACK, CPU)"``);
      recorded in every output and shown by ``kinemotion bench``.
    - ``model_time_s: float | None``: seconds spent inside the model(s) so far,
      cumulative; ``kinemotion bench`` reports the pipeline's overhead from it.
    """

    def process_frame(self, frame: Frame, timestamp_ms: int = 0) -> LandmarkDict | None:
        """Return the landmarks of the tracked person in ``frame``.

        Args:
            frame: BGR uint8 image of shape ``(H, W, 3)``.
            timestamp_ms: presentation time of the frame. For video it must
                increase from call to call; ``0`` on every call means "no
                timestamps" and the tracker keeps its own clock.

        Returns:
            Canonical landmark name -> ``(x, y, visibility)`` with x and y
            normalised to the frame, or ``None`` when no person is found.
        """
        ...

    def close(self) -> None:
        """Release the tracker's resources. Safe to call more than once."""
        ...

    def __enter__(self) -> PoseTracker: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
