"""What a user sees on stderr: quiet runs are quiet, logs get no progress bars, -v shows the native log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_model_download import PAYLOAD, _spec
from tests.httpserver import local_http_server

pytestmark = pytest.mark.models

NATIVE_MARKERS = ("Sparsity tensors", "LiteRT", "XNNPACK", "W0000", "accelerator_registry")


def _clip(demo_video: Path, tmp_path: Path, frames: int = 30) -> Path:
    """The first ``frames`` frames of the demo, re-encoded (a short real clip)."""
    import cv2

    from kinemotion.video import VideoReader

    out = tmp_path / "clip.mp4"
    with VideoReader(demo_video) as reader:
        writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), 30, (reader.info.width, reader.info.height))
        for frame in reader.frames(0, frames):
            writer.write(frame.image)
        writer.release()
    return out


def _kinemotion(*args: str) -> subprocess.CompletedProcess[str]:
    # stderr is a pipe here, as when a run is logged to a file
    return subprocess.run(
        [sys.executable, "-m", "kinemotion", *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300
    )


def test_quiet_mediapipe_run_prints_nothing_from_native_code(demo_video: Path, tmp_path: Path) -> None:
    clip = _clip(demo_video, tmp_path)
    done = _kinemotion("track", str(clip), "--backend", "mediapipe", "-q", "-o", str(tmp_path / "q.json"))
    assert done.returncode == 0, done.stderr
    assert len(done.stderr.splitlines()) <= 1, done.stderr
    assert not any(marker in done.stderr for marker in NATIVE_MARKERS), done.stderr
    verbose = _kinemotion("-v", "track", str(clip), "--backend", "mediapipe", "-q", "-o", str(tmp_path / "v.json"))
    assert verbose.returncode == 0, verbose.stderr
    assert any(marker in verbose.stderr for marker in NATIVE_MARKERS), "-v shows MediaPipe's native log"


@pytest.mark.usefixtures("real_models")
def test_no_progress_bar_when_stderr_is_not_a_terminal(demo_video: Path, tmp_path: Path) -> None:
    clip = _clip(demo_video, tmp_path)
    done = _kinemotion("track", str(clip), "--backend", "rtmpose-cpu", "-o", str(tmp_path / "p.json"))
    assert done.returncode == 0, done.stderr
    assert "it/s" not in done.stderr and "frame/s" not in done.stderr and "%|" not in done.stderr, done.stderr


def test_download_shows_no_progress_bar_into_a_log(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    from kinemotion.models import ensure_model

    with local_http_server() as server:
        ensure_model(_spec(server.serve("/model.bin", PAYLOAD)))  # progress left at its default
    err = capfd.readouterr().err
    assert "Downloading" not in err and "%|" not in err, err
