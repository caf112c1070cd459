"""The unit of every length, the body height, is the athlete's upright size, whatever posture fills the clip.

A clip that starts in the countermovement, or holds a squat for seconds before
a squat jump, shows the athlete crouched in most frames. Measured as the
median nose-to-feet distance over the clip, the athlete would be a crouch
tall: every threshold in body heights (how far up is airborne, the contact
level, the camera's shift between take-off and landing, gravity in the
athlete's scale) would be off by that factor, and every metric in metres too.
Upright frames are those whose knees are not bent into a squat (read from the
picture: hip, knee and ankle).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj
from kinemotion.jump.constants import SQUAT_KNEE_DEG
from kinemotion.jump.signals import upright_size
from tests.jump.physics import (
    HIP_STAND,
    NOSE_ABOVE_HIP,
    PX_PER_M,
    TOE_MARK,
    Motion,
    cmj_motion,
    knees_from_the_side,
    landmarks,
)

FPS = 60
HEIGHT_M = 1.75  # physics.py's athlete
HOLD_BELOW_M = 0.45  # a deep crouch, held: the nose 28 % nearer the feet than standing
UPRIGHT = (HIP_STAND + NOSE_ABOVE_HIP - TOE_MARK) * PX_PER_M  # nose over the lowest foot point, standing


def _crouched_from_the_start(t: np.ndarray) -> Motion:
    """A jump from a crouch held from the first frame to the push (2 s of the 3.3 s recorded)."""
    jump = cmj_motion(t, 0.5, depth=HOLD_BELOW_M, start_s=1.5)
    before = t < jump.truth.lowest_s
    return dataclasses.replace(jump, hip=np.where(before, HIP_STAND - HOLD_BELOW_M, jump.hip))


def _signals(t: np.ndarray, motion: Motion) -> JumpSignals:
    y = landmarks(t, motion, noise=0.0005, drop_every=0, seed=3)
    return JumpSignals.from_series(t * 1000, y, knees_from_the_side(y), aspect=1.0)


def test_a_clip_crouched_most_of_the_time_measures_the_athlete_upright() -> None:
    t = np.arange(0, 3.3, 1 / FPS)
    motion = _crouched_from_the_start(t)
    s = _signals(t, motion)
    assert s.knee_angle_deg is not None
    assert (s.knee_angle_deg < SQUAT_KNEE_DEG).mean() > 0.55  # crouched in most frames
    assert s.body_height == pytest.approx(UPRIGHT, rel=0.03)


def test_the_hip_jump_height_in_metres_is_right_after_a_long_crouch() -> None:
    """The hips' rise in the air, in metres from the athlete's height, as when the clip starts standing."""
    t = np.arange(0, 3.3, 1 / FPS)
    motion = _crouched_from_the_start(t)
    result = analyze_cmj(_signals(t, motion), athlete_height_m=HEIGHT_M)
    assert result.flight_time_s == pytest.approx(motion.truth.flight_s, abs=1.5 / FPS)
    assert result.metrics()["jump_height_hip_m"] == pytest.approx(motion.truth.hip_rise_m, abs=0.02)


def test_the_upright_size_leaves_out_the_frames_with_bent_knees() -> None:
    size = np.r_[np.full(70, 0.30), np.full(30, 0.50)]
    knees = np.r_[np.full(70, 90.0), np.full(30, 175.0)]
    assert upright_size(size, knees) == pytest.approx(0.50)
    # feet pointed in the air (knees straight) count as upright; an unknown knee does not
    assert upright_size(np.r_[size, 0.53, 0.53], np.r_[knees, 178.0, np.nan]) == pytest.approx(0.50)


def test_without_the_knees_or_upright_frames_it_is_the_median_of_every_frame() -> None:
    size = np.r_[np.full(70, 0.30), np.full(30, 0.50)]
    assert upright_size(size, None) == pytest.approx(0.30)
    assert upright_size(size, np.r_[np.full(98, 90.0), 175.0, 175.0]) == pytest.approx(0.30)  # two: too few
    assert np.isnan(upright_size(np.full(5, np.nan), None))


def _headless(y: dict[str, np.ndarray], unseen: np.ndarray) -> dict[str, np.ndarray]:
    """``y`` with the nose unseen where ``unseen`` (out of the top of the picture)."""
    return {**y, "nose": np.where(unseen, np.nan, y["nose"])}


def test_a_clip_that_never_shows_the_head_measures_the_athlete_from_the_shoulders() -> None:
    """Framed from the shoulders down: the nose-to-feet distance is never seen, so the shoulders' stands in,
    scaled by the anthropometric ratio of the two (it was refused: "feet are not below the nose")."""
    t = np.arange(0, 3.3, 1 / FPS)
    motion = cmj_motion(t, 0.5)
    y = landmarks(t, motion, noise=0.0005, drop_every=0, seed=3)
    with_head = analyze_cmj(
        JumpSignals.from_series(t * 1000, y, knees_from_the_side(y), aspect=1.0), athlete_height_m=HEIGHT_M
    )
    s = JumpSignals.from_series(t * 1000, _headless(y, t >= 0), knees_from_the_side(y), aspect=1.0)
    assert s.body_height == pytest.approx(UPRIGHT, rel=0.03)
    result = analyze_cmj(s, athlete_height_m=HEIGHT_M)
    assert result.flight_time_s == pytest.approx(with_head.flight_time_s, abs=0.001)
    assert result.metrics()["jump_height_hip_m"] == pytest.approx(motion.truth.hip_rise_m, abs=0.02)


def test_a_head_out_of_the_picture_in_the_air_leaves_the_athletes_size_as_it_is() -> None:
    """A clip crouched most of the time whose head leaves the top of the picture in the air and around it: the
    upright frames are nearly all in the air, so without the nose there the size was measured crouched (0.78 of
    the athlete). The shoulders stand in for the nose where it is not seen."""
    t = np.arange(0, 3.3, 1 / FPS)
    motion = _crouched_from_the_start(t)
    y = landmarks(t, motion, noise=0.0005, drop_every=0, seed=3)
    up = (t > motion.truth.takeoff_s - 0.1) & (t < motion.truth.landing_s + 0.15)
    with_head = JumpSignals.from_series(t * 1000, y, knees_from_the_side(y), aspect=1.0)
    s = JumpSignals.from_series(t * 1000, _headless(y, up), knees_from_the_side(y), aspect=1.0)
    assert s.body_height == pytest.approx(with_head.body_height, rel=0.03)
    result = analyze_cmj(s, athlete_height_m=HEIGHT_M)
    assert result.metrics()["jump_height_hip_m"] == pytest.approx(motion.truth.hip_rise_m, abs=0.02)


def test_without_head_and_shoulders_the_refusal_says_what_to_film() -> None:
    t = np.arange(0, 3.3, 1 / FPS)
    y = landmarks(t, cmj_motion(t, 0.5), noise=0.0005, drop_every=0, seed=3)
    for name in ("nose", "left_shoulder", "right_shoulder"):
        y[name] = np.full_like(t, np.nan)
    with pytest.raises(AnalysisError, match="the head and the shoulders are never seen.*Film the whole athlete"):
        JumpSignals.from_series(t * 1000, y)


@pytest.mark.parametrize("knees", [True, False])
def test_the_shoulders_stand_in_at_the_clip_s_own_ratio_where_it_shows_both(knees: bool) -> None:
    """Framed tightly, the head is in the picture only for the first 0.4 s of the standing start; the athlete's
    shoulders (or the model's marking of them) sit 0.1 m lower than the anthropometric tables put them
    (nose-to-feet 1.21 times shoulders-to-feet, not 1.137), and the arms cross them for 0.1 s of those frames.
    The shoulders stand in for the nose at the clip's own ratio, from the upright frames that show both: the
    athlete's size comes out as with the head in view (at the tables' ratio it would be 6 % short), whether the
    knees are seen (x coordinates) or not."""
    t = np.arange(0, 3.3, 1 / FPS)
    motion = cmj_motion(t, 0.5)
    y = landmarks(t, motion, noise=0.0005, drop_every=0, seed=3)
    arms = (t > 0.1) & (t < 0.2)
    for name in ("left_shoulder", "right_shoulder"):
        y[name] = np.where(arms, np.nan, y[name] + 0.1 * PX_PER_M)
    x = knees_from_the_side(y) if knees else None
    with_head = JumpSignals.from_series(t * 1000, y, x, aspect=1.0)
    s = JumpSignals.from_series(t * 1000, _headless(y, t > 0.4), x, aspect=1.0)
    assert (s.knee_angle_deg is not None) == knees
    assert s.body_height == pytest.approx(with_head.body_height, rel=0.02)
