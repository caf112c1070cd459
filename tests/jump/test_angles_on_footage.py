"""Joint angles on real footage: the side-on squat jump, whose squat is held bent and whose athlete stands
straight after landing.

The basis of the check: the clip (``squat_jump_side_30fps.mp4``, PROVENANCE.md) holds a squat from about frame
100 to 320, hands on the chest, before jumping (apex near frame 338), and stands still after landing. A squat jump
starts from a squat of about 90 degrees of knee flexion (the usual protocol); frames 200 and 320, drawn with
their landmarks, show the knees well bent (the thigh below horizontal at 320), frame 420 the legs straight.
Measured (2026-11-28, median over frames 120-300 / over the last 30 frames): knee flexion 75 / 4 (right) and
70 / 3 (left) degrees on rtmpose-openvino, 76 / 6 and 63 / 5 on MediaPipe; hip flexion 52 and 47 (46 and 43)
in the squat. The bounds leave room for another model's placement of the joints, not for a straight leg.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from kinemotion.kinematics import joint_angles
from kinemotion.tracking import TrackingResult

pytestmark = pytest.mark.models

CLIP = "squat_jump_side_30fps.mp4"
SQUAT = slice(120, 300)
"""Frames well inside the held squat (about 100-320)."""


@pytest.mark.parametrize("backend", ["rtmpose-openvino", "mediapipe"])
def test_the_held_squat_reads_bent_and_the_athlete_straight_after_landing(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    angles = joint_angles(tracked(CLIP, backend))
    for side in ("left", "right"):
        knee = angles[f"{side}_knee_flexion_deg"]
        assert np.isfinite(knee[SQUAT]).mean() > 0.95
        assert 55 < np.nanmedian(knee[SQUAT]) < 110, side
        assert np.nanmedian(knee[-30:]) < 20, side
        assert np.nanmedian(angles[f"{side}_hip_flexion_deg"][SQUAT]) > 30, side
    assert np.nanmedian(angles["trunk_inclination_deg"][-30:]) < 10
