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


@pytest.mark.parametrize("mode", [0o775, 0o757])
def test_a_cache_folder_in_tmp_writable_by_its_group_or_by_others_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, mode: int
) -> None:
    """Write permission for the group alone (a shared group of the machine's users) or for others alone lets
    someone else put a model there as well as write for all does: either is refused."""
    planted = _planted(tmp_path, monkeypatch, "~no-such-user-r5a/cache")
    planted.chmod(mode)
    with caplog.at_level(logging.WARNING):
        folder = cache_dir()
    assert not folder.is_relative_to(planted)
    assert "(others may write in it)" in " ".join(r.getMessage() for r in caplog.records)


def test_a_file_at_the_cache_folders_name_in_tmp_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A file (private, this user's) where ``kinemotion-UID-cache`` would be: not a folder to keep models in;
    the run keeps them in a private folder of its own, saying why."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", "~no-such-user-r5b/cache")
    planted = tmp_path / f"kinemotion-{os.getuid()}-cache"
    planted.write_bytes(b"not a folder")
    planted.chmod(0o600)
    with caplog.at_level(logging.WARNING):
        folder = cache_dir()
    assert not folder.is_relative_to(planted)
    assert folder.parent.is_dir()
    assert f"{planted} is not used for the model cache (it is not a folder)" in " ".join(
        r.getMessage() for r in caplog.records
    )


def test_the_private_cache_folder_made_instead_is_removed_when_the_run_ends(tmp_path: Path) -> None:
    """The folder a run makes when ``kinemotion-UID-cache`` is refused holds its models for that run only: it is
    removed at exit, not left in the temporary folder by every run."""
    import subprocess
    import sys

    planted = tmp_path / f"kinemotion-{os.getuid()}-cache"
    planted.mkdir()
    planted.chmod(0o777)
    code = (
        "import tempfile; from kinemotion.models import cache_dir; "
        f"tempfile.tempdir = {str(tmp_path)!r}; d = cache_dir().parent; d.joinpath('x').write_text('1'); print(d)"
    )
    env = dict(os.environ, KINEMOTION_CACHE_DIR="~no-such-user-r5c/cache")
    made = Path(
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout.strip()
    )
    assert made.parent == tmp_path and made != planted
    assert not made.exists()
