"""An example kinemotion backend, complete but crude.

It finds people with OpenCV's HOG people detector (kinemotion's person policy picks whom to follow) and
places landmarks inside the box by average body proportions. It exists to
show plugin authors everything a backend needs; do not use it for analysis.
"""

from __future__ import annotations

from typing import Any

from kinemotion import Availability, ClosingTracker, LandmarkDict
from kinemotion.pose.contract import Frame  # a BGR uint8 image (numpy is imported in create(), not here)

# Where each landmark sits in the person box, as fractions of its width and height, athlete facing
# the camera (so the athlete's left is on the image's right): distance from the box's centre line, height.
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


class HogTracker(ClosingTracker):
    """A PoseTracker: process_frame and close; ClosingTracker adds the context manager."""

    def __init__(self, width: int, person: str | None = None) -> None:
        import cv2  # heavy imports go inside create(), never at module import
        import numpy as np

        from kinemotion.pose.person import PersonPolicy

        self._cv2 = cv2
        self._width = width
        self._person = PersonPolicy(person)  # whom to follow: kinemotion decides, for every backend alike
        hog = cv2.HOGDescriptor()
        hog.setSVMDetector(np.asarray(cv2.HOGDescriptor.getDefaultPeopleDetector(), dtype=np.float32))
        self._hog: Any = hog  # None once closed

    def process_frame(self, frame: Frame, timestamp_ms: int = 0) -> LandmarkDict | None:
        if self._hog is None:
            raise RuntimeError("tracker is closed")
        h, w = frame.shape[:2]
        scale = self._width / w
        small = self._cv2.resize(frame, (self._width, round(h * scale)))
        from kinemotion.pose.person import Candidate

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
        confidence = min(1.0, max(0.0, float(weights.ravel()[best]) / 2.0))
        return {name: ((x + fx * bw) / w, (y + fy * bh) / h, confidence) for name, (fx, fy) in _PROPORTIONS.items()}

    def close(self) -> None:
        self._hog = None


class ExampleHogPlugin:
    """What the entry point resolves to: name, priority, modes, probe, create."""

    name = "example-hog"
    priority = 10  # below every real backend: auto only picks it when nothing else runs
    modes = ("lightweight", "balanced")
    contract_version = "1.5"  # the plugin contract it was written and tested for

    def probe(self) -> Availability:
        import importlib.util

        if importlib.util.find_spec("cv2") is None:
            return Availability.no("OpenCV is not installed: pip install opencv-python-headless")
        return Availability.yes("OpenCV HOG people detector")

    def create(self, mode: str = "lightweight", **options: object) -> HogTracker:
        if mode not in self.modes:
            raise ValueError(f"example-hog has no mode {mode!r}; it offers {self.modes}")
        unknown = sorted(set(options) - {"width", "person"})
        if unknown:
            raise TypeError(f"example-hog got unknown options {unknown}; it accepts ['person', 'width']")
        width = {"lightweight": 480, "balanced": 800}[mode]
        person = options.get("person")
        return HogTracker(int(options.get("width", width)), None if person is None else str(person))  # type: ignore[call-overload]
