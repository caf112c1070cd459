"""The same jump filmed a little differently gives the same events (a real clip, perturbed on the fly).

The labelled CMJ clip (tests/jump/labels) is re-encoded with every frame kept
and its frame rate unchanged, after one change a user's recording could have:
mirrored (filmed from the other side), the athlete at half size on a wider
canvas, or a still second before the clip starts (the first frame held,
so every event moves by that many frames). The clip starts in the
countermovement: the still second is a crouch held for a second, and the
crouch then fills most of the recording. The jump must be found once, with
take-off and landing within ``MOVE_FRAMES`` of the same clip's unperturbed events.
RTMPose on onnxruntime (fp32): no test here depends on a CPU's bf16 rounding.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from kinemotion.jump import JumpSignals
from kinemotion.tracking import TrackingResult, track_video
from tests.assets import JUMP_CLIPS, RTMPOSE_S, asset
from tests.jump.labelled import reported_flights
from tests.jump.reencode import WIDER, read_frames, reencode

pytestmark = pytest.mark.models

CLIP = "cmj_front_oblique_handheld_30fps.mp4"
BACKEND = "rtmpose-cpu"
MOVE_FRAMES = 0.3
"""Seen on the audit (docs/accuracy.md): these perturbations move an event by 0.13 frame at most."""

# name -> (ffmpeg filter, frames of the first held before the clip)
PERTURBATIONS = {
    "mirrored": ("hflip", 0),
    "half-size-on-a-wider-canvas": (WIDER, 0),
    "a-still-second-first": (None, 30),
}


@pytest.fixture(scope="module")
def perturbed_flights(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[tuple[float, float]]]:
    cache: dict[str, list[tuple[float, float]]] = {}
    folder = tmp_path_factory.mktemp("perturbed")

    def get(name: str) -> list[tuple[float, float]]:
        if name not in cache:
            vf, held = PERTURBATIONS[name]
            video = reencode(*read_frames(asset(JUMP_CLIPS[CLIP].rel)), folder / f"{name}.mp4", vf, held=held)
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("KINEMOTION_MODEL_DIR", str(asset(RTMPOSE_S).parent))
                mp.setenv("KINEMOTION_CACHE_DIR", str(folder / "model-cache"))
                result = track_video(video, BACKEND, progress=False)
            cache[name] = [(a - held, b - held) for a, b in reported_flights(JumpSignals.from_tracking(result))]
        return cache[name]

    return get


@pytest.mark.parametrize("perturbation", list(PERTURBATIONS))
def test_a_perturbed_clip_gives_the_same_take_off_and_landing(
    tracked: Callable[[str, str], TrackingResult],
    perturbed_flights: Callable[[str], list[tuple[float, float]]],
    perturbation: str,
) -> None:
    original = reported_flights(JumpSignals.from_tracking(tracked(CLIP, BACKEND)))
    assert len(original) == 1, original
    found = perturbed_flights(perturbation)
    assert len(found) == 1, f"{perturbation}: {found} (unperturbed: {original})"
    moved = np.abs(np.subtract(found[0], original[0]))
    assert moved.max() <= MOVE_FRAMES, f"{perturbation}: take-off and landing {found[0]} against {original[0]}"
