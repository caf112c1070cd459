"""The ``--plot`` figure: every event's name readable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kinemotion.jump import JumpSignals
from kinemotion.jump import plot as plot_module
from tests.jump.physics import cmj_set_motion, landmarks

pytest.importorskip("matplotlib")


def test_the_legend_hides_no_events_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: the legend sat in the plot's top left corner, over the first jump's event names (they hang
    from the top of the plot): "1: countermovement start" and "1: lowest point" could not be read."""
    t = np.arange(0, 5.0, 1 / 30)
    motion, truths = cmj_set_motion(t, [0.45, 0.5], [0.3, 2.5])
    signals = JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=0.001, drop_every=0, seed=3))
    phases = {}
    for number, truth in enumerate(truths, 1):
        phases |= {f"{number}: takeoff": truth.takeoff_s, f"{number}: landing": truth.landing_s}
    phases |= {"1: countermovement start": 0.05, "1: lowest point": 0.2}  # the clip's first instants

    seen: dict[str, Any] = {}
    real_save = plot_module._save

    def measure_then_save(fig: Any, path: str | Path, video: str | None = None) -> Path:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        (ax,) = fig.axes
        seen["legend"] = ax.get_legend().get_window_extent(renderer)
        seen["names"] = {text.get_text().strip(): text.get_window_extent(renderer) for text in ax.texts}
        seen["figure"] = fig.bbox
        return real_save(fig, path, video)

    monkeypatch.setattr(plot_module, "_save", measure_then_save)
    out = plot_module.plot_signals(signals, phases, tmp_path / "p.png", "cmj", "a set of two")
    assert out.is_file()
    assert set(seen["names"]) == set(phases)
    hidden = [name for name, box in seen["names"].items() if box.overlaps(seen["legend"])]
    assert hidden == [], f"the legend covers {hidden}"
    legend, figure = seen["legend"], seen["figure"]
    assert figure.x0 <= legend.x0 and legend.x1 <= figure.x1 and figure.y0 <= legend.y0  # and is in the picture


def test_names_of_events_close_in_time_do_not_print_over_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: on a 14 s clip whose squat jump's lowest point and push start are 0.07 s apart (the side-on
    squat jump of the shared clips, as measured), the two names hung from the top of the plot on lines 7 px
    apart and were printed over each other: neither could be read. A set in a row (rope skipping) did the same
    with each jump's countermovement start and lowest point."""
    t = np.arange(0, 14.5, 1 / 30)
    motion, truths = cmj_set_motion(t, [0.45], [10.5])
    signals = JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=0.001, drop_every=0, seed=3))
    truth = truths[0]
    phases = {
        "lowest point": truth.takeoff_s - 0.33,
        "push starts": truth.takeoff_s - 0.26,
        "takeoff": truth.takeoff_s,
        "landing": truth.landing_s,
    }
    seen: dict[str, Any] = {}
    real_save = plot_module._save

    def measure_then_save(fig: Any, path: str | Path, video: str | None = None) -> Path:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        (ax,) = fig.axes
        seen["names"] = {text.get_text().strip(): text.get_window_extent(renderer) for text in ax.texts}
        seen["axes"] = ax.get_window_extent(renderer)
        seen["lines"] = {name: ax.transData.transform((time_s, 0.0))[0] for name, time_s in phases.items()}
        return real_save(fig, path, video)

    monkeypatch.setattr(plot_module, "_save", measure_then_save)
    plot_module.plot_signals(signals, phases, tmp_path / "p.png", "squat jump", "one jump late in a long clip")
    names = seen["names"]
    assert set(names) == set(phases)
    over = [(a, b) for i, a in enumerate(names) for b in list(names)[i + 1 :] if names[a].overlaps(names[b])]
    assert over == [], f"printed over each other: {over}"
    axes = seen["axes"]
    for name, box in names.items():  # each still inside the plot, beside its own line
        assert axes.y0 <= box.y0 and box.y1 <= axes.y1 + 1, name
        assert abs((box.x0 + box.x1) / 2 - seen["lines"][name]) < 20, (name, box, seen["lines"][name])


def _title_of(report: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    seen: list[str] = []
    real_save = plot_module._save

    def keep_title(fig: Any, path: str | Path, video: str | None = None) -> Path:
        seen.append(fig.axes[0].get_title())
        return real_save(fig, path, video)

    monkeypatch.setattr(plot_module, "_save", keep_title)
    plot_module.plot_report(report, tmp_path / "p.png")
    (title,) = seen
    return title.replace("\n", " ")


def test_the_title_shows_a_cmjs_headline_metrics_with_their_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the title picked metrics whose names end in ``_s`` or ``_m`` and printed the bare names and
    numbers: ``peak_concentric_velocity_bh_s 2.914`` (body heights per second) read as a time, and no value had
    a unit."""
    from kinemotion.jump import JumpReport, analyze_cmj_set
    from tests.jump.physics_backend import hand_made_tracking

    t = np.arange(0, 3.0, 1 / 30)
    motion, _ = cmj_set_motion(t, [0.5], [0.8])
    ys = landmarks(t, motion, noise=0.001, drop_every=0, seed=3)
    s = JumpSignals.from_series(t * 1000, ys)
    jump_set = analyze_cmj_set(s)
    (jump,) = jump_set.jumps
    metrics = jump.metrics()
    title = _title_of(JumpReport("cmj", hand_made_tracking(t, ys), s, jump_set), tmp_path, monkeypatch)

    assert f"flight time {metrics['flight_time_s']:.3f} s" in title
    assert f"jump height {metrics['jump_height_flight_m']:.3f} m" in title
    assert "_bh" not in title and "_s " not in title and "peak_concentric" not in title


def test_the_title_shows_a_drop_jumps_contact_time_and_rsi_with_their_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A drop jump's title leads with what a coach reads first: contact time, flight time, height and RSI."""
    from kinemotion.jump import JumpReport
    from kinemotion.jump.dropjump import analyze_dropjump_set
    from tests.jump.physics import dropjump_motion
    from tests.jump.physics_backend import hand_made_tracking

    t = np.arange(0, 4.0, 1 / 60)
    ys = landmarks(t, dropjump_motion(t, 0.4, 0.25, 0.5), noise=0.0005, drop_every=0, seed=5)
    s = JumpSignals.from_series(t * 1000, ys)
    jump_set = analyze_dropjump_set(s)
    (jump,) = jump_set.jumps
    metrics = jump.metrics()
    title = _title_of(JumpReport("dropjump", hand_made_tracking(t, ys, fps=60), s, jump_set), tmp_path, monkeypatch)

    assert f"contact time {metrics['ground_contact_time_s']:.3f} s" in title
    assert f"flight time {metrics['flight_time_s']:.3f} s" in title
    assert f"jump height {metrics['jump_height_m']:.3f} m" in title
    assert f"RSI {metrics['reactive_strength_index']:.2f} m/s" in title
    assert "landing_foot_lag" not in title and "drop_height" not in title
