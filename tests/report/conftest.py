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
from tests.jump.physics_backend import SeriesPlugin

FPS = 60
CMJ_FPS = 30
CMJ_T = np.arange(0, 8.5, 1 / CMJ_FPS)
DROP_T = np.arange(0, 4.0, 1 / FPS)
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


def footage_video(demo_video: Path, path: Path, frames: int, fps: int, size: tuple[int, int] = (640, 360)) -> Path:
    """A video of ``frames`` frames of real footage (the demo's, looped, scaled to ``size``): real pictures for
    the stills, whatever the physics backend says the athlete does."""
    import cv2

    from kinemotion.tracking.decode import read_frames

    source = [cv2.resize(f.image, size, interpolation=cv2.INTER_AREA) for f in read_frames(demo_video, 0, 40)]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, size)
    for i in range(frames):
        writer.write(source[i % len(source)])
    writer.release()
    return path


@pytest.fixture(scope="session")
def _clip_files(tmp_path_factory: pytest.TempPathFactory, demo_video: Path) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("videos")
    return (
        footage_video(demo_video, folder / "ana.mp4", len(CMJ_T), CMJ_FPS),
        footage_video(demo_video, folder / "ben_drop.mp4", len(DROP_T), FPS),
    )


@pytest.fixture
def clips(_clip_files: tuple[Path, Path]) -> Iterator[Clips]:
    """The two videos, their backends registered for the test."""
    cmj, _ = cmj_set_motion(CMJ_T, FLIGHTS, STARTS)
    # The right foot steps off and touches down LAG_S later and leaves the ground at the same time.
    left = dropjump_motion(DROP_T, 0.4, 0.22, 0.5, off_s=1.0)
    right = dropjump_motion(DROP_T, 0.4, 0.22 - LAG_S, 0.5, off_s=1.0 + LAG_S)
    plugins = [
        SeriesPlugin(Clips.cmj_backend, CMJ_T, landmarks(CMJ_T, cmj, noise=0.0005, drop_every=0, seed=4)),
        SeriesPlugin(Clips.dropjump_backend, DROP_T, _late_right_foot(DROP_T, left, right, 7)),
    ]
    for plugin in plugins:
        kinemotion.register_backend(plugin)
    yield Clips(*_clip_files)
    for plugin in plugins:
        kinemotion.unregister_backend(plugin.name)
