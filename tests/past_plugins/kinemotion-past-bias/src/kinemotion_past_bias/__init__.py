"""HOG people detector, written for plugin contract 1.3: its tracker declares its foot timing bias against RTMPose.

The example plugin of that guide (a ClosingTracker, kinemotion's person policy, landmarks by body proportions)
with the two optional tracker features a 1.3 plugin could have: ``reset()`` and ``foot_timing_bias_s``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kinemotion import Availability, ClosingTracker, LandmarkDict

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


class BiasTracker(ClosingTracker):
    """The example's tracker, declaring how much later than RTMPose its feet leave and land."""

    foot_timing_bias_s = (0.02, -0.01)  # measured with benchmarks/foot_timing_bias.py (contract 1.3)

    def __init__(self, width: int, person: str | None = None) -> None:
        import cv2

        from kinemotion.pose.person import PersonPolicy

        self._cv2 = cv2
        self._width = width
        self._person_choice = person
        self._person = PersonPolicy(person)
        self._hog: Any = cv2.HOGDescriptor()
        self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        if self._hog is None:
            raise RuntimeError("tracker is closed")
        from kinemotion.pose.person import Candidate

        h, w = frame.shape[:2]
        scale = self._width / w
        small = self._cv2.resize(frame, (self._width, round(h * scale)))
        boxes, weights = self._hog.detectMultiScale(small, winStride=(8, 8))
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

    def reset(self) -> None:
        """Forget whom it follows; keep the detector."""
        from kinemotion.pose.person import PersonPolicy

        self._person = PersonPolicy(self._person_choice)

    def close(self) -> None:
        self._hog = None


class BiasPlugin:
    name = "past-bias"
    priority = 1
    modes = ("lightweight", "balanced")
    contract_version = "1.3"

    def probe(self) -> Availability:
        import importlib.util

        if importlib.util.find_spec("cv2") is None:
            return Availability.no("OpenCV is not installed: pip install opencv-python-headless")
        return Availability.yes("OpenCV HOG people detector")

    def create(self, mode: str = "lightweight", **options: object) -> BiasTracker:
        if mode not in self.modes:
            raise ValueError(f"past-bias has no mode {mode!r}; it offers {self.modes}")
        unknown = sorted(set(options) - {"width", "person"})
        if unknown:
            raise TypeError(f"past-bias got unknown options {unknown}; it accepts ['person', 'width']")
        width = {"lightweight": 480, "balanced": 800}[mode]
        person = options.get("person")
        return BiasTracker(int(options.get("width", width)), None if person is None else str(person))  # type: ignore[call-overload]
