"""A flight is judged by physics: a step, and feet seen off while the body does not fly, are not jumps.

Both feet leave and land together (:mod:`kinemotion.jump.stride`: walking,
turning and stepping off have a foot a swing phase apart), and the hips rise
and fall freely (:mod:`kinemotion.jump.ballistic`: standing up does not).
A short hop's edges are never placed past a sample where the feet are
clearly off the ground.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set
from kinemotion.jump.ballistic import (
    LANDING_SPEED_SHARE,
    Ballistic,
    NotAFlightError,
    _require_landing_fall,
    check_ballistic,
    fit_between,
    fit_flight,
)
from kinemotion.jump.events import find_flights
from kinemotion.jump.stride import check_feet_together
from tests.jump.physics import FLOOR_Y, PX_PER_M, cmj_motion, dropjump_motion, landmarks, lift_foot, tucked_hop

FPS = 30.0


def _t(duration_s: float = 3.0) -> np.ndarray:
    return np.arange(0.0, duration_s, 1 / FPS)


def _signals(y: dict[str, np.ndarray], t: np.ndarray) -> JumpSignals:
    return JumpSignals.from_series(t * 1000, y)


def test_a_take_off_is_never_placed_after_a_sample_clearly_off_the_ground() -> None:
    # feet that leave within a frame and hang tucked (a hop): no flank for the edge line to follow
    t = _t(1.5)
    feet = np.zeros_like(t)
    off = (t > 0.71) & (t < 0.85)
    feet[off] = 0.08
    y = {"nose": np.full_like(t, 0.2), "left_hip": np.full_like(t, 0.5), "right_hip": np.full_like(t, 0.5)}
    for side in ("left", "right"):
        y[f"{side}_heel"] = FLOOR_Y - PX_PER_M * (feet + 0.03)
        y[f"{side}_foot_index"] = FLOOR_Y - PX_PER_M * (feet + 0.01)
    s = _signals(y, t)
    first_off, last_off = np.flatnonzero(off)[[0, -1]]
    (flight,) = find_flights(s)
    assert t[first_off - 1] <= flight.takeoff_s <= t[first_off]
    assert t[last_off] <= flight.landing_s <= t[last_off + 1]


def test_a_step_between_two_stances_is_not_a_jump_but_the_same_flight_from_both_feet_is() -> None:
    t = _t()
    motion, both = tucked_hop(t, 0.2, seed=6)
    assert len(analyze_cmj_set(_signals({k: v.copy() for k, v in both.items()}, t)).jumps) == 1
    # the left foot swings forward for 0.4 s before the (brief) moment both are off: a step
    stepped = {k: v.copy() for k, v in both.items()}
    takeoff = motion.truth.takeoff_s
    lift_foot(stepped, "left", t, takeoff - 0.4, takeoff + 0.05, 0.12)
    s = _signals(stepped, t)
    (flight,) = find_flights(s)
    with pytest.raises(NotAFlightError, match="left foot left the ground 0.[34]. s before the other: a step"):
        check_feet_together(s, flight)
    with pytest.raises(AnalysisError, match="a step"):
        analyze_cmj_set(s)


def test_a_landing_onto_one_foot_then_the_other_a_step_later_is_not_a_jump() -> None:
    t = _t()
    motion, y = tucked_hop(t, 0.2, seed=7)
    lift_foot(y, "right", t, motion.truth.landing_s - 0.05, motion.truth.landing_s + 0.35, 0.12)
    s = _signals(y, t)
    (flight,) = find_flights(s)
    with pytest.raises(NotAFlightError, match="right foot touched down 0.[23]. s after the other"):
        check_feet_together(s, flight)


def test_a_single_leg_jump_with_the_free_foot_held_up_throughout_is_a_jump() -> None:
    t = _t()
    motion = cmj_motion(t, 0.3, depth=0.2)
    y = landmarks(t, motion, noise=0.0003, drop_every=0, seed=8)
    for point in ("heel", "foot_index"):  # the free foot held 15 cm up from 0.3 s on
        y[f"left_{point}"][t > 0.3] -= 0.15 * PX_PER_M
    s = _signals(y, t)
    (flight,) = find_flights(s)
    check_feet_together(s, flight)  # nothing raised: a foot held up is not a step
    assert analyze_cmj_set(s).jumps[0].flight_time_s == pytest.approx(0.3, abs=1 / FPS)


def _feet_off_for_four_frames(t: np.ndarray, hip: np.ndarray) -> JumpSignals:
    """Signals of hips at ``hip`` (m) whose feet are (mis)tracked 6-10 cm up for four frames from 1.16 s."""
    first = int(np.searchsorted(t, 1.16))
    feet = np.zeros_like(t)
    feet[first : first + 4] = [0.06, 0.1, 0.1, 0.06]
    return _hips_and_feet(t, hip, feet)


def _hips_and_feet(t: np.ndarray, hip: np.ndarray, feet: np.ndarray) -> JumpSignals:
    """Signals of hips at ``hip`` and both feet's soles at ``feet`` (m above the floor)."""
    y = {
        "nose": FLOOR_Y - PX_PER_M * (hip + 0.68),
        "left_hip": FLOOR_Y - PX_PER_M * hip,
        "right_hip": FLOOR_Y - PX_PER_M * hip,
    }
    for side in ("left", "right"):
        y[f"{side}_heel"] = FLOOR_Y - PX_PER_M * (feet + 0.03)
        y[f"{side}_foot_index"] = FLOOR_Y - PX_PER_M * (feet + 0.01)
    return _signals(y, t)


def test_feet_seen_off_while_the_hips_keep_rising_is_not_a_flight() -> None:
    # standing up ever faster from a crouch; for four frames the feet are (mis)tracked 6-10 cm up, and one hip
    # sample in that moment sits 2 cm high (noise): the hips "rise" above both ends, but they never slow down
    t = _t()
    hip = np.minimum(np.where(t < 1.0, 0.75, 0.75 + 0.5 * (t - 1.0) ** 2), 1.0)
    hip[int(np.searchsorted(t, 1.16)) + 3] += 0.02
    s = _feet_off_for_four_frames(t, hip)
    (flight,) = find_flights(s)
    assert fit_flight(s, flight) is None  # too few samples in the air for a parabola to judge
    with pytest.raises(NotAFlightError, match="hips do not fall freely"):
        check_ballistic(s, flight)
    # the analysis says it sooner: the hips never fall around the feet's airborne phase (the hips' bracket)
    with pytest.raises(AnalysisError, match="hips do not fall freely|the hips never fell at all"):
        analyze_cmj_set(s)


def test_feet_seen_off_while_the_hips_slow_down_far_less_than_in_a_fall_is_not_a_flight() -> None:
    """As above, but the hips rising at 0.6 m/s slow down through the feet's four frames off the ground at a
    quarter of g (rising onto the toes, say): over the moment they rise above its ends as a body in the air would,
    but a body in the air loses ``g t`` of upward speed in ``t``, these hips a quarter of that. Too short for a
    parabola, the hips' velocity decides: they do not fall freely."""
    t = _t()
    hip = np.where(t < 1.0, 0.75, 0.75 + 0.6 * (t - 1.0) - 9.81 / 4 * (t - 1.0) ** 2 / 2)
    s = _feet_off_for_four_frames(t, hip)
    (flight,) = find_flights(s)
    assert fit_flight(s, flight) is None  # too few samples in the air for a parabola to judge
    said = r"in the airborne phase at \d\.\d\d-\d\.\d\d s the hips do not fall freely \(their upward velocity drops"
    with pytest.raises(NotAFlightError, match=said):
        check_ballistic(s, flight)


@pytest.mark.parametrize("late_frames", [0.0, 1.0, 1.4])
def test_a_hop_whose_take_off_is_placed_late_still_rises_over_its_ends(late_frames: float) -> None:
    # a 0.15 s hop (4-5 frames at 30 fps) whose feet are seen leaving up to 1.4 frames late, the hips then near
    # their apex already: the apex is still g t^2/8 above the mean of the two ends (rope hops on MediaPipe)
    t = _t()
    _, y = tucked_hop(t, 0.15, seed=4)
    s = _signals(y, t)
    (flight,) = find_flights(s)
    late = dataclasses.replace(flight, takeoff_s=flight.takeoff_s + late_frames / FPS)
    check_ballistic(s, late)  # nothing raised: a flight
    flat = {k: v.copy() for k, v in y.items()}
    for name in ("left_hip", "right_hip", "nose", "left_shoulder", "right_shoulder"):
        flat[name] = np.full_like(t, np.nanmedian(flat[name]))
    with pytest.raises(NotAFlightError, match="hips do not rise"):
        check_ballistic(_signals(flat, t), late)  # hips that stay put: no flight, however its ends are placed


@pytest.mark.parametrize("nudge_frames", [-0.1, 0.1])
def test_hips_that_sink_as_the_feet_leave_do_not_rise_however_the_take_off_is_nudged(nudge_frames: float) -> None:
    """Feet (mis)tracked 8 cm up for eight frames while the hips sink 5 cm at once (a turn on the spot): the take-off
    placed a tenth of a frame before or after the last sample at standing height, the hips do not rise either way.

    Before (the rise was the highest sample in the air): with that sample just inside, the hips "rose" by half
    their sink over the mean of the two ends, and the flight passed the rise test (MediaPipe's demo under 0.3 px
    of noise: a turn on the box taken for a jump, tests/jump/test_labelled_footage.py)."""
    t = _t()
    first = int(np.searchsorted(t, 1.2))
    feet = np.zeros_like(t)
    feet[first : first + 8] = 0.08
    s = _hips_and_feet(t, np.where(t < t[first], 0.95, 0.90), feet)
    (flight,) = find_flights(s)
    nudged = dataclasses.replace(flight, takeoff_s=float(s.t[first - 1]) + nudge_frames / FPS)
    with pytest.raises(NotAFlightError, match="the hips do not rise"):
        check_ballistic(s, nudged)


@pytest.mark.parametrize("fps", [30.0, 60.0])
@pytest.mark.parametrize("box_m", [0.1, 0.15, 0.2])
def test_a_step_down_off_a_box_only_falls_and_is_not_a_jump(box_m: float, fps: float) -> None:
    # off a box, onto the floor, and a real rebound jump: the hips only fall in the step down, so over the
    # mean of its two ends they "rise" by half the box, unless the landing is taken back to the box's ground
    t = np.arange(0.0, 3.0, 1 / fps)
    motion = dropjump_motion(t, box_m, 0.22, 0.45, off_s=1.0)
    signals = JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=0.0005, drop_every=0, seed=2))
    (rebound,) = analyze_cmj_set(signals).jumps
    assert rebound.flight_time_s == pytest.approx(0.45, abs=1.5 / fps)


def test_a_blip_whose_hips_are_lost_at_one_end_is_still_judged_by_the_other() -> None:
    # hips that stay put, seen at take-off but lost from the landing on: the rise is judged from the end seen
    t = _t()
    _, y = tucked_hop(t, 0.15, seed=4)
    for name in ("left_hip", "right_hip", "nose", "left_shoulder", "right_shoulder"):
        y[name] = np.full_like(t, np.nanmedian(y[name]))
    s = _signals(y, t)
    (flight,) = find_flights(s)
    lost = dataclasses.replace(s, hip=np.where(s.t >= flight.landing_s - 0.01, np.nan, s.hip))
    with pytest.raises(NotAFlightError, match="hips do not rise"):
        check_ballistic(lost, flight)


def test_feet_seen_off_for_a_third_of_a_second_while_the_hips_slow_down_at_a_quarter_of_g_is_not_a_flight() -> None:
    """As above, the feet seen off for ten frames (0.33 s): enough samples for a parabola, whose curvature says
    the hips slow down at a quarter of g (1.8 body heights/s², gravity 4.8-8.1 for athletes 1.3 to 2.2 m tall):
    refused by the parabola, which the message says with what the hips did and what it is likely to be."""
    t = _t()
    hip = np.where(t < 1.0, 0.75, 0.75 + 0.6 * (t - 1.0) - 9.81 / 4 * (t - 1.0) ** 2 / 2)
    first = int(np.searchsorted(t, 1.16))
    feet = np.zeros_like(t)
    feet[first : first + 10] = [0.06, *[0.1] * 8, 0.06]
    s = _hips_and_feet(t, hip, feet)
    (flight,) = find_flights(s)
    fit = fit_flight(s, flight)
    assert fit is not None and fit.samples >= 4  # a parabola to judge
    said = (
        r"^Not a jump: in the airborne phase at 1\.1\d-1\.[45]\d s the hips do not fall freely \(they accelerate "
        r"downwards at 1\.8 ± 0\.0 body heights/s², gravity is 4\.8-8\.1\): walking, stepping, standing up or "
        r"turning, not a flight\.$"
    )
    with pytest.raises(NotAFlightError, match=said):
        check_ballistic(s, flight)


def test_the_parabola_s_landing_velocity_and_its_variance_are_those_of_the_hips_in_the_air() -> None:
    """A hop's hips in the air with 1 cm of noise, 300 times: the fit's landing velocity is the take-off's
    mirrored (the flight is symmetric) and its variances and covariance (``velocity_cov``: take-off's,
    covariance, landing's) are the spread of the fitted velocities over the draws, as the landing-fall check
    takes them."""
    t = np.arange(0.0, 2.0, 1 / 60)
    up, down, fits = [], [], []
    for seed in range(300):
        rng = np.random.default_rng(seed)
        air = (t > 0.8) & (t < 1.3)
        hip = np.where(air, 0.75 + 2.45 * (t - 0.8) - 9.81 * (t - 0.8) ** 2 / 2, 0.75)
        feet = np.where(air, 0.5 * (hip - 0.75) + 0.02, 0.0)
        s = _hips_and_feet(t, hip + rng.normal(0, 0.01, len(t)) * air, feet)
        fit = fit_between(s, 0.8, 1.3)
        assert fit is not None
        up.append(fit.takeoff_velocity_bh_s)
        down.append(fit.landing_velocity_bh_s)
        fits.append(fit.velocity_cov)
    var_up, cov, var_down = np.mean(fits, axis=0)
    assert np.mean(down) == pytest.approx(-np.mean(up), rel=0.02)
    assert np.var(up) == pytest.approx(var_up, rel=0.25)
    assert np.var(down) == pytest.approx(var_down, rel=0.25)
    assert np.cov(up, down)[0, 1] == pytest.approx(cov, rel=0.25)


def _landing_at(short_sds: float) -> Ballistic:
    """A fitted flight leaving at 1 body height/s whose landing is ``short_sds`` standard errors short of falling
    at ``LANDING_SPEED_SHARE`` of that (the take-off's velocity surer than the landing's, the two anti-correlated
    as a parabola's are)."""
    var_up, cov, var_down = 0.02, -0.008, 0.01
    share = LANDING_SPEED_SHARE
    spread = math.sqrt(var_down + 2 * share * cov + share**2 * var_up)
    return Ballistic(7.0, 0.3, 1.0, math.sqrt(var_up), 20, 0.0, -share + short_sds * spread, (var_up, cov, var_down))


def test_a_landing_short_of_falling_by_more_than_two_standard_errors_is_refused_and_within_them_is_not() -> None:
    """The landing-fall rule at its edge: the spread of ``landing + share x take-off`` is the fit's, with the two
    velocities' covariance (a parabola's are anti-correlated: counted apart, the spread is wrong)."""
    _require_landing_fall(_landing_at(1.6), "the flight")  # within SIGMAS (2) standard errors: a flight
    with pytest.raises(NotAFlightError, match="came to rest at the top, standing up"):
        _require_landing_fall(_landing_at(2.4), "the flight")
