"""The ``--person`` option shared by ``track``, ``cmj``, ``dropjump`` and ``bench``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

__all__ = ["person_option"]

F = TypeVar("F", bound=Callable[..., object])


def _parse(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from kinemotion.pose.person import PersonChoice

    try:
        return PersonChoice.parse(value).describe().replace("point ", "")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def person_option(fn: F) -> F:
    """``--person largest|center|X,Y``: whom to follow when several people are in view."""
    option = click.option(
        "--person",
        default=None,
        callback=_parse,
        metavar="largest|center|X,Y",
        help="Whom to follow when several people are in view: the largest (default), the one nearest the "
        "frame's centre, or the one nearest the point X,Y (fractions of width and height, e.g. 0.3,0.6) "
        "when first seen. Recorded in the outputs.",
    )
    return option(fn)
