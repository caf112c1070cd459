"""Bad input to ``kinemotion report``, round 3 (an outside attack after issue 28).

A page a coach trusts shows only what the reports say: never another
recording's frames as a jump's take-off, never a traceback because one
report of the session was edited by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from kinemotion.cli.main import cli
from tests.report.conftest import CMJ_FPS, footage_video
from tests.report.test_bad_input import results  # noqa: F401 - the fixture: a folder with the CMJ set's report


def _report(*args: object) -> Result:
    return CliRunner().invoke(cli, ["report", *map(str, args)])


def test_stills_are_never_taken_from_another_recording_saved_under_the_videos_name(
    results: Path, tmp_path: Path, demo_video: Path
) -> None:
    (good,) = results.glob("*.cmj.json")
    video = Path(json.loads(good.read_text())["video"]["path"])
    page = tmp_path / "s.html"
    assert _report(results, "-o", page).exit_code == 0  # the analysed video: its stills
    footage_video(demo_video, video, 90, CMJ_FPS, size=(320, 180))  # Tuesday's clip saved under Monday's name
    replaced = _report(results, "-o", page)
    assert replaced.exit_code == 3, replaced.output  # written, with something missing
    assert f"{video} is not the video this report was made from" in replaced.output
    html = page.read_text(encoding="utf-8")
    assert "data:image/jpeg;base64," not in html and "not the analysed video" in html
