"""The page for real footage: ``kinemotion cmj demo.mp4 --report`` as a coach runs it, opened in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import run_kinemotion
from tests.report.browser import console_errors, open_chromium, open_page, require_browser

pytestmark = pytest.mark.models


def test_the_demos_jumps_with_stills_chart_and_numbers(demo_video: Path, real_models: Path, tmp_path: Path) -> None:
    require_browser()  # before the work, so that a skip is quick
    out = tmp_path / "out"
    page = out / "session.html"
    done = run_kinemotion("cmj", str(demo_video), "-b", "rtmpose-cpu", "-o", str(out), "--report", str(page), "-q")
    assert done.returncode == 0, done.stderr
    assert f"wrote {page} (1 video, " in done.stdout
    data = json.loads((out / "backflip-demo.cmj.json").read_text())
    assert data["jumps"], "the hops on the box are counter-movement jumps"
    with open_chromium(tmp_path / "profile") as browser:
        open_page(browser, page)
        shown = browser.execute_script(
            """return [...document.querySelectorAll('article.jump')].map(a => ({
                number: Number(a.dataset.jump),
                values: Object.fromEntries([...a.querySelectorAll('tr[data-metric]')].map(
                    r => [r.dataset.metric, Number(r.querySelector('td.num').dataset.value)])),
                stills: [...a.querySelectorAll('.still img')].filter(i => i.complete && i.naturalHeight > 0).length,
                captions: [...a.querySelectorAll('.still figcaption')].map(c => c.textContent),
                chart: a.querySelector('svg.chart path.feet').getTotalLength()}))"""
        )
        assert console_errors(browser) == []
        backend = browser.find_element("css selector", ".video .backend").text
    assert "rtmpose-cpu" in backend and "CPUExecutionProvider" in backend
    assert [s["number"] for s in shown] == [j["number"] for j in data["jumps"]]
    for jump, s in zip(data["jumps"], shown, strict=True):
        assert s["values"] == {k: v for k, v in jump["metrics"].items() if v is not None}
        assert s["stills"] == 2 and s["chart"] > 100
        takeoff = jump["poses"]["takeoff"]
        assert s["captions"][0] == f"Take-off · frame {takeoff['frame']} · {takeoff['time_s']:.3f} s"
