"""Atomic outputs: hidden partial files beside the target, folders made, clear refusals."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pytest

from kinemotion.errors import OutputError
from kinemotion.tracking.atomic import atomic_path, atomic_paths, check_writable


def test_the_partial_file_is_hidden_beside_the_target_and_keeps_its_extension(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "jumps.csv"  # folders that do not exist yet
    with atomic_path(target) as partial:
        assert partial.parent == target.parent
        assert re.fullmatch(r"\.jumps\.[^/]+\.partial\.csv", partial.name), partial.name
        assert not target.exists()
        partial.write_text("x", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "x"
    assert os.listdir(target.parent) == ["jumps.csv"]


def test_a_parent_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("", encoding="utf-8")
    target = tmp_path / "plain" / "sub" / "out.json"
    with pytest.raises(
        OutputError,
        match=rf"^cannot write {re.escape(str(target))}: {re.escape(str(tmp_path / 'plain'))} is a file, not a folder$",
    ):
        check_writable(target)
    with pytest.raises(OutputError, match=rf"^cannot write {re.escape(str(target))}: "), atomic_path(target):
        pass


def test_a_pipe_given_where_a_folder_goes_is_named_as_such(tmp_path: Path) -> None:
    # `-o /dev/stdout` or a named pipe: a name without an extension is a folder for the outputs, and it is neither
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match=r"pipe is a device, a pipe or a socket, not a folder; outputs are files"):
        check_writable(pipe / "demo.landmarks.json")


def test_a_target_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=rf"^cannot write {re.escape(str(tmp_path))}: it is a folder$"):
        check_writable(tmp_path)


def test_a_writable_target_in_a_new_folder_passes_and_creates_nothing(tmp_path: Path) -> None:
    check_writable(tmp_path / "new" / "deeper" / "out.json")
    assert not (tmp_path / "new").exists()


def test_outputs_get_the_mode_of_any_new_file_not_the_private_temporary_one(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "shared.json") as partial:
            assert partial.stat().st_mode & 0o777 == 0o600  # private while being written
            partial.write_text("{}", encoding="utf-8")
        assert (tmp_path / "shared.json").stat().st_mode & 0o777 == 0o644  # readable by the lab, as open() makes it
    finally:
        os.umask(previous)


# --- interrupted writes: Ctrl-C (KeyboardInterrupt) or sys.exit (SystemExit) in the middle -------------


INTERRUPTS = [KeyboardInterrupt, SystemExit]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".partial" in p.name or p.name.endswith(".part"))


@pytest.mark.parametrize("interrupt", INTERRUPTS)
def test_an_interrupt_in_the_middle_of_a_write_removes_the_partial_and_keeps_the_old_file(
    tmp_path: Path, interrupt: type[BaseException]
) -> None:
    target = tmp_path / "result.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(interrupt), atomic_path(target) as partial:
        partial.write_text("half of the new", encoding="utf-8")
        raise interrupt()
    assert _leftovers(tmp_path) == [] and os.listdir(tmp_path) == ["result.json"]
    assert target.read_text(encoding="utf-8") == "previous"


@pytest.mark.parametrize("interrupt", INTERRUPTS)
def test_an_interrupt_while_writing_files_together_commits_none_and_leaves_no_partial(
    tmp_path: Path, interrupt: type[BaseException]
) -> None:
    from kinemotion.tracking.atomic import atomic_paths

    old = tmp_path / "v.json"
    old.write_text("previous", encoding="utf-8")
    targets = [old, tmp_path / "v.csv", tmp_path / "sub" / "v.mp4"]
    with pytest.raises(interrupt), atomic_paths(targets) as partials:
        for partial in partials[:2]:
            partial.write_text("new", encoding="utf-8")
        raise interrupt()
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "sub") == []
    assert old.read_text(encoding="utf-8") == "previous"
    assert not (tmp_path / "v.csv").exists() and not (tmp_path / "sub" / "v.mp4").exists()


@pytest.mark.parametrize("interrupt", INTERRUPTS)
def test_an_interrupt_in_the_overlay_writer_removes_its_partial_video(
    tmp_path: Path, interrupt: type[BaseException]
) -> None:
    import numpy as np

    from kinemotion.tracking.overlay import OverlayWriter

    target = tmp_path / "overlay.mp4"
    target.write_bytes(b"a previous, good overlay")
    image = np.zeros((64, 96, 3), np.uint8)
    with pytest.raises(interrupt), OverlayWriter(target, 30.0) as out:
        for _ in range(5):
            out.write(image, None, "frame")
        raise interrupt()
    assert _leftovers(tmp_path) == [] and target.read_bytes() == b"a previous, good overlay"


@pytest.mark.parametrize("interrupt", INTERRUPTS)
def test_an_interrupt_while_the_overlay_is_checked_before_its_commit_removes_the_partial_video(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interrupt: type[BaseException]
) -> None:
    """Committing first closes the video, then reads it back (seconds for a long one): Ctrl-C may land there."""
    import numpy as np

    from kinemotion.tracking.overlay import OverlayWriter

    def interrupted(self: OverlayWriter) -> str | None:
        raise interrupt()

    monkeypatch.setattr(OverlayWriter, "_check_written", interrupted)
    target = tmp_path / "overlay.mp4"
    target.write_bytes(b"a previous, good overlay")
    with pytest.raises(interrupt), OverlayWriter(target, 30.0) as out:
        for _ in range(5):
            out.write(np.zeros((64, 96, 3), np.uint8), None, "frame")
        out.commit()
    assert _leftovers(tmp_path) == [] and target.read_bytes() == b"a previous, good overlay"


def test_an_overlay_committed_stays_when_the_block_ends(tmp_path: Path) -> None:
    import numpy as np

    from kinemotion.tracking.overlay import OverlayWriter

    target = tmp_path / "overlay.mp4"
    with OverlayWriter(target, 30.0) as out:
        for _ in range(5):
            out.write(np.zeros((64, 96, 3), np.uint8), None, "frame")
        out.commit()
    assert os.listdir(tmp_path) == ["overlay.mp4"] and target.stat().st_size > 0


def test_ctrl_c_during_a_model_download_removes_the_partial_download() -> None:
    """A real interrupt (``_thread.interrupt_main``, as Ctrl-C) while the bytes arrive, slowly."""
    import _thread
    import signal
    import threading

    from kinemotion.models import ModelFile, cache_dir, ensure_model
    from tests.httpserver import local_http_server

    body = bytes(range(200))
    with local_http_server() as server:
        spec = ModelFile("slow-model.bin", server.serve("/slow.bin", body, trickle_s=0.05), size=len(body))
        # Python's own Ctrl-C handler, whatever the test runner installed (a runner may catch SIGINT itself)
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        timer = threading.Timer(0.5, _thread.interrupt_main, (signal.SIGINT,))
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                ensure_model(spec, progress=False)
        finally:
            timer.cancel()
            signal.signal(signal.SIGINT, previous)
    assert [p.name for p in cache_dir().iterdir() if not p.name.endswith(".lock")] == []


@pytest.mark.parametrize("through_a_link", [False, True], ids=["pipe", "link-to-pipe"])
def test_an_output_that_is_a_pipe_or_a_link_to_one_is_refused_and_left_as_it_is(
    tmp_path: Path, through_a_link: bool
) -> None:
    """What `--report /dev/stdout` or `-o /dev/null` names (a link to the process's pipe, a device). Before: the
    rename that commits an output replaced it with a file, which as root in a container is /dev/stdout itself
    turned into a file for every later process. A named pipe in a temporary folder stands in for /dev here."""
    fifo = tmp_path / "stream"
    os.mkfifo(fifo)
    target = fifo
    if through_a_link:
        target = tmp_path / "stdout"
        target.symlink_to(fifo)
    with pytest.raises(OutputError, match=rf"cannot write {re.escape(str(target))}: it is a pipe, not a file"):
        check_writable(target)
    with pytest.raises(OutputError, match="it is a pipe, not a file"), atomic_path(target) as partial:
        partial.write_text("<html>", encoding="utf-8")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert target.is_symlink() == through_a_link
    assert sorted(os.listdir(tmp_path)) == sorted(["stream", *(["stdout"] if through_a_link else [])])


# --- whether the writer of a temporary file is still running ---------------------------------------------


def _partial_of(target: Path, pid: int) -> Path:
    import socket

    return target.parent / f".{target.stem}.{pid}@{socket.gethostname()}.abcdefgh.partial{target.suffix}"


@pytest.mark.skipif(os.name != "posix", reason="the POSIX path: signal 0 asks whether the process exists")
def test_a_partial_of_a_writer_gone_is_removed_and_a_running_ones_is_kept(tmp_path: Path) -> None:
    """The writer's liveness is asked without touching it: a process that ended (its id free) is gone, this
    process and one of another user (init, pid 1: a PermissionError for a user) are running."""
    import subprocess
    import sys

    from kinemotion.tracking.atomic import remove_abandoned

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone_pid = int(ended.stdout)
    target = tmp_path / "clip.cmj.json"
    gone, running, init = _partial_of(target, gone_pid), _partial_of(target, os.getpid()), _partial_of(target, 1)
    for path in (gone, running, init):
        path.write_text("{")
    assert remove_abandoned(target) == [gone]
    assert not gone.exists() and running.exists() and init.exists()


def test_whether_a_writer_runs_is_never_asked_with_a_signal_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows ``os.kill(pid, 0)`` sends Ctrl+C (signal 0 is ``CTRL_C_EVENT`` there) to the process group
    ``pid``: it interrupted the writer it asked about, or this very run. There the process's exit code is asked
    (the Windows API, stood in for here: this runs on Linux and macOS too)."""
    from kinemotion.tracking import atomic

    def no_signal(pid: int, sig: int) -> None:
        raise AssertionError(f"os.kill({pid}, {sig}) on Windows")

    asked: list[int] = []
    monkeypatch.setattr(atomic.sys, "platform", "win32")
    monkeypatch.setattr(atomic.os, "kill", no_signal)
    monkeypatch.setattr(atomic, "_alive_on_windows", lambda pid: asked.append(pid) or pid == 4242, raising=False)
    assert atomic._alive(4242) and not atomic._alive(4343)
    assert asked == [4242, 4343]


# --- a full disk: the file, the cause and the fix ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cause", "fix"),
    [
        (errno.ENOSPC, "no space is left on its disk", "free space on that disk"),
        (errno.EDQUOT, "the disk quota of this user is used up", "free space within the quota"),
        (errno.EFBIG, "it is larger than the file-size limit allows", "lift the limit"),
    ],
)
def test_a_write_stopped_by_the_disk_names_the_output_its_cause_and_the_fix(
    tmp_path: Path, code: int, cause: str, fix: str
) -> None:
    """The disk's error as writing a file gets it (the OSError a full disk raises); before, the message named
    every output and the system's words alone ("cannot write a.json, b.csv: No space left on device")."""
    finals = [tmp_path / "a.json", tmp_path / "b.csv"]
    with pytest.raises(OutputError) as refused, atomic_paths(finals) as partials:
        partials[0].write_text("{}")
        raise OSError(code, os.strerror(code), str(partials[1]))
    said = str(refused.value)
    advice = "or write the outputs to another disk (-o, --overlay), and run again"
    assert said.startswith(f"cannot write {finals[1]}: {cause}") and said.endswith(f"; {fix}, {advice}"), said
    assert not any(p.exists() for p in finals) and not list(tmp_path.iterdir())


def test_another_write_error_is_said_as_before(tmp_path: Path) -> None:
    finals = [tmp_path / "a.json", tmp_path / "b.csv"]
    with (
        pytest.raises(OutputError, match=r"cannot write .*a\.json, .*b\.csv: Input/output error"),
        atomic_paths(finals),
    ):
        raise OSError(errno.EIO, os.strerror(errno.EIO))
