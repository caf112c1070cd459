"""The labelled real footage at half its frame rate: the analysis fits the physics, not the dev set's 30 fps.

Every labelled clip is 30 fps, so a rule counted in frames that only holds at 30 fps would pass every other
test of real footage. Here every other frame of RTMPose's landmarks (the even frames, then the odd ones) is
analysed as a 15 fps recording: frame k is frame 2k (2k+1) of the clip, so each event found is mapped back
to the clip's frames and scored against the labels, its error counted in frames of the 15 fps series (1/15 s)
and held to the same bars as the dev set's. The analysis refuses a clip under 20 fps
(``kinemotion.jump.signals.MIN_FPS``); the floor is lowered here to test the physics, not the refusal.

The landmarks are the session's 30 fps tracking (tests/jump/conftest.py), taken every other frame, not the
decimated video tracked again: RTMPose finds each frame's keypoints on its own (its box follows the last
frame's keypoints), and on the benchmark's 15 fps re-encoded copies (``benchmarks/perturbation_audit.py
--perturbation 15fps-even --perturbation 15fps-odd``) its events on these three clips lie within 0.52 frame of
these (MediaPipe's video mode smooths across frames, so its half-rate landmarks are not its landmarks taken
every other frame: it is not tested this way). The rope-skip hops (2 to 3 frames of flight at 15 fps) are held
to none invented only: at half rate some measure under the 0.09 s minimum flight (docs/accuracy.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, signals
from kinemotion.tracking import TrackingResult
from tests.jump.labelled import labelled_jumps, reported_flights, score

pytestmark = pytest.mark.models

BACKEND = "rtmpose-cpu"
CLIPS = ("backflip-demo.mp4", "squat_jump_side_30fps.mp4", "cmj_front_oblique_handheld_30fps.mp4")


def _half_rate_flights(
    tracked: Callable[[str, str], TrackingResult], clip: str, phase: int, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[float, float]]:
    """Every jump found on frames ``phase``, ``phase + 2``, ... of the clip's landmarks, in the clip's frames."""
    full = tracked(clip, BACKEND)
    half = replace(full, timestamps_ms=full.timestamps_ms[phase::2], landmarks=full.landmarks[phase::2])
    monkeypatch.setattr(signals, "MIN_FPS", 10.0)
    found = reported_flights(JumpSignals.from_tracking(half))
    return [(2 * a + phase, 2 * b + phase) for a, b in found]


@pytest.mark.parametrize("phase", [0, 1])
@pytest.mark.parametrize("clip", CLIPS)
def test_every_labelled_jump_is_found_and_timed_at_half_the_frame_rate(
    tracked: Callable[[str, str], TrackingResult], clip: str, phase: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = score(clip, _half_rate_flights(tracked, clip, phase, monkeypatch))
    assert got.found == got.labelled and not got.invented, got.describe()
    # in frames of the 15 fps series: half the error in the clip's frames
    events = np.abs([*got.takeoff, *got.landing]) / 2
    flight = np.abs(got.flight) / 2
    assert events.max() <= 1.5, got.describe()
    assert np.median(flight) <= 1.0 and flight.max() <= 2.0, got.describe()


@pytest.mark.parametrize("phase", [0, 1])
def test_no_rope_skip_hop_is_invented_at_half_the_frame_rate(
    tracked: Callable[[str, str], TrackingResult], phase: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = "rope_skip_front_30fps.mp4"
    got = score(clip, _half_rate_flights(tracked, clip, phase, monkeypatch))
    assert not got.invented, got.describe()
    assert got.found >= len(labelled_jumps(clip)) - 3, got.describe()  # 12 and 14 of 15 found (measured)
