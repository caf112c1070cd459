"""A command's paths made absolute before any backend runs, and said as the user gave them.

The tracking of a batch runs in another thread (or threads) while the command's own thread writes each finished
video's outputs. A backend may change the working directory in a call (``create()``, a frame; OpenPose's Python
examples do); kinemotion puts it back after the call (:mod:`kinemotion.pose.workdir`), but meanwhile it is moved
for the whole process: `track v0.mp4 v1.mp4 -o out/` failed with "cannot write out/v0.landmarks.json: No such
file or directory" when the tracker of ``v1.mp4`` was being created as ``v0.mp4``'s outputs were written. So each
output a command plans, and each video it reads while tracking runs, is :func:`anchored`: made absolute against
the working directory as it was when the command started.

What the command prints names them as they were given (``out/v0.landmarks.json``): :func:`said_as_given` strips
the working directory from the paths anchored (and from those under the folders they are in), and
:func:`as_given` does so for a path recorded in an output.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["anchored", "as_given", "forget_anchored", "said_as_given"]

_ANCHORED: dict[str, int] = {}
"""Each prefix to say relative (an anchored path, and its folder with a separator), to the length of the working
directory and separator it starts with."""
_LONGEST_FIRST: list[tuple[str, int]] = []
""":data:`_ANCHORED` longest first (a file before its folder), made again when a prefix is added."""
_FOLDERS: set[str] = set()
"""The working directories the prefixes start with (one per command): text naming none of them is left as it is.
A path given absolute is a prefix too, said as it is (0): not stripped of a folder some relative path is in."""


def forget_anchored() -> None:
    """A new command: no path of an earlier one (another working directory, in one process) is said relative."""
    _ANCHORED.clear()
    _LONGEST_FIRST.clear()
    _FOLDERS.clear()


def _longest_first() -> list[tuple[str, int]]:
    if len(_LONGEST_FIRST) != len(_ANCHORED):
        _LONGEST_FIRST[:] = sorted(_ANCHORED.items(), key=lambda item: -len(item[0]))
    return _LONGEST_FIRST


def anchored(path: Path) -> Path:
    """``path`` joined to the working directory (no ``..`` or link resolved: the same file as ``path`` names),
    remembered to be said as given; an absolute path as it is (and said so, though in the folder of a path given
    relative). Called before any backend runs."""
    if path.is_absolute():
        _ANCHORED.setdefault(str(path), 0)  # as given, before a shorter prefix (its folder's) is stripped
        return path
    try:
        here = os.getcwd()
    except OSError:  # the working directory was removed: a relative path names nothing anyway
        return path
    located = Path(here) / path
    start = len(here) + (0 if here.endswith(os.sep) else 1)
    _ANCHORED[str(located)] = start
    if located.parent != located.parent.parent:  # not a root (``/``, ``C:\\``): the start of every absolute path
        _ANCHORED[os.path.join(str(located.parent), "")] = start  # what is written beside it (a CSV, a record)
    _FOLDERS.add(here)
    return located


def as_given(path: Path) -> Path:
    """``path`` as the user gave it when it was anchored (or is in a folder that was): relative again."""
    text = str(path)
    for prefix, start in _longest_first():
        if text == prefix or text.startswith(prefix if prefix.endswith(os.sep) else prefix + os.sep):
            return Path(text[start:] or ".")
    return path


def said_as_given(text: str) -> str:
    """``text`` (a message) with the paths anchored, and the paths in their folders, as they were given."""
    if not any(folder in text for folder in _FOLDERS):  # most lines: no path, or none anchored
        return text
    found = [(prefix, start) for prefix, start in _longest_first() if prefix in text]
    if not found:
        return text
    starts = dict(found)
    # one pass, the longest prefix first at each place: a path given absolute is not then stripped of its folder
    # where a relative path's folder is the same; only where a path starts (not inside another: /home/a/tmp/x for
    # /tmp/x)
    pattern = _STARTS_A_PATH + "(" + "|".join(re.escape(prefix) for prefix, _ in found) + ")"
    return re.sub(pattern, lambda m: m.group(1)[starts[m.group(1)] :], text)


_STARTS_A_PATH = r"(?<![^\s'\"`(\[=,])"
"""Preceded by nothing, a space, a quote or bracket, ``=`` or ``,``: where a path begins in a message."""
