"""A seventh round of new users: a sports scientist's script, a coach's analyst on the command line, a plugin author.

Each test is what one of them did and what got in their way.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.cli import short_clip
from tests.core.distributions import env_with, install_backend

ROOT = Path(__file__).resolve().parents[2]

STEADY = """
import time
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def reset(self):
        pass

    def process_frame(self, frame, timestamp_ms=0):
        time.sleep(0.01)  # a real model's pace: the progress bar is drawn while it tracks
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""


def _video(path: Path, frames: int = 20) -> str:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 30, (64, 48))
    for _ in range(frames):
        writer.write(np.full((48, 64, 3), 90, dtype=np.uint8))
    writer.release()
    return str(path)


def _on_a_terminal(args: list[str], env: dict[str, str], columns: int = 120) -> str:
    """What ``python -m kinemotion ARGS`` writes to a terminal (stdout and stderr on one pseudo-terminal)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "kinemotion", *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command ended: the terminal is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_video_s_result_line_is_not_glued_to_the_next_video_s_progress_bar(tmp_path: Path) -> None:
    """A coach's analyst tracked a folder on a terminal. Before: each video's result line was printed after the
    next video's progress bar had been drawn, on the same line ("b.mp4:   0%|   | 0/20 [00:00<?, ?frame/s]a.mp4
    [steady]: wrote ..."): the line read as if the bar's video had been written."""
    site = tmp_path / "site"
    install_backend(site, "steady", STEADY)
    videos = [_video(tmp_path / f"clip{i}.mp4") for i in range(4)]
    env = env_with(site)
    env.pop("CI", None)
    shown = _on_a_terminal(["track", *videos, "-b", "steady", "-j", "1", "-o", str(tmp_path / "out")], env)
    results = [line for line in shown.split("\n") if "[steady]: wrote" in line]
    assert len(results) == 4, shown
    for line in results:
        visible = line.rstrip("\r").rsplit("\r", 1)[-1]  # what stays on the screen: after the last carriage return
        assert re.match(r"^\S*clip\d\.mp4 \[steady\]: wrote", visible), repr(line)
    assert "frame/s" in shown  # the bars were drawn: a terminal, as the analyst had


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_measuring_a_foot_timing_bias_into_a_log_draws_no_progress_bars(demo_video: Path, tmp_path: Path) -> None:
    """A plugin author ran ``benchmarks/foot_timing_bias.py`` as the plugin guide says, its output into a file.
    Before: every tracking of every clip drew its progress bar into the log (1.2 MB of bars for one clip: the
    script asked for bars whatever stderr was); now only on a terminal, as kinemotion's commands do."""
    clip = short_clip(demo_video, tmp_path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "foot_timing_bias.py"), "--backend", "mediapipe", str(clip)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "take-off" in done.stdout, done.stdout  # it measured: the three trackings ran
    assert "frame/s" not in done.stderr and "%|" not in done.stderr, done.stderr[:500]


def _option_help(command: str, option: str) -> str:
    """The help of one option of ``kinemotion COMMAND --help``, its lines joined."""
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    shown = CliRunner().invoke(cli, [command, "--help"], terminal_width=200).output
    found = re.search(rf"^\s+(?:-\w, )?{re.escape(option)}\b.*?(?=^\s+-|\Z)", shown, re.M | re.S)
    assert found, shown
    return " ".join(found.group(0).split())


@pytest.mark.parametrize(
    ("command", "option"),
    [("report", "--output"), ("report", "--pdf"), ("cmj", "--plot"), ("cmj", "--overlay"), ("dropjump", "--plot")],
)
def test_the_help_of_an_output_option_says_it_takes_a_folder(command: str, option: str) -> None:
    """A coach's analyst read ``--help`` before a batch. Before: ``report -o``/``--pdf`` named a page and a PDF
    only, and ``cmj --plot``/``--overlay`` one file, though the guides (and the commands) take a folder: ``report
    -o out/ --pdf out/`` writes ``out/session.html`` and ``out/session.pdf``, and several videos' plots need a
    folder (a file is a usage error, which the help never announced)."""
    assert "a folder" in _option_help(command, option)


THE_GUIDE_S_RESULTS = (
    "jump.report.JumpReport",
    "jump.result.JumpSet",
    "jump.result.JumpResult",
    "jump.cmj.CMJResult",
    "jump.dropjump.DropJumpResult",
    "tracking.result.TrackingResult",
)
"""What the Python guide's scripts read, field by field: a report, its jumps, the tracking under them."""


def test_every_field_a_script_reads_is_documented() -> None:
    """A sports scientist read the API reference for what ``report.jump_set``, ``jump.flight_time_s`` or
    ``tracking.landmarks`` hold, and in what unit. Before: those fields had no documentation at all (the
    reference listed ``flight_time_s: float`` and nothing else; ``SlowMotionError.capture_fps``, the rate to try,
    neither), and ``JumpResult.quality`` said "Plain-language warnings", though in Python it holds the
    recording's flags too (the JSON keeps them apart)."""
    import griffe

    package = griffe.load("kinemotion", search_paths=[str(ROOT / "kinemotion-core" / "src")], resolve_aliases=True)
    undocumented = [
        f"{path}.{name}"
        for path in THE_GUIDE_S_RESULTS
        for name, member in package[path].members.items()
        if not name.startswith("_") and member.is_attribute and not member.docstring
    ]
    named = (("jump.ballistic.SlowMotionError", "capture_fps"), ("errors.AnalysisError", "phases_s"))
    for path, name in (*named, ("pose.person", "PersonRule")):
        if not package[path].members[name].docstring:
            undocumented.append(f"{path}.{name}")
    assert undocumented == []
    quality = package["jump.result.JumpResult"].members["quality"].docstring
    assert quality is not None and "recording" in quality.value


def test_the_progress_argument_says_a_notebook_shows_the_bar() -> None:
    """A sports scientist in a notebook read ``help(analyze_video)``: "progress: ... default: only when stderr
    is a terminal" (a notebook's cell is none, so no bar, they concluded), though the bar does show under a
    cell by default (:func:`kinemotion.progress.show_progress`)."""
    import inspect

    from kinemotion.jump import analyze_video
    from kinemotion.models import ensure_model
    from kinemotion.tracking import track_video

    for function in (analyze_video, track_video, ensure_model):
        said = " ".join((inspect.getdoc(function) or "").split())
        assert "only when stderr is a terminal" not in said and "notebook" in said, function.__name__
