"""Each refusal of the drop-jump analysis says exactly what is wrong; each metric dict holds its own fields."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj, analyze_dropjump, analyze_dropjump_set
from tests.jump.physics import HIP_STAND, Motion, cmj_motion, dropjump_motion, landmarks

FPS = 60


def _signals(t: np.ndarray, motion: Motion, seed: int = 1) -> JumpSignals:
    return JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=0.002, drop_every=0, seed=seed))


def test_a_recording_without_a_box_is_refused_with_the_height_the_feet_start_at() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    with pytest.raises(AnalysisError) as caught:
        analyze_dropjump(_signals(t, cmj_motion(t, 0.5)))
    message = str(caught.value)
    assert message.startswith("The athlete does not start on a box: the feet start ")
    assert message.endswith(
        " body heights above the ground. A drop jump recording starts with the athlete standing on the box."
    )
    start = float(message.split("the feet start ")[1].split(" ")[0])
    assert abs(start) < 0.01  # standing on the floor: about zero body heights above it


def test_a_box_too_low_to_tell_from_the_floor_is_refused() -> None:
    # The box must be three thresholds (3 x 0.02 body heights) high; 4 cm is less than that.
    t = np.arange(0, 3.0, 1 / FPS)
    with pytest.raises(AnalysisError, match="^The athlete does not start on a box"):
        analyze_dropjump(_signals(t, dropjump_motion(t, 0.04, 0.22, 0.5)))


def test_a_box_of_three_thresholds_is_a_box() -> None:
    # 0.06 body heights is the least box height accepted; a 20 cm box (0.12 bh) is well above it.
    t = np.arange(0, 3.0, 1 / FPS)
    result = analyze_dropjump(_signals(t, dropjump_motion(t, 0.2, 0.22, 0.5)))
    assert result.drop_height_bh > 0.06


def test_stepping_off_at_once_is_refused_as_never_standing_on_the_box() -> None:
    t = np.arange(0, 3.0, 1 / FPS)
    with pytest.raises(AnalysisError, match=r"^The feet are never seen standing on the box before the drop\.$"):
        analyze_dropjump(_signals(t, dropjump_motion(t, 0.4, 0.22, 0.5, off_s=0.05)))


def test_landing_from_the_box_without_a_rebound_is_refused_with_the_phases_found() -> None:
    t = np.arange(0, 3.0, 1 / FPS)
    motion = dropjump_motion(t, 0.4, 0.22, 0.5)
    truth = motion.truth
    assert truth.contact_s is not None
    after = t >= truth.contact_s
    stays = dataclasses.replace(
        motion,
        toe=np.where(after, 0.0, motion.toe),
        heel=np.where(after, 0.0, motion.heel),
        hip=np.where(after, motion.hip[-1], motion.hip),
    )
    with pytest.raises(AnalysisError, match=r"^No rebound jump found after the ground contact") as caught:
        analyze_dropjump(_signals(t, stays))
    assert caught.value.phases_s["box_drop"] == pytest.approx(truth.box_drop_s, abs=0.05)
    assert caught.value.phases_s["ground_contact"] == pytest.approx(truth.contact_s, abs=0.02)


def test_drop_jump_metrics_dict_holds_each_field_under_its_name() -> None:
    t = np.arange(0, 3.0, 1 / FPS)
    result = analyze_dropjump(_signals(t, dropjump_motion(t, 0.4, 0.22, 0.5)))
    assert result.metrics() == {
        "ground_contact_time_s": result.ground_contact_time_s,
        "flight_time_s": result.flight_time_s,
        "jump_height_m": result.jump_height_m,
        "reactive_strength_index": result.reactive_strength_index,
        "drop_height_bh": result.drop_height_bh,
    }
    assert len(set(result.metrics().values())) == 5  # five different numbers: no field stands in for another
    assert result.phases_frame["takeoff"] == pytest.approx(result.phases_s["takeoff"] * FPS, abs=1e-6)


def test_cmj_metrics_dict_holds_each_field_and_metres_from_the_athletes_height() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    signals = _signals(t, cmj_motion(t, 0.5))
    result = analyze_cmj(signals, athlete_height_m=1.80)
    scale = 1.80 * 0.93  # nose to feet is 0.93 of standing height
    expected = {
        "flight_time_s": result.flight_time_s,
        "jump_height_flight_m": result.jump_height_flight_m,
        "jump_height_hip_bh": result.jump_height_hip_bh,
        "countermovement_depth_bh": result.countermovement_depth_bh,
        "time_to_takeoff_s": result.time_to_takeoff_s,
        "peak_concentric_velocity_bh_s": result.peak_concentric_velocity_bh_s,
        "jump_height_hip_m": result.jump_height_hip_bh * scale,
        "countermovement_depth_m": result.countermovement_depth_bh * scale,
        "peak_concentric_velocity_m_s": result.peak_concentric_velocity_bh_s * scale,
    }
    metrics = result.metrics()
    assert metrics.keys() == expected.keys()
    for name, value in expected.items():
        assert metrics[name] == pytest.approx(value, rel=1e-12), name
    assert len({round(v, 9) for v in metrics.values() if v is not None}) == len(metrics)
    unscaled = analyze_cmj(signals).metrics()
    assert [k for k, v in unscaled.items() if v is None] == [
        "jump_height_hip_m",
        "countermovement_depth_m",
        "peak_concentric_velocity_m_s",
    ]


def test_repetitions_are_limited_to_their_own_stretch_of_the_recording() -> None:
    """Two drop jumps: each one's rebound is the first flight after its own contact, never the next one's."""
    t = np.arange(0, 6.5, 1 / FPS)
    first = dropjump_motion(t, 0.4, 0.22, 0.5, off_s=1.0)
    second = dropjump_motion(t, 0.4, 0.30, 0.45, off_s=4.2)
    back = t >= 3.2  # back on the box
    both = dataclasses.replace(
        first,
        hip=np.where(back, second.hip, first.hip),
        toe=np.where(back, second.toe, first.toe),
        heel=np.where(back, second.heel, first.heel),
    )
    jumps = analyze_dropjump_set(_signals(t, both)).jumps
    assert [j.number for j in jumps] == [1, 2]
    assert jumps[0].phases_s["takeoff"] < 3.2 < jumps[1].phases_s["box_drop"]
    assert jumps[1].ground_contact_time_s == pytest.approx(0.30, abs=0.02)
    assert jumps[1].flight_time_s == pytest.approx(0.45, abs=0.02)


def test_summary_by_hand() -> None:
    from kinemotion.jump.result import summarize

    assert summarize([]) == {}
    rows: list[dict[str, float | None]] = [
        {"jump_height_m": None, "flight_time_s": 0.5, "ground_contact_time_s": 0.2},
        {"jump_height_m": None, "flight_time_s": 1.5, "ground_contact_time_s": 0.3},
    ]
    out = summarize(rows)
    assert out["jump_height_m"] == {"count": 0, "mean": None, "sd": None, "cv_percent": None, "best": None}
    flight = out["flight_time_s"]  # two values: mean 1.0, sample SD sqrt(0.5), CV 70.7 % (a mean of exactly 1)
    assert flight["count"] == 2 and flight["mean"] == 1.0 and flight["best"] == 1.5
    assert flight["sd"] == pytest.approx(0.5**0.5) and flight["cv_percent"] == pytest.approx(100 * 0.5**0.5)
    assert out["ground_contact_time_s"]["best"] == 0.2  # shorter contact is better
    zero_mean = summarize([{"drop_height_bh": -1.0}, {"drop_height_bh": 1.0}])["drop_height_bh"]
    assert zero_mean["sd"] == pytest.approx(2**0.5) and zero_mean["cv_percent"] is None


def test_a_jump_without_countermovement_is_refused_naming_the_squat_jump() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    jump = cmj_motion(t, 0.5)
    still_until_takeoff = dataclasses.replace(jump, hip=np.where(t < jump.truth.takeoff_s, HIP_STAND, jump.hip))
    with pytest.raises(AnalysisError) as caught:
        analyze_cmj(_signals(t, still_until_takeoff))
    message = str(caught.value)
    assert message.startswith("No countermovement found: the hip drops only 0.0")
    assert message.endswith(
        " body heights before take-off. For a jump without countermovement (squat jump) this analysis does not apply."
    )


def test_a_recording_without_any_flight_is_refused_with_what_to_check() -> None:
    t = np.arange(0, 3.0, 1 / FPS)
    standing = cmj_motion(t, 0.5, start_s=10.0)  # the jump would start after the recording ends
    with pytest.raises(AnalysisError) as caught:
        analyze_cmj(_signals(t, standing))
    assert str(caught.value) == (
        "No flight phase found: the feet never leave the ground for a full take-off and landing in view "
        "(check the whole jump is filmed and tracked, e.g. `kinemotion track --overlay`)."
    )
