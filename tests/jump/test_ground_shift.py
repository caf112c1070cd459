"""The ground a flight lands on, as far as the hips share it: what the hips' rise is judged against.

A flight's hips must rise above the mean of their heights at take-off and landing
(:mod:`kinemotion.jump.ballistic`); where the landing's ground lies lower or higher in the picture than the
take-off's (a step off a box, a camera that moved), the landing's height is taken back to the take-off's ground
first. The feet's two supports also differ where the hips do not move: an athlete hopping a little towards or
away from the camera (the feet, well below it, move in the picture; the hips, at about its height, do not), or
feet that never rest between hops (rope skipping). Taken back by the feet's difference, a real hop did not rise.
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, analyze_cmj_set
from kinemotion.jump.ballistic import ground_change
from kinemotion.jump.constants import CAMERA_SHIFT_FLAG
from kinemotion.jump.events import find_flights
from tests.jump.physics import HIP_STAND, NOSE_ABOVE_HIP, PX_PER_M, hop_set_motion, landmarks, lift_foot

BODY = (HIP_STAND + NOSE_ABOVE_HIP) * PX_PER_M
"""A body height (nose to feet, standing) in frame heights."""
FEET = ("left_heel", "right_heel", "left_foot_index", "right_foot_index", "left_ankle", "right_ankle")


def _hops_drifting(
    fps: float, flight_s: float, drift_bh: float, seed: int, hips: float = 0.0, hips_unseen_before: int | None = None
) -> tuple[JumpSignals, int]:
    """Eight continuous hops whose feet tuck 6 cm up in the air, the athlete landing each hop ``drift_bh`` body
    heights lower in the picture than he left (closer to the camera), then as much higher (back): the feet (and
    the knees, half as much) move in the picture, the hips do not (``hips``: they move that share of the feet's
    shift too). ``hips_unseen_before``: the hips are lost from view from the hop before that one's landing to
    that one's take-off (its whole stance)."""
    t = np.arange(0.0, 1.0 + 8 * (flight_s + 0.3) + 1.5, 1 / fps)
    motion, truths = hop_set_motion(t, flight_s, 0.3, hops=8)
    y = landmarks(t, motion, noise=0.001, drop_every=0, seed=seed)
    picture = np.zeros_like(t)
    for k, truth in enumerate(truths):
        for side in ("left", "right"):
            lift_foot(y, side, t, truth.takeoff_s, truth.landing_s, 0.06)
        across = np.clip((t - truth.takeoff_s) / truth.flight_s, 0.0, 1.0)
        picture += (1 if k % 2 == 0 else -1) * drift_bh * BODY * across  # down the picture, then back up
    for name in FEET:
        y[name] = y[name] + picture
    for name in ("left_knee", "right_knee"):
        y[name] = y[name] + picture / 2
    for name in ("left_hip", "right_hip"):
        y[name] = y[name] + hips * picture
        if hips_unseen_before is not None:
            before, after = truths[hips_unseen_before - 1], truths[hips_unseen_before]
            y[name][(t >= before.landing_s) & (t <= after.takeoff_s)] = np.nan
    return JumpSignals.from_series(t * 1000, y), len(truths)


@pytest.mark.parametrize("fps", [30.0, 60.0])
@pytest.mark.parametrize("flight_s", [0.13, 0.15])
def test_hops_whose_feet_move_in_the_picture_while_the_hips_do_not_are_all_found(fps: float, flight_s: float) -> None:
    """Each hop's landing ground lies 0.03 body heights lower (or higher) in the picture than its take-off's, the
    hips' level not: taken back by the feet's difference, the hips of every other hop "rose" by less than the
    rise test asks (2 to 4 of 8 refused, "the hips do not rise", at 30 and 60 fps before)."""
    for seed in range(3):
        s, hops = _hops_drifting(fps, flight_s, 0.025, seed)
        assert any(abs(f.ground_shift) > 0.02 for f in find_flights(s))  # the feet's supports do differ
        jumps = analyze_cmj_set(s)
        assert len(jumps.jumps) == hops, (seed, jumps.notes)


def test_the_ground_the_hips_share_is_the_feet_s_shift_no_larger_than_the_hips_own() -> None:
    """The same hops: the feet's supports differ by up to 0.025 body heights, the ground the hips share by no more
    than a level's noise, so no landing is taken back."""
    s, _ = _hops_drifting(30.0, 0.15, 0.025, seed=0)
    for flight in find_flights(s):
        moved = ground_change(s, flight)
        assert abs(moved) <= abs(flight.ground_shift) + 1e-12
        assert abs(moved) <= CAMERA_SHIFT_FLAG  # the hips did not move: no other ground to take the landing back to


def test_hips_that_move_further_than_the_feet_take_the_landing_back_by_the_feet_s_shift_alone() -> None:
    """The hips moving with the feet, further (a step down is absorbed, the hips lower still): the ground the
    hips share is the feet's shift, no more; the hips' own move is no ground."""
    s, _ = _hops_drifting(30.0, 0.15, 0.025, seed=0, hips=2.0)
    shifted = [f for f in find_flights(s) if abs(f.ground_shift) > 0.02]
    assert shifted
    for flight in shifted:
        assert ground_change(s, flight) == pytest.approx(flight.ground_shift, abs=1e-12)


def test_hips_unseen_before_a_take_off_leave_the_feet_s_shift_as_the_ground_s() -> None:
    """The hips lost from view over a hop's whole stance before it leaves: nothing to compare the feet's shift
    with, so it stands (as before the hips were asked), not taken for no shift at all."""
    s, _ = _hops_drifting(30.0, 0.15, 0.025, seed=0, hips=1.0, hips_unseen_before=3)
    flights = find_flights(s)
    lost = [f for f in flights if not np.isfinite(s.hip[max(0, f.first_index - 3) : f.first_index]).any()]
    assert lost and abs(lost[0].ground_shift) > 0.02
    assert ground_change(s, lost[0]) == lost[0].ground_shift
