"""Hostile input, round 9: what a ninth outside attack found still broken, each once a wrong number, a terminal
driven by a file's name, a hang or an unclear message.

Each test reproduces what a careless user, a camera's raw stream or a hand edit could do and checks for one
clear error naming the file, option or frame and the fix, or for the right answer.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.integration.test_hostile_input_round6 import _kinemotion
from tests.jump.physics_backend import blank_video

FPS = 30


# --- a file named with a terminal's escape sequences -----------------------------------------------------------

ESCAPES = "evil\x1b[2Jname\x1b]0;owned\x07"
"""A name that clears the screen (``ESC [2J``) and retitles the window (``ESC ]0;...BEL``) when printed raw."""


def test_a_video_named_with_escape_sequences_is_shown_escaped_and_its_outputs_named_safely(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Before: every message (the result line, 'wrote ...', 'skipped ...') printed the name raw, so the
    terminal ran its sequences, and the report was written as ``evil<ESC>[2Jname...cmj.json``, which ``ls`` ran
    again."""
    video = blank_video(tmp_path / f"{ESCAPES}.mp4", int(3.5 * FPS), FPS)
    out = tmp_path / "out"
    shown = "evil\\x1b[2Jname\\x1b]0;owned\\x07.mp4"
    for _ in range(2):  # analysed, then skipped as done: both runs name it escaped
        result = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/")
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert shown in result.output
    assert "skipped, its report exists" in result.output
    (report,) = out.glob("*.cmj.json")
    assert report.name == "evil_[2Jname_]0;owned_.cmj.json"
    assert json.loads(report.read_text())["video"]["path"] == str(video)  # the file's real name is kept


def test_an_error_and_a_usage_error_naming_such_a_file_are_shown_escaped(tmp_path: Path, cmj_backend: str) -> None:
    """Before: 'Error: evil<ESC>]0;owned<BEL>.mp4: no such file' and click's "File '...' does not exist." ran
    the sequences too."""
    missing = tmp_path / f"{ESCAPES}.mp4"
    result = _kinemotion("cmj", missing, "-b", cmj_backend)
    assert result.exit_code == 1 and "evil\\x1b[2Jname\\x1b]0;owned\\x07.mp4: no such file" in result.output
    result = _kinemotion("report", tmp_path / "out", "--athlete", missing)
    assert result.exit_code == 2 and "evil\\x1b[2Jname\\x1b]0;owned\\x07.mp4" in result.output, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_printable_escapes_what_drives_a_terminal_and_keeps_the_layout() -> None:
    from kinemotion.terminal import printable, safe_file_stem

    assert printable("a\rb") == "a\\rb"  # a carriage return would overwrite the line's start
    assert printable("x\u202egpj.mp4") == "x\\u202egpj.mp4"  # shown as 'x' 'mp4.jpg' right to left
    assert printable("\x9b2J") == "\\x9b2J"  # the one-byte C1 form of ESC [
    assert printable(os.fsdecode(b"bad\xff.mp4")) == "bad\\xff.mp4"  # a name's bytes that are not UTF-8
    assert printable("line one\n\tline two, vidéo") == "line one\n\tline two, vidéo"
    assert safe_file_stem("a\nb\tc\x1bd\u202ee") == "a_b_c_d_e"
    assert safe_file_stem(os.fsdecode(b"vid\xc3\xa9o")) == os.fsdecode(b"vid\xc3\xa9o")  # another locale's letters


def test_a_log_line_naming_such_a_file_is_escaped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The command's log handler writes a library's or a plugin's message escaped too."""
    from kinemotion.cli._terminal import PrintableFormatter

    record = logging.LogRecord("plugin", logging.WARNING, __file__, 1, "cannot read %s", (ESCAPES,), None)
    assert PrintableFormatter("%(message)s").format(record) == "cannot read evil\\x1b[2Jname\\x1b]0;owned\\x07"
    result = CliRunner().invoke(cli, ["-v", "backends"])
    assert result.exit_code == 0
    handlers = logging.getLogger().handlers
    assert any(isinstance(h.formatter, PrintableFormatter) for h in handlers)


# --- a named pipe or a device given as the athlete list ------------------------------------------------------


@pytest.mark.parametrize("given", ["pipe", "/dev/zero", "/dev/null"])
def test_an_athlete_list_that_is_a_pipe_or_a_device_is_refused_at_once(
    tmp_path: Path, one_report: Path, given: str
) -> None:
    """Before: ``--athlete list.csv`` naming a named pipe waited for a writer forever (the command hung),
    ``/dev/zero`` was read to 5 MB and called 'more than 5 MB', ``/dev/null`` 'found no rows'."""
    athletes = tmp_path / "athletes.csv"
    if given == "pipe":
        os.mkfifo(athletes)
    else:
        athletes = Path(given)
    page = tmp_path / "page.html"
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "report", str(one_report), "-o", str(page), "--athlete", str(athletes)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert f"{athletes}: is not a file (a pipe or a device), not an athlete list; give the list saved" in done.stderr
    assert not page.exists()


# --- a video stream with no container, under any name ----------------------------------------------------------


def _ffmpeg(*args: str) -> None:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


@pytest.mark.parametrize(
    ("name", "muxer", "codec", "kind"),
    [
        ("camera.mp4", "mjpeg", "mjpeg", "motion-JPEG"),  # a camera's stream saved under a video's name
        ("camera.mjpeg", "mjpeg", "mjpeg", "motion-JPEG"),
        ("clip.mp4", "h264", "libx264", "H.264/HEVC"),
        ("clip.h264", "h264", "libx264", "H.264/HEVC"),
    ],
)
def test_a_raw_stream_is_refused_with_the_command_that_gives_it_its_rate(
    tmp_path: Path, cmj_backend: str, name: str, muxer: str, codec: str, kind: str
) -> None:
    """Before: a motion-JPEG stream named ``.mp4`` was 'a JPEG image, not a video (a photo or screenshot ...)';
    named ``.mjpeg``, or a raw H.264 stream under any name, was tracked at the 25 frames/s FFmpeg assumes for a
    stream that records no rate: the hand-held CMJ filmed at 30 fps came out with a 0.96 s flight for 0.79 s
    (1.14 m of jump height for 0.76 m), exit 0."""
    source = blank_video(tmp_path / "source.mp4", FPS, FPS)
    stream = tmp_path / name
    _ffmpeg("-i", str(source), "-c:v", codec, "-f", muxer, str(stream))
    out = tmp_path / "out.json"
    result = _kinemotion("cmj", stream, "-b", cmj_backend, "-o", out)
    assert result.exit_code == 1, result.output
    fixed = f"{stream.parent / stream.stem}.FPSfps.mp4"
    assert (
        f"{stream}: is a raw {kind} stream, with no container to give its frame rate: FFmpeg would assume 25 "
        f"frames/s and every time measured would be off; encode it at the rate it was filmed: ffmpeg -framerate "
        f"FPS -i {stream} -c:v libx264 -crf 18 {fixed} (FPS: the camera's frame rate, e.g. 30)"
    ) in result.output
    assert not out.exists() and "image" not in result.output
    fixed = fixed.replace("FPS", str(FPS))
    _ffmpeg("-framerate", str(FPS), "-i", str(stream), "-c:v", "libx264", "-crf", "18", fixed)  # as said
    from kinemotion.tracking.decode import VideoReader

    with VideoReader(fixed) as reader:
        times = [frame.timestamp_ms for frame in reader]
    assert reader.info.fps == pytest.approx(FPS) and times[-1] == pytest.approx((FPS - 1) * 1000 / FPS, abs=1)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"hello\n", "it is text (it starts 'hello'), not a video file; give the video file itself"),
        (
            b"ffconcat version 1.0\nfile other.mp4\n",
            "it is a playlist (it starts 'ffconcat version 1.0'), whose files FFmpeg would read in its place; give "
            "the video file itself",
        ),
        (
            b"<!DOCTYPE html><html><head><title>Drive</title></head><body>Download anyway</body></html>",
            "it is a web page (HTML): a download that saved the link's page instead of the video? Download the "
            "video itself and give its file",
        ),
    ],
    ids=["text", "playlist", "web-page"],
)
@pytest.mark.parametrize("command", ["track", "cmj"])
def test_a_text_file_named_as_a_video_is_named_as_text(
    tmp_path: Path, cmj_backend: str, content: bytes, says: str, command: str
) -> None:
    """Before: 'could not be opened as a video: not a video file, or a codec this OpenCV/FFmpeg build cannot
    decode. Convert it with ffmpeg' for a text file or a web page saved by a download link (converting cannot
    help), and an FFmpeg concat list named ``.mp4`` was tracked as the video it names: its landmark JSON
    recorded the list's size and digest, so a re-run kept it as done after that video had changed."""
    blank_video(tmp_path / "other.mp4", int(3.5 * FPS), FPS)
    given = tmp_path / "clip.mp4"
    given.write_bytes(content)
    out = tmp_path / "out.json"
    result = _kinemotion(command, given, "-b", cmj_backend, "-o", out)
    assert result.exit_code == 1, result.output
    assert f"{given} could not be opened as a video: {says}" in result.output and not out.exists()


# --- an athlete's height in centimetres, inches or feet ----------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("175", "got 175.0 (centimetres? 175 cm is 1.75 m)"),
        ("70", "got 70.0 (inches? 70 in is 1.78 m)"),
        ("5.9", "got 5.9 (feet? 5 ft 9 in is 1.75 m; 5.9 ft is 1.80 m)"),
        ("6", "got 6.0 (feet? 6 ft is 1.83 m)"),
    ],
)
def test_a_height_in_another_unit_is_refused_with_it_in_metres(
    tmp_path: Path, clip: Path, cmj_backend: str, given: str, says: str
) -> None:
    """Before: 'the athlete's height is in metres, between 0.5 and 2.5 (e.g. 1.80), got 175.0' and nothing on
    what 175, 70 or 5.9 (a height in centimetres, inches, or feet and inches) is in metres."""
    result = _kinemotion("cmj", clip, "-b", cmj_backend, "--height", given)
    assert result.exit_code == 2, result.output
    assert f"the athlete's height is in metres, between 0.5 and 2.5 (e.g. 1.80), {says}" in result.output


# --- a capture rate given for a clip that is not slow motion ----------------------------------------------------


def test_a_capture_rate_slower_than_the_file_plays_is_refused(tmp_path: Path, clip: Path, cmj_backend: str) -> None:
    """Before: ``--capture-fps 25`` on a clip saved at 30 frames/s (a PAL camera's rate, or a typo) stretched
    every time by 1.2: the 'frame rate too low' message at 15, otherwise a longer flight and a higher jump."""
    result = _kinemotion("cmj", clip, "-b", cmj_backend, "--capture-fps", "25")
    assert result.exit_code == 1, result.output
    assert (
        f"{clip}: --capture-fps 25 is slower than the 30 frames/s the file plays at: slow motion is filmed faster "
        "than it plays (e.g. --capture-fps 240 for a file at 30 frames/s), and a clip that plays at the speed it was "
        "filmed needs no --capture-fps; leave it out."
    ) in result.output
    assert _kinemotion("cmj", clip, "-b", cmj_backend, "--capture-fps", "29.97").exit_code == 0  # one rate


def test_no_jump_found_in_times_scaled_by_a_capture_rate_says_it_may_be_why(
    tmp_path: Path, clip: Path, cmj_backend: str
) -> None:
    """Before: ``--capture-fps 240`` on a 3.5 s clip at 30 frames/s said 'The video is too short (0.44 s, 105
    frames): record at least 1 s', of a clip three times that long, with nothing about the option."""
    result = _kinemotion("cmj", clip, "-b", cmj_backend, "--capture-fps", "240")
    assert result.exit_code == 1, result.output
    assert (
        "With --capture-fps 240, each second of the file (played at 30 frames/s) counted as 0.125 s: if the clip "
        "is not slow motion, leave --capture-fps out."
    ) in result.output


# --- a plugin's probe that says too much, over several lines ----------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("x" * 10_000_000, "x" * 2000 + "... (cut: the plugin's reason is 10000000 characters long)"),
        ("no GPU\nError: forged line\nthird", "no GPU Error: forged line third"),
    ],
    ids=["ten-megabytes", "lines"],
)
def test_a_probe_reason_too_long_or_on_several_lines_is_one_bounded_line(
    tmp_path: Path, clip: Path, reason: str, shown: str
) -> None:
    """Before: a plugin whose probe put a whole log in its reason printed all 10 MB of it in one row of
    ``kinemotion backends`` and in the error of ``track -b``, and a reason with line breaks broke the table
    (its second line started 'Error: forged line', as if kinemotion had said it)."""
    import kinemotion
    from tests.core.fakes import FakePlugin

    kinemotion.register_backend(FakePlugin("zz-talkative", priority=-1, available=False, reason=reason))
    try:
        listing = _kinemotion("backends")
        tracked = _kinemotion("track", clip, "-b", "zz-talkative", "-o", tmp_path / "out.json")
    finally:
        kinemotion.unregister_backend("zz-talkative")
    assert listing.exit_code == 0 and len(listing.output) < 20_000, len(listing.output)
    (row,) = [line for line in listing.output.splitlines() if line.startswith("zz-talkative")]
    assert row.endswith(f"unavailable: {shown}")
    assert not any(line.startswith("Error: forged") for line in listing.output.splitlines())
    assert tracked.exit_code == 1 and f"Backend 'zz-talkative' is unavailable: {shown}" in tracked.output
    assert len(tracked.output) < 4_000


# --- the landmark CSV given where its JSON goes ------------------------------------------------------------------


def test_the_landmark_csv_given_to_cmj_names_the_json_written_with_it(
    tmp_path: Path, clip: Path, cmj_backend: str
) -> None:
    """Before: ``cmj clip.landmarks.csv`` (the table ``track`` writes beside the JSON, the one a user opens)
    said 'could not be opened as a video: not a video file, or a codec ...; convert it with ffmpeg'."""
    landmarks = tmp_path / "out" / "clip.landmarks.json"
    assert _kinemotion("track", clip, "-b", cmj_backend, "-o", landmarks, "-q").exit_code == 0
    table = landmarks.with_suffix(".csv")
    result = _kinemotion("cmj", table, "-o", tmp_path / "r.json")
    assert result.exit_code == 1, result.output
    assert (
        f"{table} is a landmark CSV (`kinemotion track` writes it beside the landmark JSON, for a spreadsheet), not "
        "a video: give the video itself, or to `kinemotion cmj` and `dropjump` the landmark JSON written with it "
        f"({landmarks}; a whole folder's: {landmarks.parent / '*.landmarks.json'})"
    ) in result.output
    assert _kinemotion("cmj", landmarks, "-o", tmp_path / "r.json").exit_code == 0  # as said


def test_a_folder_s_landmark_csvs_caught_by_a_wildcard_are_refused_before_any_report_is_touched(
    tmp_path: Path, clip: Path, cmj_backend: str
) -> None:
    """``kinemotion cmj out/*`` after ``kinemotion track ... -o out/`` (a JSON and a CSV per video). Before: "X.csv
    and X.json would both write X.cmj.json (...): track them into different folders or rename one"; and the CSV
    alone (``cmj out/clip.landmarks.csv``) failed as a video only once the run had started, setting the JSON's
    report, at the same output name, aside as an earlier run's (``.previous``)."""
    out = tmp_path / "out"
    assert _kinemotion("track", clip, "-b", cmj_backend, "-o", f"{out}/", "-q").exit_code == 0
    landmarks, table = out / "clip.landmarks.json", out / "clip.landmarks.csv"
    assert _kinemotion("cmj", landmarks, "-q").exit_code == 0
    report = out / "clip.landmarks.cmj.json"
    kept = report.read_bytes()
    for given in ([landmarks, table], [table]):
        result = _kinemotion("cmj", *given, "-q")
        assert result.exit_code != 0, result.output
        assert f"{table} is a landmark CSV" in result.output and f"{out / '*.landmarks.json'}" in result.output
        assert report.read_bytes() == kept and not report.with_name(report.name + ".previous").exists()


# --- an athlete list typed by hand: accents a Mac writes apart, another case, a typo ------------------------------


def test_an_athlete_list_matches_accents_and_case_as_typed_and_says_what_it_cannot_match(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Before: a row typed 'José.mp4' (one character é, as a spreadsheet types it) did not name the video a Mac
    saved as 'José.mp4' (e and a combining accent), nor 'clip01.mp4' the video 'Clip01.mp4': both were shown
    under their file names, and a row naming no video at all (a typo) was passed over, all without a word."""
    videos = [
        blank_video(tmp_path / "Jose\u0301.mp4", int(3.5 * FPS), FPS),
        blank_video(tmp_path / "Clip01.mp4", int(3.5 * FPS) + 1, FPS),
    ]
    out = tmp_path / "out"
    assert _kinemotion("cmj", *videos, "-b", cmj_backend, "-o", f"{out}/", "-q").exit_code == 0
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete\nJos\u00e9.mp4,Ana Silva\nclip01.mp4,Bea Costa\nZoe.mp4,Cid Lopes\n")
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(out), "-o", str(page), "--athlete", str(athletes), "-q"])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Ana Silva" in html and "Bea Costa" in html and "Cid Lopes" not in html
    says = (
        "the athlete list names 1 video in none of these reports (Zoe.mp4): check its video column against the "
        "videos' names (a typo, or another session's video?)"
    )
    assert f"warning: {says}" in result.stderr and "in no row of the athlete list" not in result.stderr
    athletes.write_text("video,athlete\nJos\u00e9.mp4,Ana Silva\n")
    result = CliRunner().invoke(cli, ["report", str(out), "-o", str(page), "--athlete", str(athletes), "-q"])
    assert (
        "warning: 1 video in no row of the athlete list (Clip01.mp4): shown under the file's name; add a row for each"
    ) in result.stderr


# --- a landmark JSON's frame size edited to nothing ---------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [("width", 0), ("height", -480)])
def test_a_landmark_json_without_a_frame_size_is_refused_not_analysed(
    tmp_path: Path, clip: Path, cmj_backend: str, field: str, value: int
) -> None:
    """Before: a landmark JSON edited to ``"width": 0`` (its video not at hand to compare) was analysed with the
    picture's aspect 0 (the knees' angles and the feet's distance across the picture from x times 0): time to
    take-off 0.51 s for 0.27 s on the side-on squat jump, exit 0; ``"height": -480`` was 'not a whole number'."""
    from kinemotion.jump import analyze_tracking
    from kinemotion.tracking import read_json

    landmarks = tmp_path / "clip.landmarks.json"
    assert _kinemotion("track", clip, "-b", cmj_backend, "-o", landmarks, "-q").exit_code == 0
    tracking = read_json(landmarks)
    data = json.loads(landmarks.read_text())
    data["video"][field] = value
    data["video"]["path"] = "elsewhere/clip.mp4"  # the video not at hand: only the file itself is checked
    landmarks.write_text(json.dumps(data))
    result = _kinemotion("cmj", landmarks, "-o", tmp_path / "r.json")
    assert result.exit_code == 1, result.output
    assert f"video.{field} is {value}, not a size in pixels (a whole number, 1 or more)" in result.output
    import dataclasses

    from kinemotion.errors import AnalysisError

    edited = dataclasses.replace(tracking, video=dataclasses.replace(tracking.video, **{field: value}))
    with pytest.raises(AnalysisError, match=r"The tracking's video is -?\d+ x -?\d+ pixels: .* give the video's"):
        analyze_tracking(edited, "cmj")


# --- a link to a video moved since ----------------------------------------------------------------------------


def test_a_link_to_a_video_moved_since_says_so(tmp_path: Path, cmj_backend: str) -> None:
    """Before: 'no such file (the video does not exist)' for a link that is there (``ls`` lists it), its video
    moved or deleted since: nothing said where it pointed."""
    link = tmp_path / "jump.mp4"
    link.symlink_to(tmp_path / "moved" / "jump.mp4")
    result = _kinemotion("cmj", link, "-b", cmj_backend)
    assert result.exit_code == 1, result.output
    assert (
        f"{link}: a symbolic link to {tmp_path / 'moved' / 'jump.mp4'}, which does not exist (moved or deleted?)"
    ) in result.output


# --- a backend returning far too many names -------------------------------------------------------------------


def test_a_backend_returning_a_hundred_thousand_unknown_names_is_warned_in_one_short_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Before: the warning listed every name outside the vocabulary, 100,000 of them on one line (1.3 MB) for
    a backend that returned its model's whole output as names."""
    from kinemotion.landmarks import REQUIRED_LANDMARKS
    from kinemotion.tracking.names_check import LandmarkNameCheck

    frame = {name: (0.5, 0.5, 0.9) for name in REQUIRED_LANDMARKS} | {f"x{i}": (0.5, 0.5, 0.9) for i in range(100_000)}
    with caplog.at_level(logging.WARNING):
        LandmarkNameCheck("zz-chatty").check(frame, 0)
    (said,) = [r.getMessage() for r in caplog.records if "outside the canonical vocabulary" in r.getMessage()]
    assert (
        "['x0', 'x1', 'x10', 'x100', 'x1000', 'x10000', 'x10001', 'x10002', 'x10003', 'x10004'] and 99990 more" in said
    )
    assert len(said) < 500


# --- an output folder that is a broken link ----------------------------------------------------------------------


@pytest.mark.parametrize("link", ["loop", "moved"])
def test_an_output_folder_that_is_a_broken_link_is_named_as_one(
    tmp_path: Path, clip: Path, cmj_backend: str, link: str
) -> None:
    """Before: 'cannot write out/clip.cmj.json: File exists' (mkdir's words) for ``-o out/`` where ``out`` is a
    link that leads back to itself, or to a folder moved since."""
    out = tmp_path / "out"
    if link == "loop":
        out.symlink_to(tmp_path / "back")
        (tmp_path / "back").symlink_to(out)
        what = f"a symbolic link to {tmp_path / 'back'} that leads back to itself (a loop)"
    else:
        out.symlink_to(tmp_path / "moved")
        what = f"a symbolic link to {tmp_path / 'moved'}, which does not exist (moved or deleted?)"
    result = _kinemotion("cmj", clip, "-b", cmj_backend, "-o", f"{out}/")
    assert result.exit_code == 1, result.output
    assert f"cannot write {out / 'clip.cmj.json'}: {out} is {what}; give a folder that is there, or a new name" in (
        result.output
    )


# --- the jump table given where a report goes --------------------------------------------------------------------


def test_the_jump_table_given_as_a_report_is_said_not_to_be_json(tmp_path: Path, one_report: Path) -> None:
    """Before: 'not a readable JSON file (Expecting value: line 1 column 1 (char 0))', the parser's words for
    ``cmj-jumps.csv`` (the table beside the reports, the file a user opens). It is named as the table it is
    (kinemotion's other outputs are now recognised by their names, before any reading)."""
    table = one_report / "cmj-jumps.csv"
    result = _kinemotion("report", table, "-o", tmp_path / "page.html")
    assert result.exit_code == 1, result.output
    assert f"{table} (a table): not a jump report" in result.output, result.output
    assert "Expecting value" not in result.output


# --- --pdf given a folder -------------------------------------------------------------------------------------


@pytest.mark.parametrize("slash", ["", "/"])
def test_a_pdf_given_as_a_folder_is_printed_into_it_as_the_page_is(
    tmp_path: Path, one_report: Path, slash: str
) -> None:
    """Before: ``--pdf prints`` (an existing folder) wrote the page, then failed with 'cannot write prints: Is a
    directory' (exit 1); ``-o prints`` writes ``prints/session.html``. A stand-in prints: a test has no
    Chromium."""
    chromium = tmp_path / "chromium"
    chromium.write_text(
        '#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) '
        'printf "%%PDF-1.4 %%%%EOF" > "${a#--print-to-pdf=}";; esac; done\n'
    )
    chromium.chmod(0o755)
    prints = tmp_path / "prints"
    prints.mkdir()
    page = tmp_path / "monday.html"
    args = ["report", str(one_report), "-o", str(page), "--pdf", f"{prints}{slash}", "-q"]
    result = CliRunner().invoke(cli, args, env={"KINEMOTION_CHROMIUM": str(chromium)})
    assert result.exit_code == 0, result.output
    assert (prints / "monday.pdf").read_bytes() == b"%PDF-1.4 %%EOF" and page.is_file()


# --- a dash, a Unix user's standard input or output --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["cmj", "{clip}", "-b", "{backend}", "-o", "-"], "- (standard output) is not an output here: outputs are"),
        (["track", "-", "-b", "{backend}"], "- (standard input) cannot be tracked: save the video to a file and give"),
        (["report", "-"], "- (standard input) is not read: give the reports or their folder (./- for one named -)"),
    ],
    ids=["output", "video", "report"],
)
def test_a_dash_for_standard_input_or_output_is_a_usage_error(
    tmp_path: Path, clip: Path, cmj_backend: str, args: list[str], says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``-o -`` (standard output, to a Unix user) made a folder named ``-`` and wrote the report into it,
    exit 0; ``track -`` said '-: no such file', and once that folder was there, ``report -`` read it."""
    monkeypatch.chdir(tmp_path)
    result = _kinemotion(*(a.format(clip=clip, backend=cmj_backend) for a in args))
    assert result.exit_code == 2, result.output
    assert says in result.output and not (tmp_path / "-").exists()


# --- bench --start beyond what a seek can reach ------------------------------------------------------------------


@pytest.mark.parametrize("start", [str(2**63 - 1), "1" + "0" * 21])
def test_bench_from_a_start_no_seek_can_reach_is_past_the_end(tmp_path: Path, fake: str, start: str) -> None:
    """Before: ``bench --start 9223372036854775807`` (a start beyond int64, or at its limit) seeked back to frame
    0 and timed the clip's first frames as 'frames 9223372036854775815-...', exit 0."""
    video = blank_video(tmp_path / "v.mp4", 54, FPS)
    result = _kinemotion("bench", video, "-b", fake, "--start", start)
    assert result.exit_code == 2, result.output
    assert f"{video} has 54 frames: --start {start} is past its end" in result.output


# --- a video that opens and whose frames do not decode (AV1 here, or corrupt) ------------------------------------


@pytest.mark.parametrize("kind", ["av1", "zeroed"])
def test_a_video_none_of_whose_frames_decode_names_its_codec_and_the_conversion(
    tmp_path: Path, cmj_backend: str, kind: str
) -> None:
    """Before: 'no frame could be decoded (corrupt or empty video stream).' for an AV1 clip (a YouTube download,
    a newer phone's recording), which is neither: this OpenCV's FFmpeg opens AV1 and decodes none of it, and
    converting it is the fix. An MP4 whose frames were overwritten with zeros is named the same way."""
    source = blank_video(tmp_path / "source.mp4", FPS, FPS)
    video = tmp_path / "clip.mp4"
    if kind == "av1":
        _ffmpeg("-i", str(source), "-c:v", "libaom-av1", "-cpu-used", "8", "-crf", "50", str(video))
        codec = "AV01"
    else:
        data = bytearray(source.read_bytes())
        at = data.find(b"mdat")
        size = int.from_bytes(data[at - 4 : at], "big")
        data[at + 4 : at - 4 + size] = bytes(size - 8)
        video.write_bytes(bytes(data))
        codec = "FMP4"
    from kinemotion.tracking.decode import VideoReader

    try:
        with VideoReader(video) as reader:
            decoded = len(list(reader))
    except Exception:  # noqa: BLE001 - what the command says is checked below
        decoded = 0
    if decoded:
        pytest.skip(f"this OpenCV decodes {codec}")
    result = _kinemotion("cmj", video, "-b", cmj_backend, "-o", tmp_path / "r.json")
    assert result.exit_code == 1, result.output
    assert (
        f"{video}: no frame could be decoded: its {codec} video is corrupt or in a codec this OpenCV/FFmpeg build "
        f"cannot decode; convert it with: ffmpeg -i {video} -c:v libx264 {tmp_path / 'clip.h264.mp4'}"
    ) in result.output


# --- a header that claims two billion frames ---------------------------------------------------------------------


def test_a_header_claiming_two_billion_frames_is_read_as_far_as_it_goes_not_allocated(tmp_path: Path) -> None:
    """Before: an AVI whose header says 2^31 frames (damaged; or a recording stopped without its length) made
    ``track`` allocate one row per claimed frame before the first: 'Unable to allocate 912. GiB', a traceback.
    (Run with 4 GB of address space: where memory is overcommitted, the allocation would not fail, the machine
    would fill.)"""
    import resource
    import struct

    source = blank_video(tmp_path / "source.mp4", FPS, FPS)
    avi = tmp_path / "clip.avi"
    _ffmpeg("-i", str(source), "-c:v", "mjpeg", str(avi))
    data = bytearray(avi.read_bytes())
    for box, at in ((b"avih", 16), (b"strh", 32)):  # total frames in the main header, the stream's length
        i = data.find(box) + 8 + at
        data[i : i + 4] = struct.pack("<I", 2**31 - 1)
    avi.write_bytes(bytes(data))

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    out = tmp_path / "clip.json"
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", str(avi), "-b", "mediapipe", "-o", str(out), "-q"],
        capture_output=True, text=True, timeout=300, preexec_fn=limited,
    )  # fmt: skip
    assert "Traceback" not in done.stderr and done.returncode == 3, done.stderr
    assert f"{avi}: decoding failed at frame {FPS} of {2**31 - 1}" in done.stderr
    assert json.loads(out.read_text())["complete"] is False


def test_a_video_named_with_a_line_break_prints_no_line_kinemotion_did_not_write(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Before: a video named ``x\\nError: forged.mp4`` printed its result as two lines, the second starting
    'Error: forged' as if kinemotion had said it; its report was named ``x`` and ``Error: forged`` on two
    lines in a listing."""
    video = blank_video(tmp_path / "x\nError: forged.mp4", int(3.5 * FPS), FPS)
    missing = tmp_path / "y\nError: forged too.mp4"
    out = tmp_path / "out"
    result = _kinemotion("cmj", video, missing, "-b", cmj_backend, "-o", f"{out}/")
    assert result.exit_code == 3, result.output
    lines = result.output.splitlines()
    assert not any(line.startswith("Error: forged") for line in lines), result.output
    assert f"{tmp_path}/x\\nError: forged.mp4 [zz-cmj]: " in result.output
    assert f"Error: {tmp_path}/y\\nError: forged too.mp4: no such file" in result.output
    assert [p.name for p in out.glob("*.cmj.json")] == ["x_Error: forged.cmj.json"]
