"""The TRC's metres: ``kinemotion.jump.metres_per_frame_height`` on a physics-generated athlete of known size."""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump import metres_per_frame_height
from kinemotion.jump.constants import NOSE_TO_FEET_PER_HEIGHT
from tests.jump.physics import PX_PER_M, cmj_motion, landmarks
from tests.jump.physics_backend import hand_made_tracking

NOSE_TO_FEET_M = 1.63
"""The generator's athlete, nose to feet standing (hip 0.95 m, nose 0.68 m above it)."""


def test_the_scale_is_the_generator_s_own() -> None:
    t = np.arange(0, 3.5, 1 / 30)
    tracking = hand_made_tracking(t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=4))
    height = NOSE_TO_FEET_M / NOSE_TO_FEET_PER_HEIGHT  # the athlete whose nose-to-feet the generator draws
    assert metres_per_frame_height(tracking, height) == pytest.approx(1 / PX_PER_M, rel=0.03)


def test_a_height_that_is_no_height_in_metres_is_refused_naming_the_unit() -> None:
    t = np.arange(0, 3.5, 1 / 30)
    tracking = hand_made_tracking(t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=4))
    with pytest.raises(ValueError, match=r"centimetres\? 175 cm is 1.75 m"):
        metres_per_frame_height(tracking, 175)
