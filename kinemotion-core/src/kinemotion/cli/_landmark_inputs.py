"""A landmark JSON (``kinemotion track``'s) given to ``kinemotion cmj`` / ``dropjump`` in place of its video: telling
it from a video, finding the video it records (its overlay and the page's stills are drawn on it), keeping every
output off that video, and saying when the command line asks for tracking options other than the file's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from kinemotion.cli._options import TrackingRequest
    from kinemotion.tracking import TrackingResult

__all__ = [
    "check_recorded_videos",
    "edited_against_its_video",
    "found_beside",
    "is_landmark_file",
    "not_as_asked",
    "replaced_since",
    "tracked_video",
    "video_of",
]


def is_landmark_file(path: Path) -> bool:
    """Whether an input is a landmark JSON (``kinemotion track``'s) rather than a video."""
    return path.suffix.lower() == ".json"


def found_beside(landmarks: Path, video: Path) -> Path:
    """The video a landmark JSON records, also looked for beside the file when its path is relative (recorded as
    given, from the folder `kinemotion track` ran in); ``video`` as recorded when not found."""
    if _is_file(video) or video.is_absolute():
        return video
    beside = [landmarks.parent / video, landmarks.parent / video.name]  # whose content the caller checks
    return next((p for p in beside if _is_file(p)), video)


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file here; False, not an error, for a recorded path this system cannot look up
    (a name too long for this filesystem: tracked on a computer whose names may be longer; a folder this user may
    not enter): the landmarks are analysed without their video."""
    from kinemotion.file_status import file_status

    return file_status(path, regular=True) is not None


def _recorded_video(landmarks: Path) -> Path | None:
    """The video a landmark JSON records (None when it cannot be read: reading it says why, later)."""
    import json

    from kinemotion.tracking.files import json_file_text

    if not landmarks.is_file():  # a named pipe would wait for a writer
        return None
    try:
        recorded = json.loads(json_file_text(landmarks))["video"]["path"]
    except (OSError, ValueError, RecursionError, KeyError, TypeError):
        return None
    return found_beside(landmarks, Path(recorded)) if isinstance(recorded, str) else None


def check_recorded_videos(videos: tuple[Path, ...], files: list[tuple[Path | None, ...]]) -> None:
    """No output is the video a landmark JSON given was tracked from: ``cmj lm.json --overlay clip.mp4`` was
    refused only when the overlay was drawn, and the failed run then moved the recording aside as an earlier
    output (``clip.mp4.previous``).

    Raises:
        OutputError: naming the output, the video and the landmark file.
    """
    import os

    from kinemotion.errors import OutputError

    recorded: dict[str, tuple[Path, Path]] = {}
    for given in videos:
        video = _recorded_video(given) if is_landmark_file(given) else None
        if video is not None:
            recorded[os.path.realpath(video)] = (given, video)
    for planned in files:
        for path in planned:
            if path is not None and os.path.realpath(path) in recorded:
                given, video = recorded[os.path.realpath(path)]
                raise OutputError(
                    f"refusing to write {path}: it is {video}, the video {given} was tracked from; choose another "
                    "output name"
                )


def tracked_video(landmarks: Path, tracking: TrackingResult) -> Path:
    """The video a landmark JSON was tracked from, as it is now: there, and the very file (size and content).

    Raises:
        VideoReadError: it is gone or has changed since it was tracked.
    """
    from kinemotion.errors import VideoReadError
    from kinemotion.tracking.identity import same_file

    video = found_beside(landmarks, Path(tracking.video.path))
    if not _is_file(video):
        where = "" if video.is_absolute() else " (a path from the folder `kinemotion track` ran in)"
        raise VideoReadError(
            f"{landmarks} was tracked from {video}{where}, which is not there: the overlay is drawn on that video. "
            "Put it back at that path, or give the video itself instead of its landmarks."
        )
    if tracking.video.fingerprint is None:
        raise VideoReadError(
            f"{landmarks} does not record which file {video} was when it was tracked (an older kinemotion wrote "
            "it), so an overlay on it could show another recording. Give the video itself."
        )
    recorded = {"size_bytes": tracking.video.size_bytes, "fingerprint": tracking.video.fingerprint}
    if not same_file(recorded, video):
        raise VideoReadError(
            f"{landmarks} was tracked from {video}, which has changed since (its content differs): its landmarks "
            "do not belong to the video there now. Give the video itself to track it again."
        )
    return video


def edited_against_its_video(landmarks: Path, tracking: TrackingResult) -> str | None:
    """Why a landmark JSON cannot be what `kinemotion track` wrote for its video, judged against that very video
    (same size and digest) when it is at hand: its recorded frame rate, frame count, size or duration, or its
    frames' times, disagree with the file (edited consistently by hand or by another program: every other check
    passed). None when they agree, or the video is not at hand to compare (nothing more can be known).
    """
    from dataclasses import asdict

    from kinemotion.errors import VideoReadError
    from kinemotion.tracking.recorded import recorded_video_problem

    try:
        video = tracked_video(landmarks, tracking)
    except VideoReadError:  # not there, or not the very file: nothing to compare with (said where it matters)
        return None
    last_ms = float(tracking.timestamps_ms[-1]) if tracking.frame_count else None
    problem = recorded_video_problem(asdict(tracking.video), video, last_ms)
    if problem is None:
        return None
    return (
        f"{landmarks}: not the landmark JSON `kinemotion track` wrote for its video: {problem} (edited by hand or "
        "by another program, or the video read by another OpenCV). Track the video again with `kinemotion track "
        "VIDEO -o FILE.json`, or give the video itself."
    )


def replaced_since(landmarks: Path, tracking: TrackingResult) -> str | None:
    """What to say of a landmark JSON whose video is at hand but another file than the one tracked (another
    recording saved under its name since): its results are the recording's tracked then, while the jump table
    and report name the path. None when the video is the very file tracked, or not at hand, or not recorded."""
    from dataclasses import asdict

    from kinemotion.tracking.identity import another_file_at

    video = found_beside(landmarks, Path(tracking.video.path))
    if not _is_file(video) or not another_file_at(asdict(tracking.video), video):
        return None
    return (
        f"{landmarks} was tracked from {video}, which has changed since (its content differs): the results are "
        "those of the recording tracked then, not of the file there now; give the video itself to measure it."
    )


def video_of(given: Path, report: dict[str, Any]) -> Path:
    """The video an input stands for: itself, or the one a landmark file was tracked from, also looked for beside
    it (the page's stills come from it only while it is that very file)."""
    return found_beside(given, Path(report["video"]["path"])) if is_landmark_file(given) else given


def not_as_asked(tracking: TrackingResult, request: TrackingRequest) -> str | None:
    """How a landmark file's tracking differs from what the command line asks (``-b``, ``-m``, ``--person``,
    ``-O`` given), e.g. ``backend 'mediapipe', not 'rtmpose-cpu'``; None when it does not (or nothing was asked)."""
    from click.core import ParameterSource

    ctx = click.get_current_context(silent=True)

    def given(name: str) -> bool:
        return ctx is not None and ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE

    used = tracking.backend
    differs = []
    if request.backend not in (None, "auto") and used.name != request.backend:
        differs.append(f"backend {used.name!r}, not {request.backend!r}")
    if given("mode") and used.mode != request.mode:
        differs.append(f"mode {used.mode!r}, not {request.mode!r}")
    if given("person") and used.options.get("person") != request.person:
        differs.append(f"person {used.options.get('person', 'largest')!r}, not {request.person!r}")
    for key, value in request.backend_options:  # given on the command line (-O), so each one asked
        if used.options.get(key) != str(value):  # recorded as text (BackendRecord)
            recorded = used.options.get(key)
            differs.append(f"{key} {'unset' if recorded is None else repr(recorded)}, not {str(value)!r}")
    return ", ".join(differs) or None
