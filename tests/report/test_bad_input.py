"""Bad input to ``kinemotion report``: a clear message naming the file, and a page of what could be used, marked."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kinemotion.cli.main import cli
from kinemotion.report_html.sources import read_session
from tests.report.browser import console_errors, open_chromium, open_page
from tests.report.conftest import Clips, footage_video


def _report(*args: str) -> Result:
    return CliRunner().invoke(cli, ["report", *map(str, args)])


@pytest.fixture
def results(clips: Clips, tmp_path: Path) -> Path:
    """A folder with the CMJ set's report, made by ``kinemotion cmj``."""
    out = tmp_path / "results"
    run = CliRunner().invoke(cli, ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "-q"])
    assert run.exit_code == 0, run.output
    return out


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with open_chromium(tmp_path / "profile") as driver:
        yield driver


def test_a_folder_without_reports_is_an_error_naming_it_and_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "nothing_here"
    empty.mkdir()
    (empty / "notes.json").write_text('{"hello": 1}', encoding="utf-8")  # some other JSON: passed over
    page = tmp_path / "session.html"
    result = _report(empty, "-o", page)
    assert result.exit_code == 1
    assert f"{empty}: no kinemotion jump report in this folder" in result.output
    assert "kinemotion cmj" in result.output  # how to make them
    assert not page.exists()


def test_an_unknown_schema_is_listed_and_the_rest_is_written(results: Path, tmp_path: Path) -> None:
    (good,) = results.glob("*.cmj.json")
    future = json.loads(good.read_text())
    future["schema"] = "kinemotion.jump/9"
    (results / "future.cmj.json").write_text(json.dumps(future), encoding="utf-8")
    (results / "broken.cmj.json").write_text("{not json", encoding="utf-8")
    damaged = json.loads(good.read_text())
    del damaged["jumps"][1]["metrics"]
    (results / "damaged.cmj.json").write_text(json.dumps(damaged), encoding="utf-8")
    (results / "ana.landmarks.json").write_text('{"schema": "kinemotion.tracking/1"}', encoding="utf-8")  # not ours
    empty = tmp_path / "empty_folder"
    empty.mkdir()
    page = tmp_path / "session.html"
    result = _report(results, good, empty, "-o", page)  # the good report named twice: shown once
    assert result.exit_code == 3, result.output  # written, but something is missing from it
    assert "damaged.cmj.json: an incomplete or damaged jump report: jumps[1].metrics is missing" in result.output
    assert "landmarks.json" not in result.output
    assert "future.cmj.json: a jump report of schema 'kinemotion.jump/9'" in result.output
    assert "broken.cmj.json: not a readable JSON file" in result.output
    assert f"{empty}: no kinemotion jump report" in result.output
    html = page.read_text(encoding="utf-8")
    assert 'id="problems"' in html and "Left out of this report (4)" in html
    assert "kinemotion.jump/9" in html and html.count('class="video"') == 1  # the good report is on the page


def test_a_missing_video_gives_marked_placeholders(results: Path, tmp_path: Path, browser: Any) -> None:
    (good,) = results.glob("*.cmj.json")
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    data = json.loads(good.read_text())
    shutil.copy(good, moved / good.name)
    video = Path(data["video"]["path"])
    hidden = video.with_name("hidden.mp4")
    video.rename(hidden)
    try:
        page = tmp_path / "session.html"
        result = _report(moved, "-o", page)
    finally:
        hidden.rename(video)
    assert result.exit_code == 3, result.output
    said = " ".join(result.output.split())
    assert f"the video {video} was not found (as recorded and beside the report)" in said, said
    assert "give the folder holding it with --videos FOLDER" in said  # what to do (before: "is not on this machine")
    open_page(browser, page)
    marks = browser.execute_script(
        """return [...document.querySelectorAll('.still .missing')].map(m => {
            const r = m.getBoundingClientRect(); return [m.textContent, r.width, r.height]; })"""
    )
    assert len(marks) == 2 * len(data["jumps"])
    assert all(text == "video not found" and w > 50 and h > 50 for text, w, h in marks)
    assert browser.find_elements("css selector", "svg.chart")  # the charts need no video
    assert "give the folder holding it with --videos FOLDER" in browser.find_element("css selector", ".flags").text
    assert console_errors(browser) == []

    # --videos: where the videos are now; the stills come back.
    page2 = tmp_path / "again.html"
    video.rename(tmp_path / video.name)
    try:
        again = _report(moved, "-o", page2, "--videos", tmp_path)
    finally:
        (tmp_path / video.name).rename(video)
    assert again.exit_code == 0, again.output
    assert page2.read_text(encoding="utf-8").count("data:image/jpeg;base64,") == 2 * len(data["jumps"])


def test_an_athlete_list_without_its_columns_is_refused(results: Path, tmp_path: Path) -> None:
    athletes = tmp_path / "names.csv"
    athletes.write_text("file,name\nana.mp4,Ana\n", encoding="utf-8")
    result = _report(results, "-o", tmp_path / "s.html", "--athlete", athletes)
    assert result.exit_code == 1
    assert f"{athletes}: the athlete list needs a header row with the columns 'video' and 'athlete'" in result.output
    assert not (tmp_path / "s.html").exists()


def test_cmj_report_option_lists_videos_that_gave_no_jump(clips: Clips, tmp_path: Path, demo_video: Path) -> None:
    """``--report`` on ``cmj``: a video the analysis refuses is named on the page, with why (under "Not measured",
    as `kinemotion report` lists its refusal record; it was under "Left out of this report"), the others shown."""
    short = footage_video(demo_video, tmp_path / "too_short.mp4", 15, 30)
    out = tmp_path / "out"
    page = out / "session.html"
    result = CliRunner().invoke(
        cli, ["cmj", str(clips.cmj), str(short), "-b", clips.cmj_backend, "-o", str(out), "--report", str(page), "-q"]
    )
    assert result.exit_code == 3, result.output  # one of two videos failed: the cmj command's own code
    html = page.read_text(encoding="utf-8")
    assert html.count('class="video"') == 1 and 'id="refused"' in html and 'id="problems"' not in html
    assert f'<li data-video="{short}" data-kind="cmj"><strong>{short.name}</strong>' in html
    assert '<span class="reason">The video is too short' in html

    # every clip refused: the page lists them alone, as `kinemotion report` makes one of their records (it once
    # wrote none: "not written: no video gave a cmj report"); the exit code still says every video failed
    only_bad = tmp_path / "none.html"
    result = CliRunner().invoke(cli, ["cmj", str(short), "-b", clips.cmj_backend, "--report", str(only_bad), "-q"])
    assert result.exit_code == 1, result.output
    assert (
        "not written" not in result.output and f"wrote {only_bad} (0 videos, 0 jumps, 1 not measured)" in result.output
    )
    refused_only = only_bad.read_text(encoding="utf-8")
    assert 'class="video"' not in refused_only and 'id="refused"' in refused_only
    assert f'<li data-video="{short}" data-kind="cmj"><strong>{short.name}</strong>' in refused_only
    assert '<span class="reason">The video is too short' in refused_only
    assert html.count("data:image/jpeg;base64,") == 6  # three jumps, two stills each


def test_a_video_that_cannot_be_read_is_named_once_in_each_line_about_it(clips: Clips, tmp_path: Path) -> None:
    """Before: 'warning: bad.mp4: bad.mp4 could not be opened as a video: ...' (the path twice), and so on the page."""
    bad = tmp_path / "bad.mp4"
    bad.write_text("not a video")
    page = tmp_path / "out" / "session.html"
    result = CliRunner().invoke(
        cli, ["cmj", str(clips.cmj), str(bad), "-b", clips.cmj_backend, "-o", str(page.parent), "--report", str(page)]
    )
    assert result.exit_code == 3, result.output
    warning = next(line for line in result.output.splitlines() if line.startswith("warning:"))
    assert warning.startswith(f"warning: {bad}: could not be opened as a video: ") and warning.count(str(bad)) == 1
    html = page.read_text(encoding="utf-8")
    assert f"<strong>{bad}</strong>: could not be opened as a video: " in html and html.count(str(bad)) == 1


def test_cmj_report_of_videos_none_read_writes_no_page(clips: Clips, tmp_path: Path) -> None:
    """No video measured and none refused by the analysis (each unreadable, so no refusal record): nothing for
    a page to show, so none is written and the run says why (as `kinemotion report` of no report writes none)."""
    bad = tmp_path / "bad.mp4"
    bad.write_text("not a video")
    page = tmp_path / "session.html"
    result = CliRunner().invoke(cli, ["cmj", str(bad), "-b", clips.cmj_backend, "--report", str(page), "-q"])
    assert result.exit_code == 1, result.output
    assert f"Error: {page} not written: no video gave a cmj report or was refused by the analysis" in result.output
    assert not page.exists()


def test_pdf_without_chromium_names_the_package(results: Path, tmp_path: Path) -> None:
    env = {**os.environ, "KINEMOTION_CHROMIUM": str(tmp_path / "no-such-chromium")}
    result = CliRunner(env=env).invoke(
        cli, ["report", str(results), "-o", str(tmp_path / "p.html"), "--pdf", str(tmp_path / "p.pdf")]
    )
    assert result.exit_code == 1
    assert "Debian/Ubuntu package `chromium`" in result.output and "apt-get install chromium" in result.output
    assert not (tmp_path / "p.html").exists() and not (tmp_path / "p.pdf").exists()  # said before any work


def test_videos_recorded_on_another_machine_are_found_with_videos(results: Path, tmp_path: Path) -> None:
    """A report made on Windows (or on a Ray worker) names a path that is not here; --videos says where."""
    (good,) = results.glob("*.cmj.json")
    data = json.loads(good.read_text())
    here = Path(data["video"]["path"])
    data["video"]["path"] = f"C:\\Users\\coach\\session\\{here.name}"
    good.write_text(json.dumps(data), encoding="utf-8")
    page = tmp_path / "s.html"
    missing = _report(results, "-o", page)
    assert missing.exit_code == 3 and "C:\\Users\\coach\\session" in missing.output
    found = _report(results, "-o", page, "--videos", here.parent)
    assert found.exit_code == 0, found.output
    assert page.read_text(encoding="utf-8").count("data:image/jpeg;base64,") == 2 * len(data["jumps"])


def test_report_of_a_whole_results_folder_by_wildcard_passes_over_the_other_outputs(
    clips: Clips, tmp_path: Path
) -> None:
    """`kinemotion report out/*` (the shell names every file of the folder): the jump table, the session page,
    a plot and a landmark file are kinemotion's own outputs, not reports. They were each "left out" as a
    problem, marked on the page, and the command exited 3 (incomplete); now they are passed over in one
    warning and the page is complete. Named alone, such a file is still no report: an error."""
    out = tmp_path / "out"
    run = CliRunner().invoke(
        cli,
        ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "--plot", str(out), "--report",
         str(out / "session.html"), "-q"],
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    (out / "ana.landmarks.json").write_text('{"schema": "kinemotion.tracking/1"}', encoding="utf-8")
    given = sorted(out.iterdir())
    assert {p.suffix for p in given} >= {".json", ".csv", ".html", ".png"}, given
    page = tmp_path / "again.html"
    result = _report(*given, "-o", page)
    assert result.exit_code == 0, result.output
    assert "passed over 4 files beside the jump reports that are not reports" in result.output, result.output
    assert "cmj-jumps.csv (a table)" in result.output and "session.html (a page)" in result.output
    assert "Left out of this report" not in page.read_text(encoding="utf-8")
    alone = _report(out / "cmj-jumps.csv", "-o", tmp_path / "none.html")
    assert alone.exit_code == 1 and "cmj-jumps.csv (a table): not a jump report" in alone.output, alone.output
    assert not (tmp_path / "none.html").exists()


def test_report_by_wildcard_passes_over_a_tracking_overlay_and_any_plot_and_refreshes_the_page_in_place(
    clips: Clips, tmp_path: Path
) -> None:
    """The README's flow, then `kinemotion report out/* -o out/session.html` to refresh its page: `track
    --overlay out/` names its overlay ``VIDEO.overlay.mp4`` and `--plot` writes any matplotlib format (.svg):
    both were "left out" as problems (exit 3); and the page `--report` wrote, passed over as an input, was
    refused as the new page's name ("it is one of the reports read"). A page named alone stays refused."""
    out = tmp_path / "out"
    runner = CliRunner()
    tracked = runner.invoke(
        cli, ["track", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "--overlay", str(out), "-q"]
    )
    assert tracked.exit_code == 0, tracked.output
    landmarks = out / "ana.landmarks.json"
    analysed = runner.invoke(
        cli,
        ["cmj", str(landmarks), "-o", str(out), "--plot", str(out / "ana.svg"), "--report", str(out / "session.html"),
         "-q"],
    )  # fmt: skip
    assert analysed.exit_code == 0, analysed.output
    given = sorted(out.iterdir())
    assert {p.name for p in given} >= {"ana.overlay.mp4", "ana.svg", "session.html"}, given
    page = out / "session.html"
    result = _report(*given, "-o", page)
    assert result.exit_code == 0, result.output
    assert "ana.overlay.mp4 (an overlay video)" in result.output and "ana.svg (a picture)" in result.output
    assert "Left out of this report" not in page.read_text(encoding="utf-8")
    alone = _report(page, "-o", page)
    assert alone.exit_code == 1 and "refusing to write" in alone.output, alone.output


def test_report_by_wildcard_over_videos_analysed_in_place_passes_over_their_videos(
    clips: Clips, tmp_path: Path
) -> None:
    """`kinemotion cmj clips/*.mp4` writes each report beside its video; `kinemotion report clips/*` then named
    each video too, "left out" as a problem, exit 3. The video of a report given is passed over; a video of no
    report is still a problem."""
    folder = tmp_path / "clips"
    folder.mkdir()
    video = Path(shutil.copy(clips.cmj, folder / "ana.mp4"))
    analysed = CliRunner().invoke(cli, ["cmj", str(video), "-b", clips.cmj_backend, "-q"])
    assert analysed.exit_code == 0, analysed.output
    assert (folder / "ana.cmj.json").is_file()
    page = tmp_path / "session.html"
    result = _report(*sorted(folder.iterdir()), "-o", page)
    assert result.exit_code == 0, result.output
    assert f"{video} (the video of a report)" in result.output, result.output
    assert "Left out of this report" not in page.read_text(encoding="utf-8")
    stranger = Path(shutil.copy(clips.dropjump, folder / "ben_drop.mp4"))  # not analysed: no report names it
    result = _report(*sorted(folder.iterdir()), "-o", page)
    assert result.exit_code == 3, result.output
    assert f"{stranger}: is a video, not a jump report" in result.output and f"{video} (the video" in result.output


def test_a_folder_of_landmark_files_says_to_analyse_them_first(tmp_path: Path) -> None:
    """`kinemotion track videos/*.mp4 -o tracked`, then `kinemotion report tracked`. Before: "no kinemotion jump
    report in this folder", with nothing about the landmark files it holds or what makes reports of them."""
    import numpy as np

    from kinemotion.tracking import write_json
    from tests.jump.physics import cmj_motion, landmarks
    from tests.jump.physics_backend import hand_made_tracking

    t = np.arange(0, 2.0, 1 / 30)
    tracked = tmp_path / "tracked"
    write_json(
        hand_made_tracking(t, landmarks(t, cmj_motion(t, 0.4), noise=0.001, drop_every=0, seed=1)), tracked / "ana.json"
    )
    result = _report(tracked, "-o", tmp_path / "s.html")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert f"It holds landmark files of `kinemotion track` ({tracked / 'ana.json'})" in said, said
    assert f"kinemotion cmj {tracked / 'ana.json'} -o FOLDER" in said, said


def test_a_clip_refused_as_one_kind_and_measured_as_the_other_is_not_listed_as_not_measured(
    clips: Clips, tmp_path: Path
) -> None:
    """`kinemotion dropjump` refuses a CMJ clip ('... analysed as "cmj" (`kinemotion cmj`)') and records it; the
    coach does as told, `kinemotion cmj` into the same folder. Before: `kinemotion report out` showed the clip's
    CMJ and listed it under "Not measured" too, with the advice already followed; the record stays (a dropjump
    record is the dropjump's), the page shows the clip measured."""
    out = tmp_path / "out"
    args = [str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "-q"]
    refused = CliRunner().invoke(cli, ["dropjump", *args])
    assert refused.exit_code == 1 and (out / "ana.dropjump.refusal.json").is_file(), refused.output
    assert CliRunner().invoke(cli, ["cmj", *args]).exit_code == 0
    session = read_session(out)
    assert len(session.entries) == 1 and session.refusals == [], session.refusals
    page = tmp_path / "s.html"
    result = _report(out, "-o", page)
    assert result.exit_code == 0, result.output
    assert 'id="refused"' not in page.read_text(encoding="utf-8")
