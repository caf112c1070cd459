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
