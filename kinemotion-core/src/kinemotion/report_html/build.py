"""Building a session report: stills from each video, then the page, written atomically.

What cannot be had is marked on the page, not fatal: a video that is not on
this machine gives placeholders instead of stills (and a problem saying where
it was looked for); a report file that cannot be read is listed at the top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinemotion.errors import KinemotionError
from kinemotion.jump.report import POSE_EVENTS
from kinemotion.progress import show_progress
from kinemotion.report_html.page import StillView, VideoView, render_page
from kinemotion.report_html.sources import Problem, Session, find_video
from kinemotion.report_html.stills import data_uri, read_frames_at, still
from kinemotion.tracking.atomic import atomic_path

__all__ = ["ReportOutcome", "build_report", "render_session"]


@dataclass(frozen=True)
class ReportOutcome:
    """What was written: the page, how many videos and jumps it shows, and everything it marks as missing."""

    path: Path
    videos: int
    jumps: int
    problems: tuple[Problem, ...]


def _still_views(view: VideoView, video: Path | None, where: str) -> None:
    """Fill ``view.stills``: a picture per pose event of every jump, or a placeholder saying why not."""
    jumps: Sequence[Mapping[str, Any]] = view.data["jumps"]
    poses = {(int(j["number"]), e): j.get("poses", {}).get(e) for j in jumps for e in POSE_EVENTS}
    frames: dict[int, Any] = {}
    reason = None
    if not any(p is not None for p in poses.values()):
        reason = "no pose stored in this report (made by an older kinemotion): analyse the video again"
    elif video is None:
        reason = f"video not found ({where})"
        view.problems.append(f"no still frames: the video {where} is not on this machine")
    else:
        try:
            frames = read_frames_at(video, [p["frame"] for p in poses.values() if p is not None])
        except KinemotionError as exc:
            reason = "video unreadable"
            view.problems.append(f"no still frames: {exc}")
    for (number, event), pose in poses.items():
        frame = None if pose is None else int(pose["frame"])
        time_s = None if pose is None else float(pose["time_s"])
        if pose is not None and frame in frames:
            uri = data_uri(still(frames[frame], pose["landmarks"]))
            view.stills.setdefault(number, []).append(StillView(event, frame, time_s, uri))
        else:
            missing = reason or ("no pose at this event" if pose is None else f"frame {frame} not in the video")
            view.stills.setdefault(number, []).append(StillView(event, frame, time_s, missing=missing))


def render_session(
    session: Session,
    *,
    video_folders: Iterable[Path] = (),
    title: str = "Jump session report",
    progress: bool | None = None,
) -> tuple[str, list[VideoView]]:
    """The page's HTML and the video sections in it (stills read from each video that can be found)."""
    from tqdm import tqdm

    folders = list(video_folders)
    views: list[VideoView] = []
    entries = tqdm(
        session.entries, desc="report", unit="video", disable=not show_progress(progress) or not session.entries
    )
    for k, entry in enumerate(entries):
        view = VideoView(entry, f"v{k + 1}")
        recorded = str(entry.data["video"]["path"])
        where = f"{recorded}, also looked for beside the report" + (" and in --videos" if folders else "")
        _still_views(view, find_video(entry, folders), where)
        views.append(view)
    generated = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    return render_page(views, session.problems, title, generated), views


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
        KinemotionError: the session holds no readable report at all (its problems say why); nothing is written.
    """
    if not session.entries:
        why = "; ".join(map(str, session.problems)) or "no input given"
        raise KinemotionError(f"No jump report to put in {path}: {why}")
    html, views = render_session(session, video_folders=video_folders, title=title, progress=progress)
    target = Path(path)
    with atomic_path(target) as partial:
        partial.write_text(html, encoding="utf-8")
    problems = list(session.problems)
    problems += [Problem(str(v.entry.source or v.data["video"]["path"]), p) for v in views for p in v.problems]
    return ReportOutcome(target, len(views), sum(len(v.data["jumps"]) for v in views), tuple(problems))
