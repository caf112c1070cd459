"""Round 10 of the new users (newuser20): what a sports scientist with a folder of clips ran into."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.jump.physics_backend import blank_video


def test_bench_given_several_videos_says_it_times_one_and_how_to_time_each(tmp_path: Path) -> None:
    """Before: `kinemotion bench clips/*.mp4` (a folder of clips, as `cmj` takes them) said only click's "Got
    unexpected extra arguments (clips/b.mp4)", naming neither why nor what to do."""
    a, b, c = (blank_video(tmp_path / f"{n}.mp4", 10, 30) for n in "abc")
    run = CliRunner().invoke(cli, ["bench", str(a), str(b), str(c), "-b", "mediapipe"])
    assert run.exit_code == 2, run.output
    assert "unexpected extra" not in run.output
    assert "bench times one VIDEO" in run.output and "got 3" in run.output, run.output
    assert "for v in" in run.output and "kinemotion bench" in run.output, run.output
