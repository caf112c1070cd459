"""The HTML of a session report: overview table, then per video every jump with numbers, chart and stills.

Everything taken from a report file (names, paths, flags, backend) is
escaped with :func:`html.escape`; numbers are formatted here. Styles and
the table-sorting script are inlined from ``page.css`` and ``page.js`` beside
this module: the page fetches nothing.

Each metric's cell carries its exact JSON value (``data-value``) and shows it
in the unit a coach reads (see :mod:`kinemotion.report_html.metrics`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape, unescape
from importlib.resources import files
from pathlib import Path
from typing import Any

from kinemotion.jump.analyses import SQUAT_JUMP
from kinemotion.jump.refusal import Refusal
from kinemotion.jump.schema import content_digest
from kinemotion.report_html.chart import phases_chart
from kinemotion.report_html.metrics import HEADLINE, MEANINGS, Unit, label, unit_of
from kinemotion.report_html.sources import Problem, SessionEntry
from kinemotion.wording import jump_numbers

__all__ = [
    "KIND_TITLES",
    "StillView",
    "VideoView",
    "count",
    "kept_landmarks_of",
    "not_measured_on",
    "refused_clips",
    "render_page",
    "shown_report_digests",
    "shown_reports",
    "video_count",
    "videos_shown",
]

KIND_TITLES = {"cmj": "Counter-movement jumps", "dropjump": "Drop jumps"}
_EVENT_TITLES = {"takeoff": "Take-off", "landing": "Landing"}
_DO_NOT_USE = "do not use this jump"
"""The words of a jump flag that rules the jump out (see kinemotion.jump.quality)."""
_FRAME_RATE_NOTE = re.compile(r"\d+ fps: each event is located to a fraction of a ")
"""The words of the frame rate's note (kinemotion.jump.quality.frame_rate_note) in a report written before it
recorded its statements' kinds (``quality_kinds``)."""
_KNOWN_JUMP_KEYS = {
    "number",
    "metrics",
    "phases_s",
    "phases_frame",
    "quality",
    "poses",
    "first_foot_down",
    "uncertainty",
    "jump_kind",
}
_JUMP_KINDS = {"cmj": ("counter-movement jump", "counter-movement jumps"), "squat_jump": ("squat jump", "squat jumps")}
"""A CMJ analysis's ``jump_kind`` in words (singular, plural): a jump pushed without a countermovement."""
_SHOWN_AS_LABEL = {"takeoff_velocity_source": "hip"}
"""Optional jump fields whose value the metrics' labels already say ("Take-off velocity (hips)")."""
_PLUS_MINUS = (
    "the uncertainty: the true value lies within ± this of the number shown with 90 % probability (from the "
    "landmarks' noise, the frame interval and where on the foot contact happens; for the take-off velocity and "
    "the height from it, from how closely the parabola fits the hips' flight; for the hips' own metrics, from "
    "the hips' noise and the frame interval); a number without ± has no estimate of it"
)
"""The glossary's entry for the ± beside a metric (the report's ``uncertainty``)."""


_SOURCE_ATTRIBUTE = re.compile(r'<section class="video" [^>]*?data-source="([^"]*)"(?: data-digest="([^"]*)")?')
"""A video's section, the name of the report it shows and that report's content digest (written by
:func:`_video`; no digest on a page made before pages recorded it)."""


def shown_reports(page: str) -> list[str]:
    """The file names of the reports a page made by :func:`render_page` shows, once each in order (none for
    another page: a page of reports made in memory, or not one of ours)."""
    return list(shown_report_digests(page))


def shown_report_digests(page: str) -> dict[str, str | None]:
    """The file names of the reports a page made by :func:`render_page` shows, in order, each with the digest of
    the report's content as the page showed it (:func:`~kinemotion.jump.schema.content_digest`): a report there
    now of another content (analysed again since) is not what the page shows. None: a page made before pages
    recorded it."""
    shown: dict[str, str | None] = {}
    for name, digest in _SOURCE_ATTRIBUTE.findall(page):
        shown.setdefault(unescape(name), unescape(digest) or None)
    return shown


_REFUSED_ITEM = re.compile(r'<li data-video="([^"]*)" data-kind="([^"]*)">')
"""A clip the page lists as not measured: its video as recorded and the analyses that refused it (:func:`_refused`)."""


def not_measured_on(page: str) -> list[tuple[str, list[str]]]:
    """``(video, kinds)`` of each clip a page made by :func:`render_page` lists as not measured (the video as its
    refusal records it, the analyses that refused it)."""
    return [(unescape(video), unescape(kinds).split()) for video, kinds in _REFUSED_ITEM.findall(page)]


@dataclass(frozen=True)
class StillView:
    """One still on the page: a JPEG data URI, or why there is none."""

    event: str
    frame: int | None
    time_s: float | None
    uri: str | None = None
    missing: str | None = None


@dataclass
class VideoView:
    """One video's section: its report entry, its stills by jump number, and what went wrong for it."""

    entry: SessionEntry
    anchor: str
    stills: dict[int, list[StillView]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def data(self) -> Mapping[str, Any]:
        """The report's JSON."""
        return self.entry.data


def count(n: int, noun: str) -> str:
    """``1 video``, ``2 videos``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def video_count(reports: Sequence[Mapping[str, Any]]) -> int:
    """How many videos ``reports`` (jump reports' JSON) are of: one video's reports by several backends, or of
    both kinds, count once. A video is the path its report recorded and its content (the recorded digest, where
    the report has one): two copies of one clip under two names are two videos, as the overview lists them."""
    return len({(str(r["video"].get("path")), str(r["video"].get("fingerprint"))) for r in reports})


def videos_shown(videos: int, reports: int) -> str:
    """``2 videos``, or ``1 video in 2 reports`` where a video has several (a comparison of backends)."""
    return count(videos, "video") + (f" in {count(reports, 'report')}" if reports > videos else "")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float | None) -> str:
    """The exact JSON value for a ``data-`` attribute (empty when unknown)."""
    return "" if value is None or not math.isfinite(value) else repr(float(value))


def _video_name(data: Mapping[str, Any]) -> str:
    return str(data["video"]["path"]).replace("\\", "/").rsplit("/", 1)[-1]


def _kinds(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The recording's statements (``quality``), each with its kind: ``"note"`` (information: the frame rate's
    resolution, said of every clip under 50 fps) or ``"flag"``; as the report records them (``quality_kinds``),
    or, in a report written before it recorded them, a note told by its words."""
    statements = [str(q) for q in data.get("quality", [])]
    kinds = data.get("quality_kinds")
    if not (isinstance(kinds, list) and len(kinds) == len(statements) and all(k in ("flag", "note") for k in kinds)):
        kinds = ["note" if _FRAME_RATE_NOTE.match(q) else "flag" for q in statements]  # an older report
    return list(zip(statements, kinds, strict=True))


def _flags(view: VideoView) -> list[str]:
    """The recording's flags in plain words (what to check before trusting its numbers), then what went wrong
    making this section; its notes (information) are :func:`_notes`."""
    data = view.data
    flags = [q for q, kind in _kinds(data) if kind == "flag"]
    said = any("could be read only up to frame" in f for f in flags)  # the report's own flag (newer reports)
    if data.get("tracking_complete") is False and not said:
        flags.append("the video could not be decoded to its end: only the frames before the failure were analysed")
    return flags + view.problems


def _notes(view: VideoView) -> list[str]:
    """The recording's notes: the frame rate's resolution, and the report's ``notes`` (flights not analysed)."""
    data = view.data
    return [q for q, kind in _kinds(data) if kind == "note"] + [str(n) for n in data.get("notes", [])]


def _said_of_jumps(jumps: Sequence[Mapping[str, Any]]) -> dict[str, list[int]]:
    """Each flag of the jumps (``quality``), once, with the numbers of the jumps it is said of, in the order first
    said: a rope skip's hops that all land low share one, said once for them all, not once per hop."""
    said: dict[str, list[int]] = {}
    for jump in jumps:
        for flag in dict.fromkeys(str(q) for q in jump.get("quality", [])):
            said.setdefault(flag, []).append(int(jump["number"]))
    return said


def _shared_flags(jumps: Sequence[Mapping[str, Any]]) -> list[str]:
    """The flags said of two jumps or more, each once, after the jumps it is said of (``jumps 5-15: ...``): the
    video's box lists them above its jumps (:func:`_video`), each jump's only points to them (:func:`_jump`)."""
    return [f"{jump_numbers(n)}: {f}" for f, n in _said_of_jumps(jumps).items() if len(n) > 1]


def _flag_summary(flags: Sequence[str], bad: int) -> str:
    """The overview's flag cell: how many to check, and how many jumps not to use (``bad``)."""
    if not flags:
        return "none"
    out = f"<span class=flag-count>{len(flags)} to check</span>"
    return out + (f" <span class=flag-bad>{bad} not to use</span>" if bad else "")


def _overview(views: Sequence[VideoView]) -> str:
    """One sortable table per kind of jump: a row per video, its set compared on the kind's headline metric."""
    named = any(v.entry.athlete != Path(_video_name(v.data)).stem for v in views)  # else the video is the name
    out = ['<section id="overview"><h2>Session overview</h2>']
    kinds = sorted({str(v.data["kind"]) for v in views}, key=lambda k: (k not in KIND_TITLES, k))
    for kind in kinds:
        metric = HEADLINE.get(kind, "flight_time_s")
        unit = unit_of(metric)
        name = label(metric)
        squats = any(_squat_jumps(v.data["jumps"]) for v in views if v.data["kind"] == kind)
        title = "Counter-movement and squat jumps" if kind == "cmj" and squats else KIND_TITLES.get(kind, kind)
        out.append(
            f'<h3 class="kind-title">{_e(title)} '
            f'<span class="compared">compared by {_e(name[:1].lower() + name[1:])}, in {_e(unit.symbol)}</span></h3>'
        )
        out.append(f'<div class="table-wrap"><table class="overview sortable" data-kind="{_e(kind)}"><thead><tr>')
        out.append(f"<th>{'Athlete' if named else 'Video'}</th>{'<th>Video</th>' if named else ''}")
        out.append('<th class="num">Jumps</th><th class="num">Best</th><th class="num">Mean</th>')
        out.append('<th class="num">SD</th><th class="num">CV %</th><th>Flags</th></tr></thead><tbody>')
        of_kind = [v for v in views if v.data["kind"] == kind]
        for v in of_kind:
            stats = v.data["summary"].get(metric, {})
            # each flag once, with the jumps it is said of (a set's hops sharing one counted once)
            said = _said_of_jumps(v.data["jumps"])
            flags = _flags(v) + [
                f if len(n) == 1 and len(v.data["jumps"]) == 1 else f"{jump_numbers(n)}: {f}" for f, n in said.items()
            ]
            bad = sum(_DO_NOT_USE in f for f in _flags(v)) + sum(
                any(_DO_NOT_USE in str(q) for q in j.get("quality", [])) for j in v.data["jumps"]
            )
            best = stats.get("best")
            best_text = unit.show(best) + (f" <small>jump {_e(v.data.get('best_jump'))}</small>" if best else "")
            cv = stats.get("cv_percent")
            first = v.entry.athlete if named else _row_name(v, of_kind)
            seen_by = _backend_tag(v, of_kind)
            out.append(
                f'<tr data-video="{_e(v.anchor)}"><td><a href="#{_e(v.anchor)}">{_e(first)}</a>{seen_by}</td>'
                + (f'<td class="video-file">{_e(_row_name(v, of_kind))}</td>' if named else "")
                + f'<td class="num" data-sort="{len(v.data["jumps"])}">{len(v.data["jumps"])}'
                f"{_squat_tag(v.data['jumps'])}</td>"
                f'<td class="num" data-sort="{_num(best)}" data-value="{_num(best)}">{best_text}</td>'
                f'<td class="num" data-sort="{_num(stats.get("mean"))}">{unit.show(stats.get("mean"))}</td>'
                f'<td class="num" data-sort="{_num(stats.get("sd"))}">{unit.show(stats.get("sd"))}</td>'
                f'<td class="num" data-sort="{_num(cv)}">{"–" if cv is None else f"{cv:.1f}"}</td>'
                f'<td class="flag-cell" data-sort="{len(flags)}" title="{_e("; ".join(flags))}">'
                f"{_flag_summary(flags, bad)}</td></tr>"
            )
        out.append("</tbody></table></div>")
    out.append(
        '<p class="hint">Click a column to sort by it. Best, mean, SD and CV % are over the jumps of each video; '
        "CV % (SD / mean) shows how consistent the set is. Flags: what to check, listed under each video (its "
        "notes, such as the frame rate's resolution or a flight not analysed, are listed there too, not counted).</p>"
        "</section>"
    )
    return "".join(out)


def _metric_rows(jump: Mapping[str, Any]) -> tuple[str, bool]:
    """The metric rows (jump heights first) and whether a metre value is missing for want of a height.

    A metre value is missing for want of a height when its length in body heights is known: one whose body-height
    twin is unknown too (a clip that starts in the movement has no countermovement depth), or that has no twin (no
    parabola fitted for the take-off velocity), is missing whatever the height.
    """
    metrics: Mapping[str, float | None] = jump["metrics"]
    spread: Mapping[str, Any] = jump.get("uncertainty") or {}
    order = sorted(metrics, key=lambda k: _row_order(k, list(metrics)))
    rows = []
    unscaled = False
    for name in order:
        value = metrics[name]
        if value is None:
            twin = _body_height_twin(name, list(metrics))
            unscaled = unscaled or (twin is not None and metrics[twin] is not None)
            continue
        unit = unit_of(name)
        pm_text = _spread(spread.get(name), unit)
        headline = " headline" if name.startswith("jump_height") or "reactive_strength" in name else ""
        rows.append(
            f'<tr class="metric{headline}" data-metric="{_e(name)}"><th>{_e(label(name))}</th>'
            f'<td class="num" data-value="{_num(value)}">{unit.show(value)}</td>'
            f'<td class="unit">{_e(unit.symbol)}</td><td class="pm">{_e(pm_text)}</td></tr>'
        )
    return "".join(rows), unscaled


def _body_height_twin(metric: str, names: Sequence[str]) -> str | None:
    """The body-height metric that ``metric`` gives in metres (``jump_height_hip_m`` -> ``jump_height_hip_bh``),
    when the report has it."""
    for metres, body in (("_m_s", "_bh_s"), ("_m", "_bh")):
        if metric.endswith(metres) and (twin := metric.removesuffix(metres) + body) in names:
            return twin
    return None


def _row_order(metric: str, names: Sequence[str]) -> tuple[bool, int, bool]:
    """Jump heights first, then the report's order; a length in metres right after the same one in body heights
    (they share one label: "Countermovement depth" in body heights, then in cm)."""
    twin = _body_height_twin(metric, names)
    base = twin or metric
    return (not base.startswith("jump_height"), names.index(base), twin is not None)


def _spread(value: Any, unit: Unit) -> str:
    """A metric's uncertainty as a report may give it: ``± x`` (a number, or ``sd``/``plus_minus`` in a dict),
    or a ``low–high`` range (a pair, or ``low``/``high`` in a dict); empty when absent or unreadable."""
    if isinstance(value, dict):
        half = value.get("plus_minus", value.get("sd"))
        value = half if half is not None else [value.get("low"), value.get("high")]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"± {unit.show(value)}"
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return f"{unit.show(value[0])}–{unit.show(value[1])}"
    return ""


def _still(still: StillView, jump_number: int) -> str:
    title = _EVENT_TITLES.get(still.event, still.event.replace("_", " ").capitalize())
    when = "" if still.frame is None else f" · frame {still.frame}"
    when += "" if still.time_s is None else f" · {still.time_s:.3f} s"
    if still.uri is None:
        return (
            f'<figure class="still" data-event="{_e(still.event)}"><div class="missing" role="img" '
            f'aria-label="{_e(title)}: no picture">{_e(still.missing or "no picture")}</div>'
            f"<figcaption>{_e(title + when)}</figcaption></figure>"
        )
    return (
        f'<figure class="still" data-event="{_e(still.event)}"><img src="{still.uri}" '
        f'alt="{_e(f"{title} of jump {jump_number}{when}")}"><figcaption>{_e(title + when)}</figcaption></figure>'
    )


def _finding(jump: Mapping[str, Any]) -> str:
    side = jump.get("first_foot_down")
    if not side:
        return ""
    lag = jump["metrics"].get("landing_foot_lag_s")
    if side == "both":
        text = "Both feet touched the ground together (within the measurement's uncertainty)."
    else:
        other = "right" if side == "left" else "left"
        after = "" if lag is None else f", {unit_of('landing_foot_lag_s').show(lag)} ms before the {other}"
        text = f"The {side} foot touched the ground first{after}."
    return f'<p class="finding" data-first-foot="{_e(side)}">Landing: {_e(text)}</p>'


def _other_fields(jump: Mapping[str, Any]) -> str:
    """Fields a later analysis may add to a jump, shown as they are rather than dropped."""
    extra = {
        k: v
        for k, v in jump.items()
        if k not in _KNOWN_JUMP_KEYS and isinstance(v, (str, int, float)) and _SHOWN_AS_LABEL.get(k) != v
    }
    return "".join(f'<p class="finding">{_e(k.replace("_", " ").capitalize())}: {_e(v)}</p>' for k, v in extra.items())


def _jump(view: VideoView, jump: Mapping[str, Any]) -> str:
    number = int(jump["number"])
    data = view.data
    best = number == data.get("best_jump") and len(data["jumps"]) > 1
    rows, unscaled = _metric_rows(jump)
    scale_note = (
        '<p class="hint">Lengths in metres need the athlete\'s height: <code>--height</code> on '
        "<code>kinemotion cmj</code> or <code>dropjump</code>.</p>"
        if unscaled
        else ""
    )
    series = data.get("series")
    name = f"{_video_name(data)}, jump {number}"
    if series:
        squat = jump.get("jump_kind") == "squat_jump"  # its movement starts where the hip leaves its lowest level
        unknown = set(jump.get("unknown_events") or ())  # kept for the overlay's order, not known: not drawn
        chart = phases_chart(
            series,
            {event: time_s for event, time_s in jump["phases_s"].items() if event not in unknown},
            f"Feet and hip height over time, {name}",
            SQUAT_JUMP.event_names if squat else None,
        )
    else:
        chart = '<p class="missing-chart">No height series in this report (made by an older kinemotion): '
        chart += "analyse the video again to see the chart.</p>"
    stills = "".join(_still(s, number) for s in view.stills.get(number, []))
    shared = _said_of_jumps(data["jumps"])  # one said of several jumps is in the video's box: pointed to here
    flags = "".join(
        f"<li>{_e(q)}</li>"
        if len(shared.get(str(q), ())) < 2
        else f'<li class="shared">{_e(str(q).split(": ", 1)[0])} ({_e(jump_numbers(shared[str(q)]))}: said above)</li>'
        for q in dict.fromkeys(str(q) for q in jump.get("quality", []))
    )
    suspect = any(_DO_NOT_USE in str(q) for q in jump.get("quality", []))
    classes = "jump" + (" best" if best else "") + (" suspect" if suspect else "")
    badges = ("<span class=badge>best</span>" if best else "") + (
        "<span class=badge-bad>do not use</span>" if suspect else ""
    )
    flag_list = f"<ul class=jump-flags>{flags}</ul>" if flags else ""
    kind = str(jump.get("jump_kind", "cmj"))  # said only where it is not what the report's kind says
    kind = "" if kind == "cmj" else _JUMP_KINDS.get(kind, (kind.replace("_", " "),))[0]
    kind_text = f' <span class="jump-kind">· {_e(kind)}</span>' if kind else ""
    return (
        f'<article class="{classes}" id="{_e(view.anchor)}-j{number}" data-jump="{number}">'
        f'<h3>Jump {number}{kind_text}{badges}</h3>{flag_list}<div class="jump-body">'
        f'<div><table class="metrics"><tbody>{rows}</tbody></table>{_finding(jump)}{_other_fields(jump)}'
        f"{scale_note}</div>"
        f'<div class="stills">{stills}</div>'
        f'<figure class="chart-box">{chart}</figure></div></article>'
    )


def _backend_tag(view: VideoView, views: Sequence[VideoView]) -> str:
    """The backend beside a video's name in the overview when the rows there were tracked by several backends:
    the same athlete compared across backends, or sessions tracked by different ones, told apart."""
    backends = {str(v.data["backend"].get("name")) for v in views}
    if len(backends) < 2:
        return ""
    return f' <small class="backend">{_e(view.data["backend"].get("name"))}</small>'


def _row_name(view: VideoView, views: Sequence[VideoView]) -> str:
    """A video's name in the overview: its file name, or the path it was recorded under when another row's
    video has that file name too (Monday's and Tuesday's ``athlete1.mp4``, another recording each)."""
    name = _video_name(view.data)
    path = str(view.data["video"]["path"])
    clash = any(_video_name(v.data) == name and str(v.data["video"]["path"]) != path for v in views)
    return path if clash else name


def _squat_jumps(jumps: Sequence[Mapping[str, Any]]) -> int:
    """How many of a CMJ report's jumps were measured as squat jumps (no countermovement)."""
    return sum(j.get("jump_kind") == "squat_jump" for j in jumps)


def _squat_tag(jumps: Sequence[Mapping[str, Any]]) -> str:
    """The overview's word beside a video's jump count when some are squat jumps: its rows are compared with
    counter-movement jumps' in one table (``1 squat jump``, ``2 squat``, of 3)."""
    squats = _squat_jumps(jumps)
    if not squats:
        return ""
    words = ("squat jump" if squats == 1 else "squat jumps") if squats == len(jumps) else f"{squats} squat"
    return f' <small class="jump-kind">{words}</small>'


def _jump_count(jumps: Sequence[Mapping[str, Any]], kind: str) -> str:
    """``4 counter-movement jumps``; ``3 counter-movement jumps, 1 squat jump`` when the jumps say their kinds."""
    kinds = [str(j["jump_kind"]) for j in jumps if "jump_kind" in j]
    if len(kinds) < len(jumps) or set(kinds) <= {"cmj"}:
        return f"{len(jumps)} {kind[:-1] if len(jumps) == 1 else kind}"
    order = [*_JUMP_KINDS, *sorted(set(kinds) - set(_JUMP_KINDS))]
    counts = {k: kinds.count(k) for k in order if k in kinds}
    words = {k: _JUMP_KINDS.get(k, (k.replace("_", " "), k.replace("_", " "))) for k in counts}
    return ", ".join(f"{n} {words[k][0] if n == 1 else words[k][1]}" for k, n in counts.items())


def _capture_rate(data: Mapping[str, Any]) -> str:
    """After the frame rate of a clip timed at ``--capture-fps``: that the rate was given and the file's own (the
    times rest on a rate typed in, which a coach checks against the camera's slow-motion setting); else nothing."""
    capture = data.get("capture_fps")
    if capture is None:
        return ""
    video = data.get("video")
    fps = video.get("fps") if isinstance(video, Mapping) else None
    own = f", the file plays at {float(fps):.0f}" if isinstance(fps, int | float) and not isinstance(fps, bool) else ""
    return f" (given with --capture-fps{own})"


def _video(view: VideoView, views: Sequence[VideoView]) -> str:
    data = view.data
    backend = data["backend"]
    used = f"{backend.get('name')} ({backend.get('mode')}"
    used += f", on {backend['provider']})" if backend.get("provider") else ")"
    jumps = data["jumps"]
    kind = KIND_TITLES.get(str(data["kind"]), str(data["kind"])).lower()
    height = data.get("athlete_height_m")
    facts = [
        _jump_count(jumps, kind),
        f"{float(data.get('frame_rate', 0)):.0f} frames/s{_capture_rate(data)}",
        f"pose found on {float(data.get('tracked_fraction', 0)):.0%} of frames",
        *([f"athlete height {float(height):.2f} m"] if height else []),
    ]
    flags = _flags(view) + [f[:1].upper() + f[1:] for f in _shared_flags(jumps)]
    flag_box = (
        '<div class="flags"><p>Check before trusting these numbers</p><ul>'
        + "".join(f"<li>{_e(f)}</li>" for f in flags)
        + "</ul></div>"
        if flags
        else ""
    )
    notes = _notes(view)
    note_box = (
        '<div class="notes"><p>Notes</p><ul>' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul></div>"
        if notes
        else ""
    )
    source = "" if view.entry.source is None else f" · report {view.entry.source.name}"
    digest_attr = f' data-digest="{_e(content_digest(data))}"'  # of the content shown: a report changed since is not
    source_attr = "" if view.entry.source is None else f' data-source="{_e(view.entry.source.name)}"{digest_attr}'
    return (
        f'<section class="video" id="{_e(view.anchor)}" data-kind="{_e(data["kind"])}"{source_attr}><header>'
        f'<h2>{_e(view.entry.athlete)} <span class="video-name">{_e(_row_name(view, views))}</span></h2>'
        f'<p class="meta">{_e(" · ".join(facts))}</p>'
        f'<p class="backend">Pose backend: {_e(used)} · kinemotion {_e(data.get("kinemotion_version", "?"))}'
        f"{_e(source)}</p></header>{flag_box}{note_box}" + "".join(_jump(view, j) for j in jumps) + "</section>"
    )


def _glossary(views: Sequence[VideoView]) -> str:
    """What the numbers on this page mean (the metrics it shows, once each)."""
    shown = {m for v in views for j in v.data["jumps"] for m, value in j["metrics"].items() if value is not None}
    known = [(label(m), MEANINGS[m]) for m in MEANINGS if m in shown or m.replace("_m", "_bh", 1) in shown]
    spreads = (
        _spread((j.get("uncertainty") or {}).get(m), unit_of(m)) for v in views for j in v.data["jumps"] for m in shown
    )
    if any(spreads):
        known.append(("±", _PLUS_MINUS))
    known += [
        ("Mean, SD, CV %", "over the jumps of one video: the average, the standard deviation, and SD / mean in %"),
        ("Body heights", "lengths measured against the athlete's own nose-to-feet distance, so no calibration"),
    ]
    rows = "".join(f"<dt>{_e(name)}</dt><dd>{_e(meaning)}</dd>" for name, meaning in dict(known).items())
    return f'<section class="glossary"><h2>What the numbers mean</h2><dl>{rows}</dl></section>'


_KIND_NAMES = {"cmj": "CMJ", "dropjump": "drop jump"}


def refused_clips(refusals: Sequence[Refusal]) -> dict[str, list[Refusal]]:
    """``refusals`` by clip (their ``video`` as recorded), in the order first given: a clip that ``cmj`` and
    ``dropjump`` both refused is one clip not measured, with two refusals."""
    clips: dict[str, list[Refusal]] = {}
    for r in refusals:
        clips.setdefault(r.video, []).append(r)
    return clips


def _refusal(r: Refusal) -> str:
    """One refusal of a clip: the analysis, backend and options asked for, why, and where its landmarks are kept."""
    options = " ".join(f"-O {k}={v}" for k, v in (r.backend_options or {}).items())
    context = ", ".join(x for x in (_KIND_NAMES.get(r.kind, r.kind), r.backend, options) if x)
    kept = ""
    where = kept_landmarks_of(r)
    if where is not None and where.is_file() and _replaced_since(r, where):
        kept = (
            f' <span class="kept">Its landmarks were kept in <code>{_e(str(where))}</code>, but the file there is no '
            "longer the landmarks kept for this refusal (edited since, or replaced by a later run of this clip, "
            "e.g. with another backend or mode): a re-run analyses it only if it records the same backend, mode "
            "and options, else tracks the video again.</span>"
        )
    elif where is not None and where.is_file():
        kept = (
            f' <span class="kept">Its landmarks are in <code>{_e(str(where))}</code>: <code>kinemotion '
            f"{_e(r.kind)}</code> run again on this clip into that folder, with the same backend, mode and options, "
            "analyses them as they are there (edits made to that file included) instead of tracking the video "
            "again; <code>--force</code> tracks it again.</span>"
        )
    elif where is not None:
        kept = (
            f' <span class="kept">Its landmarks were kept in <code>{_e(str(where))}</code>, no longer there: a '
            "re-run tracks the video again.</span>"
        )
    return (
        f'<span class="context">({_e(context)}: not measured)</span>: <span class="reason">{_e(r.reason)}</span>{kept}'
    )


def _replaced_since(r: Refusal, where: Path) -> bool:
    """Whether the file at ``where`` is no longer the landmarks kinemotion kept there for ``r`` (its
    ``landmarks_written``; a refusal that does not record them: not known, False): a later run of the clip, of
    either jump command, replaces a refusal's kept landmarks with its own tracking."""
    from kinemotion.tracking.identity import same_file

    return r.landmarks_written is not None and not same_file(r.landmarks_written, where)


def kept_landmarks_of(r: Refusal) -> Path | None:
    """Where the refused clip's landmarks were kept, as an absolute path: beside its refusal record, under the
    name recorded (recorded as the command was given it, relative to the folder it ran in: from another folder,
    or on a page elsewhere, that path named another place or nothing); None when none were kept."""
    if not r.landmarks_file:
        return None
    recorded = Path(r.landmarks_file.replace("\\", "/"))
    if r.source is not None:
        return (r.source.parent / recorded.name).absolute()
    return recorded.absolute() if recorded.is_absolute() else None


def _refused(refusals: Sequence[Refusal], athletes: Mapping[str, str]) -> str:
    """The clips given that gave no report: each once, by name (after its athlete's, where ``athletes``, by the
    refusal's ``video``, names one), with each analysis's refusal of it: why and what to do (the error said it),
    and where its landmarks are kept for a re-run."""
    clips = refused_clips(refusals)
    if not clips:
        return ""
    items = []
    for video, each in clips.items():
        name = Path(video.replace("\\", "/")).name
        kinds = " ".join(r.kind for r in each)
        athlete = f'<span class="athlete">{_e(athletes[video])}</span> ' if video in athletes else ""
        items.append(
            f'<li data-video="{_e(video)}" data-kind="{_e(kinds)}">{athlete}<strong>{_e(name)}</strong> '
            + "<br>".join(_refusal(r) for r in each)
            + "</li>"
        )
    return (
        f'<section class="refused" id="refused"><h2>Not measured ({len(clips)})</h2>'
        "<p>These clips were given but gave no jump result: why, and what to do.</p>"
        f"<ul>{''.join(items)}</ul></section>"
    )


def render_page(
    views: Sequence[VideoView],
    problems: Sequence[Problem],
    title: str,
    generated: str,
    warnings: Sequence[str] = (),
    refusals: Sequence[Refusal] = (),
    refused_athletes: Mapping[str, str] | None = None,
) -> str:
    """The whole page: header, problems, the clips not measured (``refusals``, each after its athlete's name
    where ``refused_athletes`` names one), warnings, overview, one section per video, styles and script inlined."""
    from kinemotion import __version__

    here = files("kinemotion.report_html")
    css = here.joinpath("page.css").read_text(encoding="utf-8")
    js = here.joinpath("page.js").read_text(encoding="utf-8")
    jumps = sum(len(v.data["jumps"]) for v in views)
    problem_box = ""
    if problems:
        items = "".join(f"<li><strong>{_e(p.source)}</strong>: {_e(p.detail)}</li>" for p in problems)
        problem_box = (
            f'<section class="problems" id="problems"><h2>Left out of this report ({len(problems)})</h2>'
            f"<ul>{items}</ul></section>"
        )
    not_measured = f"{len(refused_clips(refusals))} not measured · " if refusals else ""
    shown = videos_shown(video_count([v.data for v in views]), len(views))  # a video of several reports once
    warning_box = ""
    if warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in warnings)
        warning_box = f'<section class="warnings" id="warnings"><h2>Read with care</h2><ul>{items}</ul></section>'
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{css}</style></head><body>"
        f'<header class="page-head"><button type="button" class="print-button">Print or save as PDF</button>'
        f"<h1>{_e(title)}</h1>"
        f'<p class="meta">{shown} · {count(jumps, "jump")} · {not_measured}'
        f"made {_e(generated)} with kinemotion {_e(__version__)}</p></header>"
        f"{problem_box}{_refused(refusals, refused_athletes or {})}{warning_box}{_overview(views) if views else ''}"
        + "".join(_video(v, views) for v in views)
        + _glossary(views)
        + "<footer>Heights from flight time use h = g t² / 8. Times are where the feet cross the contact level, "
        "located to a fraction of a frame; body heights are the athlete's nose-to-feet distance. "
        "Made offline by kinemotion: nothing on this page was sent anywhere.</footer>"
        f"<script>{js}</script></body></html>"
    )
