"""Benchmarking backends on the same decoded frames (decoding excluded from the timings).

A tracker may expose two optional attributes that the benchmark reports:
``provider`` (str: where it runs, e.g. ``CPUExecutionProvider``) and
``model_time_s`` (float: cumulative seconds spent inside its model runtime).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

from kinemotion.errors import KinemotionError
from kinemotion.pose.factory import PoseTrackerFactory
from kinemotion.video import DecodedFrame, TrackerClock

__all__ = ["BenchResult", "bench_backend"]


@dataclass(frozen=True)
class BenchResult:
    """Timings of one backend over a run of frames."""

    backend: str
    mode: str
    provider: str | None
    frames: int
    found: int
    fps: float
    ms_p50: float
    ms_p90: float
    model_ms: float | None
    """Mean ms per frame inside the model runtime, when the backend reports it."""
    error: str | None = None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_backend(
    frames: Sequence[DecodedFrame], backend: str, mode: str = "lightweight", warmup: int = 3, **options: object
) -> BenchResult:
    """Track ``frames`` with ``backend`` and time each ``process_frame`` call.

    The first ``warmup`` frames are processed first and not timed (session
    start-up, caches); then every frame is timed, in order, with timestamps
    from the container. A backend that cannot be created gives a result with
    ``error`` set instead of raising.
    """
    try:
        tracker, name = PoseTrackerFactory.create_with_name(backend, mode, registry=None, **options)
    except KinemotionError as exc:
        return BenchResult(backend, mode, None, 0, 0, 0.0, 0.0, 0.0, None, str(exc))
    with tracker:
        for frame in frames[:warmup]:
            tracker.process_frame(frame.image, 0)
        model_before = getattr(tracker, "model_time_s", None)
        times: list[float] = []
        found = 0
        clock = TrackerClock(offset_ms=10_000_000)  # past the warm-up frames' own clock
        for frame in frames:
            ts = clock.next(frame.timestamp_ms)
            start = time.perf_counter()
            result = tracker.process_frame(frame.image, ts)
            times.append(time.perf_counter() - start)
            found += result is not None
        model_after = getattr(tracker, "model_time_s", None)
        provider = getattr(tracker, "provider", None)
    total = sum(times)
    model_ms = None
    if isinstance(model_before, float) and isinstance(model_after, float):
        model_ms = (model_after - model_before) / len(frames) * 1000
    return BenchResult(
        backend=name,
        mode=mode,
        provider=provider if isinstance(provider, str) else None,
        frames=len(frames),
        found=found,
        fps=len(frames) / total if total else 0.0,
        ms_p50=statistics.median(times) * 1000,
        ms_p90=_percentile(times, 0.9) * 1000,
        model_ms=model_ms,
    )
