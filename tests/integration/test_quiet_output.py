"""What a user sees on stderr: quiet runs are quiet, logs get no progress bars, -v shows the native log."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import run_kinemotion, short_clip
from tests.core.test_model_download import PAYLOAD, _spec
from tests.httpserver import local_http_server

pytestmark = pytest.mark.models

NATIVE_MARKERS = ("Sparsity tensors", "LiteRT", "XNNPACK", "W0000", "accelerator_registry")


def test_quiet_mediapipe_run_prints_nothing_from_native_code(demo_video: Path, tmp_path: Path) -> None:
    clip = short_clip(demo_video, tmp_path)
    done = run_kinemotion("track", str(clip), "--backend", "mediapipe", "-q", "-o", str(tmp_path / "q.json"))
    assert done.returncode == 0, done.stderr
    assert len(done.stderr.splitlines()) <= 1, done.stderr
    assert not any(marker in done.stderr for marker in NATIVE_MARKERS), done.stderr
    verbose = run_kinemotion("-v", "track", str(clip), "--backend", "mediapipe", "-q", "-o", str(tmp_path / "v.json"))
    assert verbose.returncode == 0, verbose.stderr
    assert any(marker in verbose.stderr for marker in NATIVE_MARKERS), "-v shows MediaPipe's native log"


@pytest.mark.usefixtures("real_models")
def test_no_progress_bar_when_stderr_is_not_a_terminal(demo_video: Path, tmp_path: Path) -> None:
    clip = short_clip(demo_video, tmp_path)
    done = run_kinemotion("track", str(clip), "--backend", "rtmpose-cpu", "-o", str(tmp_path / "p.json"))
    assert done.returncode == 0, done.stderr
    assert "it/s" not in done.stderr and "frame/s" not in done.stderr and "%|" not in done.stderr, done.stderr


def test_download_shows_no_progress_bar_into_a_log(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    from kinemotion.models import ensure_model

    with local_http_server() as server:
        ensure_model(_spec(server.serve("/model.bin", PAYLOAD)))  # progress left at its default
    err = capfd.readouterr().err
    assert "Downloading" not in err and "%|" not in err, err
