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


def test_a_fifo_at_a_lock_files_name_is_not_taken_for_a_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user of the machine can make a named pipe at a lock file's name; opened without blocking it
    opens, and a lock on it would lock nothing a run of the other user's sees the same way. It is refused as
    another kind of file (the run then goes on without that lock, as for a link)."""
    folder = _shared_folder(tmp_path, monkeypatch)
    path = folder / "x.lock"
    os.mkfifo(path)
    with pytest.raises(OSError, match="is not a lock file"):
        _busy._flock(path, 0o666)


def test_a_lock_file_of_another_user_keeps_its_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock file another user made (mode 0o644: the umask cut it) is locked as it is: its mode is set only by
    its owner (as root, a run would otherwise change another user's file)."""
    folder = _shared_folder(tmp_path, monkeypatch)
    path = folder / "x.lock"
    path.touch()
    path.chmod(0o644)
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    else:  # a file of another user, as this process sees it
        uid = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: uid + 1)
    held = _busy._flock(path, 0o666)
    assert held is not None
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    finally:
        held.release()


def test_a_release_leaves_the_lock_file_another_run_made_at_the_name_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A holder whose lock file's name was removed and made again by another run (which locks the new file)
    removes only its own file: removing the other's would let a third run lock a new file at the name while
    the other still writes."""
    folder = _shared_folder(tmp_path, monkeypatch)
    path = folder / "x.lock"
    first = _busy._flock(path, 0o666)
    assert first is not None
    path.unlink()  # removed meanwhile (by hand, a cleaner of /tmp)
    second = _busy._flock(path, 0o666)
    assert second is not None
    try:
        first.release()
        assert path.exists()
        assert _busy._flock(path, 0o666) is None  # a third run is kept out: the second still holds the name's file
    finally:
        second.release()


def test_a_lock_file_made_again_at_the_name_before_the_check_is_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run opens the lock file, its holder removes it and a third run makes and locks a new one at the
    name, then the second locks the file it opened: a file no name names. It must see that the name names
    another file (not merely a file on the same disk) and find that one held."""
    import fcntl

    folder = _shared_folder(tmp_path, monkeypatch)
    path = folder / "x.lock"
    first = _busy._flock(path, 0o666)
    assert first is not None
    real_flock = fcntl.flock
    third: list[_busy._Held | None] = []
    started: list[bool] = []

    def others_between_open_and_lock(fd: int, operation: int) -> None:
        if operation & fcntl.LOCK_EX and not started:
            started.append(True)
            first.release()  # the holder ends after the second opened the file ...
            third.append(_busy._flock(path, 0o666))  # ... and a third run locks a new file at the name
        real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", others_between_open_and_lock)
    second = _busy._flock(path, 0o666)
    monkeypatch.setattr(fcntl, "flock", real_flock)
    assert third and third[0] is not None
    try:
        assert second is None  # the third holds the file the name names
    finally:
        third[0].release()


@pytest.mark.parametrize("there", ["a folder not sticky", "a private folder", "a file"])
def test_a_shared_lock_folder_that_is_not_one_every_run_shares_safely_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, there: str
) -> None:
    """Something other than a sticky folder writable by all at /tmp/kinemotion-outputs (a folder without the
    sticky bit, where any user may remove another's lock files; another user's private folder; a file, even one
    with the folder's mode bits) is not used: the locks are files of this user's private folder under the
    temporary folder, made private (0700), and the lock files private too."""
    import tempfile

    machine = tmp_path / "kinemotion-outputs"
    if there == "a file":
        machine.touch()
        machine.chmod(0o1777)
    else:
        machine.mkdir()
        machine.chmod(0o777 if there == "a folder not sticky" else 0o700)
    monkeypatch.setattr(_busy, "_MACHINE_FOLDER", machine)
    job = tmp_path / "job"
    job.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(job))
    old = os.umask(0o022)
    try:
        folder, mode = _busy._lock_folder()
    finally:
        os.umask(old)
    assert (folder, mode) == (job / f"kinemotion-{os.getuid()}-outputs", 0o600)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_shared_lock_folder_is_made_sticky_and_writable_by_all_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run on the machine makes /tmp/kinemotion-outputs; with the usual umask (022) mkdir alone makes
    it 0755, which the next user's run could not write: it is set to 1777, and used."""
    machine = tmp_path / "kinemotion-outputs"
    monkeypatch.setattr(_busy, "_MACHINE_FOLDER", machine)
    old = os.umask(0o022)
    try:
        assert _busy._lock_folder() == (machine, 0o666)
    finally:
        os.umask(old)
    assert stat.S_IMODE(machine.stat().st_mode) == 0o1777
