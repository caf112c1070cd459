"""The one timestamp rule (TrackerClock), in the pipeline's form and in a tracker's strict form."""

from __future__ import annotations

import itertools

import pytest

from kinemotion.pose.contract import TrackerClock


def test_container_times_become_whole_increasing_ms() -> None:
    clock = TrackerClock()
    # A first frame at 0 means "no timestamp": the clock's own time since its first frame, which is 0.
    assert [clock.next(t) for t in (0.0, 33.3, 66.7, 66.9, 20.0, 100.2)] == [0, 33, 67, 68, 69, 100]


def test_a_strict_clock_refuses_time_going_backwards_and_says_what_to_do() -> None:
    clock = TrackerClock(strict=True)
    assert clock.next(40) == 40
    with pytest.raises(ValueError, match=r"got 40 after 40\. Create a new tracker for a new video, or pass 0"):
        clock.next(40)
    with pytest.raises(ValueError, match="got 12 after 40"):
        clock.next(12)


def test_no_timestamps_uses_the_clocks_own_time_and_still_increases() -> None:
    clock = TrackerClock(strict=True)
    stamps = [clock.next(0) for _ in range(5)]
    assert stamps[0] == 0
    assert all(b > a for a, b in itertools.pairwise(stamps))
    assert clock.next(stamps[-1] + 500) == stamps[-1] + 500  # real timestamps may follow


@pytest.mark.parametrize("strict", [True, False])
def test_times_given_after_the_clocks_own_follow_them_as_far_apart_as_given(strict: bool) -> None:
    """Frames at 0 (the clock's own time) that ran past the caller's first real time (a slow first frame):
    the strict clock refused the real times ('got 1000 after 1857'), the lenient one packed them 1 ms apart."""
    import time

    clock = TrackerClock(strict=strict)
    clock.next(0)
    time.sleep(0.06)
    own = clock.next(0)
    assert own >= 60
    given = [clock.next(t) for t in (10, 43, 76)]
    assert given[0] > own and given[1] - given[0] == 33 and given[2] - given[1] == 33
    if strict:
        with pytest.raises(ValueError, match="got 43 after 76"):  # the caller's own times, as given
            clock.next(43)
