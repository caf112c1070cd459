"""The files an earlier run left at the paths this run was asked to write: set aside when this run fails.

A re-run that failed (a clip with no jump, a backend that cannot run, a
write error, Ctrl-C) used to leave the last successful run's report, plot,
overlay, landmarks, table or page at the path it was asked to write, where it
looked like this run's result. Now each such file is renamed to
``NAME.previous`` beside it (replacing an older one,
:func:`~kinemotion.tracking.atomic.set_aside`) and the error says so: nothing
is lost, and nothing stale passes.

A file counts as the earlier run's while it is the very file found when the
work started (same device, inode, size and modification time:
:mod:`kinemotion.file_status`): one written by
this run (always a new file, renamed into place) is never moved, nor is one
this run vouched for as current (skipped as done: :meth:`EarlierOutputs.keep`).
A write-protected earlier file (``chmod a-w``: kept on purpose) stays where it
is, and the message says that it is not this run's result.

A run killed outright (``kill -9``, the out-of-memory killer, a lost machine)
cannot set anything aside when it dies: the files it was about to replace are
therefore set aside before its work starts (:meth:`EarlierOutputs.set_aside_ahead`),
and the ``NAME.previous`` of each is removed once this run's file replaced it
(:meth:`EarlierOutputs.replaced`). A killed run leaves no earlier table or
page beside the reports it did write (Monday's rows for Tuesday's video), and
no earlier report of a video it was analysing again. The ``NAME.previous`` a
killed or failed run left is removed by the next run that writes ``NAME``
(an older result than the one written, as a replaced file is), unless it is
write-protected (kept on purpose).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kinemotion.cli._terminal import echo
from kinemotion.errors import KinemotionError, OutputError
from kinemotion.file_status import FileStatus, file_status
from kinemotion.terminal import printable_name
from kinemotion.tracking.atomic import is_write_protected, previous_path, set_aside

__all__ = ["EarlierOutputs", "aside_note", "ended"]

_Identity = FileStatus


def _identity(path: Path) -> _Identity | None:
    """The file at ``path`` (a regular file), its status-change time left out: a file this run did not write
    (this run's are new files, renamed into place) stays the earlier run's when only its permissions changed
    meanwhile (``chmod a-w``: then left in place, and said so)."""
    status = file_status(path, regular=True)
    return None if status is None else status._replace(changed_ns=0)


class EarlierOutputs:
    """The files found at a run's planned output paths before it started work."""

    def __init__(self, paths: Iterable[Path | None]) -> None:
        """Record each of ``paths`` that is a file now (None: an output not asked for)."""
        planned = [p for p in paths if p is not None]
        found = ((p, _identity(p)) for p in planned)
        self._found: dict[Path, _Identity] = {p: i for p, i in found if i is not None}
        self._ahead: dict[Path, tuple[Path, _Identity]] = {}
        """Set aside before the work (path: its ``NAME.previous`` and that file's identity)."""
        stale = ((p, _identity(previous_path(p))) for p in planned)
        self._stale: dict[Path, _Identity] = {p: i for p, i in stale if i is not None}
        """The ``NAME.previous`` found before the work (an earlier run's, killed or failed): removed once this
        run writes the path, as replacing the file would have removed it."""

    def keep(self, paths: Iterable[Path | None]) -> None:
        """``paths`` are current (a video skipped as done): never set aside by this run."""
        for path in paths:
            if path is not None:
                self._found.pop(path, None)

    def set_aside_ahead(self, paths: Iterable[Path | None]) -> None:
        """Move each of ``paths`` that is still the earlier run's file to ``NAME.previous`` now, before this
        run's work replaces it (a run killed outright leaves it there, never at the path); a write-protected
        one, or one that cannot be moved, stays (and is said as :meth:`set_aside` says it on failure)."""
        for path in paths:
            found = self._found.get(path) if path is not None else None
            if path is None or found is None or _identity(path) != found or is_write_protected(path):
                continue
            try:
                previous = set_aside(path)
            except OutputError:
                continue  # said by set_aside if this run fails
            moved = _identity(previous)
            if moved is not None:
                self._ahead[path] = (previous, moved)
            self._found.pop(path)

    def earlier_file(self, path: Path) -> Path:
        """Where the earlier run's file of ``path`` is now: its ``NAME.previous`` when :meth:`set_aside_ahead`
        moved it there, else ``path`` itself (which may not exist)."""
        ahead = self._ahead.get(path)
        return ahead[0] if ahead is not None else path

    def replaced(self, paths: Iterable[Path | None]) -> None:
        """This run wrote each of ``paths``: the ``NAME.previous`` :meth:`set_aside_ahead` made of it is removed
        (as replacing the earlier file in place would have; one changed since is left)."""
        for path in paths:
            if path is None:
                continue
            previous, moved = self._ahead.pop(path, (None, None))
            stale = self._stale.pop(path, None)
            if previous is None and stale is not None:  # left by an earlier run (killed, or failed) found so
                previous, moved = previous_path(path), stale
            if previous is not None and _identity(previous) == moved and not is_write_protected(previous):
                with contextlib.suppress(OSError):
                    previous.unlink()

    def kept_aside(self, path: Path) -> None:
        """This run wrote ``path``, and the ``NAME.previous`` :meth:`set_aside_ahead` made of it stays (it holds
        what this run's file does not: a report measured at another capture rate)."""
        self._ahead.pop(path, None)

    def set_aside(self, paths: Iterable[Path | None] | None = None) -> list[str]:
        """Move each of ``paths`` (None: every one recorded) that is still the earlier run's file to
        ``NAME.previous``; what became of each, in words (empty: none was there)."""
        chosen = [*self._found, *self._ahead] if paths is None else [p for p in paths if p is not None]
        said: list[str] = []
        for path in chosen:
            if path in self._ahead:
                if os.path.lexists(path):  # this run wrote it (the plot of a failed analysis): it replaced it
                    self.replaced([path])
                else:
                    said.append(f"moved {path} to {self._ahead.pop(path)[0]}")
                continue
            found = self._found.pop(path, None)
            if found is None or _identity(path) != found:
                continue  # none was there, or this run wrote it
            if is_write_protected(path):
                said.append(f"left {path} in place (write-protected)")
                continue
            try:
                said.append(f"moved {path} to {set_aside(path)}")
            except OutputError as exc:
                said.append(f"left {path} in place ({exc})")
        return said

    def set_aside_edited(self, video: Path, output: Path, what: str, redo: str) -> None:
        """Set aside ``output``, ``video``'s ``what`` (``"report"``, ``"landmarks"``) changed since kinemotion wrote
        it, and warn that it is not taken as the video's and the video is done again (``redo``: ``"analysing"``):
        never taken for the video's result, nor lost."""
        aside = "; ".join(self.set_aside([output])) or "it is replaced"
        echo(
            f"Warning: {printable_name(str(video))}: its {what} {printable_name(str(output))} was changed since "
            "kinemotion wrote it (edited by hand or by another program), so it is not taken as this video's: "
            f"{redo} it again ({aside})",
            err=True,
        )

    @contextlib.contextmanager
    def set_aside_on_failure(self) -> Iterator[None]:
        """On any exception in the block (an error, Ctrl-C), set aside every earlier file still there
        (:meth:`set_aside`) and say so: in a :class:`~kinemotion.errors.KinemotionError`'s message, otherwise
        on stderr."""
        try:
            yield
        except BaseException as exc:
            note = aside_note(self.set_aside())
            if note and isinstance(exc, KinemotionError) and len(exc.args) == 1:
                exc.args = (ended(str(exc), note),)
            elif note:
                echo(note.strip(), err=True)
            raise


def ended(message: str, note: str) -> str:
    """``message`` and then ``note`` (an :func:`aside_note`), the message closed with a full stop first when it
    has none (an OS error's "Operation not permitted" ran into "An earlier run's output ...")."""
    if note and message and message.rstrip()[-1] not in ".!?":
        message = message.rstrip() + "."
    return f"{message}{note}"


def aside_note(said: list[str]) -> str:
    """The sentence an error message ends with when earlier outputs were found (empty when none was)."""
    if not said:
        return ""
    return f" An earlier run's output is not this run's result: {'; '.join(said)}."
