"""The event primitives on hand-made sole heights (10 fps, body heights), each answer worked out by hand.

At 10 fps a line is fitted to the 2 airborne samples nearest the support.
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump.events import crossing_time, first_touch, last_contact
from kinemotion.jump.signals import JumpSignals

LEVEL = 0.05


def _signals(foot: list[float], noise: float = 0.0) -> JumpSignals:
    sole = np.array(foot, dtype=np.float64)
    zeros = np.zeros_like(sole)
    return JumpSignals(
        t=np.arange(len(sole)) * 0.1,
        foot=sole,
        foot_left=sole,
        foot_right=sole,
        hip=zeros,
        hip_smooth=zeros,
        fps=10.0,
        body_height=0.5,
        tracked_fraction=1.0,
        frames_filled=0,
        near_edge_fraction=0.0,
        noise=noise,
    )


def test_crossing_time_interpolates_between_two_samples_and_stays_between_them() -> None:
    t = np.array([0.0, 0.1, 0.3])
    y = np.array([0.0, 0.2, 0.9])
    assert crossing_time(t, y, 0, 0.05) == pytest.approx(0.025)
    assert crossing_time(t, y, 1, 0.55) == pytest.approx(0.2)
    assert crossing_time(t, y, 0, 0.5) == pytest.approx(0.1)  # beyond the pair: its far end
    assert crossing_time(t, y, 0, -1.0) == pytest.approx(0.0)  # before it: its near end
    assert crossing_time(t, np.array([0.2, 0.2, 0.9]), 0, 0.05) == pytest.approx(0.0)  # flat: the first sample


def test_landing_is_where_the_line_through_the_last_airborne_samples_meets_the_level() -> None:
    # airborne 0.3 at 0.1 s and 0.1 at 0.2 s: slope -2 per s, so 0.05 at 0.225 s
    # (plain interpolation between 0.1 and the 0.0 on the ground would say 0.25 s)
    assert first_touch(_signals([0.5, 0.3, 0.1, 0.0, 0.0]), 0, LEVEL) == pytest.approx(0.225)


def test_take_off_is_where_the_line_through_the_first_airborne_samples_leaves_the_level() -> None:
    # airborne 0.1 at 0.2 s and 0.3 at 0.3 s: slope 2 per s, so 0.05 at 0.175 s
    assert last_contact(_signals([0.0, 0.0, 0.1, 0.3, 0.5]), 4, LEVEL) == pytest.approx(0.175)


def test_a_sample_lifted_by_noise_just_above_the_level_counts_as_on_the_ground() -> None:
    # 0.06 is within half the noise (0.02) of the level: on the ground, so the line uses 0.1 and 0.3
    assert first_touch(_signals([0.5, 0.3, 0.1, 0.06, 0.0, 0.0], noise=0.04), 0, LEVEL) == pytest.approx(0.225)
    assert last_contact(_signals([0.0, 0.0, 0.06, 0.1, 0.3, 0.5], noise=0.04), 5, LEVEL) == pytest.approx(0.275)
    # without noise 0.06 is airborne: the lines run through 0.06 and 0.1 instead
    assert first_touch(_signals([0.5, 0.3, 0.1, 0.06, 0.0, 0.0]), 0, LEVEL) == pytest.approx(0.325)
    assert last_contact(_signals([0.0, 0.0, 0.06, 0.1, 0.3, 0.5]), 5, LEVEL) == pytest.approx(0.175)


def test_an_untracked_frame_next_to_the_event_gives_the_frame_seen_on_the_ground() -> None:
    assert first_touch(_signals([0.5, 0.3, np.nan, 0.0, 0.0]), 0, LEVEL) == pytest.approx(0.3)
    assert last_contact(_signals([0.0, 0.0, np.nan, 0.3, 0.5]), 4, LEVEL) == pytest.approx(0.1)


def test_one_airborne_sample_gives_the_middle_of_the_frame_interval() -> None:
    assert first_touch(_signals([np.nan, 0.3, 0.0]), 1, LEVEL) == pytest.approx(0.15)
    assert last_contact(_signals([0.0, 0.3, np.nan]), 1, LEVEL) == pytest.approx(0.05)


def test_touching_at_the_apex_itself_interpolates_from_the_sample_before() -> None:
    # no airborne sample after the apex: the crossing between 0.3 (t 0) and 0.0 (t 0.1)
    assert first_touch(_signals([0.3, 0.0, 0.0]), 1, LEVEL) == pytest.approx(0.1 * 0.25 / 0.3)


def test_no_event_outside_the_search_range() -> None:
    falling = _signals([0.5, 0.3, 0.1, 0.0])
    assert first_touch(falling, 0, LEVEL, highest=2) is None  # not down by sample 2
    assert first_touch(falling, 0, LEVEL, highest=3) == pytest.approx(0.225)
    assert first_touch(_signals([0.0, 0.3]), 0, LEVEL) is None  # on the ground at the very first sample
    rising = _signals([0.0, 0.3, 0.5])
    assert last_contact(rising, 2, LEVEL, lowest=1) is None  # not on the ground back to sample 1
    # from sample 0: the line through 0.3 and 0.5 meets the level before it, so the event is clamped to it
    assert last_contact(rising, 2, LEVEL) == pytest.approx(0.0)


def test_feet_that_never_come_down_give_no_landing_whatever_the_search_limit() -> None:
    rising = _signals([0.0, 0.2, 0.4, 0.6])
    assert first_touch(rising, 1, LEVEL) is None
    assert first_touch(rising, 1, LEVEL, highest=100) is None  # a limit past the end is the end
