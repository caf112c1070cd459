"""What a backend prints goes to standard error, marked with its name: standard output is kinemotion's.

A plugin author's debugging ``print`` (one line a frame) ran into kinemotion's own lines on standard output
(``kinemotion cmj ... -q > results.txt`` collected a hundred "DEBUG frame 94" lines with the results), with no
word of which backend wrote them. Each call into a plugin is made inside :func:`backend_prints_marked`: what the
calling thread writes to ``sys.stdout`` meanwhile goes to standard error, each line after ``[BACKEND] ``, and
the first time a backend prints, a warning says so once. Other threads (the one writing a batch's outputs
while a video is tracked) keep writing to standard output. Native code writing to the file descriptor itself
is not seen.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import threading
from collections.abc import Iterator
from typing import TextIO

__all__ = ["Printed", "backend_prints_marked"]

logger = logging.getLogger(__name__)

_inside = threading.local()
"""The backend the current thread is calling into (``name``), if any, and whether it printed (``printed``)."""
_SAID: set[str] = set()
"""Backends already warned about."""
_lock = threading.Lock()


class _MarkedStdout(io.TextIOBase):
    """``sys.stdout`` while backends run: a thread inside a backend's call writes to standard error, marked;
    any other thread to the standard output it wraps."""

    def __init__(self, stdout: TextIO) -> None:
        super().__init__()
        self.wrapped = stdout
        self._partial: dict[tuple[int, str], str] = {}
        """The end of a line still being printed, by thread and backend (``print`` writes a line in pieces, and
        two threads may run one backend)."""

    def write(self, text: str) -> int:
        backend = getattr(_inside, "name", None)
        if backend is None:
            return self.wrapped.write(text)
        _inside.printed = True
        key = threading.get_ident(), backend
        lines = (self._partial.pop(key, "") + text).split("\n")
        self._partial[key] = lines.pop()  # the end of a line still being printed
        for line in lines:
            sys.stderr.write(f"[{backend}] {line}\n")
        return len(text)

    def flush(self) -> None:
        backend = getattr(_inside, "name", None)
        if backend is None:
            self.wrapped.flush()
        else:
            sys.stderr.flush()

    def end_line(self, backend: str) -> None:
        """Write what ``backend`` left without a line break when its call (in this thread) returned."""
        rest = self._partial.pop((threading.get_ident(), backend), "")
        if rest:
            sys.stderr.write(f"[{backend}] {rest}\n")

    def isatty(self) -> bool:
        return self.wrapped.isatty()

    def fileno(self) -> int:
        return self.wrapped.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.wrapped, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.wrapped, "errors", None)

    def writable(self) -> bool:
        return True

    def __getattr__(self, name: str) -> object:
        """Anything else is the wrapped stream's: a notebook kernel's ``sys.stdout.set_parent(...)`` (which ties
        printed output to the cell that printed it) still reaches its own stream."""
        return getattr(self.wrapped, name)


def _marked() -> _MarkedStdout | None:
    """``sys.stdout`` made a :class:`_MarkedStdout` (once); None where there is none (``pythonw``)."""
    with _lock:
        current = sys.stdout
        if current is None:
            return None
        if not isinstance(current, _MarkedStdout):
            current = sys.stdout = _MarkedStdout(current)
        return current


class Printed:
    """What :func:`backend_prints_marked` gives its ``with`` block: whether the call printed (known once the block
    has ended; the conformance kit tells the plugin's author)."""

    def __init__(self) -> None:
        self.printed = False


@contextlib.contextmanager
def backend_prints_marked(backend: str, call: str) -> Iterator[Printed]:
    """Run a plugin's ``call`` of ``backend``: what this thread prints meanwhile goes to standard error as
    ``[backend] line``, and the first time a backend prints a warning names it (once per backend)."""
    seen = Printed()
    stdout = _marked()
    if stdout is None:
        yield seen
        return
    outer = getattr(_inside, "name", None), getattr(_inside, "printed", False)
    _inside.name, _inside.printed = backend, False
    try:
        yield seen
    finally:
        stdout.end_line(backend)
        printed = seen.printed = _inside.printed
        _inside.name, _inside.printed = outer
        if printed and backend not in _SAID:
            _SAID.add(backend)
            logger.warning(
                "backend %r printed to standard output in %s; kinemotion shows it on standard error, each line "
                "marked [%s] (standard output holds kinemotion's results). A backend should log instead "
                "(logging.getLogger(__name__)); report it to the backend's authors.",
                backend,
                call,
                backend,
            )
