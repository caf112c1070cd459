"""``kinemotion track``: landmarks of each video to JSON/CSV, and an optional overlay video.

Before any video is tracked, the outputs are checked: none may be an input,
two videos may not write the same file, and every folder must be writable.
A video's JSON and CSV are committed together (both or neither).

Exit codes: 0 all videos tracked completely; 1 an error (nothing written for
that video); 3 some video was only partly decoded (outputs written, marked
``"complete": false``) or, with several videos, some failed; 130 interrupted.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import click

from kinemotion.cli._paths import check_outputs, output_path
from kinemotion.cli._person import person_option
from kinemotion.errors import KinemotionError

__all__ = ["EXIT_PARTIAL", "track"]

EXIT_PARTIAL = 3


def _targets(video: Path, output: Path | None, overlay: Path | None, many: bool) -> tuple[Path, Path, Path | None]:
    """JSON, CSV and overlay paths for one video (JSON beside the video by default)."""
    json_path = output_path(output, video, "landmarks.json", many) or video.with_name(f"{video.stem}.landmarks.json")
    return json_path, json_path.with_suffix(".csv"), output_path(overlay, video, "overlay.mp4", many)


@dataclass(frozen=True)
class Job:
    """One video to track and where its outputs go."""

    video: str
    json_path: str
    csv_path: str
    overlay: str | None
    backend: str | None
    mode: str
    progress: bool | None
    options: tuple[tuple[str, str], ...] = ()
    """Backend options (such as the person to follow), passed on to the backend."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one video: ``written`` is False when nothing was written for it."""

    job: Job
    written: bool
    complete: bool
    error: str | None


def _track_one(job: Job) -> Outcome:
    """Track one video and write its JSON and CSV together (all or none)."""
    from kinemotion.atomic import atomic_paths
    from kinemotion.outputs import write_csv, write_json
    from kinemotion.tracking import track_video

    try:
        result = track_video(
            job.video, job.backend, job.mode, overlay=job.overlay, progress=job.progress, **dict(job.options)
        )
        with atomic_paths([job.json_path, job.csv_path]) as (json_tmp, csv_tmp):
            write_json(result, json_tmp)
            write_csv(result, csv_tmp)
    except KinemotionError as exc:
        return Outcome(job, written=False, complete=False, error=str(exc))
    return Outcome(job, written=True, complete=result.complete, error=result.error)


def _run_parallel(jobs: list[Job], workers: int) -> list[Outcome]:
    """Track in worker processes; Ctrl-C cancels what has not started and stops the workers."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    try:
        outcomes = list(pool.map(_track_one, jobs))
    except KeyboardInterrupt:
        workers_running = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers_running:  # stop the videos in progress too: their outputs are never committed
            process.terminate()
        raise
    pool.shutdown()
    return outcomes


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
@click.option("--jobs", "-j", default=1, show_default=True, help="Videos tracked in parallel (processes).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def track(
    videos: tuple[Path, ...],
    backend: str | None,
    mode: str,
    output: Path | None,
    overlay: Path | None,
    person: str | None,
    jobs: int,
    quiet: bool,
) -> None:
    """Track the athlete in each VIDEO and write landmarks as JSON and CSV."""
    many = len(videos) > 1
    planned = [_targets(video, output, overlay, many) for video in videos]
    check_outputs(videos, planned)  # before any work: no clash, no input overwritten, all writable
    progress = None if not quiet and jobs == 1 else False  # None: a bar only on a terminal
    options = (("person", person),) if person else ()
    work = [
        Job(str(v), str(j), str(c), str(o) if o else None, backend, mode, progress, options)
        for v, (j, c, o) in zip(videos, planned, strict=True)
    ]
    outcomes = _run_parallel(work, jobs) if jobs > 1 and many else [_track_one(job) for job in work]
    failed = partial = 0
    for outcome in outcomes:
        job = outcome.job
        if not outcome.written:
            failed += 1
            click.echo(f"Error: {outcome.error}", err=True)
        elif outcome.complete:
            click.echo(
                f"{job.video}: wrote {job.json_path} and {job.csv_path}"
                + (f" and {job.overlay}" if job.overlay else "")
            )
        else:
            partial += 1
            click.echo(
                f"Warning: {job.video}: {outcome.error} Outputs written, marked incomplete: {job.json_path}", err=True
            )
    if failed and not many:
        raise SystemExit(1)
    if failed or partial:
        raise SystemExit(EXIT_PARTIAL)
