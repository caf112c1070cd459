"""The jump off the box in backflip-demo.mp4, found on real tracking.

Where the events are, decided by looking at the frames (crops around the
athlete, frames 148-197): the toes still touch the box edge in frame 166, are
lifting in 167 and clearly in the air in 168, so take-off is frame 167; the
toes touch the grass in frame 189 and the feet are flat in 190, so landing is
frame 189. (It is a dive and flip off the box, not a drop jump: there is no
rebound, and the analysis says so.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kinemotion import AnalysisError
from kinemotion.jump import JumpSignals, analyze_dropjump, find_box_drop
from kinemotion.tracking import track_video

pytestmark = pytest.mark.models

TAKEOFF_FRAME, LANDING_FRAME = 167, 189


@pytest.mark.usefixtures("real_models")
def test_flight_off_the_box_found_within_a_few_frames(demo_video: Path) -> None:
    signals = JumpSignals.from_tracking(track_video(demo_video, "rtmpose-cpu", progress=False))
    drop, box, ground = find_box_drop(signals)
    frame = signals.frame_at
    # RTMPose loses the athlete from frame 165 (upside down): the last frame seen on the box stands for take-off.
    assert abs(frame(drop.takeoff_s) - TAKEOFF_FRAME) <= 4, frame(drop.takeoff_s)
    assert abs(frame(drop.landing_s) - LANDING_FRAME) <= 2, frame(drop.landing_s)
    assert box - ground > 1.0  # the box is about 1.35 body heights high here
    with pytest.raises(AnalysisError, match="No rebound jump") as info:
        analyze_dropjump(signals)
    assert set(info.value.phases_s) == {"box_drop", "ground_contact"}
