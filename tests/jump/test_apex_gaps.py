"""The apex's hovering check on feet seen where the hips are not (a gap in the hips too long to fill)."""

from __future__ import annotations

import numpy as np

from kinemotion.jump.apex import _hovered
from kinemotion.jump.events import Airborne
from kinemotion.jump.signals import JumpSignals


def test_feet_seen_off_the_ground_while_the_hips_are_not_seen_are_not_judged_hovering_and_do_not_crash() -> None:
    """Before: ZeroDivisionError (no sample with both the feet and the hips between the two take-offs), a bare
    traceback out of `kinemotion cmj`. Nothing to compare: not hovering (the take-off is judged as before)."""
    t = np.arange(30) / 30
    foot = np.where(t > 0.3, 0.2, 0.0)
    hip = np.full_like(t, 0.5)
    hip[8:16] = np.nan  # the hips unseen from 0.27 s to 0.5 s
    s = JumpSignals(
        t=t,
        foot=foot,
        foot_left=foot,
        foot_right=foot,
        hip=hip,
        hip_smooth=hip,
        fps=30.0,
        body_height=0.5,
        tracked_fraction=1.0,
        frames_filled=0,
        near_edge_fraction=0.0,
        noise=0.001,
    )
    flight = Airborne(takeoff_s=0.3, landing_s=0.9, first_index=9, last_index=26, level_before=0.0, level_after=0.0)
    assert _hovered(s, flight, 0.45) is False
