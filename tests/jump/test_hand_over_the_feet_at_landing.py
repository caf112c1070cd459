"""A hand over the feet around the landing, and the honest uncertainty of events the hips cannot place (issue 23).

The deep arm-swing CMJ of ``tests/jump/test_arm_swing_and_set_endings.py`` with the hand passing the feet
0-0.2 s *after* the landing (the arms swinging through as the legs absorb it) and a pose model that takes it
for a foot (:func:`tests.jump.physics.hand_past_the_feet`: the foot points snapped onto the hand within 10 or
20 cm, or pulled towards it). Touching down, the feet are then seen up for a few frames more (the landing late
by 1.5 to 5 frames), or, the hand still below the falling feet, pulled down onto it before they land (early by
1.5 to 2 frames). Before: 47 of 120 jumps had an event more than a frame off, 34 of them with the truth
outside their reported 90 % interval, all flagged "the two jump heights disagree".

In the air the hips take as long to fall from their apex as to rise to it (a little longer: they land lower).
A landing the feet put later than that, with the hips clearly braked by the legs before it, is placed as long
after the apex as the take-off is before it (:func:`kinemotion.jump.apex.landing_from_the_apex`). Where the
hips cannot place an event (they fall freely for a few hundredths of a second after touchdown, and rise
without a clear push for as long before take-off), a jump whose two heights disagree has the interval of the
event its hips' parabola doubts widened to hold the doubt (:func:`kinemotion.jump.apex.widened_by_the_apex`).
"""

from __future__ import annotations

import itertools

import numpy as np

from kinemotion.jump import JumpSignals, analyze_cmj_set
from tests.jump.physics import cmj_motion, hand_past_the_feet, landmarks
from tests.jump.test_arm_swing_and_set_endings import (
    CLOSE_S,
    DEEP_M,
    FLIGHT_S,
    HAND_ABOVE_M,
    PUSH_S,
    _arm_swing,
)
from tests.jump.test_synthetic_accuracy import NOISE

AFTER_S = (0.0, 0.05, 0.1, 0.15, 0.2)
"""The hand passing the feet this long after the landing."""
HANDS = ((0.1, True), (0.2, True), (0.2, False))
"""(reach in metres, snapped): the foot points snapped onto the hand within 10 or 20 cm, or pulled towards it."""
DISAGREE = "the two jump heights disagree"


def _hand_after_the_landing(
    fps: float, seed: int, after_s: float, hand_m_s: float, reach_m: float, snap: bool
) -> tuple[JumpSignals, float, float]:
    """The deep CMJ, the hand passing the feet ``after_s`` after the landing: its signals, take-off and landing."""
    t = np.arange(0.0, 3.5, 1 / fps)
    motion = cmj_motion(t, FLIGHT_S, depth=DEEP_M, down_s=0.6, push_s=PUSH_S, soft_landing=True)
    truth = motion.truth
    y = landmarks(t, motion, noise=NOISE, drop_every=0, seed=seed)
    y = hand_past_the_feet(t, y, truth.landing_s + after_s, HAND_ABOVE_M, hand_m_s, reach_m, snap=snap)
    return JumpSignals.from_series(t * 1000, y), truth.takeoff_s, truth.landing_s


def _within_a_frame_or_held(jump, event: str, truth: float, fps: float) -> bool:  # type: ignore[no-untyped-def]
    """The event within a frame of the truth, or flagged with the truth inside its reported 90 % interval."""
    error = abs(jump.phases_s[event] - truth)
    flagged = any(DISAGREE in q for q in jump.quality)
    return error * fps < 1.0 or (flagged and error <= jump.uncertainty_s[event])


def test_a_hand_over_the_feet_after_the_landing_puts_each_event_within_a_frame_or_in_its_interval() -> None:
    """120 jumps (29.97 and 50 fps, three hands, two hand speeds, five passing times, two seeds): one jump each,
    each event within a frame of the truth, or flagged with the truth inside its 90 % interval; and at most 9 with
    an event more than a frame off (measured: 9, each flagged and held by its interval; 47 before the landing was
    placed from the hips, 34 of them outside their interval)."""
    off = []
    for fps, (reach_m, snap), hand_m_s, after_s, seed in itertools.product(
        (29.97, 50.0), HANDS, (1.0, 2.0), AFTER_S, range(2)
    ):
        signals, takeoff, landing = _hand_after_the_landing(fps, seed, after_s, hand_m_s, reach_m, snap)
        found = analyze_cmj_set(signals)
        case = (fps, reach_m, snap, hand_m_s, after_s, seed)
        assert len(found.jumps) == 1, (case, found.notes)
        (jump,) = found.jumps
        errors = [(jump.phases_s[e] - truth) * fps for e, truth in (("takeoff", takeoff), ("landing", landing))]
        detail = (case, [round(e, 2) for e in errors], jump.uncertainty_s, jump.quality)
        assert _within_a_frame_or_held(jump, "takeoff", takeoff, fps), detail
        assert _within_a_frame_or_held(jump, "landing", landing, fps), detail
        if max(abs(e) for e in errors) >= 1.0:
            off.append(detail)
    assert len(off) <= 9, off


def test_a_take_off_the_hips_cannot_place_holds_the_truth_in_its_interval() -> None:
    """The hand passing the feet 0.05-0.2 s before the take-off (the arm-swing test's cases, 64 jumps at 29.97 and
    50 fps): the feet put 21 take-offs more than a frame early (up to 4 frames, 80 ms), too little for the hips'
    push to show clearly against their flight's parabola (the body's acceleration reaches -g smoothly at
    toe-off), so they were flagged, not moved. Their 90 % interval held the truth in 1 of the 21 (its width was the
    edge fit's); now in every one. 7 of them are now placed from the hips' flight within a frame, the feet seen
    hovering while the hips rose (:func:`kinemotion.jump.apex._hovered`); 14 stay more than a frame early
    (0.027-0.046 s)."""
    for fps, hand_m_s, before_s, seed in itertools.product((29.97, 50.0), (1.0, 2.0), CLOSE_S, range(4)):
        signals, takeoff, _ = _arm_swing(fps, seed, before_s, hand_m_s)
        (jump,) = analyze_cmj_set(signals).jumps
        error = jump.phases_s["takeoff"] - takeoff
        detail = (fps, hand_m_s, before_s, seed, round(error * fps, 2), jump.uncertainty_s, jump.quality)
        if abs(error) * fps >= 1.0:
            assert any(DISAGREE in q for q in jump.quality), detail
            assert abs(error) <= jump.uncertainty_s["takeoff"], detail
