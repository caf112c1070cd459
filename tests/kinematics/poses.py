"""Hand-made trackings in pixels of a 640x480 video (aspect 4:3): a pose is a dict of landmark -> (x, y) pixels."""

from __future__ import annotations

import numpy as np

from kinemotion.kinematics.angles import ANGLES
from kinemotion.tracking.decode import VideoInfo
from kinemotion.tracking.result import BackendRecord, TrackingResult

WIDTH, HEIGHT, FPS = 640, 480, 30.0
POINTS = tuple(sorted({p for a in ANGLES for p in a.points}))
"""Every landmark the angles use."""


def standing() -> dict[str, tuple[float, float]]:
    """Upright, seen from the side, facing right: shoulder above hip above knee above ankle, foot flat."""
    pose = {}
    for side in ("left", "right"):
        pose |= {
            f"{side}_shoulder": (320.0, 100.0),
            f"{side}_hip": (320.0, 220.0),
            f"{side}_knee": (320.0, 320.0),
            f"{side}_ankle": (320.0, 420.0),
            f"{side}_heel": (300.0, 430.0),
            f"{side}_foot_index": (370.0, 430.0),
        }
    return pose


def tracking(
    poses: list[dict[str, tuple[float, float]]],
    visibility: float = 0.9,
    names: tuple[str, ...] = POINTS,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> TrackingResult:
    """One frame per pose (a name a pose lacks: NaN on that frame), every point seen with ``visibility``; the
    video recorded as ``width`` x ``height`` (the poses are pixels of a 640x480 frame)."""
    points = np.full((len(poses), len(names), 3), np.nan, dtype=np.float32)
    for i, pose in enumerate(poses):
        for j, name in enumerate(names):
            if name in pose:
                x, y = pose[name]
                points[i, j] = (x / WIDTH, y / HEIGHT, visibility)
    info = VideoInfo(path="clip.mp4", width=width, height=height, fps=FPS, frame_count=len(poses), rotation=0,
                     codec="mp4v")  # fmt: skip
    backend = BackendRecord("hand-made", "lightweight", None, None, None)
    return TrackingResult(info, backend, names, np.arange(len(poses)) * 1000.0 / FPS, points)
