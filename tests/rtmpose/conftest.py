"""Fixtures for the RTMPose backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.assets import RTMPOSE_S, YOLOX_TINY, asset


@pytest.fixture
def real_models(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real lightweight models, offered through KINEMOTION_MODEL_DIR (no download)."""
    folder = asset(RTMPOSE_S).parent
    assert asset(YOLOX_TINY).parent == folder
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(folder))
    return folder
