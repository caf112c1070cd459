"""Model cache and downloads, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from pathlib import Path

import pytest

from kinemotion import ModelDownloadError
from kinemotion.models import ModelFile, cache_dir, ensure_model
from tests.httpserver import local_http_server, unused_port_url

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB of known content
SHA = hashlib.sha256(PAYLOAD).hexdigest()


def _spec(url: str, **kw: object) -> ModelFile:
    return ModelFile(
        filename="test-model.bin",
        url=url,
        sha256=kw.pop("sha256", SHA),  # type: ignore[arg-type]
        size=kw.pop("size", len(PAYLOAD)),
        **kw,
    )  # type: ignore[arg-type]


def _cache_is_clean() -> bool:
    folder = cache_dir()
    return not folder.exists() or [p.name for p in folder.iterdir() if not p.name.endswith(".lock")] == []


def test_good_download_lands_in_cache_and_is_reused() -> None:
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD))
        path = ensure_model(spec, progress=False)
        assert path == cache_dir() / "test-model.bin"
        assert path.read_bytes() == PAYLOAD
        assert ensure_model(spec, progress=False) == path
        assert server.hits["/m.bin"] == 1


def test_truncated_download_fails_and_leaves_nothing() -> None:
    with local_http_server() as server:
        spec = _spec(server.serve("/t.bin", PAYLOAD[:1000], announce=len(PAYLOAD)))
        with pytest.raises(ModelDownloadError, match=r"test-model\.bin") as info:
            ensure_model(spec, progress=False)
    assert "KINEMOTION_MODEL_DIR" in str(info.value)
    assert _cache_is_clean()


def test_corrupted_download_fails_on_checksum_and_leaves_nothing() -> None:
    corrupted = bytearray(PAYLOAD)
    corrupted[5000] ^= 0xFF
    with local_http_server() as server:
        spec = _spec(server.serve("/c.bin", bytes(corrupted)))
        with pytest.raises(ModelDownloadError, match="sha256"):
            ensure_model(spec, progress=False)
    assert _cache_is_clean()


def test_server_down_says_what_to_do() -> None:
    with pytest.raises(ModelDownloadError) as info:
        ensure_model(_spec(unused_port_url()), progress=False, timeout=5)
    msg = str(info.value)
    assert "Could not download test-model.bin" in msg
    assert "model_path=" in msg
    assert _cache_is_clean()


def test_http_error_is_reported() -> None:
    with local_http_server() as server, pytest.raises(ModelDownloadError, match="404"):
        ensure_model(_spec(server.base_url + "/missing.bin"), progress=False)


def test_zip_archive_member_is_extracted_and_verified() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("pack/end2end.onnx", PAYLOAD)
    with local_http_server() as server:
        spec = _spec(server.serve("/a.zip", buf.getvalue()), archive_member="pack/end2end.onnx")
        assert ensure_model(spec, progress=False).read_bytes() == PAYLOAD
        by_name = _spec(server.base_url + "/a.zip", archive_member="end2end.onnx")
        object.__setattr__(by_name, "filename", "by-name.bin")
        assert ensure_model(by_name, progress=False).read_bytes() == PAYLOAD  # found by file name
        bad = _spec(server.base_url + "/a.zip", archive_member="pack/other.onnx")
        object.__setattr__(bad, "filename", "other.bin")
        with pytest.raises(ModelDownloadError, match=r"does not hold pack/other\.onnx"):
            ensure_model(bad, progress=False)


def test_offline_folder_and_explicit_path_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "test-model.bin").write_bytes(PAYLOAD)
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(tmp_path))
    spec = _spec(unused_port_url())
    assert ensure_model(spec) == tmp_path / "test-model.bin"
    explicit = tmp_path / "mine.bin"
    explicit.write_bytes(b"x")
    assert ensure_model(spec, model_path=explicit) == explicit
    with pytest.raises(ModelDownloadError, match="does not exist"):
        ensure_model(spec, model_path=tmp_path / "nope.bin")


def test_offline_mode_refuses_to_download(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD))
        with pytest.raises(ModelDownloadError, match="KINEMOTION_OFFLINE"):
            ensure_model(spec, progress=False)
        assert server.hits == {}


def test_concurrent_callers_download_once() -> None:
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD))
        results: list[Path] = []
        threads = [
            threading.Thread(target=lambda: results.append(ensure_model(spec, progress=False))) for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(set(results)) == 1
        assert server.hits["/m.bin"] == 1


def test_corrupted_cached_model_is_detected_and_downloaded_again() -> None:
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD))
        path = ensure_model(spec, progress=False)
        data = bytearray(path.read_bytes())
        data[1000:1010] = b"\xff" * 10  # same size, flipped bytes inside
        path.write_bytes(bytes(data))
        assert ensure_model(spec, progress=False).read_bytes() == PAYLOAD
        assert server.hits["/m.bin"] == 2


def test_truncated_cached_model_offline_says_which_file_to_delete(monkeypatch: pytest.MonkeyPatch) -> None:
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD))
        path = ensure_model(spec, progress=False)
    path.write_bytes(PAYLOAD[:1000])
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    with pytest.raises(ModelDownloadError) as info:
        ensure_model(spec, progress=False)
    message = str(info.value)
    assert str(path) in message and "Delete it or replace it" in message and "pip install" not in message


def test_corrupted_model_in_the_offline_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "test-model.bin").write_bytes(PAYLOAD[:-1] + b"\x00")
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(tmp_path))
    with pytest.raises(ModelDownloadError, match="KINEMOTION_MODEL_DIR"):
        ensure_model(_spec("http://127.0.0.1:9/never-used"), progress=False)


def test_a_trickling_server_hits_the_deadline() -> None:
    import time

    with local_http_server() as server:
        url = server.serve("/slow.bin", PAYLOAD[:200], trickle_s=0.05)
        started = time.monotonic()
        with pytest.raises(ModelDownloadError, match="did not finish within 1 s"):
            ensure_model(_spec(url, size=200, sha256=None), progress=False, deadline=1.0)
        assert time.monotonic() - started < 5
    assert _cache_is_clean()


def test_a_slow_server_is_abandoned_below_the_minimum_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    dl = importlib.import_module("kinemotion.models.download")
    monkeypatch.setattr(dl, "RATE_GRACE_S", 0.3)
    with local_http_server() as server:
        url = server.serve("/slow.bin", PAYLOAD[:200], trickle_s=0.02)
        with pytest.raises(ModelDownloadError, match="sends too slowly"):
            ensure_model(_spec(url, size=200, sha256=None), progress=False)


@pytest.mark.parametrize("name", ["../evil.onnx", "sub/model.onnx", "..", ""])
def test_model_file_names_cannot_leave_their_folder(name: str) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        ModelFile(filename=name, url="https://example.org/m.onnx")
