"""Fixtures for the MediaPipe backend: the demo video tracked once per session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kinemotion import LandmarkDict, create_tracker
from kinemotion_mediapipe.model_files import MODEL_FILES
from tests.assets import MP_FULL, asset, frames_by_index

FPS = 30


@pytest.fixture(scope="session")
def demo_frames(demo_video: Path) -> dict[int, np.ndarray]:
    return frames_by_index(demo_video)


@pytest.fixture(scope="session", params=["lightweight", "balanced"])
def demo_track(request: pytest.FixtureRequest, demo_frames: dict[int, np.ndarray]) -> list[LandmarkDict | None]:
    """MediaPipe landmarks for every frame of backflip-demo.mp4, with the lite and the full model.

    ``balanced`` finds its pinned full model in the real assets (KINEMOTION_MODEL_DIR), never online.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KINEMOTION_MODEL_DIR", str(asset(MP_FULL).parent))
        mp.setenv("KINEMOTION_OFFLINE", "1")
        with create_tracker("mediapipe", request.param) as tracker:
            assert Path(tracker.model_path).name == MODEL_FILES[request.param].filename  # type: ignore[attr-defined]
            return [tracker.process_frame(demo_frames[i], round(i * 1000 / FPS) + 1) for i in range(len(demo_frames))]
