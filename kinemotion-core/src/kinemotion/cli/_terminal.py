"""What the commands print: every line through :func:`~kinemotion.terminal.printable`, so a file, backend or
athlete named with an escape sequence is shown, never run by the terminal (or a log read on one); and the paths a
command made absolute said as they were given (:func:`~kinemotion.cli._anchored.said_as_given`)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys

import click
from tqdm import tqdm

from kinemotion.cli._anchored import said_as_given
from kinemotion.errors import OutputError
from kinemotion.terminal import printable

__all__ = ["PrintableFormatter", "echo", "shown_text"]


def shown_text(message: str) -> str:
    """``message`` as a command prints it: its anchored paths as given, its control characters escaped."""
    return printable(said_as_given(message))


def echo(message: str = "", err: bool = False) -> None:
    """Print ``message`` (on stderr with ``err``) as :func:`click.echo` does, its control characters escaped.

    A progress bar on the terminal (the next video's, drawn by the tracking thread) is cleared for the line and
    drawn again below it: the line never follows a bar's text on the same row.

    Raises:
        OutputError: standard output cannot be written (``> results.txt`` on a full disk, ``> /dev/full``): said
            in a sentence, where Python's traceback was. A closed pipe (``| head -1``) is not one: it ends the
            command as it ends any Unix program.
    """
    try:
        with tqdm.external_write_mode(file=sys.stderr if err else sys.stdout):
            click.echo(shown_text(message), err=err)
    except BrokenPipeError:
        raise
    except OSError as exc:
        if err:
            raise
        _drop_stdout()
        raise OutputError(
            f"cannot write the results to standard output: {exc.strerror or exc} (it is redirected to a full disk, "
            "or to a file or device that refuses them); the outputs written so far are whole. Free space there, or "
            "send standard output elsewhere, and run the same command again"
        ) from exc


def _drop_stdout() -> None:
    """Point standard output at the null device: what is still buffered for it would fail again at exit (a
    second traceback, from the interpreter's last flush)."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


class PrintableFormatter(logging.Formatter):
    """A log line with its control characters escaped (a plugin's or a library's message may name a file)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as :class:`logging.Formatter` writes it, then made printable."""
        return shown_text(super().format(record))
