"""The output locks live in a folder every user of the machine writes (``/tmp/kinemotion-outputs``), at names
anyone can work out (the digest of an output's real path): another user may have put a link there first."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from kinemotion.cli import _busy
from kinemotion.cli._busy import OutputBusyError, outputs_held

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the shared lock folder is POSIX only")


def _shared_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder standing where /tmp/kinemotion-outputs stands, as another user made it (sticky, writable by all)."""
    folder = tmp_path / "kinemotion-outputs"
    folder.mkdir()
    folder.chmod(0o1777)
    monkeypatch.setattr(_busy, "_MACHINE_FOLDER", folder)
    return folder


def _lock_name(output: Path) -> str:
    return hashlib.sha256(os.path.realpath(output).encode()).hexdigest()[:32] + ".lock"


def _private_file(tmp_path: Path) -> Path:
    secret = tmp_path / "home" / "authorized_keys"
    secret.parent.mkdir()
    secret.write_text("ssh-ed25519 AAAA the user's key\n")
    secret.chmod(0o600)
    return secret


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_link_planted_at_a_lock_files_name_leaves_the_file_it_points_to_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, link: str
) -> None:
    """Another user of the machine makes ``/tmp/kinemotion-outputs/<digest of out/clip.cmj.json>.lock`` a link to
    ``~/.ssh/authorized_keys`` of the analyst, who then runs ``kinemotion cmj clip.mp4 -o out``. Before (with the
    ``filelock`` 3.12 to 3.20.0 kinemotion allows): the run opened the lock through the link, emptied the file
    and made it writable by all. Now the file is left as it was, and the run goes on without that lock."""
    folder = _shared_folder(tmp_path, monkeypatch)
    secret = _private_file(tmp_path)
    output = tmp_path / "out" / "clip.cmj.json"
    planted = folder / _lock_name(output)
    if link == "symbolic":
        planted.symlink_to(secret)
    else:
        os.link(secret, planted)
    with outputs_held([output]):
        pass
    assert secret.read_text() == "ssh-ed25519 AAAA the user's key\n"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_locks_in_the_shared_folder_still_keep_a_second_run_out_and_are_writable_by_every_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock files made there are readable and writable by all (another user's run must open them to see the
    lock), whatever the umask, and a second holder of the same output is refused until the first ends."""
    folder = _shared_folder(tmp_path, monkeypatch)
    output = tmp_path / "out" / "clip.cmj.json"
    old = os.umask(0o077)
    try:
        with outputs_held([output]):
            assert stat.S_IMODE((folder / _lock_name(output)).stat().st_mode) == 0o666
            with pytest.raises(OutputBusyError, match="another kinemotion run is writing"), outputs_held([output]):
                pass
    finally:
        os.umask(old)
    with outputs_held([output]):
        pass


def test_a_tmp_that_cannot_be_written_leaves_the_locks_in_the_users_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A container or cluster node whose /tmp this user cannot write (read-only, ``TMPDIR`` set to a job folder).
    Before: making ``/tmp/kinemotion-outputs`` failed, and with it every lock: two runs writing one output both
    ran, each saying it wrote its own. Now the locks are files of the user's folder in ``TMPDIR``, as the module
    says of a shared folder that cannot be had."""
    import sys
    import tempfile

    if os.geteuid() != 0:
        unwritable = tmp_path / "tmp"
        unwritable.mkdir()
        unwritable.chmod(0o555)
    elif sys.platform.startswith("linux") and Path("/proc/self").is_dir():
        unwritable = Path("/proc")  # refuses a new folder even to root
    else:
        pytest.skip("root writes any folder here")
    monkeypatch.setattr(_busy, "_MACHINE_FOLDER", unwritable / "kinemotion-outputs")
    job = tmp_path / "job"
    job.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(job))
    output = tmp_path / "out" / "clip.cmj.json"
    with outputs_held([output]):
        assert (job / f"kinemotion-{os.getuid()}-outputs" / _lock_name(output)).is_file()
        with pytest.raises(OutputBusyError, match="another kinemotion run is writing"), outputs_held([output]):
            pass


def test_a_released_lock_removes_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: every output ever written left its lock file in /tmp/kinemotion-outputs (thousands of them). Now
    a run removes its lock files as it releases them."""
    folder = _shared_folder(tmp_path, monkeypatch)
    outputs = [tmp_path / "out" / "clip.cmj.json", tmp_path / "out" / "clip.png"]
    with outputs_held(outputs):
        assert sorted(p.name for p in folder.iterdir()) == sorted(map(_lock_name, outputs))
    assert list(folder.iterdir()) == []


def test_a_lock_file_removed_by_its_holder_after_another_run_opened_it_is_not_taken_for_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The holder removes its lock file before it drops the lock. A second run that opened the file just before
    and locks it just after holds a file no name names: a third run would make a new one at the name and lock
    it too, and both would write the output. The second run sees the name gone and locks the name's new file."""
    import fcntl

    folder = _shared_folder(tmp_path, monkeypatch)
    path = folder / "x.lock"
    first = _busy._flock(path, 0o666)
    assert first is not None
    real_flock = fcntl.flock
    finished: list[bool] = []

    def first_ends_between_open_and_lock(fd: int, operation: int) -> None:
        if operation & fcntl.LOCK_EX and not finished:
            finished.append(True)
            first.release()  # the first run ends after the second opened the file, before it locks it
        real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", first_ends_between_open_and_lock)
    second = _busy._flock(path, 0o666)
    monkeypatch.setattr(fcntl, "flock", real_flock)
    assert finished and second is not None
    try:
        assert _busy._flock(path, 0o666) is None  # a third run is kept out: the second holds the file named
    finally:
        second.release()
    assert not path.exists()


def test_a_lock_file_removed_by_its_holder_before_another_run_checks_it_is_opened_again_not_left_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The holder removes its lock file before it drops the lock. A second run that opened the file just before
    saw it with no name left (0 links) and took it for a hard link to a file elsewhere: 'locks cannot be had
    here', and it wrote the output holding no lock at all, so a third run was not kept out either. Now the
    second run opens the name again and holds the lock."""
    folder = _shared_folder(tmp_path, monkeypatch)
    output = tmp_path / "out" / "clip.cmj.json"
    path = folder / _lock_name(output)
    first = _busy._flock(path, 0o666)
    assert first is not None
    real_fstat = os.fstat
    finished: list[bool] = []

    def first_ends_between_open_and_check(fd: int) -> os.stat_result:
        if not finished:
            finished.append(True)
            first.release()  # the first run ends after the second opened the file, before it looks at it
        return real_fstat(fd)

    monkeypatch.setattr(os, "fstat", first_ends_between_open_and_check)
    with outputs_held([output]):
        monkeypatch.setattr(os, "fstat", real_fstat)
        assert finished
        with pytest.raises(OutputBusyError, match="another kinemotion run is writing"), outputs_held([output]):
            pass  # a third run is kept out: the second holds the lock
    assert not path.exists()
