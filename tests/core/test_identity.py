"""Which file an output came from (kinemotion.tracking.identity): one function computes a file's size and
digest, for the video a VideoReader opens and for the files written with an output."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kinemotion.tracking.decode import VideoReader
from kinemotion.tracking.identity import FileIdentity, file_record, identify, same_file
from tests.jump.physics_backend import blank_video


def test_the_reader_records_the_video_as_an_output_records_a_file(tmp_path: Path) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    with VideoReader(video) as reader:
        recorded = {"size_bytes": reader.info.size_bytes, "fingerprint": reader.info.fingerprint}
    assert recorded == file_record(video) == identify(video).as_record()
    data = video.read_bytes()
    assert identify(video) == FileIdentity(len(data), f"sha256:{hashlib.sha256(data).hexdigest()}")
    assert same_file(recorded, video)


def test_one_byte_changed_anywhere_is_another_file(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    data = bytearray(range(256)) * (20 * 4096)  # 20 MiB: far more than any sample
    path.write_bytes(data)
    recorded = file_record(path)
    data[len(data) // 4] ^= 1  # neither near the start, the middle nor the end
    path.write_bytes(data)
    assert not same_file(recorded, path)
    assert not same_file(recorded, tmp_path / "missing.bin") and not same_file({"size_bytes": 1}, path)
