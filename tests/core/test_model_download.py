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
        with pytest.raises(ModelDownloadError, match="sha256") as caught:
            ensure_model(spec, progress=False)
    assert _cache_is_clean()
    # said of the download, not of a temporary file the user is told to delete (it is already gone)
    assert f"The file downloaded from {spec.url} has sha256" in str(caught.value)
    assert ".part" not in str(caught.value) and "Delete it" not in str(caught.value)


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


# --- the user's own model folder (KINEMOTION_MODEL_DIR) ------------------------------------------


@pytest.mark.parametrize("damage", ["flipped bytes", "truncated"])
def test_a_corrupt_model_in_the_users_folder_is_refused_and_never_deleted_or_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """The server has a good copy, yet the user's file is only named: theirs to fix, not ours to overwrite."""
    bad = bytearray(PAYLOAD)
    if damage == "truncated":
        del bad[1000:]
    else:
        bad[1000:1010] = b"\xff" * 10
    users = tmp_path / "models"
    users.mkdir()
    mine = users / "test-model.bin"
    mine.write_bytes(bytes(bad))
    before = mine.stat()
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(users))
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD))
        with pytest.raises(ModelDownloadError) as refused:
            ensure_model(spec, progress=False)
        assert server.hits.get("/m.bin", 0) == 0
    message = str(refused.value)
    assert str(mine) in message and "KINEMOTION_MODEL_DIR" in message and "Delete it or replace it" in message
    assert mine.read_bytes() == bytes(bad) and mine.stat().st_mtime_ns == before.st_mtime_ns
    assert [p.name for p in users.iterdir()] == ["test-model.bin"]
    assert _cache_is_clean()


def _good_model_in_users_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ModelFile, Path]:
    users = tmp_path / "models"
    users.mkdir()
    mine = users / "test-model.bin"
    mine.write_bytes(PAYLOAD)
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(users))
    spec = _spec("http://127.0.0.1:9/never-used")
    assert ensure_model(spec, progress=False) == mine  # verified once: trusted while unchanged
    assert ensure_model(spec, progress=False) == mine
    return spec, mine


def test_a_verified_model_rewritten_in_place_with_its_old_time_is_verified_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same file, same size, modification time put back (as ``cp -p`` or ``touch -r`` do): still re-checked."""
    import os
    import time

    spec, mine = _good_model_in_users_folder(tmp_path, monkeypatch)
    before = mine.stat()
    corrupted = bytearray(PAYLOAD)
    corrupted[5000] ^= 0xFF
    while True:  # until the file system's clock has moved on: a rewrite within one tick looks unchanged to it
        mine.write_bytes(bytes(corrupted))
        os.utime(mine, ns=(before.st_atime_ns, before.st_mtime_ns))
        if mine.stat().st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.01)
    assert (mine.stat().st_size, mine.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with pytest.raises(ModelDownloadError, match="sha256"):
        ensure_model(spec, progress=False)


def test_a_verified_model_replaced_by_another_file_with_its_size_and_time_is_verified_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new file moved over the old one (as ``mv`` or ``rsync -t`` do), size and modification time alike."""
    import os

    spec, mine = _good_model_in_users_folder(tmp_path, monkeypatch)
    before = mine.stat()
    other = tmp_path / "other.bin"
    other.write_bytes(PAYLOAD[:-1] + b"\x00")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, mine)
    assert (mine.stat().st_size, mine.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with pytest.raises(ModelDownloadError, match="sha256"):
        ensure_model(spec, progress=False)


def test_a_verified_model_changed_on_disk_is_verified_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    spec, mine = _good_model_in_users_folder(tmp_path, monkeypatch)
    before = mine.stat()
    mine.write_bytes(PAYLOAD[:-1] + b"\x00")
    os.utime(mine, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    with pytest.raises(ModelDownloadError, match="sha256"):
        ensure_model(spec, progress=False)


@pytest.mark.parametrize("what", ["a file", "a dangling link"])
def test_a_cache_variable_naming_no_usable_folder_is_named_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """Before: a bare NotADirectoryError / FileExistsError (through a backend: 'failed to create a tracker:
    NotADirectoryError ...'), naming neither the variable nor what to do."""
    target = tmp_path / "cache"
    if what == "a file":
        target.write_text("not a folder")
    else:
        target.symlink_to(tmp_path / "gone")  # the folder it pointed to was deleted
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(target))
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD))
        with pytest.raises(ModelDownloadError) as caught:
            ensure_model(spec, progress=False)
        assert server.hits.get("/m.bin", 0) == 0  # found before any download
    message = str(caught.value)
    assert f"the model cache folder {target / 'models'} cannot be used" in message
    assert "KINEMOTION_CACHE_DIR" in message and "writable folder" in message


@pytest.mark.parametrize("given", ["folder", "empty"])
def test_a_model_path_that_is_a_folder_or_empty_says_so(tmp_path: Path, given: str) -> None:
    """Before: 'Model file /some/folder does not exist' for a folder that exists, 'Model file . ...' for ''."""
    spec = _spec("http://127.0.0.1:9/m.bin")
    value = str(tmp_path) if given == "folder" else ""
    expected = f"{tmp_path} is a folder, not a model file" if given == "folder" else "model_path= is empty"
    with pytest.raises(ModelDownloadError, match=expected):
        ensure_model(spec, value)


def test_a_lock_file_that_cannot_be_opened_names_the_cache_folder_and_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only cache folder gives a user who is not root (these tests may run as root, whom no mode
    bit stops: a folder in the lock file's place fails the same open). Before: a bare IsADirectoryError or
    PermissionError from the file lock."""
    folder = cache_dir()
    (folder / "test-model.bin.lock").mkdir(parents=True)
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD))
        with pytest.raises(ModelDownloadError, match=r"the model cache folder .* cannot be used: its lock file"):
            ensure_model(spec, progress=False, lock_timeout=2)


def test_a_digest_written_in_upper_case_or_padded_is_the_digest() -> None:
    """Windows' certutil and Get-FileHash print SHA-256 in upper case. Before: every download of such a spec was
    'corrupted' (the two digests differing only in case), downloaded again and again."""
    with local_http_server() as server:
        spec = _spec(server.serve("/m.bin", PAYLOAD), sha256=f" {SHA.upper()}\n")
        assert spec.sha256 == SHA
        assert ensure_model(spec, progress=False).read_bytes() == PAYLOAD


@pytest.mark.parametrize("digest", ["abc", "sha256:" + SHA, SHA[:-1] + "g"])
def test_a_digest_that_is_not_a_sha256_is_refused_when_the_spec_is_made(digest: str) -> None:
    with pytest.raises(ValueError, match="ModelFile sha256 must be the file's hex SHA-256 digest"):
        _spec("http://127.0.0.1:9/m.bin", sha256=digest)


def test_an_empty_download_is_refused_even_when_the_spec_pins_nothing() -> None:
    """A spec without size or sha256 (upstream publishes none). Before: a 0-byte file was kept in the cache as
    the model, and the backend failed later on it with its runtime's own error."""
    with local_http_server() as server:
        spec = _spec(server.serve("/e.bin", b""), sha256=None, size=None)
        with pytest.raises(ModelDownloadError, match="the server sent an empty file for"):
            ensure_model(spec, progress=False)
    assert _cache_is_clean()


@pytest.mark.parametrize("variable", ["KINEMOTION_MODEL_DIR", "KINEMOTION_CACHE_DIR"])
def test_a_model_folder_variable_with_a_leading_tilde_is_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    """``KINEMOTION_MODEL_DIR="~/models"`` (set in a ``.env`` file, a systemd unit, or in quotes: no shell expands
    its ``~``). Before: the model there was not found, and the error said "KINEMOTION_MODEL_DIR=~/models is not a
    folder here: create it", of a folder the user has."""
    from kinemotion.models import ModelFile, find_local

    home = tmp_path / "home"
    folder = home / "models" / ("models" if variable == "KINEMOTION_CACHE_DIR" else "")
    folder.mkdir(parents=True)
    (folder / "pose.onnx").write_bytes(b"model")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("KINEMOTION_MODEL_DIR", raising=False)
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv(variable, "~/models")
    found = find_local(ModelFile("pose.onnx", "https://example.org/pose.onnx", size=5))
    assert found is not None and found.read_bytes() == b"model"


def test_a_model_folder_variable_naming_the_home_of_no_user_here_says_that_folder_is_not_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``KINEMOTION_MODEL_DIR="~builder/models"`` copied from another machine, where no user ``builder`` is here:
    the advice of a missing model names the folder as given and says it is not here (it is not ignored)."""
    from kinemotion.models import ModelFile
    from kinemotion.models.download import offline_advice

    monkeypatch.setenv("KINEMOTION_MODEL_DIR", "~no-such-user-r5d/models")
    advice = offline_advice(ModelFile("pose.onnx", "https://example.org/pose.onnx", size=5))
    assert "KINEMOTION_MODEL_DIR=~no-such-user-r5d/models is not a folder here" in advice
