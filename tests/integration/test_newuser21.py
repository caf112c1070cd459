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


def test_a_page_comparing_backends_counts_each_video_once(tmp_path: Path, cmj_backend: str, jump_set: str) -> None:
    """A scientist comparing backends: `cmj clip.mp4 -b A -o a`, `-b B -o b`, then `report a b`. Before: "wrote
    page.html (2 videos, 4 jumps)" and "2 videos" atop the page, for one clip seen by two backends. Now the videos
    are counted once (by the path each report recorded and its content), their reports beside them."""
    clip = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    for backend, folder in ((cmj_backend, "a"), (jump_set, "b")):
        made = CliRunner().invoke(cli, ["cmj", str(clip), "-b", backend, "-o", str(tmp_path / folder), "-q"])
        assert made.exit_code == 0, made.output
    page = tmp_path / "page.html"
    shown = CliRunner().invoke(cli, ["report", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(page), "-q"])
    assert shown.exit_code == 0, shown.output
    jumps = shown.output.split(f"wrote {page} (")[1].split(")")[0]
    assert jumps.startswith("1 video in 2 reports, "), shown.output
    assert "1 video in 2 reports · " in page.read_text(encoding="utf-8")
    # one report per video: said as before
    alone = CliRunner().invoke(cli, ["report", str(tmp_path / "a"), "-o", str(tmp_path / "one.html"), "-q"])
    assert f"wrote {tmp_path / 'one.html'} (1 video, 1 jump)" in alone.output, alone.output
