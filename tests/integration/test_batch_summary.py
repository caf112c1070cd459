"""A batch with bad videos ends with one line naming them: in 500 videos' output, the last line is read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video

FPS = 30
BACKEND = "zz-batch-summary"


@pytest.fixture
def clips(tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    """A good CMJ clip (a backend that sees a physics-generated jump), a file that is no video, an empty one."""
    t = np.arange(0, 3.5, 1 / FPS)
    kinemotion.register_backend(
        SeriesPlugin(BACKEND, t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=5))
    )
    good = blank_video(tmp_path / "good.mp4", len(t), FPS)
    (notes := tmp_path / "notes.mp4").write_text("not a video")
    (empty := tmp_path / "empty.mp4").write_bytes(b"")
    yield good, notes, empty
    kinemotion.unregister_backend(BACKEND)


@pytest.mark.parametrize("command", ["track", "cmj"])
def test_the_last_line_names_the_videos_that_failed(
    clips: tuple[Path, Path, Path], tmp_path: Path, command: str
) -> None:
    """Before: each error was printed among the other videos' lines, and the run ended on the last video's."""
    good, notes, empty = clips
    args = [command, str(notes), str(good), str(empty), "-b", BACKEND, "-j", "1", "-q", "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines()[-1] == f"1 of 3 videos done; 2 failed ({notes}, {empty}): see the errors above."
    if command == "cmj":  # was "(one row per jump, 1 jumps)"
        assert f"wrote {tmp_path / 'out' / 'cmj-jumps.csv'} (one row per jump, 1 jump)\n" in result.stdout


def test_no_summary_for_one_video_or_when_every_video_was_done(clips: tuple[Path, Path, Path], tmp_path: Path) -> None:
    good, notes, _ = clips
    alone = CliRunner().invoke(cli, ["track", str(notes), "-b", BACKEND, "-j", "1", "-q"])
    assert alone.exit_code == 1 and "videos done" not in alone.output
    copy = tmp_path / "copy.mp4"
    copy.write_bytes(good.read_bytes())
    both = CliRunner().invoke(
        cli, ["track", str(good), str(copy), "-b", BACKEND, "-j", "1", "-q", "-o", str(tmp_path / "o")]
    )
    assert both.exit_code == 0 and "videos done" not in both.output
