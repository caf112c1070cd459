"""When kinemotion shows a progress bar (tracking a video, downloading a model)."""

from __future__ import annotations

import sys

__all__ = ["show_progress"]


def show_progress(progress: bool | None) -> bool:
    """An explicit choice wins; ``None`` (the default) means when stderr is a terminal or a Jupyter notebook's
    cell output (a person watches both), never into a log."""
    if progress is not None:
        return progress
    if _notebook_cell(sys.stderr):
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # stderr replaced or closed
        return False


def _notebook_cell(stream: object) -> bool:
    """``stream`` is a Jupyter kernel's (ipykernel's ``OutStream``): what it writes is shown under the cell, though
    it is no terminal (its ``isatty()`` is False)."""
    return type(stream).__module__.partition(".")[0] == "ipykernel"
