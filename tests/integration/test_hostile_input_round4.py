"""Hostile input, round 4: what a fourth outside attack found still broken, each once a wrong number, a traceback
or an unclear message.

Each test reproduces what a user new to the tool could do (a hand-built tracking, an option in the wrong case,
a phone clip) and checks for one clear error naming the value, option or file, or for the right answer.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.jump.report import analyze_tracking
from kinemotion.tracking import track_video, write_csv, write_json
from kinemotion.tracking.result import BackendRecord, TrackingResult
from tests.core.distributions import TRACKER_LIFECYCLE, env_with, install_backend
from tests.integration.processes import still_running_after
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import blank_video, hand_made_tracking


def _cmj_tracking() -> TrackingResult:
    """A tracking of one CMJ (3.5 s at 30 fps, 0.5 s flight), as the pipeline would give it."""
    t = np.arange(0, 3.5, 1 / 30)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3)
    return hand_made_tracking(t, ys)


# --- a foot timing bias given by hand ---------------------------------------------------------------


@pytest.mark.parametrize(
    "bias",
    [(0.2, -0.2), (40.0, -40.0), (float("nan"), 0.0), ("0.01", "0.02"), (0.01,), 0.01],
    ids=["200ms", "milliseconds", "nan", "strings", "one-value", "a-number"],
)
def test_a_foot_timing_bias_outside_the_contract_is_refused_not_taken_off_every_event(bias: object) -> None:
    """Before: (0.2, -0.2) on a hand-built record silently lengthened a 0.49 s flight by 0.4 s; NaN gave 'no
    countermovement found'; strings, one value or a bare number a ValueError/IndexError/TypeError from numpy."""
    record = BackendRecord("hand-made", "lightweight", None, None, None)
    with pytest.raises(ValueError, match=r"foot_timing_bias_s of backend 'hand-made' must be \(take-off, landing\)"):
        dataclasses.replace(record, foot_timing_bias_s=bias)


def test_a_foot_timing_bias_within_the_contract_is_taken_off_the_events() -> None:
    tracking = _cmj_tracking()
    plain = analyze_tracking(tracking, "cmj").result.metrics()["flight_time_s"]
    biased = dataclasses.replace(tracking.backend, foot_timing_bias_s=[0.02, -0.02])  # a list, as read from JSON
    assert biased.foot_timing_bias_s == (0.02, -0.02)
    flight = analyze_tracking(dataclasses.replace(tracking, backend=biased), "cmj").result.metrics()["flight_time_s"]
    assert flight == pytest.approx(plain + 0.04, abs=1e-6)


# --- a backend or mode that does not exist, in a batch ---------------------------------------------


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump"])
@pytest.mark.parametrize("wrong", ["backend", "mode", "variable"])
def test_a_backend_or_mode_that_does_not_exist_is_a_wrong_option_said_once(
    tmp_path: Path, fake: str, command: str, wrong: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: every video failed alike, one identical error per video (500 for a batch of 500), exit 1."""
    videos = [str(blank_video(tmp_path / f"v{i}.mp4", 6, 30)) for i in range(3)]
    args = [command, *videos, "-q", "-j", "1", "-o", str(tmp_path / "out")]
    if wrong == "backend":
        args += ["-b", "zz-fakke"]
    elif wrong == "mode":
        args += ["-b", fake, "-m", "turbo"]
    else:
        monkeypatch.setenv("POSE_TRACKER_BACKEND", "zz-fakke")
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 2, done.output
    expected = {
        "backend": "Invalid value for --backend: Unknown backend 'zz-fakke'",
        "mode": "Invalid value for --mode: backend 'zz-fake' has no mode 'turbo'; it offers: lightweight, balanced",
        "variable": "Invalid value for $POSE_TRACKER_BACKEND: Unknown backend 'zz-fakke'",
    }[wrong]
    assert done.output.count(expected) == 1, done.output
    assert not (tmp_path / "out").exists()


def test_a_mode_in_capitals_is_the_mode(tmp_path: Path, fake: str) -> None:
    """Backend names were already taken in any case (`-b MediaPipe`); `-m Balanced` was refused per video."""
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    done = CliRunner().invoke(
        cli, ["track", str(video), "-b", fake, "-m", "Balanced", "-q", "-o", str(tmp_path / "r.json")]
    )
    assert done.exit_code == 0, done.output
    assert json.loads((tmp_path / "r.json").read_text())["backend"]["mode"] == "balanced"


# --- an output that is not a file ---------------------------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--overlay", "--report", "--plot"])
def test_an_output_naming_a_pipe_is_refused_before_any_work_and_left_as_it_is(
    tmp_path: Path, fake: str, option: str
) -> None:
    """`--report /dev/stdout` (a link to the process's pipe) once replaced /dev/stdout with a file, as root; a
    named pipe and a link to it stand in for /dev here."""
    fifo = tmp_path / "stream"
    os.mkfifo(fifo)
    suffix = {"-o": ".json", "--overlay": ".mp4", "--report": ".html", "--plot": ".png"}[option]
    target = tmp_path / f"stdout{suffix}"
    target.symlink_to(fifo)
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    command = "track" if option in ("-o", "--overlay") else "cmj"
    args = [command, str(video), "-b", fake, "-q", option, str(target)]
    if option != "-o":
        args += ["-o", str(tmp_path / "out.json")]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 1, done.output
    assert f"cannot write {target}: it is a pipe, not a file" in done.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and target.is_symlink()
    assert not (tmp_path / "out.json").exists()


def test_bench_takes_the_mode_in_any_case_too(tmp_path: Path, fake: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 8, 30)
    done = CliRunner().invoke(cli, ["bench", str(video), "-b", fake, "--mode", " Balanced", "--frames", "2", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["results"][0]["mode"] == "balanced"


# --- timestamps in another unit ----------------------------------------------------------------------


@pytest.mark.parametrize(("scale", "unit"), [(1 / 1000, "seconds"), (1000, "microseconds")])
def test_timestamps_in_seconds_or_microseconds_are_said_to_be_in_the_wrong_unit(scale: float, unit: str) -> None:
    """Before: times in seconds gave 'No flight phase found', in microseconds 'the frame rate is too low (0.0
    frames/s)': both sent the user to the recording, not to the unit."""
    tracking = _cmj_tracking()
    wrong = dataclasses.replace(tracking, timestamps_ms=tracking.timestamps_ms * scale)
    with pytest.raises(kinemotion.AnalysisError, match=rf"they look like {unit}, not milliseconds"):
        analyze_tracking(wrong, "cmj")


def test_a_pipe_given_as_the_video_is_said_to_be_no_file(tmp_path: Path, fake: str) -> None:
    """Before: 'the video file is empty (0 bytes)' for a named pipe (and for /dev/zero)."""
    fifo = tmp_path / "camera.mp4"
    os.mkfifo(fifo)
    done = CliRunner().invoke(cli, ["track", str(fifo), "-b", fake, "-q", "-o", str(tmp_path / "out.json")])
    assert done.exit_code == 1, done.output
    assert f"{fifo}: is not a file (a pipe or a device); save the video to a file" in done.output


def test_landmarks_and_times_given_as_nested_lists_are_analysed_like_arrays() -> None:
    """Another tool's landmarks read from JSON come as lists. Before: a bare 'list indices must be integers or
    slices, not tuple' from deep inside the analysis."""
    tracking = _cmj_tracking()
    expected = analyze_tracking(tracking, "cmj").result.metrics()
    as_lists = dataclasses.replace(
        tracking, landmarks=tracking.landmarks.tolist(), timestamps_ms=tracking.timestamps_ms.tolist()
    )
    assert analyze_tracking(as_lists, "cmj").result.metrics() == pytest.approx(expected)


def test_a_height_and_capture_rate_from_numpy_are_numbers() -> None:
    """Before: 'the athlete's height is in metres, between 0.5 and 2.5 (e.g. 1.80), got np.float32(1.8)': a
    height read from a numpy or pandas column refused as if out of range."""
    tracking = _cmj_tracking()
    expected = analyze_tracking(tracking, "cmj", athlete_height_m=1.8).result.metrics()
    report = analyze_tracking(tracking, "cmj", athlete_height_m=np.float32(1.8))  # type: ignore[arg-type]
    assert report.result.metrics() == pytest.approx(expected, rel=1e-6)
    with pytest.raises(ValueError, match="got np.True_"):
        analyze_tracking(tracking, "cmj", athlete_height_m=np.bool_(True))  # type: ignore[arg-type]


def test_a_one_frame_video_is_too_short_with_the_fix() -> None:
    """Before: 'The video is too short: fewer than 2 frames.' (for a photo saved as a video: no length to aim for)."""
    tracking = _cmj_tracking()
    one = dataclasses.replace(tracking, timestamps_ms=tracking.timestamps_ms[:1], landmarks=tracking.landmarks[:1])
    with pytest.raises(kinemotion.AnalysisError, match=r"too short \(1 frame\): record at least 1 s, starting with"):
        analyze_tracking(one, "cmj")


# --- the Python API never writes over the video it reads -------------------------------------------


def test_track_video_with_the_video_itself_as_the_overlay_refuses_and_keeps_the_recording(
    tmp_path: Path, fake: str
) -> None:
    """Before: track_video('jump.mp4', overlay='jump.mp4') replaced the athlete's recording with the overlay (the
    command line refused it; the Python API did not)."""
    video = blank_video(tmp_path / "jump.mp4", 6, 30)
    before = video.read_bytes()
    with pytest.raises(kinemotion.OutputError, match=r"refusing to write .*jump.mp4: it is the input video"):
        track_video(video, fake, overlay=str(video), progress=False)
    assert video.read_bytes() == before
    link = tmp_path / "same.mp4"
    link.symlink_to(video)  # another name for it
    with pytest.raises(kinemotion.OutputError, match="it is the input video"):
        track_video(video, fake, overlay=link, progress=False)
    assert video.read_bytes() == before


@pytest.mark.parametrize("writer", ["tracking json", "tracking csv", "report json"])
def test_results_written_from_python_never_replace_their_video(tmp_path: Path, fake: str, writer: str) -> None:
    """Before: write_json(tracking, 'jump.mp4'), or a report's write_json named like its video, replaced it."""
    video = blank_video(tmp_path / "jump.mp4", 6, 30)
    before = video.read_bytes()
    tracking = track_video(video, fake, progress=False)
    with pytest.raises(kinemotion.OutputError, match="it is the input video"):
        if writer == "tracking json":
            write_json(tracking, video)
        elif writer == "tracking csv":
            write_csv(tracking, video)
        else:
            report = analyze_tracking(dataclasses.replace(_cmj_tracking(), video=tracking.video), "cmj")
            report.write_json(video)
    assert video.read_bytes() == before


@pytest.mark.parametrize("second", ["same", "relative"])
def test_a_video_given_twice_is_said_to_be_given_twice(tmp_path: Path, fake: str, second: str) -> None:
    """`kinemotion track *.mp4 jump.mp4`. Before: 'out/jump.landmarks.json is named for two of jump.mp4's outputs
    (report, table, plot, overlay or page)', which sends the user looking at the output options."""
    video = blank_video(tmp_path / "jump.mp4", 6, 30)
    again = str(video) if second == "same" else os.path.relpath(video)  # the same name, as the shell gave it
    done = CliRunner().invoke(cli, ["track", str(video), again, "-b", fake, "-q", "-o", str(tmp_path / "out")])
    assert done.exit_code == 1, done.output
    said = "is given twice" if second == "same" else f"is given as {video} and {again}"
    assert f"{again} {said}: give each video once" in done.output


# --- SIGTERM: kill, timeout, docker stop ------------------------------------------------------------------

SLOW_TRACKER = (
    """
import os, time
from kinemotion import REQUIRED_LANDMARKS

class Tracker:
    def process_frame(self, frame, timestamp_ms=0):
        with open(os.environ["KINEMOTION_TEST_WORKERS"], "a") as fh:
            fh.write(f"{os.getpid()}\\n")
        time.sleep(0.5)
        return {n: (0.5, 0.1 + 0.8 * i / len(REQUIRED_LANDMARKS), 0.9) for i, n in enumerate(REQUIRED_LANDMARKS)}
"""
    + TRACKER_LIFECYCLE
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_stops_the_command_and_its_workers_like_ctrl_c(tmp_path: Path, jobs: str) -> None:
    """`timeout 600 kinemotion track ...`, `docker stop`. Before: the command died at once (exit 143) while its
    -j 2 worker process, orphaned, tracked on and wrote the overlay of a run that had been stopped."""
    site = tmp_path / "site"
    install_backend(site, "zz-slow-frames", SLOW_TRACKER)
    marks = tmp_path / "workers"
    env = env_with(site, KINEMOTION_TEST_WORKERS=str(marks))
    videos = [str(blank_video(tmp_path / f"v{i}.mp4", 40, 30)) for i in range(2)]
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kinemotion", "track", *videos, "-b", "zz-slow-frames", "-q", "-j", jobs]
    process = subprocess.Popen(
        [*command, "-o", str(out), "--overlay", str(out)], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while not marks.exists() or len(marks.read_text().split()) < 2:  # tracking, a frame or two in
            assert process.poll() is None and time.monotonic() < deadline, "tracking never started"
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 143, stderr
    assert "Terminated." in stderr and "Traceback" not in stderr
    workers = {int(pid) for pid in marks.read_text().split()}
    left = still_running_after(workers, 15)
    assert not left, f"worker processes left running: {left} of {workers}"
    time.sleep(1)
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")], list(out.iterdir())
    assert not out.exists() or not list(out.iterdir()), "partial files left behind"


# --- a damaged JSON nested too deep to parse -----------------------------------------------------------


def test_an_earlier_output_damaged_beyond_parsing_is_redone_not_a_traceback(tmp_path: Path, fake: str) -> None:
    """A JSON that is '[[[[...' (a disk error, a bad sync) where an earlier output was. Before: RecursionError
    from the JSON parser, a traceback, on the re-run (and from `kinemotion report`)."""
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    (tmp_path / "v.landmarks.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "v.landmarks.csv").write_text("frame\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["track", str(video), "-b", fake, "-q"])
    assert done.exit_code == 0, done.output
    assert json.loads((tmp_path / "v.landmarks.json").read_text())["complete"] is True
    (tmp_path / "deep.cmj.json").write_text("[" * 100_000, encoding="utf-8")
    page = CliRunner().invoke(cli, ["report", str(tmp_path / "deep.cmj.json"), "-o", str(tmp_path / "s.html")])
    assert page.exit_code == 1, page.output
    assert "deep.cmj.json: not a readable JSON file" in page.output
