"""How each metric of a jump report reads on the page: its name in words, its unit, its precision.

The JSON keeps SI units (s, m, m/s) and body heights; the page shows what a
coach reads: times in ms, heights in cm. The unit is taken from the
metric's suffix, so a metric this table does not name (one a later analysis
adds) still shows, with its key as its name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["HEADLINE", "MEANINGS", "Unit", "label", "unit_of"]


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
    ("_deg", Unit(1.0, "°", 0)),
)

_LABELS = {
    "flight_time_s": "Flight time",
    "jump_height_flight_m": "Jump height (from flight time)",
    "jump_height_hip_bh": "Jump height (hip rise)",
    "jump_height_hip_m": "Jump height (hip rise)",
    "jump_height_takeoff_velocity_m": "Jump height (from take-off velocity)",
    "takeoff_velocity_m_s": "Take-off velocity (hips)",
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
    "drop_height_m": "Drop height",
    "landing_foot_lag_s": "Second foot down after the first",
    "knee_flexion_lowest_deg": "Knee flexion at the lowest point",
    "hip_flexion_lowest_deg": "Hip flexion at the lowest point",
    "knee_flexion_takeoff_deg": "Knee flexion at take-off",
    "hip_flexion_takeoff_deg": "Hip flexion at take-off",
    "knee_flexion_landing_max_deg": "Deepest knee flexion after landing",
}

MEANINGS = {
    "flight_time_s": "time in the air, from the last toe leaving the ground to the first foot touching it",
    "jump_height_flight_m": "the height a body reaches when it is in the air that long: g·t²/8 (needs no calibration)",
    "jump_height_m": "the height a body reaches when it is in the air that long: g·t²/8 (needs no calibration)",
    "jump_height_hip_bh": "how much the hip rose above its take-off height, in body heights (nose to feet), and in "
    "cm with the athlete's height",
    "jump_height_takeoff_velocity_m": "v²/2g from the hips' upward velocity at take-off (the parabola fitted to the "
    "flight); a second measure of the height beside the flight time's",
    "takeoff_velocity_m_s": "the hips' upward velocity at take-off, from the parabola fitted to their flight",
    "countermovement_depth_bh": "how far the hip dropped below standing before the jump",
    "time_to_takeoff_s": "from the start of the countermovement (a squat jump: the hip leaving its lowest level) "
    "to take-off",
    "modified_reactive_strength_index": "jump height / time to take-off: how quickly the dip is turned into height",
    "peak_concentric_velocity_bh_s": "the hip's fastest upward speed between the lowest point and take-off",
    "ground_contact_time_s": "from the first foot touching the ground after the drop to take-off",
    "reactive_strength_index": "jump height / ground contact time: how well a quick contact is turned into height",
    "drop_height_bh": "the box height the athlete dropped from, in body heights",
    "landing_foot_lag_s": "how long after the first foot the second one touched the ground on landing from the box",
    "knee_flexion_lowest_deg": "how bent the knees are (0 straight) when the hips are lowest before take-off, seen "
    "in the picture (from the side: the real angle)",
    "hip_flexion_lowest_deg": "how far the trunk is bent over the thighs (0 in line) when the hips are lowest",
    "knee_flexion_takeoff_deg": "how bent the knees still are as the feet leave the ground (0: fully extended)",
    "hip_flexion_takeoff_deg": "how far the trunk is still bent over the thighs as the feet leave the ground",
    "knee_flexion_landing_max_deg": "the deepest knee bend within half a second of landing: how the landing is "
    "absorbed",
}
"""What each metric means, in a coach's words (the page's glossary lists those it shows)."""

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
