"""The athlete list's ``height_m`` column (:func:`kinemotion.report_html.read_athlete_heights`), read alone:
what ``kinemotion cmj --athlete`` measures each video's metres with."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinemotion.errors import KinemotionError
from kinemotion.report_html.sources import read_athlete_heights


def _list(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "athletes.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_list_with_two_height_columns_is_refused(tmp_path: Path) -> None:
    """A list with ``height_m`` twice (a column pasted twice): which one to read is unclear, so neither is."""
    listed = _list(tmp_path, "video,athlete,height_m,height_m\nana.mp4,Ana,1.62,1.70\n")
    with pytest.raises(KinemotionError, match="has 2 'height_m' columns"):
        read_athlete_heights(listed)


def test_two_heights_for_one_video_are_refused_naming_both(tmp_path: Path) -> None:
    """One video on two rows, the same athlete at two heights (a row copied and corrected): refused, not the
    last row's height taken silently."""
    listed = _list(tmp_path, "video,athlete,height_m\nana.mp4,Ana,1.62\nana.mp4,Ana,1.65\n")
    with pytest.raises(KinemotionError, match="gives two heights for ana.mp4: 1.62 and 1.65 m"):
        read_athlete_heights(listed)


def test_the_lists_own_problems_are_refused_as_when_its_athletes_are_read(tmp_path: Path) -> None:
    """Two athletes named for one video: the heights are not read from a list the athletes are refused from."""
    listed = _list(tmp_path, "video,athlete,height_m\nana.mp4,Ana,1.62\nana.mp4,Bea,1.62\n")
    with pytest.raises(KinemotionError, match="names two athletes for ana.mp4"):
        read_athlete_heights(listed)


def test_a_row_without_a_video_is_left_out_whatever_its_height_cell_says(tmp_path: Path) -> None:
    """A spreadsheet's footer row (no video, a note where the height would be) names no video's height: it is
    left out, as the athletes' reading leaves it out, not refused."""
    listed = _list(tmp_path, "video,athlete,height_m\nana.mp4,Ana,1.62\n,,heights in metres\n")
    assert read_athlete_heights(listed) == {"ana.mp4": 1.62}


def test_a_height_that_is_not_a_number_is_quoted_as_written(tmp_path: Path) -> None:
    """``1,75 m`` (a decimal comma and a unit) is no number: the refusal quotes the cell as the list has it."""
    listed = _list(tmp_path, 'video,athlete,height_m\nana.mp4,Ana,"1,75 m"\n')
    with pytest.raises(KinemotionError, match=r"row 2: the height_m of ana\.mp4 is '1,75 m', not a height in metres"):
        read_athlete_heights(listed)
