"""The RTMPose plugin's record of OpenVINO's compiled models: a file changed in place is compiled again."""

from __future__ import annotations

import os
from pathlib import Path

from kinemotion_rtmpose.compiled_cache import check_compiled, record_compiled


def _settled(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    old = os.stat(path).st_mtime_ns - 10 * 10**9  # written 10 s ago: settled, recorded
    os.utime(path, ns=(old, old))


def test_a_compiled_model_rewritten_in_place_with_its_old_times_is_removed(tmp_path: Path) -> None:
    """Checked once per process while the file's status is the same (:mod:`kinemotion.file_status`): a rewrite
    of the same size given its old modification time back (a sync tool) is still read again, and removed."""
    blob = tmp_path / "model.blob"
    _settled(blob, b"compiled" * 100)
    record_compiled(tmp_path)
    check_compiled(tmp_path)
    assert blob.is_file()  # as recorded
    stamp = os.stat(blob)
    blob.write_bytes(b"damaged!" * 100)
    os.utime(blob, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    check_compiled(tmp_path)
    assert not blob.exists()
