"""Tracking a long video keeps memory flat: frames are not held."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import cv2
import numpy as np

SCRIPT = textwrap.dedent("""
    import json, resource, sys
    import numpy as np
    import kinemotion
    from kinemotion.tracking import track_video
    from tests.core.fakes import FakePlugin

    kinemotion.register_backend(FakePlugin("cheap"))
    result = track_video(sys.argv[1], "cheap", progress=False)
    print(json.dumps({"frames": result.frame_count,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def _video(path: Path, frames: int) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 30, (640, 480))
    rng = np.random.default_rng(0)
    for i in range(frames):
        frame = np.full((480, 640, 3), i % 255, np.uint8)
        frame[100:200, 100:300] = rng.integers(0, 255, (100, 200, 3), dtype=np.uint8)
        writer.write(frame)
    writer.release()
    return path


FROM_A_SMALL_PROCESS = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"
"""Started from this: Linux records, at exec, the peak memory of the image a process replaces, and Python starts
children with vfork, so a child of the test process (an xdist worker grown past 1 GB by earlier tests) would
report that peak as its own and hide any growth below it."""


def _peak(video: Path) -> dict[str, float]:
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-c", FROM_A_SMALL_PROCESS, sys.executable, "-c", SCRIPT, str(video)]
    out = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_peak_memory_does_not_grow_with_video_length(tmp_path: Path) -> None:
    short = _peak(_video(tmp_path / "short.mp4", 100))
    long = _peak(_video(tmp_path / "long.mp4", 2000))  # 2000 frames of 640x480 = 1.8 GB if held
    assert (short["frames"], long["frames"]) == (100, 2000)
    assert long["peak_mb"] - short["peak_mb"] < 40, (short, long)
