"""A jump lands where it left: a step across the picture, seen as both feet off, is not a flight.

In a walk one foot is always on the ground, but a pose model that loses the
far foot for a moment sees both off; the hips of a short step rise and fall
enough to pass for a hop's. What tells them apart is where the feet land: a
vertical jump, a hop or a rebound lands within a few tens of centimetres of
its take-off, a step a step's length away (:data:`kinemotion.jump.ballistic.TRAVEL` for a hop,
:data:`~kinemotion.jump.ballistic.TRAVEL_FLIGHT` for a longer flight, which a CMJ landing forward needs).
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set, analyze_dropjump
from kinemotion.jump.ballistic import TRAVEL, NotAFlightError, check_ballistic
from kinemotion.jump.constants import NOSE_TO_FEET_PER_HEIGHT
from kinemotion.jump.events import find_flights
from tests.jump.physics import PX_PER_M, cmj_motion, dropjump_motion, landmarks

FPS = 30.0
GENERATOR_NOSE_TO_FEET_M = 1.63
"""The generator's athlete (1.75 m tall), nose to feet: a body height. A smaller athlete's drift is the same
drift scaled by 1.63 / (0.93 x stature)."""
STEP_M = 0.7
"""A walking step: 0.43 body heights for the generator's athlete (1.63 m from nose to feet)."""


def _across(
    t: np.ndarray, y: dict[str, np.ndarray], metres: float, start_s: float, stop_s: float
) -> dict[str, np.ndarray]:
    """x of every landmark of a body that moves ``metres`` across the picture, smoothly, between two times."""
    u = np.clip((t - start_s) / (stop_s - start_s), 0.0, 1.0)
    shift = metres * PX_PER_M * u * u * (3 - 2 * u)
    return {n: 0.3 + shift + np.zeros_like(v) for n, v in y.items()}


def _cmj(metres: float, aspect: float | None = 1.0) -> JumpSignals:
    t = np.arange(0.0, 3.0, 1 / FPS)
    motion = cmj_motion(t, 0.5)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=4)
    xs = _across(t, y, metres, motion.truth.takeoff_s - 0.05, motion.truth.landing_s + 0.05)
    return JumpSignals.from_series(t * 1000, y, xs, aspect=aspect)


def test_a_jump_that_lands_a_step_away_is_a_step_not_a_jump() -> None:
    s = _cmj(STEP_M)
    (flight,) = find_flights(s)
    # named by its times, as the analysis lists what it did not measure
    said = r"in the airborne phase at \d\.\d\d-\d\.\d\d s the feet land 0\.4\d body heights across the picture"
    with pytest.raises(NotAFlightError, match=said):
        check_ballistic(s, flight)
    with pytest.raises(AnalysisError, match="a step, a stride or a run"):
        analyze_cmj_set(s)


def test_a_jump_that_drifts_a_little_is_measured_as_if_it_had_not() -> None:
    drift_m = 0.15  # 0.09 body heights: a CMJ that lands a hand's width forward
    assert drift_m / 1.63 < TRAVEL / 2
    (still,) = analyze_cmj_set(_cmj(0.0)).jumps
    (drifted,) = analyze_cmj_set(_cmj(drift_m)).jumps
    assert drifted.flight_time_s == pytest.approx(still.flight_time_s, abs=1e-9)


def test_without_the_frame_shape_where_the_feet_land_is_not_judged() -> None:
    s = _cmj(STEP_M, aspect=None)
    assert s.feet_x is None
    assert len(analyze_cmj_set(s).jumps) == 1


def _landing_across(metres: float, flight_s: float = 0.5) -> JumpSignals:
    """A CMJ whose feet land ``metres`` across the picture from where they left (they move only in the air)."""
    t = np.arange(0.0, 3.0, 1 / FPS)
    motion = cmj_motion(t, flight_s)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=4)
    xs = _across(t, y, metres, motion.truth.takeoff_s, motion.truth.landing_s)
    return JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)


def test_a_step_leftwards_is_refused_as_one_rightwards_is() -> None:
    # a mirrored video steps the other way
    with pytest.raises(AnalysisError, match="a step, a stride or a run"):
        analyze_cmj_set(_landing_across(-STEP_M))


@pytest.mark.parametrize(
    ("stature_m", "drift_m"),
    [(1.75, 0.45), (1.50, 0.40), (1.40, 0.35)],
    ids=["adult-45cm", "youth-40cm", "child-35cm"],
)
def test_a_cmj_that_lands_forward_is_still_a_jump(stature_m: float, drift_m: float) -> None:
    # a CMJ with an arm swing may land 30-45 cm forward (0.27-0.29 body heights here): a half-second flight is
    # judged by its parabola and both feet's edges, and no step is seen as both feet off that long
    generator_drift = drift_m * GENERATOR_NOSE_TO_FEET_M / (NOSE_TO_FEET_PER_HEIGHT * stature_m)
    (still,) = analyze_cmj_set(_landing_across(0.0)).jumps
    (drifted,) = analyze_cmj_set(_landing_across(generator_drift)).jumps
    assert drifted.flight_time_s == pytest.approx(still.flight_time_s, abs=1e-9)


def _drop_jump(drop_m: float, rebound_m: float) -> JumpSignals:
    """A drop jump that moves ``drop_m`` across the picture stepping off the box and ``rebound_m`` in the rebound."""
    t = np.arange(0.0, 4.0, 1 / FPS)
    motion = dropjump_motion(t, 0.3, 0.22, 0.45)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=5)
    truth = motion.truth
    off, contact = truth.box_drop_s, truth.contact_s
    assert off is not None and contact is not None
    xs = _across(t, y, drop_m, off - 0.05, contact + 0.05)
    xs = {
        n: v + (_across(t, y, rebound_m, truth.takeoff_s - 0.05, truth.landing_s + 0.05)[n] - 0.3)
        for n, v in xs.items()
    }
    return JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)


def test_a_drop_jump_steps_forward_off_the_box_but_its_rebound_must_land_in_place() -> None:
    in_place = analyze_dropjump(_drop_jump(0.0, 0.0))
    forward = analyze_dropjump(_drop_jump(0.5, 0.0))  # off the box half a metre forward: a step, as it should be
    assert forward.flight_time_s == pytest.approx(in_place.flight_time_s, abs=1e-9)
    assert forward.ground_contact_time_s == pytest.approx(in_place.ground_contact_time_s, abs=1e-9)
    with pytest.raises(AnalysisError, match="No rebound jump found.*across the picture from where they left"):
        analyze_dropjump(_drop_jump(0.0, STEP_M))


def _hop_across(metres: float, flight_s: float = 0.14) -> JumpSignals:
    """A two-foot hop (feet tucked up in the air) that lands ``metres`` across the picture from where it left."""
    from tests.jump.physics import tucked_hop

    t = np.arange(0.0, 3.0, 1 / FPS)
    motion, y = tucked_hop(t, flight_s, seed=3)
    return JumpSignals.from_series(
        t * 1000, y, _across(t, y, metres, motion.truth.takeoff_s, motion.truth.landing_s), aspect=1.0
    )


def test_a_hop_that_lands_half_a_metre_away_is_a_short_step() -> None:
    """A hop is too short for its parabola to judge: where it lands does. Half a metre across (0.31 body heights
    of the generator's athlete: a short walking step, ``TRAVEL`` is ~41 cm for a 1.75 m athlete) is a step; a
    hand's width (15 cm) is a hop that drifted."""
    assert len(analyze_cmj_set(_hop_across(0.15)).jumps) == 1
    s = _hop_across(0.5)
    (flight,) = find_flights(s)
    with pytest.raises(NotAFlightError, match=r"the feet land 0\.3\d body heights across the picture"):
        check_ballistic(s, flight)


def test_a_cmj_that_lands_65_cm_forward_is_a_jump_for_distance() -> None:
    """``TRAVEL_FLIGHT``: a longer flight may land up to 0.35 body heights across (57 cm for a 1.75 m athlete, an
    arm-swing CMJ's drift with room to spare); 65 cm (0.40 body heights of the generator's athlete) is a short
    broad jump, not a jump in place."""
    s = _landing_across(0.65)
    (flight,) = find_flights(s)
    with pytest.raises(NotAFlightError, match=r"the feet land 0\.4\d body heights across the picture"):
        check_ballistic(s, flight)
