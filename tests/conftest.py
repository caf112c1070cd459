"""Shared fixtures: real assets, a clean backend registry, env isolation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from kinemotion.pose.registry import BackendRegistry
from kinemotion.testing.pytest_plugin import PERSON_CROP
from tests.assets import ASSET_ENV, DEMO_VIDEO, RTMPOSE_S, SHARED, YOLOX_TINY, asset


def crop_athlete(frame: np.ndarray) -> np.ndarray:
    """The athlete on the box, cropped from a demo frame like the ``person_frame`` fixture.

    In the full 1768x994 frame he is a quarter of the frame high, too small for
    a pose detector to find from a single frame; in this crop he is two thirds.
    """
    return np.ascontiguousarray(frame[PERSON_CROP])


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "models: uses real model weights or real footage")
    # The shipped person_frame fixture looks in $KINEMOTION_TEST_ASSETS: point it at
    # ../shared/assets when that folder is here and nothing else was chosen.
    if SHARED.is_dir():
        os.environ.setdefault(ASSET_ENV, str(SHARED))


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


# person_frame and empty_frame come from kinemotion's own pytest plugin
# (kinemotion.testing.pytest_plugin), the fixtures plugin authors use too.


@pytest.fixture
def real_models(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real lightweight models, offered through KINEMOTION_MODEL_DIR (no download)."""
    folder = asset(RTMPOSE_S).parent
    assert asset(YOLOX_TINY).parent == folder
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(folder))
    return folder
