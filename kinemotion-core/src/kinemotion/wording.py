"""Wording shared by messages: a long list shortened to its first few items and how many more.

A batch of hundreds of failed videos, a backend returning thousands of unknown
names, an athlete list of a whole club: a message names the first few and says
how many it left out, so that one line stays one line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = ["first_and_more"]


def first_and_more(items: Sequence[str], at_most: int, show: Callable[[list[str]], str] = ", ".join) -> str:
    """The first ``at_most`` of ``items`` as ``show`` writes them (comma-separated by default), then
    ``" and N more"`` when ``N`` were left out: ``first_and_more(["a", "b", "c"], 2) == "a, b and 1 more"``."""
    left_out = len(items) - at_most
    return show(list(items[:at_most])) + (f" and {left_out} more" if left_out > 0 else "")
