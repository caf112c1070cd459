"""A wildcard that reached kinemotion as it was typed: no shell expanded it.

A shell expands ``out/*.json`` into the files it matches before kinemotion
runs; quoted (``'out/*.json'``), or typed where no shell expands (a script's
argument list, a scheduler's command field), it arrives as a name no file
has, and "no such file" alone did not say why.
"""

from __future__ import annotations

import glob
import os

__all__ = ["unexpanded_wildcard"]


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
