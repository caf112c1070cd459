"""The knee and hip angles at each jump's events (kinemotion.jump.posture), against a physics-generated athlete
filmed from the side whose true angles are known.

The generator's legs are two equal segments (``SEGMENT_M``) spanning the hip-ankle distance, the knees forward
(``knees_from_the_side``): the true knee flexion is ``2 acos(span / 2 SEGMENT_M)`` and, the trunk upright above
the hips, the true hip flexion half of it. The truth is read at the generator's own event times (its lowest
hip, take-off, landing), not at the analysis's: an event placed a frame off moves the angle, which the reported
uncertainty must hold.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, analyze_cmj_set, analyze_dropjump_set
from kinemotion.jump.posture import ANGLE_METRICS, LANDING_WINDOW_S, both_sides
from kinemotion.jump.result import summarize
from kinemotion.kinematics.angles import JointAngles
from kinemotion.tracking.decode import VideoInfo
from kinemotion.tracking.result import BackendRecord, TrackingResult
from tests.jump.physics import PX_PER_M, SEGMENT_M, Motion, cmj_motion, dropjump_motion, knees_from_the_side, landmarks

FPS = 30.0
SEEDS = range(10)


def _tracking(t: np.ndarray, y: dict[str, np.ndarray], xs: dict[str, np.ndarray]) -> TrackingResult:
    """The series as a tracking of a square video (the generator's x and y are in frame heights alike)."""
    names = tuple(y)
    points = np.stack([np.stack([xs[n], y[n], np.full(len(t), 0.9)], -1) for n in names], 1)
    info = VideoInfo(path="side.mp4", width=480, height=480, fps=FPS, frame_count=len(t), rotation=0, codec="mp4v")
    backend = BackendRecord("physics", "lightweight", None, None, None)
    return TrackingResult(info, backend, names, t * 1000.0, points.astype(np.float32))


def _motion(kind: str, t: np.ndarray) -> Motion:
    return cmj_motion(t, 0.5) if kind == "cmj" else dropjump_motion(t, 0.4, 0.22, 0.5)


def _truth(kind: str, t: np.ndarray, motion: Motion) -> dict[str, float]:
    clean = landmarks(t, motion, noise=0.0, drop_every=0, seed=0)
    span = (clean["left_ankle"] - clean["left_hip"]) / PX_PER_M
    knee = 2 * np.degrees(np.arccos(np.clip(span / (2 * SEGMENT_M), -1.0, 1.0)))
    truth = motion.truth
    if kind == "cmj":
        assert truth.lowest_s is not None
        lowest = truth.lowest_s
    else:  # a drop jump's lowest hip during its ground contact
        assert truth.contact_s is not None
        contact = np.flatnonzero((t >= truth.contact_s) & (t <= truth.takeoff_s))
        lowest = float(t[contact[np.argmin(motion.hip[contact])]])
    after = (t >= truth.landing_s) & (t <= truth.landing_s + LANDING_WINDOW_S)
    return {
        "knee_flexion_lowest_deg": float(np.interp(lowest, t, knee)),
        "hip_flexion_lowest_deg": float(np.interp(lowest, t, knee)) / 2,
        "knee_flexion_takeoff_deg": float(np.interp(truth.takeoff_s, t, knee)),
        "hip_flexion_takeoff_deg": float(np.interp(truth.takeoff_s, t, knee)) / 2,
        "knee_flexion_landing_max_deg": float(knee[after].max()),
    }


def _jump(kind: str, t: np.ndarray, motion: Motion, seed: int, noise: float = 0.001):  # type: ignore[no-untyped-def]
    y = landmarks(t, motion, noise=noise, drop_every=0, seed=seed)
    signals = JumpSignals.from_tracking(_tracking(t, y, knees_from_the_side(y)))
    analyse = analyze_cmj_set if kind == "cmj" else analyze_dropjump_set
    (jump,) = analyse(signals).jumps
    return jump


@pytest.mark.parametrize("kind", ["cmj", "dropjump"])
def test_the_angles_at_the_events_are_the_true_ones_within_their_uncertainty(kind: str) -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    motion = _motion(kind, t)
    truth = _truth(kind, t, motion)
    hits, errors, widths = [], [], []
    for seed in SEEDS:
        jump = _jump(kind, t, motion, seed)
        metrics = jump.metrics()
        assert list(metrics)[-len(ANGLE_METRICS) :] == list(ANGLE_METRICS)  # after the jump's own metrics
        for name, true in truth.items():
            measured, half_width = metrics[name], jump.metric_uncertainty[name]
            assert measured is not None, name
            hits.append(abs(measured - true) <= half_width)
            errors.append(abs(measured - true))
            widths.append(half_width)
    assert np.mean(hits) >= 0.9  # the 90 % intervals hold the truth (measured: every one of 50)
    assert np.median(errors) < 1.0  # degrees (measured: 0.2-0.3)
    assert np.median(widths) < 6.0  # not vacuous (measured: 3-4)


def test_take_off_s_uncertainty_holds_how_fast_the_knee_extends_there() -> None:
    # the knee extends by several degrees a frame at take-off, and hardly moves at the lowest point: an event's
    # time uncertainty widens the take-off's angle, not the lowest point's
    t = np.arange(0, 3.5, 1 / FPS)
    jump = _jump("cmj", t, _motion("cmj", t), seed=3, noise=0.0002)
    spread = jump.metric_uncertainty
    assert spread["knee_flexion_takeoff_deg"] > 3 * spread["knee_flexion_lowest_deg"]


def test_signals_without_a_tracking_give_no_angles_and_the_jump_is_still_measured() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    y = landmarks(t, _motion("cmj", t), noise=0.001, drop_every=0, seed=1)
    (jump,) = analyze_cmj_set(JumpSignals.from_series(t * 1000, y)).jumps
    assert jump.joint_angles_deg == {} and not set(ANGLE_METRICS) & set(jump.metrics())
    assert not set(ANGLE_METRICS) & set(jump.metric_uncertainty)
    no_shoulders = {n: v for n, v in y.items() if "shoulder" not in n}
    xs = knees_from_the_side(no_shoulders)
    signals = JumpSignals.from_tracking(_tracking(t, no_shoulders, xs))
    assert signals.joint_angles is None  # a point the angles need is missing: no angles, the jump measured
    assert analyze_cmj_set(signals).jumps[0].flight_time_s == pytest.approx(0.5, abs=0.02)


def test_an_angle_not_seen_at_its_event_is_none_with_no_uncertainty() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    y = landmarks(t, _motion("cmj", t), noise=0.001, drop_every=0, seed=2)
    tracking = _tracking(t, y, knees_from_the_side(y))
    take_off = int(np.searchsorted(t, _motion("cmj", t).truth.takeoff_s))
    hidden = tracking.landmarks.copy()
    for side in ("left", "right"):  # both knees unseen (visibility 0.1) around take-off
        hidden[take_off - 3 : take_off + 3, tracking.landmark_names.index(f"{side}_knee"), 2] = 0.1
    (jump,) = analyze_cmj_set(JumpSignals.from_tracking(replace(tracking, landmarks=hidden))).jumps
    metrics = jump.metrics()
    assert metrics["knee_flexion_takeoff_deg"] is None and metrics["hip_flexion_takeoff_deg"] is None
    assert "knee_flexion_takeoff_deg" not in jump.metric_uncertainty
    assert metrics["knee_flexion_lowest_deg"] is not None


def test_the_summary_gives_an_angle_no_best() -> None:
    summary = summarize([{"knee_flexion_lowest_deg": 80.0, "flight_time_s": 0.5}, {"knee_flexion_lowest_deg": 90.0,
                        "flight_time_s": 0.6}])  # fmt: skip
    assert summary["knee_flexion_lowest_deg"]["best"] is None and summary["knee_flexion_lowest_deg"]["mean"] == 85
    assert summary["flight_time_s"]["best"] == 0.6
    assert math.isclose(summary["knee_flexion_lowest_deg"]["sd"] or 0, math.sqrt(50))


def test_the_jump_guide_lists_every_angle_metric_with_its_unit_and_uncertainty() -> None:
    from tests.docs import page

    text = page("guide/jumps.md").split("**knee and hip angles at the jump's events**", 1)[1]
    rows = re.findall(r"^\| `(\w+)` \| (\w+) \| [^|]+ \| (±?) \| (\w+) \|$", text, re.M)
    assert [r[0] for r in rows] == list(ANGLE_METRICS)
    assert {(unit, pm, best) for _, unit, pm, best in rows} == {("deg", "±", "none")}


def test_the_two_sides_are_averaged_and_one_side_alone_is_used_where_the_other_is_unseen() -> None:
    names = ("right_knee_flexion_deg", "left_knee_flexion_deg")
    nan = math.nan
    degrees = np.array([[10.0, 20.0], [nan, 30.0], [40.0, nan], [nan, nan]])
    angles = JointAngles(names, np.arange(4) / FPS, degrees, "hand-made")
    np.testing.assert_array_equal(both_sides(angles, "knee_flexion_deg"), [15.0, 30.0, 40.0, nan])


def test_an_event_s_angle_is_interpolated_between_the_two_frames_around_it() -> None:
    # linearly, between the two frames around it, not extrapolated from another pair: the knee extends by tens of
    # degrees a frame at take-off. The clip's frames are a third of a frame later than the generator's whole
    # frames, so take-off falls late between two frames (about 53.9)
    t = np.arange(0, 3.5, 1 / FPS) + 0.3 / FPS
    y = landmarks(t, _motion("cmj", t), noise=0.001, drop_every=0, seed=4)
    signals = JumpSignals.from_tracking(_tracking(t, y, knees_from_the_side(y)))
    (jump,) = analyze_cmj_set(signals).jumps
    assert signals.joint_angles is not None
    knee = both_sides(signals.joint_angles, "knee_flexion_deg")
    frame = signals.frame_at(jump.phases_s["takeoff"])
    assert frame - math.floor(frame) > 0.5  # late between two frames (else the check is void)
    between = float(np.interp(frame, np.arange(len(knee)), knee))
    assert jump.metrics()["knee_flexion_takeoff_deg"] == pytest.approx(between, abs=1e-9)


def test_a_squat_made_after_the_landing_s_window_is_not_the_landing_s_flexion() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    motion = _motion("cmj", t)
    y = landmarks(t, motion, noise=0.001, drop_every=0, seed=5)
    xs = knees_from_the_side(y)
    (alone,) = analyze_cmj_set(JumpSignals.from_tracking(_tracking(t, y, xs))).jumps
    later = t > motion.truth.landing_s + LANDING_WINDOW_S + 0.2  # the knees pushed forward: a deep bend
    bent = {n: np.where(later, x + 0.15, x) if n.endswith("_knee") else x for n, x in xs.items()}
    (jump,) = analyze_cmj_set(JumpSignals.from_tracking(_tracking(t, y, bent))).jumps
    assert jump.metrics()["knee_flexion_landing_max_deg"] == alone.metrics()["knee_flexion_landing_max_deg"]
