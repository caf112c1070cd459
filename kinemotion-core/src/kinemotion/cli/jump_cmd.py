"""``kinemotion cmj`` and ``kinemotion dropjump``: metrics of every jump in each video.

With ``-o FOLDER`` (or several videos) a CSV with one row per jump of every
video is written beside the JSON reports: ``FOLDER/<kind>-jumps.csv``.
Videos are tracked by the chosen executor (:mod:`kinemotion.batch`); this
process analyses them and writes every file. A video whose report (and
plot and overlay, when asked for) exists from the same request (backend,
mode, person, and for a CMJ the athlete's height) is skipped and its jumps
still go into the CSV (``--force`` redoes it).

Exit codes: 0 every video analysed; 1 an error (message on stderr, no output
for that video); 3 with several videos, some failed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kinemotion.cli._batch import BatchSettings, batch_options
from kinemotion.cli._paths import check_outputs, output_path
from kinemotion.cli._person import person_option
from kinemotion.errors import KinemotionError
from kinemotion.jump.report import JumpKind

if TYPE_CHECKING:
    from kinemotion.tracking import TrackingResult

__all__ = ["cmj", "dropjump"]


def _analyse_and_write(
    kind: JumpKind,
    tracking: TrackingResult,
    video: Path,
    targets: tuple[Path, Path | None, Path | None],
    height: float | None,
) -> tuple[dict[str, Any], list[str]]:
    """Analyse one tracked video and write its report, plot and overlay; the JSON and the files written."""
    from kinemotion.atomic import atomic_path
    from kinemotion.errors import AnalysisError
    from kinemotion.jump.report import analyze_tracking

    json_path, plot_path, overlay_path = targets
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
    return data, written


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
    person: str | None,
    batch: BatchSettings,
) -> None:
    from kinemotion.atomic import atomic_path
    from kinemotion.batch import VideoTask, execute
    from kinemotion.batch.resume import existing_report
    from kinemotion.jump.report import SCHEMA, jumps_csv

    many = len(videos) > 1

    def json_for(video: Path) -> Path:
        return output_path(output, video, f"{kind}.json", many) or video.with_name(f"{video.stem}.{kind}.json")

    planned = [
        (json_for(v), output_path(plot, v, f"{kind}.png", many), output_path(overlay, v, f"{kind}.mp4", many))
        for v in videos
    ]
    check_outputs(videos, planned)  # before any work: no clash, no input overwritten, all writable
    options = (("person", person),) if person else ()
    reports: dict[int, dict[str, Any]] = {}
    todo: list[int] = []
    for i, (video, targets) in enumerate(zip(videos, planned, strict=True)):
        done = None if batch.force else existing_report(targets, SCHEMA, backend, mode, dict(options))
        if (
            done is not None
            and done.get("kind") == kind
            and (kind != "cmj" or done.get("athlete_height_m") == height)  # drop jumps do not use the height
        ):
            click.echo(f"{video}: skipped, its report exists ({targets[0]}); --force analyses it again")
            reports[i] = done
            continue
        todo.append(i)
    results = execute(
        [VideoTask(str(videos[i]), backend, mode, options) for i in todo],
        executor=batch.executor,
        jobs=batch.jobs,
        gpus_per_task=batch.gpus_per_task,
        progress=False if quiet else None,
    )
    failed = 0
    for index, result in results:
        i = todo[index]
        video = videos[i]
        try:
            if result.tracking is None:
                raise KinemotionError(result.error or "unknown failure")
            data, written = _analyse_and_write(kind, result.tracking, video, planned[i], height)
        except KinemotionError as exc:
            failed += 1
            message = str(exc) if str(exc).startswith(str(video)) else f"{video}: {exc}"
            click.echo(f"Error: {message}", err=True)
            continue
        reports[i] = data
        _echo_report(video, data)
        click.echo(f"  wrote {', '.join(written)}")
    if output is not None and (many or output.is_dir() or output.suffix == "") and reports:
        table = output / f"{kind}-jumps.csv"
        with atomic_path(table) as partial:
            partial.write_text(jumps_csv(reports[i] for i in sorted(reports)), encoding="utf-8")
        jumps = sum(len(r["jumps"]) for r in reports.values())
        click.echo(f"wrote {table} (one row per jump, {jumps} jumps)")
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
    @batch_options
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
        batch: BatchSettings,
        quiet: bool,
    ) -> None:
        _run(kind, videos, backend, mode, output, plot, overlay, height, quiet, person, batch)

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
