"""The hips rise for as long as they fall (:mod:`kinemotion.jump.apex`): the physics, on real drop jumps."""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, analyze_cmj_set
from kinemotion.jump.apex import EARLY_S, apex_time
from tests.jump.mocap import ASPECT, TRIALS, load_trial, side_camera
from tests.jump.physics import G, arms_lowered_in_flight, hop_set_motion, landmarks
from tests.jump.test_synthetic_accuracy import NOISE, event_tolerance


@pytest.mark.parametrize("name", TRIALS)
@pytest.mark.parametrize("fps", [30.0, 50.0, 60.0, 100.0])
def test_on_force_plates_the_hips_apex_lies_just_before_the_flight_s_midpoint(name: str, fps: float) -> None:
    """What the rule rests on, on real drop jumps (hip joint centres, the force plates' take-off and landing, two
    sampling phases, no noise and 1 cm): the hips' parabola peaks 4-16 ms before the flight's midpoint (they land
    a little lower than they left), never after it, and never by ``EARLY_S`` after it, where a take-off is taken
    for early."""
    trial = load_trial(name)
    takeoff, landing = trial.truth.takeoff_s, trial.truth.landing_s
    for noise_m in (0.0, 0.01):
        for phase in (0.0, 0.5):
            ms, xs, ys = side_camera(trial, fps, phase=phase, noise_m=noise_m, seed=1)
            found = apex_time(JumpSignals.from_series(ms, ys, xs, aspect=ASPECT), takeoff, landing)
            assert found is not None
            apex, se = found
            rise_less_fall = (apex - takeoff) - (landing - apex)
            assert -0.025 < rise_less_fall < 0.0, (noise_m, phase, rise_less_fall)
            assert rise_less_fall + 3 * 2 * se < EARLY_S


def test_a_hop_s_few_samples_are_not_judged() -> None:
    """Over fewer than ``MIN_SAMPLES`` samples in the air no apex is read (a hop's hips on real footage are no
    parabola to a frame)."""
    t = np.arange(0.0, 2.0, 1 / 30)
    hip = np.where((t > 1.0) & (t < 1.3), 0.5 + 1.5 * (t - 1.0) - 5 * (t - 1.0) ** 2, 0.5)
    ys = {n: 0.9 - 0.35 * hip for n in ("left_hip", "right_hip")}
    ys |= {n: np.full_like(t, 0.9) for n in ("left_heel", "right_heel", "left_foot_index", "right_foot_index")}
    ys["nose"] = 0.9 - 0.35 * (hip + 0.7)
    assert apex_time(JumpSignals.from_series(t * 1000, ys), 1.0, 1.3) is None
    assert apex_time(JumpSignals.from_series(t * 1000, ys), 0.9, 1.3) is not None


@pytest.mark.parametrize("fps", [50.0, 60.0, 120.0, 240.0])
def test_hips_landing_higher_than_they_left_move_no_right_take_off(fps: float) -> None:
    """The arms lowered in the air raise the hips under the body's centre of mass (4-6 cm over a 0.35 s flight):
    their parabola's apex comes after the flight's midpoint, as after a take-off placed early, and the landing is
    stiff (the hips clearly braked at once). But the hips before the apex's take-off were already in the air,
    on the parabola, not pushed up by the legs: the feet's take-off, right, stands. The rule moved it 1.3 to 9.3
    frames late (at 50 to 240 fps), with a note saying the feet were seen leaving early."""
    t = np.arange(0.0, 3.5, 1 / fps)
    for raise_m in (0.04, 0.06):
        for seed in range(3):
            motion = arms_lowered_in_flight(t, 0.35, raise_m)
            signals = JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=NOISE, drop_every=0, seed=seed))
            (jump,) = analyze_cmj_set(signals).jumps
            error = (jump.phases_s["takeoff"] - motion.truth.takeoff_s) * fps
            case = (raise_m, seed, round(error, 2), jump.quality)
            assert not any(q.startswith("take-off placed from the hips") for q in jump.quality), case
            speed = G * motion.truth.flight_s / 2
            assert abs(error) / fps < event_tolerance(t, motion.truth.takeoff_s, speed, after=True), case


def test_a_hop_s_landing_placed_early_moves_no_right_take_off() -> None:
    """Two-foot hops at 120 fps (0.15 s flights, 18 hip samples: judged): the feet put a landing 29 ms early,
    which makes the rise look 30 ms longer than the fall. The hips a frame or two past the flight's samples were
    still on its parabola, but were read as braked (and those before the take-off the apex gives as pushed):
    the parabola through a hop's few samples, carried past them, is itself that uncertain. A right take-off was
    moved 4.2 frames late (seed 2). The comparison now counts the parabola's own error where it is carried."""
    fps = 120.0
    t = np.arange(0.0, 5.0, 1 / fps)
    motion, truths = hop_set_motion(t, 0.15, 0.2, 5)
    for seed in range(12):
        signals = JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=NOISE, drop_every=0, seed=seed))
        for jump in analyze_cmj_set(signals).jumps:
            truth = min(truths, key=lambda tr: abs(tr.landing_s - jump.phases_s["landing"]))
            error = (jump.phases_s["takeoff"] - truth.takeoff_s) * fps
            moved = any(q.startswith("take-off placed from the hips") for q in jump.quality)
            assert not moved or abs(error) < 0.5, (seed, jump.number, round(error, 2), jump.quality)
