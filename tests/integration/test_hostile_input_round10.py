"""Hostile input, round 10: what a tenth outside attack (a sports scientist, a coach's analyst, a plugin author)
found still broken: a file saved by a Windows editor refused as "not JSON", a frame rate FFmpeg invents, one
plugin's writes seen by another backend, and two runs into one folder serving each other's results.

Each test reproduces what a careless user, a Windows tool or a plugin author could do and checks for one clear
error naming the file, option or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.integration.test_hostile_input_round6 import _kinemotion, _tracked

FPS = 30


# --- a JSON file saved by a Windows editor or shell -------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "saved_by"),
    [("utf-8-sig", "Notepad's 'UTF-8 with BOM', PowerShell 5's Set-Content"), ("utf-16", "PowerShell 5's `>`")],
)
def test_a_landmark_json_or_report_saved_with_a_byte_order_mark_is_read(
    clip: Path, tmp_path: Path, cmj_backend: str, encoding: str, saved_by: str
) -> None:
    """Before: a landmark JSON re-saved with a byte-order mark was "not JSON (it is not JSON at all: it starts
    '\\ufeff{"schema"...')", and one in UTF-16 "cannot be read (UnicodeDecodeError: ...)"; `report` refused a
    jump report saved so as "not a readable JSON file"."""
    landmarks_file = _tracked(clip, cmj_backend, tmp_path / "clip.landmarks.json")
    expected = _kinemotion("cmj", landmarks_file, "-o", tmp_path / "plain.cmj.json", "-q")
    assert expected.exit_code == 0, expected.output
    landmarks_file.write_text(landmarks_file.read_text(encoding="utf-8"), encoding=encoding)  # as saved_by saves
    result = _kinemotion("cmj", landmarks_file, "-o", tmp_path / "saved.cmj.json", "-q")
    assert result.exit_code == 0, result.output
    plain, saved = (json.loads((tmp_path / f"{n}.cmj.json").read_text())["jumps"] for n in ("plain", "saved"))
    assert saved == plain  # the same analysis
    report = tmp_path / "saved.cmj.json"
    report.write_text(report.read_text(encoding="utf-8"), encoding=encoding)
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(report), "-o", str(page), "-q"])
    assert result.exit_code == 0 and "wrote" in result.output and "1 jump" in result.output, result.output
