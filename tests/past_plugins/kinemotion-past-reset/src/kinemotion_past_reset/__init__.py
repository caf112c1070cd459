"""HOG people detector, written for plugin contract 1.2: its tracker forgets a video with reset().

PAST_RESET_LOG, when set, names a file the tracker appends "create" and "reset" to (its author's way
of seeing what a batch does with it).
"""

import os

from kinemotion.pose.contract import Availability, ClosingTracker, TrackerClock
from kinemotion.pose.person import Candidate, PersonPolicy

PROPORTIONS = {
    "nose": (0.50, 0.07),
    "left_shoulder": (0.64, 0.19),
    "right_shoulder": (0.36, 0.19),
    "left_hip": (0.58, 0.50),
    "right_hip": (0.42, 0.50),
    "left_knee": (0.58, 0.72),
    "right_knee": (0.42, 0.72),
    "left_ankle": (0.58, 0.93),
    "right_ankle": (0.42, 0.93),
    "left_heel": (0.57, 0.96),
    "right_heel": (0.43, 0.96),
    "left_foot_index": (0.62, 0.98),
    "right_foot_index": (0.38, 0.98),
}


def _log(event):
    path = os.environ.get("PAST_RESET_LOG")
    if path:
        with open(path, "a") as log:
            log.write(event + "\n")


class ResetTracker(ClosingTracker):
    def __init__(self, width, person):
        import cv2

        self.provider = "OpenCV HOG (CPU)"
        self._cv2 = cv2
        self._width = width
        self._person_choice = person
        self._hog = cv2.HOGDescriptor()
        self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        self._clock = TrackerClock(strict=True)
        self._person = PersonPolicy(person)
        _log("create")

    def process_frame(self, frame, timestamp_ms=0):
        now = self._clock.next(timestamp_ms)
        h, w = frame.shape[:2]
        scale = self._width / w
        small = self._cv2.resize(frame, (self._width, round(h * scale)))
        boxes, weights = self._hog.detectMultiScale(small, winStride=(8, 8))
        if len(boxes) == 0:
            return None
        people = [
            Candidate(((x / scale) / w, (y / scale) / h, ((x + bw) / scale) / w, ((y + bh) / scale) / h))
            for x, y, bw, bh in (map(float, b) for b in boxes)
        ]
        best = self._person.pick(people, now, w / h)
        if best is None:
            return None
        x, y, bw, bh = (float(v) / scale for v in boxes[best])
        confidence = min(1.0, max(0.0, float(weights[best]) / 2.0))
        return {n: ((x + fx * bw) / w, (y + fy * bh) / h, confidence) for n, (fx, fy) in PROPORTIONS.items()}

    def reset(self):
        """Forget the video: whom it follows and its clock; keep the detector."""
        self._clock = TrackerClock(strict=True)
        self._person = PersonPolicy(self._person_choice)
        _log("reset")

    def close(self):
        self._hog = None


class ResetPlugin:
    name = "past-reset"
    priority = 1
    modes = ("lightweight", "balanced")
    contract_version = "1.2"

    def probe(self):
        import importlib.util

        if importlib.util.find_spec("cv2") is None:
            return Availability.no("OpenCV is not installed: pip install opencv-python-headless")
        return Availability.yes("OpenCV HOG people detector")

    def create(self, mode="lightweight", **options):
        if mode not in self.modes:
            raise ValueError(f"past-reset has no mode {mode!r}")
        unknown = sorted(set(options) - {"person", "width"})
        if unknown:
            raise TypeError(f"past-reset got unknown options {unknown}")
        width = options.get("width", {"lightweight": 480, "balanced": 800}[mode])
        return ResetTracker(int(width), options.get("person"))
