"""Where the home folder cannot be found, the model cache is kept in the temporary folder (``/tmp``, shared by
every user of the machine), at a name anyone can work out: ``kinemotion-UID-cache``."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import pytest

from kinemotion.models import cache_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="folders of other users: POSIX")


def _planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str) -> Path:
    """``kinemotion-UID-cache`` made first by someone else, with a MediaPipe heavy model of theirs in it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", root)
    folder = tmp_path / f"kinemotion-{os.getuid()}-cache"
    (folder / "models").mkdir(parents=True)
    (folder / "models" / "pose_landmarker_heavy.task").write_bytes(b"another model")
    return folder


def test_a_cache_folder_in_tmp_open_to_all_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Another user of the machine made ``/tmp/kinemotion-UID-cache`` writable by all and put a model in it
    (the MediaPipe heavy model is used as found: it is not pinned). Before: the run kept its cache there and used
    the model it found. Now the folder is refused, saying why, and the run keeps its cache in a private one."""
    planted = _planted(tmp_path, monkeypatch, "~no-such-user-r20a/cache")
    planted.chmod(0o777)
    with caplog.at_level(logging.WARNING):
        folder = cache_dir()
    assert not folder.is_relative_to(planted)
    assert folder.parent.is_dir() and (folder.parent.stat().st_mode & 0o077) == 0
    assert not (folder / "pose_landmarker_heavy.task").exists()
    said = " ".join(r.getMessage() for r in caplog.records)
    assert f"{planted} is not used for the model cache (others may write in it)" in said
    assert cache_dir() == folder  # one folder for the whole run


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_cache_folder_in_tmp_of_another_user_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, the folder another user's (private to them, or not): refused too."""
    planted = _planted(tmp_path, monkeypatch, "~no-such-user-r20b/cache")
    planted.chmod(0o755)
    os.chown(planted, 54321, 54321)
    assert not cache_dir().is_relative_to(planted)


def test_the_users_own_cache_folder_in_tmp_is_kept_between_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of the user's own, private, is used (and made private when missing): models stay between runs."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", "~no-such-user-r20c/cache")
    folder = cache_dir()
    assert folder == tmp_path / f"kinemotion-{os.getuid()}-cache" / "models"
    assert (folder.parent.stat().st_mode & 0o077) == 0
