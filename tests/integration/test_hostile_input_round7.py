"""Hostile input, round 7: what a seventh outside attack found still broken around the project's promises:
nothing stale or half-written passes as a result, the plugin contract holds for plugins written for earlier
contract versions, and bad input gets one clear error.

Each test reproduces what a careless user, a hand edit or a plugin author could do and checks for one clear
error naming the file, frame, option or backend, or for the right answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import kinemotion
from kinemotion.errors import TrackingFileError
from kinemotion.tracking import TrackingResult, read_json
from tests.integration.test_hostile_input_round6 import _kinemotion, _tracked
from tests.jump.physics_backend import blank_video

FPS = 30


# --- a landmark JSON cut short by hand, still marked complete ------------------------------------------------


def _cut(keep: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Callable[[dict[str, Any]], None]:
    """An edit keeping ``keep(frames)`` of a landmark JSON and recounting ``frames_with_pose`` as an editor who
    knows the layout would."""

    def edit(data: dict[str, Any]) -> None:
        data["frames"] = keep(data["frames"])
        data["frames_with_pose"] = sum(f["landmarks"] is not None for f in data["frames"])

    return edit


def _refused_then_tracked_again(
    clip: Path, tmp_path: Path, backend: str, edit: Callable[[dict[str, Any]], None], says: str
) -> tuple[str, TrackingResult]:
    """A landmark JSON tracked by ``backend``, edited by ``edit`` and still marked complete: ``read_json`` and
    ``kinemotion cmj`` refuse it saying ``says`` and how to fix it, and ``kinemotion track`` tracks the video
    again (not 'skipped'). Returns what read_json said and the landmark JSON written again."""
    landmarks_file = _tracked(clip, backend, tmp_path / "clip.landmarks.json")
    data = json.loads(landmarks_file.read_text())
    edit(data)
    landmarks_file.write_text(json.dumps(data))
    with pytest.raises(TrackingFileError) as caught:
        read_json(landmarks_file)
    assert str(landmarks_file) in str(caught.value) and says in str(caught.value)
    assert "Track the video again" in str(caught.value)
    report = tmp_path / "r.json"
    result = _kinemotion("cmj", landmarks_file, "-o", report)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert says in result.output and not report.exists()
    again = _kinemotion("track", clip, "-b", backend, "-o", landmarks_file, "-q")
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    return str(caught.value), read_json(landmarks_file)


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_cut(lambda f: f[:40]), "it is marked complete, but its 40 frames end at 1.30 s, short of the end of"),
        (_cut(lambda f: f[30:]), "frame 0 has index 30: frames are missing, repeated or out of order"),
        (_cut(lambda f: f[:10] + f[40:]), "frame 10 has index 40: frames are missing, repeated or out of order"),
        (
            lambda d: d.update(frames=d["frames"][:40]),
            "it counts 99 frames with a pose (frames_with_pose), but its frames hold 38",
        ),
    ],
)
def test_a_landmark_json_cut_short_but_marked_complete_is_refused_and_tracked_again(
    clip: Path, tmp_path: Path, cmj_backend: str, edit: Callable[[dict[str, Any]], None], says: str
) -> None:
    """Before: frames removed from a landmark JSON by hand (its end, its start, its middle) still marked
    ``"complete": true`` were analysed as the whole video (a wrong jump or 'No flight phase found'), and
    ``kinemotion track`` kept the file as done ('skipped, its outputs exist')."""

    def counted_then_edited(data: dict[str, Any]) -> None:
        assert len(data["frames"]) == 105 and data["frames_with_pose"] == 99  # a pose dropped every 17th frame
        edit(data)

    _, again = _refused_then_tracked_again(clip, tmp_path, cmj_backend, counted_then_edited, says)
    assert len(again.timestamps_ms) == 105


def test_a_landmark_json_of_a_clip_trimmed_by_an_edit_list_reads_back_whole(demo_video: Path, tmp_path: Path) -> None:
    """The other side of the rule above: a trimmed clip shows fewer frames than its frame count (hidden ones
    behind an edit list); its landmark JSON, whole, is read back as complete and reused by a re-run."""
    from kinemotion.tracking.decode import VideoReader
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round3 import _trimmed_clip

    trimmed = _trimmed_clip(demo_video, tmp_path)
    with VideoReader(trimmed) as reader:
        assert reader.info.frame_count > 60 and reader.info.presented_duration_ms == pytest.approx(2000, abs=50)
    kinemotion.register_backend(FakePlugin("zz-fake7", priority=-1))
    try:
        out = _tracked(trimmed, "zz-fake7", tmp_path / "t.json")
        result = read_json(out)
        assert result.complete and result.frame_count == 60
        again = _kinemotion("track", trimmed, "-b", "zz-fake7", "-o", out, "-q")
        assert "skipped, its outputs exist" in again.output, again.output
    finally:
        kinemotion.unregister_backend("zz-fake7")


# --- the per-jump CSV a coach opens in a spreadsheet ----------------------------------------------------------


def test_a_video_named_like_a_formula_is_text_in_the_jump_table_and_numbers_are_unchanged(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Before: ``=HYPERLINK("http://evil","x").mp4`` was written as it is in ``cmj-jumps.csv``, a formula
    Excel runs when the coach opens the table (as are ``@...`` and ``-3+2``)."""
    import csv

    from kinemotion.jump.report import jumps_csv

    names = ['=HYPERLINK("http:evil",1)', "@SUM(1)", "-3+2", "+1", "athlete1"]
    videos = [blank_video(tmp_path / f"{name}.mp4", int(3.5 * FPS), FPS) for name in names]
    out = tmp_path / "out"
    result = _kinemotion("cmj", *videos, "-b", cmj_backend, "-o", out, "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    rows = {row["video_path"]: row for row in csv.DictReader((out / "cmj-jumps.csv").open())}
    for name, video in zip(names, videos, strict=True):
        row = rows[str(video)]  # a path from tmp_path: starts with '/', as given
        expected = f"{name}.mp4" if name == "athlete1" else f"'{name}.mp4"
        assert row["video"] == expected
        report = json.loads((out / f"{name}.cmj.json").read_text())
        assert float(row["flight_time_s"]) == pytest.approx(report["jumps"][0]["metrics"]["flight_time_s"])
    # a negative number is data, never text: a report with a negative metric keeps its minus sign
    report = json.loads((out / "athlete1.cmj.json").read_text())
    report["video"]["path"] = "-3+2.mp4"
    report["jumps"][0]["metrics"]["flight_time_s"] = -0.25
    row = next(csv.DictReader(jumps_csv([report]).splitlines()))
    assert row["video"] == row["video_path"] == "'-3+2.mp4" and row["flight_time_s"] == "-0.25"


# --- an athlete list saved by Excel as "Unicode Text", or damaged --------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_an_athlete_list_saved_as_excels_unicode_text_is_read(tmp_path: Path, one_report: Path, encoding: str) -> None:
    """Before: 'the athlete list needs a header row with the columns video and athlete (found ['ÿþv\\x00i\\x00...'
    for Excel's "Unicode Text" (UTF-16 with a byte-order mark, tab-separated), or UTF-16 another tool wrote
    without the mark."""
    athletes = tmp_path / "athletes.txt"
    athletes.write_bytes("video\tathlete\r\nclip01.mp4\tŁucja Ślęk\r\n".encode(encoding))
    page = tmp_path / "page.html"
    result = _kinemotion("report", one_report, "-o", page, "--athlete", athletes, "-q")
    assert result.exit_code == 0, result.output
    assert "Łucja Ślęk" in page.read_text(encoding="utf-8")


def test_an_athlete_list_with_its_header_alone_says_so(tmp_path: Path, one_report: Path) -> None:
    """Before: "needs a header row with the columns 'video' and 'athlete' (found no rows)" for a list whose
    header row is there (a template never filled in)."""
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete\n", encoding="utf-8")
    result = _kinemotion("report", one_report, "-o", tmp_path / "page.html", "--athlete", athletes, "-q")
    assert result.exit_code == 1, result.output
    assert f"{athletes}: the athlete list has its header row but no row under it: add one row per video" in (
        result.output
    )


@pytest.mark.parametrize("name", ["Ana\x00Silva", "Ana\x1b[31mSilva"])
def test_an_athlete_list_with_a_control_character_in_a_name_is_refused_naming_the_row(
    tmp_path: Path, one_report: Path, name: str
) -> None:
    """Before: a NUL byte (or a terminal escape) in a name went into the HTML page as it was (exit 0)."""
    athletes = tmp_path / "athletes.csv"
    athletes.write_text(f"video,athlete\nother.mp4,Bea\nclip01.mp4,{name}\n", encoding="utf-8")
    page = tmp_path / "page.html"
    result = _kinemotion("report", one_report, "-o", page, "--athlete", athletes, "-q")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"{athletes}: row 3: the athlete {name!r} holds the control character {name[3]!r}" in result.output
    assert "save it from the spreadsheet as CSV (UTF-8)" in result.output and not page.exists()


# --- an empty --backend (an unset shell variable) -----------------------------------------------------------


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump"])
def test_an_empty_backend_is_refused_not_read_as_auto(tmp_path: Path, command: str) -> None:
    """Before: ``-b "$BACKEND"`` with the variable unset tracked with whatever auto picked (exit 0), where an
    empty video or ``-o`` is refused (round 6) and ``bench -b ""`` says 'Unknown backend'."""
    video = blank_video(tmp_path / "v.mp4", 10, FPS)
    result = _kinemotion(command, video, "-b", " ", "-o", tmp_path / "out.json")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--backend' / '-b': is empty (an unset shell variable?)" in result.output
    assert not list(p.name for p in tmp_path.iterdir() if p.name != "v.mp4")


# --- a plugin written by its author with the contract version as a number -----------------------------------


def test_a_contract_version_written_as_a_number_is_named_with_the_fix(tmp_path: Path) -> None:
    """``contract_version = 1.2`` (not ``"1.2"``): before, "a contract version is 'MAJOR.MINOR' (like '1.3'),
    got 1.2", which reads as if 1.2 were not MAJOR.MINOR."""
    import subprocess
    import sys

    from tests.core.distributions import env_with, plugin_module, write_distribution

    site = tmp_path / "site"
    source = plugin_module("zz-numbered").replace("class Plugin:", "class Plugin:\n    contract_version = 1.2")
    write_distribution(site, "zz-numbered", "1.0", {"zz-numbered": "zz_numbered:Plugin"}, {"zz_numbered": source})
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "backends"], env=env_with(site), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert "Backend plugin 'zz-numbered' from zz-numbered failed to load" in said
    assert 'got the number 1.2: write it in quotes, contract_version = "1.2"' in said


# --- the conformance kit on a tracker whose first frame is slow ---------------------------------------------


def test_the_kit_passes_mediapipe_whose_first_frame_took_over_a_second(person_frame: np.ndarray) -> None:
    """The kit gives frames at 0 (no timestamp: the tracker's own clock), then at 1000 ms. MediaPipe's strict
    clock refused 1000 when its first frames had taken over a second (a model loading, a busy machine: 1.9 s
    on a shared 2-core machine): "timestamp_ms must increase ...: got 1000 after 1857", the shipped backend
    and every plugin wrapping it failing the kit by chance. Here the delay is after the first frame."""
    import time

    from kinemotion.testing import assert_conforms
    from kinemotion_mediapipe.plugin import MediaPipePlugin

    class SlowStart:
        """MediaPipe's tracker, its first frame taking 1.1 s more (as a lazily loaded model would)."""

        def __init__(self) -> None:
            self._inner = MediaPipePlugin().create("lightweight")
            self._first = True

        def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> Any:
            found = self._inner.process_frame(frame, timestamp_ms)
            if self._first:
                self._first = False
                time.sleep(1.1)
            return found

        def close(self) -> None:
            self._inner.close()

        def __enter__(self) -> SlowStart:
            return self

        def __exit__(self, *exc: object) -> None:
            self.close()

    class SlowStartPlugin(MediaPipePlugin):
        name = "zz-slow-start"
        modes = ("lightweight",)

        def create(self, mode: str = "lightweight", **options: object) -> Any:
            if mode not in self.modes:
                raise ValueError(f"no mode {mode!r}")
            if options:
                raise TypeError(f"no options: {sorted(options)}")
            return SlowStart()

    assert_conforms(SlowStartPlugin(), person_frame=person_frame)


# --- kinemotion report on a folder holding another run's temporary files -------------------------------------


def test_a_report_half_written_by_another_run_is_not_a_video_of_the_session(tmp_path: Path, one_report: Path) -> None:
    """Before: ``report out/`` read the hidden temporary file of a run killed outright (or still writing) as a
    second video of the session (2 videos, exit 0), and a Mac's ``._NAME.json`` copy as a damaged report."""
    import socket

    report = one_report / "clip01.cmj.json"
    partial = one_report / f".clip01.cmj.json.99999@{socket.gethostname()}.abcdefgh.partial.json"
    partial.write_bytes(report.read_bytes())
    (one_report / "._clip01.cmj.json").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    (one_report / ".git").mkdir()
    (one_report / ".git" / "a.cmj.json").write_bytes(report.read_bytes())
    page = tmp_path / "page.html"
    result = _kinemotion("report", one_report, "-o", page, "-q")
    assert result.exit_code == 0, result.output
    assert f"wrote {page} (1 video, 1 jump)" in result.output
    named = _kinemotion("report", report, "-o", page, "-q")  # a file named is read as given
    assert named.exit_code == 0 and "(1 video, 1 jump)" in named.output


@pytest.mark.parametrize("given", [None, b"clip.landmarks.json", ["a.json", "b.json"]])
def test_read_json_given_no_single_path_says_what_it_got(given: object) -> None:
    """Before: pathlib's "expected str, bytes or os.PathLike object, not NoneType" (``read_json(args.file)`` with
    the argument not given), where ``track_video`` names what it got (round 5)."""
    with pytest.raises(
        TypeError, match=rf"the landmark JSON must be one path \(str or pathlib.Path\), got {type(given).__name__}"
    ):
        read_json(given)  # type: ignore[arg-type]
