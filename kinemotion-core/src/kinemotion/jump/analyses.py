"""The table of jump analyses: for each kind, how to analyse it, its phase names and its best jump.

Adding a kind of jump is one row here (and its module); the report, the
overlay and the CLI read everything kind-specific from this table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from kinemotion.jump.cmj import analyze_cmj_set
from kinemotion.jump.dropjump import analyze_dropjump_set
from kinemotion.jump.result import JumpResult, JumpSet, R
from kinemotion.jump.signals import JumpSignals

__all__ = ["ANALYSES", "Analysis", "JumpKind", "KindNames"]

JumpKind = Literal["cmj", "dropjump"]
"""The kinds of jump analysed: ``"cmj"`` (counter-movement jumps, and squat jumps) and ``"dropjump"``."""


@dataclass(frozen=True)
class KindNames:
    """How the overlay and the plot name one kind of jump an analysis finds, where it is not the analysis's own
    (a squat jump, found by the CMJ analysis, has no countermovement)."""

    caption: str
    """The overlay caption's first word(s), in place of the analysis's kind (``SQUAT JUMP`` for ``CMJ``)."""
    phase_names: tuple[str, ...]
    """As :attr:`Analysis.phase_names`, for the events of this kind in time order."""
    event_names: Mapping[str, str]
    """Event keys of the report -> their name on a plot or chart, where not the key in words."""


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
    kinds: Mapping[str, KindNames] = field(default_factory=dict)
    """A jump's ``jump_kind`` -> its own names, where they are not this analysis's (see :class:`KindNames`)."""

    def kind_names(self, jump: JumpResult) -> KindNames | None:
        """The names of ``jump``'s own kind, or None where the analysis's are its names."""
        return self.kinds.get(jump.jump_kind)

    def phase_names_of(self, jump: JumpResult) -> tuple[str, ...]:
        """What the athlete is doing in each phase of ``jump`` (see :attr:`phase_names`)."""
        own = self.kind_names(jump)
        return self.phase_names if own is None else own.phase_names

    def event_name(self, jump: JumpResult, event: str) -> str:
        """How a plot names ``event`` of ``jump``: its kind's own name, else the key in words."""
        own = self.kind_names(jump)
        return own.event_names[event] if own is not None and event in own.event_names else event.replace("_", " ")

    def best(self, jumps: tuple[R, ...]) -> R:
        """The jump with the highest :attr:`best_metric` (the first of equals)."""
        return max(jumps, key=lambda j: j.metrics()[self.best_metric] or 0.0)


SQUAT_JUMP = KindNames(
    caption="SQUAT JUMP",
    # its events in time order: the lowest point, the push starting (the hip leaving its lowest level), take-off
    phase_names=("into the squat", "bottom of the squat", "propulsion", "flight", "landing"),
    event_names=MappingProxyType({"countermovement_start": "push starts"}),
)
"""A squat jump's names: no countermovement; ``countermovement_start`` holds where the push starts."""

ANALYSES: Mapping[JumpKind, Analysis] = MappingProxyType(
    {
        "cmj": Analysis(
            analyse=analyze_cmj_set,
            phase_names=("standing", "countermovement", "propulsion", "flight", "landing"),
            best_metric="flight_time_s",
            uses_height=True,
            kinds=MappingProxyType({"squat_jump": SQUAT_JUMP}),
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
