"""A video's landmarks beside its jump report: kept when it is tracked, and read instead of tracking again.

A refusal often asks for a re-run with another analysis option (slow motion:
``--capture-fps``; a jump from the floor given to ``dropjump``: ``kinemotion
cmj``), a coach corrects an athlete's ``--height``, and the tracking, not the
analysis, is the slow part. So every tracked video's landmark JSON is written
beside its report (or the report it would have had, when refused), under the
name ``kinemotion track`` gives it (``out/NAME.landmarks.json``), unless a
file is there already (never replaced: it may be ``kinemotion track``'s output
for other options). The report written with them records their size and digest
(``outputs.landmarks``): landmarks unchanged since are kinemotion's own tracking
of the video, and the report analysed from them is the video's (skipped as done
by the run after it); any others are read as a landmark file, as below. A later
``cmj`` or ``dropjump`` run on that video analyses the landmark JSON found
there instead of tracking the video again, whoever wrote it (this, or
``kinemotion track -o out``), but only when it answers the run's request
exactly as an output must to be skipped (:mod:`kinemotion.batch.resume`: the
very video by its digest, the backend, mode and options, the releases
installed, every frame read; ``--force`` tracks again). The file stays: it is
that video's landmarks, whole. The file is held (:mod:`kinemotion.cli._busy`) only
while it is written, or from before it is checked until the run ends when it is
read: not from the start of every run (``cmj`` and ``dropjump`` on one video into
one folder at once, each writing its own report, refused the second for a file it
was not asked for); one another run holds is neither written nor read. The report
made from it records it
(``landmarks_file``), as a report of a landmark JSON given does: it may have
been edited since it was written (a frame's time, a landmark) in ways no check
of the video can see, so that report is never taken for the video's own, and a
re-run analyses the file again (cheap) instead of skipping it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kinemotion.cli._options import BatchSettings, TrackingRequest
from kinemotion.cli._paths import output_name

if TYPE_CHECKING:
    from kinemotion.tracking import TrackingResult

__all__ = ["earlier_landmarks", "keep_landmarks", "kept_path", "kept_problem", "refusal_kept"]


def kept_path(video: Path, report: Path) -> Path:
    """Where ``video``'s landmarks are kept when its report goes to ``report``: beside it, named as
    ``kinemotion track`` names them (``NAME.landmarks.json``)."""
    return report.parent / output_name(video, "landmarks.json")


def _whole(data: dict[str, Any]) -> bool:
    """Our landmark layout, and every frame read (as ``kinemotion track`` requires to skip a video)."""
    from kinemotion.tracking.files import tracking_problem

    return tracking_problem(data) is None and data.get("complete") is True


def _held(path: Path) -> contextlib.ExitStack | None:
    """``path`` held (released when the stack closes); None when another run holds it."""
    from kinemotion.cli._busy import OutputBusyError, outputs_held

    stack = contextlib.ExitStack()
    try:
        stack.enter_context(outputs_held([path]))
    except OutputBusyError:
        return None
    return stack


def earlier_landmarks(
    batch: BatchSettings, request: TrackingRequest, videos: list[Path], reports: list[Path]
) -> list[Path | None]:
    """For each video, the landmark JSON beside its report that answers this request (None: none there, or
    not for this request, or another run is writing it: the video is tracked). Each one there is held from
    before it is checked: until the command ends when it answers (no other run replaces it before it is read),
    else released at once (this run may keep its new tracking there: holding it still, it found its own hold
    in the way and kept nothing)."""
    from kinemotion.tracking.files import SCHEMA_ID

    kept = [kept_path(video, report) for video, report in zip(videos, reports, strict=True)]
    holds = [_held(path) if path.is_file() and not batch.force else None for path in kept]
    found = [
        None if hold is None else batch.done_before(request, video, (path,), SCHEMA_ID, _whole)
        for video, path, hold in zip(videos, kept, holds, strict=True)
    ]
    still = batch.still_done(request, found) if found else []
    for hold, data in zip(holds, still, strict=True):
        if hold is not None and data is not None:
            click.get_current_context().call_on_close(hold.close)
        elif hold is not None:
            hold.close()
    return [path if data is not None else None for path, data in zip(kept, still, strict=True)]


def keep_landmarks(
    tracking: TrackingResult,
    video: Path,
    report: Path,
    inputs: tuple[Path, ...],
    replaceable: dict[str, object] | None = None,
) -> Path | None:
    """Write ``tracking`` (``video``'s landmarks) where they are kept beside ``report``; the path, or None when
    nothing was kept: read only in part, a file is there already (never replaced, unless it is still the file
    ``replaceable`` records: the landmarks an earlier refusal of this video kept there, tracked with another
    backend or mode, see :func:`refusal_kept`), it is one of the ``inputs``, another run is writing it, or it
    cannot be written (the refusal matters more than the copy)."""
    from kinemotion.cli._busy import outputs_held
    from kinemotion.errors import KinemotionError
    from kinemotion.tracking import write_json
    from kinemotion.tracking.identity import same_file

    def taken() -> bool:  # a file is there that is not ours to replace
        if path.is_symlink():
            return True
        return path.exists() and not (replaceable is not None and path.is_file() and same_file(replaceable, path))

    path = kept_path(video, report)
    if not tracking.complete or taken():
        return None
    if any(path.resolve() == given.resolve() for given in inputs):
        return None
    try:
        with outputs_held([path]):  # OutputBusyError: another run is writing it
            if taken():  # written meanwhile
                return None
            return write_json(tracking, path)
    except (KinemotionError, OSError):
        return None


def refusal_kept(refusal: Path, video: Path, kept: Path) -> dict[str, object] | None:
    """The size and digest of the landmarks an earlier refusal of ``video`` kept at ``kept``, when the file there
    is still that file, byte for byte: kinemotion's tracking, which a later run of the video may replace (tracked
    again with another backend or mode: the stale landmarks stayed beside the new refusal, and every later run
    tracked again). The refusal is this run's kind's (recorded at ``refusal``) or another jump command's beside
    the kept file (``kept`` is one for both: ``dropjump`` refused, then ``cmj`` with another backend). None: no
    such refusal, or the file is another (edited since, or another program's), never replaced."""
    from kinemotion.errors import KinemotionError
    from kinemotion.jump.refusal import read_refusal
    from kinemotion.tracking.identity import same_file

    if not kept.is_file() or kept.is_symlink():
        return None
    beside = [kept.parent / output_name(video, f"{kind}.refusal.json") for kind in ("cmj", "dropjump")]
    for record in dict.fromkeys([refusal, *beside]):
        try:
            if not record.is_file():
                continue
        except OSError:  # a name the folder cannot hold (the other kind's is longer): no such record there
            continue
        try:
            written = read_refusal(record).landmarks_written
        except KinemotionError:
            continue
        if written is not None and same_file(written, kept):
            return written
    return None


def kept_problem(path: Path, read: bool = False, rerun: bool = True) -> str:
    """The sentence added to a refusal of a video whose landmarks are kept at ``path`` (kept now, or ``read``
    from there): where they are, what a re-run must keep the same to analyse them instead of tracking again,
    and, when they were read, that ``--force`` tracks it again (the kept file itself may be what is refused).
    Without ``rerun`` (a refusal that no option answers: an edited clip), where they are and nothing more."""
    from kinemotion.terminal import printable_name

    shown = printable_name(str(path))
    if not rerun:
        how = "read from" if read else "kept in"
        return f"Its landmarks were {how} {shown} (`kinemotion track`'s landmark JSON, for other tools)."
    again = (
        "`kinemotion cmj` or `kinemotion dropjump` on this video again, with what this message asks and the same "
        "output folder, backend and mode"
    )
    if read:
        return (
            f"Its landmarks were read from {shown} (an earlier run's), not tracked again: {again} reads them "
            "again; --force tracks the video again."
        )
    return f"Its landmarks are kept in {shown}: {again}, analyses them instead of tracking the video again."
