"""What the page makes of a report's optional and hostile content (no browser needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.report.conftest import Clips


@pytest.fixture
def report_file(clips: Clips, tmp_path: Path) -> Path:
    out = tmp_path / "results"
    run = CliRunner().invoke(cli, ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "-q"])
    assert run.exit_code == 0, run.output
    (path,) = out.glob("*.cmj.json")
    return path


def _page(report: Path, tmp_path: Path) -> str:
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(report), "-o", str(page), "-q"])
    assert result.exit_code == 0, result.output
    return page.read_text(encoding="utf-8")


def test_optional_fields_a_later_analysis_adds_are_shown(report_file: Path, tmp_path: Path) -> None:
    data = json.loads(report_file.read_text())
    jump = data["jumps"][0]
    jump["metrics"]["jump_height_takeoff_velocity_m"] = 0.3051
    jump["uncertainty"] = {"jump_height_flight_m": 0.012, "jump_height_takeoff_velocity_m": {"low": 0.29, "high": 0.32}}
    jump["takeoff_velocity_source"] = "centre_of_mass"  # a source a later analysis may add: the label says hips
    jump["push_off_side"] = "left"  # a field this kinemotion does not know
    report_file.write_text(json.dumps(data), encoding="utf-8")
    html = _page(report_file, tmp_path)
    row = re.search(r'<tr class="metric headline" data-metric="jump_height_takeoff_velocity_m">.*?</tr>', html)
    assert row and 'data-value="0.3051"' in row[0] and ">30.5<" in row[0] and "29.0–32.0" in row[0]
    flight = re.search(r'data-metric="jump_height_flight_m">.*?</tr>', html)
    assert flight and "± 1.2" in flight[0]
    assert "Takeoff velocity source: centre_of_mass" in html and "Push off side: left" in html
    assert "<dt>Modified reactive strength index (RSImod)</dt>" in html  # the glossary explains what is shown
    assert "<dt>Reactive strength index (RSI)</dt>" not in html  # and not what is not
    # Jump heights come first in a jump's table, whichever way they were measured.
    first_jump = html[html.index('data-jump="1"') :]
    order = re.findall(r'data-metric="([a-z_]+)"', first_jump[: first_jump.index("</table>")])
    assert order[:3] == ["jump_height_flight_m", "jump_height_hip_bh", "jump_height_takeoff_velocity_m"]


def test_everything_from_a_file_is_escaped(report_file: Path, tmp_path: Path) -> None:
    data = json.loads(report_file.read_text())
    data["backend"]["name"] = "<script>alert(1)</script>"
    data["quality"].append('<img src=x onerror="alert(2)">')
    data["jumps"][0]["quality"].append("</li></ul><h1>x</h1>")
    data["notes"].append("a & b")
    report_file.write_text(json.dumps(data), encoding="utf-8")
    html = _page(report_file, tmp_path)
    assert "<script>alert" not in html and "<img src=x" not in html and "<h1>x</h1>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert "a &amp; b" in html
    assert html.count("<script>") == 1  # the page's own sorting script


def test_a_progress_bar_while_the_page_is_built(
    report_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kinemotion.report_html import build_report, read_session

    build_report(read_session([report_file.parent]), tmp_path / "p.html", progress=True)
    assert "report: 100%" in capsys.readouterr().err and (tmp_path / "p.html").is_file()


def test_every_metric_of_a_cmj_report_is_named_in_words_and_explained(report_file: Path, tmp_path: Path) -> None:
    from kinemotion.report_html.metrics import label

    metrics = {name for jump in json.loads(report_file.read_text())["jumps"] for name in jump["metrics"]}
    assert {"jump_height_takeoff_velocity_m", "takeoff_velocity_m_s"} <= metrics
    html = _page(report_file, tmp_path)
    for name in metrics:
        words = label(name)
        assert words != name.replace("_", " ").capitalize(), f"{name} has no name in words"
        assert f"<dt>{words}</dt>" in html, f"{name} ({words}) is not explained in the page's glossary"


def test_read_session_takes_paths_as_strings_as_the_guide_writes_them(report_file: Path, tmp_path: Path) -> None:
    from kinemotion.report_html import read_athletes, read_session

    (tmp_path / "athletes.csv").write_text("video,athlete\nana.mp4,Ana\n", encoding="utf-8")
    assert read_athletes(str(tmp_path / "athletes.csv")) == {"ana.mp4": "Ana"}

    folder = report_file.parent
    as_paths = read_session([folder])
    assert len(as_paths.entries) == 1 and not as_paths.problems
    for given in ([str(folder)], str(folder), folder, (str(report_file),)):
        session = read_session(given)
        assert [e.source for e in session.entries] == [e.source for e in as_paths.entries], given
        assert not session.problems, given


def _jump_section(html: str, number: int) -> str:
    start = html.index(f'data-jump="{number}"')
    return html[start : html.index("</article>", start)]


def test_the_page_says_what_the_plus_minus_means_and_names_a_squat_jump_in_words(
    report_file: Path, tmp_path: Path
) -> None:
    """A coach reads "± 3.1" and "squat jump", not an unexplained ± and "Jump kind: squat_jump".

    Before: the glossary explained every metric but not the ± beside them (a 90 % interval); a squat jump
    showed "Jump kind: squat_jump" and every CMJ "Jump kind: cmj" and "Takeoff velocity source: hip" (the
    JSON's fields as they are), the video's line counted it as a counter-movement jump, and its chart marked
    "countermovement" where its push starts (after the lowest point).
    """
    data = json.loads(report_file.read_text())
    assert data["jumps"][0]["uncertainty"] and data["jumps"][0]["takeoff_velocity_source"] == "hip"
    html = _page(report_file, tmp_path)
    assert "<dt>±</dt><dd>the uncertainty: the true value lies within ± this of the number shown with 90 %" in html
    # and where the ± of the height from take-off velocity comes from: no foot event is in it (before: the page
    # named only the foot's sources, for every ±)
    assert "jump_height_takeoff_velocity_m" in data["jumps"][0]["uncertainty"]
    assert "for the take-off velocity and the height from it, from how closely the parabola fits the hips" in html
    assert "own metrics, from the hips&#x27; noise and the frame interval" in html
    assert "Jump kind" not in html and "Takeoff velocity source" not in html
    assert "squat jump" not in _jump_section(html, 1)

    data["jumps"][0]["jump_kind"] = "squat_jump"
    report_file.write_text(json.dumps(data), encoding="utf-8")
    html = _page(report_file, tmp_path)
    assert '<h3>Jump 1 <span class="jump-kind">· squat jump</span>' in html
    chart = _jump_section(html, 1).split("<svg", 1)[1]
    assert ">push starts</text>" in chart and ">countermovement</text>" not in chart  # after the lowest point
    assert ">countermovement</text>" in _jump_section(html, 2).split("<svg", 1)[1]
    others = len(data["jumps"]) - 1
    counted = f"{others} counter-movement jump{'s' if others != 1 else ''}, 1 squat jump" if others else "1 squat jump"
    assert f'<p class="meta">{counted} · ' in html
    # the overview, where its row is compared with counter-movement jumps', says so too (before: "Counter-movement
    # jumps", and nothing in the row)
    overview = html[html.index('id="overview"') : html.index("</section>", html.index('id="overview"'))]
    assert '<h3 class="kind-title">Counter-movement and squat jumps ' in overview
    squat = "squat jump" if not others else "1 squat"
    assert f'>{len(data["jumps"])} <small class="jump-kind">{squat}</small></td>' in overview

    for jump in data["jumps"]:
        jump.pop("uncertainty", None)
    report_file.write_text(json.dumps(data), encoding="utf-8")
    assert "<dt>±</dt>" not in _page(report_file, tmp_path)  # explained only when the page shows one


def test_a_length_in_metres_follows_the_same_length_in_body_heights(clips: Clips, tmp_path: Path) -> None:
    """With --height, "Countermovement depth 0.093 body heights" is followed by "Countermovement depth 15.5 cm".

    Before: the metre values came last, eight rows below their body-height twin and under the same label.
    """
    out = tmp_path / "results"
    run = CliRunner().invoke(
        cli, ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "--height", "1.80", "-q"]
    )
    assert run.exit_code == 0, run.output
    (report,) = out.glob("*.cmj.json")
    html = _page(report, tmp_path)
    section = _jump_section(html, 1)
    order = re.findall(r'data-metric="([a-z_]+)"', section[: section.index("</table>")])
    for body, metres in (
        ("jump_height_hip_bh", "jump_height_hip_m"),
        ("countermovement_depth_bh", "countermovement_depth_m"),
        ("peak_concentric_velocity_bh_s", "peak_concentric_velocity_m_s"),
    ):
        assert order.index(metres) == order.index(body) + 1, order
    assert order[0] == "jump_height_flight_m" and order[-1] != "peak_concentric_velocity_m_s", order


def test_the_height_hint_is_shown_only_when_the_height_would_give_the_missing_metres(
    clips: Clips, tmp_path: Path
) -> None:
    """A metre value unknown for another reason than the height does not ask for ``--height``.

    Before: with ``--height 1.80`` given, a jump whose clip starts in the movement (its countermovement depth
    unknown in body heights and in metres) said "Lengths in metres need the athlete's height: --height ...".
    """
    hint = "Lengths in metres need the athlete"
    out = tmp_path / "results"
    run = CliRunner().invoke(
        cli, ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "--height", "1.80", "-q"]
    )
    assert run.exit_code == 0, run.output
    (report,) = out.glob("*.cmj.json")
    data = json.loads(report.read_text())
    assert data["athlete_height_m"] == 1.80
    for name in ("countermovement_depth_bh", "countermovement_depth_m", "time_to_takeoff_s"):
        data["jumps"][0]["metrics"][name] = None  # as the analysis writes them for a clip that starts in the movement
    data["jumps"][0]["metrics"]["jump_height_takeoff_velocity_m"] = None  # no parabola: not for want of a height
    report.write_text(json.dumps(data), encoding="utf-8")
    assert hint not in _jump_section(_page(report, tmp_path), 1)
    # Without the height, the same jump's other lengths have no metres: the hint is there.
    for metrics in (jump["metrics"] for jump in data["jumps"]):
        for name in [n for n in metrics if n.endswith(("_bh", "_bh_s"))]:
            metres = name.removesuffix("_s").removesuffix("_bh") + ("_m_s" if name.endswith("_s") else "_m")
            metrics[metres] = None
    data["athlete_height_m"] = None
    report.write_text(json.dumps(data), encoding="utf-8")
    assert hint in _jump_section(_page(report, tmp_path), 1)


def _overview_flag_cell(html: str) -> str:
    cell = re.search(r'<td class="flag-cell"[^>]*>(.*?)</td>', html)
    assert cell, "no flag cell in the overview"
    return cell[0]


def test_the_frame_rate_note_is_shown_under_the_video_and_not_counted_as_a_flag(
    report_file: Path, tmp_path: Path
) -> None:
    """A 30 fps clip with clean jumps has nothing to check: its frame rate's resolution is a note, like the
    report's ``notes``, shown under the video; a real flag is still counted."""
    data = json.loads(report_file.read_text())
    fps_note = next(q for q in data["quality"] if "each event is located to a fraction of a" in q)
    assert data["quality"] == [fps_note] and not any(j["quality"] for j in data["jumps"]), data["quality"]
    data["notes"].append("flight at 7.90 s not analysed: the landing is not in the clip")
    report_file.write_text(json.dumps(data), encoding="utf-8")
    html = _page(report_file, tmp_path)
    cell = _overview_flag_cell(html)
    assert ">none</td>" in cell and "to check" not in cell and 'data-sort="0"' in cell, cell
    notes = re.search(r'<div class="notes"><p>Notes</p><ul>(.*?)</ul></div>', html)
    assert notes and f"<li>{fps_note}</li>" in notes[1] and "the landing is not in the clip" in notes[1], html
    assert '<div class="flags">' not in html  # nothing to check before trusting these numbers

    data["quality"].append("few tracked frames: a pose was found on 70% of frames")
    report_file.write_text(json.dumps(data), encoding="utf-8")
    html = _page(report_file, tmp_path)
    cell = _overview_flag_cell(html)
    assert "1 to check" in cell and "few tracked frames" in cell and fps_note not in cell, cell
    flags = re.search(r'<div class="flags"><p>Check before trusting these numbers</p><ul>(.*?)</ul></div>', html)
    assert flags and "few tracked frames" in flags[1] and fps_note not in flags[1], html


def test_a_note_is_told_from_a_flag_by_its_recorded_kind_not_its_words(report_file: Path, tmp_path: Path) -> None:
    """The report records each statement's kind (``quality_kinds``). Before, the page told the frame rate's note
    from a flag by its words alone: a note worded otherwise (by a later kinemotion) was counted as a flag to check.
    A report written before the kinds were recorded is still read by the words."""
    data = json.loads(report_file.read_text())
    assert data["quality_kinds"] == ["note"], data["quality"]
    data["quality"] = ["each event is placed within one 33 ms frame (30 fps)"]
    report_file.write_text(json.dumps(data), encoding="utf-8")
    html = _page(report_file, tmp_path)
    assert ">none</td>" in _overview_flag_cell(html) and '<div class="flags">' not in html
    notes = re.search(r'<div class="notes"><p>Notes</p><ul>(.*?)</ul></div>', html)
    assert notes and "each event is placed within one 33 ms frame" in notes[1], html

    older = json.loads(report_file.read_text())
    older["quality"] = ["30 fps: each event is located to a fraction of a 33 ms frame"]
    del older["quality_kinds"]
    report_file.write_text(json.dumps(older), encoding="utf-8")
    html = _page(report_file, tmp_path)
    assert ">none</td>" in _overview_flag_cell(html) and '<div class="flags">' not in html


def test_a_video_recorded_by_a_relative_path_is_found_from_another_folder(
    clips: Clips, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kinemotion cmj clips/ana.mp4 -o out`` records ``clips/ana.mp4``; ``kinemotion report project/out`` run
    from elsewhere finds it from the report's parent folder, and only the very file analysed."""
    import shutil

    project = tmp_path / "project"
    (project / "clips").mkdir(parents=True)
    shutil.copy(clips.cmj, project / "clips" / "ana.mp4")
    monkeypatch.chdir(project)
    run = CliRunner().invoke(cli, ["cmj", "clips/ana.mp4", "-b", clips.cmj_backend, "-o", "out", "-q"])
    assert run.exit_code == 0, run.output
    (report,) = (project / "out").glob("*.cmj.json")
    assert json.loads(report.read_text())["video"]["path"] == "clips/ana.mp4"

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    page = elsewhere / "page.html"
    result = CliRunner().invoke(cli, ["report", str(project / "out"), "-o", str(page), "-q"])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "was not found" not in html and "video not found" not in html and "data:image/" in html

    # Another recording saved under that name, of the same size, is not the analysed video (its digest differs):
    # its frames are never used.
    video = project / "clips" / "ana.mp4"
    content = bytearray(video.read_bytes())
    content[len(content) // 2] ^= 0xFF
    video.write_bytes(bytes(content))
    result = CliRunner().invoke(cli, ["report", str(project / "out"), "-o", str(page), "-q"])
    assert result.exit_code == 3, result.output
    said = " ".join(result.output.split())
    assert "is not the video this report was made from" in said and "data:image/" not in page.read_text(), said


def test_the_session_s_jumps_as_one_table_with_each_athlete(report_file: Path, tmp_path: Path) -> None:
    """A coach's analyst named the athletes with ``--athlete`` and wanted the group's jumps in a spreadsheet.
    Before: the names were on the page only; ``cmj-jumps.csv`` has the videos' file names. ``--csv`` writes the
    page's jumps as one table, each row's athlete first (a folder gets the page's name, as ``--pdf`` does)."""
    import csv

    video = Path(json.loads(report_file.read_text())["video"]["path"]).name
    athletes = tmp_path / "athletes.csv"
    athletes.write_text(f"video,athlete\n{video},Ana Silva\n", encoding="utf-8")
    folder = tmp_path / "handout"
    folder.mkdir()
    result = CliRunner().invoke(
        cli,
        ["report", str(report_file.parent), "--athlete", str(athletes), "-o", str(folder), "--csv", str(folder), "-q"],
    )
    assert result.exit_code == 0, result.output
    table = folder / "session.csv"
    assert f"wrote {table} (one row per jump," in result.output
    with table.open(encoding="utf-8", newline="") as rows:
        jumps = list(csv.DictReader(rows))
    assert jumps and all(row["athlete"] == "Ana Silva" and row["video"] == video for row in jumps)
    assert list(jumps[0])[:2] == ["athlete", "video"]
    before = report_file.read_bytes()
    refused = CliRunner().invoke(cli, ["report", str(report_file.parent), "--csv", str(report_file), "-q"])
    assert refused.exit_code == 1 and "one of the reports read" in refused.output, refused.output
    assert report_file.read_bytes() == before  # the analysis is never replaced by the table


def test_the_table_never_replaces_the_athlete_list_it_was_named_from(report_file: Path, tmp_path: Path) -> None:
    """``report out/ --athlete session.csv --csv .`` (the athlete list named as the page, ``session.csv``, in the
    folder the table goes to): the table replaced the athlete list the run had just read, the coach's names lost.
    Refused, as a report read is, the list kept."""
    video = Path(json.loads(report_file.read_text())["video"]["path"]).name
    athletes = tmp_path / "session.csv"
    athletes.write_text(f"video,athlete\n{video},Ana Silva\n", encoding="utf-8")
    before = athletes.read_bytes()
    for table in (athletes, tmp_path):
        result = CliRunner().invoke(
            cli,
            ["report", str(report_file.parent), "--athlete", str(athletes), "-o", str(tmp_path), "--csv", str(table)],
        )
        assert result.exit_code == 1 and "the athlete list (--athlete)" in result.output, result.output
        assert athletes.read_bytes() == before
        assert not (tmp_path / "session.html").exists()
