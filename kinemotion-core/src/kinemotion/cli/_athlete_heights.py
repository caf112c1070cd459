"""Each video's athlete's height for ``cmj`` and ``dropjump``: ``--height`` for every video, or the athlete list's.

``--athlete athletes.csv`` is the list ``kinemotion report`` reads (``video,athlete``), with an optional
``height_m`` column: each video a row names is measured at its athlete's height (its metres), matched to the
videos as the session page matches athletes (:func:`kinemotion.athletes.athlete_match`), so that a group of
athletes of different heights is one run, one table and one page. A video no row gives a height takes
``--height`` (or none). The list's names go into the run's table (an ``athlete`` column) and page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from kinemotion.athletes import athlete_match
from kinemotion.cli._paths import HomePath

__all__ = ["AthleteList", "athlete_list_option", "heights_per_video", "read_athlete_list"]

_LANDMARKS = ".landmarks.json"
"""How ``kinemotion track`` names a video's landmark JSON (``a.mp4`` -> ``a.landmarks.json``)."""


@dataclass(frozen=True)
class AthleteList:
    """The athlete list given (``--athlete``): who is in each video and, where it says, how tall."""

    path: Path
    names: Mapping[str, str]
    """Video key -> athlete (:func:`~kinemotion.report_html.read_athletes`)."""
    heights: Mapping[str, float] = field(default_factory=dict)
    """Video key -> the athlete's height in metres (its ``height_m`` column; empty without one)."""

    def height_of(self, video: Path) -> tuple[str, float] | None:
        """(the row's video key, the height) of the row that names ``video`` (as given; a landmark JSON
        ``a.landmarks.json`` also by its video's name ``a``), or None."""
        for name in _names_of(video):
            found = athlete_match(name, self.heights, _another_file(video))
            if found is not None:
                return found
        return None


def athlete_list_option(dest: str, help: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """The ``--athlete CSV`` option (``report``; ``cmj``/``dropjump``, which also read its heights): an existing
    file, ``~`` expanded, stored as ``dest``."""
    return click.option(
        "--athlete",
        dest,
        type=HomePath(path_type=Path, exists=True, dir_okay=False),
        default=None,
        metavar="CSV",
        help=help,
    )


def read_athlete_list(path: Path) -> AthleteList:
    """The athlete list at ``path``, names and heights.

    Raises:
        KinemotionError: the list cannot be read, or a height in it is none in metres (naming the row).
    """
    from kinemotion.report_html.sources import read_names_and_heights

    return AthleteList(path, *read_names_and_heights(path))


def heights_per_video(
    videos: Sequence[Path], plain: float | None, athletes: AthleteList | None
) -> tuple[tuple[float | None, ...], list[str]]:
    """Each of ``videos``' athlete's height: the athlete list's for a video one of its rows gives a height, else
    ``plain`` (``--height``; None: not given); and the warnings for the videos no row gives one (a list with a
    ``height_m`` column that leaves a video out: a typo, measured at another height without a word)."""
    from kinemotion.terminal import printable_name
    from kinemotion.wording import first_and_more

    if athletes is None or not athletes.heights:
        return tuple(plain for _ in videos), []
    found = [athletes.height_of(video) for video in videos]
    heights = tuple(plain if f is None else f[1] for f in found)
    missing = [printable_name(video.name) for video, f in zip(videos, found, strict=True) if f is None]
    if not missing:
        return heights, []
    at = f"--height {plain:g}" if plain is not None else "no height (body heights only, no metres)"
    one = len(missing) == 1
    return heights, [
        f"no row of {printable_name(str(athletes.path))} gives a height for {len(missing)} video"
        f"{'' if one else 's'} ({first_and_more(missing, 5)}): {'it is' if one else 'they are'} measured with {at}; "
        "add its row (video,athlete,height_m) to the list, or check the video column against the videos' names"
    ]


def _names_of(video: Path) -> list[str]:
    """``video`` as given, then, for a landmark JSON named as ``kinemotion track`` names it, its video's name
    without the extension (matched to a row's by name without the extension)."""
    text = str(video)
    if text.lower().endswith(_LANDMARKS):
        return [text, text[: -len(_LANDMARKS)]]
    return [text]


def _another_file(video: Path) -> Callable[[str], bool]:
    """For :func:`athlete_match`: whether a row's path names a file there that is not ``video`` (another recording
    of that name: cameras reuse names)."""

    def another(row: str) -> bool:
        try:
            return Path(row).is_file() and not os.path.samefile(row, video)
        except OSError:
            return False

    return another
