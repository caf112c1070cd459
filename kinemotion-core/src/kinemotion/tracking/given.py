"""A video opened by another path than the one it was given by (an absolute one, a worker's copy), named as given.

A batch opens each video by its absolute path (a backend may move the working directory while it runs,
:mod:`kinemotion.pose.workdir`), and a remote worker opens a copy of it; what the result records and what a
message says name the file as the user gave it.
"""

from __future__ import annotations

import dataclasses
import os

from kinemotion.tracking.decode import shown
from kinemotion.tracking.result import TrackingResult

__all__ = ["result_as_given", "said_as_given"]


def said_as_given(text: str, opened: str | os.PathLike[str], given: str | os.PathLike[str]) -> str:
    """``text`` with the path a video was ``opened`` by replaced by the one it was ``given`` by."""
    for old, new in ((os.fspath(opened), os.fspath(given)), (shown(opened), shown(given))):
        if old != new:
            text = text.replace(old, new)
    return text


def result_as_given(
    tracking: TrackingResult, opened: str | os.PathLike[str], given: str | os.PathLike[str]
) -> TrackingResult:
    """``tracking`` of the video ``opened``, recording the video and saying its error by the path ``given``."""
    error = None if tracking.error is None else said_as_given(tracking.error, opened, given)
    video = dataclasses.replace(tracking.video, path=shown(given))
    return dataclasses.replace(tracking, video=video, error=error)
