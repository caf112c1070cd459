"""Hostile input, round 5: what a fifth outside attack found still broken, each once a stale or wrong result, a
half-written output, a traceback or an unclear message.

Each test reproduces what a user new to the tool could do and checks for one clear error naming the value,
option or file, or for the right answer.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.jump.physics_backend import blank_video


def _ffmpeg(*args: str) -> None:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


# --- an overlay of a video too small (or too large) for the encoder -------------------------------------


def test_an_overlay_of_a_1x1_video_blames_the_video_not_the_folder(tmp_path: Path, fake: str) -> None:
    """Before: 'OpenCV could not open an mp4 writer (1x1, mp4v codec); check the folder is writable and the disk
    has room', about a writable folder on an empty disk."""
    video = tmp_path / "tiny.mp4"
    _ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=1x1:r=30", "-t", "0.5", "-c:v", "mpeg4", str(video))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["track", str(video), "-b", fake, "-o", str(out), "--overlay", str(out)])
    assert result.exit_code == 1, result.output
    assert "tiny.mp4 is 1x1 px, a frame size OpenCV's mp4v encoder cannot write" in result.output
    assert "folder is writable" not in result.output
    assert not (out / "tiny.overlay.mp4").exists()
    assert not list(out.glob("*.partial*")) and not list(out.glob(".*"))


# --- an output named as another kind of file ------------------------------------------------------------


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump"])
@pytest.mark.parametrize("name", ["other.mp4", "report.html", "page.PDF"])
def test_a_json_output_named_as_another_kind_of_file_is_refused_before_any_work(
    tmp_path: Path, fake: str, command: str, name: str
) -> None:
    """Before: ``track a.mp4 -o b.mp4`` replaced the recording b.mp4 with landmarks (exit 0), and ``cmj -o
    r.html`` wrote JSON under a page's name."""
    video = blank_video(tmp_path / "a.mp4", 6, 30)
    target = tmp_path / name
    target.write_bytes(b"another recording")
    result = CliRunner().invoke(cli, [command, str(video), "-b", fake, "-q", "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert f"refusing to write the JSON output as {target}" in result.output
    assert f"name it {target.with_suffix('.json')}" in result.output
    assert target.read_bytes() == b"another recording"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.mp4", name])  # nothing else written


def test_a_json_output_with_a_suffix_of_its_own_is_still_written(tmp_path: Path, fake: str) -> None:
    """The docs' ``-o results.v1``: a name that is no other kind of file stays the user's choice."""
    video = blank_video(tmp_path / "a.mp4", 6, 30)
    result = CliRunner().invoke(cli, ["track", str(video), "-b", fake, "-q", "-o", str(tmp_path / "results.v1")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "results.v1").read_text())["schema"] == "kinemotion.tracking/1"


@pytest.fixture
def reports(tmp_path: Path, jump_set: str) -> Path:
    """A folder of cmj reports (three jumps of one video)."""
    video = blank_video(tmp_path / "set.mp4", 255, 30)
    done = CliRunner().invoke(cli, ["cmj", str(video), "-b", jump_set, "-q", "-o", str(tmp_path / "out") + "/"])
    assert done.exit_code == 0, done.output
    return tmp_path / "out"


def test_a_report_page_named_pdf_is_refused_and_the_pdf_kept(reports: Path, tmp_path: Path) -> None:
    """Before: ``report out -o s.pdf`` wrote the HTML page as s.pdf, replacing the PDF printed before (exit 0)."""
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(b"%PDF-1.7 printed before")
    result = CliRunner().invoke(cli, ["report", str(reports), "-o", str(pdf)])
    assert result.exit_code == 1, result.output
    assert f"refusing to write the HTML report as {pdf}" in result.output
    assert "--pdf FILE.pdf" in result.output
    assert pdf.read_bytes() == b"%PDF-1.7 printed before"


def test_a_pdf_named_html_is_refused_before_printing(reports: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "p.html"
    result = CliRunner().invoke(cli, ["report", str(reports), "-o", str(tmp_path / "s.html"), "--pdf", str(pdf)])
    assert result.exit_code == 1, result.output
    assert f"refusing to write the PDF as {pdf}" in result.output
    assert f"name it {pdf.with_suffix('.pdf')}" in result.output
    assert not (tmp_path / "s.html").exists() and not pdf.exists()


def test_a_jump_report_page_named_pdf_is_refused_before_any_work(tmp_path: Path, jump_set: str) -> None:
    video = blank_video(tmp_path / "set.mp4", 255, 30)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cmj", str(video), "-b", jump_set, "-q", "-o", str(out) + "/", "--report", str(tmp_path / "r.pdf")]
    )
    assert result.exit_code == 1, result.output
    assert "refusing to write the HTML report as" in result.output
    assert not out.exists() and not (tmp_path / "r.pdf").exists()


def test_build_report_refuses_a_page_named_pdf(reports: Path, tmp_path: Path) -> None:
    from kinemotion.errors import OutputError
    from kinemotion.report_html import build_report, read_session

    with pytest.raises(OutputError, match="refusing to write the HTML report as"):
        build_report(read_session([reports]), tmp_path / "s.pdf")
    assert not (tmp_path / "s.pdf").exists()


@pytest.mark.parametrize("command", ["cmj", "dropjump"])
def test_a_jump_overlay_of_a_1x1_video_is_refused_before_tracking(tmp_path: Path, command: str) -> None:
    """Before: the jump's overlay is drawn after the analysis, so a video the encoder cannot take (1x1 here;
    8200 px wide: 96 s of tracking) was tracked and analysed, then failed, its report lost with it."""
    import kinemotion
    from tests.core.fakes import FakePlugin

    plugin = FakePlugin("zz-counted", priority=-1)
    kinemotion.register_backend(plugin)
    try:
        video = tmp_path / "tiny.mp4"
        _ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=1x1:r=30", "-t", "2", "-c:v", "mpeg4", str(video))
        out = tmp_path / "out"
        args = [
            command,
            str(video),
            "-b",
            plugin.name,
            "-q",
            "-o",
            str(out / "r.json"),
            "--overlay",
            str(out / "r.mp4"),
        ]
        result = CliRunner().invoke(cli, args)
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert result.exit_code == 1, result.output
    assert f"cannot write the overlay video {out / 'r.mp4'}: the video {video} is 1x1 px" in result.output
    assert not plugin.created  # no tracker was made: refused before any work
    assert not out.exists()


# --- the Python API given something that is not one path, or not a tracking ------------------------------


@pytest.mark.parametrize(
    ("value", "several"),
    [(None, False), (3, False), (b"jump.mp4", False), (["jump.mp4"], True), ((p for p in ["jump.mp4"]), True)],
    ids=["None", "int", "bytes", "list", "generator"],
)
def test_track_video_given_no_single_path_says_what_it_got(value: object, several: bool, fake: str) -> None:
    """Before: pathlib's "expected str, bytes or os.PathLike object, not list" from inside the reader."""
    from kinemotion.tracking import track_video

    with pytest.raises(TypeError, match=r"the video must be one path \(str or pathlib.Path\), got ") as refused:
        track_video(value, backend=fake)  # type: ignore[arg-type]
    assert ("one per call" in str(refused.value)) is several


def test_track_video_given_overlay_true_says_what_it_got(tmp_path: Path, fake: str) -> None:
    """Before: "expected str, bytes or os.PathLike object, not bool" from posixpath."""
    from kinemotion.tracking import track_video

    video = blank_video(tmp_path / "a.mp4", 6, 30)
    with pytest.raises(TypeError, match=r"the overlay must be one path \(str or pathlib.Path\), got bool: True"):
        track_video(video, backend=fake, overlay=True)  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4"]


def test_analyze_tracking_given_none_names_what_it_expects() -> None:
    """Before: AttributeError: 'NoneType' object has no attribute 'timestamps_ms'."""
    from kinemotion.jump import analyze_tracking

    with pytest.raises(
        TypeError, match=r"analyze_tracking\(tracking\) takes a kinemotion.tracking.TrackingResult .*got NoneType"
    ):
        analyze_tracking(None, "cmj")  # type: ignore[arg-type]


# --- environment variables --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1e9"])
def test_a_wrong_probe_timeout_is_said_once_with_the_range_it_takes(value: str) -> None:
    """Before: "KINEMOTION_PROBE_TIMEOUT='0' is not a number of seconds" (0 is a number), printed twice.

    The timeout is read at discovery and again for each probe: one backend probed (MediaPipe, whose probe imports
    nothing heavy) reads it twice, as every backend did. The RTMPose backends are disabled: their probes (ONNX
    Runtime, OpenVINO, CUDA) took long enough on a loaded 2-core machine for the run to time out, and add no read
    of another kind."""
    from kinemotion.pose.registry import DISABLED_ENV
    from tests.cli import run_kinemotion

    heavy = "rtmpose-cuda,rtmpose-coreml,rtmpose-openvino,rtmpose-cpu"
    done = run_kinemotion("backends", env={**os.environ, "KINEMOTION_PROBE_TIMEOUT": value, DISABLED_ENV: heavy})
    assert done.returncode == 0, done.stderr
    probed = [line for line in done.stdout.splitlines() if line.startswith("mediapipe ")]
    assert probed and "disabled" not in probed[0], done.stdout  # a probe ran: the timeout was read for it
    warnings = [line for line in done.stderr.splitlines() if "KINEMOTION_PROBE_TIMEOUT" in line]
    assert len(warnings) == 1, done.stderr
    assert (
        f"KINEMOTION_PROBE_TIMEOUT='{value}' is not a number of seconds more than 0 and less than a day" in warnings[0]
    )


def test_a_pdf_with_kinemotion_chromium_naming_no_program_says_so(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: "Chromium, which is not installed: ... or set KINEMOTION_CHROMIUM to its path", about a variable
    that was set (to a wrong path), with Chromium perhaps on PATH. Said before any work: nothing is written
    (round 15; the page was written, then the run failed)."""
    monkeypatch.setenv("KINEMOTION_CHROMIUM", str(tmp_path / "no-such-chromium"))
    page, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    result = CliRunner().invoke(cli, ["report", str(reports), "-o", str(page), "--pdf", str(pdf)])
    assert result.exit_code == 1, result.output
    assert f"KINEMOTION_CHROMIUM='{tmp_path / 'no-such-chromium'}' names no program here" in result.output
    assert not page.exists() and not pdf.exists()


# --- odd videos -------------------------------------------------------------------------------------------


def test_an_mp4_cut_short_before_its_index_is_called_cut_short_not_a_codec_problem(
    tmp_path: Path, fake: str, demo_video: Path
) -> None:
    """Before: "not a video file, or a codec this OpenCV/FFmpeg build cannot decode. Convert it with ffmpeg" for
    a copy that stopped half-way (the index at the end of the file is lost: converting cannot help)."""
    whole = tmp_path / "whole.mp4"
    _ffmpeg("-i", str(demo_video), "-t", "1", "-c:v", "libx264", "-an", str(whole))  # index ('moov') at the end
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    result = CliRunner().invoke(cli, ["track", str(cut), "-b", fake, "-q", "-o", str(tmp_path / "out") + "/"])
    assert result.exit_code == 1, result.output
    assert f"{cut} could not be opened as a video: the file was cut short" in result.output
    assert "'moov' box) is not in what is left; copy the file again" in result.output
    assert "Convert it" not in result.output


# --- a plugin that refuses an option the command passes ------------------------------------------------


@pytest.mark.parametrize("command", ["track", "cmj"])
@pytest.mark.parametrize("backend", ["named", "auto"])
def test_person_given_to_a_backend_without_it_is_one_clear_error(
    tmp_path: Path, command: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a plugin that refuses unknown options with TypeError (as the contract asks) and has no ``person``
    (a 1.0 plugin, or any third-party one) made ``--person center`` a bare traceback ending in its TypeError."""
    import kinemotion
    from kinemotion.errors import UnsupportedOptionError
    from tests.core.fakes import FakePlugin

    plugin = FakePlugin("zz-no-person", priority=10_000 if backend == "auto" else -1, options=frozenset())
    monkeypatch.setenv("KINEMOTION_DISABLED_BACKENDS", "rtmpose-cuda,rtmpose-coreml,rtmpose-openvino,rtmpose-cpu")
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "a.mp4", 6, 30)
        chosen = plugin.name if backend == "named" else "auto"
        args = [command, str(video), "-b", chosen, "-q", "--person", "center", "-o", str(tmp_path / "out") + "/"]
        result = CliRunner().invoke(cli, args)
        with pytest.raises(UnsupportedOptionError) as refused:  # from Python: still a TypeError
            kinemotion.create_tracker(chosen, person="center")
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Backend 'zz-no-person' does not take the option(s) person='center'" in result.output
    assert "--person on the command line" in result.output
    assert isinstance(refused.value, TypeError)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.json"))


def test_a_wildcard_that_catches_an_earlier_report_says_to_give_only_the_videos(tmp_path: Path, fake: str) -> None:
    """Before: ``cmj g/*`` after a first run called the earlier report "the input video g/a.cmj.json"."""
    video = blank_video(tmp_path / "a.mp4", 6, 30)
    earlier = tmp_path / "a.cmj.json"
    earlier.write_text("{}")
    result = CliRunner().invoke(cli, ["cmj", str(earlier), str(video), "-b", fake, "-q"])
    assert result.exit_code == 1, result.output
    assert f"{earlier} is given as an input, but it is where {video}'s output goes" in result.output
    assert f"give only the videos (e.g. {tmp_path / '*.mp4'})" in result.output
    assert earlier.read_text() == "{}"


def test_two_videos_of_one_name_get_their_athletes_by_path_and_a_name_alone_is_flagged(
    tmp_path: Path, jump_set: str
) -> None:
    """Before: Monday's and Tuesday's ``x.mp4`` (two athletes) were both shown as the athlete of the row
    ``x.mp4``, silently; rows with their paths to tell them apart were refused as "two athletes for x.mp4"."""
    for day in ("monday", "tuesday"):
        (tmp_path / day).mkdir()
        video = blank_video(tmp_path / day / "x.mp4", 255, 30)
        done = CliRunner().invoke(cli, ["cmj", str(video), "-b", jump_set, "-q", "-o", str(tmp_path / f"out-{day}/")])
        assert done.exit_code == 0, done.output
    reports = [str(tmp_path / "out-monday"), str(tmp_path / "out-tuesday")]
    by_path = tmp_path / "by-path.csv"
    by_path.write_text("video,athlete\nmonday/x.mp4,Ana Silva\ntuesday/x.mp4,Bo Chen\n")
    page = tmp_path / "page.html"
    done = CliRunner().invoke(cli, ["report", *reports, "-o", str(page), "--athlete", str(by_path)])
    assert done.exit_code == 0, done.output
    html = page.read_text(encoding="utf-8")
    assert "Ana Silva" in html and "Bo Chen" in html

    by_name = tmp_path / "by-name.csv"
    by_name.write_text("video,athlete\nx.mp4,Ana Silva\n")
    flagged = CliRunner().invoke(cli, ["report", *reports, "-o", str(page), "--athlete", str(by_name)])
    assert flagged.exit_code == 3, flagged.output
    assert "the athlete list's row 'x.mp4' names 2 different videos" in flagged.output
    assert "give each one's path in the video column" in flagged.output


def test_a_jump_overlay_drawn_on_another_video_is_refused(tmp_path: Path, jump_set: str) -> None:
    """Before: ``write_overlay(report, other_video, path)`` drew one video's landmarks and phases on another's
    frames (or on the same name recorded over since), and returned as if all was well."""
    from kinemotion.errors import VideoReadError
    from kinemotion.jump import analyze_video
    from kinemotion.jump.overlay import write_overlay

    video = blank_video(tmp_path / "set.mp4", 255, 30)
    report = analyze_video(video, "cmj", backend=jump_set, progress=False)
    other = blank_video(tmp_path / "other.mp4", 250, 30)
    with pytest.raises(VideoReadError, match="other.mp4 is not the video this report was made from"):
        write_overlay(report, other, tmp_path / "overlay.mp4")
    assert not (tmp_path / "overlay.mp4").exists()
    assert write_overlay(report, video, tmp_path / "overlay.mp4").is_file()  # its own video: drawn


@pytest.mark.parametrize(
    ("command", "option", "name"),
    [
        ("track", "-o", "result.json"),
        ("track", "--overlay", "jump.mp4"),
        ("cmj", "-o", "r.json"),
        ("cmj", "--plot", "p.png"),
    ],
)
def test_a_file_name_for_several_videos_is_refused_not_made_a_folder(
    tmp_path: Path, fake: str, command: str, option: str, name: str
) -> None:
    """Before: ``track *.mp4 -o result.json`` (a wildcard matching more than meant) made a folder named
    result.json holding every video's outputs, exit 0."""
    videos = [str(blank_video(tmp_path / f"v{i}.mp4", 6, 30)) for i in range(2)]
    target = tmp_path / name
    result = CliRunner().invoke(cli, [command, *videos, "-b", fake, "-q", option, str(target)])
    assert result.exit_code == 1, result.output
    assert f"{option} {target} names one file, but 2 videos need a folder" in result.output
    assert f"({option} {target.with_suffix('')}/)" in result.output
    assert not target.exists()


def test_a_folder_with_a_dot_given_with_a_slash_still_takes_several_videos(tmp_path: Path, fake: str) -> None:
    videos = [str(blank_video(tmp_path / f"v{i}.mp4", 6, 30)) for i in range(2)]
    result = CliRunner().invoke(cli, ["track", *videos, "-b", fake, "-q", "-o", str(tmp_path / "results.json") + "/"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "results.json").glob("*.json")) == [
        "v0.landmarks.json",
        "v1.landmarks.json",
    ]


def test_a_clip_at_a_fraction_of_a_frame_per_second_says_its_rate() -> None:
    """Before: "The frame rate is too low (0.3 frames/s) ...: at 0 fps a 0.4 s flight spans only 0 frames"."""
    from kinemotion.errors import AnalysisError
    from kinemotion.jump import JumpSignals

    t_ms = np.arange(40) * 3333.0  # 0.3 frames/s: a clip stretched a hundred times
    ys = {name: np.full(40, 0.5) for name in ("left_ankle", "right_ankle", "left_hip", "right_hip", "nose")}
    with pytest.raises(AnalysisError) as refused:
        JumpSignals.from_series(t_ms, ys)
    assert "(0.3 frames/s)" in str(refused.value) and "at 0.3 fps a 0.4 s flight spans only 0.12 frames" in str(
        refused.value
    )
