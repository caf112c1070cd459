"""``kinemotion track``: landmarks of each video to JSON/CSV, and an optional overlay video.

Exit codes: 0 all videos tracked completely; 1 an error (nothing written for
that video); 3 some video was only partly decoded (outputs written, marked
``"complete": false``) or, with several videos, some failed; 130 interrupted.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import click

from kinemotion.cli._paths import output_path
from kinemotion.errors import KinemotionError

__all__ = ["EXIT_PARTIAL", "track"]

EXIT_PARTIAL = 3


def _targets(video: Path, output: Path | None, overlay: Path | None, many: bool) -> tuple[Path, Path, Path | None]:
    """JSON, CSV and overlay paths for one video (JSON beside the video by default)."""
    json_path = output_path(output, video, "landmarks.json", many) or video.with_name(f"{video.stem}.landmarks.json")
    return json_path, json_path.with_suffix(".csv"), output_path(overlay, video, "overlay.mp4", many)


def _track_one(
    video: str,
    json_path: str,
    csv_path: str,
    overlay: str | None,
    backend: str | None,
    mode: str,
    progress: bool | None,
) -> tuple[str, bool, str | None]:
    """Track one video and write its outputs; returns (video, complete, error)."""
    from kinemotion.outputs import write_csv, write_json
    from kinemotion.tracking import track_video

    try:
        result = track_video(video, backend, mode, overlay=overlay, progress=progress)
    except KinemotionError as exc:
        return video, False, str(exc)
    write_json(result, json_path)
    write_csv(result, csv_path)
    return video, result.complete, result.error


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
@click.option("--jobs", "-j", default=1, show_default=True, help="Videos tracked in parallel (processes).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def track(
    videos: tuple[Path, ...],
    backend: str | None,
    mode: str,
    output: Path | None,
    overlay: Path | None,
    jobs: int,
    quiet: bool,
) -> None:
    """Track the athlete in each VIDEO and write landmarks as JSON and CSV."""
    many = len(videos) > 1
    jobs_args = []
    for video in videos:
        json_path, csv_path, overlay_path = _targets(video, output, overlay, many)
        jobs_args.append(
            (
                str(video),
                str(json_path),
                str(csv_path),
                str(overlay_path) if overlay_path else None,
                backend,
                mode,
                None if not quiet and jobs == 1 else False,  # None: a bar only on a terminal
            )
        )
    if jobs > 1 and many:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            outcomes = list(pool.map(_track_one, *zip(*jobs_args, strict=True)))
    else:
        outcomes = [_track_one(*args) for args in jobs_args]
    failed = partial = 0
    for (name, complete, error), args in zip(outcomes, jobs_args, strict=True):
        if complete:
            click.echo(f"{name}: wrote {args[1]} and {args[2]}" + (f" and {args[3]}" if args[3] else ""))
        elif error is not None and not Path(args[1]).exists():
            failed += 1
            click.echo(f"Error: {error}", err=True)
        else:
            partial += 1
            click.echo(f"Warning: {name}: {error} Outputs written, marked incomplete: {args[1]}", err=True)
    if failed and not many:
        raise SystemExit(1)
    if failed or partial:
        raise SystemExit(EXIT_PARTIAL)
