"""Bad input to ``kinemotion report``, round 3 (an outside attack after issue 28).

A page a coach trusts shows only what the reports say: never another
recording's frames as a jump's take-off, never a traceback because one
report of the session was edited by hand.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kinemotion.cli.main import cli
from tests.report.conftest import CMJ_FPS, Clips, footage_video


def _report(*args: object) -> Result:
    return CliRunner().invoke(cli, ["report", *map(str, args)])


@pytest.fixture
def results(clips: Clips, tmp_path: Path) -> Path:
    """A folder with the CMJ set's report, made by ``kinemotion cmj``."""
    out = tmp_path / "results"
    run = CliRunner().invoke(cli, ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "-q"])
    assert run.exit_code == 0, run.output
    return out


def test_stills_are_never_taken_from_another_recording_saved_under_the_videos_name(
    clips: Clips, tmp_path: Path, demo_video: Path
) -> None:
    video = Path(shutil.copy(clips.cmj, tmp_path / "ana.mp4"))  # a copy: the session's clip stays as it is
    results = tmp_path / "results"
    made = CliRunner().invoke(cli, ["cmj", str(video), "-b", clips.cmj_backend, "-o", str(results), "-q"])
    assert made.exit_code == 0, made.output
    page = tmp_path / "s.html"
    assert _report(results, "-o", page).exit_code == 0  # the analysed video: its stills
    footage_video(demo_video, video, 90, CMJ_FPS, size=(320, 180))  # Tuesday's clip saved under Monday's name
    replaced = _report(results, "-o", page)
    assert replaced.exit_code == 3, replaced.output  # written, with something missing
    assert f"{video} is not the video this report was made from" in replaced.output
    html = page.read_text(encoding="utf-8")
    assert "data:image/jpeg;base64," not in html and "not the analysed video" in html


def _pose(data: dict[str, Any]) -> dict[str, Any]:
    pose: dict[str, Any] = data["jumps"][0]["poses"]["takeoff"]
    return pose


HAND_EDITS: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "pose frame as text": (lambda d: _pose(d).update(frame="12"), "jumps[0].poses.takeoff.frame"),
    "pose frame negative": (lambda d: _pose(d).update(frame=-5), "jumps[0].poses.takeoff.frame"),
    "pose without frame": (lambda d: _pose(d).pop("frame"), "jumps[0].poses.takeoff.frame"),
    "pose without landmarks": (lambda d: _pose(d).pop("landmarks"), "jumps[0].poses.takeoff.landmarks"),
    "landmark as text": (lambda d: _pose(d)["landmarks"].update(nose="x"), "jumps[0].poses.takeoff.landmarks.nose"),
    "landmark short": (lambda d: _pose(d)["landmarks"].update(nose=[0.5]), "jumps[0].poses.takeoff.landmarks.nose"),
    "landmark NaN": (
        lambda d: _pose(d)["landmarks"].update(nose=[math.nan, 0.5, 1.0]),
        "jumps[0].poses.takeoff.landmarks.nose",
    ),
    "landmark far off the frame": (  # the still frame's drawing was an OpenCV traceback
        lambda d: _pose(d)["landmarks"].update(nose=[1e300, 0.5, 1.0]),
        "jumps[0].poses.takeoff.landmarks.nose",
    ),
    "visibility above 1": (
        lambda d: _pose(d)["landmarks"].update(nose=[0.5, 0.5, 1.5]),
        "jumps[0].poses.takeoff.landmarks.nose",
    ),
    "poses a list": (lambda d: d["jumps"][0].update(poses=[1, 2]), "jumps[0].poses"),
    "no jumps": (lambda d: d.update(jumps=[]), "jumps is empty"),
    "pose time as text": (lambda d: _pose(d).update(time_s="1.2"), "jumps[0].poses.takeoff.time_s"),
    "metric as text": (lambda d: d["jumps"][0]["metrics"].update(flight_time_s="0.5"), "metrics.flight_time_s"),
    "metric an object": (lambda d: d["jumps"][0]["metrics"].update(flight_time_s={"v": 1}), "metrics.flight_time_s"),
    "phase as text": (lambda d: d["jumps"][0]["phases_s"].update(takeoff="1.2"), "jumps[0].phases_s.takeoff"),
    "phase null": (lambda d: d["jumps"][0]["phases_s"].update(takeoff=None), "jumps[0].phases_s.takeoff"),
    "uncertainty as text": (lambda d: d["jumps"][0].update(uncertainty="small"), "jumps[0].uncertainty"),
    "series as text": (lambda d: d.update(series="none"), "series"),
    "summary as text": (lambda d: d["summary"].update(flight_time_s="x"), "summary.flight_time_s"),
    "height as text": (lambda d: d.update(athlete_height_m="1.80"), "athlete_height_m"),
}


@pytest.mark.parametrize("edit", list(HAND_EDITS))
def test_a_hand_edited_report_is_named_with_its_field_and_the_rest_is_written(
    results: Path, tmp_path: Path, edit: str
) -> None:
    (good,) = results.glob("*.cmj.json")
    data = json.loads(good.read_text())
    damage, field = HAND_EDITS[edit]
    damage(data)
    edited = tmp_path / "edited.cmj.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    page = tmp_path / "s.html"
    result = _report(good, edited, "-o", page)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 3, result.output  # the page, without the edited report
    assert f"{edited}: an incomplete or damaged jump report: " in result.output and field in result.output
    assert page.read_text(encoding="utf-8").count('class="video"') == 1


def test_a_report_from_a_newer_kinemotion_says_to_upgrade_and_one_from_an_older_to_analyse_again(
    results: Path, tmp_path: Path
) -> None:
    (good,) = results.glob("*.cmj.json")
    for schema in ("kinemotion.jump/3", "kinemotion.jump/1"):
        data = json.loads(good.read_text())
        data["schema"] = schema
        (tmp_path / f"{schema[-1]}.cmj.json").write_text(json.dumps(data), encoding="utf-8")
    result = _report(good, tmp_path / "3.cmj.json", tmp_path / "1.cmj.json", "-o", tmp_path / "s.html")
    assert result.exit_code == 3, result.output
    newer = next(line for line in result.output.splitlines() if "3.cmj.json" in line)
    older = next(line for line in result.output.splitlines() if "1.cmj.json" in line)
    assert "made by a newer kinemotion" in newer and "pip install --upgrade kinemotion" in newer
    assert "analyse the video again" in older and "upgrade" not in older


def test_the_page_never_overwrites_a_report_it_reads_or_a_video(results: Path, tmp_path: Path) -> None:
    """``kinemotion report out/ana.cmj.json -o out/ana.cmj.json`` replaced the analysis with the page, exit 0."""
    (good,) = results.glob("*.cmj.json")
    video = Path(json.loads(good.read_text())["video"]["path"])
    kept = {good: good.read_bytes(), video: video.read_bytes()}
    for args in ((good, "-o", good), (results, "-o", good), (good, "-o", video)):
        refused = _report(*args)
        assert refused.exit_code == 1 and "refusing to write" in refused.output, refused.output
    both = _report(good, "-o", tmp_path / "s.html", "--pdf", tmp_path / "s.html")
    assert both.exit_code == 1 and "give the PDF its own name" in both.output
    assert {path: path.read_bytes() for path in kept} == kept
    assert not (tmp_path / "s.html").exists()


def test_cmj_report_page_named_as_the_jumps_table_is_refused_before_any_work(clips: Clips, tmp_path: Path) -> None:
    """``--report out/cmj-jumps.csv`` wrote the table, then the page over it (exit 0, no table left)."""
    out = tmp_path / "out"
    run = CliRunner().invoke(
        cli,
        ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "-q", "--report", str(out / "cmj-jumps.csv")],
    )
    assert run.exit_code == 1, run.output
    # named as what it is (it said "is named for two of clip's outputs": the table and the page are the run's)
    assert f"refusing to write the HTML report as {out / 'cmj-jumps.csv'}: a .csv name" in run.output, run.output
    assert not out.exists() or not list(out.iterdir())  # refused before any work


@pytest.mark.parametrize(
    ("saved_as", "content"),
    [
        ("Excel on Windows (cp1252)", "video,athlete\nana.mp4,José Núñez\n".encode("cp1252")),
        ("Excel where the decimal mark is a comma (semicolons)", "video;athlete\nana.mp4;José Núñez\n".encode()),
        ("a tab-separated export", "video\tathlete\nana.mp4\tJosé Núñez\n".encode()),
    ],
)
def test_an_athlete_list_as_a_spreadsheet_saves_it_names_the_athlete(
    results: Path, tmp_path: Path, saved_as: str, content: bytes
) -> None:
    """A coach's athlete list from Excel was refused ("can't decode byte 0xe9", or no 'video' column)."""
    athletes = tmp_path / "athletes.csv"
    athletes.write_bytes(content)
    page = tmp_path / "s.html"
    done = _report(results, "-o", page, "--athlete", athletes)
    assert done.exit_code == 0, f"{saved_as}: {done.output}"
    assert "José Núñez" in page.read_text(encoding="utf-8")


def test_an_athlete_list_naming_two_athletes_for_one_video_is_refused(results: Path, tmp_path: Path) -> None:
    """The second name silently won: Ben's jumps would be shown as Ana's, or the reverse."""
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete\nana.mp4,Ana\nana.mp4,Ben\n", encoding="utf-8")
    done = _report(results, "-o", tmp_path / "s.html", "--athlete", athletes)
    assert done.exit_code == 1 and "names two athletes for ana.mp4: 'Ana' and 'Ben'" in done.output
    assert not (tmp_path / "s.html").exists()


def test_a_videos_folder_that_does_not_exist_is_a_wrong_option(results: Path, tmp_path: Path) -> None:
    """A typo in --videos was ignored silently."""
    done = _report(results, "-o", tmp_path / "s.html", "--videos", tmp_path / "vidoes")
    assert done.exit_code == 2 and "does not exist" in done.output


def test_a_report_that_recorded_no_digest_of_its_video_still_gets_its_stills(results: Path, tmp_path: Path) -> None:
    """A result built by hand (or by an older kinemotion) records no fingerprint: the file is taken by its name
    and size, not refused as another recording."""
    (good,) = results.glob("*.cmj.json")
    data = json.loads(good.read_text())
    data["video"]["fingerprint"] = None
    good.write_text(json.dumps(data), encoding="utf-8")
    page = tmp_path / "s.html"
    done = _report(results, "-o", page)
    assert done.exit_code == 0, done.output
    assert page.read_text(encoding="utf-8").count("data:image/jpeg;base64,") == 2 * len(data["jumps"])
