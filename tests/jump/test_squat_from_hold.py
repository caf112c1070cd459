"""A squat jump from a held squat is a squat jump, even with a dip before the push (knees read from the picture)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, analyze_cmj
from tests.jump.physics import HIP_STAND, NOSE_ABOVE_HIP, Motion, cmj_motion, knees_from_the_side, landmarks

FPS = 60
HOLD_BELOW_M = 0.22  # the held squat: the hip this far below standing (knees at about 97 degrees)
DEPTH_M = 0.30  # the lowest point of the push (so a dip of 8 cm below the hold)


def _held_squat(t: np.ndarray) -> Motion:
    jump = cmj_motion(t, 0.5, depth=DEPTH_M)
    low = t < jump.truth.lowest_s
    hold = np.where(low, np.minimum(jump.hip, HIP_STAND - HOLD_BELOW_M), jump.hip)
    return dataclasses.replace(jump, hip=hold)


def _signals(motion: Motion, t: np.ndarray, *, knees: bool) -> JumpSignals:
    y = landmarks(t, motion, noise=0.0005, drop_every=0, seed=2)
    xs = knees_from_the_side(y)
    return JumpSignals.from_series(t * 1000, y, xs if knees else None, aspect=1.0 if knees else None)


def test_a_squat_jump_from_a_held_squat_with_a_dip_is_a_squat_jump_reporting_the_dip() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    motion = _held_squat(t)
    s = _signals(motion, t, knees=True)
    assert s.knee_angle_deg is not None and 90 < np.nanmedian(s.knee_angle_deg[: FPS // 2]) < 105
    result = analyze_cmj(s)
    assert result.jump_kind == "squat_jump"
    dip_bh = (DEPTH_M - HOLD_BELOW_M) / (HIP_STAND + NOSE_ABOVE_HIP)
    assert result.countermovement_depth_bh == pytest.approx(dip_bh, abs=0.01)
    # said as knee flexion (0 straight), the convention of the per-jump knee_flexion_* metrics
    held = [q for q in result.quality if q.startswith("squat jump from a held squat (knees flexed ")]
    assert len(held) == 1, result.quality
    flexed = float(held[0].split("knees flexed ")[1].split(" degrees")[0])
    assert flexed == pytest.approx(180 - np.nanmedian(s.knee_angle_deg[: FPS // 2]), abs=3)
    assert result.flight_time_s == pytest.approx(motion.truth.flight_s, abs=1.5 / FPS)


def test_the_same_hip_path_without_the_knees_is_a_counter_movement_jump_from_its_hold() -> None:
    """What decides is the bent knees of the hold: without x (no knee angle) the dip is a countermovement."""
    t = np.arange(0, 3.5, 1 / FPS)
    s = _signals(_held_squat(t), t, knees=False)
    assert s.knee_angle_deg is None
    assert analyze_cmj(s).jump_kind == "cmj"


def test_a_counter_movement_jump_from_standing_stays_one_with_the_knees_known() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    s = _signals(cmj_motion(t, 0.5, depth=DEPTH_M), t, knees=True)
    assert s.knee_angle_deg is not None and np.nanmedian(s.knee_angle_deg[: FPS // 2]) > 170
    result = analyze_cmj(s)
    assert result.jump_kind == "cmj"
    assert result.countermovement_depth_bh == pytest.approx(DEPTH_M / (HIP_STAND + NOSE_ABOVE_HIP), abs=0.01)


def _paused_at_the_bottom(t: np.ndarray, pause_s: float) -> Motion:
    """A CMJ from standing whose hip stops at the bottom of the countermovement for ``pause_s`` before the push
    (everything after the bottom ``pause_s`` later)."""
    jump = cmj_motion(t, 0.5, depth=DEPTH_M)
    bottom = jump.truth.lowest_s
    later = np.where(t < bottom, t, np.maximum(bottom, t - pause_s))
    moved = cmj_motion(later, 0.5, depth=DEPTH_M)
    return dataclasses.replace(moved, truth=dataclasses.replace(moved.truth, takeoff_s=moved.truth.takeoff_s + pause_s))


@pytest.mark.parametrize(("pause_s", "kind"), [(0.0, "cmj"), (0.1, "cmj"), (0.3, "squat_jump"), (0.8, "squat_jump")])
def test_a_pause_at_the_bottom_makes_a_squat_jump_without_the_knees(pause_s: float, kind: str) -> None:
    """Without the knees (no x), a countermovement whose hip stays within 2 cm of its bottom for 0.4 s or more
    before the push (``SQUAT_HOLD_S``) is a squat jump: the stretch of the countermovement is spent, the push
    concentric only; its depth is not reported as a countermovement's. This one's hip turns round within 2 cm
    of the bottom in 0.22 s, so a pause of 0.3 s holds it there for 0.52 s, one of 0.1 s for 0.32 s (a CMJ)."""
    t = np.arange(0, 4.0, 1 / FPS)
    result = analyze_cmj(_signals(_paused_at_the_bottom(t, pause_s), t, knees=False))
    assert result.jump_kind == kind
    assert result.flight_time_s == pytest.approx(0.5, abs=1.5 / FPS)
    if kind == "squat_jump":
        assert result.countermovement_depth_bh == 0.0
        assert any(q.startswith("squat jump: no countermovement") for q in result.quality), result.quality


def test_a_squat_jump_is_named_as_one_on_the_plot_and_the_overlay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the plot marked a squat jump's push start "countermovement start", and the overlay captioned the
    bottom of its squat "CMJ: countermovement": a squat jump has no countermovement (its JSON and HTML chart
    already named the event where the push starts)."""
    pytest.importorskip("matplotlib")
    from kinemotion.jump import JumpReport, analyze_cmj_set
    from kinemotion.jump import plot as plot_module
    from kinemotion.jump.overlay import caption_at
    from tests.jump.physics_backend import hand_made_tracking

    t = np.arange(0, 3.5, 1 / FPS)
    motion = _held_squat(t)
    s = _signals(motion, t, knees=True)
    jump_set = analyze_cmj_set(s)
    (jump,) = jump_set.jumps
    assert jump.jump_kind == "squat_jump"
    tracking = hand_made_tracking(t, landmarks(t, motion, noise=0.0005, drop_every=0, seed=2), fps=FPS)
    report = JumpReport("cmj", tracking, s, jump_set)

    drawn: list[str] = []
    real_save = plot_module._save

    def keep_names(fig: Any, path: str | Path, video: str | None = None) -> Path:
        drawn.extend(text.get_text().strip() for text in fig.axes[0].texts)
        drawn.append(fig.axes[0].get_title().split(" — ")[0])
        return real_save(fig, path, video)

    monkeypatch.setattr(plot_module, "_save", keep_names)
    plot_module.plot_report(report, tmp_path / "p.png")
    assert sorted(drawn) == ["SQUAT JUMP", "landing", "lowest point", "push starts", "takeoff"]

    phases = jump.phases_s
    bottom = (phases["lowest_point"] + phases["countermovement_start"]) / 2
    push = (phases["countermovement_start"] + phases["takeoff"]) / 2
    assert caption_at(report, bottom) == f"SQUAT JUMP: bottom of the squat  t={bottom:.3f} s"
    assert caption_at(report, push) == f"SQUAT JUMP: propulsion  t={push:.3f} s"
    assert not any("countermovement" in caption_at(report, float(ti)) for ti in t)
