"""Text as a terminal may show it: a file name never drives the terminal it is printed on.

A video may be named with an escape sequence (``"\\x1b[2J"`` clears the screen, ``"\\x1b]0;...\\x07"``
retitles the window), a carriage return (which overwrites the start of the line) or a right-to-left
override (which shows ``gpj.mp4`` as ``mp4.jpg``). Every message that names a file passes through
:func:`printable` before it reaches the terminal or a log, and the outputs named after a video get
:func:`safe_file_stem`.
"""

from __future__ import annotations

import os
import unicodedata

__all__ = ["printable", "printable_name", "safe_file_stem"]

_KEPT = frozenset("\n\t")
"""Control characters of the messages' own layout (line breaks, a table's tabs)."""

_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that reorder the text shown around them (embeddings, overrides, isolates, marks)."""


def _drives_the_terminal(char: str) -> bool:
    """A control character (C0, DEL, C1), a lone surrogate (a name's bytes that are not UTF-8) or a bidi control."""
    return char in _BIDI_CONTROLS or (char not in _KEPT and unicodedata.category(char) in ("Cc", "Cs"))


def printable(text: str) -> str:
    """``text`` with every character that would drive a terminal written as its escape (``\\x1b``, ``\\r``,
    ``\\u202e``, ``\\udcff``); line breaks and tabs stay."""
    if not any(_drives_the_terminal(c) for c in text):
        return text
    return "".join(_escaped(c) if _drives_the_terminal(c) else c for c in text)


def printable_name(name: str) -> str:
    """A file's name as :func:`printable` writes it, its line breaks and tabs escaped too: a name holding
    ``"\\nError: ..."`` would print a line kinemotion never wrote."""
    return printable(name).replace("\n", "\\n").replace("\t", "\\t")


def _escaped(char: str) -> str:
    if unicodedata.category(char) == "Cs":  # a byte of a name that is not UTF-8, as os.fsdecode keeps it
        return os.fsencode(char).decode("ascii", "backslashreplace") if 0xDC80 <= ord(char) <= 0xDCFF else "?"
    return char.encode("unicode_escape").decode("ascii")


def safe_file_stem(stem: str) -> str:
    """A file name's ``stem`` for an output named after it: each control character (line breaks and tabs too)
    and bidi control replaced by ``_``, so listing the output folder shows its name and nothing else. A name's
    bytes that are not text in this locale stay as they are: they are another locale's letters."""
    return "".join("_" if c in _BIDI_CONTROLS or unicodedata.category(c) == "Cc" else c for c in stem)
