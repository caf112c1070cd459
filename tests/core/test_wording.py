"""A long list in a message: its first few items, then how many more (one helper for every message)."""

from __future__ import annotations

from kinemotion.wording import first_and_more


def test_a_short_list_is_written_whole() -> None:
    assert first_and_more(["a.mp4", "b.mp4"], 2) == "a.mp4, b.mp4"
    assert first_and_more([], 3) == ""


def test_a_long_list_names_the_first_ones_and_counts_the_rest() -> None:
    assert first_and_more(["a", "b", "c", "d"], 2) == "a, b and 2 more"


def test_the_first_ones_are_written_as_asked() -> None:
    assert first_and_more(["x0", "x1", "x2"], 2, show=str) == "['x0', 'x1'] and 1 more"
