"""Plot of foot and hip height over time with the phases marked (needs matplotlib)."""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from kinemotion.errors import KinemotionError, OutputError
from kinemotion.extras import pip_install
from kinemotion.jump.report import JumpReport
from kinemotion.jump.signals import FOOT_POINTS, HIP_POINTS, JumpSignals
from kinemotion.tracking.atomic import atomic_path
from kinemotion.tracking.result import TrackingResult

__all__ = ["check_plot_path", "plot_report", "plot_signals", "plot_tracking"]


def check_plot_path(path: str | Path) -> None:
    """Refuse a plot path of a kind matplotlib cannot write (``out.txt``), before any work.

    Raises:
        KinemotionError: matplotlib is not installed (with the pip command).
        OutputError: the suffix is not a format matplotlib writes (naming those it does).
    """
    try:
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError as exc:
        raise KinemotionError(f"Plots need matplotlib: {pip_install('plot')}") from exc
    formats = FigureCanvasBase.get_supported_filetypes()
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in formats:
        raise OutputError(
            f"cannot write the plot {path}: {f'.{suffix}' if suffix else 'a name without a suffix'} is not an "
            f"image format matplotlib writes; name it with one of {', '.join(f'.{f}' for f in sorted(formats))} "
            "(e.g. plot.png)"
        )


def plot_report(report: JumpReport, path: str | Path) -> Path:
    """Save the plot (PNG, SVG or PDF by suffix); the file appears only when complete.

    Raises:
        KinemotionError: matplotlib is not installed.
        TypeError: ``report`` is not a :class:`~kinemotion.jump.report.JumpReport` (the tracking it was made
            from, a report read back from its JSON: analyse it with ``analyze_tracking`` first).
    """
    if not isinstance(report, JumpReport):
        first = "; analyse it first: plot_report(analyze_tracking(tracking, 'cmj'), path)"
        raise TypeError(
            "expected a kinemotion.jump.JumpReport (from analyze_video or analyze_tracking), got "
            f"{type(report).__name__}: {report!r:.80}" + (first if isinstance(report, TrackingResult) else "")
        )
    metrics = report.result.metrics()
    headline = ", ".join(f"{k} {v:.3f}" for k, v in metrics.items() if v is not None and k.endswith(("_s", "_m")))
    count = len(report.jumps)
    best = f"best of {count} jumps (jump {report.result.number}): " if count > 1 else ""
    name = report.analysis.event_name  # a squat jump's push start is no countermovement's
    phases = {
        f"{j.number}: {name(j, k)}" if count > 1 else name(j, k): v
        for j in report.jumps
        for k, v in j.phases_s.items()
        if k not in j.unknown_events  # a time not known is not marked
    }
    own = [report.analysis.kind_names(j) for j in report.jumps]
    kind = own[0].caption if own[0] is not None and all(o is own[0] for o in own) else report.kind  # squat jumps
    return plot_signals(
        report.signals,
        phases,
        path,
        kind,
        f"{Path(report.tracking.video.path).name} — {report.tracking.backend.name}\n{best}{headline}",
        video=report.tracking.video.path,
    )


def _pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend (files only).

    Raises:
        KinemotionError: matplotlib is not installed (with the pip command).
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise KinemotionError(f"Plots need matplotlib: {pip_install('plot')}") from exc
    return plt


def _save(fig: Any, path: str | Path, video: str | None = None) -> Path:
    with atomic_path(path, keep=[video]) as partial:
        fig.savefig(partial, format=Path(path).suffix.lstrip(".").lower() or "png")
    return Path(path)


def plot_tracking(tracking: TrackingResult, path: str | Path, kind: str, subtitle: str) -> Path:
    """Plot the raw feet and hip heights of a tracking (frame heights from the bottom of the picture).

    For an analysis that stopped before its signals existed (too short, frame
    rate too low, nobody found): the plot shows what the backend saw, or says
    that nobody was found.
    """
    plt = _pyplot()
    t = np.asarray(tracking.timestamps_ms, dtype=np.float64) / 1000.0
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=120)
    drawn = False
    for label, names, colour in (
        ("feet (the lowest point)", FOOT_POINTS, "tab:blue"),
        ("hip", HIP_POINTS, "tab:orange"),
    ):
        present = [n for n in names if n in tracking.landmark_names]
        if not present or not len(t):
            continue
        y = np.stack([tracking.series(n)[:, 1].astype(np.float64) for n in present])
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # numpy's "All-NaN slice": a frame without a pose
            lowest = np.nanmax(y, axis=0) if label.startswith("feet") else np.nanmean(y, axis=0)
        if np.isfinite(lowest).any():
            ax.plot(t, 1.0 - lowest, label=label, color=colour)
            drawn = True
    if drawn:
        ax.legend(loc="upper left")
    else:
        ax.text(0.5, 0.5, "nobody found in any frame", ha="center", va="center", transform=ax.transAxes)
    ax.set_title(textwrap.fill(f"{kind.upper()} — {subtitle}", 120), fontsize=9)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("height above the bottom of the picture (frame heights)")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    try:
        return _save(fig, path, tracking.video.path)
    finally:
        plt.close(fig)


def plot_signals(
    s: JumpSignals, phases_s: dict[str, float], path: str | Path, kind: str, subtitle: str, video: str | None = None
) -> Path:
    """Plot foot and hip height with ``phases_s`` marked (also for an analysis that stopped early); ``path`` is
    never ``video``, the recording analysed.

    Phase names are written as given, ``_`` as spaces; they may carry the jump number (``"2: takeoff"``) when a
    video has several jumps.
    """
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=120)
    floor = float(np.nanmin(s.foot))
    ax.plot(s.t, s.foot - floor, label="feet (the lower sole: heel or toe)", color="tab:blue")
    ax.plot(s.t, s.hip_smooth - floor, label="hip (smoothed)", color="tab:orange")
    for time_s in phases_s.values():
        ax.axvline(time_s, color="0.4", linestyle="--", linewidth=1)
    ax.set_title(textwrap.fill(f"{kind.upper()} — {subtitle}", 120), fontsize=9)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("height above lowest foot position (body heights)")
    # below the plot: inside, it hid the first events' names (they hang from the top, where the hip is)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.12), ncol=2, frameon=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    _name_phases(fig, ax, phases_s)  # after the layout: placed where they will be drawn
    try:
        return _save(fig, path, video)
    finally:
        plt.close(fig)


def _name_phases(fig: Any, ax: Any, phases_s: dict[str, float]) -> None:
    """Each phase's name hanging from the top of its line; a name that would print over an earlier one (two
    events a few pixels apart on a long clip: a squat jump's lowest point and push start) hangs below it."""
    renderer = fig.canvas.get_renderer()
    top = ax.get_ylim()[1]
    placed: list[Any] = []  # the extents (pixels) of the names already placed
    for name, time_s in sorted(phases_s.items(), key=lambda item: item[1]):
        text = ax.text(time_s, top, f" {name.replace('_', ' ')}", rotation=90, va="top", fontsize=7)
        box = text.get_window_extent(renderer)
        while (under := [b for b in placed if b.overlaps(box)]) and box.y0 > ax.get_window_extent(renderer).y0:
            below = min(b.y0 for b in under) - 2  # its top just under the lowest name it would print over
            y = ax.transData.inverted().transform((0.0, below))[1]
            text.set_y(y)
            box = text.get_window_extent(renderer)
        placed.append(box)
