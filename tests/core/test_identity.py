"""Which file an output came from (kinemotion.tracking.identity): one function computes a file's size and
digest, for the video a VideoReader opens and for the files written with an output."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest

from kinemotion import file_digest
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


# --- read once per process, read again after any change -----------------------------------------------


class _Reads:
    """How many times ``identify`` digested a file's content (the real SHA-256, counted)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = hashlib.sha256

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(file_digest.hashlib, "sha256", counted)  # hashlib itself: every digest counted
        monkeypatch.setattr(file_digest, "_KNOWN", {})  # nothing known from other tests


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> _Reads:
    return _Reads(monkeypatch)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read as if an hour after their last change (a test cannot wait for its files to settle)."""
    real = file_digest._now_ns
    monkeypatch.setattr(file_digest, "_now_ns", lambda: real() + 3600 * 10**9)


def _sha(path: Path) -> FileIdentity:
    data = path.read_bytes()
    return FileIdentity(len(data), f"sha256:{hashlib.sha256(data).hexdigest()}")


def _next_tick() -> None:
    time.sleep(0.05)  # past the filesystem clock's tick (a few ms): the next write's times differ


@pytest.mark.usefixtures("settled")
def test_a_video_opened_again_in_the_same_process_is_read_once(tmp_path: Path, reads: _Reads) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    with VideoReader(video) as first:
        pass
    with VideoReader(video) as second:  # the jump overlay, the report's stills: the same video again
        pass
    assert same_file(identify(video).as_record(), video)  # a resume check too
    assert reads.count == 1  # (before _sha below, which digests it too)
    assert first.info.fingerprint == second.info.fingerprint == _sha(video).fingerprint


@pytest.mark.usefixtures("settled")
def test_an_edited_file_gets_a_new_fingerprint_though_its_size_and_modification_time_are_kept(
    tmp_path: Path, reads: _Reads
) -> None:
    path = tmp_path / "v.bin"
    path.write_bytes(b"a" * 4096)
    before = identify(path)
    assert identify(path) == before and reads.count == 1  # known: not read again
    status = path.stat()
    _next_tick()
    path.write_bytes(b"b" * 4096)  # another recording, same size ...
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # ... and the old modification time (cp -p, rsync)
    assert path.stat().st_mtime_ns == status.st_mtime_ns
    after = identify(path)
    assert reads.count == 2
    assert after != before and after == _sha(path)


@pytest.mark.usefixtures("settled")
def test_a_file_replaced_by_another_of_the_same_size_and_times_gets_its_own_fingerprint(
    tmp_path: Path, reads: _Reads
) -> None:
    path, other = tmp_path / "v.bin", tmp_path / "other.bin"
    path.write_bytes(b"a" * 4096)
    before = identify(path)
    status = path.stat()
    _next_tick()
    other.write_bytes(b"b" * 4096)
    os.utime(other, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(other, path)
    assert identify(path) == _sha(path) != before


def test_a_file_changed_just_before_it_was_read_is_read_again(tmp_path: Path, reads: _Reads) -> None:
    """A second write within the filesystem clock's tick would leave the same times: a file changed in the last
    seconds is never taken as known, so each call reads it."""
    path = tmp_path / "v.bin"
    path.write_bytes(b"a" * 4096)
    first = identify(path)
    assert identify(path) == first and reads.count == 2  # not kept: it changed a moment ago
    path.write_bytes(b"b" * 4096)  # within the same tick, maybe: the times may not have moved
    second = identify(path)
    assert reads.count == 3
    assert second == _sha(path) != first


@pytest.mark.usefixtures("settled")
def test_a_model_file_checked_against_its_pinned_sha256_is_not_read_again_for_its_fingerprint(
    tmp_path: Path, reads: _Reads
) -> None:
    """Before: the pinned checksum (``kinemotion.models.cache.mismatch``, as ``ensure_model`` checks a local copy)
    and the fingerprint every output records (``tracking.model_files``, plugin contract 1.5) each read the whole
    file: RTMPose's two models, 43 MB, about 90 ms each at every start-up. Now both are :func:`identify`'s digest,
    read once while the file stays the same."""
    from kinemotion.models import ModelFile
    from kinemotion.models.cache import mismatch
    from kinemotion.tracking.model_files import model_file_record

    model = tmp_path / "pose.onnx"
    model.write_bytes(os.urandom(3 << 20))
    pinned = hashlib.sha256(model.read_bytes()).hexdigest()
    reads.count = 0  # the pinned digest above is the test's own
    spec = ModelFile("pose.onnx", "https://example.invalid/pose.onnx", sha256=pinned, size=3 << 20)
    assert mismatch(model, spec) is None
    assert model_file_record(model)["sha256"] == pinned
    assert reads.count == 1
    model.write_bytes(os.urandom(3 << 20))  # replaced: read again, and no longer the pinned file
    assert mismatch(model, spec) is not None and reads.count == 2
