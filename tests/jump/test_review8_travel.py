"""Review 8: the travel rule (``kinemotion.jump.ballistic.TRAVEL``) against CMJs that drift forward.

``TRAVEL`` is in body heights, the nose-to-feet distance (0.93 of the
stature): 0.25 is 41 cm for a 1.75 m athlete, 35 cm at 1.50 m, 30 cm at
1.30 m. A CMJ with an arm swing that lands 30-45 cm forward is a real jump
(its flight time and take-off velocity are measured as well as a still one's),
while the steps the rule was made for are seen as both feet off for 0.09-0.14 s
only (MediaPipe's walk-off after the demo's flip).

The generator's athlete is 1.75 m (nose to feet 1.63 m): a smaller athlete's
drift is the same drift scaled by 1.63 / (0.93 x stature).
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set
from kinemotion.jump.constants import NOSE_TO_FEET_PER_HEIGHT
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.test_travel import STEP_M, _across

FPS = 30.0
GENERATOR_NOSE_TO_FEET_M = 1.63


def _cmj(metres: float, flight_s: float = 0.5) -> JumpSignals:
    """A CMJ whose feet land ``metres`` across the picture from where they left (they move only in the air)."""
    t = np.arange(0.0, 3.0, 1 / FPS)
    motion = cmj_motion(t, flight_s)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=4)
    xs = _across(t, y, metres, motion.truth.takeoff_s, motion.truth.landing_s)
    return JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)


def test_review8_a_step_leftwards_is_refused_as_one_rightwards_is() -> None:
    # pins the absolute value: every earlier test stepped rightwards (a mirrored video steps the other way)
    with pytest.raises(AnalysisError, match="a step, a stride or a run"):
        analyze_cmj_set(_cmj(-STEP_M))


@pytest.mark.parametrize(
    ("stature_m", "drift_m"),
    [(1.75, 0.45), (1.50, 0.40), (1.40, 0.35)],
    ids=["adult-45cm", "youth-40cm", "child-35cm"],
)
def test_review8_a_cmj_that_lands_forward_is_still_a_jump(stature_m: float, drift_m: float) -> None:
    # REVIEW 8 (fails on main 8b52087): refused as "a step, a stride or a run"; a half-second flight is
    # judged by its parabola and both feet's edges, and no step is seen as both feet off that long
    generator_drift = drift_m * GENERATOR_NOSE_TO_FEET_M / (NOSE_TO_FEET_PER_HEIGHT * stature_m)
    (still,) = analyze_cmj_set(_cmj(0.0)).jumps
    (drifted,) = analyze_cmj_set(_cmj(generator_drift)).jumps
    assert drifted.flight_time_s == pytest.approx(still.flight_time_s, abs=1e-9)
