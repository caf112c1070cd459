"""Each refusal of the drop-jump analysis says exactly what is wrong; each metric dict holds its own fields."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import warnings

import jsonschema
import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import (
    ANALYSES,
    JumpSignals,
    analyze_cmj,
    analyze_cmj_set,
    analyze_dropjump,
    analyze_dropjump_set,
)
from kinemotion.jump.constants import NOSE_TO_FEET_PER_HEIGHT
from kinemotion.jump.report import JUMP_SCHEMA_PATH, analyze_tracking, jumps_csv
from tests.jump.physics import HIP_STAND, Motion, Truth, cmj_motion, dropjump_motion, landmarks
from tests.jump.physics_backend import hand_made_tracking
from tests.jump.test_synthetic_accuracy import BODY_M

FPS = 60


def _signals(t: np.ndarray, motion: Motion, seed: int = 1) -> JumpSignals:
    return JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=0.002, drop_every=0, seed=seed))


def test_a_recording_without_a_box_is_refused_with_the_height_the_feet_start_at() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    with pytest.raises(AnalysisError) as caught:
        analyze_dropjump(_signals(t, cmj_motion(t, 0.5)))
    message = str(caught.value)
    assert message.startswith("The athlete is never seen standing on a box: the feet start ")
    assert message.endswith(
        " body heights above the ground and are never still 0.09 or more above it for 0.5 s. A drop jump "
        "recording shows the athlete standing still on the box before the drop; a jump from the floor (a "
        'counter-movement or squat jump) is analysed as "cmj" (`kinemotion cmj`).'
    )  # before: the coach who gave a CMJ to dropjump was not told which command measures it
    start = float(message.split("the feet start ")[1].split(" ")[0])
    assert abs(start) < 0.01  # standing on the floor: about zero body heights above it


def test_a_box_too_low_to_tell_from_the_floor_is_refused() -> None:
    # The box must be three thresholds (3 x 0.03 body heights, ~15 cm) high; 4 cm is less than that.
    t = np.arange(0, 3.0, 1 / FPS)
    with pytest.raises(AnalysisError, match="^The athlete is never seen standing on a box"):
        analyze_dropjump(_signals(t, dropjump_motion(t, 0.04, 0.22, 0.5)))


def test_a_box_of_three_thresholds_is_a_box() -> None:
    # 0.09 body heights is the least box height accepted; a 20 cm box (0.12 bh) is above it.
    t = np.arange(0, 3.0, 1 / FPS)
    result = analyze_dropjump(_signals(t, dropjump_motion(t, 0.2, 0.22, 0.5)))
    assert result.drop_height_bh > 0.06


def test_stepping_off_at_once_is_refused_as_never_standing_on_the_box() -> None:
    t = np.arange(0, 3.0, 1 / FPS)
    with pytest.raises(AnalysisError, match=r"^The feet are never seen standing on the box before the drop: ") as e:
        analyze_dropjump(_signals(t, dropjump_motion(t, 0.4, 0.22, 0.5, off_s=0.05)))
    assert "still on the box for 0.5 s" in str(e.value) and "`kinemotion cmj`" in str(e.value)  # what to do


def test_a_clip_whose_feet_are_never_seen_landing_from_the_box_says_what_to_film() -> None:
    """A coach's analyst ran ``kinemotion dropjump`` on a folder of clips. Before: a clip whose feet were lost
    after stepping off the box (here the athlete steps up, stands, steps off and the feet leave the picture; the
    slow-motion header clip, tracked by OpenVINO in bf16, too) was refused with "The drop from the box is not
    tracked from step-off to contact." alone, saying neither where the box was seen nor what to do
    (docs/mutation.md took it for a refusal no clip reaches)."""
    t = np.arange(0, 4.0, 1 / FPS)
    feet = np.interp(t, [0, 1.0, 1.3, 2.5, 2.78, 4.0], [0, 0, 0.4, 0.4, 0.0, 0.0])  # floor, box, down again
    motion = Motion(feet + HIP_STAND, feet.copy(), feet.copy(), Truth(3.0, 3.5, 2.78, box_drop_s=2.5))
    ys = landmarks(t, motion, noise=0.002, drop_every=0, seed=1)
    for name in [n for n in ys if n.endswith(("ankle", "heel", "foot_index", "knee"))]:
        ys[name] = np.where(t >= 2.55, np.nan, ys[name])  # the legs leave the picture as the athlete steps off
    with pytest.raises(AnalysisError, match=r"^No drop from a box found: the feet stand still ") as caught:
        analyze_dropjump(JumpSignals.from_series(t * 1000, ys))
    said = str(caught.value)
    found = re.search(r"still (\d\.\d\d) body heights above the ground until (\d+\.\d\d) s", said)
    assert found, said  # where the box was seen, and how high
    assert abs(float(found.group(1)) - 0.4 / BODY_M) < 0.03 and 2.4 <= float(found.group(2)) <= 2.6, said
    assert "Film the whole drop" in said and "`kinemotion cmj`" in said, said


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
    with pytest.raises(AnalysisError) as caught:
        analyze_dropjump(_signals(t, stays))
    assert str(caught.value) == (
        "No rebound jump found after the ground contact: the athlete must jump up as soon as they land, "
        "with take-off and landing in view."
    )
    assert caught.value.phases_s["box_drop"] == pytest.approx(truth.box_drop_s, abs=0.05)
    assert caught.value.phases_s["ground_contact"] == pytest.approx(truth.contact_s, abs=0.02)


def test_drop_jump_metrics_dict_holds_each_field_under_its_name() -> None:
    t = np.arange(0, 3.0, 1 / FPS)
    result = analyze_dropjump(_signals(t, dropjump_motion(t, 0.4, 0.22, 0.5)), athlete_height_m=1.80)
    assert result.metrics() == {
        "ground_contact_time_s": result.ground_contact_time_s,
        "flight_time_s": result.flight_time_s,
        "jump_height_m": result.jump_height_m,
        "reactive_strength_index": result.reactive_strength_index,
        "drop_height_bh": result.drop_height_bh,
        "landing_foot_lag_s": result.landing_foot_lag_s,  # both feet land together here: about 0
        "drop_height_m": pytest.approx(result.drop_height_bh * 1.80 * 0.93),  # nose to feet is 0.93 of the height
    }
    assert result.first_foot_down == "both"
    assert result.jump_kind == "dropjump"  # every JumpResult says its kind (before: only a CMJ's had the field)
    assert len(set(result.metrics().values())) == 7  # seven different numbers: no field stands in for another
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
        "modified_reactive_strength_index": result.jump_height_flight_m / result.time_to_takeoff_s,
        "peak_concentric_velocity_bh_s": result.peak_concentric_velocity_bh_s,
        "jump_height_takeoff_velocity_m": result.jump_height_takeoff_velocity_m,
        "takeoff_velocity_m_s": result.takeoff_velocity_m_s,
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
        {"jump_height_m": None, "flight_time_s": 0.5, "ground_contact_time_s": 0.2, "time_to_takeoff_s": 0.9},
        {"jump_height_m": None, "flight_time_s": 1.5, "ground_contact_time_s": 0.3, "time_to_takeoff_s": 0.7},
    ]
    out = summarize(rows)
    assert out["jump_height_m"] == {"count": 0, "mean": None, "sd": None, "cv_percent": None, "best": None}
    flight = out["flight_time_s"]  # two values: mean 1.0, sample SD sqrt(0.5), CV 70.7 % (a mean of exactly 1)
    assert flight["count"] == 2 and flight["mean"] == 1.0 and flight["best"] == 1.5
    assert flight["sd"] == pytest.approx(0.5**0.5) and flight["cv_percent"] == pytest.approx(100 * 0.5**0.5)
    assert out["ground_contact_time_s"]["best"] == 0.2  # shorter contact is better
    assert out["time_to_takeoff_s"]["best"] == 0.7  # a quicker countermovement is better
    zero_mean = summarize([{"drop_height_bh": -1.0}, {"drop_height_bh": 1.0}])["drop_height_bh"]
    assert zero_mean["sd"] == pytest.approx(2**0.5) and zero_mean["cv_percent"] is None


def test_a_jump_without_countermovement_is_measured_as_a_squat_jump_and_named_so() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    jump = cmj_motion(t, 0.5)
    still_until_takeoff = dataclasses.replace(jump, hip=np.where(t < jump.truth.takeoff_s, HIP_STAND, jump.hip))
    result = analyze_cmj(_signals(t, still_until_takeoff))
    assert result.jump_kind == "squat_jump"
    assert result.countermovement_depth_bh == 0.0
    assert result.flight_time_s == pytest.approx(jump.truth.flight_s, abs=1.5 / FPS)
    assert any(q.startswith("squat jump: no countermovement (the hip drops only 0.0") for q in result.quality)
    assert analyze_cmj(_signals(t, jump)).jump_kind == "cmj"


def test_a_recording_without_any_flight_is_refused_with_what_to_check() -> None:
    t = np.arange(0, 3.0, 1 / FPS)
    standing = cmj_motion(t, 0.5, start_s=10.0)  # the jump would start after the recording ends
    with pytest.raises(AnalysisError) as caught:
        analyze_cmj(_signals(t, standing))
    assert str(caught.value) == (
        "No flight phase found: the feet never leave the ground for a full take-off and landing in view "
        "(check the whole jump is filmed and tracked, e.g. `kinemotion track --overlay`, and that the clip "
        "starts with the athlete standing still for 0.5 s: the feet's resting level is measured there)."
    )


def test_the_box_drop_record_names_its_samples_and_levels() -> None:
    from kinemotion.jump import find_box_drop

    t = np.arange(0, 3.0, 1 / FPS)
    motion = dropjump_motion(t, 0.4, 0.22, 0.5)
    truth = motion.truth
    assert truth.contact_s is not None and truth.box_drop_s is not None
    signals = _signals(t, motion)
    drop, box, ground = find_box_drop(signals)
    assert (drop.level_before, drop.level_after) == (box, ground)
    assert box - ground == pytest.approx(0.4 / BODY_M, abs=0.01)  # the box height in body heights
    # first and last samples clearly off both supports: after the step-off (the foot has fallen a
    # threshold, 3 cm, in about 0.08 s of free fall, after the heel rose), before the contact
    assert truth.box_drop_s < signals.t[drop.first_index] < truth.box_drop_s + 0.15
    assert truth.contact_s - 0.05 < signals.t[drop.last_index] < truth.contact_s
    assert drop.takeoff_s < signals.t[drop.first_index] and signals.t[drop.last_index] < drop.landing_s


def _replace_after(motion: Motion, t: np.ndarray, start: float, other: Motion) -> Motion:
    m = t >= start
    return dataclasses.replace(
        motion,
        hip=np.where(m, other.hip, motion.hip),
        toe=np.where(m, other.toe, motion.toe),
        heel=np.where(m, other.heel, motion.heel),
    )


def test_a_drop_without_rebound_is_a_note_and_never_borrows_the_next_repetitions_jump() -> None:
    t = np.arange(0, 6.5, 1 / FPS)
    first = dropjump_motion(t, 0.4, 0.22, 0.5, off_s=1.0)
    assert first.truth.contact_s is not None
    landed = t >= first.truth.contact_s  # lands and stays down, then steps back onto the box
    stays = dataclasses.replace(
        first, toe=np.where(landed, 0.0, first.toe), heel=np.where(landed, 0.0, first.heel),
        hip=np.where(landed, first.hip[-1], first.hip),
    )  # fmt: skip
    second = dropjump_motion(t, 0.4, 0.30, 0.45, off_s=4.2)
    jump_set = analyze_dropjump_set(_signals(t, _replace_after(stays, t, 3.2, second)))
    assert len(jump_set.jumps) == 1
    only = jump_set.jumps[0]
    assert only.number == 1 and only.phases_s["box_drop"] > 4.0
    assert only.ground_contact_time_s == pytest.approx(0.30, abs=0.02)
    assert len(jump_set.notes) == 1 and jump_set.notes[0].startswith("drop at 1.0")
    assert "No rebound jump found after the ground contact" in jump_set.notes[0]


def test_a_hop_on_the_box_before_the_drop_is_not_a_drop() -> None:
    t = np.arange(0, 4.0, 1 / FPS)
    motion = dropjump_motion(t, 0.4, 0.22, 0.5, off_s=2.0)
    hop = (t > 0.8) & (t < 1.2)  # feet 20 cm up and back onto the box
    lift = np.where(hop, 0.2 * np.sin(np.pi * (t - 0.8) / 0.4), 0.0)
    hopping = dataclasses.replace(motion, toe=motion.toe + lift, heel=motion.heel + lift, hip=motion.hip + lift)
    jumps = analyze_dropjump_set(_signals(t, hopping)).jumps
    assert len(jumps) == 1
    assert jumps[0].phases_s["box_drop"] == pytest.approx(2.0, abs=0.05)
    assert jumps[0].ground_contact_time_s == pytest.approx(0.22, abs=0.02)


def _two_cmjs(t: np.ndarray, seed: int = 3, gap: tuple[float, float] | None = None) -> tuple[JumpSignals, list[float]]:
    from tests.jump.physics import cmj_set_motion

    motion, truths = cmj_set_motion(t, [0.45, 0.55], [1.0, 3.5])
    series = landmarks(t, motion, noise=0.002, drop_every=0, seed=seed)
    if gap is not None:  # nobody tracked for a moment
        for y in series.values():
            y[(t > gap[0]) & (t < gap[1])] = np.nan
    return JumpSignals.from_series(t * 1000, series), [truth.takeoff_s for truth in truths]


def test_each_flight_records_its_first_and_last_clearly_airborne_samples() -> None:
    from kinemotion.jump.events import clearly_airborne, find_flights

    t = np.arange(0, 6.0, 1 / FPS)
    signals, takeoffs = _two_cmjs(t)
    flights = find_flights(signals)
    assert [f.takeoff_s for f in flights] == pytest.approx(takeoffs, abs=0.02)
    above = clearly_airborne(signals)
    for f in flights:
        assert above[f.first_index : f.last_index + 1].all()
        assert not above[f.first_index - 1] and not above[f.last_index + 1]
        assert f.takeoff_s < signals.t[f.first_index] and signals.t[f.last_index] < f.landing_s


def test_a_flight_untracked_for_a_moment_in_the_air_is_still_found_whole() -> None:
    from kinemotion.jump.events import find_flights

    t = np.arange(0, 6.0, 1 / FPS)
    clean = find_flights(_two_cmjs(t)[0])
    signals, takeoffs = _two_cmjs(t, gap=(1.9, 2.1))  # 0.2 s untracked mid-air (gaps to 0.1 s are filled)
    gapped = find_flights(signals)
    assert [f.takeoff_s for f in gapped] == pytest.approx(takeoffs, abs=0.02)
    for a, b in zip(gapped, clean, strict=True):
        assert (a.takeoff_s, a.landing_s) == pytest.approx((b.takeoff_s, b.landing_s), abs=0.005)


def test_a_recording_that_ends_in_the_air_keeps_the_jumps_before() -> None:
    from kinemotion.jump.events import find_flights

    t = np.arange(0, 4.5, 1 / FPS)  # the second jump's take-off at 4.3 s, its landing after the end
    signals, takeoffs = _two_cmjs(t)
    assert [f.takeoff_s for f in find_flights(signals)] == pytest.approx([takeoffs[0]], abs=0.02)


def test_squat_jumps_in_a_set_are_each_measured_as_squat_jumps() -> None:
    from tests.jump.physics import cmj_set_motion

    t = np.arange(0, 6.0, 1 / FPS)
    motion, truths = cmj_set_motion(t, [0.45, 0.55], [1.0, 3.5])
    in_air = motion.toe > 0.01
    squat_jumps = dataclasses.replace(motion, hip=np.where(in_air, motion.hip, HIP_STAND))  # no dip before either
    jumps = analyze_cmj_set(_signals(t, squat_jumps)).jumps
    assert [j.jump_kind for j in jumps] == ["squat_jump", "squat_jump"]
    for j, truth in zip(jumps, truths, strict=True):
        assert j.flight_time_s == pytest.approx(truth.flight_s, abs=1.5 / FPS)


def test_when_no_flight_is_a_jump_every_reason_is_given() -> None:
    """Feet in the air while the hips stay put (a foot lift, a tracking blip) are not flights: each is named."""
    from tests.jump.physics import cmj_set_motion

    t = np.arange(0, 6.0, 1 / FPS)
    motion, truths = cmj_set_motion(t, [0.45, 0.55], [1.0, 3.5])
    in_air = motion.toe > 0.01
    hips_still = dataclasses.replace(motion, hip=np.where(in_air, HIP_STAND, motion.hip))
    with pytest.raises(AnalysisError) as caught:
        analyze_cmj(_signals(t, hips_still))
    message = str(caught.value)
    assert message.startswith("No counter-movement jump found: flight at 1.")
    assert message.count("not analysed: Not a jump: in the airborne phase at") == 2
    assert message.count("the hips do not rise") == 2
    assert f"flight at {truths[1].takeoff_s:.1f}" in message


def test_hips_pulled_down_faster_than_gravity_are_not_a_flight() -> None:
    """The hips rise and fall, but at four times g: no free fall (the body is held, or the camera moves)."""
    t = np.arange(0, 3.5, 1 / FPS)
    jump = cmj_motion(t, 0.5)
    to, land = jump.truth.takeoff_s, jump.truth.landing_s
    air = (t > to) & (t < land)
    hip = jump.hip.copy()
    base = np.interp(t[air], [to, land], [np.interp(to, t, jump.hip), np.interp(land, t, jump.hip)])
    hip[air] = base + 2 * 9.81 * (t[air] - to) * (land - t[air])  # a parabola at 4 g through both ends
    with pytest.raises(AnalysisError, match="the hips fall faster than gravity allows"):
        analyze_cmj(_signals(t, dataclasses.replace(jump, hip=hip)))
    assert analyze_cmj(_signals(t, jump)).jump_kind == "cmj"  # at g, the same jump is one


def test_when_no_drop_has_a_rebound_every_drop_is_named() -> None:
    t = np.arange(0, 6.5, 1 / FPS)
    first = dropjump_motion(t, 0.4, 0.22, 0.5, off_s=1.0)
    second = dropjump_motion(t, 0.4, 0.30, 0.45, off_s=4.2)
    both = _replace_after(first, t, 3.2, second)
    assert first.truth.contact_s is not None and second.truth.contact_s is not None
    down = ((t >= first.truth.contact_s) & (t < 3.2)) | (t >= second.truth.contact_s)  # land and stay down
    stays = dataclasses.replace(
        both, toe=np.where(down, 0.0, both.toe), heel=np.where(down, 0.0, both.heel),
        hip=np.where(down, first.hip[-1], both.hip),
    )  # fmt: skip
    with pytest.raises(AnalysisError) as caught:
        analyze_dropjump_set(_signals(t, stays))
    message = str(caught.value)
    assert message.startswith("No drop jump found: drop at 1.0")
    assert message.count("not analysed: No rebound jump found") == 2 and "; drop at 4.2" in message


@pytest.mark.parametrize("amount", [0.03, -0.03])
def test_a_drop_jump_whose_camera_moved_in_the_rebound_is_measured_and_says_so(amount: float) -> None:
    """The picture moves 3 % of its height (0.05 body heights) during the rebound flight, up or down:
    the contact and the flight keep their times and the jump is flagged (it was once refused as
    "no rebound": the box drop looked for the ground at the level after the pan)."""
    t = np.arange(0, 3.0, 1 / FPS)
    motion = dropjump_motion(t, 0.4, 0.22, 0.5)
    truth = motion.truth
    s = np.clip((t - truth.takeoff_s - 0.1) / 0.2, 0, 1)
    pan = amount * s * s * (3 - 2 * s)
    series = landmarks(t, motion, noise=0.002, drop_every=0, seed=1, camera_y=pan)
    result = analyze_dropjump(JumpSignals.from_series(t * 1000, series))
    assert result.ground_contact_time_s == pytest.approx(0.22, abs=0.02)
    assert result.flight_time_s == pytest.approx(0.5, abs=0.02)
    assert any(q.startswith("camera moved: the ground is") for q in result.quality), result.quality


def test_each_jump_of_a_set_has_its_own_peak_velocity_and_hip_rise() -> None:
    """A higher flight needs a faster take-off: every jump's values come from its own propulsion and flight."""
    from kinemotion.jump import analyze_cmj_set
    from tests.jump.physics import cmj_set_motion

    t = np.arange(0, 8.5, 1 / FPS)
    flights = [0.45, 0.55, 0.5]
    motion, truths = cmj_set_motion(t, flights, [1.0, 3.5, 6.0])
    jumps = analyze_cmj_set(_signals(t, motion)).jumps
    assert [j.number for j in jumps] == [1, 2, 3]
    order = np.argsort(flights).tolist()
    assert np.argsort([j.peak_concentric_velocity_bh_s for j in jumps]).tolist() == order
    assert np.argsort([j.jump_height_hip_bh for j in jumps]).tolist() == order
    for jump, truth in zip(jumps, truths, strict=True):
        assert truth.hip_rise_m is not None
        assert jump.jump_height_hip_bh * BODY_M == pytest.approx(truth.hip_rise_m, abs=0.02)


@pytest.mark.parametrize("height", [-1.0, 0.0, float("inf"), float("nan"), 180.0])
def test_an_athletes_height_that_is_no_height_in_metres_is_refused_by_the_analysis_itself(height: float) -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    with pytest.raises(ValueError, match="the athlete's height is in metres"):
        analyze_cmj(_signals(t, cmj_motion(t, 0.5)), height)


def test_series_with_times_that_go_back_or_an_infinite_coordinate_are_refused_naming_the_frame() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.002, drop_every=0, seed=1)
    back = t.copy()
    back[[40, 41]] = back[[41, 40]]
    with pytest.raises(AnalysisError, match="Timestamps must increase from frame to frame: frame 41"):
        JumpSignals.from_series(back * 1000, ys)
    infinite = {**ys, "left_heel": ys["left_heel"].copy()}
    infinite["left_heel"][77] = np.inf
    with pytest.raises(AnalysisError, match=r"Frame 77, landmark 'left_heel': y is infinite"):
        JumpSignals.from_series(t * 1000, infinite)
    short = {**ys, "nose": ys["nose"][:-3]}
    with pytest.raises(AnalysisError, match=r"Landmark 'nose': 207 y values for 210 timestamps"):
        JumpSignals.from_series(t * 1000, short)


def test_a_drop_jump_with_the_athletes_height_gives_the_drop_height_in_metres_too() -> None:
    """`kinemotion dropjump --height` promised "metres as well as body heights" and gave the drop height in body
    heights only: the analysis the command runs (``ANALYSES``) now passes the height on, as for a CMJ."""
    t = np.arange(0, 3.0, 1 / FPS)
    signals = _signals(t, dropjump_motion(t, 0.4, 0.22, 0.5))
    (jump,) = ANALYSES["dropjump"].analyse(signals, 1.75).jumps
    assert jump.metrics()["drop_height_m"] == pytest.approx(0.4, rel=0.05)
    assert jump.metrics()["drop_height_m"] == pytest.approx(jump.drop_height_bh * 1.75 * NOSE_TO_FEET_PER_HEIGHT)
    (unscaled,) = ANALYSES["dropjump"].analyse(signals, None).jumps
    assert unscaled.metrics()["drop_height_m"] is None
    assert unscaled.drop_height_bh == jump.drop_height_bh
    with pytest.raises(ValueError, match="metres"):
        analyze_dropjump(signals, athlete_height_m=180)


def _hips_lost_through_the_push() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """A CMJ (0.5 s flight, 30 fps) whose hips are lost for the 0.35 s before take-off (longer than the gaps
    filled)."""
    t = np.arange(0.0, 3.0, 1 / 30)
    motion = cmj_motion(t, 0.5)
    y = landmarks(t, motion, noise=0.0005, drop_every=0, seed=1)
    push = (t > motion.truth.takeoff_s - 0.35) & (t < motion.truth.takeoff_s + 0.02)
    for hip in ("left_hip", "right_hip"):
        y[hip][push] = np.nan
    return t, y


def test_hips_unseen_through_the_push_leave_the_peak_velocity_unknown_without_a_warning() -> None:
    # the jump is still timed by the feet, and the push's peak velocity is unknown (NaN), not a NumPy warning
    # on the user's terminal
    t, y = _hips_lost_through_the_push()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (jump,) = analyze_cmj_set(JumpSignals.from_series(t * 1000, y)).jumps
    assert np.isnan(jump.peak_concentric_velocity_bh_s)
    assert jump.flight_time_s == pytest.approx(0.5, abs=1 / 30)


def test_an_unknown_metric_is_null_in_the_report_and_empty_in_the_table() -> None:
    # NaN is not JSON (a strict parser refuses the file) and the schema allows a number or null
    t, y = _hips_lost_through_the_push()
    report = analyze_tracking(hand_made_tracking(t, y), "cmj")
    data = json.loads(json.dumps(report.to_json_dict(), allow_nan=False))
    jsonschema.validate(data, json.loads(JUMP_SCHEMA_PATH.read_text(encoding="utf-8")))
    assert data["jumps"][0]["metrics"]["peak_concentric_velocity_bh_s"] is None
    header, row = jumps_csv([data]).splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=False))
    assert cells["peak_concentric_velocity_bh_s"] == ""


def test_the_tables_uncertainties_are_the_reports_to_the_last_digit() -> None:
    """Every number of ``cmj-jumps.csv`` is the JSON's: an uncertainty of 0.1195 m is 0.1195, not 0.119.

    Before: the CSV wrote uncertainties to 3 significant digits (the JSON keeps 4 decimals), so a coach's
    analyst comparing the table with the reports found ``0.119`` against ``0.1195``.
    """
    t, y = _hips_lost_through_the_push()
    data = json.loads(json.dumps(analyze_tracking(hand_made_tracking(t, y), "cmj").to_json_dict()))
    data["jumps"][0]["uncertainty"] = {"flight_time_s": 0.0276, "jump_height_flight_m": 0.1195}
    header, row = jumps_csv([data]).splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=False))
    assert cells["jump_height_flight_m_uncertainty"] == "0.1195"
    assert cells["flight_time_s_uncertainty"] == "0.0276"


def test_the_table_says_which_jumps_are_squat_jumps() -> None:
    """A squat jump's row in ``cmj-jumps.csv`` says so: its depth and time to take-off are not a CMJ's.

    Before: the table's ``kind`` column said ``cmj`` (the analysis) for every row, and only the quality text
    told a squat jump from a countermovement jump.
    """
    t = np.arange(0, 3.5, 1 / FPS)
    jump = cmj_motion(t, 0.5)
    squat = dataclasses.replace(jump, hip=np.where(t < jump.truth.takeoff_s, HIP_STAND, jump.hip))
    reports = [
        analyze_tracking(hand_made_tracking(t, landmarks(t, motion, noise=0.001, drop_every=0, seed=1)), "cmj")
        for motion in (jump, squat)
    ]
    rows = list(csv.DictReader(io.StringIO(jumps_csv(reports))))
    assert [(row["kind"], row["jump_kind"]) for row in rows] == [("cmj", "cmj"), ("cmj", "squat_jump")]
    assert "jump_kind" not in jumps_csv([analyze_tracking(_dropjump_tracking(), "dropjump")]).splitlines()[0]


def _dropjump_tracking():  # type: ignore[no-untyped-def]
    t = np.arange(0, 3.5, 1 / FPS)
    return hand_made_tracking(t, landmarks(t, dropjump_motion(t, 0.4, 0.22, 0.5), noise=0.001, drop_every=0, seed=5))
