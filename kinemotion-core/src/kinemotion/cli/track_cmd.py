"""``kinemotion track``: landmarks of each video to JSON/CSV, and an optional overlay video.

Before any video is tracked, the outputs are checked: none may be an input,
two videos may not write the same file, and every folder must be writable.
A video whose outputs already exist from the same request is skipped
(``--force`` redoes it), so a crashed batch continues where it stopped.
Videos are tracked by the chosen executor (:mod:`kinemotion.batch`); this
process writes each video's JSON and CSV together (both or neither); the
overlay is written atomically by whoever tracks the video.

Exit codes: 0 all videos tracked completely; 1 an error (nothing written for
that video); 3 some video was only partly decoded (outputs written, marked
``"complete": false``) or, with several videos, some failed; 130 interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kinemotion.batch import TaskResult, VideoTask, execute
from kinemotion.batch.resume import existing_report
from kinemotion.cli._batch import BatchSettings, batch_options
from kinemotion.cli._paths import check_outputs, output_path
from kinemotion.cli._person import person_option
from kinemotion.errors import KinemotionError

__all__ = ["EXIT_PARTIAL", "track"]

EXIT_PARTIAL = 3


@dataclass(frozen=True)
class Targets:
    """Where one video's outputs go."""

    json: Path
    csv: Path
    overlay: Path | None

    @classmethod
    def plan(cls, video: Path, output: Path | None, overlay: Path | None, many: bool) -> Targets:
        """JSON, CSV and overlay paths for ``video`` (JSON beside the video by default)."""
        json_path = output_path(output, video, "landmarks.json", many) or video.with_name(
            f"{video.stem}.landmarks.json"
        )
        return cls(json_path, json_path.with_suffix(".csv"), output_path(overlay, video, "overlay.mp4", many))

    @property
    def files(self) -> tuple[Path, Path, Path | None]:
        """Every planned file, the JSON first."""
        return (self.json, self.csv, self.overlay)


def _write(result: TaskResult, targets: Targets) -> str | None:
    """Write a tracked video's outputs together; the reason when that fails."""
    from kinemotion.atomic import atomic_paths
    from kinemotion.outputs import write_csv, write_json

    assert result.tracking is not None
    files = [targets.json, targets.csv]
    overlay = None
    if targets.overlay is not None and result.overlay is not None:  # bytes from a remote worker
        files.append(targets.overlay)
        overlay = result.overlay
    try:
        with atomic_paths(files) as partials:
            write_json(result.tracking, partials[0])
            write_csv(result.tracking, partials[1])
            if overlay is not None:
                partials[2].write_bytes(overlay)
    except KinemotionError as exc:
        return str(exc)
    return None


@click.command()
@click.argument("videos", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--backend", "-b", default=None, help="Backend name or 'auto' (default: $POSE_TRACKER_BACKEND, else auto)."
)
@click.option("--mode", "-m", default="lightweight", show_default=True, help="lightweight, balanced or performance.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="JSON file (CSV written beside it), or a folder for several videos. "
    "Default: VIDEO.landmarks.json beside the video.",
)
@click.option(
    "--overlay",
    type=click.Path(path_type=Path),
    default=None,
    help="Write an annotated video (mp4); a folder for several videos.",
)
@person_option
@batch_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def track(
    videos: tuple[Path, ...],
    backend: str | None,
    mode: str,
    output: Path | None,
    overlay: Path | None,
    person: str | None,
    batch: BatchSettings,
    quiet: bool,
) -> None:
    """Track the athlete in each VIDEO and write landmarks as JSON and CSV."""
    from kinemotion.outputs import SCHEMA_ID

    many = len(videos) > 1
    planned = [Targets.plan(video, output, overlay, many) for video in videos]
    check_outputs(videos, [t.files for t in planned])  # before any work: no clash, no input overwritten, writable
    options = (("person", person),) if person else ()
    todo: list[tuple[VideoTask, Targets]] = []
    for video, targets in zip(videos, planned, strict=True):
        if not batch.force and existing_report(targets.files, SCHEMA_ID, backend, mode, dict(options)) is not None:
            click.echo(f"{video}: skipped, its outputs exist ({targets.json}); --force tracks it again")
            continue
        overlay_path = None if targets.overlay is None else str(targets.overlay)
        todo.append((VideoTask(str(video), backend, mode, options, overlay=overlay_path), targets))
    results = execute(
        [task for task, _ in todo],
        executor=batch.executor,
        jobs=batch.jobs,
        gpus_per_task=batch.gpus_per_task,
        progress=False if quiet else None,
    )
    failed = partial = 0
    for index, result in results:
        task, targets = todo[index]
        error = result.error if result.tracking is None else _write(result, targets)
        if result.tracking is None or error is not None:
            failed += 1
            message = error or "unknown failure"
            click.echo(f"Error: {message if message.startswith(task.video) else f'{task.video}: {message}'}", err=True)
        elif result.tracking.complete:
            wrote = f"{targets.json} and {targets.csv}" + (f" and {targets.overlay}" if targets.overlay else "")
            click.echo(f"{task.video}: wrote {wrote}")
        else:
            partial += 1
            click.echo(
                f"Warning: {task.video}: {result.error} Outputs written, marked incomplete: {targets.json}", err=True
            )
    if failed and not many:
        raise SystemExit(1)
    if failed or partial:
        raise SystemExit(EXIT_PARTIAL)
