"""A backend written from the first README (contract 1.0): nothing from kinemotion but Availability.

OpenCV's HOG people detector, the largest person, landmarks by body proportions.
"""

from types import TracebackType

from kinemotion import Availability

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


class PlainTracker:
    """Not a ClosingTracker: its own __enter__/__exit__, as the contract has always allowed."""

    def __init__(self, width):
        import cv2

        self._cv2 = cv2
        self._width = width
        self._hog = cv2.HOGDescriptor()
        self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())

    def process_frame(self, frame, timestamp_ms=0):
        h, w = frame.shape[:2]
        scale = self._width / w
        small = self._cv2.resize(frame, (self._width, round(h * scale)))
        boxes, weights = self._hog.detectMultiScale(small, winStride=(8, 8))
        if len(boxes) == 0:
            return None
        best = max(range(len(boxes)), key=lambda i: boxes[i][2] * boxes[i][3])
        x, y, bw, bh = (float(v) / scale for v in boxes[best])
        confidence = min(1.0, max(0.0, float(weights[best]) / 2.0))
        return {n: ((x + fx * bw) / w, (y + fy * bh) / h, confidence) for n, (fx, fy) in PROPORTIONS.items()}

    def close(self):
        self._hog = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc: BaseException | None, tb: TracebackType | None):
        self.close()


class PastPlainPlugin:
    name = "past-plain"
    priority = 3
    modes = ("lightweight", "balanced")

    def probe(self):
        import importlib.util

        if importlib.util.find_spec("cv2") is None:
            return Availability.no("OpenCV is not installed: pip install opencv-python-headless")
        return Availability.yes("OpenCV HOG people detector")

    def create(self, mode="lightweight", **options):
        if mode not in self.modes:
            raise ValueError(f"past-plain has no mode {mode!r}")
        if options:
            raise TypeError(f"past-plain takes no options, got {sorted(options)}")
        return PlainTracker(width={"lightweight": 480, "balanced": 640}[mode])
