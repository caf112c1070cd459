"""Hostile input, round 3: cases an outside attack found after issue 24, each once a traceback or a wrong answer.

Each test reproduces what a sports scientist could do by accident (a link
that points at itself, a slow-motion rate typed as ``inf``, a hand-edited
report) and checks for one clear error naming the file, option or frame,
never a traceback from a dependency.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from kinemotion import AnalysisError
from kinemotion.jump.report import analyze_tracking
from kinemotion.tracking.result import TrackingResult
from tests.core.fakes import FakePlugin
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video, hand_made_tracking


def _kinemotion(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command (its own ``main``, as a user runs it): tracebacks show on stderr."""
    return subprocess.run(
        [sys.executable, "-m", "kinemotion", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=180,
        check=False,
        cwd=cwd,
    )


# --- a symbolic link loop given as the video -------------------------------------------------------


@pytest.mark.parametrize("command", [["track"], ["cmj"], ["bench", "--frames", "1"]])
def test_a_symbolic_link_loop_given_as_the_video_is_named_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    loop = tmp_path / "clip.mp4"
    loop.symlink_to(loop)  # ln -s clip.mp4 clip.mp4: what a mistyped `ln -s` leaves
    done = _kinemotion(*command, str(loop), "-b", "mediapipe", *(["-q"] if command[0] != "bench" else []))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    # the output folder's wording (tracking.atomic.broken_link), naming where the link points
    assert f"{loop}: a symbolic link to {loop} that leads back to itself (a loop); give the video's real path" in (
        done.stderr
    )


def test_a_link_loop_in_a_batch_fails_alone(tmp_path: Path, fake: str) -> None:
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    loop = tmp_path / "loop.mp4"
    loop.symlink_to(loop)
    good = blank_video(tmp_path / "good.mp4", 6, 30)
    done = CliRunner().invoke(cli, ["track", str(loop), str(good), "-o", str(tmp_path / "out"), "-b", fake, "-q"])
    assert done.exit_code == 3, done.output
    assert f"{loop}: a symbolic link to {loop} that leads back to itself (a loop)" in done.output
    assert (tmp_path / "out" / "good.landmarks.json").is_file()


# --- --capture-fps and the Python API's jump analysis ---------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "0", "-240", "0.5"])
def test_a_capture_rate_that_is_no_rate_is_refused_at_the_option(tmp_path: Path, fake: str, value: str) -> None:
    """``nan`` passed the old range check and was refused only after the whole video was tracked; ``inf`` gave
    "too short (0.00 s)"."""
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    video = blank_video(tmp_path / "v.mp4", 6, 30)
    done = CliRunner().invoke(cli, ["cmj", str(video), "-b", fake, "-q", f"--capture-fps={value}"])
    assert done.exit_code == 2, done.output  # a wrong option, before any tracking
    assert "Invalid value for '--capture-fps': the capture rate is in frames per second" in done.output


def _cmj_tracking() -> TrackingResult:
    """A tracking of one CMJ (3.5 s at 30 fps), as the pipeline would give it."""
    t = np.arange(0, 3.5, 1 / 30)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3)
    return hand_made_tracking(t, ys)


def _broken(what: str) -> TrackingResult:
    tracking = _cmj_tracking()
    if what == "inf":
        tracking.landmarks[50, 3, 1] = np.inf
    elif what == "-inf":
        tracking.landmarks[50, :, 1] = -np.inf
    elif what == "far":
        tracking.landmarks[50, 3, 1] = 1e30
    elif what == "visibility":
        tracking.landmarks[50, 3, 2] = 7.0
    elif what == "swapped":
        tracking.timestamps_ms[[60, 61]] = tracking.timestamps_ms[[61, 60]]
    elif what == "repeated":
        tracking.timestamps_ms[60] = tracking.timestamps_ms[59]
    elif what == "nan-time":
        tracking.timestamps_ms[60] = np.nan
    elif what == "short-times":
        tracking.timestamps_ms = tracking.timestamps_ms[:-5]
    return tracking


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("inf", r"Frame 50, landmark '\w+': x, y are not normalised to the frame"),
        ("-inf", r"Frame 50, landmark '\w+': x, y are not normalised to the frame"),
        ("far", r"Frame 50, landmark '\w+': x, y are not normalised to the frame"),
        ("visibility", r"Frame 50, landmark '\w+': visibility is outside \[0, 1\]"),
        ("swapped", r"Timestamps must increase from frame to frame: frame 61"),
        ("repeated", r"Timestamps must increase from frame to frame: frame 60"),
        ("nan-time", r"The timestamp of frame 60 is not a number"),
        ("short-times", r"not hold one row of landmarks per timestamp: 100 timestamps"),
    ],
)
def test_a_tracking_no_video_gives_is_refused_naming_the_frame(what: str, message: str) -> None:
    """An infinite foot moved the flight time silently (0.49 s became 0.45 s, or 0.66 s); a time that runs
    backwards was analysed; a short timestamp array was a numpy broadcast traceback."""
    assert len(analyze_tracking(_cmj_tracking(), "cmj").jumps) == 1  # the same tracking, whole: analysed
    with pytest.raises(AnalysisError, match=message):
        analyze_tracking(_broken(what), "cmj")


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ({"kind": "squat"}, r"unknown jump kind 'squat': one of cmj, dropjump"),
        ({"kind": "sj"}, r"unknown jump kind 'sj': one of cmj, dropjump; a squat jump is analysed as \"cmj\""),
        ({"kind": "squat_jump"}, r"its jump_kind says \"squat_jump\" when there is no countermovement"),
        ({"kind": "DJ"}, r"unknown jump kind 'DJ': one of cmj, dropjump; a drop jump is analysed as \"dropjump\""),
        ({"capture_fps": float("inf")}, r"the capture rate is in frames per second, between 1 and 10000"),
        ({"capture_fps": "240"}, r"the capture rate is in frames per second.*got '240'"),
        ({"capture_fps": 0.0}, r"the capture rate is in frames per second"),
    ],
)
def test_the_analysis_options_are_checked_with_a_message_naming_them(argument: dict[str, object], message: str) -> None:
    """``kind="squat"`` was a bare KeyError; ``capture_fps=inf`` blamed the recording ("frame rate too low,
    record at 20 fps"); ``"240"`` a TypeError. ``kind="sj"`` named the kinds but not which one measures a squat
    jump (``kinemotion sj`` says to use ``cmj``)."""
    kwargs: dict[str, object] = {"kind": "cmj", **argument}
    with pytest.raises(ValueError, match=message):
        analyze_tracking(_cmj_tracking(), **kwargs)  # type: ignore[arg-type]


def test_analyze_video_checks_the_capture_rate_before_tracking(tmp_path: Path) -> None:
    from kinemotion.jump.report import analyze_video

    missing = tmp_path / "not-tracked.mp4"  # never opened: the option is refused first
    with pytest.raises(ValueError, match="the capture rate is in frames per second"):
        analyze_video(missing, "cmj", capture_fps=float("nan"))


# --- an output folder named with a dot, given with a trailing slash --------------------------------


def test_an_output_given_with_a_trailing_slash_is_a_folder_even_with_a_dot_in_its_name(
    tmp_path: Path, fake: str
) -> None:
    """``-o results.v2/`` wrote a file named results.v2 (the landmark JSON) and results.csv beside it."""
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    video = blank_video(tmp_path / "v.mp4", 6, 30)
    folder = tmp_path / "results.v2"
    done = CliRunner().invoke(
        cli, ["track", str(video), "-o", f"{folder}/", "--overlay", f"{folder}/", "-b", fake, "-q"]
    )
    assert done.exit_code == 0, done.output
    assert folder.is_dir()
    assert sorted(p.name for p in folder.iterdir()) == ["v.landmarks.csv", "v.landmarks.json", "v.overlay.mp4"]
    assert not (tmp_path / "results.csv").exists()


# --- kinemotion bench when nothing could be timed --------------------------------------------------


@pytest.fixture
def broken() -> Iterator[str]:
    kinemotion.register_backend(FakePlugin("zz-broken", priority=-1, create_error=RuntimeError("no device")))
    yield "zz-broken"
    kinemotion.unregister_backend("zz-broken")


@pytest.mark.parametrize("as_json", [False, True])
def test_bench_where_every_backend_fails_exits_1(tmp_path: Path, broken: str, as_json: bool) -> None:
    """Exit 0 with nothing timed: a script that benchmarks every night saw success."""

    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    video = blank_video(tmp_path / "v.mp4", 8, 30)
    args = ["bench", str(video), "-b", broken, "--frames", "2", *(["--json"] if as_json else [])]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 1, done.output
    if as_json:
        assert json.loads(done.stdout)["results"][0]["error"]  # still the machine-readable results
    else:
        assert "no backend could be timed" in done.output


def test_bench_in_a_mode_no_backend_offers_is_a_wrong_option(tmp_path: Path, fake: str) -> None:
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    video = blank_video(tmp_path / "v.mp4", 8, 30)
    done = CliRunner().invoke(cli, ["bench", str(video), "--mode", "turbo", "--frames", "2"])
    assert done.exit_code == 2, done.output
    assert "no available backend offers mode 'turbo'" in done.output


@pytest.mark.parametrize("option", ["-o", "--overlay"])
def test_an_empty_output_option_is_refused_not_the_current_folder(
    tmp_path: Path, fake: str, option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o "$OUT"`` with OUT unset wrote the outputs into whatever folder the script ran in."""
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    video = blank_video(tmp_path / "v.mp4", 6, 30)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    done = CliRunner().invoke(cli, ["track", str(video), option, "", "-b", fake, "-q"])
    assert done.exit_code == 2, done.output
    assert "is empty (an unset shell variable?)" in done.output
    assert list(elsewhere.iterdir()) == []


# --- one clear error, without native noise ----------------------------------------------------------


def test_a_file_that_is_not_a_video_gives_our_one_line_and_no_native_log_lines(tmp_path: Path) -> None:
    """OpenCV and FFmpeg printed "[ WARN:0@0.2] global cap.cpp:212 open VIDEOIO(FFMPEG): ..." and "[mov,mp4,...]
    moov atom not found" around the message that already names the file and the fix."""
    notes = tmp_path / "notes.mp4"
    notes.write_bytes(b"\x00\x02not a video\x03" * 8)  # binary: text is refused before FFmpeg opens it (round 9)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENCV_")}
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", str(notes), "-b", "mediapipe", "-q", "-j", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: {notes} could not be opened as a video: not a video file, or a codec this OpenCV/FFmpeg build "
        "cannot decode. Convert it with: ffmpeg -i INPUT -c:v libx264 out.mp4"
    ]


# --- a model folder that is not there ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["missing", "a file", "without the model"])
def test_a_model_folder_variable_naming_no_folder_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """``KINEMOTION_MODEL_DIR=/data/modles`` (a typo) gave only "save it ... in a folder named by
    KINEMOTION_MODEL_DIR", as if the variable were not set."""
    from kinemotion import ModelDownloadError
    from kinemotion.models import ModelFile, ensure_model

    folder = tmp_path / "modles"
    if kind == "a file":
        folder.write_text("x")
    elif kind == "without the model":
        folder.mkdir()
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(folder))
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    spec = ModelFile(filename="pose.onnx", url="https://example.org/pose.onnx", sha256="0" * 64, size=10)
    with pytest.raises(ModelDownloadError) as info:
        ensure_model(spec, progress=False)
    expected = "has no pose.onnx" if kind == "without the model" else "is not a folder here: create it"
    assert f"KINEMOTION_MODEL_DIR={folder} {expected}" in str(info.value)


# --- a clip trimmed by an edit list (the phone's Photos app, ffmpeg -ss -c copy) ------------------------


def _trimmed_clip(demo_video: Path, folder: Path) -> Path:
    """Two seconds of the demo cut without re-encoding: every frame from the keyframe before 1.3 s is kept,
    and the MP4's edit list shows only the 60 frames from 1.3 s."""
    import imageio_ffmpeg

    out = folder / "trimmed.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-ss", "1.3", "-i", str(demo_video), "-t", "2",
         "-c", "copy", "-an", str(out)],
        check=True,
    )  # fmt: skip
    return out


def test_a_trimmed_clip_is_read_whole_not_called_truncated(demo_video: Path, tmp_path: Path, fake: str) -> None:
    """ "decoding failed at frame 60 of 99 (truncated or corrupt file)" for a clip trimmed by an edit list:
    ``track`` exited 3 with its outputs marked incomplete, and ``cmj`` now says so too and redoes it every run."""
    from click.testing import CliRunner

    from kinemotion.cli.main import cli
    from kinemotion.tracking.decode import VideoReader

    clip = _trimmed_clip(demo_video, tmp_path)
    with VideoReader(clip) as reader:
        assert reader.info.frame_count > 60  # the encoded frames, hidden ones included
        assert len(list(reader)) == 60  # what every player shows: no error
    out = tmp_path / "t.json"
    done = CliRunner().invoke(cli, ["track", str(clip), "-o", str(out), "-b", fake, "-q"])
    assert done.exit_code == 0, done.output
    assert json.loads(out.read_text())["complete"] is True


def test_more_frames_than_a_trimmed_clip_shows_are_its_frames_not_a_cut(
    demo_video: Path, tmp_path: Path, fake: str
) -> None:
    """``kinemotion bench CLIP --frames 100`` of a 60-frame phone trim times its frames.

    Before: "decoding failed at frame 60 of 99 (truncated or corrupt file)", exit 1, on a clip that ``track``
    reads whole (the hand-held CMJ of the shared assets: 54 frames shown, 80 encoded, ``--frames 60``).
    """
    from click.testing import CliRunner

    from kinemotion.cli.main import cli
    from kinemotion.tracking.decode import read_frames

    clip = _trimmed_clip(demo_video, tmp_path)
    assert len(read_frames(clip, 0, 100)) == 60 and len(read_frames(clip, 10, 100)) == 50
    done = CliRunner().invoke(cli, ["bench", str(clip), "-b", fake, "--frames", "100"])
    assert done.exit_code == 0, done.output
    assert "frames 3-59 timed after 3 warm-up frames" in done.output


@pytest.mark.models
def test_the_trimmed_phone_clip_of_the_shared_assets_is_whole() -> None:
    """The hand-held CMJ (an iPhone trim: 80 encoded frames, 54 shown) was reported truncated at frame 54."""
    from kinemotion.tracking.decode import VideoReader
    from tests.assets import JUMP_CLIPS, asset

    with VideoReader(asset(JUMP_CLIPS["cmj_front_oblique_handheld_30fps.mp4"].rel)) as reader:
        assert len(list(reader)) == 54


def test_a_truncated_mp4_is_still_a_failure(demo_video: Path, tmp_path: Path) -> None:
    """The presented duration does not hide a real cut: the demo cut at 98 % of its bytes loses 12 frames."""
    from kinemotion import VideoReadError
    from kinemotion.tracking.decode import VideoReader

    cut = tmp_path / "cut.mp4"
    cut.write_bytes(demo_video.read_bytes()[: int(demo_video.stat().st_size * 0.98)])
    with pytest.raises(VideoReadError, match="decoding failed at frame"), VideoReader(cut) as reader:
        list(reader)


def test_a_capture_rate_for_a_video_that_gives_no_frame_rate_says_so() -> None:
    """Scaled by 0 / 240, every time was 0 and the error blamed the recording ("frame rate too low, 0.0")."""
    import dataclasses

    tracking = _cmj_tracking()
    tracking = dataclasses.replace(tracking, video=dataclasses.replace(tracking.video, fps=0.0))
    with pytest.raises(AnalysisError, match=r"--capture-fps 240 scales the file's times by its own frame rate"):
        analyze_tracking(tracking, "cmj", capture_fps=240)


def test_a_session_page_given_as_a_folder_is_written_into_it(tmp_path: Path, fake: str) -> None:
    """``cmj ... --report pages/`` wrote an HTML file named ``pages`` (no extension) instead of
    pages/session.html, as ``kinemotion report -o pages/`` does."""
    from click.testing import CliRunner

    from kinemotion.cli.main import cli
    from tests.integration.test_resume import _jump_video

    t = np.arange(0, 3.5, 1 / 30)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3)
    plugin = SeriesPlugin("zz-page-cmj", t, ys)
    kinemotion.register_backend(plugin)
    try:
        video = _jump_video(tmp_path / "j.mp4", 1)
        pages = tmp_path / "pages"
        done = CliRunner().invoke(cli, ["cmj", str(video), "-b", plugin.name, "-q", "--report", f"{pages}/"])
        assert done.exit_code == 0, done.output
        assert (pages / "session.html").is_file()
    finally:
        kinemotion.unregister_backend(plugin.name)
