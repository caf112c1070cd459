"""HOG people detector, written for plugin contract 1.4: its tracker gives streams sharing one detector.

The guide's example plugin (a ClosingTracker, kinemotion's person policy, landmarks by body proportions) with
what 1.4 added: ``shares_models = True`` on the plugin and ``streams(count)`` on the tracker, ``count``
trackers for ``count`` threads of one process, each following its own video, all running the one detector
(one call at a time: HOG has no batch). And what earlier minors added: ``reset()`` (1.2), ``foot_timing_bias_s``
(1.3), ``provider`` and ``model_time_s`` on the instance.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np

from kinemotion.landmarks import LandmarkDict
from kinemotion.pose.contract import Availability, ClosingTracker, as_bgr_frame
from kinemotion.pose.person import Candidate, PersonPolicy

_SIDE_PROPORTIONS = {
    "shoulder": (0.14, 0.19),
    "hip": (0.08, 0.50),
    "knee": (0.08, 0.72),
    "ankle": (0.08, 0.93),
    "heel": (0.07, 0.96),
    "foot_index": (0.12, 0.98),
}
_PROPORTIONS = {
    "nose": (0.50, 0.07),
    **{
        f"{side}_{part}": (0.5 + sign * across, down)
        for part, (across, down) in _SIDE_PROPORTIONS.items()
        for side, sign in (("left", 1), ("right", -1))
    },
}


class _Detector:
    """The model the streams share: one HOG descriptor, one call at a time."""

    def __init__(self) -> None:
        import cv2

        self.cv2 = cv2
        self.hog: Any = cv2.HOGDescriptor()
        self.hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        self.lock = threading.Lock()

    def detect(self, image: np.ndarray) -> tuple[Any, Any]:
        with self.lock:
            return self.hog.detectMultiScale(image, winStride=(8, 8))


class StreamsTracker(ClosingTracker):
    """One video's tracker; ``streams(count)`` gives more of them on the same detector."""

    foot_timing_bias_s = (0.015, -0.005)

    def __init__(self, width: int, person: str | None, detector: _Detector | None = None) -> None:
        self._detector: _Detector | None = detector or _Detector()
        self._width = width
        self._choice = person
        self._person = PersonPolicy(person)
        self.provider = "OpenCV HOG (CPU, shared)"
        self.model_time_s = 0.0

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        if self._detector is None:
            raise RuntimeError("tracker is closed")
        image = as_bgr_frame(frame)
        h, w = image.shape[:2]
        scale = self._width / w
        small = self._detector.cv2.resize(image, (self._width, round(h * scale)))
        start = time.perf_counter()
        boxes, weights = self._detector.detect(small)
        self.model_time_s += time.perf_counter() - start
        if len(boxes) == 0:
            return None
        people = [
            Candidate(((bx / scale) / w, (by / scale) / h, ((bx + bw) / scale) / w, ((by + bh) / scale) / h))
            for bx, by, bw, bh in (map(float, b) for b in boxes)
        ]
        best = self._person.pick(people, timestamp_ms, w / h)
        if best is None:
            return None
        x, y, bw, bh = (float(v) / scale for v in boxes[best])
        confidence = float(min(1.0, max(0.0, np.ravel(weights)[best] / 2.0)))
        return {name: ((x + fx * bw) / w, (y + fy * bh) / h, confidence) for name, (fx, fy) in _PROPORTIONS.items()}

    def streams(self, count: int) -> list[StreamsTracker]:
        """``count`` trackers for ``count`` threads, each its own person policy, all on this detector."""
        if self._detector is None:
            raise RuntimeError("tracker is closed")
        return [StreamsTracker(self._width, self._choice, self._detector) for _ in range(count)]

    def reset(self) -> None:
        """Forget whom it follows and the time spent; keep the detector."""
        self._person = PersonPolicy(self._choice)
        self.model_time_s = 0.0

    def close(self) -> None:
        self._detector = None


class StreamsPlugin:
    name = "past-streams"
    priority = 1
    modes = ("lightweight", "balanced")
    contract_version = "1.4"
    shares_models = True

    def probe(self) -> Availability:
        import importlib.util

        if importlib.util.find_spec("cv2") is None:
            return Availability(False, "OpenCV is not installed: pip install opencv-python-headless")
        return Availability(True, "OpenCV HOG people detector, shared by the streams of -j N")

    def create(self, mode: str = "lightweight", **options: object) -> StreamsTracker:
        if mode not in self.modes:
            raise ValueError(f"past-streams has no mode {mode!r}; it offers {self.modes}")
        unknown = sorted(set(options) - {"width", "person"})
        if unknown:
            raise TypeError(f"past-streams got unknown options {unknown}; it accepts ['person', 'width']")
        width = {"lightweight": 480, "balanced": 800}[mode]
        person = options.get("person")
        return StreamsTracker(int(options.get("width", width)), None if person is None else str(person))  # type: ignore[call-overload]
