"""What every jump result offers, a set of jumps from one video, and its summary (count, mean, SD, CV %, best)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kinemotion.errors import AnalysisError

__all__ = ["COVERAGE", "COVERAGE_Z", "JumpResult", "JumpSet", "collect_jumps", "summarize"]

COVERAGE = 0.9
"""The probability the reported uncertainties are meant to cover the truth with."""
COVERAGE_Z = 1.645
"""Standard uncertainties times this: the half-width of a ``COVERAGE`` interval (normal errors)."""


@dataclass(frozen=True, kw_only=True)
class JumpResult:
    """What every jump offers, whatever its kind: its number in the video, phases, metrics and flags.

    Each analysis subclasses it with its own metric fields and :meth:`metrics`.
    """

    phases_s: dict[str, float]
    """Event name -> time (s)."""
    phases_frame: dict[str, float]
    """Event name -> fractional frame index."""
    quality: list[str] = field(default_factory=list)
    """Plain-language flags: the recording's (coverage, frame rate, noise: the same on every jump of the video)
    first, then this jump's own. :meth:`JumpReport.recording_quality
    <kinemotion.jump.JumpReport.recording_quality>` gives the recording's alone (and says when the video was read
    only in part); the JSON report keeps them apart: its top-level ``quality``, and each jump's own flags."""
    uncertainty_s: dict[str, float] = field(default_factory=dict)
    """Event name -> half-width (s) of the interval that holds the true time with ``COVERAGE`` probability."""
    metric_uncertainty: dict[str, float] = field(default_factory=dict)
    """Metric name -> half-width of its ``COVERAGE`` interval, in the metric's own unit (where known)."""
    number: int = 1
    """1 for the first jump in the video, 2 for the next, ..."""
    unknown_events: tuple[str, ...] = ()
    """Events of :attr:`phases_s` whose time is not known (a countermovement that starts before the clip, or
    before the search window after the last landing): kept in :attr:`phases_s` where the search stopped, for
    the order of the phases (the overlay names them by counting events), but not marked on a chart or plot,
    with no uncertainty and no metric measured from them."""
    jump_kind: str = ""
    """What jump it is: ``cmj`` or ``squat_jump`` (:class:`~kinemotion.jump.cmj.CMJResult`), ``dropjump``
    (:class:`~kinemotion.jump.dropjump.DropJumpResult`); each analysis's result sets its own."""
    joint_angles_deg: dict[str, float] = field(default_factory=dict)
    """The knee and hip angles at the jump's events (degrees, NaN where not seen: :mod:`kinemotion.jump.posture`);
    empty when it was analysed from landmark series rather than a tracking. Listed after the metrics in
    :meth:`metrics`."""

    def metrics(self) -> dict[str, float | None]:
        """The metrics as a flat dict: None where a metric is not known (a metre value without the athlete's height,
        a countermovement the clip starts after), as the JSON's null and the CSV's empty cell; never NaN."""
        raise NotImplementedError

    def findings(self) -> dict[str, str]:
        """What the jump shows that is not a number (e.g. which foot touched first); none by default."""
        return {}


def known_metrics(values: dict[str, float | None]) -> dict[str, float | None]:
    """``values`` with every metric that is not a finite number (NaN: not measured) as None."""
    return {k: None if v is None or not math.isfinite(v) else v for k, v in values.items()}


R = TypeVar("R", bound=JumpResult)

BEST_IS_LOWEST = frozenset({"ground_contact_time_s", "time_to_takeoff_s", "landing_foot_lag_s"})
"""Metrics where less is better (the best of a set is the minimum)."""
NO_BEST_SUFFIX = "_deg"
"""Metrics with no best (the summary's ``best`` is None): the joint angles at a jump's events describe its posture,
and neither more nor less is better."""


@dataclass(frozen=True)
class JumpSet(Generic[R]):
    """Every jump found in a video, in time order, and notes on flights that were not analysed."""

    jumps: tuple[R, ...]
    """Every jump, numbered 1, 2, ... in time order."""
    notes: tuple[str, ...] = field(default=())
    """Why each airborne phase that is not among :attr:`jumps` was left out, in words ("flight at 3.00-3.09 s
    not analysed: ...")."""

    def summary(self) -> dict[str, dict[str, float | int | None]]:
        """Per metric: count, mean, SD (sample), CV %, best (see :func:`summarize`)."""
        return summarize([j.metrics() for j in self.jumps])


T = TypeVar("T")


def collect_jumps(
    candidates: Iterable[T], analyse: Callable[[T, int], R], describe: Callable[[T], str], nothing: str
) -> JumpSet[R]:
    """Analyse each candidate (a flight, a drop) as jump number 1, 2, ...; one that fails becomes a note.

    Raises:
        AnalysisError: no candidate gave a jump: its own error when there was
            one candidate, an error said of the whole recording (one with
            ``whole_recording``, e.g. slow motion) when there is one, else
            ``nothing`` followed by every note.
    """
    jumps: list[R] = []
    notes: list[str] = []
    errors: list[AnalysisError] = []
    for candidate in candidates:
        try:
            jumps.append(analyse(candidate, len(jumps) + 1))
        except AnalysisError as exc:
            errors.append(exc)
            notes.append(f"{describe(candidate)} not analysed: {exc}")
    if not jumps:
        whole = [e for e in errors if getattr(e, "whole_recording", False)]
        if whole:  # e.g. slow motion: what the recording is, before what each flight lacks
            raise max(whole, key=lambda e: getattr(e, "flight_s", 0.0))  # the longest phase is the surest
        raise errors[0] if len(errors) == 1 else AnalysisError(f"{nothing}: " + "; ".join(notes))
    return JumpSet(tuple(jumps), tuple(notes))


def summarize(rows: list[dict[str, float | None]]) -> dict[str, dict[str, float | int | None]]:
    """Count, mean, sample SD, coefficient of variation (%) and best value of each metric.

    The best is the maximum, except for times where less is better
    (``BEST_IS_LOWEST``), and none for an angle (``NO_BEST_SUFFIX``: a posture, not a performance). SD and CV
    need two values or more (None otherwise).
    """
    names = list(rows[0]) if rows else []
    out: dict[str, dict[str, float | int | None]] = {}
    for name in names:
        values = [v for v in (r.get(name) for r in rows) if v is not None and math.isfinite(v)]
        if not values:
            out[name] = {"count": 0, "mean": None, "sd": None, "cv_percent": None, "best": None}
            continue
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else None
        cv = None if sd is None or mean == 0 else 100 * sd / abs(mean)
        best = None if name.endswith(NO_BEST_SUFFIX) else min(values) if name in BEST_IS_LOWEST else max(values)
        out[name] = {"count": len(values), "mean": mean, "sd": sd, "cv_percent": cv, "best": best}
    return out
