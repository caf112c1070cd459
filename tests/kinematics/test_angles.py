"""Joint angles on hand-made poses whose angles are known exactly (pixels of a 4:3 frame)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.kinematics import MIN_VISIBILITY, joint_angles
from tests.kinematics.poses import POINTS, standing, tracking

TOL = 1e-4
"""Degrees: the landmarks are stored as float32 fractions of the frame (about 1e-7 of it)."""


def _one(pose: dict[str, tuple[float, float]], name: str) -> float:
    return float(joint_angles(tracking([pose]))[name][0])


def test_standing_straight_reads_zero_everywhere() -> None:
    angles = joint_angles(tracking([standing()]))
    assert angles.names[-1] == "trunk_inclination_deg"
    np.testing.assert_allclose(angles.degrees[0], 0.0, atol=1e-9)


def test_a_right_angle_drawn_on_the_screen_is_90_degrees_of_knee_flexion_whatever_the_frame_shape() -> None:
    # thigh up-left and shank up-right at 45 degrees in pixels: a right angle on the screen. In fractions of a
    # 4:3 frame the two vectors are not perpendicular: only the aspect makes it 90.
    pose = standing() | {"right_hip": (220.0, 140.0), "right_knee": (320.0, 240.0), "right_ankle": (420.0, 140.0)}
    assert _one(pose, "right_knee_flexion_deg") == pytest.approx(90.0, abs=TOL)
    hip, knee, ankle = (np.array(pose[n]) / (640, 480) for n in ("right_hip", "right_knee", "right_ankle"))
    u, v = hip - knee, ankle - knee
    unscaled = math.degrees(math.acos(u @ v / (np.linalg.norm(u) * np.linalg.norm(v))))
    assert abs(unscaled - 90.0) > 10  # what ignoring the aspect would have said


def test_knee_and_hip_flexion_of_a_squat() -> None:
    # knee forward of the hip-ankle line: thigh horizontal (hip behind), shank vertical -> knee flexion 90;
    # trunk vertical over a horizontal thigh -> hip flexion 90
    pose = standing() | {"left_hip": (220.0, 320.0), "left_shoulder": (220.0, 200.0)}
    assert _one(pose, "left_knee_flexion_deg") == pytest.approx(90.0, abs=TOL)
    assert _one(pose, "left_hip_flexion_deg") == pytest.approx(90.0, abs=TOL)
    # trunk leaning forward 60 degrees from the thigh's line: shoulder 60 degrees from straight above the hip
    lean = standing() | {
        "right_shoulder": (320.0 + 120 * math.sin(math.radians(60)), 220 - 120 * math.cos(math.radians(60)))
    }
    assert _one(lean, "right_hip_flexion_deg") == pytest.approx(60.0, abs=TOL)


def test_the_ankle_is_signed_dorsiflexion_positive_plantar_flexion_negative() -> None:
    forward = math.radians(30)  # shank leaning 30 degrees over the toes (the knee ahead of the ankle)
    shin = standing() | {"right_knee": (320.0 + 100 * math.sin(forward), 420.0 - 100 * math.cos(forward))}
    assert _one(shin, "right_ankle_dorsiflexion_deg") == pytest.approx(30.0, abs=TOL)
    down = math.radians(20)  # on the toes: the foot (heel to toe) pointing 20 degrees down, shank vertical
    toes = standing() | {"right_foot_index": (300.0 + 70 * math.cos(down), 430.0 + 70 * math.sin(down))}
    assert _one(toes, "right_ankle_dorsiflexion_deg") == pytest.approx(-20.0, abs=TOL)
    # the same posture facing left (mirrored) reads the same: no facing direction needed
    mirrored = {n: (640.0 - x, y) for n, (x, y) in shin.items()}
    assert _one(mirrored, "right_ankle_dorsiflexion_deg") == pytest.approx(30.0, abs=TOL)


def test_trunk_inclination_from_upright_uses_the_midpoints_and_the_aspect() -> None:
    pose = standing() | {"left_shoulder": (420.0, 120.0), "right_shoulder": (420.0, 120.0)}  # 45 degrees forward
    assert _one(pose, "trunk_inclination_deg") == pytest.approx(45.0, abs=TOL)
    pose = standing() | {"left_shoulder": (220.0, 120.0), "right_shoulder": (420.0, 120.0)}  # midpoint above: 0
    assert _one(pose, "trunk_inclination_deg") == pytest.approx(0.0, abs=TOL)
    # seen at a slant the hips are apart too: the hips' midpoint (320) under the shoulders' (320) is upright
    pose = standing() | {"left_hip": (270.0, 220.0), "right_hip": (370.0, 220.0)}
    assert _one(pose, "trunk_inclination_deg") == pytest.approx(0.0, abs=TOL)


def test_a_missing_point_or_one_seen_below_the_threshold_makes_its_angles_nan_on_that_frame_only() -> None:
    no_knee = {n: p for n, p in standing().items() if n != "right_knee"}
    angles = joint_angles(tracking([standing(), no_knee, standing()]))
    for name in ("right_knee_flexion_deg", "right_hip_flexion_deg", "right_ankle_dorsiflexion_deg"):
        assert np.isnan(angles[name][1]) and angles[name][0] == 0 and angles[name][2] == 0
    assert angles["left_knee_flexion_deg"][1] == 0 and angles["trunk_inclination_deg"][1] == 0

    no_pose = joint_angles(tracking([standing(), {}]))
    assert np.isnan(no_pose.degrees[1]).all() and not np.isnan(no_pose.degrees[0]).any()

    below = joint_angles(tracking([standing()], visibility=MIN_VISIBILITY - 0.01))
    assert np.isnan(below.degrees).all()
    at = joint_angles(tracking([standing()], visibility=MIN_VISIBILITY))
    assert not np.isnan(at.degrees).any()
    assert np.isnan(joint_angles(tracking([standing()], visibility=0.5), min_visibility=0.6).degrees).all()
    # a point seen exactly at the threshold is used (0.5 is exact in float32, as the landmarks are stored)
    assert not np.isnan(joint_angles(tracking([standing()], visibility=0.5), min_visibility=0.5).degrees).any()


def test_points_the_overlay_draws_are_measured_by_default() -> None:
    # the default threshold is Sports2D's 0.3, the overlay's: a point seen at 0.35 is drawn and measured
    assert not np.isnan(joint_angles(tracking([standing()], visibility=0.35)).degrees).any()


def test_coincident_points_give_nan_not_an_angle() -> None:
    pose = standing() | {"right_knee": standing()["right_hip"]}
    assert np.isnan(_one(pose, "right_knee_flexion_deg"))


def test_time_is_the_frames_time_in_seconds() -> None:
    angles = joint_angles(tracking([standing()] * 3))
    np.testing.assert_allclose(angles.time_s, [0.0, 1 / 30, 2 / 30])
    assert angles.frame_count == 3 and angles.backend == "hand-made"
    with pytest.raises(KeyError, match="no angle 'knee'; the angles are right_ankle_dorsiflexion_deg"):
        angles["knee"]


def test_landmarks_without_the_points_needed_say_which_which_angles_and_which_backend() -> None:
    coco = tuple(n for n in POINTS if not n.endswith(("heel", "foot_index")))  # a COCO-17 model: no feet
    with pytest.raises(AnalysisError) as refused:
        joint_angles(tracking([standing()], names=coco))
    said = str(refused.value)
    assert "backend 'hand-made'" in said and "clip.mp4" in said
    assert "lack left_foot_index, left_heel, right_foot_index, right_heel" in said
    assert "needed for right_ankle_dorsiflexion_deg, left_ankle_dorsiflexion_deg" in said


def test_no_frame_size_is_refused() -> None:
    with pytest.raises(AnalysisError, match=r"record no frame size \(0x480\)"):
        joint_angles(tracking([standing()], width=0))


def test_a_point_with_no_visibility_recorded_is_not_measured() -> None:
    # a landmark JSON may write a point as [x, y, null]: read as NaN, it is no visibility, not a seen point
    result = tracking([standing()])
    unknown = result.landmarks.copy()
    unknown[0, result.landmark_names.index("right_knee"), 2] = np.nan
    angles = joint_angles(replace(result, landmarks=unknown))
    assert np.isnan(angles["right_knee_flexion_deg"][0]) and angles["left_knee_flexion_deg"][0] == 0
