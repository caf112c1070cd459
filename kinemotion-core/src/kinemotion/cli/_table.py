"""Plain-text tables for the CLI."""

from __future__ import annotations

from collections.abc import Sequence

from kinemotion.terminal import printable_name

__all__ = ["format_table"]


def format_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows (header first) in columns two spaces apart; the last column is not padded.

    Each cell is written on one line, escaped as :func:`~kinemotion.terminal.printable_name` writes a name (a
    plugin's name, provider or mode holding a line break or an escape sequence): the columns line up as shown,
    and no cell starts a line of its own.
    """
    rows = [[printable_name(cell) for cell in row] for row in rows]
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    lines = ("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]) for row in rows)
    return "\n".join(line.rstrip() for line in lines)
