"""Small in-process plugins used as fixtures for the registry and factory tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import numpy as np

from kinemotion import REQUIRED_LANDMARKS, Availability, LandmarkDict

# A person standing upright, facing the camera (x, y normalised, y down).
_STANDING = {"nose": (0.5, 0.1), "shoulder": (0.06, 0.25), "hip": (0.05, 0.5), "knee": (0.05, 0.7)}
_STANDING |= {"ankle": (0.05, 0.88), "heel": (0.05, 0.9), "foot_index": (0.07, 0.92)}


def standing_person(x: float = 0.5) -> LandmarkDict:
    """The required landmarks of a plausible standing person centred at ``x``."""
    out: LandmarkDict = {}
    for name in REQUIRED_LANDMARKS:
        if name == "nose":
            out[name] = (x, 0.1, 0.9)
            continue
        side, stem = name.split("_", 1)
        dx, y = _STANDING[stem]
        out[name] = (x + (dx if side == "left" else -dx), y, 0.9)
    return out


class FakeTracker:
    """Finds a 'person' (standing upright) in any frame that is not uniform; records its calls."""

    def __init__(self, backend: str, mode: str, options: dict[str, object]) -> None:
        self.backend, self.mode, self.options = backend, mode, options
        self.closed = 0
        self.timestamps: list[int] = []

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        self.timestamps.append(timestamp_ms)
        if frame.std() == 0:
            return None
        # The 'person' is where the picture is not the kit's grey background (114): its centre of mass.
        busy = (frame != 114).any(axis=-1) if frame.ndim == 3 else frame != 114
        columns = np.flatnonzero(busy.any(axis=0))
        weights = busy.sum(axis=0)[columns]
        x = float(np.average(columns, weights=weights)) / frame.shape[1] if len(columns) else 0.5
        return standing_person(x)

    def close(self) -> None:
        self.closed += 1

    def __enter__(self) -> FakeTracker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def model_replaced_at_first_frame(model: Path) -> type[FakeTracker]:
    """A tracker class declaring ``model`` as the file it loaded (plugin contract 1.5's ``model_files``); on its
    first frame a new model is saved over the file (``b"second model"`` over ``b"first model"``: a download
    finishing, a retrained model saved mid-batch). Its ``reset()`` keeps the tracker for a batch's next video."""

    class Loading(FakeTracker):
        """Declares the model file it loaded; on its first frame, a new model is saved over the file."""

        def __init__(self, backend: str, mode: str, options: dict[str, object]) -> None:
            super().__init__(backend, mode, options)
            self.model_files = [model]

        def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
            if model.read_bytes() == b"first model":
                model.write_bytes(b"second model")
            return super().process_frame(frame, timestamp_ms)

        def reset(self) -> None:
            self.timestamps = []

    return Loading


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
    options: frozenset[str] = frozenset({"threshold", "threads", "person"})
    probes: int = 0
    tracker: type[FakeTracker] = FakeTracker
    """What ``create`` makes (a subclass that misbehaves in one way, for the conformance kit's tests)."""

    def probe(self) -> Availability:
        self.probes += 1
        if self.probe_error is not None:
            raise self.probe_error
        return Availability(self.available, self.reason)

    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        if mode not in self.modes:
            raise ValueError(f"no mode {mode!r}")
        unknown = set(options) - self.options
        if unknown:
            raise TypeError(f"{self.name} got unknown options {sorted(unknown)}")
        if self.create_error is not None:
            raise self.create_error
        tracker = self.tracker(self.name, mode, options)
        self.created.append(tracker)
        return tracker
