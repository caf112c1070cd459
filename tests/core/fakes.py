"""Small in-process plugins used as fixtures for the registry and factory tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType

import numpy as np

from kinemotion import REQUIRED_LANDMARKS, Availability, LandmarkDict


class FakeTracker:
    """Finds a 'person' in any frame that is not uniform; records its calls."""

    def __init__(self, backend: str, mode: str, options: dict[str, object]) -> None:
        self.backend, self.mode, self.options = backend, mode, options
        self.closed = 0

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        if frame.std() == 0:
            return None
        return {name: (0.5, 0.5, 0.9) for name in REQUIRED_LANDMARKS}

    def close(self) -> None:
        self.closed += 1

    def __enter__(self) -> FakeTracker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@dataclass
class FakePlugin:
    name: str
    priority: int = 50
    available: bool = True
    reason: str = "fake backend ready"
    modes: tuple[str, ...] = ("lightweight", "balanced")
    create_error: Exception | None = None
    probe_error: Exception | None = None
    created: list[FakeTracker] = field(default_factory=list)

    def probe(self) -> Availability:
        if self.probe_error is not None:
            raise self.probe_error
        return Availability(self.available, self.reason)

    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        if mode not in self.modes:
            raise ValueError(f"no mode {mode!r}")
        if self.create_error is not None:
            raise self.create_error
        tracker = FakeTracker(self.name, mode, options)
        self.created.append(tracker)
        return tracker
