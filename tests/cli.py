"""Helpers for tests that run the real CLI in a subprocess, on short real clips."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path


def run_kinemotion(
    *args: str, env: dict[str, str] | None = None, limit_bytes: int | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m kinemotion ARGS`` with stdout/stderr captured (stderr is a pipe, as in a log).

    ``limit_bytes`` caps the size of every file the run writes (RLIMIT_FSIZE): a full disk.
    """

    def cap_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the cap fail with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes or 0, limit_bytes or 0))

    return subprocess.run(
        [sys.executable, "-m", "kinemotion", *args],
        capture_output=True,
        text=True,
        env=env or os.environ.copy(),
        timeout=300,
        preexec_fn=cap_files if limit_bytes else None,
    )


def short_clip(demo_video: Path, folder: Path, frames: int = 30, name: str = "clip.mp4") -> Path:
    """The first ``frames`` frames of the demo, re-encoded as mp4v: a short real clip."""
    import cv2

    from kinemotion.tracking.decode import VideoReader

    out = folder / name
    with VideoReader(demo_video) as reader:
        writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), 30, (reader.info.width, reader.info.height))
        for frame in reader.frames(0, frames):
            writer.write(frame.image)
        writer.release()
    return out


def restore_sigint() -> None:
    """``preexec_fn`` for a command that a test interrupts with SIGINT (Ctrl-C).

    A process started from a background job inherits SIGINT ignored, and
    Python then never raises KeyboardInterrupt: put back the default so the
    test checks the command, not how the test runner was started.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
