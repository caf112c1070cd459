"""The session page in a real browser (headless Chromium): every number as in the JSON, charts and stills drawn.

The reports come from the real ``kinemotion cmj``/``dropjump`` commands
(with ``--report``) and ``kinemotion report``; the page is opened from its
file, offline, as a coach would.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.report.browser import console_errors, open_chromium, open_page, require_browser
from tests.report.conftest import LAG_S, Clips

A4_PRINTABLE_PX = round((210 - 2 * 12) / 25.4 * 96)
"""A4 less the page's 12 mm margins, in CSS pixels: the width a printed page lays out in."""


@dataclass(frozen=True)
class Made:
    page: Path
    reports: dict[str, dict[str, Any]]
    """Report file name -> its JSON."""


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(autouse=True)
def _browser_here() -> None:
    """Before making any report: skip (fail in CI) at once when no browser can be driven."""
    require_browser()


@pytest.fixture
def made(clips: Clips, tmp_path: Path) -> Made:
    out = tmp_path / "out"
    _invoke("cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "-q", "--height", "1.8")
    alone = tmp_path / "dropjump.html"  # --report on dropjump: its own page
    _invoke("dropjump", str(clips.dropjump), "-b", clips.dropjump_backend, "-o", str(out), "-q", "--report", str(alone))
    assert alone.read_text(encoding="utf-8").count('class="video"') == 1
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete\nana.mp4,Ana <b>Silva</b> & co\nben_drop.mp4,Ben Okafor\n", encoding="utf-8")
    page = tmp_path / "session.html"
    _invoke("report", str(out), "-o", str(page), "--athlete", str(athletes), "-q")
    # the reports (each video's landmarks are kept beside its report too: NAME.landmarks.json)
    reports = {p.name: json.loads(p.read_text()) for p in [*out.glob("*.cmj.json"), *out.glob("*.dropjump.json")]}
    assert len(reports) == 2
    return Made(page, reports)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with open_chromium(tmp_path / "profile") as driver:
        yield driver


UNITS = {"ms": 1000.0, "cm": 100.0, "m/s": 1.0, "body heights": 1.0, "body heights/s": 1.0, "°": 1.0}
"""What a number shown in each unit is, times the JSON's value (seconds, metres, m/s, body heights, degrees)."""


def _shown(text: str, value: float, factor: float) -> None:
    """``text`` is ``value * factor`` rounded to the decimals it shows."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    assert abs(float(text) - value * factor) <= 0.5 * 10**-decimals + 1e-9, (text, value, factor)


def test_every_number_on_the_page_is_the_reports(made: Made, browser: Any) -> None:
    open_page(browser, made.page)
    sections = browser.execute_script(
        """return [...document.querySelectorAll('section.video')].map(s => ({
            source: s.dataset.source,
            jumps: [...s.querySelectorAll('article.jump')].map(a => ({
                number: Number(a.dataset.jump),
                metrics: [...a.querySelectorAll('tr[data-metric]')].map(r => ({
                    name: r.dataset.metric, value: r.querySelector('td.num').dataset.value,
                    unit: r.querySelector('td.unit').textContent,
                    text: r.querySelector('td.num').textContent})),
                first: a.querySelector('[data-first-foot]')?.dataset.firstFoot ?? null}))}))"""
    )
    assert sorted(s["source"] for s in sections) == sorted(made.reports)
    for section in sections:
        report = made.reports[section["source"]]
        assert [j["number"] for j in section["jumps"]] == [j["number"] for j in report["jumps"]]
        for shown, jump in zip(section["jumps"], report["jumps"], strict=True):
            expected = {k: v for k, v in jump["metrics"].items() if v is not None}
            assert {m["name"] for m in shown["metrics"]} == set(expected)
            for metric in shown["metrics"]:
                assert float(metric["value"]) == expected[metric["name"]]  # exactly the JSON's number
                _shown(metric["text"], expected[metric["name"]], UNITS[metric["unit"]])
            assert shown["first"] == jump.get("first_foot_down")
    cmj = next(r for r in made.reports.values() if r["kind"] == "cmj")
    assert len(cmj["jumps"]) == 3 and "modified_reactive_strength_index" in cmj["jumps"][0]["metrics"]
    assert "jump_height_hip_m" in cmj["jumps"][0]["metrics"]  # --height 1.8: metres shown too
    drop = next(r for r in made.reports.values() if r["kind"] == "dropjump")
    assert drop["jumps"][0]["first_foot_down"] == "left"
    assert drop["jumps"][0]["metrics"]["landing_foot_lag_s"] == pytest.approx(LAG_S, abs=0.005)


def test_the_overview_shows_each_videos_set(made: Made, browser: Any) -> None:
    open_page(browser, made.page)
    rows = browser.execute_script(
        """return [...document.querySelectorAll('table.overview tbody tr')].map(r => ({
            athlete: r.cells[0].textContent, jumps: Number(r.cells[2].textContent),
            best: r.cells[3].dataset.value, mean: r.cells[4].textContent, sd: r.cells[5].textContent,
            cv: r.cells[6].textContent, kind: r.closest('table').dataset.kind}))"""
    )
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["cmj"]["athlete"] == "Ana <b>Silva</b> & co"  # the CSV's name, as text (escaped, not markup)
    assert by_kind["dropjump"]["athlete"] == "Ben Okafor"
    for kind, metric, factor in (("cmj", "jump_height_flight_m", 100.0), ("dropjump", "reactive_strength_index", 1.0)):
        report = next(r for r in made.reports.values() if r["kind"] == kind)
        assert by_kind[kind]["jumps"] == len(report["jumps"])
        assert float(by_kind[kind]["best"]) == report["summary"][metric]["best"]
        stats = report["summary"][metric]
        _shown(by_kind[kind]["mean"], stats["mean"], factor)
        if stats["sd"] is None:  # one jump: no spread
            assert by_kind[kind]["sd"] == by_kind[kind]["cv"] == "–"
        else:
            _shown(by_kind[kind]["sd"], stats["sd"], factor)
            _shown(by_kind[kind]["cv"], stats["cv_percent"], 1.0)
    assert made.reports["ana.cmj.json"]["summary"]["jump_height_flight_m"]["sd"] is not None  # both cases seen
    assert not browser.find_elements("css selector", ".video h2 b")  # the name's tags were not rendered
    assert console_errors(browser) == []


def test_charts_and_stills_are_drawn_and_nothing_is_fetched(made: Made, browser: Any, tmp_path: Path) -> None:
    open_page(browser, made.page)
    boxes = browser.execute_script(
        """const size = (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
        return {
          charts: [...document.querySelectorAll('svg.chart')].map(s => ({box: size(s),
                   paths: [...s.querySelectorAll('path')].map(p => p.getTotalLength()),
                   events: s.querySelectorAll('line.event').length})),
          images: [...document.images].map(i => ({box: size(i), complete: i.complete, w: i.naturalWidth,
                   src: i.src.slice(0, 22)})),
          missing: document.querySelectorAll('.still .missing').length,
          jumps: document.querySelectorAll('article.jump').length,
          fetched: performance.getEntriesByType('resource').map(r => r.name)}"""
    )
    jumps = sum(len(r["jumps"]) for r in made.reports.values())
    assert boxes["jumps"] == jumps == 4
    assert len(boxes["charts"]) == jumps
    for chart in boxes["charts"]:
        assert chart["box"][0] > 300 and chart["box"][1] > 80
        assert len(chart["paths"]) == 2 and all(length > 100 for length in chart["paths"])  # feet and hip drawn
        assert chart["events"] == 4
    assert len(boxes["images"]) == 2 * jumps and boxes["missing"] == 0
    for image in boxes["images"]:
        assert image["complete"] and image["w"] > 0 and image["box"][0] > 50 and image["box"][1] > 50
        assert image["src"] == "data:image/jpeg;base64"
    assert boxes["fetched"] == []  # styles, script, charts and pictures are all inside the file
    assert console_errors(browser) == []
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    picture = cv2.imread(str(shot))
    assert picture is not None and picture.shape[1] >= 1200 and float(np.std(picture)) > 10  # not a blank page


def test_the_printed_page_fits_the_paper_width(made: Made, browser: Any, tmp_path: Path) -> None:
    browser.set_window_size(A4_PRINTABLE_PX, 1100)
    open_page(browser, made.page)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))]"
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[1] + 1, widths  # nothing runs past the paper's edge
    assert widths[1] <= A4_PRINTABLE_PX
    hidden = "return getComputedStyle(document.querySelector('.print-button')).display"
    assert browser.execute_script(hidden) == "none"  # the page's own print button is not printed


PHONE_PX = 390
"""A phone's width in CSS pixels (iPhone 12 to 15)."""


def _past_a_phone_s_edge(browser: Any, page: Path) -> tuple[int, int, list[str], list[float]]:
    """The page at a phone's width: its scroll width, its width, what lies past its right edge (the overview
    excepted: it scrolls in its own box) and where the glossary's meanings begin."""
    browser.set_window_size(PHONE_PX, 900)
    open_page(browser, page)
    found = browser.execute_script(
        """const width = document.documentElement.clientWidth;
        const outside = [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.table-wrap'))  // the overview scrolls in its own box
            .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > width + 1)
            .map(e => `${e.tagName}.${e.getAttribute('class')}: ${(e.textContent || '').trim().slice(0, 30)}`);
        const meanings = [...document.querySelectorAll('.glossary dd')].map(e => e.getBoundingClientRect().left);
        return [document.documentElement.scrollWidth, width, outside.slice(0, 10), meanings];"""
    )
    scroll_width, width, outside, meanings = found
    return int(scroll_width), int(width), list(outside), [float(m) for m in meanings]


def test_the_page_fits_a_phone_s_width(made: Made, browser: Any) -> None:
    """Before: at 390 px the glossary's meanings began past the screen's right edge (a two-column grid whose first
    column is as wide as "Modified reactive strength index (RSImod)"), and each jump's numbers, chart and stills ran
    about 30 px past it: the page scrolled sideways and "What the numbers mean" showed names without meanings."""
    scroll_width, width, outside, meanings = _past_a_phone_s_edge(browser, made.page)
    assert outside == [] and scroll_width <= width, (scroll_width, width, outside)
    assert meanings and all(0 <= left < width - 100 for left in meanings), (meanings, width)  # each one readable


def test_a_camera_s_long_file_names_fit_a_phone_s_width(made: Made, browser: Any, tmp_path: Path) -> None:
    """A camera's file names have no spaces (``GX010123_countermovement_jump_..._trial4.mp4``). Before: at 390 px
    such a name ran 300 px past the screen in the video's heading and in the list of what was left out."""
    long = "GX010123_countermovement_jump_athlete_johnsmith_2026-11-28_session3_trial4"
    folder = tmp_path / "long"
    folder.mkdir()
    report = next(data for name, data in made.reports.items() if name.endswith(".cmj.json"))
    report = {**report, "video": {**report["video"], "path": f"{long}.mp4"}}
    (folder / f"{long}.cmj.json").write_text(json.dumps(report), encoding="utf-8")
    (folder / f"{long}_again.cmj.json").write_text("not a report", encoding="utf-8")  # left out, named on the page
    page = tmp_path / "long.html"
    result = CliRunner().invoke(cli, ["report", str(folder), "-o", str(page), "-q"])
    assert result.exit_code == 3 and page.is_file(), result.output  # the page, with what was left out
    scroll_width, width, outside, _ = _past_a_phone_s_edge(browser, page)
    assert outside == [] and scroll_width <= width, (scroll_width, width, outside)


def test_pdf_is_printed_through_chromium(made: Made, tmp_path: Path) -> None:
    require_browser()
    pdf = tmp_path / "session.pdf"
    output = _invoke("report", str(made.page.parent / "out"), "-o", str(tmp_path / "again.html"), "--pdf", str(pdf))
    assert f"wrote {pdf}" in output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(math.isclose(float(w), 595, abs_tol=2) for w, _ in boxes)  # A4 portrait
    assert len(boxes) >= 3  # the overview, then a page per video


def test_a_refused_clip_fits_a_phone_s_width_and_names_its_athlete(made: Made, browser: Any, tmp_path: Path) -> None:
    """A coach's analyst opened the page of a batch with a refused clip on a phone. Before: the path where its
    landmarks were kept (``out/dunk_moving_camera_cuts.landmarks.json``, one word to the browser) ran past the
    screen's edge in "Not measured", so the whole page scrolled sideways; and the athlete the list names for that
    clip was shown nowhere: the list said whose clips were measured, not whose was not."""
    from kinemotion.jump.refusal import Refusal

    folder = tmp_path / "batch"
    folder.mkdir()
    report = next(data for name, data in made.reports.items() if name.endswith(".cmj.json"))
    (folder / "ana.cmj.json").write_text(json.dumps(report), encoding="utf-8")
    kept = "out/GX010124_dunk_moving_camera_cuts_session3_trial5.landmarks.json"
    reason = "This clip looks edited (speed changes, cuts): nothing in it can be measured."
    Refusal(
        "cmj",
        "GX010124_dunk_moving_camera_cuts_session3_trial5.mp4",
        reason,
        "mediapipe",
        "lightweight",
        landmarks_file=kept,
    ).write(folder / "GX010124_dunk_moving_camera_cuts_session3_trial5.cmj.refusal.json")
    athletes = tmp_path / "athletes.csv"
    athletes.write_text(
        "video,athlete\nana.mp4,Ana Silva\nGX010124_dunk_moving_camera_cuts_session3_trial5.mp4,Eve Marsh\n",
        encoding="utf-8",
    )
    page = tmp_path / "refused.html"
    result = CliRunner().invoke(cli, ["report", str(folder), "-o", str(page), "--athlete", str(athletes), "-q"])
    assert result.exit_code == 0 and page.is_file(), result.output
    scroll_width, width, outside, _ = _past_a_phone_s_edge(browser, page)
    assert outside == [] and scroll_width <= width, (scroll_width, width, outside)
    refused = browser.find_element("css selector", "#refused li").text
    assert refused.startswith("Eve Marsh GX010124_dunk_moving_camera_cuts_session3_trial5.mp4 (CMJ, mediapipe"), refused
    assert "unused" not in result.output and "in none of these reports" not in result.output
