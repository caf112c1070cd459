"""rtmlib's YOLOX + RTMPose (Halpe26) as a kinemotion backend, written against contract 1.0."""

import time

from kinemotion import Availability, ClosingTracker
from kinemotion.models import ModelFile, ensure_model, find_local

_BASE = "https://download.openmmlab.com/mmpose/v1/projects/rtmposev1/onnx_sdk"
POSE = ModelFile(
    filename="rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx",
    url=f"{_BASE}/rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.zip",
    sha256="85c5d669aa0b0c7969799ea9e0620d3b8c1d3c2b6878243e98a1ef8351457986",
    size=22793379,
    archive_member="end2end.onnx",
)
DETECTOR = ModelFile(
    filename="yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx",
    url=f"{_BASE}/yolox_tiny_8xb8-300e_humanart-6f3252f9.zip",
    sha256="ceb11c07298f95c50d7c5abeb906d03340c85f23aa79e3e66966e7fb6c307250",
    size=20283006,
    archive_member="end2end.onnx",
)

# Halpe26 keypoint order -> kinemotion's names (written out: kinemotion.keypoints came later).
HALPE26 = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
    "right_knee", "left_ankle", "right_ankle", "head_top", "neck", "mid_hip", "left_foot_index",
    "right_foot_index", "left_small_toe", "right_small_toe", "left_heel", "right_heel",
)  # fmt: skip


class RtmlibTracker(ClosingTracker):
    def __init__(self):
        from rtmlib import YOLOX, RTMPose

        self.provider = "CPUExecutionProvider"
        self.model_time_s = 0.0
        self._detector = YOLOX(str(ensure_model(DETECTOR)), model_input_size=(416, 416), backend="onnxruntime")
        self._pose = RTMPose(str(ensure_model(POSE)), model_input_size=(192, 256), backend="onnxruntime")

    def process_frame(self, frame, timestamp_ms=0):
        if self._pose is None:
            raise RuntimeError("tracker is closed")
        start = time.perf_counter()
        boxes = self._detector(frame)
        if len(boxes) == 0:
            self.model_time_s += time.perf_counter() - start
            return None
        largest = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
        keypoints, scores = self._pose(frame, bboxes=[largest])
        self.model_time_s += time.perf_counter() - start
        h, w = frame.shape[:2]
        return {
            name: (float(x) / w, float(y) / h, min(1.0, max(0.0, float(s))))
            for name, (x, y), s in zip(HALPE26, keypoints[0], scores[0], strict=True)
        }

    def close(self):
        self._detector = self._pose = None


class RtmlibPlugin:
    name = "past-rtmlib"
    priority = 5
    modes = ("lightweight",)

    def probe(self):
        import importlib.util

        missing = [m for m in ("rtmlib", "onnxruntime") if importlib.util.find_spec(m) is None]
        if missing:
            return Availability(available=False, reason=f"not installed: {', '.join(missing)} (pip install rtmlib)")
        if not (find_local(POSE) and find_local(DETECTOR)):
            return Availability(available=True, reason="rtmlib; models download on first use")
        return Availability(available=True, reason="rtmlib (ONNX Runtime CPU)")

    def create(self, mode="lightweight", **options):
        if mode not in self.modes:
            raise ValueError(f"past-rtmlib has no mode {mode!r}")
        if options:
            raise TypeError(f"past-rtmlib takes no options, got {sorted(options)}")
        return RtmlibTracker()
