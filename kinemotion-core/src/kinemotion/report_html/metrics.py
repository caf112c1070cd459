"""How each metric of a jump report reads on the page: its name in words, its unit, its precision.

The JSON keeps SI units (s, m, m/s) and body heights; the page shows what a
coach reads: times in ms, heights in cm. The unit is taken from the
metric's suffix, so a metric this table does not name (one a later analysis
adds) still shows, with its key as its name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["HEADLINE", "Unit", "label", "unit_of"]


@dataclass(frozen=True)
class Unit:
    """A display unit: the factor from the JSON's value, its symbol and the decimals shown."""

    factor: float
    symbol: str
    decimals: int

    def show(self, value: float | None) -> str:
        """``value`` (as in the JSON) in this unit, rounded for reading; an en dash when unknown."""
        if value is None or not math.isfinite(value):
            return "–"
        return f"{value * self.factor:.{self.decimals}f}"


_SUFFIXES: tuple[tuple[str, Unit], ...] = (
    ("_bh_s", Unit(1.0, "body heights/s", 2)),
    ("_m_s", Unit(1.0, "m/s", 2)),
    ("_bh", Unit(1.0, "body heights", 3)),
    ("_s", Unit(1000.0, "ms", 0)),
    ("_m", Unit(100.0, "cm", 1)),
    ("reactive_strength_index", Unit(1.0, "m/s", 2)),
)

_LABELS = {
    "flight_time_s": "Flight time",
    "jump_height_flight_m": "Jump height (from flight time)",
    "jump_height_hip_bh": "Jump height (hip rise)",
    "jump_height_hip_m": "Jump height (hip rise)",
    "countermovement_depth_bh": "Countermovement depth",
    "countermovement_depth_m": "Countermovement depth",
    "time_to_takeoff_s": "Time to take-off",
    "modified_reactive_strength_index": "Modified reactive strength index (RSImod)",
    "peak_concentric_velocity_bh_s": "Peak upward hip velocity",
    "peak_concentric_velocity_m_s": "Peak upward hip velocity",
    "ground_contact_time_s": "Ground contact time",
    "jump_height_m": "Jump height (from flight time)",
    "reactive_strength_index": "Reactive strength index (RSI)",
    "drop_height_bh": "Drop height",
    "landing_foot_lag_s": "Second foot down after the first",
}

HEADLINE = {"cmj": "jump_height_flight_m", "dropjump": "reactive_strength_index"}
"""The metric the session overview compares, per kind of jump."""


def unit_of(metric: str) -> Unit:
    """The display unit of ``metric`` (by its suffix; plain numbers with 3 decimals otherwise)."""
    for suffix, unit in _SUFFIXES:
        if metric.endswith(suffix):
            return unit
    return Unit(1.0, "", 3)


def label(metric: str) -> str:
    """The metric's name in words (its key with spaces when this table does not know it)."""
    return _LABELS.get(metric) or metric.replace("_", " ").capitalize()
