"""``kinemotion track``: landmarks of each video to JSON/CSV, and an optional overlay video.

Before any video is tracked, the outputs are checked: none may be an input,
two videos may not write the same file, and every folder must be writable.
A video whose outputs already exist, whole, from the same video and request is skipped
(``--force`` redoes it), so a crashed batch continues where it stopped.
Videos are tracked by the chosen executor (:mod:`kinemotion.batch`); this
process writes each video's JSON and CSV together (both or neither); the
overlay is written atomically by whoever tracks the video.

Exit codes: the rule of :mod:`kinemotion.cli._exit` (0 all done; 1 every video
failed; 3 some failed, or some video was only partly decoded: outputs
written, marked ``"complete": false``; 130 interrupted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kinemotion.batch import TaskResult, VideoTask
from kinemotion.cli._anchored import anchored
from kinemotion.cli._busy import outputs_held
from kinemotion.cli._earlier import EarlierOutputs, aside_note, ended
from kinemotion.cli._exit import EXIT_PARTIAL, exit_for_batch, summarize_batch
from kinemotion.cli._held_errors import HeldErrors
from kinemotion.cli._options import BatchSettings, TrackingRequest, path_option, video_batch_command
from kinemotion.cli._other_video import replaced_video_warning
from kinemotion.cli._paths import (
    check_folder_for_several,
    check_json_name,
    check_outputs,
    output_name,
    output_path,
    with_video_name,
)
from kinemotion.cli._terminal import echo
from kinemotion.cli._unicode_twins import unicode_twins
from kinemotion.errors import KinemotionError
from kinemotion.terminal import printable_name

if TYPE_CHECKING:
    from kinemotion.tracking import TrackingResult

__all__ = ["EXIT_PARTIAL", "track"]


def _write(result: TaskResult, targets: Targets) -> str | None:
    """Write a tracked video's outputs together; the reason when that fails."""
    from kinemotion.tracking.atomic import atomic_paths
    from kinemotion.tracking.files import write_csv, write_json
    from kinemotion.tracking.identity import file_record

    assert result.tracking is not None
    files = [targets.json, targets.csv]
    overlay = None
    if targets.overlay is not None and result.overlay is not None:  # bytes from a remote worker
        files.append(targets.overlay)
        overlay = result.overlay
    try:
        with atomic_paths(files) as partials:
            write_csv(result.tracking, partials[1])
            written: dict[str, dict[str, object]] = {"csv": file_record(partials[1])}
            if overlay is not None:
                partials[2].write_bytes(overlay)
                written["overlay"] = file_record(partials[2])
            elif targets.overlay is not None:  # written there by a local worker
                written["overlay"] = file_record(targets.overlay)
            write_json(result.tracking, partials[0], written)  # vouches for the CSV and overlay: a re-run compares
    except KinemotionError as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class Targets:
    """Where one video's outputs go."""

    json: Path
    """The landmarks (``VIDEO.landmarks.json`` beside the video by default)."""
    csv: Path
    """Beside the JSON, same name."""
    overlay: Path | None

    @classmethod
    def plan(cls, video: Path, output: Path | None, overlay: Path | None, many: bool) -> Targets:
        """JSON, CSV and overlay paths for ``video`` (JSON beside the video by default), absolute
        (:func:`~kinemotion.cli._anchored.anchored`: written while a backend may have moved the working
        directory)."""
        json_path = output_path(output, video, "landmarks.json", many) or video.with_name(
            output_name(video, "landmarks.json")
        )
        drawn = output_path(overlay, video, "overlay.mp4", many)
        return cls(
            anchored(json_path), anchored(json_path.with_suffix(".csv")), None if drawn is None else anchored(drawn)
        )

    @property
    def files(self) -> tuple[Path, Path, Path | None]:
        """Every planned file, the JSON first."""
        return (self.json, self.csv, self.overlay)


@click.command()
@video_batch_command
@path_option(
    "--output",
    "-o",
    help="JSON file (CSV written beside it), or a folder for several videos. "
    "Default: VIDEO.landmarks.json beside the video.",
)
@path_option(
    "--overlay", help="Write an annotated video (.mp4, .mov, .m4v, .mkv or .avi); a folder for several videos."
)
def track(
    videos: tuple[Path, ...],
    output: Path | None,
    overlay: Path | None,
    request: TrackingRequest,
    batch: BatchSettings,
    names_given: int,
) -> None:
    """Track the athlete in each VIDEO and write landmarks as JSON and CSV."""
    from kinemotion.tracking.files import tracking_problem

    def whole(data: dict[str, object]) -> bool:
        """Our layout, and every frame read: a video read only in part is tracked again (never skipped as done)."""
        return tracking_problem(data) is None and data.get("complete") is True

    given = names_given  # links to one file left out: still a folder for the names given
    many = given > 1
    check_folder_for_several(output, "-o", given)
    check_folder_for_several(overlay, "--overlay", given)
    planned = [Targets.plan(video, output, overlay, many) for video in videos]
    check_outputs(videos, [t.files for t in planned])  # before any work: no clash, no input overwritten, writable
    for targets in planned:  # after the clashes, whose messages say more (`-o VIDEO`: it is the input video)
        check_json_name(targets.json, "landmarks")
    if overlay is not None:
        from kinemotion.tracking.overlay import check_overlay_path

        for targets in planned:
            assert targets.overlay is not None
            check_overlay_path(targets.overlay)  # a container the writer can produce
    # from before what is done is read until the end: no other run writes these files meanwhile
    click.get_current_context().with_resource(outputs_held(path for t in planned for path in t.files))
    # a video's outputs named in the other Unicode form (Jérôme.mp4 named on a Mac, then composed): its own
    twins = [unicode_twins(targets.files, video) for targets, video in zip(planned, videos, strict=True)]
    click.get_current_context().with_resource(outputs_held(chain(*twins)))
    earlier = EarlierOutputs([*(path for targets in planned for path in targets.files), *chain(*twins)])
    with earlier.set_aside_on_failure():  # a failed run leaves no earlier output looking like its own
        earlier.set_aside_ahead(chain(*twins))  # never left beside this run's outputs as another tracking
        failed, partial = _track_all(videos, planned, request, batch, earlier, whole, twins)
    summarize_batch(videos, failed, partial)
    exit_for_batch(len(videos), len(failed), len(partial))


def _warn_if_nobody(tracking: TrackingResult, video: str) -> None:
    """Say so when no frame of a video holds a pose: its landmarks, written, hold none (the wrong clip, the
    athlete out of view, a backend that sees nobody), which nothing else says before an analysis fails on them."""
    if tracking.frame_count and not tracking.found.any():
        echo(
            f"Warning: {printable_name(video)}: {tracking.backend.name} found nobody in any of its "
            f"{tracking.frame_count} frames: its landmarks hold none. Check that the athlete is in view (`kinemotion "
            "track --overlay` shows what was seen), or try another backend (`kinemotion backends` lists them).",
            err=True,
        )


def _track_all(
    videos: tuple[Path, ...],
    planned: list[Targets],
    request: TrackingRequest,
    batch: BatchSettings,
    earlier: EarlierOutputs,
    whole: Callable[[dict[str, object]], bool],
    twins: list[list[Path]],
) -> tuple[list[str], list[str]]:
    """Track every video not done before and write its outputs; those that failed, and those read only in
    part, in the order given. A video that fails has its earlier outputs set aside (``earlier``); one done
    (before, or now) replaces its outputs named in the other Unicode form (``twins``, set aside ahead)."""
    from kinemotion.tracking.files import SCHEMA_ID, json_as_written

    edited: set[Path] = set()

    def as_written(json_path: Path) -> Callable[[dict[str, object]], bool]:
        def answering(data: dict[str, object]) -> bool:
            """:func:`whole`, and the file as kinemotion wrote it (one edited since is in ``edited``)."""
            if not whole(data):
                return False
            if not json_as_written(json_path):
                edited.add(json_path)
                return False
            return True

        return answering

    todo: list[tuple[VideoTask, Targets]] = []
    twin_of = {targets.json: twin for targets, twin in zip(planned, twins, strict=True)}
    found = [
        batch.done_before(request, video, t.files, SCHEMA_ID, as_written(t.json), {"csv": t.csv, "overlay": t.overlay})
        for video, t in zip(videos, planned, strict=True)
    ]
    for video, targets, done in zip(videos, planned, batch.still_done(request, found), strict=True):
        if done is not None:
            echo(
                f"{printable_name(str(video))}: skipped, its outputs exist ({printable_name(str(targets.json))}); "
                "--force tracks it again"
            )
            earlier.keep(targets.files)
            earlier.replaced(twin_of[targets.json])
            continue
        if targets.json in edited:
            earlier.set_aside_edited(video, targets.json, "landmarks", "tracking")
        todo.append((request.task(video, targets.overlay), targets))
        other = replaced_video_warning(targets.json, Path(video), "landmarks", "track")  # day1/jump.mp4's by day2's
        if other is not None:
            echo(other, err=True)
    earlier.set_aside_ahead(path for _, targets in todo for path in targets.files)  # never left by a killed run
    results = batch.run([task for task, _ in todo], request.quiet)
    failed: list[str] = []
    partial: list[str] = []
    held = HeldErrors()  # a backend's error stopping several videos: said once, after the batch
    for index, result in results:
        task, targets = todo[index]
        error = result.error if result.tracking is None else _write(result, targets)
        if result.tracking is None or error is not None:
            failed.append(task.video)
            note = aside_note(earlier.set_aside(targets.files))  # never taken for this run's result
            if result.tracking is None and error is not None and held.hold(task.video, error, note):
                continue
            echo(f"Error: {ended(with_video_name(error or 'unknown failure', task.video), note)}", err=True)
        elif result.tracking.complete:
            earlier.replaced([*targets.files, *twin_of[targets.json]])
            names = [printable_name(str(p)) for p in (targets.json, targets.csv, targets.overlay) if p]
            wrote = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
            echo(
                f"{printable_name(str(task.video))} [{result.tracking.backend.name}]: wrote {wrote}"
            )  # as cmj's line names it
            _warn_if_nobody(result.tracking, task.video)
        else:
            earlier.replaced([*targets.files, *twin_of[targets.json]])
            partial.append(task.video)
            why = with_video_name(result.error or "only partly read.", task.video)
            echo(f"Warning: {why} Outputs written, marked incomplete: {printable_name(str(targets.json))}", err=True)
    held.say([task.video for task, _ in todo])
    given = {task.video: index for index, (task, _) in enumerate(todo)}  # results come as workers finish
    return sorted(failed, key=given.__getitem__), sorted(partial, key=given.__getitem__)
