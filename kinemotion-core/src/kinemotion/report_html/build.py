"""Building a session report: stills from each video, then the page, written atomically.

What cannot be had is marked on the page, not fatal: a video that is not on
this machine gives placeholders instead of stills (and a problem saying where
it was looked for); a report file that cannot be read is listed at the top.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinemotion.errors import KinemotionError
from kinemotion.jump.report import POSE_EVENTS
from kinemotion.progress import check_progress, show_progress
from kinemotion.report_html.page import StillView, VideoView, refused_clips, render_page, video_count
from kinemotion.report_html.sources import Problem, Session, find_video, video_candidates
from kinemotion.report_html.stills import data_uri, read_frames_at, still
from kinemotion.tracking.atomic import atomic_path, check_named_as

__all__ = ["PAGE_SUFFIXES", "ReportOutcome", "build_report", "check_page_path", "render_session", "title_problem"]

PAGE_SUFFIXES = (".html", ".htm")
"""The names a report page may have (a name without a suffix is taken as it is)."""


def check_page_path(path: str | Path) -> None:
    """Refuse a page named as another kind of file: ``-o session.pdf`` wrote HTML under a PDF's name (replacing
    the PDF printed before).

    Raises:
        OutputError: naming the path and the fix.
    """
    hint = " (the PDF is asked for with --pdf FILE.pdf)" if Path(path).suffix.lower() == ".pdf" else ""
    check_named_as(path, "HTML report", PAGE_SUFFIXES, hint, starts=(b"<!doctype html", b"<html"))


def title_problem(title: object) -> str | None:
    """What is wrong with a page title (None: nothing): not a text, empty, or holding a control character (an
    escape sequence from a script, a NUL byte, a line break), which the page would carry into its ``<title>`` and
    heading, and a terminal showing it would obey."""
    if not isinstance(title, str):
        return f"is {type(title).__name__}, not a text"
    if not title.strip():
        return "is empty (an unset shell variable?): give the page a title, or leave the option out"
    bad = next((c for c in title if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        return f"{title!r:.60} holds the control character {bad!r}: give the title as plain text on one line"
    return None


@dataclass(frozen=True)
class ReportOutcome:
    """What was written: the page, how many videos and jumps it shows, and everything it marks as missing."""

    path: Path
    videos: int
    jumps: int
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...] = ()
    """What the page asks to read with care, though nothing is missing (reports of different kinemotion versions)."""
    refused: int = 0
    """The clips it lists as not measured (refused, or not tracked: :attr:`Session.refusals`), each once however
    many analyses refused it."""
    reports: int | None = None
    """The jump reports it shows, where more than its ``videos`` (a video's reports by several backends, or of
    both kinds, each shown, the video counted once); None where each video has one."""


def _poses(view: VideoView) -> dict[tuple[int, str], Mapping[str, Any] | None]:
    """(jump number, event) -> the pose the report stored for that still (None where it has none)."""
    jumps: Sequence[Mapping[str, Any]] = view.data["jumps"]
    return {(int(j["number"]), e): (j.get("poses") or {}).get(e) for j in jumps for e in POSE_EVENTS}


def _video_not_found(recorded: str, folders: bool) -> str:
    """Why a report's stills are placeholders when its video was found nowhere, and the option that finds it:
    where it was looked for (a relative path as recorded is read from the folder this command runs in, not the
    one the analysis ran in)."""
    relative = not Path(recorded).is_absolute()
    looked = "as recorded" + (
        ", relative to the folder this command runs in, to the report's folder, to its parent and to the folders "
        "beside it,"
        if relative
        else ""
    )
    looked += " beside the report, and in --videos" if folders else " and beside the report"
    fix = "give the folder holding it with --videos FOLDER" + (" (another than those given)" if folders else "")
    return f"no still frames: the video {recorded} was not found ({looked}): {fix}"


def _still_views(view: VideoView, frames: Mapping[int, Any] | None, why_none: str | None) -> None:
    """Fill ``view.stills``: a picture per pose event of every jump, or a placeholder saying why not.

    ``frames``: the video's frames at the poses (None: no video; ``why_none`` says why).
    """
    poses = _poses(view)
    if not any(p is not None for p in poses.values()):
        why_none = "no pose stored in this report (made by an older kinemotion): analyse the video again"
    for (number, event), pose in poses.items():
        frame = None if pose is None else int(pose["frame"])
        time_s = None if pose is None else float(pose["time_s"])
        image = None if pose is None or frames is None else frames.get(int(pose["frame"]))
        if pose is not None and image is not None:
            uri = data_uri(still(image, pose["landmarks"]))
            view.stills.setdefault(number, []).append(StillView(event, frame, time_s, uri))
        else:
            missing = why_none or ("no pose at this event" if pose is None else f"frame {frame} not in the video")
            view.stills.setdefault(number, []).append(StillView(event, frame, time_s, missing=missing))


def render_session(
    session: Session,
    *,
    video_folders: Iterable[Path] = (),
    title: str = "Jump session report",
    progress: bool | None = None,
) -> tuple[str, list[VideoView]]:
    """The page's HTML and the video sections in it (stills read from each video that can be found).

    One video at a time: its frames are decoded once for every report of it, turned into thumbnails and dropped.

    Raises:
        TypeError: ``session`` is not a :class:`~kinemotion.report_html.sources.Session` (a folder or a list of
            reports: :func:`~kinemotion.report_html.sources.read_session` reads them into one); ``progress`` is
            not True, False or None.
    """
    from tqdm import tqdm

    if not isinstance(session, Session):
        raise TypeError(
            f"expected a Session (read_session(folder or reports) gives one), got {type(session).__name__}: "
            f"{session!r:.80}; e.g. render_session(read_session({session!r:.40}))"
        )
    check_progress(progress, "render_session")
    folders = list(video_folders)
    views = [VideoView(entry, f"v{k + 1}") for k, entry in enumerate(session.entries)]
    by_video: dict[Path | None, list[VideoView]] = {}  # several reports may share a video: decoded once
    for view in views:
        video = find_video(view.entry, folders)
        by_video.setdefault(None if video is None else video.resolve(), []).append(view)
    for video, group in tqdm(by_video.items(), desc="report", unit="video", disable=not show_progress(progress)):
        if video is None:
            for view in group:
                others = video_candidates(view.entry, folders)
                if others:  # a file of that name, but not the one analysed: its frames are not this jump's
                    view.problems.append(
                        f"no still frames: {others[0]} is not the video this report was made from (another size "
                        "or content: replaced or re-recorded since); analyse it again, or give the original "
                        "with --videos"
                    )
                    _still_views(view, None, "not the analysed video")
                    continue
                view.problems.append(_video_not_found(str(view.data["video"]["path"]), bool(folders)))
                _still_views(view, None, "video not found")
            continue
        wanted = {int(p["frame"]) for view in group for p in _poses(view).values() if p is not None}
        try:
            frames: Mapping[int, Any] | None = read_frames_at(video, wanted)
        except KinemotionError as exc:
            frames = None
            for view in group:
                view.problems.append(f"no still frames: {exc}")
        for view in group:
            _still_views(view, frames, None if frames is not None else "video unreadable")
    generated = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    page = render_page(
        views, session.problems, title, generated, session.warnings, session.refusals, session.refused_athletes
    )
    return page, views


def build_report(
    session: Session,
    path: str | Path,
    *,
    video_folders: Iterable[Path] = (),
    title: str = "Jump session report",
    progress: bool | None = None,
) -> ReportOutcome:
    """Write the session's report to ``path`` (one self-contained HTML file, atomically).

    Raises:
        KinemotionError: the session holds no readable report and no refusal at all (its problems say why);
            nothing is written.
        OutputError: ``path`` is named as another kind of file (``.pdf``: see :func:`write_pdf`).
        TypeError: ``session`` is not a :class:`~kinemotion.report_html.sources.Session` (a folder or a list of
            reports given as it is: :func:`~kinemotion.report_html.sources.read_session` reads them into one);
            ``progress`` is not True, False or None.
        ValueError: ``title`` is empty or holds a control character (see :func:`title_problem`).
    """
    if not isinstance(session, Session):
        raise TypeError(
            f"expected a Session (read_session(folder or reports) gives one), got {type(session).__name__}: "
            f"{session!r:.80}; e.g. build_report(read_session({session!r:.40}), {str(path)!r})"
        )
    problem = title_problem(title)
    if problem is not None:
        raise ValueError(f"the title {problem}")
    check_progress(progress, "build_report")
    check_page_path(path)
    if not session.entries and not session.refusals:  # clips that were all refused still make a page of them
        why = "; ".join(map(str, session.problems)) or "no input given"
        raise KinemotionError(f"No jump report to put in {path}: {why}")
    html, views = render_session(session, video_folders=video_folders, title=title, progress=progress)
    target = Path(path)
    with atomic_path(target) as partial:
        partial.write_text(html, encoding="utf-8")
    problems = list(session.problems)
    problems += [Problem(str(v.entry.source or v.data["video"]["path"]), p) for v in views for p in v.problems]
    jumps = sum(len(v.data["jumps"]) for v in views)
    videos = video_count([v.data for v in views])
    return ReportOutcome(
        target,
        videos,
        jumps,
        tuple(problems),
        tuple(session.warnings),
        len(refused_clips(session.refusals)),
        len(views) if len(views) > videos else None,
    )
