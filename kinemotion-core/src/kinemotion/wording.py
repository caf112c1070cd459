"""Wording shared by messages: a long list shortened to its first few items and how many more; a name that is
a wildcard no shell expanded; the jumps of a set a statement is said of (:func:`jump_numbers`).

A batch of hundreds of failed videos, a backend returning thousands of unknown
names, an athlete list of a whole club: a message names the first few and says
how many it left out, so that one line stays one line.

A shell expands ``out/*.json`` into the files it matches before kinemotion
runs; quoted (``'out/*.json'``), or typed where no shell expands (a script's
argument list, a scheduler's command field), it arrives as a name no file
has, and "no such file" alone did not say why (:func:`unexpanded_wildcard`).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Sequence

__all__ = ["first_and_more", "jump_numbers", "unexpanded_wildcard"]


def first_and_more(items: Sequence[str], at_most: int, show: Callable[[list[str]], str] = ", ".join) -> str:
    """The first ``at_most`` of ``items`` as ``show`` writes them (comma-separated by default), then
    ``" and N more"`` when ``N`` were left out: ``first_and_more(["a", "b", "c"], 2) == "a, b and 1 more"``."""
    left_out = len(items) - at_most
    return show(list(items[:at_most])) + (f" and {left_out} more" if left_out > 0 else "")


def jump_numbers(numbers: Sequence[int]) -> str:
    """``jump 3``, ``jumps 2 and 5``, ``jumps 2-15``, ``jumps 2-4 and 7``: runs of three or more as a range (a note
    every hop of a set shares is said once, with the jumps it is said of)."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [p for r in runs for p in ([f"{r[0]}-{r[-1]}"] if len(r) >= 3 else [str(n) for n in r])]
    said = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"jump {said}" if len(set(numbers)) == 1 else f"jumps {said}"


def unexpanded_wildcard(path: str | os.PathLike[str]) -> str | None:
    """Why ``path``, which names no file, may be a wildcard no shell expanded (in words), or None when it holds
    no wildcard character (``*``, ``?``, ``[``)."""
    name = os.fspath(path)
    if not glob.has_magic(name):
        return None
    matches = len(glob.glob(name))
    if matches == 0:
        return "a wildcard that matches nothing here: check the folder and the name"
    files = "1 file" if matches == 1 else f"{matches} files"
    return (
        f"a wildcard no shell expanded, quoted or typed where no shell runs; it matches {files} here: "
        "write it without quotes, or give the files' names"
    )
