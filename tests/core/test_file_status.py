"""kinemotion.file_status: the one definition of "the same file as seen before", used by every such check."""

from __future__ import annotations

import os
from pathlib import Path

from kinemotion.file_status import FileStatus, file_status


def test_a_rewrite_in_place_with_its_old_modification_time_is_a_change(tmp_path: Path) -> None:
    """``cp -p`` or ``touch -r``: same size, same modification time, same inode; the status-change time moved."""
    path = tmp_path / "model.bin"
    path.write_bytes(b"a" * 100)
    before = file_status(path)
    assert before is not None and before == FileStatus.of(os.stat(path)) and before.size == 100
    stamp = os.stat(path)
    os.utime(path, ns=(stamp.st_atime_ns + 10**9, stamp.st_mtime_ns + 10**9))  # the status changes now
    path.write_bytes(b"b" * 100)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # its modification time put back
    after = file_status(path)
    assert after is not None and after[:4] == before[:4]
    assert after != before  # told apart by the status-change time alone (POSIX; Windows keeps creation time)


def test_a_file_replaced_by_another_is_another_file(tmp_path: Path) -> None:
    path, other = tmp_path / "a.json", tmp_path / "b.json"
    path.write_text("{}")
    other.write_text("{}")
    before = file_status(path)
    os.replace(other, path)
    assert file_status(path) != before


def test_none_for_what_is_not_there_or_not_a_regular_file_when_asked(tmp_path: Path) -> None:
    assert file_status(tmp_path / "missing") is None
    assert file_status(tmp_path) is not None
    assert file_status(tmp_path, regular=True) is None
