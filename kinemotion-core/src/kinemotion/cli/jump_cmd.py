"""``kinemotion cmj`` and ``kinemotion dropjump``: metrics of every jump in each video.

With ``-o FOLDER`` (or several videos) a CSV with one row per jump of every
video is written beside the JSON reports: ``FOLDER/<kind>-jumps.csv``.

Exit codes: 0 every video analysed; 1 an error (message on stderr, no output
for that video); 3 with several videos, some failed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kinemotion.cli._paths import check_outputs, output_path
from kinemotion.cli._person import person_option
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
    person: str | None = None,
) -> None:
    from kinemotion.atomic import atomic_path
    from kinemotion.errors import AnalysisError
    from kinemotion.jump.report import JumpReport, analyze_tracking, jumps_csv
    from kinemotion.tracking import track_video

    many = len(videos) > 1

    def json_for(video: Path) -> Path:
        return output_path(output, video, f"{kind}.json", many) or video.with_name(f"{video.stem}.{kind}.json")

    planned = [
        (json_for(v), output_path(plot, v, f"{kind}.png", many), output_path(overlay, v, f"{kind}.mp4", many))
        for v in videos
    ]
    check_outputs(videos, planned)  # before any work: no clash, no input overwritten, all writable
    failed = 0
    reports: list[JumpReport] = []
    for video, (json_path, plot_path, overlay_path) in zip(videos, planned, strict=True):
        try:
            options = {"person": person} if person else {}
            tracking = track_video(video, backend, mode, progress=None if not quiet else False, **options)
            try:
                report = analyze_tracking(tracking, kind, height)
            except AnalysisError as exc:
                if plot_path is not None:  # show what was found: often explains the failure
                    _plot_failure(kind, tracking, exc, plot_path)
                    exc.args = (f"{exc} (plot of the signals: {plot_path})",)
                raise
            data = report.to_json_dict()
            with atomic_path(json_path) as partial:
                partial.write_text(json.dumps(data, indent=2), encoding="utf-8")
            written = [str(json_path)]
            if plot_path is not None:
                from kinemotion.jump.plot import plot_report

                written.append(str(plot_report(report, plot_path)))
            if overlay_path is not None:
                from kinemotion.jump.overlay import write_overlay

                written.append(str(write_overlay(report, video, overlay_path)))
        except KinemotionError as exc:
            failed += 1
            message = str(exc) if str(exc).startswith(str(video)) else f"{video}: {exc}"
            click.echo(f"Error: {message}", err=True)
            continue
        reports.append(report)
        _echo_report(video, data)
        click.echo(f"  wrote {', '.join(written)}")
    if output is not None and (many or output.is_dir() or output.suffix == "") and reports:
        table = output / f"{kind}-jumps.csv"
        with atomic_path(table) as partial:
            partial.write_text(jumps_csv(reports), encoding="utf-8")
        click.echo(f"wrote {table} (one row per jump, {sum(len(r.jumps) for r in reports)} jumps)")
    if failed:
        raise SystemExit(3 if many and failed < len(videos) else 1)


def _fmt(metrics: dict[str, float | None]) -> str:
    return ", ".join(f"{k}={v:.3f}" for k, v in metrics.items() if v is not None)


def _echo_report(video: Path, data: dict[str, Any]) -> None:
    """One line per jump, then the set's summary when there are several, then the flags."""
    jumps = data["jumps"]
    name = data["backend"]["name"]
    if len(jumps) == 1:
        click.echo(f"{video} [{name}]: {_fmt(jumps[0]['metrics'])}")
    else:
        click.echo(f"{video} [{name}]: {len(jumps)} jumps (best: jump {data['best_jump']})")
        for jump in jumps:
            click.echo(f"  jump {jump['number']}: {_fmt(jump['metrics'])}")
        for metric, stats in data["summary"].items():
            if stats["count"] > 1:
                click.echo(
                    f"  {metric}: mean {stats['mean']:.3f}, SD {stats['sd']:.3f}, CV {stats['cv_percent']:.1f} %, "
                    f"best {stats['best']:.3f}"
                )
    for flag in data["quality"]:
        click.echo(f"  note: {flag}")
    for jump in jumps:
        for flag in jump["quality"]:
            click.echo(f"  note (jump {jump['number']}): {flag}")
    for note in data["notes"]:
        click.echo(f"  note: {note}")


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
        help=f"JSON report (a folder for several videos, with a CSV of every jump). Default: VIDEO.{kind}.json.",
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
    @person_option
    @click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
    def command(
        videos: tuple[Path, ...],
        backend: str | None,
        mode: str,
        output: Path | None,
        plot: Path | None,
        overlay: Path | None,
        height: float | None,
        person: str | None,
        quiet: bool,
    ) -> None:
        _run(kind, videos, backend, mode, output, plot, overlay, height, quiet, person)

    return command


cmj = _command(
    "cmj",
    "Counter-movement jump metrics of every jump in each VIDEO (flight time, height, depth, velocity), "
    "with the set's mean, SD, CV and best.",
)
dropjump = _command(
    "dropjump",
    "Drop jump metrics of every drop jump in each VIDEO (contact time, flight time, height, RSI), "
    "with the set's mean, SD, CV and best.",
)
