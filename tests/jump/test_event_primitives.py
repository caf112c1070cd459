"""The event primitives on hand-made sole heights (10 fps, body heights): where they put an edge, and how steadily."""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump.constants import CONTACT_LEVEL
from kinemotion.jump.events import crossing_time, first_touch, last_contact
from kinemotion.jump.signals import JumpSignals

LEVEL = 0.05
SUPPORT = LEVEL - CONTACT_LEVEL  # where the sole rests when the level is its support's contact level


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


def _hinge(corner_s: float, speed: float, n: int = 14, falling: bool = False) -> list[float]:
    """Sole heights at 10 fps: at rest until ``corner_s``, then rising at ``speed`` (reversed: a landing)."""
    t = np.arange(n) * 0.1
    if falling:
        t = t[::-1]
    return [SUPPORT + float(v) for v in np.maximum(0.0, speed * (t - corner_s))]


def test_take_off_is_where_a_clean_hinge_crosses_the_level() -> None:
    # rest until 0.52 s, then 1 body height/s: the contact level (0.0125 above rest) is crossed at 0.5325 s
    takeoff = last_contact(_signals(_hinge(0.52, 1.0)), 10, LEVEL)
    assert takeoff == pytest.approx(0.5325, abs=0.003)


def test_landing_is_where_a_clean_hinge_crosses_the_level() -> None:
    # mirrored: the corner is at 1.3 - 0.52 = 0.78 s, the contact level reached 0.0125 s before it
    landing = first_touch(_signals(_hinge(0.52, 1.0, falling=True)), 3, LEVEL)
    assert landing == pytest.approx(0.7675, abs=0.003)


@pytest.mark.parametrize("landing", [False, True])
def test_a_sample_crossing_the_level_moves_the_event_smoothly(landing: bool) -> None:
    """The reason for the fit: an event must not jump by a frame when one sample moves a hair.

    The sample next to the edge is swept from well below the level to well
    above it in 0.1 mm steps (at 1.75 m tall): each step moves the event by a
    small fraction of a frame, never by the frame a choice of crossing sample
    would (the method this replaced snapped to whole frames: 63.0 vs 64.43
    for one hop of the demo between two builds of the same model).
    """
    base = _hinge(0.52, 1.0, falling=landing)
    edge = 5 if not landing else 8  # the last sample at rest next to the edge
    times = []
    for lift in np.arange(0.0, 0.1, 0.00005):
        foot = list(base)
        foot[edge] = SUPPORT + lift
        s = _signals(foot, noise=0.005)
        event = first_touch(s, 3, LEVEL) if landing else last_contact(s, 10, LEVEL)
        assert event is not None
        times.append(event)
    steps = np.abs(np.diff(times)) / 0.1  # in frames
    assert steps.max() < 0.02, steps.max()


def test_a_gradual_leaving_is_as_stable_as_a_sharp_one() -> None:
    """A foot that peels off slowly fits several corners about as well: the event is their likely average."""
    foot = [0.0, 0.0, 0.0, 0.0, 0.01, 0.03, 0.06, 0.1, 0.16, 0.25, 0.4]
    events = []
    for nudge in np.linspace(-0.002, 0.002, 41):
        lifted = list(foot)
        lifted[5] += nudge
        lifted[6] -= nudge
        events.append(last_contact(_signals(lifted, noise=0.005), 10, LEVEL))
    assert all(e is not None for e in events)
    assert (max(events) - min(events)) / 0.1 < 0.3  # type: ignore[operator]


def test_an_untracked_frame_next_to_the_event_gives_the_frame_seen_on_the_ground() -> None:
    assert first_touch(_signals([0.5, 0.3, np.nan, 0.0, 0.0]), 0, LEVEL) == pytest.approx(0.3)
    assert last_contact(_signals([0.0, 0.0, np.nan, 0.3, 0.5]), 4, LEVEL) == pytest.approx(0.1)


def test_an_edge_the_fit_cannot_place_falls_back_to_interpolation() -> None:
    # nothing on the support before the edge to fit: the crossing between 0.3 (t 0) and 0.0 (t 0.1)
    assert first_touch(_signals([0.3, 0.0]), 0, LEVEL) == pytest.approx(0.1 * 0.25 / 0.3, abs=0.02)


def test_no_event_outside_the_search_range() -> None:
    falling = _signals([0.5, 0.3, 0.1, 0.0])
    assert first_touch(falling, 0, LEVEL, highest=2) is None  # not down by sample 2
    assert first_touch(falling, 0, LEVEL, highest=3) == pytest.approx(0.225, abs=0.03)
    assert first_touch(_signals([0.0, 0.3]), 0, LEVEL) is None  # on the ground at the very first sample
    rising = _signals([0.0, 0.3, 0.5])
    assert last_contact(rising, 2, LEVEL, lowest=1) is None  # not on the ground back to sample 1
    assert last_contact(_signals([0.3, 0.2, 0.0]), 2, LEVEL) is None  # still on the ground at the last sample
    # from sample 0: leaving between 0.0 and 0.1 s
    takeoff = last_contact(rising, 2, LEVEL)
    assert takeoff is not None and 0.0 <= takeoff <= 0.1


def test_feet_that_never_come_down_give_no_landing_whatever_the_search_limit() -> None:
    rising = _signals([0.0, 0.2, 0.4, 0.6])
    assert first_touch(rising, 1, LEVEL) is None
    assert first_touch(rising, 1, LEVEL, highest=100) is None  # a limit past the end is the end
