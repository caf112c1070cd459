"""Timestamps for MediaPipe's VIDEO running mode, which needs them strictly increasing."""

from __future__ import annotations

import time

__all__ = ["VideoClock"]


class VideoClock:
    """Turns the caller's ``timestamp_ms`` into the strictly increasing values MediaPipe needs.

    ``timestamp_ms <= 0`` means "no timestamp": the clock uses its own
    monotonic time since the first frame (at least 1 ms after the previous
    frame). A positive timestamp is used as given and must be larger than the
    previous one; otherwise :class:`ValueError` says so (MediaPipe itself
    would fail with an internal error).
    """

    def __init__(self) -> None:
        self._start_ns: int | None = None
        self._last: int | None = None

    def next(self, timestamp_ms: int) -> int:
        """The timestamp to pass to MediaPipe for this frame."""
        if self._start_ns is None:
            self._start_ns = time.monotonic_ns()
        if timestamp_ms > 0:
            ts = int(timestamp_ms)
            if self._last is not None and ts <= self._last:
                raise ValueError(
                    f"timestamp_ms must increase from frame to frame in a video: got {ts} after "
                    f"{self._last}. Create a new tracker for a new video, or pass 0 to let the "
                    "tracker keep its own clock."
                )
        else:
            elapsed = (time.monotonic_ns() - self._start_ns) // 1_000_000
            ts = elapsed if self._last is None else max(elapsed, self._last + 1)
        self._last = ts
        return ts
