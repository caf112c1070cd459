"""In-process backends that "see" a physics-generated jump: frame time -> synthetic landmarks.

Two backends with different landmark sets (as MediaPipe and RTMPose have)
give the same required landmarks, so the analysis must agree on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kinemotion import Availability, ClosingTracker, LandmarkDict
from kinemotion.tracking.decode import VideoInfo
from kinemotion.tracking.result import BackendRecord, TrackingResult


class SeriesTracker(ClosingTracker):
    def __init__(self, t: np.ndarray, ys: dict[str, np.ndarray], extra: tuple[str, ...]) -> None:
        self.t, self.ys, self.extra = t, ys, extra

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        i = int(np.argmin(np.abs(self.t * 1000 - (timestamp_ms - 1))))  # track_video adds 1 ms
        out = {n: (0.5, float(y[i]), 0.9) for n, y in self.ys.items() if np.isfinite(y[i])}
        if "nose" not in out:
            return None
        out.update({n: (0.5, out["nose"][1], 0.5) for n in self.extra})
        return out


@dataclass
class SeriesPlugin:
    name: str
    t: np.ndarray
    ys: dict[str, np.ndarray]
    extra: tuple[str, ...] = ()
    priority: int = -100
    modes: tuple[str, ...] = ("lightweight",)

    def probe(self) -> Availability:
        return Availability.yes("synthetic series")

    def create(self, mode: str = "lightweight", **options: object) -> SeriesTracker:
        return SeriesTracker(self.t, self.ys, self.extra)


def blank_video(path: Path, frames: int, fps: int) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (160, 120))
    for i in range(frames):
        writer.write(np.full((120, 160, 3), (i * 7) % 255, np.uint8))
    writer.release()
    return path


def hand_made_tracking(t: np.ndarray, ys: dict[str, np.ndarray], fps: float = 30.0) -> TrackingResult:
    """A tracking of the landmark heights ``ys`` (frame heights, x at the centre, visibility 0.9) at the times
    ``t`` (s), as the pipeline would give it for a 640x480 video ``cmj.mp4``."""
    names = tuple(ys)
    points = np.stack([np.stack([np.full(len(t), 0.5), ys[n], np.full(len(t), 0.9)], -1) for n in names], 1)
    info = VideoInfo(path="cmj.mp4", width=640, height=480, fps=fps, frame_count=len(t), rotation=0, codec="mp4v")
    backend = BackendRecord("hand-made", "lightweight", None, None, None)
    return TrackingResult(info, backend, names, t * 1000.0, points.astype(np.float32))
