"""Hostile input, round 3: cases an outside attack found after issue 24, each once a traceback or a wrong answer.

Each test reproduces what a sports scientist could do by accident (a link
that points at itself, a slow-motion rate typed as ``inf``, a hand-edited
report) and checks for one clear error naming the file, option or frame,
never a traceback from a dependency.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import kinemotion
from tests.core.fakes import FakePlugin
from tests.jump.physics_backend import blank_video


@pytest.fixture
def fake() -> Iterator[str]:
    kinemotion.register_backend(FakePlugin("zz-fake", priority=-1))
    yield "zz-fake"
    kinemotion.unregister_backend("zz-fake")


def _kinemotion(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command (its own ``main``, as a user runs it): tracebacks show on stderr."""
    return subprocess.run(
        [sys.executable, "-m", "kinemotion", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=180,
        check=False,
        cwd=cwd,
    )


# --- a symbolic link loop given as the video -------------------------------------------------------


@pytest.mark.parametrize("command", [["track"], ["cmj"], ["bench", "--frames", "1"]])
def test_a_symbolic_link_loop_given_as_the_video_is_named_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    loop = tmp_path / "clip.mp4"
    loop.symlink_to(loop)  # ln -s clip.mp4 clip.mp4: what a mistyped `ln -s` leaves
    done = _kinemotion(*command, str(loop), "-b", "mediapipe", *(["-q"] if command[0] != "bench" else []))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert f"{loop}: a symbolic link that leads back to itself" in done.stderr


def test_a_link_loop_in_a_batch_fails_alone(tmp_path: Path, fake: str) -> None:
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    loop = tmp_path / "loop.mp4"
    loop.symlink_to(loop)
    good = blank_video(tmp_path / "good.mp4", 6, 30)
    done = CliRunner().invoke(cli, ["track", str(loop), str(good), "-o", str(tmp_path / "out"), "-b", fake, "-q"])
    assert done.exit_code == 3, done.output
    assert "a symbolic link that leads back to itself" in done.output
    assert (tmp_path / "out" / "good.landmarks.json").is_file()
