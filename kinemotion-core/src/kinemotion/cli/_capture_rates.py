"""``--capture-fps``: the rate each video was filmed at, so that one run measures slow-motion clips among others.

``--capture-fps 240`` applies to every video of the run (as it always did);
``--capture-fps CLIP=240`` to that clip alone, named by its path as given
or by its file name (or another name of that file; typed in either Unicode form, as the athlete list's
names are, unless a clip is named exactly), and the option may be repeated: ``kinemotion cmj
clips/*.mp4 -o out --capture-fps header.mp4=240`` measures the slow-motion
clip at 240 and the others at their file's rate, in one run, into one table
and one page (a folder with one slow-motion clip took two runs, and the
second's table lost the first's videos). A plain rate and clips named go
together: each clip named gets its own rate, every other video the plain one.
The file's own metadata is not read for it: a slow-motion clip as phones
share it (re-encoded at 30 fps) records no capture rate.

A rate is checked as the plain option always was (a finite number from 1 to
10000, a decimal comma refused with the number written with a point); a clip
named that is none of the run's videos (a typo), a file name that two videos
share (give the path), a clip or a plain rate given twice: a usage error
(exit 2) before any work.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

__all__ = ["CaptureRate", "CaptureRateType", "named_rates", "per_video"]


@dataclass(frozen=True)
class CaptureRate:
    """One ``--capture-fps``: the rate, for the clip named (None: every video not named otherwise)."""

    clip: str | None
    fps: float

    def __str__(self) -> str:
        return f"{self.fps:g}" if self.clip is None else f"{self.clip}={self.fps:g}"


class CaptureRateType(click.types.StringParamType):
    """``FPS`` or ``CLIP=FPS`` (split at the last ``=``: a file name may hold one)."""

    name = "capture rate"

    def __init__(self, number: click.types.FloatParamType) -> None:
        self._read: Callable[[Any, click.Parameter | None, click.Context | None], Any] = number.convert
        """Reads the rate (``DecimalNumber``'s, the option's checks after it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as a :class:`CaptureRate`, or a usage error saying what is wrong with it."""
        from kinemotion.jump.inputs import check_capture_fps

        if isinstance(value, CaptureRate):
            return value
        text = str(value)
        clip, _, number = text.rpartition("=")
        if "=" in text and not clip.strip():
            self.fail(
                f"{text!r} names no clip before '=': give CLIP=FPS (e.g. header.mp4=240), or FPS alone", param, ctx
            )
        if "=" in text and not number.strip():
            self.fail(f"{text!r} gives no rate after '=': give CLIP=FPS (e.g. {clip.strip()}=240)", param, ctx)
        fps = self._read(number, param, ctx)
        try:
            checked = check_capture_fps(fps)
        except ValueError as exc:
            self.fail(f"{text!r}: {exc}" if clip else str(exc), param, ctx)
        assert checked is not None
        return CaptureRate(clip or None, checked)


def _matches(video: Path, clip: str, form: Callable[[str], str] = str) -> bool:
    """Whether ``clip`` (as given to ``--capture-fps CLIP=FPS``) names ``video``: its path as given, its file
    name alone, or another name of the same file (a link among the videos, done once under the first name given;
    its absolute path); the names compared in ``form`` (:func:`~kinemotion.athletes.composed`: in either Unicode
    form, as the athlete list matches them)."""
    if form(os.path.normpath(str(video))) == form(os.path.normpath(clip)) or form(video.name) == form(clip):
        return True
    try:
        return os.path.samefile(video, clip)
    except (OSError, ValueError):
        return False


def _one_file(videos: Sequence[Path]) -> bool:
    """Whether ``videos`` are all one file (one given twice: said as such by the checks that follow)."""
    try:
        return all(os.path.samefile(videos[0], video) for video in videos[1:])
    except (OSError, ValueError):
        return False


def per_video(videos: Sequence[Path], given: Sequence[CaptureRate]) -> tuple[float | None, ...]:
    """The capture rate of each of ``videos`` (None: its file's rate) from the ``--capture-fps`` given.

    Raises:
        click.BadParameter: a plain rate given twice, or a clip given twice, naming none of ``videos`` or several.
    """
    plain = [r.fps for r in given if r.clip is None]
    named = named_rates(videos, given)
    return tuple(named[i].fps if i in named else (plain[0] if plain else None) for i in range(len(videos)))


def named_rates(videos: Sequence[Path], given: Sequence[CaptureRate]) -> dict[int, CaptureRate]:
    """The ``--capture-fps CLIP=FPS`` naming each of ``videos`` that one names, by index: what a refusal of that
    clip tells to replace (a second rate for it is a usage error).

    Raises:
        click.BadParameter: as :func:`per_video`.
    """
    from kinemotion.athletes import composed
    from kinemotion.terminal import printable_name
    from kinemotion.wording import first_and_more

    plain = [r for r in given if r.clip is None]
    if len(plain) > 1:
        raise click.BadParameter(
            f"a plain rate is given {len(plain)} times ({', '.join(map(str, plain))}): it applies to every video; "
            "give one, and CLIP=FPS for each clip filmed at another rate",
            param_hint="--capture-fps",
        )
    named: dict[int, CaptureRate] = {}
    for rate in (r for r in given if r.clip is not None):
        assert rate.clip is not None
        found = [i for i, video in enumerate(videos) if _matches(video, rate.clip)] or [
            i for i, video in enumerate(videos) if _matches(video, rate.clip, composed)
        ]  # typed in the other Unicode form than the file's name (a Mac's): that clip, unless one is named exactly
        if not found:
            names = first_and_more([printable_name(v.name) for v in videos], 5)
            raise click.BadParameter(
                f"{printable_name(str(rate))} names none of this run's videos ({names}): give a video's file name or "
                "its path as given",
                param_hint="--capture-fps",
            )
        if len(found) > 1 and not _one_file([videos[i] for i in found]):
            paths = ", ".join(printable_name(str(videos[i])) for i in found)
            raise click.BadParameter(
                f"{printable_name(str(rate))} names {len(found)} videos ({paths}): give the one meant by its path",
                param_hint="--capture-fps",
            )
        for i in found:
            if i in named:
                raise click.BadParameter(
                    f"{printable_name(str(videos[i]))} is given two rates ({named[i]} and {rate}): give one",
                    param_hint="--capture-fps",
                )
            named[i] = rate
    return named
