"""When kinemotion shows a progress bar (tracking a video, downloading a model)."""

from __future__ import annotations

import sys

__all__ = ["show_progress"]


def show_progress(progress: bool | None) -> bool:
    """An explicit choice wins; ``None`` (the default) means only when stderr is a terminal, never into a log."""
    if progress is not None:
        return progress
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # stderr replaced or closed
        return False
