"""Round 11 of the new users (newuser21): a sports scientist's re-encoded copies, a coach's analyst's batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.jump.physics_backend import blank_video


@pytest.mark.parametrize("command", ["cmj", "dropjump", "track"])
def test_two_videos_of_one_name_say_what_to_do_in_the_command_s_own_terms(tmp_path: Path, command: str) -> None:
    """`kinemotion cmj clips/cmj.avi clips/cmj.mov -o res` (one clip re-encoded into two containers): "would both
    write res/cmj.cmj.json ...; track them into different folders or rename one". A scientist analysing clips
    tracks nothing by hand: the fix is an output folder each (-o), or another name."""
    avi, mov = blank_video(tmp_path / "cmj.avi", 6, 30), blank_video(tmp_path / "cmj.mov", 6, 30)
    run = CliRunner().invoke(cli, [command, str(avi), str(mov), "-o", str(tmp_path / "res"), "-q"])
    assert run.exit_code == 1 and "would both write" in run.output, run.output
    assert "track them" not in run.output, run.output
    assert "write them to two output folders (a run each, -o) or rename one" in run.output, run.output
