"""Which athlete an athlete list (a ``video,athlete`` CSV, :func:`kinemotion.report_html.read_athletes`) names for
a video: one rule for the session page and the jump table."""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["athlete_key", "athlete_match", "composed", "report_athlete_match"]


def athlete_key(video: str) -> str:
    """An athlete list's ``video`` cell as a key: its path with ``/`` when it names a folder, else its name
    (in Unicode's composed form, see :func:`composed`); ``./clip.mp4`` (as ``find .`` lists it) is ``clip.mp4``,
    ``a//b.mp4`` is ``a/b.mp4``: one file, one key."""
    posix = composed(video.replace("\\", "/"))
    posix = posixpath.normpath(posix) if posix else posix
    return posix if "/" in posix else Path(posix).name


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC): a Mac names a file ``José.mp4`` with ``e`` and a combining
    accent, a spreadsheet types the one character ``é``; both are the same name to the user."""
    return unicodedata.normalize("NFC", text)


_Row = TypeVar("_Row")
"""What a row of the list gives for its video: the athlete's name, or the athlete's height."""


def athlete_match(
    video_path: str, athletes: Mapping[str, _Row], another_file: Callable[[str], bool] | None = None
) -> tuple[str, _Row] | None:
    """(key, athlete) of the row naming this video: by path (the row's path ends the recorded one), then by
    file name, then by a row's path that the recorded relative one ends (``clips/a.mp4`` for a video analysed as
    ``a.mp4`` from inside ``clips``) when one row alone does and ``another_file`` (given a row's path) does not
    say it names another file than the video (``monday/x.mp4`` there, Tuesday's ``x.mp4`` analysed: cameras
    reuse names), then by name without the extension, then by either in any case when one row alone matches so
    (``clip01.mp4`` typed for ``Clip01.MP4``); None when no row names it."""
    recorded = composed(video_path.replace("\\", "/"))
    for key, athlete in athletes.items():
        if "/" in key and (recorded == key or recorded.endswith("/" + key.lstrip("./"))):
            return key, athlete
    name, stem = Path(recorded).name, Path(recorded).stem
    if name in athletes:
        return name, athletes[name]
    inner = recorded.removeprefix("./")
    if not (inner.startswith(("/", "../")) or ":" in inner):  # relative, inside the folder it was analysed from
        around = [(k, v) for k, v in athletes.items() if "/" in k and k.endswith("/" + inner)]
        if len(around) == 1 and not (another_file is not None and another_file(around[0][0])):
            return around[0]
    by_stem = {Path(k).stem: (k, v) for k, v in athletes.items() if "/" not in k}
    if stem in by_stem:
        return by_stem[stem]
    folded = {name.casefold(), stem.casefold()}
    in_any_case = [
        (k, v) for k, v in athletes.items() if "/" not in k and {k.casefold(), Path(k).stem.casefold()} & folded
    ]
    return next(iter(in_any_case)) if len(in_any_case) == 1 else None


def report_athlete_match(
    report: Mapping[str, Any], athletes: Mapping[str, _Row], another_file: Callable[[str], bool] | None = None
) -> tuple[str, _Row] | None:
    """:func:`athlete_match` for a jump report: by its video's path (``another_file`` as there), else by the
    landmark JSON it was analysed from (its ``landmarks_file``), which a row may name: ``cmj a.landmarks.json
    --athlete list`` measures the clip at the height of the row naming the file given, and its table and page
    name that row's athlete too."""
    video = report.get("video")
    path = video.get("path") if isinstance(video, Mapping) else None
    found = athlete_match(path, athletes, another_file) if isinstance(path, str) else None
    if found is not None:
        return found
    landmarks = report.get("landmarks_file")
    given = landmarks.get("path") if isinstance(landmarks, Mapping) else None
    return athlete_match(given, athletes) if isinstance(given, str) else None
