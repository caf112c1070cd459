"""``kinemotion cmj`` and ``kinemotion dropjump``: jump metrics from video.

Exit codes: 0 every video analysed; 1 an error (message on stderr, no output
for that video); 3 with several videos, some failed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kinemotion.cli._paths import output_path
from kinemotion.errors import KinemotionError
from kinemotion.jump.report import JumpKind

if TYPE_CHECKING:
    from kinemotion.tracking import TrackingResult

__all__ = ["cmj", "dropjump"]


def _run(
    kind: JumpKind,
    videos: tuple[Path, ...],
    backend: str | None,
    mode: str,
    output: Path | None,
    plot: Path | None,
    overlay: Path | None,
    height: float | None,
    quiet: bool,
) -> None:
    from kinemotion.atomic import atomic_path
    from kinemotion.errors import AnalysisError
    from kinemotion.jump.report import analyze_tracking
    from kinemotion.tracking import track_video

    many = len(videos) > 1
    failed = 0
    for video in videos:
        plot_path = output_path(plot, video, f"{kind}.png", many)
        try:
            tracking = track_video(video, backend, mode, progress=None if not quiet else False)
            try:
                report = analyze_tracking(tracking, kind, height)
            except AnalysisError as exc:
                if plot_path is not None:  # show what was found: often explains the failure
                    _plot_failure(kind, tracking, exc, plot_path)
                    exc.args = (f"{exc} (plot of the signals: {plot_path})",)
                raise
            data = report.to_json_dict()
            json_path = output_path(output, video, f"{kind}.json", many) or video.with_name(f"{video.stem}.{kind}.json")
            with atomic_path(json_path) as partial:
                partial.write_text(json.dumps(data, indent=2), encoding="utf-8")
            written = [str(json_path)]
            if plot_path is not None:
                from kinemotion.jump.plot import plot_report

                written.append(str(plot_report(report, plot_path)))
            overlay_path = output_path(overlay, video, f"{kind}.mp4", many)
            if overlay_path is not None:
                from kinemotion.jump.overlay import write_overlay

                written.append(str(write_overlay(report, video, overlay_path)))
        except KinemotionError as exc:
            failed += 1
            click.echo(f"Error: {video}: {exc}", err=True)
            continue
        metrics = ", ".join(f"{k}={v:.3f}" for k, v in data["metrics"].items() if v is not None)
        click.echo(f"{video} [{data['backend']['name']}]: {metrics}")
        for flag in data["quality"]:
            click.echo(f"  note: {flag}")
        click.echo(f"  wrote {', '.join(written)}")
    if failed:
        raise SystemExit(3 if many and failed < len(videos) else 1)


def _plot_failure(kind: str, tracking: TrackingResult, exc: Exception, plot_path: Path) -> None:
    from kinemotion.errors import AnalysisError
    from kinemotion.jump.plot import plot_signals
    from kinemotion.jump.signals import JumpSignals

    phases = exc.phases_s if isinstance(exc, AnalysisError) else {}
    signals = JumpSignals.from_tracking(tracking)
    plot_signals(
        signals,
        phases,
        plot_path,
        kind,
        f"{Path(tracking.video.path).name} — {tracking.backend.name} — no result: {str(exc).split(':')[0]}",
    )


def _command(kind: JumpKind, help_text: str) -> click.Command:
    @click.command(name=kind, help=help_text)
    @click.argument("videos", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option(
        "--backend", "-b", default=None, help="Backend name or 'auto' (default: $POSE_TRACKER_BACKEND, auto)."
    )
    @click.option("--mode", "-m", default="lightweight", show_default=True)
    @click.option(
        "--output",
        "-o",
        type=click.Path(path_type=Path),
        default=None,
        help=f"JSON report (a folder for several videos). Default: VIDEO.{kind}.json.",
    )
    @click.option(
        "--plot",
        type=click.Path(path_type=Path),
        default=None,
        help='Plot of foot and hip height with the phases (PNG; needs "kinemotion[plot]").',
    )
    @click.option(
        "--overlay",
        type=click.Path(path_type=Path),
        default=None,
        help="Annotated video with the phase name on each frame (mp4).",
    )
    @click.option(
        "--height", type=float, default=None, help="Athlete's height in metres: metres as well as body heights."
    )
    @click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
    def command(
        videos: tuple[Path, ...],
        backend: str | None,
        mode: str,
        output: Path | None,
        plot: Path | None,
        overlay: Path | None,
        height: float | None,
        quiet: bool,
    ) -> None:
        _run(kind, videos, backend, mode, output, plot, overlay, height, quiet)

    return command


cmj = _command("cmj", "Counter-movement jump metrics from each VIDEO (flight time, height, depth, velocity).")
dropjump = _command("dropjump", "Drop jump metrics from each VIDEO (contact time, flight time, height, RSI).")
