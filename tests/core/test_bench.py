"""bench_backend: warm-up and timed frames through one clock, the optional tracker attributes read."""

from __future__ import annotations

import itertools

import numpy as np

import kinemotion
from kinemotion.cli.bench import bench_backend
from kinemotion.tracking.decode import DecodedFrame
from tests.core.fakes import FakePlugin


def _frames(count: int) -> list[DecodedFrame]:
    rng = np.random.default_rng(0)
    return [DecodedFrame(i, i * 100 / 3, rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)) for i in range(count)]


def test_bench_times_every_frame_after_the_warm_up_on_one_increasing_clock() -> None:
    plugin = FakePlugin("bench-fake")
    kinemotion.register_backend(plugin)
    try:
        result = bench_backend(_frames(10), "bench-fake", warmup=3)
    finally:
        kinemotion.unregister_backend("bench-fake")
    (tracker,) = plugin.created
    stamps = tracker.timestamps
    assert len(stamps) == 3 + 10
    assert stamps[:3] == [0, 33, 67]  # warm-up: the first frames' container times
    assert all(b > a for a, b in itertools.pairwise(stamps))  # the timed pass follows on, no offset
    assert stamps[-1] == 300  # and is back on the container's times once past the warm-up's
    assert (result.backend, result.frames, result.found, result.error) == ("bench-fake", 10, 10, None)
    assert result.provider is None and result.model_ms is None  # FakeTracker has neither optional attribute
    assert tracker.closed == 1
