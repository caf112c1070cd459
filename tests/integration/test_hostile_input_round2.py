"""Hostile input, round 2 (issue 24 items 3, 4, 6, 7, 9, 10, 13, 14, 15): one clear error, never a crash or a hang.

Each test reproduces a case that used to end in a traceback, a segfault, a
hang, a misleading message or an exit 0 with wrong data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion import AnalysisError, VideoReadError
from kinemotion.cli.main import cli
from kinemotion.jump.report import analyze_tracking
from kinemotion.tracking import track_video
from tests.httpserver import local_http_server
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video


@pytest.fixture
def one_cmj() -> Iterator[str]:
    """A backend that sees one CMJ (3.5 s at 30 fps), whatever the video."""
    t = np.arange(0, 3.5, 1 / 30)
    plugin = SeriesPlugin("zz-one-cmj", t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3))
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


def _kinemotion(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kinemotion", *args],
        capture_output=True,
        text=True,
        env=env or os.environ.copy(),
        timeout=timeout,
        check=False,
    )


# --- --height (item 3) ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "-inf", "1e308", "180", "0.3"])
def test_an_implausible_height_is_refused_at_the_option(tmp_path: Path, one_cmj: str, value: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 105, 30)
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", one_cmj, "-q", f"--height={value}"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--height'" in result.output and "between 0.5 and 2.5" in result.output
    assert not list(tmp_path.glob("*.json"))


def test_a_plausible_height_gives_metres_and_the_api_checks_it_too(tmp_path: Path, one_cmj: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 105, 30)
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", one_cmj, "-q", "--height", "1.8"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "v.cmj.json").read_text())["athlete_height_m"] == 1.8
    tracking = track_video(video, one_cmj, progress=False)
    for bad in (0.0, -1.0, float("nan"), float("inf"), 1e308):
        with pytest.raises(ValueError, match="between 0.5 and 2.5"):
            analyze_tracking(tracking, "cmj", bad)
    with pytest.raises(ValueError, match="between 0.5 and 2.5"):
        kinemotion.jump.analyze_video(tmp_path / "missing.mp4", "cmj", one_cmj, athlete_height_m=180)  # before tracking


# --- file names OpenCV cannot take (item 4) -------------------------------------------------------


def _undecodable(folder: Path, good: Path) -> Path:
    bad = Path(os.fsdecode(bytes(folder) + b"/bad\xff\xfe.mp4"))
    bad.write_bytes(good.read_bytes())
    return bad


@pytest.mark.parametrize("how", [["-j", "1"], ["-j", "2"], ["--executor", "ray"]], ids=["j1", "j2", "ray"])
def test_a_file_name_that_is_not_utf8_fails_alone(tmp_path: Path, how: list[str]) -> None:
    if "ray" in how:
        pytest.importorskip("ray")
    good = blank_video(tmp_path / "good.mp4", 6, 30)
    bad = _undecodable(tmp_path, good)
    out = tmp_path / "out"
    env = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    env.pop("RAY_ADDRESS", None)
    done = _kinemotion("track", str(bad), str(good), "-o", str(out), "-q", "-b", "mediapipe", *how, env=env)
    assert done.returncode == 3, (done.returncode, done.stderr)
    assert "bad\\xff\\xfe.mp4: the file name is not valid UTF-8" in done.stderr and "rename the file" in done.stderr
    assert "Traceback" not in done.stderr and "BrokenProcessPool" not in done.stderr
    assert (out / "good.landmarks.json").exists()
    with pytest.raises(VideoReadError, match=r"bad\\xff\\xfe.mp4: the file name is not valid UTF-8"):
        track_video(bad, "mediapipe", progress=False)


def test_an_overlay_name_that_is_not_utf8_is_refused_before_any_work(tmp_path: Path, fake: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    overlay = Path(os.fsdecode(bytes(tmp_path) + b"/overlay\xff.mp4"))
    result = CliRunner().invoke(cli, ["track", str(video), "-b", fake, "-q", "--overlay", str(overlay)])
    assert result.exit_code == 1, result.output
    assert "overlay\\xff.mp4: the name is not valid UTF-8" in result.output and "incomplete" not in result.output
    assert not list(tmp_path.glob("*.json"))


@pytest.mark.models
def test_a_unicode_name_under_an_ascii_locale_is_tracked(tmp_path: Path) -> None:
    good = blank_video(tmp_path / "good.mp4", 6, 30)
    video = tmp_path / "vidéo.mp4"
    video.write_bytes(good.read_bytes())
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    env.pop("LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", "vidéo.mp4", "-o", "out", "-q", "-b", "mediapipe"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    data = json.loads((tmp_path / "out" / "vidéo.landmarks.json").read_text(encoding="utf-8"))
    assert data["video"]["path"] == "vidéo.mp4" and len(data["frames"]) == 6


# --- URLs (item 15) -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://example.org/jump.mp4", "rtsp://camera.local/stream"])
def test_a_url_is_said_to_be_unsupported(url: str) -> None:
    with pytest.raises(VideoReadError, match=r"URLs are not supported; download the video first") as info:
        track_video(url, "mediapipe", progress=False)
    assert url in str(info.value)
    for command in ("track", "cmj", "dropjump", "bench"):
        result = CliRunner().invoke(cli, [command, url])
        assert result.exit_code == 2 and f"{url}: URLs are not supported" in result.output, result.output


# --- outputs of a kind that cannot be written (items 9, 13) ---------------------------------------


@pytest.mark.parametrize("name", ["plot.txt", "plot.mp4"])
def test_a_plot_of_a_kind_matplotlib_cannot_write_is_refused_before_any_work(
    tmp_path: Path, one_cmj: str, name: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 105, 30)
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", one_cmj, "-q", "--plot", str(tmp_path / name)])
    assert result.exit_code == 1, result.output
    assert f"cannot write the plot {tmp_path / name}" in result.output and ".png" in result.output
    assert not (tmp_path / "v.cmj.json").exists()  # checked with the other outputs, before the analysis
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("name", ["overlay.txt", "overlay.webm"])
@pytest.mark.parametrize("command", ["track", "cmj"])
def test_an_overlay_container_that_cannot_be_written_is_named(
    tmp_path: Path, one_cmj: str, name: str, command: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 105, 30)
    target = tmp_path / name
    result = CliRunner().invoke(cli, [command, str(video), "-b", one_cmj, "-q", "--overlay", str(target)])
    assert result.exit_code == 1, result.output
    assert "is not supported; name it with one of .mp4" in result.output
    assert "writable" not in result.output and "room" not in result.output
    assert not list(tmp_path.glob("*.json"))


# --- nobody in view, too short, too slow (items 10, 14) -------------------------------------------


@pytest.fixture
def nobody() -> Iterator[str]:
    """A backend that finds nobody on any frame."""
    t = np.arange(0, 3.0, 1 / 30)
    plugin = SeriesPlugin("zz-nobody", t, {"nose": np.full(len(t), np.nan)})
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


@pytest.mark.parametrize("kind", ["cmj", "dropjump"])
def test_nobody_in_view_is_said_so_and_the_plot_shows_it(tmp_path: Path, nobody: str, kind: str) -> None:
    video = blank_video(tmp_path / "empty.mp4", 60, 30)
    plot = tmp_path / "plot.png"
    result = CliRunner().invoke(cli, [kind, str(video), "-b", nobody, "-q", "--plot", str(plot)])
    assert result.exit_code == 1, result.output
    assert "No person found in any of the 60 frames" in result.output
    assert "landmark names" not in result.output
    assert plot.is_file() and plot.stat().st_size > 1000


def test_a_one_second_clip_is_long_enough(tmp_path: Path, one_cmj: str) -> None:
    video = blank_video(tmp_path / "short.mp4", 30, 30)  # 30 frames at 30 fps: 1.00 s
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", one_cmj, "-q"])
    assert "too short" not in result.output, result.output


@pytest.mark.parametrize(
    ("frames", "fps", "message"),
    [(20, 30, "The video is too short (0.67 s, 20 frames)"), (30, 10, "The frame rate is too low")],
)
def test_the_plot_is_written_when_the_analysis_stops_early(
    tmp_path: Path, one_cmj: str, frames: int, fps: int, message: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", frames, fps)
    plot = tmp_path / "plot.png"
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", one_cmj, "-q", "--plot", str(plot)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert f"(plot of the signals: {plot})" in result.output
    assert plot.is_file() and plot.stat().st_size > 1000
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_too_short_is_measured_in_frames_not_between_first_and_last() -> None:
    from kinemotion.jump.signals import JumpSignals

    t = np.arange(30) / 30 * 1000
    with pytest.raises(AnalysisError, match="No person found in any of the 30 frames"):
        JumpSignals.from_series(t, {"nose": np.full(30, np.nan)})
    with pytest.raises(AnalysisError, match=r"too short \(0\.97 s, 29 frames\)"):
        JumpSignals.from_series(t[:29], {})


# --- Ray: GPUs that no node has, an address that is not Ray (items 6, 7) -------------------------


@pytest.mark.parametrize(("value", "message"), [("1.5", "whole number"), ("nan", "finite"), ("inf", "finite")])
def test_a_gpu_request_ray_cannot_reserve_is_refused_at_the_option(tmp_path: Path, value: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["track", str(tmp_path / "v.mp4"), "--executor", "ray", "--gpus-per-task", value])
    assert result.exit_code == 2 and message in result.output, result.output


def test_gpus_that_no_node_has_are_refused_instead_of_waiting_forever(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "RAY_AUTH_MODE": "disabled"}
    env.pop("RAY_ADDRESS", None)
    started = time.monotonic()
    done = _kinemotion(
        "track", str(video), "-o", str(tmp_path / "out"), "-q", "--executor", "ray", "--gpus-per-task", "1", env=env
    )
    assert done.returncode == 1, done.stderr
    assert "no node of the Ray cluster has that many GPUs (the most on one node: 0)" in done.stderr
    assert time.monotonic() - started < 150 and "Traceback" not in done.stderr


def test_a_ray_address_that_is_a_web_server_is_refused_at_once(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    with local_http_server() as server:
        address = server.base_url.removeprefix("http://").rstrip("/")
        env = {**os.environ, "RAY_ADDRESS": address}
        done = _kinemotion("track", str(video), "-q", "--executor", "ray", env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert f"could not join the Ray cluster at RAY_ADDRESS={address}" in done.stderr
    assert "answers, but not as a Ray cluster" in done.stderr and "Traceback" not in done.stderr


def test_a_real_ray_head_passes_the_address_check() -> None:
    ray = pytest.importorskip("ray")
    from kinemotion.batch.executors import _unreachable

    ray.init(num_cpus=1, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    try:
        address = ray.get_runtime_context().gcs_address
        assert _unreachable(address) is None
    finally:
        ray.shutdown()
