"""When kinemotion shows a progress bar (tracking a video, downloading a model)."""

from __future__ import annotations

import sys

__all__ = ["check_progress", "show_progress"]


def check_progress(progress: object, function: str) -> bool | None:
    """``progress`` when it is True, False or None, else a TypeError naming ``function``'s argument (``progress=5``
    or ``progress="no"`` was taken for true, silently: a bar where none was asked for).

    Raises:
        TypeError: ``progress`` is not a bool or None.
    """
    if progress is None or isinstance(progress, bool):
        return progress
    raise TypeError(
        f"{function}(progress=...) takes True (a progress bar), False (none) or None (the default: a bar on a "
        f"terminal or under a Jupyter notebook's cell, never into a log), got {type(progress).__name__}: "
        f"{progress!r:.60}"
    )


def show_progress(progress: bool | None) -> bool:
    """An explicit choice wins; ``None`` (the default) means when stderr is a terminal or a Jupyter notebook's
    cell output (a person watches both), never into a log."""
    if check_progress(progress, "progress") is not None:
        return bool(progress)
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
