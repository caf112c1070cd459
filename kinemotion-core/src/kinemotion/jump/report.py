"""Running a jump analysis on a video; its JSON report and the per-jump CSV table.

JSON (schema ``kinemotion.jump/2``, file ``kinemotion/schemas/jump.schema.json``, checked when read back by
:func:`~kinemotion.jump.schema.report_problem`):
one entry per jump (number, metrics, phases in s and frames, quality flags,
and the athlete's pose on the take-off and landing frames), the set's
summary (count, mean, SD, CV %, best per metric), the best jump's number,
notes on flights that were not analysed, the recording's quality flags, the
backend and video it came from, and the feet and hip height series the
events were found on (what the HTML report charts, see
:mod:`kinemotion.report_html`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any, Generic, Literal, overload

import numpy as np

from kinemotion.athletes import report_athlete_match
from kinemotion.errors import AnalysisError
from kinemotion.jump.analyses import ANALYSES, Analysis, JumpKind
from kinemotion.jump.ballistic import EditedClipError, SlowMotionError, check_capture_rate, common_rate, edited_clip
from kinemotion.jump.cmj import CMJResult
from kinemotion.jump.dropjump import DropJumpResult
from kinemotion.jump.events import find_flights
from kinemotion.jump.inputs import (
    CaptureScalingError,
    capture_rate_problem,
    check_athlete_height,
    check_capture_fps,
    check_capture_scaling,
    check_kind,
    check_tracking,
)
from kinemotion.jump.quality import quality_flags, statement_kinds
from kinemotion.jump.result import JumpResult, JumpSet
from kinemotion.jump.schema import CONTENT_DIGEST, JUMP_SCHEMA_PATH, SCHEMA, content_digest, report_problem
from kinemotion.jump.signals import JumpSignals
from kinemotion.tracking.atomic import atomic_path, refuse_to_replace
from kinemotion.tracking.decode import check_path_type
from kinemotion.tracking.identity import another_file_at
from kinemotion.tracking.json_output import check_json_output, check_not_landmarks
from kinemotion.tracking.pipeline import check_track_arguments, track_video
from kinemotion.tracking.result import TrackingResult

__all__ = [
    "JUMP_SCHEMA_PATH",
    "SCHEMA",
    "JumpKind",
    "JumpReport",
    "analyze_tracking",
    "analyze_video",
    "check_athlete_height",
    "jumps_csv",
    "report_problem",
    "write_report_json",
]

if sys.version_info >= (3, 13):
    from typing import TypeVar
else:  # a type variable's default (PEP 696)
    from typing_extensions import TypeVar

Jump = TypeVar("Jump", bound=JumpResult, default=JumpResult, covariant=True)
"""The result class of a report's jumps: :class:`CMJResult` for ``"cmj"``, :class:`DropJumpResult` for
``"dropjump"``; a plain ``JumpReport`` is ``JumpReport[JumpResult]``."""

POSE_EVENTS = ("takeoff", "landing")
"""The events whose frame's pose every jump carries (the report's still frames)."""


@dataclass(frozen=True)
class JumpReport(Generic[Jump]):
    """Every jump of one kind in a video, with the tracking it came from (backend and video recorded).

    Generic in its jumps' class: :func:`analyze_video` and :func:`analyze_tracking` give a
    ``JumpReport[CMJResult]`` for ``"cmj"`` and a ``JumpReport[DropJumpResult]`` for ``"dropjump"``, so a type
    checker knows ``report.jumps[0].flight_time_s``.
    """

    kind: JumpKind
    """``"cmj"`` or ``"dropjump"``: the analysis that made it."""
    tracking: TrackingResult
    """The landmarks analysed, with the video's and the backend's record."""
    signals: JumpSignals
    """The feet and hip height series the events were found on (what ``--plot`` and the session page draw)."""
    jump_set: JumpSet[Jump]
    """Every jump found and the notes on flights not analysed; :attr:`jumps` and :attr:`result` read it."""
    athlete_height_m: float | None = None
    """The athlete's height the metres were scaled by (CMJ), when given."""
    capture_fps: float | None = None
    """The rate the clip was filmed at, when given because it differs from the file's (slow motion)."""

    def __repr__(self) -> str:
        """One line: the kind, video, backend, jump count and best jump, the height and capture rate given (not
        the tracking and signal arrays the fields hold, thousands of numbers in a notebook's output)."""
        return (
            f"JumpReport(kind={self.kind!r}, video={self.tracking.video.path!r}, "
            f"backend={self.tracking.backend.name!r}, jumps={len(self.jumps)}, best_jump={self.result.number}, "
            f"athlete_height_m={self.athlete_height_m!r}, capture_fps={self.capture_fps!r})"
        )

    @property
    def analysis(self) -> Analysis:
        """The row of :data:`~kinemotion.jump.analyses.ANALYSES` for this report's kind."""
        return ANALYSES[self.kind]

    @property
    def jumps(self) -> tuple[Jump, ...]:
        """The jumps in time order (``number`` 1, 2, ...): ``CMJResult`` or ``DropJumpResult``."""
        return tuple(self.jump_set.jumps)

    @property
    def result(self) -> Jump:
        """The best jump: the longest flight (CMJ) or the highest reactive strength index (drop jump)."""
        return self.analysis.best(self.jumps)

    def recording_quality(self) -> list[str]:
        """Flags about the whole recording (coverage, frame rate, noise, a video read only in part), shared by
        every jump."""
        flags = quality_flags(self.signals)
        if not self.tracking.complete:
            read, total = self.tracking.frame_count, self.tracking.video.frame_count
            flags.append(
                f"the video could be read only up to frame {read} of {total} (truncated or corrupt file): "
                "any jump after that is missing"
            )
        return flags

    def to_json_dict(
        self,
        outputs: Mapping[str, Mapping[str, object]] | None = None,
        landmarks_file: Mapping[str, object] | None = None,
    ) -> dict[str, Any]:
        """Jumps, summary, quality flags, backend and video metadata (see the module docstring); ``outputs``:
        the files written with the report, by role (``{"plot": {"size_bytes": ..., "fingerprint": ...}}``,
        see :func:`kinemotion.tracking.identity.file_record`); ``landmarks_file``: the landmark JSON the
        tracking was read from (its path, size and digest), when it was not tracked from the video now (a
        run on the video never takes such a report as its own: the file may have been edited)."""
        from kinemotion.versions import recorded_kinemotion_version

        shared = self.recording_quality()
        return {
            "schema": SCHEMA,
            "kinemotion_version": recorded_kinemotion_version(),
            "kind": self.kind,
            "video": asdict(self.tracking.video),
            "backend": asdict(self.tracking.backend),
            "tracking_complete": self.tracking.complete,
            "athlete_height_m": self.athlete_height_m,
            **({} if self.capture_fps is None else {"capture_fps": self.capture_fps}),
            **({"outputs": {role: dict(record) for role, record in outputs.items()}} if outputs else {}),
            **({} if landmarks_file is None else {"landmarks_file": dict(landmarks_file)}),
            "frame_rate": round(self.signals.fps, 3),
            "tracked_fraction": round(self.signals.tracked_fraction, 4),
            "jump_count": len(self.jumps),
            "best_jump": self.result.number,
            "jumps": [
                {
                    "number": j.number,
                    **({"jump_kind": j.jump_kind} if isinstance(j, CMJResult) else {}),
                    **(
                        {"takeoff_velocity_source": "hip"}
                        if isinstance(j, CMJResult) and j.takeoff_velocity_m_s is not None
                        else {}
                    ),
                    "metrics": {k: _known(v) for k, v in j.metrics().items()},
                    "phases_s": j.phases_s,
                    **({"unknown_events": list(j.unknown_events)} if j.unknown_events else {}),
                    "phases_frame": {k: round(v, 2) for k, v in j.phases_frame.items()},
                    "phases_uncertainty_s": {k: round(v, 4) for k, v in j.uncertainty_s.items()},
                    "uncertainty": {k: round(v, 4) for k, v in j.metric_uncertainty.items()},
                    "quality": [q for q in j.quality if q not in shared],
                    "poses": self._poses(j),
                    **j.findings(),
                }
                for j in self.jumps
            ],
            "summary": self.jump_set.summary(),
            "notes": list(self.jump_set.notes),
            "quality": shared,
            "quality_kinds": statement_kinds(shared, self.signals.fps),
            "series": self._series(),
        }

    def _poses(self, jump: JumpResult) -> dict[str, dict[str, Any]]:
        """The frame of each of :data:`POSE_EVENTS` (the first frame at or after it), its time and landmarks."""
        last = self.tracking.frame_count - 1
        out: dict[str, dict[str, Any]] = {}
        for event in POSE_EVENTS:
            if event not in jump.phases_frame:
                continue
            frame = min(last, max(0, math.ceil(jump.phases_frame[event] - 1e-6)))
            landmarks = self.tracking.frame(frame) or {}
            out[event] = {
                "frame": frame,
                "time_s": round(float(self.signals.t[frame]), 4),
                "landmarks": {n: [round(x, 4), round(y, 4), round(v, 3)] for n, (x, y, v) in landmarks.items()},
            }
        return out

    def _series(self) -> dict[str, list[float | None]]:
        """Time (s), feet and smoothed hip height (body heights, up positive) per frame; null where not tracked."""

        def values(a: Any, digits: int) -> list[float | None]:
            return [round(float(v), digits) if math.isfinite(v) else None for v in a]

        s = self.signals
        return {"time_s": values(s.t, 4), "feet_bh": values(s.foot, 4), "hip_bh": values(s.hip_smooth, 4)}

    def write_json(self, path: str | Path, outputs: Mapping[str, Mapping[str, object]] | None = None) -> Path:
        """Write :meth:`to_json_dict` (recording ``outputs``) to ``path`` (see :func:`write_report_json`);
        returns the path."""
        return write_report_json(self.to_json_dict(outputs), path)


def _not_json(value: object, where: str = "") -> tuple[str, float] | None:
    """The first number in ``value`` (a report's data, nested) that JSON cannot hold (NaN, infinity), with where
    it is (``jumps[1].jump_height_m``); None when there is none."""
    if isinstance(value, float):
        return None if math.isfinite(value) else (where or "the value", value)
    if isinstance(value, Mapping):
        items: Iterable[tuple[str, object]] = ((f"{where}.{k}" if where else str(k), v) for k, v in value.items())
    elif isinstance(value, list | tuple):
        items = ((f"{where}[{i}]", v) for i, v in enumerate(value))
    else:
        return None
    for inner, item in items:
        found = _not_json(item, inner)
        if found is not None:
            return found
    return None


def write_report_json(data: Mapping[str, Any], path: str | Path) -> Path:
    """Write a report's JSON (:meth:`JumpReport.to_json_dict`, built once by a caller that also reads it) to
    ``path`` as indented UTF-8 JSON, atomically, never over the video it records (``video.path``), with the
    digest of its values (``content_digest``, :func:`~kinemotion.jump.schema.content_digest`: a re-run skips
    only a report that is as written); returns the path.

    Raises:
        OutputError: ``path`` names a folder or another kind of file (``.mp4``, ``.csv``, ``.html``, ...: see
            :func:`~kinemotion.tracking.json_output.check_json_output`), or a landmark JSON (the landmarks a
            report is made from: the slow part to make again).
        ValueError: a value in ``data`` is NaN or infinite, which JSON cannot hold (a value not known is None),
            naming where it is; nothing is written.
    """
    check_path_type(path, "the jump report's path")
    target = Path(path)
    video = data.get("video")
    source = video.get("path") if isinstance(video, Mapping) and isinstance(video.get("path"), str) else None
    refuse_to_replace(target, [source])  # first: the more telling message
    check_json_output(path, "jump report")  # as given: "results/" names a folder
    check_not_landmarks(target, str(data.get("kind", "cmj")))
    not_json = _not_json(data)
    if not_json is not None:
        where, value = not_json
        raise ValueError(
            f"{where} is {value!r}: JSON has no NaN or infinity (a strict reader refuses the file); kinemotion's "
            f"reports record a value not known as None (null): put None there"
        )
    signed = {**data, CONTENT_DIGEST: content_digest(data)}  # a re-run skips it only as written (never edited)
    with atomic_path(target, keep=[source]) as partial:
        partial.write_text(json.dumps(signed, indent=2), encoding="utf-8")
    return target


@overload
def analyze_tracking(
    tracking: TrackingResult,
    kind: Literal["cmj"],
    athlete_height_m: float | None = None,
    capture_fps: float | None = None,
) -> JumpReport[CMJResult]: ...
@overload
def analyze_tracking(
    tracking: TrackingResult,
    kind: Literal["dropjump"],
    athlete_height_m: float | None = None,
    capture_fps: float | None = None,
) -> JumpReport[DropJumpResult]: ...
@overload
def analyze_tracking(
    tracking: TrackingResult, kind: JumpKind, athlete_height_m: float | None = None, capture_fps: float | None = None
) -> JumpReport: ...
def analyze_tracking(
    tracking: TrackingResult, kind: JumpKind, athlete_height_m: float | None = None, capture_fps: float | None = None
) -> JumpReport[Any]:
    """Analyse every jump in an already tracked video (``capture_fps``: see :meth:`JumpSignals.from_tracking`).

    Raises:
        AnalysisError: no jump could be analysed (the message says why), or the tracking cannot be (its
            timestamps do not increase, a landmark is not a number near the frame: see :func:`check_tracking`).
        ValueError: ``kind`` is not an analysis, ``athlete_height_m`` is not a plausible height in metres
            (see :func:`check_athlete_height`), ``capture_fps`` not a plausible rate (:func:`check_capture_fps`).
    """
    kind = check_kind(kind)
    athlete_height_m = check_athlete_height(athlete_height_m)
    capture_fps = check_capture_fps(capture_fps)
    check_tracking(tracking)
    if not (isinstance(tracking.landmarks, np.ndarray) and isinstance(tracking.timestamps_ms, np.ndarray)):
        tracking = dataclasses.replace(  # nested lists (another tool's landmarks, read from JSON) as the arrays
            tracking,
            landmarks=np.asarray(tracking.landmarks, dtype=np.float32),
            timestamps_ms=np.asarray(tracking.timestamps_ms, dtype=np.float64),
        )
    check_capture_scaling(tracking, capture_fps)
    signals: JumpSignals | None = None
    try:
        signals = JumpSignals.from_tracking(tracking, capture_fps)
        jump_set = ANALYSES[kind].analyse(signals, athlete_height_m)
    except AnalysisError as exc:
        if capture_fps is None:
            raise
        if signals is not None:
            _refuse_if_edited(signals, tracking, capture_fps)
        said = str(exc) if str(exc).endswith(".") else f"{exc}."
        suggested = None if isinstance(exc, SlowMotionError) else _rate_on_file_clock(tracking, kind, athlete_height_m)
        fps = float(tracking.video.fps)
        raise CaptureScalingError(said, fps, capture_fps, suggested, exc.phases_s) from exc
    if capture_fps is not None:  # the clip claimed to be slow motion, all of it, at this rate
        _refuse_if_edited(signals, tracking, capture_fps)
        flights = [(j.phases_s["takeoff"], j.phases_s["landing"]) for j in jump_set.jumps]
        check_capture_rate(signals, flights, capture_fps, float(tracking.video.fps), athlete_height_m)
    return JumpReport(kind, tracking, signals, jump_set, athlete_height_m, capture_fps)


def _rate_on_file_clock(tracking: TrackingResult, kind: JumpKind, athlete_height_m: float | None) -> float | None:
    """The capture rate at which the clip's flights fall at g, judged on the file's own clock (as without
    ``--capture-fps``), or None (no slow motion there, an edited clip, no flight). What to offer when the rate
    given finds no jump: at ``--capture-fps 960`` a clip filmed at 240 has flights too short to be flights, and
    the refusal said only "if the clip is not slow motion, leave --capture-fps out" of a slow-motion clip."""
    try:
        ANALYSES[kind].analyse(JumpSignals.from_tracking(tracking), athlete_height_m)
    except EditedClipError:
        return None
    except SlowMotionError as exc:
        return None if exc.capture_fps is None else float(common_rate(exc.capture_fps))
    except AnalysisError:
        return None
    return None


def _refuse_if_edited(signals: JumpSignals, tracking: TrackingResult, capture_fps: float) -> None:
    """Refuse a clip claimed to be slow motion (``capture_fps``) whose flights run at different speeds: edited,
    slowed only in part (a slowed flight then looks like a jump at the claimed rate, and the others do not).

    The flights are looked for at the claimed rate and at the file's: at 240 a flight in real time at 30 lasts an
    eighth of itself, too short for one, so a clip slowed over one jump of two was measured by that jump alone.
    Its times are the file's (a player's; they were the claimed rate's, which no player shows), and it does not
    end "leave --capture-fps out", as other refusals with a capture rate do: without one it is refused the same.

    Raises:
        EditedClipError: see :func:`~kinemotion.jump.ballistic.edited_clip`.
    """
    edited = edited_clip(signals, find_flights(signals), capture_fps / float(tracking.video.fps))
    if edited is None:  # on the file's clock too: at the claimed rate a real-time flight is too short to be found
        file_clock = JumpSignals.from_tracking(tracking)
        edited = edited_clip(file_clock, find_flights(file_clock))
    if edited is not None:
        raise edited


@overload
def analyze_video(
    path: str | Path,
    kind: Literal["cmj"],
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    athlete_height_m: float | None = None,
    capture_fps: float | None = None,
    progress: bool | None = None,
) -> JumpReport[CMJResult]: ...
@overload
def analyze_video(
    path: str | Path,
    kind: Literal["dropjump"],
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    athlete_height_m: float | None = None,
    capture_fps: float | None = None,
    progress: bool | None = None,
) -> JumpReport[DropJumpResult]: ...
@overload
def analyze_video(
    path: str | Path,
    kind: JumpKind,
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    athlete_height_m: float | None = None,
    capture_fps: float | None = None,
    progress: bool | None = None,
) -> JumpReport: ...
def analyze_video(
    path: str | Path,
    kind: JumpKind,
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    athlete_height_m: float | None = None,
    capture_fps: float | None = None,
    progress: bool | None = None,
) -> JumpReport[Any]:
    """Track ``path`` with ``backend`` (see :func:`kinemotion.create_tracker`) and analyse every jump.

    :func:`~kinemotion.tracking.track_video`, then :func:`analyze_tracking`: the
    report's ``jumps`` are every jump found, ``jump_set`` their summary and
    ``result`` the best one.

    Args:
        path: the video file.
        kind: ``"cmj"`` or ``"dropjump"``.
        backend: backend name, ``"auto"``, or None for ``$POSE_TRACKER_BACKEND``/auto.
        mode: the backend mode.
        athlete_height_m: the athlete's height (0.5-2.5 m): lengths in metres as well as body heights.
        capture_fps: the rate the clip was filmed at, when it differs from the file's (slow motion).
        progress: show a progress bar; default: on a terminal or under a Jupyter notebook's cell, never into a log.

    Raises:
        ValueError: ``kind``, ``athlete_height_m`` or ``capture_fps`` is not valid (checked before tracking,
            see :func:`analyze_tracking`).
        TypeError: ``backend``, ``mode`` or ``progress`` is not of its type (before tracking).
        VideoReadError: the video cannot be opened.
        BackendError: the backend is unknown, cannot run here or lacks ``mode``.
        AnalysisError: no jump could be analysed (the message says why); a ``capture_fps`` slower than the file
            plays at, before tracking (its header says so).
    """
    check_kind(kind)
    check_athlete_height(athlete_height_m)
    check_capture_fps(capture_fps)
    check_track_arguments("analyze_video", backend, mode, None, progress)
    if capture_fps is not None:  # a rate slower than the file plays at is known from its header: before tracking
        from kinemotion.tracking.decode import file_frame_rate

        problem = capture_rate_problem(file_frame_rate(path), capture_fps)
        if problem is not None:
            raise AnalysisError(problem)
    return analyze_tracking(track_video(path, backend, mode, progress=progress), kind, athlete_height_m, capture_fps)


def jumps_csv(reports: Iterable[JumpReport | Mapping[str, Any]], athletes: Mapping[str, str] | None = None) -> str:
    """One row per jump of every report: video (its name, and its path as given), backend and its mode, jump
    number, the capture rate given (``capture_fps``, empty when the file's own clock timed it), the athlete's
    height, metrics, their uncertainties, quality flags, and the releases of kinemotion and of the backend's
    distribution that measured it (``kinemotion_version``, ``backend_version``, as the report records them).

    ``athletes``: an athlete list (video -> athlete, as
    :func:`kinemotion.report_html.read_athletes` reads a ``video,athlete`` CSV): an ``athlete`` column comes
    first, each video's athlete matched as the session page matches it (by the row's path, else its file
    name, else its name without the extension, in another case when one row alone matches so), empty for a
    video no row names.

    Two videos of one name in different folders (Monday's and Tuesday's
    ``athlete1.mp4``) are told apart by ``video_path``.

    Drop jumps with both feet tracked add the foot that touched the ground
    first (``first_foot_down``) after the metrics; CMJ reports add each jump's
    ``jump_kind`` (``cmj`` or ``squat_jump``: a squat jump's depth and time to
    take-off are not a countermovement's) after its number.

    A report is a :class:`JumpReport` or its JSON (:meth:`JumpReport.to_json_dict`,
    e.g. read back from a file written earlier). ``athlete_height_m`` is the
    height the analysis scaled metres by (empty where none was given). Metrics
    are the union over the reports (empty cells where a metric is unknown, e.g.
    metres without the athlete's height), each followed by its
    ``<metric>_uncertainty`` where it has one (the half-width of the 90 %
    interval); the table a coach opens in a spreadsheet. Read it by column
    name (``csv.DictReader``, pandas): columns may be added. A text cell that a spreadsheet would run as a formula (it
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: a video
    named ``=HYPERLINK(...).mp4``) is written with a leading ``'``; numbers
    are never changed.

    Raises:
        ValueError: a report lacks what the table needs (see :func:`report_problem`), naming its video.
        TypeError: ``reports`` is one report, not several (give ``[report]``), or holds something that is no report.
    """
    if isinstance(reports, JumpReport | Mapping):
        raise TypeError(f"expected several reports (a list), got one {type(reports).__name__}: give [report]")
    data = [r.to_json_dict() if isinstance(r, JumpReport) else r for r in reports]
    strays = [r for r in data if not isinstance(r, Mapping)]
    if strays:
        raise TypeError(
            "expected jump reports (JumpReport, or the JSON of one as a dict), got "
            f"{type(strays[0]).__name__}: {strays[0]!r:.80}"
        )
    for report in data:
        problem = report_problem(report)
        if problem is not None:
            video = report.get("video")
            name = video.get("path") if isinstance(video, Mapping) else None
            raise ValueError(f"a jump report{f' of {name}' if name else ''} cannot be tabulated: {problem}")
    names: list[str] = []
    for report in data:
        for jump in report["jumps"]:
            names += [n for n in jump["metrics"] if n not in names]
    sides = any("first_foot_down" in jump for report in data for jump in report["jumps"])
    kinds = any("jump_kind" in jump for report in data for jump in report["jumps"])
    kind_column = ["jump_kind"] if kinds else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    spread = {n for n in names if any(n in j.get("uncertainty", {}) for r in data for j in r["jumps"])}
    side_column = ["first_foot_down"] if sides else []
    # each metric's uncertainty right after it: the value and its ± side by side, as the page shows them
    metric_columns = [c for n in names for c in (n, f"{n}_uncertainty") if c == n or n in spread]
    named = ["athlete"] if athletes is not None else []
    first = [*named, "video", "video_path", "backend", "mode", "kind", "jump", *kind_column, "capture_fps"]
    first.append("athlete_height_m")  # right before the metrics it scales
    releases = ["kinemotion_version", "backend_version"]  # which releases measured it: the method, for a paper
    writer.writerow([*first, *metric_columns, *side_column, "quality", *releases])
    for report in data:
        path, video = report["video"]["path"], dict(report["video"])
        # a row naming another file of that name here is not this video's (see athlete_match)
        found = None if athletes is None else report_athlete_match(report, athletes, partial(another_file_at, video))
        athlete = [] if athletes is None else [_text_cell("" if found is None else found[1])]
        height = report.get("athlete_height_m")
        height_cell = f"{height:.6g}" if isinstance(height, int | float) and not isinstance(height, bool) else ""
        capture_fps = report.get("capture_fps")  # checked by report_problem: a positive number, or absent
        capture_cell = "" if capture_fps is None else f"{capture_fps:.6g}"
        mode = report["backend"].get("mode")
        backend_version = report["backend"].get("version")
        for jump in report["jumps"]:
            metrics, plus = jump["metrics"], jump.get("uncertainty", {})
            cells = [capture_cell, height_cell]
            for n in names:
                cells.append("" if metrics.get(n) is None else f"{metrics[n]:.6g}")
                if n in spread:
                    cells.append("" if plus.get(n) is None else f"{plus[n]:.6g}")  # the JSON keeps 4 decimals
            quality = "; ".join([*report["quality"], *jump["quality"]])  # the recording's flags, then the jump's
            side = [_text_cell(jump.get("first_foot_down", ""))] if sides else []
            texts = (
                Path(path).name,
                path,
                report["backend"]["name"],
                mode if isinstance(mode, str) else "",
                report["kind"],
            )
            jump_kind = [_text_cell(str(jump.get("jump_kind", "")))] if kinds else []
            made_by = [_text_cell(str(v or "")) for v in (report.get("kinemotion_version"), backend_version)]
            writer.writerow(
                [
                    *athlete,
                    *map(_text_cell, texts),
                    jump["number"],
                    *jump_kind,
                    *cells,
                    *side,
                    _text_cell(quality),
                    *made_by,
                ]
            )
    return out.getvalue()


def _known(value: float | None) -> float | None:
    """A metric as the JSON carries it: None where it is not known (NaN: the hips unseen through the push),
    never a NaN, which is not JSON and which the schema does not allow."""
    return None if value is None or not math.isfinite(value) else value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet (Excel, LibreOffice, Google Sheets) read a CSV cell as a formula."""


def _text_cell(value: str) -> str:
    """A text cell of the per-jump CSV as a spreadsheet shows it: one starting like a formula (a video named
    ``=HYPERLINK(...).mp4``, ``@SUM(...)``, ``-3+2.mp4``) gets a leading apostrophe, so that opening the table
    runs nothing (OWASP's CSV injection advice). Only text cells (names, paths, the backend, the flags): the
    numbers are written by :func:`jumps_csv` itself and never changed, a negative one included."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value
