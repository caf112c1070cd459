"""A backend that changes the working directory while kinemotion writes the outputs of the video before.

With ``-j 1`` the tracking runs in a thread while the command's own thread writes each finished video's outputs.
A tracker without ``reset()`` is created anew for the next video, and a plugin whose ``create()`` changes the
working directory (as OpenPose's Python examples do) moves it for the whole process until kinemotion puts it back
(:mod:`kinemotion.pose.workdir`). Before: an output given relative to it (``-o out/``) written in that window was
looked for in the plugin's folder: "cannot write out/v0.landmarks.json: No such file or directory" (one CI run in
five). Here every ``create()`` keeps the working directory moved for a while, so the window is wide.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from kinemotion.batch import VideoTask, execute
from tests.core.fakes import FakePlugin, FakeTracker
from tests.integration.test_hostile_input_round6 import _kinemotion
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, SeriesTracker, blank_video

FPS = 30
HELD_S = 0.6
"""How long each create() keeps the working directory in the plugin's folder."""


class _Wandering:
    """What the plugins below share: ``create()`` moves to the plugin's folder and stays there a while (loading
    its models from there, as a library driven from its own folder does)."""

    folder: Path = Path()

    def wander(self) -> None:
        os.chdir(self.folder)
        time.sleep(HELD_S)


class _WanderingPlugin(FakePlugin, _Wandering):
    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        self.wander()
        return super().create(mode, **options)


class _WanderingTracker(FakeTracker):
    """Each frame is processed from the plugin's folder, a while (its library reads files from there)."""

    folder: Path = Path()

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> kinemotion.LandmarkDict | None:
        os.chdir(self.folder)
        time.sleep(0.005)
        return super().process_frame(frame, timestamp_ms)


class _WanderingSeries(SeriesPlugin, _Wandering):
    def create(self, mode: str = "lightweight", **options: object) -> SeriesTracker:
        self.wander()
        return super().create(mode, **options)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory of the command (the plugin's folder beside it, ``models``)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    return tmp_path


def test_track_writes_every_output_where_it_was_asked(here: Path) -> None:
    plugin = _WanderingPlugin("zz-wandering", priority=-5)
    plugin.folder = here / "models"
    videos = [f"v{i}.mp4" for i in range(4)]
    for name in videos:
        blank_video(here / name, 150, FPS)  # long enough that writing its outputs takes a while
    kinemotion.register_backend(plugin)
    try:
        result = _kinemotion("track", *videos, "-b", plugin.name, "-o", "out/", "-j", "1")
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert result.exit_code == 0, result.output
    assert Path.cwd() == here
    assert sorted(p.name for p in (here / "out").iterdir()) == sorted(
        f"v{i}.landmarks.{ext}" for i in range(4) for ext in ("csv", "json")
    )
    assert not list(plugin.folder.iterdir())
    for i in range(4):  # said and recorded as the user gave them
        assert f"v{i}.mp4 [zz-wandering]: wrote out/v{i}.landmarks.json and out/v{i}.landmarks.csv" in result.output
        assert json.loads((here / "out" / f"v{i}.landmarks.json").read_text())["video"]["path"] == f"v{i}.mp4"


def test_cmj_writes_every_output_where_it_was_asked(here: Path) -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    plugin = _WanderingSeries(
        "zz-wandering-cmj", t, landmarks(t, cmj_motion(t, 0.4), noise=0.001, drop_every=17, seed=3)
    )
    plugin.folder = here / "models"
    videos = [f"v{i}.mp4" for i in range(3)]
    for name in videos:
        blank_video(here / name, len(t), FPS)
    kinemotion.register_backend(plugin)
    try:
        result = _kinemotion(
            "cmj", *videos, "-b", plugin.name, "-o", "out/", "--plot", "plots/", "--report", "out/", "-j", "1"
        )
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert result.exit_code == 0, result.output
    assert Path.cwd() == here
    assert sorted(p.name for p in (here / "out").iterdir()) == sorted(
        [f"v{i}.{kind}.json" for i in range(3) for kind in ("cmj", "landmarks")] + ["cmj-jumps.csv", "session.html"]
    )
    assert sorted(p.name for p in (here / "plots").iterdir()) == [f"v{i}.cmj.png" for i in range(3)]
    assert not list(plugin.folder.iterdir())
    assert "wrote out/v0.cmj.json, plots/v0.cmj.png" in result.output
    assert "wrote out/cmj-jumps.csv" in result.output


def test_a_batch_of_the_python_api_opens_and_writes_where_it_was_asked(here: Path) -> None:
    """:func:`kinemotion.batch.execute` given relative paths: the next video is opened (ahead of its turn) while
    a frame of the current one is processed from the plugin's folder."""
    plugin = _WanderingPlugin("zz-wandering-api", priority=-5, tracker=_WanderingTracker)
    plugin.folder = _WanderingTracker.folder = here / "models"
    (here / "overlays").mkdir()
    tasks = []
    for i in range(3):
        blank_video(here / f"v{i}.mp4", 60, FPS)
        tasks.append(VideoTask(f"v{i}.mp4", plugin.name, "lightweight", overlay=f"overlays/v{i}.mp4"))
    kinemotion.register_backend(plugin)
    try:
        results = dict(execute(tasks, jobs=1, progress=False))
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert [results[i].error for i in range(3)] == [None] * 3
    assert [results[i].tracking.video.path for i in range(3)] == [f"v{i}.mp4" for i in range(3)]  # type: ignore[union-attr]
    assert sorted(p.name for p in (here / "overlays").iterdir()) == [f"v{i}.mp4" for i in range(3)]
    assert not list(plugin.folder.iterdir())
