"""bench_backend: warm-up and timed frames through one clock, the optional tracker attributes read."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pytest

import kinemotion
from kinemotion.cli.bench import bench_backend
from kinemotion.tracking.decode import DecodedFrame
from tests.core.fakes import FakePlugin


def _frames(count: int) -> list[DecodedFrame]:
    rng = np.random.default_rng(0)
    return [DecodedFrame(i, i * 100 / 3, rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)) for i in range(count)]


def test_bench_times_the_frames_after_the_warm_up_in_one_pass_on_one_clock() -> None:
    plugin = FakePlugin("bench-fake")
    kinemotion.register_backend(plugin)
    try:
        result = bench_backend(_frames(10), "bench-fake", warmup=3)
    finally:
        kinemotion.unregister_backend("bench-fake")
    (tracker,) = plugin.created
    stamps = tracker.timestamps
    # One pass on one clock: the container's times, warm-up frames first, no offset, nothing replayed.
    assert stamps == [0, 33, 67, 100, 133, 167, 200, 233, 267, 300]
    assert (result.backend, result.frames, result.found, result.error) == ("bench-fake", 7, 7, None)
    assert result.provider is None and result.model_ms is None  # FakeTracker has neither optional attribute
    assert tracker.closed == 1


def test_frames_that_leave_nothing_to_time_are_refused() -> None:
    with pytest.raises(ValueError, match="3 frames leave none to time after 3 warm-up frames"):
        bench_backend(_frames(3), "bench-fake")


def test_the_optional_tracker_attributes_are_read_only_when_they_are_what_the_contract_says() -> None:
    from kinemotion.pose.contract import ClosingTracker, model_time_of, provider_of, stage_times_of

    class Odd:
        provider = 3
        model_time_s = "fast"
        stage_times_s = MappingProxyType({"pose model": "1 ms"})

    assert (provider_of(Odd()), model_time_of(Odd()), stage_times_of(Odd())) == (None, None, None)
    assert (provider_of(ClosingTracker()), model_time_of(ClosingTracker()), stage_times_of(ClosingTracker())) == (
        None,
        None,
        None,
    )

    class Timed(ClosingTracker):
        provider = "CPU"
        stage_times_s = MappingProxyType({"a": 1, "b": 0.5})  # type: ignore[assignment]

    assert provider_of(Timed()) == "CPU" and stage_times_of(Timed()) == {"a": 1.0, "b": 0.5}


@pytest.mark.parametrize(
    ("times", "p90"),
    [(list(range(1, 11)), 9), (list(range(10, 0, -1)), 9), ([5], 5), ([1, 2], 2), (list(range(1, 101)), 90)],
)
def test_p90_is_the_nearest_rank_of_the_sorted_times(times: list[int], p90: int) -> None:
    """The 90th percentile of 1..10 ms is 9 ms (not the slowest frame); of 1..100 ms, 90 ms."""
    from kinemotion.cli.bench import _percentile

    assert _percentile([float(t) for t in times], 0.9) == p90
