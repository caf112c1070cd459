"""``kinemotion cmj`` and ``kinemotion dropjump``: metrics of every jump in each video.

With ``-o FOLDER`` (or several videos) a CSV with one row per jump of every
video is written beside the JSON reports: ``FOLDER/<kind>-jumps.csv``.
Videos are tracked by the chosen executor (:mod:`kinemotion.batch`); this
process analyses them and writes every file. A video whose report (and
plot and overlay, when asked for) exists from the same video (path, size,
content digest) and request (backend, mode, person, the athlete's height and
the capture rate), made from every frame, whose plot and overlay are the very
files written with it, is skipped and its jumps still go into the CSV
(``--force`` redoes it). A video whose analysis is refused keeps its landmarks
beside the report it would have had, and a re-run analyses the landmark JSON
found there (this one, or ``kinemotion track``'s) when it answers the request,
instead of tracking the video again (:mod:`kinemotion.cli._kept_landmarks`); that
report records the file (``landmarks_file``), as below.

A landmark JSON that ``kinemotion track`` wrote can stand for its video: it is
analysed as it is, without tracking (the tracking options do not apply to it),
and every time (reading it is cheap, so it is never skipped); its report records
the file (``landmarks_file``), and a later run on the video never takes that
report as done (the file may have been edited). Its overlay and
the HTML page's stills are drawn on the video it records, which must still be
that very file.

Exit codes: the rule of :mod:`kinemotion.cli._exit` (0 every video analysed or
skipped; 1 every video failed, each with its message on stderr; 3 some failed,
or a video could be read only in part: its report is written, marked
``"tracking_complete": false`` with a quality flag; 130 interrupted).
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kinemotion.cli._anchored import anchored, as_given
from kinemotion.cli._athlete_heights import athlete_list_option, heights_per_video, read_athlete_list
from kinemotion.cli._busy import outputs_held
from kinemotion.cli._capture_rates import CaptureRate, CaptureRateType, named_rates, per_video
from kinemotion.cli._earlier import EarlierOutputs, aside_note, ended
from kinemotion.cli._exit import exit_for_batch, summarize_batch
from kinemotion.cli._held_errors import HeldErrors
from kinemotion.cli._kept_landmarks import earlier_landmarks, keep_landmarks, kept_path, kept_problem, refusal_kept
from kinemotion.cli._landmark_inputs import (
    check_recorded_videos,
    edited_against_its_video,
    is_landmark_file,
    not_as_asked,
    replaced_since,
    tracked_video,
    video_of,
)
from kinemotion.cli._options import DEFAULT_MODE, BatchSettings, TrackingRequest, path_option, video_batch_command
from kinemotion.cli._other_video import replaced_video_warning
from kinemotion.cli._paths import (
    check_folder_for_several,
    check_json_name,
    check_outputs,
    given_as_folder,
    is_folder,
    output_name,
    output_path,
    unwritable,
    with_video_name,
)
from kinemotion.cli._stale_pages import stale_page_warning, stale_pages
from kinemotion.cli._terminal import echo
from kinemotion.cli._unicode_twins import unicode_twins
from kinemotion.errors import AnalysisError, KinemotionError, OutputError
from kinemotion.extras import pip_install
from kinemotion.jump.analyses import JumpKind
from kinemotion.jump.ballistic import EditedClipError
from kinemotion.jump.inputs import check_athlete_height
from kinemotion.jump.refusal import Refusal
from kinemotion.terminal import printable_name

if TYPE_CHECKING:
    from kinemotion.jump.refusal import Refusal
    from kinemotion.jump.report import JumpReport
    from kinemotion.report_html import Problem
    from kinemotion.tracking import TrackingResult
    from kinemotion.tracking.decode import VideoInfo

__all__ = ["cmj", "dropjump"]


@dataclass(frozen=True)
class JumpTargets:
    """Where one video's jump outputs go: the JSON report, and the plot and overlay when asked for."""

    json: Path
    plot: Path | None
    overlay: Path | None

    @classmethod
    def plan(
        cls, kind: JumpKind, video: Path, output: Path | None, plot: Path | None, overlay: Path | None, many: bool
    ) -> JumpTargets:
        """The report beside the video by default (``VIDEO.<kind>.json``). Absolute
        (:func:`~kinemotion.cli._anchored.anchored`): written while a backend may have moved the working
        directory; so are the files planned beside them (the refusal record, the kept landmarks)."""
        json_path = output_path(output, video, f"{kind}.json", many) or video.with_name(
            output_name(video, f"{kind}.json")
        )
        plotted, drawn = output_path(plot, video, f"{kind}.png", many), output_path(overlay, video, f"{kind}.mp4", many)
        return cls(
            anchored(json_path),
            None if plotted is None else anchored(plotted),
            None if drawn is None else anchored(drawn),
        )

    @property
    def files(self) -> tuple[Path, Path | None, Path | None]:
        """Every planned file, the JSON first."""
        return (self.json, self.plot, self.overlay)

    @property
    def refusal(self) -> Path:
        """Where the video's refusal is recorded when it gives no report (:mod:`kinemotion.jump.refusal`)."""
        from kinemotion.jump.refusal import refusal_path

        return refusal_path(self.json)


@dataclass(frozen=True)
class Analysed:
    """What came of analysing one tracked video: its report's JSON and the files written."""

    report: dict[str, Any]
    written: tuple[Path, ...]


def _analyse_and_write(
    kind: JumpKind,
    tracking: TrackingResult,
    video: Path,
    targets: JumpTargets,
    height: float | None,
    capture_fps: float | None = None,
    landmarks: Path | None = None,
    located: Path | None = None,
    kept: Path | None = None,
    keep_at: Path | None = None,
) -> Analysed:
    """Analyse one tracked video and write its report, plot and overlay. ``landmarks``: the landmark JSON kept
    beside the report that ``tracking`` was read from instead of tracking ``video`` (the report records it).
    ``kept``: the video's landmarks kept beside the report as kinemotion tracked them (written now, or read and
    vouched for by the report that recorded them): recorded under ``outputs`` as written with it, so that a
    re-run changing an analysis option alone analyses them as the video's own tracking (:func:`_vouched_for`).
    ``keep_at``: where to keep ``tracking`` (tracked now), written with the report and recorded as ``kept``.
    ``located``: ``video``'s absolute path, by which it is read (the tracking of the next video may have moved
    the working directory meanwhile: :mod:`kinemotion.cli._anchored`)."""
    located = video if located is None else located
    from kinemotion.jump.report import analyze_tracking

    found_at_keep = None if keep_at is None else _found_at(keep_at)  # what was there when keep_at was chosen

    try:
        report = analyze_tracking(tracking, kind, height, capture_fps)
    except AnalysisError as exc:
        if targets.plot is not None:  # show what was found: often explains the failure
            _plot_failure(kind, tracking, exc, targets.plot)
            exc.args = (f"{exc} (plot of the signals: {as_given(targets.plot)})",)  # recorded as given
        raise
    # A report of a landmark file records it: a run on the video never takes that report as its own (the file may
    # have been edited by hand, or tracked with other options). So does a report of the landmarks kept beside it
    # (this run's, or `kinemotion track`'s): they may have been edited since they were written, in ways no check
    # of the video can see (a frame's time, a landmark).
    source_file = landmarks if landmarks is not None else located if is_landmark_file(video) else None
    from kinemotion.tracking.decode import shown
    from kinemotion.tracking.identity import file_record

    read_from = None if source_file is None else {"path": shown(as_given(source_file)), **file_record(source_file)}
    source = tracked_video(located, tracking) if is_landmark_file(video) and targets.overlay else located
    keep = None if keep_at is None else (tracking, keep_at, found_at_keep)
    data = _write_outputs(report, targets, source, read_from, kept, keep)
    written = tuple(p for p in targets.files if p is not None)
    if keep_at is not None and KEPT_ROLE in data.get("outputs", {}):  # kept now (not when another run held it)
        written = (*written, keep_at)
    return Analysed(data, written)


def _write_outputs(
    report: JumpReport,
    targets: JumpTargets,
    source: Path,
    read_from: dict[str, object] | None,
    kept: Path | None = None,
    keep: tuple[TrackingResult, Path, dict[str, object] | None] | None = None,
) -> dict[str, Any]:
    """Write the plot and overlay (drawn on ``source``) asked for, and the report recording them; the report's
    JSON. The plot and overlay are made under temporary names, the report written, and only then are they
    renamed into place: a run killed outright (``kill -9``) while the overlay is encoded, or between the files,
    never leaves a plot or overlay without its report, looking like a result (a re-run reuses them only when the
    report records these very files: never a plot or overlay left by another video of the same name). So are the
    video's landmarks to ``keep`` (the tracking, and where: :func:`_kept_path_to_write`), unless another run holds
    that place (then not kept); ``kept``: landmarks kept already, recorded as they are."""
    from kinemotion.cli._busy import OutputBusyError, outputs_held
    from kinemotion.tracking.atomic import atomic_paths
    from kinemotion.tracking.files import json_text, to_json_dict
    from kinemotion.tracking.identity import file_record

    companions = [p for p in (targets.plot, targets.overlay) if p is not None]
    records: dict[str, dict[str, object]] = {}
    if kept is not None:
        with contextlib.suppress(OSError):  # gone meanwhile: nothing vouched for
            records[KEPT_ROLE] = file_record(kept)
    reported = False
    with contextlib.ExitStack() as held:
        if keep is not None:
            try:
                held.enter_context(outputs_held([keep[1]]))
            except OutputBusyError:  # another run is writing it: not kept
                keep = None
        if keep is not None and (keep[1].is_symlink() or _found_at(keep[1]) != keep[2]):
            keep = None  # made meanwhile (never written through), or written by another run since it was chosen
        kept_here = [] if keep is None else [keep[1]]
        try:
            with atomic_paths([*companions, *kept_here], keep=[source]) as partials:
                staged = dict(zip([*companions, *kept_here], partials, strict=True))
                if keep is not None:
                    staged[keep[1]].write_text(json_text(to_json_dict(keep[0])), encoding="utf-8")
                    records[KEPT_ROLE] = file_record(staged[keep[1]])
                data = _staged_outputs(report, targets, source, staged, records, read_from)
                reported = True
        except BaseException:
            if reported:  # a plot or overlay could not be renamed into place: no report without its files
                targets.json.unlink(missing_ok=True)
            raise
    return data


def _staged_outputs(
    report: JumpReport,
    targets: JumpTargets,
    source: Path,
    staged: Mapping[Path, Path],
    records: dict[str, dict[str, object]],
    read_from: dict[str, object] | None,
) -> dict[str, Any]:
    """Draw the plot and overlay asked for into their ``staged`` paths and write the report recording them (and
    ``records`` already made); the report's JSON (:func:`_write_outputs` renames them into place)."""
    from kinemotion.jump.report import write_report_json
    from kinemotion.tracking.identity import file_record

    if targets.plot is not None:
        from kinemotion.jump.plot import plot_report

        plot_report(report, staged[targets.plot])
        records["plot"] = file_record(staged[targets.plot])
    if targets.overlay is not None:
        from kinemotion.jump.overlay import write_overlay

        write_overlay(report, source, staged[targets.overlay])
        records["overlay"] = file_record(staged[targets.overlay])
    data = report.to_json_dict(records, read_from)  # built once: the file, the summary, the CSV, the page
    write_report_json(data, targets.json)
    return data


def _run(
    kind: JumpKind,
    videos: tuple[Path, ...],
    planned: list[JumpTargets],
    heights: Sequence[float | None],
    request: TrackingRequest,
    batch: BatchSettings,
    failures: dict[int, str],
    earlier: EarlierOutputs,
    rates: Sequence[float | None] = (),
    incomplete: set[int] | None = None,
    given_rates: Sequence[CaptureRate] = (),
    refused: set[int] | None = None,
    skipped: set[int] | None = None,
) -> dict[int, dict[str, Any]]:
    """Analyse every video not done before (errors on stderr and in ``failures``); the reports by video index,
    earlier ones included. ``heights``: each video's athlete's height (``--height`` or the athlete list's; None:
    not given). ``rates``: each video's capture rate (``--capture-fps``; None, or none given: its
    file's), from ``given_rates`` (the options as given: what a refusal's advice changes). A video read only in
    part is analysed as far as it was read, said on stderr and added to ``incomplete``. A video that fails has
    its earlier outputs set aside (``earlier``); one the analysis refuses (its refusal recorded) is added to
    ``refused`` too; one skipped as done before, to ``skipped``."""
    from kinemotion.tracking.decode import shown

    edited: set[int] = set()
    located = [anchored(video) for video in videos]  # read while a backend may have moved the working directory
    advice = _RateAdvice(videos, named_rates(videos, given_rates), any(r.clip is None for r in given_rates))

    def rate(i: int) -> float | None:
        return rates[i] if rates else None

    def rerun_args(i: int) -> tuple[Path, str, float | None]:
        """:func:`_earlier_rate`'s arguments after the earlier report's path, for video ``i``."""
        return planned[i].json, kind, rate(i)

    reports: dict[int, dict[str, Any]] = {}
    todo: list[int] = []
    found = _done_before(kind, videos, planned, heights, rates, request, batch, edited)
    for i, done in zip(found, batch.still_done(request, list(found.values())), strict=True):
        video, targets = videos[i], planned[i]
        if done is not None:
            echo(
                f"{printable_name(str(video))}: skipped, its report exists ({printable_name(str(targets.json))}); "
                "--force analyses it again"
            )
            earlier.keep(targets.files)
            _no_refusal(targets.refusal)
            reports[i] = done
            if skipped is not None:
                skipped.add(i)
            continue
        todo.append(i)
        if i in edited:
            earlier.set_aside_edited(video, targets.json, "report", "analysing")
    # a video refused before keeps its landmarks: analysed from them when they answer this request
    kept = earlier_landmarks(batch, request, [videos[i] for i in todo], [planned[i].json for i in todo])
    reused = {i: path for i, path in zip(todo, kept, strict=True) if path is not None}
    for i, path in reused.items():
        echo(
            f"{printable_name(str(videos[i]))}: analysing its landmarks from {printable_name(str(path))} (an earlier "
            "run's, of this video and request), not tracking it again; --force tracks it again"
        )
    todo = [i for i in todo if i not in reused]
    for i in sorted([*todo, *reused]):  # Monday's ana.mp4 report, replaced by Tuesday's ana.mp4: said, not silent
        other = None if is_landmark_file(videos[i]) else replaced_video_warning(planned[i].json, videos[i])
        if other is not None:
            echo(other, err=True)
    earlier.set_aside_ahead(path for i in range(len(videos)) if i not in reports for path in planned[i].files)
    overlaid = frozenset(i for i, targets in enumerate(planned) if targets.overlay is not None)
    held = HeldErrors()  # a backend's error stopping several videos: said once, after the batch
    for i, tracking, error in _trackings(videos, todo, request, batch, reused, rates, overlaid):
        video, height = videos[i], heights[i]
        earlier_report = earlier.earlier_file(planned[i].json)  # set aside ahead: read before it is replaced
        # None: the earlier report is still at the report's path (or none is there), read only on a refusal
        other_rate = None if earlier_report == planned[i].json else _earlier_rate(earlier_report, *rerun_args(i))
        # the landmarks kept beside the report, as kinemotion tracked this video: written now (tracked now), or
        # read, and vouched for by the earlier report that recorded them as written with it (never edited since)
        keep_at = None  # where landmarks tracked now are kept, written with the report
        # the landmarks an earlier refusal of this video kept, unchanged since: replaced when tracked again
        refused_kept = (
            None
            if is_landmark_file(video)
            else refusal_kept(planned[i].refusal, video, kept_path(video, planned[i].json))
        )
        if tracking is not None and tracking.complete and i not in reused and not is_landmark_file(video):
            keep_at = _kept_path_to_write(video, planned[i].json, located, earlier_report, refused_kept)
        ours = reused[i] if i in reused and _vouched_for(earlier_report, reused[i]) else None
        try:
            if isinstance(error, AnalysisError):  # refused before tracking: its capture rate, from its header
                raise error
            if tracking is None:
                raise KinemotionError(error or "unknown failure")
            read_from = None if ours is not None else reused.get(i)  # ours: as kinemotion tracked the video
            analysed = _analyse_and_write(
                kind, tracking, video, planned[i], height, rate(i), read_from, located[i], ours, keep_at
            )
        except KinemotionError as exc:
            note = aside_note(earlier.set_aside(planned[i].files))  # never taken for this run's result
            if isinstance(exc, AnalysisError) and other_rate is None:  # read once: before the work, else now
                other_rate = _earlier_rate(earlier_report, *rerun_args(i))
            measured = other_rate if isinstance(exc, AnalysisError) else None
            # in a batch: the CLIP=FPS form, at the rate the earlier report measured it at when there is one
            file_fps = None if tracking is None else float(tracking.video.fps)
            alone = advice.for_refusal(exc, i, None if measured is None else measured.fps, file_fps)
            said = advice.reworded(exc, i) or str(exc)  # the rate's advice in the form it was given in
            message = with_video_name(said, video) + alone
            if measured is not None:
                note += _earlier_rate_note(measured, kind, advice, i, planned[i].json, height, request, bool(alone))
            landmarks: Path | None = None
            landmarks_written = None  # what kinemotion wrote there for this refusal (replaced by a later run)
            if isinstance(exc, AnalysisError) and tracking is not None and not is_landmark_file(video):
                read = reused.get(i)  # read from the kept file (still there: nothing new is kept), or kept now
                landmarks = read or keep_landmarks(tracking, video, planned[i].json, tuple(located), refused_kept)
                if read is None and landmarks is not None:
                    landmarks_written = _found_at(landmarks)
                elif read is not None and refused_kept is not None:
                    landmarks_written = refused_kept  # an earlier refusal's, read as they were kept
                rerun = not isinstance(exc, EditedClipError)  # no option makes an edited clip's clock real
                if landmarks is not None:
                    message = f"{message} {kept_problem(landmarks, read is not None, rerun)}"
            if not (tracking is None and not alone and held.hold(video, said, note)):  # a backend's: said once
                echo(f"Error: {ended(message, note)}", err=True)
            failures[i] = said.removeprefix(f"{video}: ") + alone
            if not isinstance(exc, AnalysisError):
                # not read, or an output not written: no refusal by the analysis (said above); an earlier run's
                # record of one is out of date
                _no_refusal(planned[i].refusal)
                continue
            asked = None if request.backend in (None, "auto") else str(request.backend)
            refusal = Refusal(
                kind,
                shown(video),
                failures[i],
                asked if tracking is None else tracking.backend.name,
                request.mode,
                request.person,
                height,
                rate(i),
                None if landmarks is None else shown(as_given(landmarks)),
                backend_options=_refused_options(request, tracking),
                landmarks_written=landmarks_written,
                **({} if tracking is None or is_landmark_file(video) else _file_record(tracking.video)),
            )
            _record_refusal(refusal, planned[i].refusal)
            if refused is not None:
                refused.add(i)
            continue
        _no_refusal(planned[i].refusal)
        reports[i] = analysed.report
        if other_rate:
            earlier.kept_aside(planned[i].json)
        earlier.replaced(planned[i].files)
        _echo_report(video, analysed.report)
        echo(f"  wrote {', '.join(printable_name(str(p)) for p in analysed.written)}")
        if other_rate:  # a slow-motion clip not refused at the file's rate: its measured report is kept
            given = "its file's frame rate" if rate(i) is None else f"--capture-fps {rate(i):g}"
            said = f"{printable_name(str(video))}: measured at {given}, as this run was given."
            note = _earlier_rate_note(other_rate, kind, advice, i, planned[i].json, height, request)
            echo(f"Warning: {said}{note}", err=True)
        if not tracking.complete:
            why = with_video_name(tracking.error or "only partly read.", video)
            echo(f"Warning: {why} Jumps after that are missing; the report is marked incomplete.", err=True)
            if incomplete is not None:
                incomplete.add(i)
    held.say([videos[i] for i in todo])
    return reports


def _end_unchanged(
    kind: JumpKind,
    videos: tuple[Path, ...],
    planned: Sequence[JumpTargets],
    heights: Sequence[float | None],
    rates: Sequence[float | None],
    request: TrackingRequest,
    batch: BatchSettings,
    table: Path | None,
    page: Path | None,
    athletes: Mapping[str, str] | None,
    unwritable: OutputError,
) -> None:
    """End a run whose outputs cannot be written (``unwritable``: a read-only folder, a card with its lock on)
    that has nothing to write: every video's report done before (as :func:`_run` skips them), no earlier record
    to remove or set aside, and the jump table there already what this run would write (said unchanged, not
    rewritten; exit ``0``). A page (``--report``) is always written anew: it is asked, so it is written.

    Raises:
        OutputError: ``unwritable``, when the run has something to write (said before any work, as always).
    """
    from kinemotion.jump.report import jumps_csv

    edited: set[int] = set()
    try:
        found = _done_before(kind, videos, planned, heights, rates, request, batch, edited)
    except OSError as exc:  # an output the filesystem cannot even look up (a name too long): said as before the work
        raise unwritable from exc
    if page is not None or len(found) < len(videos) or edited or any(f is None for f in found.values()):
        raise unwritable
    for video, targets in zip(videos, planned, strict=True):
        twins = unicode_twins(targets.files, video, targets.refusal, kept_path(video, targets.json))
        if twins or targets.refusal.exists():  # an earlier record to remove, an output to set aside
            raise unwritable
    reports = {i: report for i, report in found.items() if report is not None}
    if table is not None:
        text = jumps_csv((reports[i] for i in sorted(reports)), athletes=athletes)
        there = _earlier_text(table, _TABLE_READ_AT_MOST)
        if there is None or there.replace("\r\n", "\n") != text.replace("\r\n", "\n"):  # as written anywhere
            raise unwritable
    for video, targets in zip(videos, planned, strict=True):
        echo(
            f"{printable_name(str(video))}: skipped, its report exists ({printable_name(str(targets.json))}); "
            "--force analyses it again"
        )
    if table is not None:
        echo(f"{printable_name(str(table))} unchanged: it lists these reports' jumps (not written: {unwritable})")


def _done_before(
    kind: JumpKind,
    videos: Sequence[Path],
    planned: Sequence[JumpTargets],
    heights: Sequence[float | None],
    rates: Sequence[float | None],
    request: TrackingRequest,
    batch: BatchSettings,
    edited: set[int],
) -> dict[int, dict[str, Any] | None]:
    """For each video tracked (by index; a landmark file is read, not tracked: analysed every time), its earlier
    report when it answers this run (:meth:`BatchSettings.done_before`: this very video and request, every output
    there, at this height and capture rate: :func:`_answers`), else None; a video whose report was edited since
    it was written is added to ``edited``."""
    from kinemotion.jump.schema import SCHEMA

    return {
        i: batch.done_before(
            request,
            video,
            planned[i].files,
            SCHEMA,
            _answers(kind, heights[i], rates[i] if rates else None, partial(edited.add, i)),
            {"plot": planned[i].plot, "overlay": planned[i].overlay},
        )
        for i, video in enumerate(videos)
        if not is_landmark_file(video)
    }


def _answers(
    kind: JumpKind, height: float | None, rate: float | None, edited: Callable[[], None]
) -> Callable[[dict[str, Any]], bool]:
    """Whether an earlier report answers this run (``edited`` called when it was edited since it was written)."""
    from kinemotion.jump.schema import CONTENT_DIGEST, report_problem, written_as_is

    def answering(report: dict[str, Any]) -> bool:
        """A whole report of this kind, at this height and capture rate (the height gives the metre values),
        whose jumps the CSV lists, made from every frame of the video (one read only in part is analysed
        again, never skipped as done), tracked from the video itself (not analysed from a landmark file, whose
        landmarks may have been edited), as kinemotion wrote it (one edited since: ``edited`` is called)."""
        same_height = report.get("athlete_height_m") == height
        same_rate = report.get("capture_fps") == rate
        whole = report.get("tracking_complete") is True and "landmarks_file" not in report
        fits = report.get("kind") == kind and same_height and same_rate and whole and report_problem(report) is None
        if fits and not written_as_is(report):
            if CONTENT_DIGEST in report:  # (one without: written before reports recorded it, analysed again)
                edited()
            return False
        return fits

    return answering


@dataclass(frozen=True)
class _RateAdvice:
    """How a refusal in a run of several ``videos`` tells to give one clip a capture rate: ``--capture-fps
    NAME=FPS`` (a plain rate applies to every video), or, for a clip given its own (``own``, by index), that
    rate replaced: adding a second one for it is a usage error ("given two rates"). ``plain``: a plain rate was
    given (leaving a clip's own out gives it that one, not its file's)."""

    videos: Sequence[Path]
    own: Mapping[int, CaptureRate]
    plain: bool

    def for_refusal(self, exc: Exception, i: int, measured: float | None, file_fps: float | None) -> str:
        """The sentence a slow-motion refusal of video ``i`` ends with: the rate it offers (``measured`` instead,
        when an earlier report measured the clip at that rate); empty for one video or another refusal."""
        from kinemotion.jump.ballistic import CaptureRateError, SlowMotionError, common_rate

        if isinstance(exc.__cause__, SlowMotionError | CaptureRateError):  # refused at the rate given: said again
            exc = exc.__cause__  # with that rate's note (analyze_tracking), the rate found is the cause's
        if len(self.videos) < 2 or isinstance(exc, EditedClipError):  # no rate makes an edited clip's clock real
            return ""
        fps: float
        if isinstance(exc, SlowMotionError) and exc.capture_fps is not None:
            fps = common_rate(exc.capture_fps)
        elif isinstance(exc, CaptureRateError):
            fps = common_rate(exc.supported_fps)
        else:
            return ""
        fps = fps if measured is None else measured
        if i not in self.own:
            return f" Among several videos, give the rate to this clip alone: {self.option(i, fps)}."
        said = self.replace(i, fps, file_fps)
        return f" {said[0].upper()}{said[1:]}."

    def reworded(self, exc: Exception, i: int) -> str | None:
        """The message of a clip given its own rate (``--capture-fps CLIP=FPS``) in which no jump was found at it,
        saying what to do with that option (leave it out, or replace it), not with a plain ``--capture-fps``,
        which would apply to every video; None for another refusal, or a clip given no rate of its own."""
        from kinemotion.jump.inputs import CaptureScalingError

        if not isinstance(exc, CaptureScalingError) or i not in self.own:
            return None
        given = self.given(i)

        def instead(fps: float) -> str:
            return f"try {self.option(i, fps)} instead of {given}"

        if self.plain:  # leaving its own out gives it the rate given to every video, not its file's
            leave_out = f"give it its file's rate: {self.option(i, exc.file_fps)} instead of {given}"
        else:
            leave_out = f"leave {given} out"
        return exc.reworded(leave_out, instead)

    def given(self, i: int) -> str:
        """Video ``i``'s own rate as given (``--capture-fps NAME=FPS``), shell-quoted and printable."""
        import shlex

        return printable_name(f"--capture-fps {shlex.quote(str(self.own[i]))}")

    def option(self, i: int, fps: float) -> str:
        """``--capture-fps NAME=FPS`` for video ``i``."""
        return _clip_rate(self.videos[i], self.videos, fps)

    def replace(self, i: int, fps: float, file_fps: float | None = None) -> str:
        """Replace video ``i``'s own rate with ``fps``; or leave it out, when that measures the clip at ``fps``
        (no plain rate, and ``fps`` is its file's rate: ``file_fps``). Lower case, no full stop."""
        given = self.given(i)
        said = f"replace this clip's own rate in the command: {self.option(i, fps)} instead of {given}"
        if not self.plain and file_fps is not None and abs(fps / file_fps - 1) < 0.15:
            said += f", or leave {given} out (its file's rate)"
        return said


def _clip_rate(video: Path, videos: Sequence[Path], fps: float) -> str:
    """``--capture-fps NAME=FPS`` for ``video`` among ``videos`` (its path when another video shares its name),
    shell-quoted and printable."""
    import shlex

    name = video.name if sum(v.name == video.name for v in videos) == 1 else str(video)
    return printable_name(f"--capture-fps {shlex.quote(f'{name}={fps:g}')}")


def _refused_options(request: TrackingRequest, tracking: TrackingResult | None) -> dict[str, str]:
    """The backend options a refusal records besides the person (:attr:`Refusal.backend_options`), as the outputs
    record them: those the tracking was made with (a landmark JSON given: the ones it records), else those asked
    for (refused before tracking)."""
    if tracking is not None:
        return {k: v for k, v in tracking.backend.options.items() if k != "person"}
    return {k: str(v) for k, v in request.backend_options}


def _record_refusal(refusal: Refusal, path: Path) -> None:
    """Record why a video gave no report at ``path``, for the session page, and say so; a record that cannot be
    written is said and passed over (the error above is what matters)."""
    from kinemotion.errors import OutputError

    try:
        refusal.write(path)
    except OutputError as exc:
        echo(f"Warning: why {printable_name(refusal.video)} gave no report is not recorded: {exc}", err=True)
        return
    echo(f"  wrote {printable_name(str(path))} (why it gave no report, for `kinemotion report`)")


def _no_refusal(path: Path) -> None:
    """The video has a report now: an earlier run's record of its refusal goes (a folder holds a video's report
    of this kind or its refusal, never both)."""
    from kinemotion.jump.refusal import remove_refusal

    remove_refusal(path)


def _trackings(
    videos: tuple[Path, ...],
    todo: list[int],
    request: TrackingRequest,
    batch: BatchSettings,
    reused: dict[int, Path] | None = None,
    rates: Sequence[float | None] = (),
    overlaid: frozenset[int] = frozenset(),
) -> Iterator[tuple[int, TrackingResult | None, str | AnalysisError | None]]:
    """``(input index, tracking, error)``: the landmark files read first, then the landmarks kept of the
    videos ``reused`` (by index), then the videos ``todo`` as the executor finishes tracking each. A kept file
    that cannot be read is dropped from ``reused`` (its video is tracked: its report must not name the file).
    A video whose file plays faster than its capture rate (``rates``, by index: ``--capture-fps``) is refused
    before it is tracked (its header says so): its error is that :class:`AnalysisError`, the analysis's refusal
    (``analyze_video`` raises it too), recorded as such. A landmark file whose video was replaced since is
    analysed with a warning, unless an overlay is asked of it (``overlaid``, by index: that refusal says it)."""
    from kinemotion.tracking import read_json

    reused = {} if reused is None else reused
    for i, kept in list(reused.items()):
        try:
            tracking = read_json(kept)
        except KinemotionError as exc:  # changed since it was checked: tracked after all
            del reused[i]
            echo(
                f"Warning: {printable_name(str(kept))} cannot be read ({exc}); tracking "
                f"{printable_name(str(videos[i]))} again",
                err=True,
            )
            todo = [*todo, i]
            continue
        yield i, tracking, None

    for i, path in enumerate(videos):
        if is_landmark_file(path):
            try:
                tracking = read_json(path)
            except KinemotionError as exc:
                yield i, None, str(exc)
                continue
            edited = edited_against_its_video(path, tracking)
            if edited is not None:
                yield i, None, edited
                continue
            differs = not_as_asked(tracking, request)
            if differs:
                echo(
                    f"Warning: {printable_name(str(path))} was tracked with {differs}: a landmark JSON is analysed as "
                    "it was tracked (the tracking options apply to videos); give its video to track it as asked.",
                    err=True,
                )
            replaced = None if i in overlaid else replaced_since(path, tracking)
            if replaced is not None:
                echo(f"Warning: {printable_name(replaced)}", err=True)
            yield i, tracking, None
    given = {i: rates[i] for i in todo if rates and rates[i] is not None}
    if given:
        from kinemotion.jump.inputs import capture_rate_problem
        from kinemotion.tracking.decode import file_frame_rate

        slower = {i: capture_rate_problem(file_frame_rate(videos[i]), fps) for i, fps in given.items()}
        for i, problem in slower.items():
            if problem is not None:
                yield i, None, AnalysisError(problem)
        todo = [i for i in todo if slower.get(i) is None]
    for index, result in batch.run([request.task(videos[i]) for i in todo], request.quiet):
        yield todo[index], result.tracking, result.error


def _holds_any(folder: Path, planned: Sequence[JumpTargets]) -> bool:
    """Whether a planned output goes inside ``folder``: ``--report out`` beside ``-o out`` names the folder the
    reports go in (not there yet, so it looked like a page's name without an extension)."""
    inside = os.path.abspath(folder) + os.sep
    return any(os.path.abspath(path).startswith(inside) for t in planned for path in t.files if path is not None)


def _table_path(kind: JumpKind, output: Path | None, many: bool) -> Path | None:
    """``FOLDER/<kind>-jumps.csv`` when ``-o`` names a folder (or several videos share it), else None."""
    if output is not None and is_folder(output, many):
        return output / f"{kind}-jumps.csv"
    return None


_TABLE_READ_AT_MOST = 50 * 2**20
"""An earlier table larger than this is not read for the videos it listed (it is no table of ours)."""


def _table_videos(text: str) -> list[str]:
    """The ``video_path`` cells of a jumps table, once each in order; none when ``text`` is not such a table."""
    import csv
    import io

    try:
        return list(dict.fromkeys(row["video_path"] for row in csv.DictReader(io.StringIO(text)) if row["video_path"]))
    except (csv.Error, KeyError, TypeError):
        return []


def _file_name(video_path: str) -> str:
    """The file name of a video path as a table records it (``/`` or ``\\`` separated), composed (NFC)."""
    return unicodedata.normalize("NFC", video_path.replace("\\", "/").rsplit("/", 1)[-1])


def _earlier_text(path: Path, at_most: int, errors: str = "strict") -> str | None:
    """The text of an earlier run's output at ``path`` (UTF-8, or as its byte-order mark says; ``errors`` as
    :meth:`bytes.decode` takes them); None when it is missing, larger than ``at_most`` bytes (no output of ours),
    unreadable or not text."""
    from kinemotion.tracking.text_files import TooLargeError, read_text

    try:
        return read_text(path, at_most, errors=errors) if path.is_file() else None  # (a named pipe would wait)
    except (OSError, UnicodeDecodeError, TooLargeError):
        return None


_REPORT_READ_AT_MOST = 50 * 2**20
"""An earlier report larger than this is not read for the capture rate it was made at (it is no report of ours)."""


@dataclass(frozen=True)
class _EarlierRate:
    """The capture rate a video's earlier report measured it at (:func:`_earlier_rate`)."""

    where: Path
    """The earlier report (set aside)."""
    fps: float


def _earlier_rate(previous: Path, report: Path, kind: str, capture_fps: float | None) -> _EarlierRate | None:
    """The rate ``previous`` (the video's earlier report, set aside now to ``report``'s ``.previous``, or set aside
    there by an earlier refusal) measured the video at, when it is another than this run's ``capture_fps``: a
    batch run again without ``--capture-fps`` (a clip added to the folder) refuses the slow-motion clip that a run
    of its own had measured (:func:`_earlier_rate_note` says so); None else."""
    import json

    from kinemotion.tracking.atomic import previous_path

    moved = previous_path(report)
    where = previous if previous.is_file() else moved
    text = _earlier_text(where, _REPORT_READ_AT_MOST)
    try:
        data = json.loads(text) if text is not None else None
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("kind") != kind:
        return None
    rate = data.get("capture_fps")
    if not isinstance(rate, (int, float)) or isinstance(rate, bool) or rate == capture_fps:
        return None
    return _EarlierRate(where, float(rate))


def _earlier_rate_note(
    found: _EarlierRate,
    kind: str,
    advice: _RateAdvice,
    i: int,
    report: Path,
    height: float | None,
    request: TrackingRequest,
    advised: bool = False,
) -> str:
    """The sentence that says video ``i``'s earlier report measured it at another rate, and how to have that
    again. In a run of several videos, that rate for this clip in the run's command (``--capture-fps
    NAME=FPS``: the table and the page keep every video), or nothing more when the message already ``advised``
    it (the clip's own rate replaced when it was given one: :class:`_RateAdvice`); for one video, the command that
    analyses it alone into ``report`` (:func:`_alone_at_rate`)."""
    videos = advice.videos
    said = f" Its earlier report ({printable_name(str(found.where))}) measured it with --capture-fps {found.fps:g}"
    if len(videos) > 1:
        if advised:
            return f"{said}."
        if i in advice.own:
            return f"{said}: {advice.replace(i, found.fps)}."
        return f"{said}: give that rate to this clip alone in this run's command ({advice.option(i, found.fps)})."
    command = _alone_at_rate(kind, videos[i], report, height, request, found.fps)
    return (
        f"{said}: give that option again, to this video alone ({command}), as the other videos' rate is their file's."
    )


def _alone_at_rate(
    kind: str, video: Path, report: Path, height: float | None, request: TrackingRequest, rate: float
) -> str:
    """The command (shell-quoted, printable) that analyses ``video`` alone at the capture ``rate`` into ``report``,
    with this run's backend, mode, person and ``height``: its kept landmarks are read, not tracked again, and the
    batch's jump table is left as it is."""
    import shlex

    # -o the report itself, not its folder: a video alone into a folder writes that folder's table anew, which
    # would drop the batch's other videos from it
    words = ["kinemotion", kind, str(video), "-o", str(as_given(report))]
    if request.backend not in (None, "auto"):
        words += ["-b", str(request.backend)]
    if request.mode != DEFAULT_MODE:
        words += ["-m", request.mode]
    if request.person:
        words += ["--person", request.person]
    for key, value in request.backend_options:
        words += ["-O", f"{key}={str(value).lower() if isinstance(value, bool) else value}"]
    if height is not None:
        words += ["--height", f"{height:g}"]
    return printable_name(shlex.join([*words, "--capture-fps", f"{rate:g}"]))


def _kept_path_to_write(
    video: Path,
    report: Path,
    inputs: Sequence[Path],
    earlier_report: Path,
    refused_kept: dict[str, object] | None = None,
) -> Path | None:
    """Where ``video``'s landmarks, tracked now, are kept beside ``report``
    (:func:`~kinemotion.cli._kept_landmarks.kept_path`): when nothing is there, or what is there is this video's
    landmarks as an earlier run kept them, vouched for by its report (``earlier_report``: tracked again with
    ``--force``, or because they no longer answer the request) or by its refusal (``refused_kept``, see
    :func:`~kinemotion.cli._kept_landmarks.refusal_kept`); never another file (``kinemotion track``'s for
    other options, or one edited since), nor one of the ``inputs``. None: not kept."""
    path = kept_path(video, report)
    if any(path.resolve() == given.resolve() for given in inputs) or path.is_symlink():
        return None
    if path.exists() and not (path.is_file() and (refused_kept is not None or _vouched_for(earlier_report, path))):
        return None
    return path


def _found_at(path: Path) -> dict[str, object] | None:
    """The size and digest of the file at ``path`` (None: none there, or one that cannot be read): compared
    before the landmarks are kept there, so that a file another run wrote meanwhile is never replaced."""
    from kinemotion.tracking.identity import file_record

    try:
        return file_record(path) if path.is_file() else None
    except OSError:
        return None


KEPT_ROLE = "landmarks"
"""The role under a report's ``outputs`` of the video's landmarks kept beside it, as kinemotion tracked them."""


def _vouched_for(earlier_report: Path, kept: Path) -> bool:
    """Whether ``earlier_report`` (the video's report before this run, wherever it is now), as kinemotion wrote
    it, records ``kept`` as written with it, byte for byte: the landmarks are then kinemotion's tracking of the
    video (checked against it and the request when found: :func:`earlier_landmarks`), never a file edited since
    (by hand, or by another program), whose reports name it and are never skipped."""
    import json

    from kinemotion.jump.schema import written_as_is
    from kinemotion.tracking.identity import same_file

    text = _earlier_text(earlier_report, _REPORT_READ_AT_MOST)
    try:
        data = json.loads(text) if text is not None else None
    except ValueError:
        return False
    if not isinstance(data, dict) or not written_as_is(data):
        return False
    outputs = data.get("outputs")
    return isinstance(outputs, dict) and same_file(outputs.get(KEPT_ROLE), kept)


def _athlete_named(report: Mapping[str, Any], video: Path, athletes: Mapping[str, str] | None) -> str:
    """The athlete the list names for ``report``'s video (as the session page names it), else the video's stem."""
    from kinemotion.athletes import report_athlete_match

    found = None if athletes is None else report_athlete_match(report, athletes)
    return video.stem if found is None else found[1]


def _check_not_replaced(athlete_list: Path, outputs: Iterable[Path | None]) -> None:
    """The athlete list read is none of the run's outputs (``--athlete out/cmj-jumps.csv`` would be replaced by the
    table it names the athletes of).

    Raises:
        click.BadParameter: naming the list and what would replace it.
    """
    for output in outputs:
        if output is not None and output.exists() and os.path.samefile(output, athlete_list):
            raise click.BadParameter(
                f"{printable_name(str(athlete_list))} is the athlete list read and an output of this run: it would "
                "be replaced; give the list from another file",
                param_hint="--athlete",
            )


def _earlier_table_videos(table: Path) -> list[str]:
    """The videos an existing ``table`` lists (none when it is missing, unreadable or not a jumps table)."""
    text = _earlier_text(table, _TABLE_READ_AT_MOST)
    return [] if text is None else _table_videos(text)


def _write_jumps_table(
    table: Path,
    reports: dict[int, dict[str, Any]],
    earlier_table: Path,
    failed: Collection[Path] = (),
    athletes: Mapping[str, str] | None = None,
) -> None:
    """Write this run's table; say so when it replaces one that listed other videos (their rows are gone from it:
    a second run into the same folder, for a clip that needed its own ``--capture-fps``). ``earlier_table``: where
    the table the run found is now (set aside as ``NAME.previous`` before the work, or still at ``table``).
    ``failed``: this run's videos that gave no report (said above as errors, not as videos left out of the run).
    ``athletes``: the athlete list's names (``--athlete``): an ``athlete`` column first."""
    from kinemotion.jump.report import jumps_csv
    from kinemotion.tracking.atomic import atomic_path
    from kinemotion.wording import first_and_more

    earlier = _earlier_table_videos(earlier_table)
    text = jumps_csv((reports[i] for i in sorted(reports)), athletes=athletes)
    with atomic_path(table) as partial:
        partial.write_text(text, encoding="utf-8")
    jumps = sum(len(r["jumps"]) for r in reports.values())
    echo(f"wrote {printable_name(str(table))} (one row per jump, {jumps} jump{'' if jumps == 1 else 's'})")
    now = {_file_name(video) for video in _table_videos(text)} | {_file_name(str(video)) for video in failed}
    # by file name: the table keeps each path as typed, and a run from another folder (or with ./a.mp4 for a.mp4)
    # names the same videos otherwise (and in either Unicode form: Jérôme.mp4 named on a Mac, then composed)
    dropped = [printable_name(video) for video in earlier if _file_name(video) not in now]
    if dropped:
        folder, one = printable_name(str(table.parent)), len(dropped) == 1
        echo(
            f"Warning: {printable_name(str(table))} listed the jumps of {len(dropped)} video{'' if one else 's'} "
            f"not in this run ({first_and_more(dropped, 10)}); it now lists this run's videos only. "
            f"{'Its report is' if one else 'Their reports are'} still in {folder} (`kinemotion report {folder}` "
            "shows every one); give all the videos to one command for one table, or "
            f"`kinemotion report {folder} -o {_in(folder, 'session.html')} --csv {_in(folder, 'session.csv')}` "
            "writes one table of every report there (a group of different heights is one run: --athlete LIST with "
            "a height_m column gives each athlete's).",
            err=True,
        )


def _in(folder: str, name: str) -> str:
    """``folder/name`` as a command line shows it (``folder`` already printable)."""
    return str(Path(folder) / name)


_PAGE_READ_AT_MOST = 500 * 2**20
"""An earlier page larger than this is not read for the reports it showed (100 videos make 12 MB)."""


def _earlier_page_reports(page: Path) -> list[str]:
    """The file names of the reports an existing session ``page`` shows (none when it is missing, unreadable or
    not a page of ours)."""
    from kinemotion.report_html.page import shown_reports

    text = _earlier_text(page, _PAGE_READ_AT_MOST, errors="replace")
    return [] if text is None else shown_reports(text)


def _recorded_refusals(failed: Mapping[tuple[Path, Path], str]) -> tuple[list[Problem], list[Refusal]]:
    """``failed`` (by video and where its refusal is recorded, the error) as the page lists it: a recorded
    refusal as a clip not measured, as `kinemotion report` lists it; a video with no record (not read, not
    tracked: said then) as left out."""
    from kinemotion.jump.refusal import read_refusal
    from kinemotion.report_html import Problem

    problems, refusals = [], []
    for (video, record), why in failed.items():
        try:
            refusals.append(read_refusal(record))
        except KinemotionError:  # not written (said then)
            problems.append(Problem(str(video), why))
    return problems, refusals


def _write_report(
    path: Path,
    done: list[tuple[Path, Path, dict[str, Any]]],
    problems: list[Problem],
    refusals: list[Refusal],
    quiet: bool,
    earlier_page: Path,
    failed_reports: Collection[str] = (),
    athletes: Mapping[str, str] | None = None,
) -> None:
    """The session page of the videos analysed (or skipped as done before), listing those that gave no jump
    (``problems`` and ``refusals``: :func:`_recorded_refusals`); say so when it replaces a page that showed other
    reports (a second run into the same folder, for a clip that needed its own ``--capture-fps``: the coach's
    page lost the others). ``earlier_page``: where the page the run found is now (set aside as ``NAME.previous``
    before the work, or still at ``path``). ``failed_reports``: the report names of this run's videos that gave
    none (the page lists them as such: not left out of the run). ``athletes``: the athlete list's names
    (``--athlete``), matched to the videos as ``kinemotion report`` matches them."""
    from kinemotion.cli.report_cmd import write_session_report
    from kinemotion.report_html import Session, SessionEntry
    from kinemotion.report_html.sources import mixed_backends, same_video_twice
    from kinemotion.wording import first_and_more

    earlier = _earlier_page_reports(earlier_page)
    entries = [
        SessionEntry(data, as_given(json_path), _athlete_named(data, video, athletes), video)
        for video, json_path, data in done
    ]
    # a copy of a video given with it: its jumps counted twice, said as `kinemotion report` says it
    mixed = mixed_backends(entries)  # `-b auto` falling back on one worker: its videos measure differently
    session = Session(entries, problems, [*([mixed] if mixed else []), *same_video_twice(entries)], refusals)
    write_session_report(session, path, quiet=quiet)
    composed = partial(unicodedata.normalize, "NFC")  # a report named on a Mac, then composed, is the same
    now = {composed(json_path.name) for _, json_path, _ in done} | set(map(composed, failed_reports))
    dropped = [printable_name(name) for name in earlier if composed(name) not in now]
    if dropped:
        folders = {json_path.parent for _, json_path, _ in done}
        folder = printable_name(str(folders.pop() if len(folders) == 1 else path.parent))
        one = len(dropped) == 1
        echo(
            f"Warning: {printable_name(str(path))} showed {len(dropped)} report{'' if one else 's'} not in this run "
            f"({first_and_more(dropped, 10)}); it now shows this run's videos only. For one page of every report "
            f"of the folder: kinemotion report {folder} -o {printable_name(str(path))}",
            err=True,
        )


def _fmt(jump: Mapping[str, Any]) -> str:
    """``flight_time_s=0.270±0.025, ...``: a jump's known metrics, each with its 90 % half-width when it has one."""
    spread = jump.get("uncertainty") or {}
    return ", ".join(
        f"{k}={v:.3f}" + (f"±{spread[k]:.3f}" if isinstance(spread.get(k), float | int) else "")
        for k, v in jump["metrics"].items()
        if v is not None
    )


def _echo_report(video: Path, data: dict[str, Any]) -> None:
    """One line per jump, then the set's summary when there are several, then the flags."""
    from kinemotion.wording import jump_numbers

    jumps = data["jumps"]
    name = data["backend"]["name"]
    if len(jumps) == 1:
        echo(f"{printable_name(str(video))} [{name}]: {_fmt(jumps[0])}")
    else:
        echo(f"{printable_name(str(video))} [{name}]: {len(jumps)} jumps (best: jump {data['best_jump']})")
        for jump in jumps:
            echo(f"  jump {jump['number']}: {_fmt(jump)}")
        for metric, stats in data["summary"].items():
            if stats["count"] > 1:
                best = "" if stats["best"] is None else f", best {stats['best']:.3f}"  # an angle has none
                cv = "" if stats["cv_percent"] is None else f", CV {stats['cv_percent']:.1f} %"
                echo(f"  {metric}: mean {stats['mean']:.3f}, SD {stats['sd']:.3f}{cv}{best}")
    for flag in data["quality"]:
        echo(f"  note: {flag}")
    shared: dict[str, list[int]] = {}  # a flag several jumps share (every hop of a set) is said once
    for jump in jumps:
        for flag in jump["quality"]:
            shared.setdefault(flag, []).append(int(jump["number"]))
    for flag, numbers in shared.items():
        echo(f"  note ({jump_numbers(numbers)}): {flag}")
    for note in data["notes"]:
        echo(f"  note: {note}")


def _plot_failure(kind: str, tracking: TrackingResult, exc: Exception, plot_path: Path) -> None:
    """The plot of an analysis that gave no result: its signals and the events found, or (when it stopped
    before its signals existed: too short, frame rate too low, nobody found) what the backend saw."""
    from kinemotion.errors import AnalysisError
    from kinemotion.jump.plot import plot_signals, plot_tracking
    from kinemotion.jump.signals import JumpSignals

    phases = exc.phases_s if isinstance(exc, AnalysisError) else {}
    subtitle = f"{Path(tracking.video.path).name} — {tracking.backend.name} — no result: {str(exc).split(':')[0]}"
    try:
        signals = JumpSignals.from_tracking(tracking)
    except AnalysisError:
        plot_tracking(tracking, plot_path, kind, subtitle)
        return
    plot_signals(signals, phases, plot_path, kind, subtitle)


class DecimalNumber(click.types.FloatParamType):
    """A number as click's ``float`` reads it; one written with a decimal comma (``--height 1,80``, as a European
    keyboard or spreadsheet gives it) is refused with the number written with a point, where click said only
    "'1,80' is not a valid float" (a comma is never read as a point: ``1,000`` may mean a thousand)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as a float, or a usage error saying how to write it."""
        if isinstance(value, str) and value.count(",") == 1 and value.replace(",", "", 1).strip().isdigit():
            self.fail(f"{value!r} is not a number: write it with a decimal point, {value.strip().replace(',', '.')}")
        fraction = _FRACTION.match(value) if isinstance(value, str) else None
        if fraction is not None and float(fraction[2]) > 0:  # a rate as ffprobe writes it (r_frame_rate)
            decimal = f"{float(fraction[1]) / float(fraction[2]):.3f}".rstrip("0").rstrip(".")
            self.fail(
                f"{value!r} is a fraction (as ffprobe writes a frame rate): write it as a number, {decimal}", param, ctx
            )
        if isinstance(value, str) and not value.strip():
            self.fail("no number given", param, ctx)
        unit = _WITH_UNIT.match(value) if isinstance(value, str) else None
        if unit is not None:  # --height 1.8m, --capture-fps 240fps
            self.fail(f"{value!r} is not a number: write the number alone, without {unit[2]!r}: {unit[1]}", param, ctx)
        if isinstance(value, str) and "_" in value:  # float() reads '1_8' as 18
            self.fail(
                f"{value!r} is not a number: write it with digits and a decimal point alone (e.g. 1.80)", param, ctx
            )
        return super().convert(value, param, ctx)


_WITH_UNIT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def _file_record(video: VideoInfo) -> dict[str, Any]:
    """Which file a video tracked was (its size and digest), as a :class:`Refusal`'s fields; none when not known."""
    if video.size_bytes is None or video.fingerprint is None:
        return {}
    return {"video_size_bytes": video.size_bytes, "video_fingerprint": video.fingerprint}


def _checked_by(check: Callable[[float | None], float | None]) -> Callable[..., float | None]:
    """A click callback: the option's value through ``check`` (from :mod:`kinemotion.jump.inputs`), refused at
    the option (exit 2) with its message otherwise. ``--height``: a plausible height in metres (``--capture-fps``
    checks its rates as it reads them: :class:`~kinemotion.cli._capture_rates.CaptureRateType`)."""

    def callback(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
        try:
            return check(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc

    return callback


def _check_files(videos: tuple[Path, ...], planned: list[JumpTargets]) -> None:
    """The plot and overlay names are of a kind that can be written, and each overlay's video has a frame size
    the encoder takes (before any work: the overlay is drawn after the analysis)."""
    from kinemotion.jump.plot import check_plot_path
    from kinemotion.tracking.overlay import check_overlay_path, check_overlay_size

    for video, targets in zip(videos, planned, strict=True):
        if targets.plot is not None:
            check_plot_path(targets.plot)
        if targets.overlay is not None:
            check_overlay_path(targets.overlay)
            if not is_landmark_file(video):  # no video to open; its frame size is told when drawn (no tracking lost)
                check_overlay_size(video, targets.overlay)


def _command(kind: JumpKind, help_text: str) -> click.Command:
    @click.command(name=kind, help=help_text)
    @video_batch_command
    @path_option(
        "--output",
        "-o",
        help=f"JSON report (a folder for several videos, with a CSV of every jump). Default: VIDEO.{kind}.json.",
    )
    @path_option(
        "--plot",
        help="Plot of foot and hip height with the phases (.png, .svg, .pdf: any format matplotlib writes; "
        f"needs: {pip_install('plot')}); a folder for several videos.",
    )
    @path_option(
        "--overlay",
        help="Annotated video with the phase name on each frame (.mp4, .mov, .m4v, .mkv or .avi); a folder for "
        "several videos.",
    )
    @click.option(
        "--height",
        type=DecimalNumber(),
        default=None,
        callback=_checked_by(check_athlete_height),
        metavar="METRES",
        help="Athlete's height in metres (0.5-2.5, e.g. 1.80): metres as well as body heights. Each video's "
        "own: the height_m column of --athlete.",
    )
    @athlete_list_option(
        "athlete_list",
        "CSV naming the athlete in each video (columns video,athlete, as `kinemotion report --athlete` reads "
        "it) and, in a height_m column, each one's height: the videos a row gives one are measured at it (--height: "
        "the others). The names go into the table and the page.",
    )
    @click.option(
        "--capture-fps",
        type=CaptureRateType(DecimalNumber()),
        multiple=True,
        metavar="[CLIP=]FPS",
        help="The rate the clip was filmed at, when it differs from the file's (slow motion saved at 30 fps: "
        "e.g. 240). Times are scaled by it. FPS applies to every video; CLIP=FPS to that clip alone (its file name "
        "or path), repeatable: --capture-fps header.mp4=240 measures a slow-motion clip among others.",
    )
    @path_option(
        "--report",
        help="Also one HTML page of every jump of these videos, with charts and still frames, and of the clips "
        "refused, with why (see `kinemotion report`); a folder gets session.html.",
    )
    def command(
        videos: tuple[Path, ...],
        output: Path | None,
        plot: Path | None,
        overlay: Path | None,
        height: float | None,
        athlete_list: Path | None,
        capture_fps: tuple[CaptureRate, ...],
        report: Path | None,
        request: TrackingRequest,
        batch: BatchSettings,
        names_given: int,
    ) -> None:
        given = names_given  # links to one file left out: still a folder for the names given
        many = given > 1
        for option, name in ((output, "-o"), (plot, "--plot"), (overlay, "--overlay")):
            check_folder_for_several(option, name, given)
        rates = per_video(videos, capture_fps)  # before any work: a clip named that is none of the videos
        athletes = None if athlete_list is None else read_athlete_list(athlete_list)  # before any work, as rates
        heights, unmatched = heights_per_video(videos, height, athletes)
        planned = [JumpTargets.plan(kind, video, output, plot, overlay, many) for video in videos]
        if report is not None and (report.is_dir() or given_as_folder(report) or _holds_any(report, planned)):
            report = report / "session.html"  # a folder, as for `kinemotion report -o`
        files: list[tuple[Path | None, ...]] = [t.files for t in planned]
        table = _table_path(kind, output, many)
        table = None if table is None else anchored(table)
        report = None if report is None else anchored(report)
        files[0] = (*files[0], table, report)  # the table and the page: checked with the first video's files
        # each video's refusal record: checked and held with its outputs, never set aside (a record, no result)
        checked = [(*paths, targets.refusal) for paths, targets in zip(files, planned, strict=True)]
        if report is not None:  # first: `--report out/cmj-jumps.csv` is a page named as a table
            from kinemotion.report_html.build import check_page_path

            check_page_path(report)  # before any work: `--report r.pdf` wrote HTML under a PDF's name
        check_outputs(videos, checked, writable=False)  # before any work: no clash, no input overwritten
        read_only = unwritable(checked)  # and every output writable, unless the run has nothing to write
        if overlay is not None:  # the one output that can be a video: never the one a landmark file stands for
            check_recorded_videos(videos, files)  # (each file read once more: only when drawing on its video)
        from kinemotion.tracking.json_output import check_not_landmarks

        for targets in planned:  # after the clashes, whose messages say more (`-o VIDEO`: it is the input video)
            check_json_name(targets.json, kind)
            check_not_landmarks(targets.json, kind)  # `track v.mp4 -o r.json`, then `cmj v.mp4 -o r.json`
        # from before what is done is read until the end: no other run writes these files meanwhile
        # (a video's kept landmarks are held only when read or written: kinemotion.cli._kept_landmarks)
        click.get_current_context().with_resource(outputs_held(path for paths in checked for path in paths))
        _check_files(videos, planned)
        if athlete_list is not None:
            _check_not_replaced(athlete_list, [table, report, *(p for paths in checked for p in paths)])
        for warning in unmatched:
            echo(f"Warning: {warning}", err=True)
        names = None if athletes is None else athletes.names
        if read_only is not None:  # a folder nothing can be written in: only a run that changes nothing there
            _end_unchanged(kind, videos, planned, heights, rates, request, batch, table, report, names, read_only)
            return
        failures: dict[int, str] = {}
        incomplete: set[int] = set()
        refused: set[int] = set()
        skipped: set[int] = set()
        # a video's outputs named in the other Unicode form (Jérôme.mp4 named on a Mac, then composed): its own
        twins = [
            unicode_twins(targets.files, video, targets.refusal, kept_path(video, targets.json))
            for targets, video in zip(planned, videos, strict=True)
        ]
        earlier = EarlierOutputs([*(path for planned_files in files for path in planned_files), *chain(*twins)])
        with earlier.set_aside_on_failure():
            earlier.set_aside_ahead([table, report])  # rewritten by every run: never left beside newer reports
            earlier.set_aside_ahead(chain(*twins))  # never shown beside this run's report as another result
            reports = _run(
                kind,
                videos,
                planned,
                heights,
                request,
                batch,
                failures,
                earlier,
                rates,
                incomplete,
                capture_fps,
                refused,
                skipped,
            )
            earlier.replaced(twin for i in reports for twin in twins[i])  # as a report written in their place
            if table is not None:  # this run's jumps, none when every video failed: never an earlier run's rows
                _write_jumps_table(table, reports, earlier.earlier_file(table), [videos[i] for i in failures], names)
                earlier.replaced([table])
            elif many and reports:  # each report went beside its video: the table needs a folder of its own
                echo(f"(no table of the jumps: -o FOLDER writes FOLDER/{kind}-jumps.csv, one row per jump)")
            failed_videos = {(videos[i], planned[i].refusal): failures[i] for i in sorted(failures)}
            problems, refusals = _recorded_refusals(failed_videos)
            # a page of refused clips alone too, as `kinemotion report out` makes of their records
            if report is not None and (reports or refusals):
                done = [(video_of(videos[i], reports[i]), planned[i].json, reports[i]) for i in sorted(reports)]
                failed_reports = [planned[i].json.name for i in failures]
                _write_report(
                    report, done, problems, refusals, request.quiet, earlier.earlier_file(report), failed_reports, names
                )
                earlier.replaced([report])
            elif report is not None:
                note = aside_note(earlier.set_aside([report]))
                why = f"no video gave a {kind} report or was refused by the analysis (see the errors above)."
                echo(f"Error: {ended(f'{printable_name(str(report))} not written: {why}', note)}", err=True)
        # a page an earlier run left beside the reports this run replaced shows their earlier results: named
        replaced = [planned[i].json for i in range(len(videos)) if i not in skipped]
        ran = {video: t.json for video, t in zip(videos, planned, strict=True)}
        for page, shown in stale_pages(ran, kind, replaced, [] if report is None else [report]):
            echo(stale_page_warning(page, shown), err=True)
        failed = [video for i, video in enumerate(videos) if i not in reports and i not in refused]
        summarize_batch(videos, failed, [videos[i] for i in sorted(incomplete)], [videos[i] for i in sorted(refused)])
        exit_for_batch(len(videos), len(failed) + len(refused), len(incomplete))

    return command


_LANDMARKS_HELP = (
    "\n\nA VIDEO may be the landmark JSON `kinemotion track` wrote: analysed without tracking (the backend "
    "options do not apply to it)."
)
cmj = _command(
    "cmj",
    "Counter-movement and squat jump metrics of every jump in each VIDEO (flight time, height, depth, velocity), "
    "with the set's mean, SD, CV and best. A jump without a countermovement is measured as a squat jump "
    '("jump_kind": "squat_jump").' + _LANDMARKS_HELP,
)
dropjump = _command(
    "dropjump",
    "Drop jump metrics of every drop jump in each VIDEO (contact time, flight time, height, RSI), "
    "with the set's mean, SD, CV and best." + _LANDMARKS_HELP,
)
