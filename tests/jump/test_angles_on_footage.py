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

from kinemotion.jump import analyze_tracking
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


def test_the_squat_jump_s_knees_at_its_events_and_the_two_backends_agree_within_their_uncertainty(
    tracked: Callable[[str, str], TrackingResult],
) -> None:
    """The jump's knee at its lowest point (the held squat's end, frame 321: the thigh below horizontal on the
    frame), at take-off (legs extended as the feet leave) and at its deepest after landing. Measured
    (2026-11-28): 90.5 ± 1.6, 4.1 ± 4.0 and 95.5 ± 2.4 degrees on rtmpose-openvino; 90.6 ± 4.6, 2.7 ± 4.6 and
    93.9 ± 1.2 on MediaPipe."""
    jumps = {b: analyze_tracking(tracked(CLIP, b), "cmj").jumps for b in ("rtmpose-openvino", "mediapipe")}
    (rtmpose,), (mediapipe,) = jumps.values()
    for jump in (rtmpose, mediapipe):
        metrics = jump.metrics()
        assert 75 < (metrics["knee_flexion_lowest_deg"] or 0) < 110
        assert (metrics["knee_flexion_takeoff_deg"] or 99) < 25
        assert (metrics["knee_flexion_landing_max_deg"] or 0) > 50
    for name in ("knee_flexion_lowest_deg", "knee_flexion_takeoff_deg", "knee_flexion_landing_max_deg"):
        a, b = rtmpose.metrics()[name], mediapipe.metrics()[name]
        assert a is not None and b is not None
        assert abs(a - b) <= rtmpose.metric_uncertainty[name] + mediapipe.metric_uncertainty[name], name
