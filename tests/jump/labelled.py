"""The labelled real-footage dev set (tests/jump/labels/real_jumps.json) and how a result is scored against it.

A label gives, per jump, the first frame with both feet clearly off (T) and
the first frame with a foot back on the ground (L): take-off lies between
frames T-1 and T, landing between L-1 and L, so the error of a found event
(a fractional frame index) is measured from the middle of that interval.
A reported jump matches the labelled jump whose interval ``[T-1, L]`` it
overlaps most; a reported jump that overlaps none is invented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set
from tests.assets import DEMO_VIDEO, JUMP_CLIPS, asset

LABELS = Path(__file__).parent / "labels" / "real_jumps.json"


@cache
def labels() -> dict[str, Any]:
    """The settled labels, by clip file name."""
    return dict(json.loads(LABELS.read_text(encoding="utf-8"))["clips"])


def clip_video(clip: str) -> Path:
    """The video file of a clip of the dev set (the demo, or one of ../shared/assets/video/jumps)."""
    return asset(DEMO_VIDEO if clip == "backflip-demo.mp4" else JUMP_CLIPS[clip].rel)


def timing_clips() -> list[str]:
    """Clips whose jumps are measured (not slow motion, no cuts)."""
    return [name for name, clip in labels().items() if clip["use"] == "timing"]


def labelled_jumps(clip: str) -> list[dict[str, Any]]:
    """The jumps of ``clip`` a CMJ analysis should report (a drop off a box is not one)."""
    return [j for j in labels()[clip]["jumps"] if j.get("kind") != "box_drop"]


def reported_flights(signals: JumpSignals) -> list[tuple[float, float]]:
    """Take-off and landing (fractional frames) of every jump ``kinemotion cmj`` reports; none if it refuses."""
    try:
        jumps = analyze_cmj_set(signals).jumps
    except AnalysisError:
        return []
    return [(j.phases_frame["takeoff"], j.phases_frame["landing"]) for j in jumps]


@dataclass(frozen=True)
class Score:
    """One backend's reported jumps on one clip, against the labels (errors in frames)."""

    labelled: int
    matched: list[tuple[float, float] | None]
    """Per labelled jump, the reported jump that matches it, or None (missed)."""
    invented: list[tuple[float, float]] = field(default_factory=list)
    takeoff: list[float] = field(default_factory=list)
    landing: list[float] = field(default_factory=list)
    flight: list[float] = field(default_factory=list)

    @property
    def found(self) -> int:
        return sum(m is not None for m in self.matched)

    def describe(self) -> str:
        return (
            f"found {self.found}/{self.labelled}, invented {len(self.invented)}; max |error| take-off "
            f"{worst_abs(self.takeoff)}, landing {worst_abs(self.landing)}; flight median |error| "
            f"{median_abs(self.flight)}, max {worst_abs(self.flight)}"
        )


def worst_abs(errors: list[float]) -> str:
    """The largest |error| (frames, 2 decimals), ``-`` when there is none."""
    return f"{max(np.abs(errors)):.2f}" if errors else "-"


def median_abs(errors: list[float]) -> str:
    """The median |error| (frames, 2 decimals), ``-`` when there is none."""
    return f"{np.median(np.abs(errors)):.2f}" if errors else "-"


def score(clip: str, flights: list[tuple[float, float]]) -> Score:
    """Match ``flights`` to the labelled jumps of ``clip`` and measure each error (frames)."""
    jumps = labelled_jumps(clip)
    matched: list[tuple[float, float] | None] = []
    used: set[int] = set()
    for j in jumps:
        lo, hi = j["takeoff"] - 1, j["landing"]
        overlaps = [(min(b, hi) - max(a, lo), k) for k, (a, b) in enumerate(flights) if k not in used]
        best = max((o for o in overlaps if o[0] > 0), default=None)
        if best is None:
            matched.append(None)
            continue
        used.add(best[1])
        matched.append(flights[best[1]])
    invented = [f for k, f in enumerate(flights) if k not in used and not _off_the_box(clip, f)]
    takeoff, landing, flight = [], [], []
    for j, m in zip(jumps, matched, strict=True):
        if m is None:
            continue
        takeoff.append(m[0] - (j["takeoff"] - 0.5))
        landing.append(m[1] - (j["landing"] - 0.5))
        flight.append((m[1] - m[0]) - (j["landing"] - j["takeoff"]))
    return Score(len(jumps), matched, invented, takeoff, landing, flight)


def _off_the_box(clip: str, flight: tuple[float, float]) -> bool:
    """Whether ``flight`` is a labelled drop off a box (not a CMJ, so neither expected nor invented)."""
    drops = [j for j in labels()[clip]["jumps"] if j.get("kind") == "box_drop"]
    return any(min(flight[1], j["landing"]) - max(flight[0], j["takeoff"] - 1) > 0 for j in drops)
