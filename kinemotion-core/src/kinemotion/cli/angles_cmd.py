"""``kinemotion angles``: the joint angles of one video or landmark JSON as a CSV or an OpenSim ``.mot``, and its
landmarks as a TRC marker file (``--trc``), for OpenSim, Pose2Sim and Sports2D users.

Every output is checked before any work (its kind by its name, never the input), and written whole or not at
all; the TRC's scale (``--height``) is measured before any file is written, so a clip whose athlete cannot be
measured leaves no angle file either, and a run that fails sets an earlier run's files aside
(:mod:`kinemotion.cli._earlier`). Exit codes: 0 done, 1 failed, 2 a wrong option, 3 written from a video read only
in part (:mod:`kinemotion.cli._exit`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kinemotion.cli._earlier import EarlierOutputs
from kinemotion.cli._exit import EXIT_PARTIAL
from kinemotion.cli._landmark_inputs import edited_against_its_video, is_landmark_file, not_as_asked
from kinemotion.cli._options import TrackingRequest, VideoPath, path_option, tracking_options
from kinemotion.cli._terminal import echo
from kinemotion.cli.jump_cmd import DecimalNumber
from kinemotion.errors import AnalysisError, OutputError, TrackingFileError
from kinemotion.terminal import printable_name

if TYPE_CHECKING:
    from kinemotion.tracking import TrackingResult

__all__ = ["angles"]

ANGLE_SUFFIXES = (".csv", ".txt", ".mot", ".sto")
"""What ``-o`` may be named: a CSV (``.csv``, ``.txt``) or an OpenSim motion file (``.mot``, ``.sto``)."""


def _height(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    from kinemotion.jump.inputs import check_athlete_height

    try:
        return check_athlete_height(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _landmark_table(given: Path) -> Path | None:
    """The landmark CSV ``kinemotion track -o NAME.json`` writes beside a landmark JSON (``NAME.csv``), which no
    angle file may replace; None for a video."""
    return given.with_suffix(".csv") if is_landmark_file(given) else None


def _same_file(a: Path, b: Path | None) -> bool:
    return b is not None and os.path.realpath(a) == os.path.realpath(b)


def _check_outputs(given: Path, output: Path, trc: Path | None) -> None:
    """Before any work: each output named as its kind, neither the input, the landmark table beside a landmark
    JSON, nor the other output."""
    from kinemotion.tracking.atomic import check_named_as, check_writable, refuse_to_replace

    table = _landmark_table(given)
    if output.suffix.lower() not in ANGLE_SUFFIXES:
        instead = output.with_suffix(".csv")
        if _same_file(instead, table):
            instead = output.with_name(f"{output.stem}.angles.csv")
        raise OutputError(
            f"refusing to write the angles as {output}: name it .csv (a table) or .mot (an OpenSim motion file), e.g. "
            f"{instead}"
        )
    refuse_to_replace(output, [given])
    if _same_file(output, table):
        raise OutputError(
            f"refusing to write the angles as {output}: it is the landmark table beside {given} (written by "
            f"`kinemotion track`); name it {given.with_name(f'{given.stem}.angles.csv')} (the default)"
        )
    if trc is not None:
        check_named_as(trc, "TRC marker file", (".trc",))
        refuse_to_replace(trc, [given, output])
        check_writable(trc)
    check_writable(output)


def _tracking(given: Path, request: TrackingRequest) -> TrackingResult:
    """The landmarks of ``given``: read from a landmark JSON, or tracked from a video as ``request`` asks."""
    from kinemotion.tracking import read_json, track_video

    if not is_landmark_file(given):
        options: dict[str, Any] = dict(request.options)  # the backend's own (-O, --person)
        return track_video(given, request.backend, request.mode, progress=not request.quiet, **options)
    tracking = read_json(given)
    edited = edited_against_its_video(given, tracking)
    if edited is not None:
        raise TrackingFileError(edited)
    differs = not_as_asked(tracking, request)
    if differs:
        echo(
            f"Warning: {printable_name(str(given))} was tracked with {differs}: a landmark JSON is measured as it "
            "was tracked (the tracking options apply to videos); give its video to track it as asked.",
            err=True,
        )
    return tracking


@click.command(
    name="angles",
    help="Joint angles of INPUT (a video, or the landmark JSON `kinemotion track` wrote) on every frame, in "
    "degrees: each side's ankle dorsiflexion, knee flexion and hip flexion, and the trunk's inclination "
    "(Sports2D's convention: 0 with the joint straight). A CSV, or an OpenSim motion file when -o ends in .mot; "
    "--trc also writes the landmarks as an OpenSim/Pose2Sim marker file.",
)
@click.argument("given", metavar="INPUT", type=VideoPath(path_type=Path, exists=True, dir_okay=False))
@path_option("--output", "-o", help="The angles: .csv (a table) or .mot (OpenSim). Default: INPUT.angles.csv.")
@path_option(
    "--trc",
    help="Also the landmarks as a TRC marker file (.trc; Pose2Sim's marker names, Y up, Z = 0): in metres with "
    "--height, else in pixels.",
)
@click.option(
    "--height",
    type=DecimalNumber(),
    default=None,
    callback=_height,
    metavar="METRES",
    help="Athlete's height in metres (0.5-2.5, e.g. 1.80): the TRC in metres, scaled as the jump metrics are.",
)
@tracking_options
def angles(given: Path, output: Path | None, trc: Path | None, height: float | None, request: TrackingRequest) -> None:
    """The ``angles`` command (see its help)."""
    from kinemotion.kinematics import joint_angles, write_angles_csv, write_mot, write_trc

    if height is not None and trc is None:
        raise click.UsageError("--height scales the TRC marker file: give --trc FILE.trc with it")
    output = output if output is not None else given.with_name(f"{given.stem}.angles.csv")
    _check_outputs(given, output, trc)
    earlier = EarlierOutputs([output, trc])
    with earlier.set_aside_on_failure():  # a failed run leaves no earlier run's file looking like its result
        tracking = _tracking(given, request)
        measured = joint_angles(tracking)  # before any file: a tracking without the points writes nothing
        scale = None
        if height is not None:
            from kinemotion.jump import metres_per_frame_height

            try:
                scale = metres_per_frame_height(tracking, height)
            except AnalysisError as exc:  # said as the jump analysis says it: here it is the TRC's scale that fails
                raise AnalysisError(
                    f"--height: the TRC's metres need the athlete measured upright (nose to feet) in "
                    f"{printable_name(str(given))}, which failed: {exc} Leave --height out for a TRC in pixels."
                ) from exc
        video = tracking.video.path
        if output.suffix.lower() in (".mot", ".sto"):
            write_mot(measured, output, video)
        else:
            write_angles_csv(measured, output, video)
        written = [printable_name(str(output))]
        if trc is not None:
            write_trc(tracking, trc, scale)
            written.append(printable_name(str(trc)) + (" (metres)" if scale is not None else " (pixels)"))
        earlier.replaced([output, trc])
    seen = int(tracking.found.sum())
    echo(
        f"{printable_name(str(given))} [{tracking.backend.name}]: wrote {' and '.join(written)} "
        f"({tracking.frame_count} frames, a pose on {seen})"
    )
    if not tracking.complete:
        echo(f"Warning: {printable_name(str(given))} was read only in part: {tracking.error}", err=True)
        raise SystemExit(EXIT_PARTIAL)
