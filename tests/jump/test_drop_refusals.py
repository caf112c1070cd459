"""A drop jump is a fall off a box onto both feet, then a rebound at once: what only looks like one is refused, and
what is one is measured.

Seen on real footage (round 9 of the hostile-input review): `kinemotion dropjump` on rope skipping,
whose feet drift down the picture as the athlete comes nearer the camera, reported a drop from a
0.06-0.08 body-height "box" (one foot landing 0.34-0.38 s after the other), and on the edited dunk a
"drop" of 4.4 s and a ground contact of 1.3-1.9 s.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_dropjump
from tests.jump.physics import HIP_STAND, Motion, dropjump_motion, landmarks, lift_foot

FPS = 60.0


def _signals(t: np.ndarray, motion: Motion, seed: int = 1) -> JumpSignals:
    return JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=0.002, drop_every=0, seed=seed))


@pytest.mark.parametrize("seed", range(3))
def test_feet_and_hips_that_come_down_slowly_are_no_drop_off_a_box(seed: int) -> None:
    # the same recording, but from the box to the ground over 0.7 s at a steady pace (a walk down a ramp, or a
    # camera tilting): no free fall
    t = np.arange(0, 3.5, 1 / FPS)
    motion = dropjump_motion(t, 0.3, 0.25, 0.4)
    contact = motion.truth.contact_s
    assert contact is not None
    ramp = (t >= contact - 0.7) & (t < contact)
    share = (t[ramp] - (contact - 0.7)) / 0.7
    toe, heel, hip = motion.toe.copy(), motion.heel.copy(), motion.hip.copy()
    toe[ramp] = heel[ramp] = 0.3 * (1 - share)
    hip[ramp] = HIP_STAND + 0.3 * (1 - share)
    toe[t < contact - 0.7] = heel[t < contact - 0.7] = 0.3
    hip[t < contact - 0.7] = HIP_STAND + 0.3
    slow = dataclasses.replace(motion, toe=toe, heel=heel, hip=hip)
    with pytest.raises(AnalysisError, match="no drop off a box") as caught:
        analyze_dropjump(_signals(t, slow, seed))
    assert "the hips not falling freely" in str(caught.value)


@pytest.mark.parametrize("seed", range(3))
def test_the_real_drop_is_measured(seed: int) -> None:
    # the recording the two tests around it change: a step off a 30 cm box, free fall, 0.25 s contact
    t = np.arange(0, 3.5, 1 / FPS)
    motion = dropjump_motion(t, 0.3, 0.25, 0.4)
    result = analyze_dropjump(_signals(t, motion, seed))
    assert result.ground_contact_time_s == pytest.approx(0.25, abs=2 / FPS)


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("lag_s", [0.25, 0.4])
def test_one_foot_touching_down_long_after_the_other_is_a_step_down(lag_s: float, side: str) -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    motion = dropjump_motion(t, 0.3, 0.6, 0.4)
    contact = motion.truth.contact_s
    assert contact is not None
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=1)
    lift_foot(y, side, t, contact - 0.05, contact + lag_s, 0.15)  # held up: it touches down lag_s later
    with pytest.raises(AnalysisError, match="a step down, not a drop onto both feet"):
        analyze_dropjump(JumpSignals.from_series(t * 1000, y))


def test_a_rebound_a_second_or_more_after_the_contact_is_no_drop_jump_rebound() -> None:
    # a drop jump's contact lasts 0.15-0.5 s; 1.2 s on the ground is a landing, a stand, then a jump (the
    # times are the physics', not the constant's: a test that follows a constant cannot catch it changed)
    t = np.arange(0, 4.5, 1 / FPS)
    motion = dropjump_motion(t, 0.3, 1.2, 0.4)  # lands, stands, then jumps
    with pytest.raises(AnalysisError, match="No rebound jump found") as caught:
        analyze_dropjump(_signals(t, motion))
    assert "a landing, then a separate jump" in str(caught.value)
    # the same rebound 0.4 s sooner is measured
    motion = dropjump_motion(t, 0.3, 0.8, 0.4)
    assert analyze_dropjump(_signals(t, motion)).ground_contact_time_s == pytest.approx(0.8, abs=0.05)


@pytest.mark.parametrize(("box_m", "flight_s"), [(0.3, 0.48), (0.3, 0.5), (0.3, 0.6), (0.4, 0.55), (0.4, 0.6)])
def test_a_rebound_as_high_as_the_box_is_measured_not_taken_for_a_stance_on_it(box_m: float, flight_s: float) -> None:
    # a 30 cm box and a 30 cm rebound: the feet hang within a quarter of the box's height of its top for 0.25 s
    # at the rebound's apex, which was read as the athlete back on the box, and the drop jump was refused
    t = np.arange(0, 3.5, 1 / FPS)
    result = analyze_dropjump(_signals(t, dropjump_motion(t, box_m, 0.25, flight_s)))
    assert result.flight_time_s == pytest.approx(flight_s, abs=1.5 / FPS)
    assert result.ground_contact_time_s == pytest.approx(0.25, abs=1.5 / FPS)


@pytest.mark.parametrize("box_m", [0.4, 0.6])
def test_a_real_drop_with_the_hips_hidden_in_the_fall_is_measured(box_m: float) -> None:
    """The hips hidden through the fall (an arm in front of them): whether they fall freely cannot be told, so
    only the fall's duration judges the drop, against a free fall from that height in the athlete's own scale
    (gravity in body heights per s², not 9.81: the feet fall ``box_m`` in ``sqrt(2 box_m / g)``). A real drop
    off the box is measured."""
    t = np.arange(0, 3.5, 1 / FPS)
    motion = dropjump_motion(t, box_m, 0.25, 0.4)
    assert motion.truth.contact_s is not None and motion.truth.box_drop_s is not None
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=1)
    falling = (t > motion.truth.box_drop_s - 0.05) & (t < motion.truth.contact_s + 0.05)
    for name in ("left_hip", "right_hip"):
        y[name][falling] = np.nan
    result = analyze_dropjump(JumpSignals.from_series(t * 1000, y))
    assert result.ground_contact_time_s == pytest.approx(0.25, abs=2 / FPS)
    assert result.phases_s["ground_contact"] == pytest.approx(motion.truth.contact_s, abs=2 / FPS)


@pytest.mark.parametrize("drift_bh", [0.06, 0.08])
def test_feet_that_drift_down_the_picture_before_a_jump_are_no_box(drift_bh: float) -> None:
    """A CMJ on flat ground, the camera tilting before it so that the feet drift down the picture by 0.06-0.08
    body heights (as on the rope skipping, whose "box" was that high): the feet started no box's height above
    the ground (three times the airborne threshold, ~15 cm), so the answer is that there is no box, not a drop
    followed by a missing rebound."""
    from tests.jump.physics import cmj_motion

    t = np.arange(0, 3.5, 1 / 30)
    tilt = np.clip((t - 0.55) / 0.4, 0, 1) * drift_bh * 1.63 * 0.35  # frame heights (1.63 m nose to feet)
    y = landmarks(t, cmj_motion(t, 0.5, start_s=1.5), noise=0.002, drop_every=0, seed=1, camera_y=tilt)
    with pytest.raises(AnalysisError, match="The athlete is never seen standing on a box"):
        analyze_dropjump(JumpSignals.from_series(t * 1000, y))
