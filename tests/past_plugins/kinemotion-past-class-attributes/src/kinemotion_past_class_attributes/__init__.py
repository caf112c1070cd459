"""HOG people detector; optional attributes as class attributes; modes as a list."""

import time

from kinemotion import Availability, ClosingTracker

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


class ClassAttributesTracker(ClosingTracker):
    provider = "OpenCV HOG (CPU)"
    model_time_s = 0.0

    def __init__(self, width, person=None):
        import cv2

        from kinemotion.pose.person import PersonPolicy

        self._cv2 = cv2
        self._width = width
        self._person = PersonPolicy(person)
        self._hog = cv2.HOGDescriptor()
        self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())

    def process_frame(self, frame, timestamp_ms=0):
        from kinemotion.pose.person import Candidate

        h, w = frame.shape[:2]
        scale = self._width / w
        small = self._cv2.resize(frame, (self._width, round(h * scale)))
        start = time.perf_counter()
        boxes, weights = self._hog.detectMultiScale(small, winStride=(8, 8))
        self.model_time_s += time.perf_counter() - start
        people = [
            Candidate((bx / scale / w, by / scale / h, (bx + bw) / scale / w, (by + bh) / scale / h))
            for bx, by, bw, bh in (boxes.tolist() if len(boxes) else [])
        ]
        best = self._person.pick(people, timestamp_ms, w / h)
        if best is None:
            return None
        x, y, bw, bh = (float(v) / scale for v in boxes[best])
        confidence = min(1.0, max(0.0, float(weights[best]) / 2.0))
        return {n: ((x + fx * bw) / w, (y + fy * bh) / h, confidence) for n, (fx, fy) in PROPORTIONS.items()}

    def close(self):
        self._hog = None


class ClassAttributesPlugin:
    name = "past-class-attributes"
    priority = 4
    modes = ["lightweight", "balanced"]

    def probe(self):
        try:
            import cv2  # noqa: F401
        except ImportError as exc:
            return Availability.no(f"OpenCV cannot be imported ({exc}): pip install opencv-python-headless")
        return Availability.yes()

    def create(self, mode="lightweight", **options):
        if mode not in self.modes:
            raise ValueError(f"past-class-attributes has no mode {mode!r}; it offers {self.modes}")
        unknown = sorted(set(options) - {"person"})
        if unknown:
            raise TypeError(f"past-class-attributes got unknown options {unknown}")
        return ClassAttributesTracker({"lightweight": 480, "balanced": 640}[mode], options.get("person"))
