"""A stand-up whose feet are seen off the ground at its end is no jump (issue 23: the hidden six-CMJ clip's invented
jump was a stand-up from its last landing; on the audit's re-encoded demo, two invented jumps were feet seen off
while the hips rose to a stop).

At the end of a stand-up the hips slow from rising to a stop: over the last 0.15-0.25 s they decelerate at 0.4 to
0.7 g, which a parabola through a few noisy samples cannot tell from a flight's fall at g (the hip is not the
centre of mass: a jump's hips may fall at half of g for the tallest athlete allowed). A flight's hips also slow by
``g t`` across it, from rising at take-off to falling at landing; these only stop. That was judged only for
flights too short for a parabola (under four samples): it is now judged wherever the parabola cannot show the
fall (:func:`kinemotion.jump.ballistic.check_ballistic`), and the hips must land falling at a share of their
take-off speed: a stand-up's come to rest at the top.
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set
from tests.jump.physics import (
    HIP_STAND,
    Motion,
    Truth,
    arms_lowered_in_flight,
    cmj_motion,
    hop_set_motion,
    landmarks,
    lift_foot,
)

START_S = 0.8


def _stand_up(fps: float, depth: float, rise_s: float, seen_off_s: float, sag: float, seed: int) -> JumpSignals:
    """Standing up from ``depth`` m below standing over ``rise_s`` (a smooth start and stop), the hips then sinking
    ``sag`` m and back over 0.35 s (settling); the feet flat on the ground throughout, but seen 6 cm up for the
    last ``seen_off_s`` of the stand-up (a hand or a bag over them, the picture's edge); 1 cm of landmark noise."""
    t = np.arange(0.0, 3.0, 1 / fps)
    u = np.clip((t - START_S) / rise_s, 0, 1)
    end = START_S + rise_s
    hip = HIP_STAND - depth * (1 - (3 * u**2 - 2 * u**3)) - sag * np.sin(np.pi * np.clip((t - end) / 0.35, 0, 1))
    sole = np.zeros_like(t)
    y = landmarks(t, Motion(hip, sole, sole.copy(), Truth(0.0, 0.0)), noise=0.003, drop_every=0, seed=seed)
    for side in ("left", "right"):
        lift_foot(y, side, t, end - seen_off_s, end, 0.06)
    return JumpSignals.from_series(t * 1000, y)


def _reported(s: JumpSignals) -> int:
    try:
        return len(analyze_cmj_set(s).jumps)
    except AnalysisError:
        return 0


@pytest.mark.parametrize("fps", [30.0, 50.0, 60.0, 120.0])
def test_feet_seen_off_for_the_last_quarter_second_of_a_stand_up_are_no_jump(fps: float) -> None:
    """Before: 15 of these 24 stand-ups at 30 fps and 16 at 50 fps were reported as squat jumps. At 60 and 120 fps
    1 and 2 still were after the landing speed's check (:data:`kinemotion.jump.ballistic.LANDING_SPEED_SHARE`):
    the feet seen back down at the end of the rise, the smoothed hips at the landing took in the settling after
    it. The hips' parabola in the air shows them reaching the landing at rest
    (:func:`kinemotion.jump.ballistic.check_ballistic`)."""
    reported = [
        (depth, sag, seed)
        for depth, rise_s in ((0.3, 0.6), (0.35, 0.7), (0.4, 0.8))
        for sag in (0.04, 0.06)
        for seed in range(4)
        if _reported(_stand_up(fps, depth, rise_s, 0.25, sag, seed))
    ]
    assert reported == []


def test_feet_seen_off_for_the_last_0_15_s_of_a_stand_up_are_no_jump() -> None:
    """Over 0.15 s the stand-up's hips slow by about what a flight's must (``LOW`` of g for the tallest athlete
    allowed): neither the parabola nor the velocity's drop tells them from a hop's (7 of 24 reported at 30 fps). A
    flight's hips land falling about as fast as they left rising; these come to rest at the top: their speed at the
    landing tells them apart (:data:`kinemotion.jump.ballistic.LANDING_SPEED_SHARE`)."""
    reported = [
        (depth, sag, seed)
        for depth, rise_s in ((0.3, 0.6), (0.35, 0.7), (0.4, 0.8))
        for sag in (0.04, 0.06)
        for seed in range(4)
        if _reported(_stand_up(30.0, depth, rise_s, 0.15, sag, seed))
    ]
    assert reported == []


@pytest.mark.parametrize("seen_off_s", [0.25])
def test_no_jump_of_a_stand_up_lands_before_it_takes_off(seen_off_s: float) -> None:
    """At 120 fps the stand-up's hips, rising all through the feet's airborne phase, give a parabola whose apex lies
    after the landing; the take-off "placed as long before the apex as the landing is after it" then came after
    the landing, and a jump was reported landing 0.18 s before it took off (7 of 24 over the last 0.25 s). A
    take-off is placed from the apex only where the apex lies inside the flight."""
    for depth, rise_s in ((0.3, 0.6), (0.35, 0.7), (0.4, 0.8)):
        for sag in (0.04, 0.06):
            for seed in range(4):
                try:
                    jumps = analyze_cmj_set(_stand_up(120.0, depth, rise_s, seen_off_s, sag, seed)).jumps
                except AnalysisError:
                    continue
                for jump in jumps:
                    assert jump.phases_s["takeoff"] < jump.phases_s["landing"], (depth, sag, seed, jump.phases_s)


@pytest.mark.parametrize("fps", [60.0, 120.0])
def test_hops_and_jumps_with_the_same_noise_are_found_at_60_and_120_fps(fps: float) -> None:
    """The hips' parabola that refuses a stand-up's hips reaching the landing at rest refuses no flight:
    continuous hops (0.2 s up, 0.1 and 0.15 s contacts), CMJs (0.25-0.55 s up, landing stiff or soft) and CMJs
    whose hips land 4-6 cm higher than they left (the arms lowered in the air), 1 cm of landmark noise as the
    stand-ups, four seeds: every flight found."""
    t = np.arange(0.0, 3.5, 1 / fps)
    motions = [hop_set_motion(t, 0.2, contact_s, 4) for contact_s in (0.1, 0.15)]
    singles = [cmj_motion(t, flight_s) for flight_s in (0.25, 0.35, 0.45, 0.55)]
    singles += [cmj_motion(t, flight_s, soft_landing=True) for flight_s in (0.3, 0.45)]
    singles += [arms_lowered_in_flight(t, flight_s, raise_m) for flight_s in (0.3, 0.4) for raise_m in (0.04, 0.06)]
    motions += [(motion, [motion.truth]) for motion in singles]
    missed = []
    for motion, truths in motions:
        for seed in range(4):
            y = landmarks(t, motion, noise=0.003, drop_every=0, seed=seed)
            try:
                jumps = analyze_cmj_set(JumpSignals.from_series(t * 1000, y)).jumps
            except AnalysisError as exc:
                missed.append((truths[0].flight_s, seed, str(exc)[:80]))
                continue
            found = [jump.phases_s["takeoff"] for jump in jumps]
            missed += [
                (truth.flight_s, seed, truth.takeoff_s)
                for truth in truths
                if not any(abs(takeoff - truth.takeoff_s) < 0.05 for takeoff in found)
            ]
    assert missed == []
