"""The table of jump analyses: for each kind, how to analyse it, its phase names and its best jump.

Adding a kind of jump is one row here (and its module); the report, the
overlay and the CLI read everything kind-specific from this table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from kinemotion.jump.cmj import analyze_cmj_set
from kinemotion.jump.dropjump import analyze_dropjump_set
from kinemotion.jump.result import JumpResult, JumpSet
from kinemotion.jump.signals import JumpSignals

__all__ = ["ANALYSES", "Analysis", "JumpKind"]

JumpKind = Literal["cmj", "dropjump"]
"""The kinds of jump analysed: ``"cmj"`` (counter-movement jumps, and squat jumps) and ``"dropjump"``."""


@dataclass(frozen=True)
class Analysis:
    """One kind of jump: everything the report, the overlay and the CLI need to know about it."""

    analyse: Callable[[JumpSignals, float | None], JumpSet[Any]]
    """Every jump of this kind in the signals; the second argument is the athlete's height (m) or None."""
    phase_names: tuple[str, ...]
    """What the athlete is doing before the first event, then after each event in order (overlay captions)."""
    best_metric: str
    """The metric whose highest value makes the best jump of a set."""
    uses_height: bool
    """Whether the athlete's height changes the result (so a report made with another one is stale)."""

    def best(self, jumps: tuple[JumpResult, ...]) -> JumpResult:
        """The jump with the highest :attr:`best_metric` (the first of equals)."""
        return max(jumps, key=lambda j: j.metrics()[self.best_metric] or 0.0)


ANALYSES: Mapping[JumpKind, Analysis] = MappingProxyType(
    {
        "cmj": Analysis(
            analyse=analyze_cmj_set,
            phase_names=("standing", "countermovement", "propulsion", "flight", "landing"),
            best_metric="flight_time_s",
            uses_height=True,
        ),
        "dropjump": Analysis(
            analyse=analyze_dropjump_set,
            phase_names=("on the box", "drop", "ground contact", "flight", "landing"),
            best_metric="reactive_strength_index",
            uses_height=True,
        ),
    }
)
"""Every jump analysis, by the kind's name (the CLI command and the report's ``kind``)."""
