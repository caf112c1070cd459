"""Fake backends the integration tests share, registered for one test and removed after it (and ``registered``:
the names a test registers itself, removed after it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from tests.core.fakes import FakePlugin
from tests.integration.test_resume import FLIGHTS, STARTS
from tests.jump.physics import cmj_motion, cmj_set_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video


@pytest.fixture
def registered() -> Iterator[list[str]]:
    """Backend names registered by the test, removed after it."""
    names: list[str] = []
    yield names
    for name in names:
        kinemotion.unregister_backend(name)


@pytest.fixture
def fake() -> Iterator[str]:
    """A backend that finds a pose in every frame (``zz-fake``), lowest priority: never picked by auto."""
    kinemotion.register_backend(FakePlugin("zz-fake", priority=-1))
    yield "zz-fake"
    kinemotion.unregister_backend("zz-fake")


@pytest.fixture
def jump_set() -> Iterator[str]:
    """A backend that sees a set of three CMJs (at 1, 3.5 and 6 s), whatever the video (by frame time): a
    video's length says how many it holds."""
    t = np.arange(0, 8.5, 1 / 30)
    motion, _ = cmj_set_motion(t, FLIGHTS, STARTS)
    plugin = SeriesPlugin("zz-jump-set", t, landmarks(t, motion, noise=0.001, drop_every=0, seed=4))
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


@pytest.fixture
def cmj_backend() -> Iterator[str]:
    """A backend that sees one CMJ (0.4 s up), whatever the video (``zz-cmj``)."""
    t = np.arange(0, 3.5, 1 / 30)
    plugin = SeriesPlugin("zz-cmj", t, landmarks(t, cmj_motion(t, 0.4), noise=0.001, drop_every=17, seed=3))
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    """A blank 3.5 s video at 30 fps (``clip.mp4``), for the fake backends above to 'see' their series in."""
    return blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)


@pytest.fixture
def one_report(tmp_path: Path, cmj_backend: str) -> Path:
    """A folder (``out``) with one CMJ report (``clip01.cmj.json``) made by this kinemotion from ``clip01.mp4``."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "clip01.mp4", int(3.5 * 30), 30)
    out = tmp_path / "out"
    assert _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q").exit_code == 0
    return out
