"""What a backend prints goes to standard error marked with its name (kinemotion.pose.stdout), and the standard
output kinemotion wraps for that stays the stream it was for everyone else."""

from __future__ import annotations

import io
import sys

import pytest

from kinemotion.pose.stdout import backend_prints_marked


class NotebookStream(io.StringIO):
    """A notebook kernel's standard output: it is told which cell is running (ipykernel's ``set_parent``)."""

    def __init__(self) -> None:
        super().__init__()
        self.parents: list[str] = []

    def set_parent(self, parent: str) -> None:
        self.parents.append(parent)


def test_a_backend_s_print_goes_to_stderr_marked_and_the_caller_s_print_to_stdout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with backend_prints_marked("zz-printer", "process_frame"):
        print("DEBUG frame 1")
    print("kinemotion's own line")
    assert out.getvalue() == "kinemotion's own line\n"
    assert err.getvalue() == "[zz-printer] DEBUG frame 1\n"


def test_the_wrapped_standard_output_still_answers_a_notebook_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a notebook the kernel tells its output stream which cell runs (``sys.stdout.set_parent``) before each
    cell; once a backend had run, ``sys.stdout`` was kinemotion's wrapper, which had no ``set_parent``: the
    kernel's call failed (or, caught, left every later print under the cell that first ran a backend)."""
    stream = NotebookStream()
    monkeypatch.setattr(sys, "stdout", stream)
    with backend_prints_marked("zz-quiet", "create"):
        pass
    sys.stdout.set_parent("cell 2")  # type: ignore[attr-defined]
    print("in cell 2")
    assert stream.parents == ["cell 2"]
    assert stream.getvalue() == "in cell 2\n"


def test_two_threads_in_one_backend_keep_their_own_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """A library user tracking two videos in two threads with one backend (one TrackingWorker per thread):
    ``print`` writes a line in pieces, and the unfinished line was kept per backend, not per thread, so one
    thread's words ran into the other's line ("[zz-two] frame 1 of A frame 7 of B")."""
    import threading

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    a_started, b_done = threading.Event(), threading.Event()

    def video_a() -> None:
        with backend_prints_marked("zz-two", "process_frame"):
            sys.stdout.write("frame 1 of A")  # the first piece of print's line
            a_started.set()
            b_done.wait(5)
            sys.stdout.write("\n")

    def video_b() -> None:
        a_started.wait(5)
        with backend_prints_marked("zz-two", "process_frame"):
            print("frame 7 of B")
        b_done.set()

    threads = [threading.Thread(target=video_a), threading.Thread(target=video_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(err.getvalue().splitlines()) == ["[zz-two] frame 1 of A", "[zz-two] frame 7 of B"]
    assert out.getvalue() == ""
