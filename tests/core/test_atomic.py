"""Atomic outputs: hidden partial files beside the target, folders made, clear refusals."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kinemotion.errors import OutputError
from kinemotion.tracking.atomic import atomic_path, check_writable


def test_the_partial_file_is_hidden_beside_the_target_and_keeps_its_extension(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "jumps.csv"  # folders that do not exist yet
    with atomic_path(target) as partial:
        assert partial.parent == target.parent
        assert re.fullmatch(r"\.jumps\.[^/]+\.partial\.csv", partial.name), partial.name
        assert not target.exists()
        partial.write_text("x", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "x"
    assert os.listdir(target.parent) == ["jumps.csv"]


def test_a_parent_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("", encoding="utf-8")
    target = tmp_path / "plain" / "sub" / "out.json"
    with pytest.raises(
        OutputError,
        match=rf"^cannot write {re.escape(str(target))}: {re.escape(str(tmp_path / 'plain'))} is a file, not a folder$",
    ):
        check_writable(target)
    with pytest.raises(OutputError, match=rf"^cannot write {re.escape(str(target))}: "), atomic_path(target):
        pass


def test_a_target_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=rf"^cannot write {re.escape(str(tmp_path))}: it is a folder$"):
        check_writable(tmp_path)


def test_a_writable_target_in_a_new_folder_passes_and_creates_nothing(tmp_path: Path) -> None:
    check_writable(tmp_path / "new" / "deeper" / "out.json")
    assert not (tmp_path / "new").exists()


def test_outputs_get_the_mode_of_any_new_file_not_the_private_temporary_one(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "shared.json") as partial:
            assert partial.stat().st_mode & 0o777 == 0o600  # private while being written
            partial.write_text("{}", encoding="utf-8")
        assert (tmp_path / "shared.json").stat().st_mode & 0o777 == 0o644  # readable by the lab, as open() makes it
    finally:
        os.umask(previous)
