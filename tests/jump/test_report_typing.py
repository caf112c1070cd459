"""A user's script type-checks the jumps of a report by their kind (``mypy --strict``), and keeps type-checking
where it names ``JumpReport`` bare, as before reports were generic."""

from __future__ import annotations

import textwrap
from pathlib import Path

SCRIPT = """
from typing import assert_type

from kinemotion.jump import CMJResult, DropJumpResult, JumpKind, JumpReport, analyze_tracking, analyze_video
from kinemotion.jump.report import jumps_csv
from kinemotion.jump.result import JumpResult
from kinemotion.tracking import read_json

cmj = analyze_video("cmj.mp4", "cmj", backend="auto")
assert_type(cmj, JumpReport[CMJResult])
assert_type(cmj.jumps, tuple[CMJResult, ...])
assert_type(cmj.result, CMJResult)
drop = analyze_tracking(read_json("drop.json"), "dropjump")
assert_type(drop.jumps[0], DropJumpResult)
print(drop.result.ground_contact_time_s, cmj.jumps[0].flight_time_s)

def any_kind(kind: JumpKind) -> JumpReport:
    report = analyze_video("x.mp4", kind)
    assert_type(report.jumps[0], JumpResult)
    return report

def count(report: JumpReport) -> int:  # a bare JumpReport, as a script written before takes it
    return len(report.jumps)

both: list[JumpReport] = [cmj, drop, any_kind("cmj")]
print(count(cmj) + count(drop), jumps_csv([cmj, drop]))
"""


def test_a_report_s_jumps_are_typed_by_its_kind_and_a_bare_jump_report_still_checks(tmp_path: Path) -> None:
    from mypy import api as mypy_api

    (tmp_path / "script.py").write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")  # the user's script: not this repository's
    options = ["--config-file", str(tmp_path / "mypy.ini"), "--cache-dir", str(tmp_path / ".mypy")]
    out, err, status = mypy_api.run(["--strict", "--no-error-summary", *options, str(tmp_path / "script.py")])
    assert status == 0, out + err
