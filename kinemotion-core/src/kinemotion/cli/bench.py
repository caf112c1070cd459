"""Timing a backend on decoded frames for ``kinemotion bench`` (decoding excluded from the timings).

It reports the tracker's optional ``provider``, ``model_time_s`` and ``stage_times_s`` (see
:class:`~kinemotion.pose.contract.PoseTracker`).
"""

from __future__ import annotations

import logging
import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

from kinemotion.errors import BackendError, KinemotionError
from kinemotion.pose.contract import TrackerClock, model_time_of, provider_of, stage_times_of
from kinemotion.pose.rules import RULES
from kinemotion.pose.selection import select_backend
from kinemotion.tracking.decode import DecodedFrame
from kinemotion.tracking.names_check import LandmarkNameCheck
from kinemotion.tracking.pipeline import call_backend

__all__ = ["WARMUP", "BenchResult", "bench_backend"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BenchResult:
    """Timings of one backend over a run of frames."""

    backend: str
    """The backend's name; what was asked for when it could not be created."""
    mode: str
    provider: str | None
    frames: int
    """Frames timed (after the warm-up frames)."""
    found: int
    """Frames where the backend found a person."""
    fps: float
    ms_p50: float
    ms_p90: float
    """Median and 90th percentile of the time per ``process_frame`` call."""
    model_ms: float | None
    """Mean ms per frame inside the model runtime, when the backend reports it."""
    error: str | None = None
    """Why the backend could not be created, or failed on a frame (then every number is 0)."""
    stages_ms: dict[str, float] | None = None
    """Mean ms per timed frame in each stage of the tracker's pipeline, when the backend reports them."""


WARMUP = 3
"""Frames processed before the timing starts."""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _reported_ms(backend: str, attribute: str, ms: float) -> float | None:
    """A time per frame a tracker reports of itself (its ``model_time_s`` or a stage's), or None with a warning
    naming the backend when no time can be it: not a number, or below 0 (a clock that ran back: the table showed
    ``nan`` and ``-10.0`` model ms beside real timings)."""
    if math.isfinite(ms) and ms >= 0:
        return ms
    rule = "tracker.model_time_s" if attribute == "model_time_s" else "tracker.stage_times_s"
    logger.warning(
        "backend %r reports %s ms per frame in its %s: no time can be that (a cumulative number of seconds, "
        "which only grows); shown as n/a [%s]. Report it to the backend's authors.",
        backend,
        f"{ms:.4g}",
        attribute,
        RULES[rule].cite(),
    )
    return None


def bench_backend(
    frames: Sequence[DecodedFrame], backend: str, mode: str = "lightweight", warmup: int = WARMUP, **options: object
) -> BenchResult:
    """Track ``frames`` with ``backend`` in one pass and time each ``process_frame`` call after the first ``warmup``.

    The warm-up frames (session start-up, caches, compilation) are processed
    but not timed; every frame gets its container time through one
    :class:`~kinemotion.pose.contract.TrackerClock`, as in ``kinemotion
    track``. A backend that cannot be created gives a result with ``error``
    set instead of raising. Each call gets its own copy of the frame, made
    before its clock starts (freshly written, as a frame just decoded is): a
    backend writing into its frame changes no later backend's frames.

    Raises:
        ValueError: no frame is left to time after the warm-up.
    """
    if len(frames) <= warmup:
        raise ValueError(f"{len(frames)} frames leave none to time after {warmup} warm-up frames")
    timed = frames[warmup:]
    try:
        selection = select_backend(backend, mode, registry=None, **options)
    except KinemotionError as exc:
        return BenchResult(backend, mode, None, 0, 0, 0.0, 0.0, 0.0, None, str(exc))
    clock = TrackerClock()
    tracker, name = selection.tracker, selection.info.name
    # Held to what tracking holds a backend to: a crash, an exit or an impossible value is its error, not a time.
    check = LandmarkNameCheck(name)
    try:
        for frame in frames[:warmup]:
            given = frame.copy()  # the frames are every backend's: one writing into its frame changes none
            if (result := call_backend(tracker, name, given, clock.next(frame.timestamp_ms), "the video")) is not None:
                check.check(result, frame.index)
        model_before, stages_before = model_time_of(tracker), stage_times_of(tracker)
        times: list[float] = []
        found = 0
        for frame in timed:
            ts = clock.next(frame.timestamp_ms)
            given = frame.copy()  # copied before the clock starts: the copy is not the backend's time
            start = time.perf_counter()
            result = call_backend(tracker, name, given, ts, "the video")
            times.append(time.perf_counter() - start)
            if result is not None:
                check.check(result, frame.index)
                found += 1
        model_after, stages_after = model_time_of(tracker), stage_times_of(tracker)
        provider = provider_of(tracker)
    except (BackendError, ValueError) as exc:  # ValueError: an optional attribute that raises when read
        return BenchResult(name, mode, None, 0, 0, 0.0, 0.0, 0.0, None, str(exc))
    finally:
        selection.close()
    total = sum(times)
    model_ms = None
    if model_before is not None and model_after is not None:
        model_ms = _reported_ms(name, "model_time_s", (model_after - model_before) / len(timed) * 1000)
    stages_ms = None
    if stages_before is not None and stages_after is not None:
        per_stage = {k: (v - stages_before.get(k, 0.0)) / len(timed) * 1000 for k, v in stages_after.items()}
        checked = {k: _reported_ms(name, f"stage_times_s[{k!r}]", ms) for k, ms in per_stage.items()}
        stages_ms = {k: ms for k, ms in checked.items() if ms is not None} if None not in checked.values() else None
    return BenchResult(
        backend=selection.info.name,
        mode=mode,
        provider=provider,
        frames=len(timed),
        found=found,
        fps=len(timed) / total if total else 0.0,
        ms_p50=statistics.median(times) * 1000,
        ms_p90=_percentile(times, 0.9) * 1000,
        model_ms=model_ms,
        stages_ms=stages_ms,
    )
