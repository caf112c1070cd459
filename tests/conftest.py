"""Shared fixtures: real assets, a clean backend registry, env isolation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from kinemotion.pose.registry import BackendRegistry
from tests.assets import DEMO_VIDEO, RTMPOSE_S, YOLOX_TINY, asset, read_frames

PERSON_FRAME_INDEX = 40  # athlete standing on the box, fully visible, nobody else in view


def crop_athlete(frame: np.ndarray) -> np.ndarray:
    """The athlete on the box, cropped from a demo frame (rows 0-560, columns 380-960).

    In the full 1768x994 frame he is a quarter of the frame high, too small for
    a pose detector to find from a single frame; in this crop he is two thirds.
    """
    return np.ascontiguousarray(frame[0:560, 380:960])


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "models: uses real model weights or real footage")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test sees the developer's backend override or model cache."""
    for var in (
        "POSE_TRACKER_BACKEND",
        "KINEMOTION_DISABLED_BACKENDS",
        "KINEMOTION_MODEL_DIR",
        "KINEMOTION_OFFLINE",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def registry() -> Iterator[BackendRegistry]:
    """An empty-of-in-process-plugins registry (entry points still discovered)."""
    return BackendRegistry()


@pytest.fixture(scope="session")
def demo_video() -> Path:
    return asset(DEMO_VIDEO)


@pytest.fixture(scope="session")
def person_frame(demo_video: Path) -> np.ndarray:
    """One real frame showing one standing person (a crop of the demo video)."""
    return crop_athlete(read_frames(demo_video, [PERSON_FRAME_INDEX])[PERSON_FRAME_INDEX])


@pytest.fixture
def real_models(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real lightweight models, offered through KINEMOTION_MODEL_DIR (no download)."""
    folder = asset(RTMPOSE_S).parent
    assert asset(YOLOX_TINY).parent == folder
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(folder))
    return folder
