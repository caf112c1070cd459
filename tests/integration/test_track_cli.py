"""`kinemotion track` end to end on real footage, with the installed CPU backends."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import cv2
import jsonschema
import pytest
from click.testing import CliRunner

from kinemotion.tracking.files import TRACKING_SCHEMA_PATH
from tests.cli import restore_sigint, run_kinemotion, short_clip

pytestmark = pytest.mark.models


@pytest.mark.usefixtures("real_models")
@pytest.mark.parametrize("backend", ["rtmpose-cpu", "mediapipe"])
def test_track_writes_valid_json_csv_and_overlay(demo_video: Path, tmp_path: Path, backend: str) -> None:
    out, overlay = tmp_path / "out.json", tmp_path / "out.mp4"
    done = run_kinemotion("track", str(demo_video), "--backend", backend, "-o", str(out), "--overlay", str(overlay))
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    jsonschema.validate(data, json.loads(TRACKING_SCHEMA_PATH.read_text()))
    assert data["backend"]["name"] == backend and data["complete"] is True
    assert len(data["frames"]) == 230 and data["frames_with_pose"] >= 190
    with (tmp_path / "out.csv").open() as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + 230 and rows[0][:2] == ["frame", "timestamp_ms"]
    assert len(rows[0]) == 2 + 3 * len(data["landmark_names"])
    cap = cv2.VideoCapture(str(overlay))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 230
    cap.release()
    assert not list(tmp_path.glob(".*partial*"))


@pytest.mark.usefixtures("real_models")
def test_truncated_video_keeps_frames_and_exits_3(demo_video: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(demo_video.read_bytes()[:2_000_000])
    out = tmp_path / "cut.json"
    done = run_kinemotion("track", str(truncated), "-o", str(out), "-q")
    assert done.returncode == 3, done.stderr
    assert "decoding failed at frame" in done.stderr and "marked incomplete" in done.stderr
    data = json.loads(out.read_text())
    assert data["complete"] is False and "decoding failed at frame" in data["error"]
    assert 50 < len(data["frames"]) < 230


def test_not_a_video_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("shopping list\n")
    done = run_kinemotion("track", str(fake), "-o", str(tmp_path / "x.json"))
    assert done.returncode == 1
    assert "notes.mp4 could not be opened as a video" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == [fake]


@pytest.mark.usefixtures("real_models")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killed_run_leaves_no_complete_looking_file(demo_video: Path, tmp_path: Path, sig: signal.Signals) -> None:
    out, overlay = tmp_path / "run.json", tmp_path / "run.mp4"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kinemotion", "track", str(demo_video), "-o", str(out), "--overlay", str(overlay), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=restore_sigint,
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".run.*.partial.mp4")):  # tracking has started writing
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert not out.exists() and not overlay.exists() and not (tmp_path / "run.csv").exists()
    if sig == signal.SIGINT:  # a clean interrupt also removes the partial file
        assert proc.returncode == 130 and not list(tmp_path.iterdir())


@pytest.mark.usefixtures("real_models")
def test_several_videos_in_parallel_into_a_folder(demo_video: Path, tmp_path: Path) -> None:
    clips = []
    cap = cv2.VideoCapture(str(demo_video))
    for name, count in (("first", 12), ("second", 8)):
        writer = cv2.VideoWriter(str(tmp_path / f"{name}.mp4"), cv2.VideoWriter.fourcc(*"mp4v"), 30, (884, 497))
        for _ in range(count):
            writer.write(cv2.resize(cap.read()[1], (884, 497)))
        writer.release()
        clips.append(str(tmp_path / f"{name}.mp4"))
    cap.release()
    done = run_kinemotion("track", *clips, "-b", "mediapipe", "-o", str(tmp_path / "out"), "-j", "2")
    assert done.returncode == 0, done.stderr
    for name, count in (("first", 12), ("second", 8)):
        data = json.loads((tmp_path / "out" / f"{name}.landmarks.json").read_text())
        assert len(data["frames"]) == count and data["backend"]["name"] == "mediapipe"
        assert (tmp_path / "out" / f"{name}.landmarks.csv").exists()


def test_rerun_skips_tracked_videos_unless_forced_or_asked_differently(demo_video: Path, tmp_path: Path) -> None:
    import kinemotion
    from kinemotion.cli.main import cli as kinemotion_cli
    from tests.core.fakes import FakePlugin

    clip = short_clip(demo_video, tmp_path, 4)
    out = tmp_path / "clip.json"
    kinemotion.register_backend(FakePlugin("zz-fake", priority=-1))
    kinemotion.register_backend(FakePlugin("zz-other", priority=-1))
    try:
        runner = CliRunner()
        base = ["track", str(clip), "-o", str(out), "-b", "zz-fake", "-q"]
        assert runner.invoke(kinemotion_cli, base).exit_code == 0
        stamp = out.stat().st_mtime_ns
        skipped = runner.invoke(kinemotion_cli, base)
        assert skipped.exit_code == 0 and f"{clip}: skipped, its outputs exist ({out})" in skipped.output
        assert out.stat().st_mtime_ns == stamp
        forced = runner.invoke(kinemotion_cli, [*base, "--force"])
        assert forced.exit_code == 0 and "wrote" in forced.output and out.stat().st_mtime_ns != stamp
        other = runner.invoke(kinemotion_cli, ["track", str(clip), "-o", str(out), "-b", "zz-other", "-q"])
        assert "wrote" in other.output and json.loads(out.read_text())["backend"]["name"] == "zz-other"
        person = runner.invoke(
            kinemotion_cli, ["track", str(clip), "-o", str(out), "-b", "zz-other", "-q", "--person", "center"]
        )
        assert "wrote" in person.output  # another person to follow: tracked again
        assert json.loads(out.read_text())["backend"]["options"] == {"person": "center"}
        out.with_suffix(".csv").unlink()  # an output missing: the video is tracked again
        redo = runner.invoke(
            kinemotion_cli, ["track", str(clip), "-o", str(out), "-b", "zz-other", "-q", "--person", "center"]
        )
        assert "wrote" in redo.output and out.with_suffix(".csv").exists()
    finally:
        kinemotion.unregister_backend("zz-fake")
        kinemotion.unregister_backend("zz-other")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gpus-per-task", "1"], "asks Ray for GPUs: use it with --executor ray"),
        (["-j", "0"], "must be 'auto' or a whole number of 1 or more"),
        (["--executor", "dask"], "'dask' is not one of 'local', 'ray'"),
    ],
)
def test_batch_options_are_checked_before_any_work(tmp_path: Path, args: list[str], message: str) -> None:
    from kinemotion.cli.main import cli as kinemotion_cli

    result = CliRunner().invoke(kinemotion_cli, ["track", str(tmp_path / "x.mp4"), *args])
    assert result.exit_code == 2 and message in result.output, result.output
