"""One reader for the text of kinemotion's own files (:mod:`kinemotion.tracking.text_files`): the landmark JSON,
a refusal record and an earlier run's outputs are read by it alike, each within its own cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kinemotion.errors import KinemotionError
from kinemotion.jump.refusal import Refusal, read_refusal
from kinemotion.tracking.text_files import HEAD_BYTES, TooLargeError, read_text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_text_is_read_in_the_encoding_its_mark_names(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "f.json"
    path.write_text('{"a": "é"}', encoding=encoding)
    assert read_text(path) == '{"a": "é"}'
    assert read_text(path, at_most=100) == '{"a": "é"}'


def test_a_file_over_its_cap_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"{" + b" " * 1000 + b"}")
    assert read_text(path, at_most=1002) == "{" + " " * 1000 + "}"
    with pytest.raises(TooLargeError) as caught:
        read_text(path, at_most=1001)
    assert caught.value.at_most == 1001 and str(path) in str(caught.value)


def test_a_large_file_that_is_no_json_is_read_only_to_its_start_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "table.json"
    path.write_text("video,athlete\n" + "a.mp4,Ana\n" * HEAD_BYTES)
    assert len(read_text(path, json_head=True)) == HEAD_BYTES
    assert len(read_text(path)) == path.stat().st_size  # a table read as one: whole
    big = tmp_path / "big.landmarks.json"
    big.write_text(json.dumps({"frames": ["x" * 100] * HEAD_BYTES}))
    assert read_text(big, json_head=True) == big.read_text()  # a large landmark JSON: whole


def _refusal() -> Refusal:
    return Refusal("cmj", "v.mp4", "no jump found", "zz", "lightweight", None, None, None, None)


def test_a_refusal_record_saved_again_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Before: the refusal's own reader (UTF-8 only) said "not a readable JSON file" of a record a Windows editor
    had saved with a mark, where a landmark JSON or a report so saved was read."""
    path = _refusal().write(tmp_path / "v.cmj.refusal.json")
    path.write_text(path.read_text(), encoding="utf-8-sig")
    assert read_refusal(path).reason == "no jump found"


def test_a_refusal_record_over_its_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.cmj.refusal.json"
    path.write_text(json.dumps({"padding": "x" * (1 << 20)}))
    with pytest.raises(KinemotionError, match=r"not a kinemotion refusal \(over 1 MB\)"):
        read_refusal(path)
