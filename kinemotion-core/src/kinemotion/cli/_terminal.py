"""What the commands print: every line through :func:`~kinemotion.terminal.printable`, so a file, backend or
athlete named with an escape sequence is shown, never run by the terminal (or a log read on one)."""

from __future__ import annotations

import logging

import click

from kinemotion.terminal import printable

__all__ = ["PrintableFormatter", "echo"]


def echo(message: str = "", err: bool = False) -> None:
    """Print ``message`` (on stderr with ``err``) as :func:`click.echo` does, its control characters escaped."""
    click.echo(printable(message), err=err)


class PrintableFormatter(logging.Formatter):
    """A log line with its control characters escaped (a plugin's or a library's message may name a file)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as :class:`logging.Formatter` writes it, then made printable."""
        return printable(super().format(record))
