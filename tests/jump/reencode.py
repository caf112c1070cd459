"""A real clip re-encoded frame for frame after one change a recording could have (the perturbation audit).

The frames given are written at the rate given, so labelled frames still
apply (moved by the frames held before the clip, if any): every frame at the
clip's rate, or, for the audit's frame-rate copies, every other frame at half
of it. libx264 through the ffmpeg binary of imageio-ffmpeg; the change is an
ffmpeg video filter.
"""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np

__all__ = ["WIDER", "read_frames", "reencode"]

WIDER = "pad=iw*2:ih*2:(ow-iw)/2:(oh-ih)/2:color=gray,scale=trunc(iw/4)*2:trunc(ih/4)*2"
"""Twice the width and height around the picture, scaled back to its size: the athlete at half size."""


def read_frames(path: Path) -> tuple[list[np.ndarray], float]:
    """Every decoded frame of ``path`` (BGR) and the frame rate OpenCV reports."""
    cap = cv2.VideoCapture(str(path))
    fps = float(cap.get(cv2.CAP_PROP_FPS))
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
    cap.release()
    return frames, fps


def reencode(
    frames: list[np.ndarray], fps: float, dest: Path, vf: str | None = None, *, crf: int = 18, held: int = 0
) -> Path:
    """``frames`` written to ``dest`` at ``fps`` after the filter ``vf``, the first frame held ``held`` times
    before them; returns ``dest``."""
    import imageio_ffmpeg  # type: ignore[import-untyped]

    h, w = frames[0].shape[:2]
    rate = Fraction(fps).limit_denominator(100_000)
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
           "-s", f"{w}x{h}", "-framerate", f"{rate.numerator}/{rate.denominator}", "-i", "-",
           *(["-vf", vf] if vf else []), "-c:v", "libx264", "-crf", str(crf), "-pix_fmt", "yuv420p",
           str(dest)]  # fmt: skip
    subprocess.run(cmd, input=b"".join(f.tobytes() for f in [frames[0]] * held + frames), check=True)
    return dest
