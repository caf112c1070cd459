"""Real footage tracked once per test session, shared by every test that needs it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kinemotion.tracking import TrackingResult, track_video
from tests.assets import RTMPOSE_S, asset
from tests.jump.labelled import clip_video

BACKEND_OPTIONS: dict[str, dict[str, object]] = {"rtmpose-openvino": {"precision": "fp32"}}
"""OpenVINO runs at fp32 in these tests: its bf16 (the default where the CPU has native bf16) rounds
differently on Intel AMX and AMD AVX-512 BF16, and moves events by up to 0.36 frame against fp32 on the dev
set, so a bar held in bf16 could pass on one CPU and fail on the other. fp32 has no rounding of that size
on either. bf16's own effect on the keypoints is tested in tests/rtmpose/test_openvino.py."""


@pytest.fixture(scope="session")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], TrackingResult]:
    """``tracked(clip, backend)``: the clip (a file name of the dev set) tracked by the backend, once per session.

    Tracking real clips is the slow part of these tests (seconds per clip and
    backend); every analysis and every bar reuses the same landmarks. Each
    backend runs with its :data:`BACKEND_OPTIONS`.
    """
    cache: dict[tuple[str, str], TrackingResult] = {}
    models = str(asset(RTMPOSE_S).parent)
    model_cache = str(tmp_path_factory.mktemp("model-cache"))

    def track(clip: str, backend: str) -> TrackingResult:
        if (clip, backend) not in cache:
            video = clip_video(clip)
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("KINEMOTION_MODEL_DIR", models)
                mp.setenv("KINEMOTION_CACHE_DIR", model_cache)
                cache[clip, backend] = track_video(video, backend, progress=False, **BACKEND_OPTIONS.get(backend, {}))
        return cache[clip, backend]

    return track
