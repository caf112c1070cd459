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
