"""A backend's error that stops several videos of a batch, said once with the videos it stopped.

A named backend that cannot start (an option it does not take, a model it cannot get, a ``create()`` that
fails) fails every video of a batch with the same words: ``track`` and ``cmj`` printed that error once per
video, the same paragraph N times. Such an error (one about the backend or its model, not about the video) is
held until the batch's videos are done and then said once, naming how many videos it stopped and which; one
that stopped a single video is said as before, after its video's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kinemotion.cli._earlier import ended
from kinemotion.cli._paths import with_video_name
from kinemotion.cli._terminal import echo
from kinemotion.terminal import printable_name

__all__ = ["HeldErrors"]

_BACKEND_WIDE = ("Backend '", "Unknown backend '", "Could not download ", "Could not obtain ")
"""How an error about the backend or its model starts (:mod:`kinemotion.pose.selection`,
:mod:`kinemotion.pose.registry`, also a Ray node's without the plugin, :mod:`kinemotion.models`), once its
video's name is taken off: the same words for every video it stops."""


def _without_video(error: str, video: str | Path) -> str:
    """``error`` without the video's name it starts with (``v.mp4: Backend ...`` -> ``Backend ...``)."""
    from kinemotion.tracking.decode import shown

    for name in (str(video), shown(video)):
        if error.startswith(f"{name}: "):
            return error[len(name) + 2 :]
    return error


class HeldErrors:
    """The backend-wide errors of a batch's videos, held by message until :meth:`say`."""

    def __init__(self) -> None:
        self._held: dict[str, list[tuple[str | Path, str]]] = {}

    def hold(self, video: str | Path, error: str, note: str = "") -> bool:
        """Hold ``error`` of ``video`` (and its ``note``, an :func:`~kinemotion.cli._earlier.aside_note`) when
        it is about the backend or its model, not the video; False (nothing held: say it now) otherwise."""
        message = _without_video(error, video)
        if not message.startswith(_BACKEND_WIDE):
            return False
        self._held.setdefault(message, []).append((video, note))
        return True

    def say(self, videos: Sequence[str | Path]) -> None:
        """Print each held error once: after its video's name when it stopped one video, else with how many of
        the batch's ``videos`` (those tracked, in the order given) it stopped and their names in that order;
        each video's note follows."""
        order = {str(video): index for index, video in enumerate(videos)}
        for message, held in self._held.items():
            stopped = sorted(held, key=lambda pair: order.get(str(pair[0]), len(order)))  # workers finish in any order
            notes = "".join(note for _, note in stopped)
            if len(stopped) == 1:
                echo(f"Error: {ended(with_video_name(message, stopped[0][0]), notes)}", err=True)
                continue
            closed = message.rstrip()
            closed += "" if closed.endswith((".", "!", "?")) else "."
            every = "all " if len(stopped) == len(videos) else ""
            names = ", ".join(printable_name(str(video)) for video, _ in stopped)
            echo(f"Error: {closed} It stopped {every}{len(stopped)} videos: {names}.{notes}", err=True)
        self._held.clear()
