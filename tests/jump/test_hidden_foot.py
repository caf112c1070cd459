"""Seen from the side one foot hides behind the other: its early take-off (late landing) is not a step.

A pose model guesses where the hidden foot is (on the side-on squat jump
RTMPose sees the far foot leave 0.13-0.16 s before the near one), so
``kinemotion.jump.stride`` does not judge a foot that leaves or lands apart
from the other while the feet look one behind the other in the picture
(``HIDDEN_APART``, every sample near that foot's edge and the flight's) and
the body is seen from the side (``SIDE_ON_WIDTH``). Seen from the front (or
from behind) a walker's feet are side by side at the step's width (heel
centres 5-12 cm apart), whichever foot is ahead: a step towards or away from
the camera looks "one behind the other" by the feet alone; the hips and
shoulders, about 0.3 body heights wide facing the camera and 0.06-0.14 from
the side, tell the views apart. A walking step seen from the side has its
feet a step apart when the trailing foot leaves and when the leading one
lands; a model that swaps the feet from frame to frame makes them look level
and a step apart by turns.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set
from kinemotion.jump.ballistic import NotAFlightError
from kinemotion.jump.events import find_flights
from kinemotion.jump.stride import HIDDEN_APART, check_feet_together
from kinemotion.tracking import TrackingResult
from tests.jump.labelled import labelled_jumps
from tests.jump.physics import PX_PER_M, cmj_motion, landmarks, lift_foot, tucked_hop

FPS = 30.0
BODY_M = 1.63
"""The generator's athlete, nose to feet."""
HIPS_M, SHOULDERS_M = 0.17, 0.35


def _t() -> np.ndarray:
    return np.arange(0.0, 3.0, 1 / FPS)


def _filmed(t: np.ndarray, y: dict[str, np.ndarray], feet_apart_m: float, facing: bool) -> JumpSignals:
    """``y`` with x: the feet ``feet_apart_m`` apart across the picture; the body facing the camera (hips and
    shoulders their width apart) or seen from the side (every point at one x)."""
    xs = {n: np.full_like(v, 0.5) for n, v in y.items()}
    if facing:
        for joint, width in (("hip", HIPS_M), ("shoulder", SHOULDERS_M)):
            xs[f"left_{joint}"], xs[f"right_{joint}"] = (
                xs[f"left_{joint}"] + width / 2 * PX_PER_M,
                xs[f"right_{joint}"] - (width / 2 * PX_PER_M),
            )
    for point in ("heel", "foot_index"):
        xs[f"left_{point}"] = xs[f"left_{point}"] + feet_apart_m / 2 * PX_PER_M
        xs[f"right_{point}"] = xs[f"right_{point}"] - feet_apart_m / 2 * PX_PER_M
    return JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)


def _step(t: np.ndarray) -> dict[str, np.ndarray]:
    """test_steps_and_short_hops' step: the left foot swings for 0.4 s before the moment both are seen off."""
    motion, y = tucked_hop(t, 0.2, seed=6)
    takeoff = motion.truth.takeoff_s
    lift_foot(y, "left", t, takeoff - 0.4, takeoff + 0.05, 0.12)
    return y


@pytest.mark.parametrize("step_width_m", [0.04, 0.06])
def test_a_step_towards_the_camera_with_narrow_feet_is_still_a_step(step_width_m: float) -> None:
    # a walker facing the camera, feet 4-6 cm apart across the picture (a narrow step width; 0.025-0.037
    # body heights, under HIDDEN_APART): the feet alone would take them for one behind the other
    assert step_width_m / BODY_M < HIDDEN_APART
    t = _t()
    s = _filmed(t, _step(t), step_width_m, facing=True)
    with pytest.raises(AnalysisError, match="left foot left the ground 0.[34]. s before the other: a step"):
        analyze_cmj_set(s)


def test_the_same_step_seen_side_on_is_not_judged_as_the_hidden_foot_it_may_be() -> None:
    # what the exemption is for: side-on, the same feet one behind the other, the early foot may be a guess
    t = _t()
    s = _filmed(t, _step(t), 0.0, facing=False)
    (flight,) = find_flights(s)
    check_feet_together(s, flight)  # nothing raised


def test_feet_that_look_level_only_on_some_samples_are_not_one_behind_the_other() -> None:
    # a model that swaps the feet from frame to frame makes them look level and a step apart by turns:
    # the exemption needs every sample near the edge under HIDDEN_APART
    t = _t()
    motion = cmj_motion(t, 0.45)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=8)
    takeoff = motion.truth.takeoff_s
    lift_foot(y, "left", t, takeoff - 0.3, takeoff + 0.05, 0.06)
    xs = {n: np.full_like(v, 0.5) for n, v in y.items()}
    ahead = np.where(np.arange(len(t)) % 2 == 0, 0.0, 0.7)  # level on even frames, a step apart on odd
    for point in ("heel", "foot_index"):
        xs[f"left_{point}"] = xs[f"left_{point}"] + ahead * PX_PER_M
    s = JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)
    (flight,) = find_flights(s)
    with pytest.raises(AnalysisError, match="left foot left the ground 0.[23]. s before the other: a step"):
        check_feet_together(s, flight)


def _seen_from_the_side(y: dict[str, np.ndarray], t: np.ndarray, apart_m: float) -> JumpSignals:
    """``y`` filmed from the side: every point at one x, but the left foot ``apart_m`` ahead of the right."""
    xs = {n: np.full_like(v, 0.5) for n, v in y.items()}
    for point in ("heel", "foot_index"):
        xs[f"left_{point}"] = xs[f"left_{point}"] + apart_m * PX_PER_M
    return JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)


@pytest.mark.parametrize(
    ("edge", "says"),
    [("take-off", "left the ground 0.[23]. s before"), ("landing", "touched down 0.[23]. s after")],
)
def test_a_hidden_foot_seen_leaving_early_or_landing_late_is_not_judged_but_a_foot_a_step_ahead_is(
    edge: str, says: str
) -> None:
    # from the side the far foot hides behind the near one and the model guesses it: seen up 0.3 s early (late)
    t = _t()
    motion = cmj_motion(t, 0.45)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=8)
    truth = motion.truth
    up = (
        (truth.takeoff_s - 0.3, truth.takeoff_s + 0.05)
        if edge == "take-off"
        else (truth.landing_s - 0.05, truth.landing_s + 0.3)
    )
    lift_foot(y, "left", t, *up, 0.06)
    (jump,) = analyze_cmj_set(_seen_from_the_side(y, t, apart_m=0.0)).jumps
    assert jump.flight_time_s == pytest.approx(0.45, abs=0.02)
    # the same foot a step ahead of the other (0.7 m: seen, not hidden) that long apart is a step
    stepped = _seen_from_the_side(y, t, apart_m=0.7)
    (flight,) = find_flights(stepped)
    with pytest.raises(NotAFlightError, match=f"left foot {says} the other: a step"):
        check_feet_together(stepped, flight)


@pytest.mark.parametrize("swing", ["comes level", "moves ahead"])
def test_a_step_seen_from_the_side_is_judged_when_its_feet_are_apart_at_either_edge(swing: str) -> None:
    # "comes level": the trailing foot leaves 0.35 m behind the other and swings level with it, where the model
    # sees the planted foot up too (one behind the other from then to the "take-off", a step apart when it
    # left); "moves ahead": it leaves level with the other and is 0.35 m ahead by the "take-off"
    t = _t()
    motion = cmj_motion(t, 0.45)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=9)
    start, stop = motion.truth.takeoff_s - 0.3, motion.truth.takeoff_s + 0.05
    lift_foot(y, "left", t, start, stop, 0.06)
    moved = (
        np.clip((t - start) / 0.1, 0.0, 1.0) if swing == "comes level" else np.clip((t - start - 0.1) / 0.1, 0.0, 1.0)
    )
    behind = 0.35 * (1 - moved) if swing == "comes level" else -0.35 * moved
    xs = {n: np.full_like(v, 0.5) for n, v in y.items()}
    for point in ("heel", "foot_index"):
        xs[f"left_{point}"] = 0.5 - behind * PX_PER_M
    s = JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)
    (flight,) = find_flights(s)
    with pytest.raises(NotAFlightError, match="left foot left the ground 0.[23]. s before the other: a step"):
        check_feet_together(s, flight)


def _apart_around_events(s: JumpSignals, clip: str) -> np.ndarray:
    """How far apart the feet look within 0.1 s of each labelled take-off and landing: (min, max) per event."""
    out = []
    for jump in labelled_jumps(clip):
        for frame in (jump["takeoff"] - 0.5, jump["landing"] - 0.5):
            near = s.feet_apart[np.abs(s.t - frame / s.fps) <= 0.1]  # type: ignore[index]
            out.append((np.nanmin(near), np.nanmax(near)))
    return np.asarray(out)


@pytest.mark.parametrize("backend", ["rtmpose-openvino", "rtmpose-cpu", "mediapipe"])
def test_on_real_footage_feet_seen_from_the_side_are_one_behind_the_other_and_side_by_side_are_not(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    side_on = JumpSignals.from_tracking(tracked("squat_jump_side_30fps.mp4", backend))
    assert _apart_around_events(side_on, "squat_jump_side_30fps.mp4")[:, 1].max() < HIDDEN_APART
    # the rope skipper's feet are together, facing the camera: a foot's width apart, never one behind the other
    facing = JumpSignals.from_tracking(tracked("rope_skip_front_30fps.mp4", backend))
    assert _apart_around_events(facing, "rope_skip_front_30fps.mp4")[:, 0].min() > HIDDEN_APART
