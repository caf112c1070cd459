"""Checking and normalising the frames handed to a tracker.

Backends call :func:`as_bgr_frame` first thing in ``process_frame`` so that
every backend accepts the same inputs and rejects the same mistakes with the
same clear message.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["as_bgr_frame"]


def as_bgr_frame(frame: object) -> npt.NDArray[np.uint8]:
    """Return ``frame`` as a C-contiguous BGR uint8 ``(H, W, 3)`` array.

    Handled: grayscale ``(H, W)`` or ``(H, W, 1)`` (replicated to 3 channels),
    BGRA ``(H, W, 4)`` (alpha dropped), non-contiguous views (copied).

    Raises:
        ValueError: None, not an array, not uint8, empty, or an unsupported shape.
    """
    if frame is None:
        raise ValueError("frame is None: the video reader returned no image (end of file or a decode error?)")
    if not isinstance(frame, np.ndarray):
        raise ValueError(f"frame must be a numpy array (BGR uint8, H x W x 3), got {type(frame).__name__}")
    if frame.dtype != np.uint8:
        raise ValueError(
            f"frame must have dtype uint8 (0-255), got {frame.dtype}; "
            "for floats in [0, 1] use (frame * 255).round().astype(np.uint8)"
        )
    if frame.size == 0 or frame.ndim < 2 or min(frame.shape[:2]) == 0:
        raise ValueError(f"frame is empty (shape {frame.shape})")
    if frame.ndim == 2:
        frame = frame[:, :, None]
    if frame.ndim != 3 or frame.shape[2] not in (1, 3, 4):
        raise ValueError(f"frame must be H x W x 3 BGR (or grayscale / BGRA), got shape {frame.shape}")
    if frame.shape[2] == 1:
        frame = np.repeat(frame, 3, axis=2)
    elif frame.shape[2] == 4:
        frame = frame[:, :, :3]
    return np.ascontiguousarray(frame)
