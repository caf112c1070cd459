"""A big session stays usable: 100 videos of 3 jumps make a file under 20 MB that a browser shows whole.

How fast it renders is a benchmark, not a test: ``python benchmarks/report_render.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.report.browser import console_errors, open_chromium, open_page, require_browser
from tests.report.conftest import Clips

VIDEOS = 100
MAX_BYTES = 20 * 1024 * 1024


def make_big_session(clips: Clips, folder: Path, videos: int = VIDEOS) -> tuple[Path, Path]:
    """``videos`` reports of the three-jump CMJ set (one real report, copied), each with a video of its own name.

    Returns the reports' folder and the videos' folder (links to the one clip: real footage for every still).
    """
    made = folder / "made"
    run = CliRunner().invoke(cli, ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(made), "-q"])
    assert run.exit_code == 0, run.output
    (source,) = made.glob("*.cmj.json")
    data = json.loads(source.read_text())
    assert len(data["jumps"]) == 3
    reports, footage = folder / "reports", folder / "videos"
    reports.mkdir()
    footage.mkdir()
    for k in range(videos):
        name = f"athlete{k:03d}.mp4"
        (footage / name).symlink_to(clips.cmj)
        data["video"]["path"] = f"/recorded/elsewhere/{name}"
        for jump in data["jumps"]:  # each video's own numbers, so the overview has something to sort
            jump["metrics"]["jump_height_flight_m"] *= 1 + 0.001 * ((37 * k) % videos)  # not in file order
        data["summary"]["jump_height_flight_m"]["best"] = max(
            j["metrics"]["jump_height_flight_m"] for j in data["jumps"]
        )
        (reports / f"athlete{k:03d}.cmj.json").write_text(json.dumps(data), encoding="utf-8")
    return reports, footage


def test_a_hundred_videos_of_three_jumps(clips: Clips, tmp_path: Path) -> None:
    require_browser()  # before the work, so that a skip is quick
    reports, footage = make_big_session(clips, tmp_path)
    page = tmp_path / "big.html"
    result = CliRunner().invoke(cli, ["report", str(reports), "--videos", str(footage), "-o", str(page), "-q"])
    assert result.exit_code == 0, result.output
    assert f"({VIDEOS} videos, {3 * VIDEOS} jumps)" in result.output
    assert page.stat().st_size < MAX_BYTES, page.stat().st_size

    with open_chromium(tmp_path / "profile") as browser:
        open_page(browser, page)
        shown: dict[str, Any] = browser.execute_script(
            """return {jumps: document.querySelectorAll('article.jump').length,
                       charts: document.querySelectorAll('svg.chart path.feet').length,
                       images: [...document.images].filter(i => i.complete && i.naturalWidth > 0).length,
                       rows: document.querySelectorAll('table.overview tbody tr').length}"""
        )
        assert shown == {"jumps": 3 * VIDEOS, "charts": 3 * VIDEOS, "images": 6 * VIDEOS, "rows": VIDEOS}

        # Sorting the overview by its best jump, one way then the other.
        (header,) = [th for th in browser.find_elements("css selector", "table.overview th") if th.text == "Best"]
        column = int(header.get_attribute("cellIndex"))
        best = (
            "return [...document.querySelectorAll('table.overview tbody tr')]"
            ".map(r => Number(r.cells[arguments[0]].dataset.sort))"
        )
        header.click()
        ascending = browser.execute_script(best, column)
        assert ascending == sorted(ascending) and len(set(ascending)) == VIDEOS
        header.click()
        assert browser.execute_script(best, column) == sorted(ascending, reverse=True)
        assert console_errors(browser) == []
