"""One check of a jump report read back (kinemotion.jump.schema.report_problem) for every reader: a report the
page refuses is never skipped as done by a re-run nor tabulated (the re-run and the CSV had a check of their own
that passed text as a phase time, a text pose frame or a summary of text, and crashed on a kind that is a list).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from kinemotion.jump.report import jumps_csv
from kinemotion.jump.schema import report_problem
from tests.report.conftest import Clips
from tests.report.test_bad_input_round3 import HAND_EDITS

EDITS: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    **HAND_EDITS,
    "kind a list": (lambda d: d.update(kind=["cmj"]), "kind is not a jump kind (cmj or dropjump)"),
    "jump without metrics": (lambda d: d["jumps"][0].pop("metrics"), "jumps[0].metrics is missing"),
    "no quality": (lambda d: d.pop("quality"), "quality is missing"),
    "unknown events a number": (  # the page leaves them off its chart: a list of event names
        lambda d: d["jumps"][0].update(unknown_events=3),
        "jumps[0].unknown_events is not a list of texts",
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_report_the_page_refuses_is_analysed_again_by_a_rerun_and_never_tabulated(
    clips: Clips, tmp_path: Path, edit: str
) -> None:
    out = tmp_path / "out"
    args = ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "-q"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    (report,) = out.glob("*.cmj.json")
    data = json.loads(report.read_text())
    assert report_problem(data) is None
    damage, field = EDITS[edit]
    damage(data)
    problem = report_problem(data)
    assert problem is not None and field in problem
    with pytest.raises(ValueError, match="cannot be tabulated: ") as refused:
        jumps_csv([data])
    assert field in str(refused.value)
    report.write_text(json.dumps(data), encoding="utf-8")
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and again.exception is None, again.output
    assert "skipped" not in again.output  # analysed again: the damaged report is replaced
    assert report_problem(json.loads(report.read_text())) is None


def test_cmj_builds_each_report_once_for_its_file_its_summary_and_the_csv(
    clips: Clips, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's JSON (its every frame's series and poses) was built twice per video: once for the file, once
    for the summary on stdout, the CSV and the page. Counted, not timed."""
    from kinemotion.jump.report import JumpReport

    built = []
    real = JumpReport.to_json_dict

    def counted(self: JumpReport, outputs: Any = None, landmarks_file: Any = None) -> dict[str, Any]:
        built.append(self.tracking.video.path)
        return real(self, outputs, landmarks_file)

    monkeypatch.setattr(JumpReport, "to_json_dict", counted)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["cmj", str(clips.cmj), "-b", clips.cmj_backend, "-o", str(out), "-q"])
    assert run.exit_code == 0, run.output
    assert built == [str(clips.cmj)]
    (report,) = out.glob("*.cmj.json")
    assert [r.split(",")[0] for r in (out / "cmj-jumps.csv").read_text().splitlines()[1:]] == [
        clips.cmj.name
    ] * json.loads(report.read_text())["jump_count"]


def test_a_jump_number_edited_into_a_list_is_named_not_a_crash() -> None:
    """A report edited by hand with ``"number": [1]``: the check of ``best_jump`` gathered the jumps' numbers in
    a set before any jump was checked, and a list is no set member (TypeError: unhashable type: 'list', a
    traceback from ``kinemotion report`` and from a re-run's check of what is done)."""
    data: dict[str, Any] = {
        "schema": "kinemotion.jump/2",
        "kind": "cmj",
        "video": {"path": "clip.mp4"},
        "backend": {"name": "mediapipe"},
        "jumps": [{"number": [1], "metrics": {}, "phases_s": {}, "quality": []}],
        "summary": {},
        "quality": [],
        "frame_rate": 30.0,
        "tracked_fraction": 1.0,
        "best_jump": 1,
    }
    problem = report_problem(data)
    assert problem is not None and "jumps[0].number is not a jump number" in problem
