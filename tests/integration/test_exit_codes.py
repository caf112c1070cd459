"""One exit-code rule for ``track``, ``cmj`` and ``dropjump`` (issue 24 item 15, issue 26).

0 every video done (analysed, tracked, or skipped as done before); 1 every
video failed; 3 some failed while others were done (or a video was only
partly decodable); 130 interrupted, with one video as with several.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.cli import restore_sigint
from tests.core.distributions import env_with, install_backend
from tests.jump.physics import cmj_motion, dropjump_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video

COMMANDS = ["track", "cmj", "dropjump"]


@pytest.fixture
def backends() -> Iterator[dict[str, str]]:
    """For each command, a backend whose landmarks make its good video succeed (3 s at 30 fps)."""
    t = np.arange(0, 3.0, 1 / 30)
    cmj = SeriesPlugin("zz-exit-cmj", t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3))
    drop = SeriesPlugin(
        "zz-exit-drop", t, landmarks(t, dropjump_motion(t, 0.4, 0.2, 0.5), noise=0.001, drop_every=0, seed=1)
    )
    for plugin in (cmj, drop):
        kinemotion.register_backend(plugin)
    yield {"track": cmj.name, "cmj": cmj.name, "dropjump": drop.name}
    for plugin in (cmj, drop):
        kinemotion.unregister_backend(plugin.name)


def _videos(folder: Path, good: int, bad: int) -> list[str]:
    out = [str(blank_video(folder / f"good{i}.mp4", 90, 30)) for i in range(good)]
    for i in range(bad):
        (folder / f"bad{i}.mp4").write_text("not a video\n")
        out.append(str(folder / f"bad{i}.mp4"))
    return out


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("good", "bad", "code"),
    [(1, 0, 0), (2, 0, 0), (0, 1, 1), (0, 2, 1), (1, 1, 3), (2, 1, 3)],
    ids=["one-done", "all-done", "one-failed", "all-failed", "one-of-two-failed", "one-of-three-failed"],
)
def test_one_exit_code_rule_for_every_command(
    tmp_path: Path, backends: dict[str, str], command: str, good: int, bad: int, code: int
) -> None:
    videos = _videos(tmp_path, good, bad)
    result = CliRunner().invoke(cli, [command, *videos, "-b", backends[command], "-q", "-o", str(tmp_path / "out")])
    assert result.exit_code == code, result.output
    assert result.output.count("Error: ") == bad


@pytest.mark.parametrize("command", COMMANDS)
def test_skipped_videos_count_as_done(tmp_path: Path, backends: dict[str, str], command: str) -> None:
    videos = _videos(tmp_path, 1, 1)
    args = [command, *videos, "-b", backends[command], "-q", "-o", str(tmp_path / "out")]
    assert CliRunner().invoke(cli, args).exit_code == 3
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 3 and "skipped" in again.output, again.output  # the good one skipped, the bad fails
    only_done = CliRunner().invoke(
        cli, [command, videos[0], "-b", backends[command], "-q", "-o", str(tmp_path / "out")]
    )
    assert only_done.exit_code == 0 and "skipped" in only_done.output, only_done.output


SLOW_BACKEND = """
import os, time
from pathlib import Path
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def process_frame(self, frame, timestamp_ms=0):
        Path(os.environ["KINEMOTION_TEST_HEARTBEAT"]).write_text("working")
        time.sleep(0.5)
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""


@pytest.mark.parametrize("command", COMMANDS)
def test_ctrl_c_on_a_single_video_without_jobs_exits_130_and_writes_nothing(tmp_path: Path, command: str) -> None:
    site = tmp_path / "site"
    install_backend(site, "zz-slow-frames", SLOW_BACKEND)
    heartbeat = tmp_path / "heartbeat"
    env = env_with(site, KINEMOTION_TEST_HEARTBEAT=str(heartbeat))
    video = blank_video(tmp_path / "v.mp4", 90, 30)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kinemotion", command, str(video), "-b", "zz-slow-frames", "-q", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=restore_sigint,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not heartbeat.exists():  # tracking has started
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]
