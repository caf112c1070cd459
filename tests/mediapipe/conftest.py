"""Fixtures for the MediaPipe backend: the demo video tracked once per session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kinemotion import LandmarkDict, create_tracker
from tests.assets import read_frames

FPS = 30


@pytest.fixture(scope="session")
def demo_frames(demo_video: Path) -> dict[int, np.ndarray]:
    return read_frames(demo_video)


@pytest.fixture(scope="session")
def demo_track(demo_frames: dict[int, np.ndarray]) -> list[LandmarkDict | None]:
    """MediaPipe (lightweight) landmarks for every frame of backflip-demo.mp4."""
    with create_tracker("mediapipe") as tracker:
        return [tracker.process_frame(demo_frames[i], round(i * 1000 / FPS) + 1) for i in range(len(demo_frames))]
