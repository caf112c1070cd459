"""Hostile input, round 11: what an eleventh outside attack (a coach's analyst editing reports, a run killed
mid-batch, a plugin author's debugging prints, a quoted wildcard) found still broken.

Each test reproduces what a careless user, an unlucky run or a plugin author could do and checks for one clear
error naming the file, field or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import kinemotion
from kinemotion import LandmarkDict
from tests.core.distributions import env_with, install_backend
from tests.core.fakes import FakePlugin, FakeTracker
from tests.integration.processes import kill_once_marked
from tests.integration.test_hostile_input_round4 import SLOW_TRACKER
from tests.integration.test_hostile_input_round6 import _kinemotion, _tracked
from tests.jump.physics_backend import blank_video

FPS = 30


# --- a report edited by hand where the page shows what the schema forbids -----------------------------------


def _set(path: str, value: object) -> Any:
    def edit(report: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        holder: Any = report
        for key in parents:
            holder = holder[int(key)] if isinstance(holder, list) else holder[key]
        holder[last] = value

    return edit


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("jumps.0.uncertainty.flight_time_s", -0.02, "jumps[0].uncertainty.flight_time_s is not a half-width"),
        ("jumps.0.phases_uncertainty_s.takeoff", -1, "jumps[0].phases_uncertainty_s.takeoff is not a half-width"),
        ("capture_fps", 0, "capture_fps is not a frame rate"),
        ("best_jump", 7, "best_jump is not the number of one of its jumps"),
    ],
)
def test_a_report_edited_against_its_schema_is_named_and_left_out_not_shown(
    tmp_path: Path, one_report: Path, cmj_backend: str, field: str, value: object, said: str
) -> None:
    """A coach's analyst edits a report by hand. Before: an uncertainty of -0.02 s was shown as "482 ms ± -20",
    a capture rate of 0 and a best jump 7 of a one-jump report ("jump 7" in the overview) were taken: values no
    version of the schema allows (kinemotion/schemas/jump.schema.json; other forms a later analysis may write, an
    interval for an uncertainty, a new jump kind, stay the page's to show), and the guide promises a hand-edited
    report is named with the first field the page cannot use and left out. A re-run on the video did not analyse
    it again either."""
    report = one_report / "clip01.cmj.json"
    data = json.loads(report.read_text())
    assert data["jumps"][0].get("uncertainty") and data["jumps"][0].get("jump_kind")  # the fields edited exist
    _set(field, value)(data)
    report.write_text(json.dumps(data))
    page = tmp_path / "page.html"
    result = _kinemotion("report", report, "-o", page, "-q")
    assert result.exit_code == 1, result.output
    assert f"{report}: an incomplete or damaged jump report: {said}" in result.output, result.output
    assert not page.exists()
    rerun = _kinemotion("cmj", tmp_path / "clip01.mp4", "-b", cmj_backend, "-o", f"{one_report}/", "-q")
    assert rerun.exit_code == 0 and "skipped" not in rerun.output, rerun.output  # analysed again, not reused
    assert _kinemotion("report", report, "-o", page, "-q").exit_code == 0


# --- a wildcard that reached kinemotion quoted, and a landmark JSON that is not there --------------------------


def test_a_quoted_wildcard_or_a_missing_landmark_json_is_said_in_words(tmp_path: Path, clip: Path) -> None:
    """Before: ``kinemotion cmj 'out/*.json'`` (quoted, or from a script's argument list) and a landmark JSON that
    is not there said "cannot be read (FileNotFoundError: [Errno 2] No such file or directory: 'out/*.json')" (a
    video said "no such file"), and ``kinemotion report 'out/*.json'`` "no such file or folder", none of them
    that the name is a wildcard no shell expanded."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.landmarks.json").write_text("{}")
    pattern, missing = tmp_path / "*.landmarks.json", tmp_path / "c.landmarks.json"
    quoted = "a wildcard no shell expanded, quoted or typed where no shell runs; it matches 2 files here"
    result = _kinemotion("cmj", pattern, "-q")
    assert result.exit_code == 1 and f"{pattern}: no such file ({quoted}" in result.output, result.output
    assert "FileNotFoundError" not in result.output and "Errno" not in result.output
    result = _kinemotion("cmj", missing, "-q")
    assert f"{missing}: no such file (the landmark JSON does not exist" in result.output, result.output
    assert "FileNotFoundError" not in result.output
    result = _kinemotion("report", tmp_path / "*.cmj.json", "-o", tmp_path / "page.html")
    assert result.exit_code == 1 and "a wildcard that matches nothing here" in result.output, result.output
    result = _kinemotion("track", tmp_path / "*.mp4", "-q")
    assert "no such file (a wildcard no shell expanded, quoted or typed where no shell runs; it matches 1 file" in (
        result.output
    )


# --- a run killed outright after some of its outputs -----------------------------------------------------------


def test_a_run_killed_outright_leaves_no_earlier_table_or_page_beside_its_new_reports(
    tmp_path: Path, clip: Path, cmj_backend: str, jump_set: str
) -> None:
    """Monday's run wrote ``out/`` (a report, the jump table, the session page); Tuesday's run of a re-tracked
    landmark file and one more video was killed outright (``kill -9``, the out-of-memory killer) while it tracked
    the video. Before: the folder held Tuesday's report (three jumps) beside Monday's table and page (its one
    jump, under the same video): an earlier run's rows passing as the results of the reports beside them. Now
    the files a run rewrites are set aside before its work (``NAME.previous``, nothing lost) and their
    ``.previous`` removed once replaced, so a run that finishes leaves the folder as before."""
    landmarks_file, out = tmp_path / "a.landmarks.json", tmp_path / "out"
    _tracked(clip, cmj_backend, landmarks_file)
    monday = _kinemotion("cmj", landmarks_file, "-o", f"{out}/", "--report", out / "s.html", "-q")
    assert monday.exit_code == 0, monday.output
    table, page = out / "cmj-jumps.csv", out / "s.html"
    earlier = {path: path.read_bytes() for path in (table, page)}
    _tracked(blank_video(tmp_path / "long.mp4", int(8.5 * FPS), FPS), jump_set, landmarks_file)  # 3 jumps now
    site, marks = tmp_path / "site", tmp_path / "tracked-by"
    install_backend(site, "zz-slow-frames", SLOW_TRACKER)
    video = blank_video(tmp_path / "v.mp4", 40, FPS)
    command = [sys.executable, "-m", "kinemotion", "cmj", str(landmarks_file), str(video), "-b", "zz-slow-frames"]
    process = subprocess.Popen(
        [*command, "-q", "-j", "1", "-o", f"{out}/", "--report", str(page)],
        env=env_with(site, KINEMOTION_TEST_WORKERS=str(marks)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_once_marked(process, marks, 2)  # the video's tracking under way
    assert json.loads((out / "a.landmarks.cmj.json").read_text())["jump_count"] == 3  # Tuesday's report
    for path, data in earlier.items():
        assert not path.exists(), f"{path.name}: Monday's, beside Tuesday's report"
        assert (out / f"{path.name}.previous").read_bytes() == data  # set aside, not lost
    again = _kinemotion("cmj", landmarks_file, "-o", f"{out}/", "--report", page, "-q")
    assert again.exit_code == 0, again.output
    assert page.is_file() and len(table.read_text().splitlines()) == 1 + 3
    assert not (out / "a.landmarks.cmj.json.previous").exists()  # a file replaced by a finished run is gone


def test_a_track_run_killed_outright_leaves_no_earlier_landmarks_of_the_video_it_was_tracking_again(
    tmp_path: Path, fake: str
) -> None:
    """Before: ``kinemotion track v.mp4 -b other`` killed outright while tracking left the earlier run's landmark
    JSON and CSV (another backend's) at the paths, whole, as if they were this request's."""
    video, out = blank_video(tmp_path / "v.mp4", 40, FPS), tmp_path / "out"
    assert _kinemotion("track", video, "-b", fake, "-o", f"{out}/", "-q").exit_code == 0
    earlier = {path: path.read_bytes() for path in out.iterdir()}
    assert sorted(p.name for p in earlier) == ["v.landmarks.csv", "v.landmarks.json"]
    site, marks = tmp_path / "site", tmp_path / "tracked-by"
    install_backend(site, "zz-slow-frames", SLOW_TRACKER)
    process = subprocess.Popen(
        [sys.executable, "-m", "kinemotion", "track", str(video), "-b", "zz-slow-frames", "-q", "-o", f"{out}/"],
        env=env_with(site, KINEMOTION_TEST_WORKERS=str(marks)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_once_marked(process, marks, 2)
    for path, data in earlier.items():
        assert not path.exists() and (out / f"{path.name}.previous").read_bytes() == data


# --- a plugin author's debugging prints -------------------------------------------------------------------------


class _PrintingTracker(FakeTracker):
    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        print(f"DEBUG frame at {timestamp_ms} ms", end="")  # a line in two writes, as print() makes it
        print()
        return super().process_frame(frame, timestamp_ms)


def test_what_a_backend_prints_goes_to_stderr_marked_with_its_name_not_into_the_results(
    tmp_path: Path, clip: Path, cmj_backend: str
) -> None:
    """A plugin author left a ``print`` in ``process_frame``. Before: ``kinemotion track ... -q > results.txt``
    collected one "DEBUG frame ..." line a frame among kinemotion's own lines on standard output, with no word of
    which backend wrote them. Now they are on standard error, each marked ``[backend]``, with one warning naming
    it; standard output holds kinemotion's lines alone, the main thread's included (it writes a batch's results
    while the tracking thread calls the backend), and ``bench --json`` stays JSON."""
    kinemotion.register_backend(FakePlugin("zz-printing", priority=-1, tracker=_PrintingTracker))
    try:
        videos = [blank_video(tmp_path / f"v{i}.mp4", 20, FPS) for i in range(3)]
        result = _kinemotion("track", *videos, "-b", "zz-printing", "-o", f"{tmp_path / 'out'}/", "-q", "-j", "1")
        timed = _kinemotion("bench", videos[0], "-b", "zz-printing", "--json", "--frames", "5")
    finally:
        kinemotion.unregister_backend("zz-printing")
    assert timed.exit_code == 0, timed.output
    assert json.loads(timed.stdout)  # `bench --json > times.json` stays JSON
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{video} [zz-printing]: wrote {tmp_path / 'out' / video.stem}.landmarks.json and "
        f"{tmp_path / 'out' / video.stem}.landmarks.csv"
        for video in videos
    ]
    printed = [line for line in result.stderr.splitlines() if "DEBUG" in line]
    assert len(printed) == 3 * 20 and all(line.startswith("[zz-printing] DEBUG frame at ") for line in printed)
    assert result.stderr.count("backend 'zz-printing' printed to standard output in process_frame()") == 1


# --- a JSON written from Python over what it must never replace --------------------------------------------------


def test_a_json_written_from_python_replaces_no_other_kind_of_file_no_folder_and_no_landmarks(
    tmp_path: Path, clip: Path, cmj_backend: str
) -> None:
    """Before: ``report.write_json("other.mp4")`` replaced an unrelated recording with JSON (the command line
    refuses ``-o other.mp4``), ``report.write_json("results/")`` wrote a file named ``results``, and a jump report
    written over the landmark JSON it was analysed from (``write_json(path)`` with the path read, or ``cmj -o``
    naming an earlier ``track -o``'s file) replaced the landmarks, the slow part, with the report."""
    from kinemotion.errors import OutputError
    from kinemotion.jump import analyze_tracking
    from kinemotion.tracking import read_json, write_json

    landmarks_file = _tracked(clip, cmj_backend, tmp_path / "a.json")
    landmarks = landmarks_file.read_bytes()
    tracking = read_json(landmarks_file)
    report = analyze_tracking(tracking, "cmj")
    other = blank_video(tmp_path / "other.mp4", 10, FPS)
    recording = other.read_bytes()
    for write in (report.write_json, lambda path: write_json(tracking, path)):
        with pytest.raises(OutputError, match=r"other\.mp4: a \.mp4 name says it is another kind of file"):
            write(other)
        with pytest.raises(OutputError, match="that names a folder; give the file's name"):
            write(f"{tmp_path / 'results'}/")
    assert other.read_bytes() == recording and not (tmp_path / "results").exists()
    with pytest.raises(OutputError, match=r"a\.json: it is a landmark JSON .*; name it .*a\.cmj\.json"):
        report.write_json(landmarks_file)
    result = _kinemotion("cmj", clip, "-b", cmj_backend, "-o", landmarks_file, "-q")
    assert result.exit_code == 1 and "it is a landmark JSON" in result.output, result.output
    assert landmarks_file.read_bytes() == landmarks
    assert report.write_json(tmp_path / "a.cmj.json").is_file()  # the name it suggests
    assert write_json(tracking, landmarks_file) == landmarks_file  # a landmark JSON replaced by landmarks: as before


# --- a session page named as the jump table ------------------------------------------------------------------


def test_a_session_page_named_as_the_jump_table_is_refused_as_a_page_not_blamed_on_the_first_video(
    tmp_path: Path, clip: Path, cmj_backend: str
) -> None:
    """``cmj a b -o out/ --report out/cmj-jumps.csv``. Before: "out/cmj-jumps.csv is named for two of a's outputs
    (report, table, plot, overlay or page)": the table and the page are the run's, not the first video's, and
    the page's name check (``--report r.pdf`` is refused as no page name) came after it."""
    landmarks_file = _tracked(clip, cmj_backend, tmp_path / "a.landmarks.json")
    out = tmp_path / "out"
    result = _kinemotion(
        "cmj", landmarks_file, clip, "-b", cmj_backend, "-o", f"{out}/", "--report", out / "cmj-jumps.csv"
    )
    assert result.exit_code == 1, result.output
    assert (
        f"refusing to write the HTML report as {out / 'cmj-jumps.csv'}: a .csv name would not say what the file is;"
        in (result.output)
    )
    assert "a.landmarks.json's outputs" not in result.output and not out.exists()  # before any work


# --- one video in many reports -------------------------------------------------------------------------------


def test_one_video_in_many_reports_is_said_in_one_short_line(tmp_path: Path, one_report: Path) -> None:
    """A results folder copied into itself again and again (a sync tool's conflicts, ``cp -r`` in a loop). Before:
    "clip01.mp4 is in 40 cmj reports (copy00.cmj.json, copy01.cmj.json, ... copy39.cmj.json)", every name on one
    line (and on the page), where the other warnings name five and say how many more."""
    report = (one_report / "clip01.cmj.json").read_text()
    for i in range(39):
        (one_report / f"copy{i:02d}.cmj.json").write_text(report)
    result = _kinemotion("report", one_report, "-o", tmp_path / "page.html", "-q")
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if "is in 40 cmj reports" in line]
    assert "and 35 more): its jumps are shown" in line and len(line) < 400, line
