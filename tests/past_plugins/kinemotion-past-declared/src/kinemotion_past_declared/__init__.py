"""HOG people detector, written for plugin contract 1.1: it says so, and measures its stages."""

import time

from kinemotion.pose.contract import Availability, ClosingTracker, as_bgr_frame

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


class DeclaredTracker(ClosingTracker):
    def __init__(self, width):
        import cv2

        self.provider = "OpenCV HOG (CPU)"
        self.model_time_s = 0.0
        self.stage_times_s = {"resize": 0.0, "hog": 0.0}
        self._cv2 = cv2
        self._width = width
        self._hog = cv2.HOGDescriptor()
        self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())

    def process_frame(self, frame, timestamp_ms=0):
        frame = as_bgr_frame(frame)
        h, w = frame.shape[:2]
        scale = self._width / w
        start = time.perf_counter()
        small = self._cv2.resize(frame, (self._width, round(h * scale)))
        resized = time.perf_counter()
        boxes, weights = self._hog.detectMultiScale(small, winStride=(8, 8))
        done = time.perf_counter()
        self.stage_times_s["resize"] += resized - start
        self.stage_times_s["hog"] += done - resized
        self.model_time_s += done - resized
        if len(boxes) == 0:
            return None
        best = max(range(len(boxes)), key=lambda i: boxes[i][2] * boxes[i][3])
        x, y, bw, bh = (float(v) / scale for v in boxes[best])
        confidence = min(1.0, max(0.0, float(weights[best]) / 2.0))
        return {n: ((x + fx * bw) / w, (y + fy * bh) / h, confidence) for n, (fx, fy) in PROPORTIONS.items()}

    def close(self):
        self._hog = None


class DeclaredPlugin:
    name = "past-declared"
    priority = 1
    modes = ("lightweight",)
    contract_version = "1.1"

    def probe(self):
        import importlib.util

        if importlib.util.find_spec("cv2") is None:
            return Availability.no("OpenCV is not installed: pip install opencv-python-headless")
        return Availability.yes("OpenCV HOG people detector")

    def create(self, mode="lightweight", **options):
        if mode not in self.modes:
            raise ValueError(f"past-declared has no mode {mode!r}")
        if options:
            raise TypeError(f"past-declared takes no options, got {sorted(options)}")
        return DeclaredTracker(480)
