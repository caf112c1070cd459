"""What a JSON output written from Python may replace: never a file of another kind, nor a landmark JSON.

The command line refuses ``-o b.mp4`` before any work (it replaced the recording ``b.mp4`` with JSON); from
Python, ``report.write_json("b.mp4")`` and ``write_json(tracking, "b.mp4")`` replaced it, a name ending in a
slash (``"results/"``, a folder) became a file of that name, and a jump report written over the landmark JSON
it was analysed from replaced the landmarks (the slow part to make again) with the report.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kinemotion.errors import OutputError
from kinemotion.tracking.decode import VIDEO_SUFFIXES

__all__ = ["OTHER_KINDS", "check_json_output", "check_not_landmarks", "holds_landmarks", "other_kind_problem"]

OTHER_KINDS = VIDEO_SUFFIXES | frozenset(
    (".csv", ".tsv", ".html", ".htm", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".tif", ".tiff",
     ".txt", ".xlsx", ".xls", ".zip")
)  # fmt: skip
"""Suffixes of files that are not JSON: a JSON output named so (``-o b.mp4``) replaced that file with JSON."""

_LANDMARK_SCHEMA = re.compile(rb'^\s*\{\s*"schema"\s*:\s*"kinemotion\.tracking/')


def holds_landmarks(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file that opens as a landmark JSON (``kinemotion track``'s output, which writes its
    ``schema`` first): only its first bytes are read, and only of a regular file (a named pipe would wait for a
    writer)."""
    if not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as fh:
            start = fh.read(256)
    except OSError:
        return False
    for mark in (b"\xef\xbb\xbf",):  # saved by a Windows editor with its byte-order mark
        start = start.removeprefix(mark)
    return _LANDMARK_SCHEMA.match(start) is not None


def check_json_output(path: str | os.PathLike[str], what: str) -> None:
    """Refuse to write the JSON ``what`` (``"jump report"``, ``"landmark JSON"``) at ``path`` when that names a
    folder (an existing one, or a name ending in a slash) or another kind of file (``.mp4``, ``.html``,
    ``.csv``, ...).

    Raises:
        OutputError: naming the path and the name to give it.
    """
    name = os.fspath(path)
    if name.endswith(("/", os.sep)) or Path(name).is_dir():
        raise OutputError(
            f"refusing to write the {what} as {name}: that names a folder; give the file's name "
            f"({Path(name) / ('results.json')}, for one)"
        )
    problem = other_kind_problem(name, what)
    if problem is not None:
        raise OutputError(problem)


def other_kind_problem(path: str | os.PathLike[str], what: str) -> str | None:
    """Why the JSON ``what`` may not be written at ``path`` when its suffix names another kind of file (see
    :data:`OTHER_KINDS`), with the name to give it; None when the suffix is no other kind's."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in OTHER_KINDS:
        return None
    return (
        f"refusing to write the {what} as {name}: a {suffix} name says it is another kind of file (and would "
        f"replace any {suffix} file of that name); name it {Path(name).with_suffix('.json')}"
    )


def check_not_landmarks(path: str | os.PathLike[str], kind: str) -> None:
    """Refuse to write a ``kind`` jump report over ``path`` when it is a landmark JSON (the landmarks a report is
    made from: the slow part to make again).

    Raises:
        OutputError: naming the path and the name to give the report instead.
    """
    if holds_landmarks(path):
        target = Path(path)
        raise OutputError(
            f"refusing to write the jump report as {target}: it is a landmark JSON (kinemotion track's output, "
            f"which a jump report never replaces); name it {target.with_name(f'{target.stem}.{kind}.json')}"
        )
