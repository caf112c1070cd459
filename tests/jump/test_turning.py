"""A hop lands facing the way it left: a pivot onto the toes to turn round is not a flight.

A hop's flight is too short for the hips' parabola to judge (:mod:`kinemotion.jump.ballistic`), and a pivot,
seen as both feet off for a tenth of a second, rises and falls like one. What tells them apart is the turn:
the hips and shoulders look narrower or wider in the picture after a pivot.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set, analyze_dropjump
from kinemotion.jump.ballistic import HOP_S, TURN_WIDTH, NotAFlightError, check_ballistic
from kinemotion.jump.events import find_flights
from kinemotion.tracking import TrackingResult
from tests.jump.labelled import labelled_jumps
from tests.jump.physics import PX_PER_M, dropjump_motion, landmarks, tucked_hop

FPS = 30.0
HIPS_M, SHOULDERS_M = 0.17, 0.35
"""Hip joint centres and shoulder joints apart, facing the camera."""


def _facing(t: np.ndarray, turn_deg: float, start_s: float, stop_s: float) -> dict[str, np.ndarray]:
    """x of the hips and shoulders of a body facing the camera that turns by ``turn_deg`` between two times."""
    angle = np.radians(turn_deg) * np.clip((t - start_s) / (stop_s - start_s), 0.0, 1.0)
    xs = {}
    for joint, apart in (("hip", HIPS_M), ("shoulder", SHOULDERS_M)):
        half = apart / 2 * np.cos(angle) * PX_PER_M
        xs[f"left_{joint}"], xs[f"right_{joint}"] = 0.5 + half, 0.5 - half
    return xs


def _hop(flight_s: float, turn_deg: float, seed: int = 3) -> JumpSignals:
    """A jump of ``flight_s`` whose body turns by ``turn_deg`` from just before take-off to just after landing."""
    t = np.arange(0.0, 3.0, 1 / FPS)
    motion, y = tucked_hop(t, flight_s, seed)
    xs = {n: np.full_like(v, 0.5) for n, v in y.items()} | _facing(
        t, turn_deg, motion.truth.takeoff_s - 0.05, motion.truth.landing_s + 0.05
    )
    return JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)


@pytest.mark.parametrize("flight_s", [0.14, 0.2])
def test_a_hop_that_lands_turned_is_a_pivot_not_a_jump(flight_s: float) -> None:
    assert len(analyze_cmj_set(_hop(flight_s, turn_deg=0)).jumps) == 1
    assert len(analyze_cmj_set(_hop(flight_s, turn_deg=10)).jumps) == 1  # a hop drifts a little
    s = _hop(flight_s, turn_deg=45)
    (flight,) = find_flights(s)
    with pytest.raises(NotAFlightError, match="the body turns .* narrower after it than before"):
        check_ballistic(s, flight)
    with pytest.raises(AnalysisError, match="a pivot or a step round"):
        analyze_cmj_set(s)


def test_a_long_flight_is_judged_by_its_parabola_even_when_the_body_turns() -> None:
    # a turn in the air over a real flight (a half-second CMJ) is still a flight: the parabola judges it
    assert HOP_S < 0.5
    assert len(analyze_cmj_set(_hop(0.5, turn_deg=45)).jumps) == 1


def test_without_the_shoulders_in_view_the_turn_is_not_judged() -> None:
    t = np.arange(0.0, 3.0, 1 / FPS)
    _, y = tucked_hop(t, 0.14, seed=3)
    xs = {n: np.full_like(v, 0.5) for n, v in y.items() if "shoulder" not in n}
    s = JumpSignals.from_series(t * 1000, {n: v for n, v in y.items() if "shoulder" not in n}, xs, aspect=1.0)
    assert s.facing_width is None
    assert len(analyze_cmj_set(s).jumps) == 1


def _width_change(s: JumpSignals, takeoff_s: float, landing_s: float) -> float:
    before = s.facing_width[(s.t >= takeoff_s - 0.2) & (s.t <= takeoff_s)]  # type: ignore[index]
    after = s.facing_width[(s.t >= landing_s) & (s.t <= landing_s + 0.2)]  # type: ignore[index]
    return float(np.nanmedian(after) - np.nanmedian(before))


@pytest.mark.parametrize("backend", ["rtmpose-openvino", "rtmpose-cpu"])
def test_on_real_footage_the_pivot_on_the_box_is_a_turn(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    # the demo's athlete pivots onto his toes to turn on the box (frames 89-93: two labelling passes saw the
    # rear foot on the box throughout); RTMPose sees both feet off for 0.09 s, rising and falling like a hop
    demo = JumpSignals.from_tracking(tracked("backflip-demo.mp4", backend))
    (pivot,) = [f for f in find_flights(demo, min_duration_s=0.05) if 87 <= demo.frame_at(f.takeoff_s) <= 93]
    assert pivot.duration_s < HOP_S
    assert abs(_width_change(demo, pivot.takeoff_s, pivot.landing_s)) > TURN_WIDTH
    with pytest.raises(NotAFlightError, match="the body turns"):
        check_ballistic(demo, pivot)


@pytest.mark.parametrize("backend", ["rtmpose-openvino", "rtmpose-cpu", "mediapipe"])
def test_on_real_footage_every_rope_hop_lands_facing_the_way_it_left(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    rope = JumpSignals.from_tracking(tracked("rope_skip_front_30fps.mp4", backend))
    for hop in labelled_jumps("rope_skip_front_30fps.mp4"):
        takeoff, landing = (hop["takeoff"] - 0.5) / rope.fps, (hop["landing"] - 0.5) / rope.fps
        assert abs(_width_change(rope, takeoff, landing)) < TURN_WIDTH / 2, hop


def _drop_jump(rebound_s: float, turn_deg: float, around: str, seed: int = 3) -> JumpSignals:
    """A drop jump off a 0.3 m box whose body turns by ``turn_deg`` around the rebound or around the drop."""
    t = np.arange(0.0, 4.0, 1 / FPS)
    motion = dropjump_motion(t, 0.3, 0.22, rebound_s)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=seed)
    truth = motion.truth
    start, stop = (
        (truth.takeoff_s - 0.05, truth.landing_s + 0.05)
        if around == "rebound"
        else (truth.box_drop_s - 0.05, truth.contact_s + 0.05)  # type: ignore[operator]
    )
    xs = {n: np.full_like(v, 0.5) for n, v in y.items()} | _facing(t, turn_deg, start, stop)
    return JumpSignals.from_series(t * 1000, y, xs, aspect=1.0)


def test_a_short_rebound_that_lands_turned_is_no_rebound_but_one_that_lands_square_is_measured() -> None:
    # a rebound under HOP_S is judged as a hop is: a pivot off the ground after the contact is not a jump
    assert HOP_S > 0.2
    for turn in (0, 10):
        jump = analyze_dropjump(_drop_jump(0.2, turn, "rebound"))
        assert jump.flight_time_s == pytest.approx(0.2, abs=0.02)
    with pytest.raises(AnalysisError, match="No rebound jump found.*the body turns"):
        analyze_dropjump(_drop_jump(0.2, 45, "rebound"))


def test_turning_while_stepping_off_the_box_changes_nothing() -> None:
    # the drop is a step, not a jump: only the rebound is asked to land facing the way it left
    square = analyze_dropjump(_drop_jump(0.2, 0, "drop"))
    turned = analyze_dropjump(_drop_jump(0.2, 45, "drop"))
    assert turned.ground_contact_time_s == pytest.approx(square.ground_contact_time_s, abs=1e-9)
    assert turned.flight_time_s == pytest.approx(square.flight_time_s, abs=1e-9)
