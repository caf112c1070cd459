"""bench_backend: warm-up and timed frames through one clock, the optional tracker attributes read."""

from __future__ import annotations

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
