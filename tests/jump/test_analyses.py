"""The table of analyses: the best jump of a set, and the phase names the overlay shows."""

from __future__ import annotations

import pytest

from kinemotion.jump import ANALYSES, CMJResult, DropJumpResult, JumpReport, JumpSet
from kinemotion.jump.overlay import caption_at, phase_at


def _drop(number: int, start: float, flight: float, contact: float) -> DropJumpResult:
    phases = {
        "box_drop": start,
        "ground_contact": start + 0.4,
        "takeoff": start + 0.4 + contact,
        "landing": start + 0.4 + contact + flight,
    }
    height = 9.81 * flight**2 / 8
    return DropJumpResult(
        phases_s=phases,
        phases_frame={k: v * 30 for k, v in phases.items()},
        ground_contact_time_s=contact,
        flight_time_s=flight,
        jump_height_m=height,
        reactive_strength_index=height / contact,
        drop_height_bh=0.2,
        number=number,
    )


def _cmj(number: int, flight: float) -> CMJResult:
    phases = {"countermovement_start": 1.0, "lowest_point": 1.4, "takeoff": 1.7, "landing": 1.7 + flight}
    return CMJResult(
        phases_s=phases,
        phases_frame={k: v * 30 for k, v in phases.items()},
        flight_time_s=flight,
        jump_height_flight_m=9.81 * flight**2 / 8,
        jump_height_hip_bh=0.2,
        countermovement_depth_bh=0.25,
        time_to_takeoff_s=0.7,
        peak_concentric_velocity_bh_s=1.5,
        metres_per_body_height=None,
        number=number,
    )


def test_the_best_drop_jump_is_the_highest_rsi_not_the_longest_flight() -> None:
    long_slow = _drop(1, 1.0, flight=0.55, contact=0.40)  # RSI 0.93
    short_quick = _drop(2, 4.0, flight=0.45, contact=0.18)  # RSI 1.38
    assert ANALYSES["dropjump"].best((long_slow, short_quick)) is short_quick


def test_the_best_cmj_is_the_longest_flight() -> None:
    jumps = (_cmj(1, 0.48), _cmj(2, 0.52), _cmj(3, 0.50))
    assert ANALYSES["cmj"].best(jumps) is jumps[1]


def test_both_analyses_depend_on_the_athletes_height() -> None:
    """The CMJ's lengths and the drop jump's drop height come in metres with it: a report made with another is stale."""
    assert ANALYSES["cmj"].uses_height and ANALYSES["dropjump"].uses_height


@pytest.mark.parametrize(
    ("time_s", "expected"),
    [
        (0.5, (1, "on the box")),
        (1.2, (1, "drop")),
        (1.5, (1, "ground contact")),
        (1.8, (1, "flight")),
        (3.0, (1, "landing")),
        (4.1, (2, "drop")),
        (4.9, (2, "flight")),
    ],
)
def test_the_overlay_names_each_drop_jump_phase_from_the_table(time_s: float, expected: tuple[int, str]) -> None:
    report = JumpReport("dropjump", None, None, JumpSet((_drop(1, 1.0, 0.5, 0.3), _drop(2, 4.0, 0.5, 0.3))))  # type: ignore[arg-type]
    assert phase_at(report, time_s) == expected


def test_the_overlay_caption_names_the_kind_jump_and_phase() -> None:
    report = JumpReport("cmj", None, None, JumpSet((_cmj(1, 0.5), _cmj(2, 0.5))))  # type: ignore[arg-type]
    assert caption_at(report, 1.2) == "CMJ jump 2/2: countermovement  t=1.200 s"
    single = JumpReport("cmj", None, None, JumpSet((_cmj(1, 0.5),)))  # type: ignore[arg-type]
    assert caption_at(single, 1.5) == "CMJ: propulsion  t=1.500 s"
    assert caption_at(single, 0.2) == "CMJ: standing  t=0.200 s"
