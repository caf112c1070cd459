"""Reading back the text of a file kinemotion writes (a landmark JSON, a report, a refusal record, a table, a
page), as a Windows editor or shell may have saved it again, and never more of it than such a file can be.

:func:`read_text` is the one reader: a byte-order mark names the encoding (UTF-8, else UTF-8, UTF-16 or UTF-32
opening with a mark: Notepad's "UTF-8 with BOM", PowerShell 5's ``Set-Content`` and its ``>`` redirection, which
writes UTF-16); ``at_most`` caps what is read (a file larger is not one of ours: :class:`TooLargeError`), and
``json_head`` reads of a large file that opens with what no JSON opens with (a disk image, a table named
``.json``) only its start, which is enough to say what it is. Each caller says, in its own words, what the file
should have been and what to give instead.
"""

from __future__ import annotations

import codecs
import os

__all__ = ["HEAD_BYTES", "TooLargeError", "read_text"]

_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's: it starts with UTF-16 LE's mark
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

HEAD_BYTES = 1 << 16
"""How much of a JSON file is read first, to tell a large file that is no JSON at all without reading it whole."""
_JSON_OPENINGS = frozenset('{["-0123456789tfn')
"""The characters a JSON text can open with (after white space)."""


class TooLargeError(ValueError):
    """A file larger than the cap its reader gave: no file of kinemotion's of that kind is so large."""

    def __init__(self, path: str | os.PathLike[str], at_most: int) -> None:
        super().__init__(f"{os.fspath(path)} is larger than {at_most} bytes")
        self.path = path
        self.at_most = at_most


def read_text(
    path: str | os.PathLike[str], at_most: int | None = None, *, errors: str = "strict", json_head: bool = False
) -> str:
    """The text of the file at ``path``, decoded as its byte-order mark says (UTF-8 without one).

    Args:
        path: the file.
        at_most: the most bytes such a file can hold (None: read whole, however large).
        errors: as :meth:`bytes.decode` takes them (``"replace"``: undecodable bytes shown as such).
        json_head: of a file over :data:`HEAD_BYTES` that opens with what no JSON opens with, only its start.

    Raises:
        TooLargeError: it holds more than ``at_most`` bytes (read no further than that).
        OSError: it cannot be read.
        UnicodeDecodeError: it is not text in the encoding its start names (with ``errors="strict"``).
    """
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES if at_most is None else min(HEAD_BYTES, at_most + 1))
        codec = next((name for mark, name in _BYTE_ORDER_MARKS if head.startswith(mark)), "utf-8")
        if json_head and len(head) == HEAD_BYTES:  # a large file: read whole only when it opens as our JSON does
            start = codecs.getincrementaldecoder(codec)(errors).decode(head, final=False)
            opening = start.lstrip().lstrip("\ufeff")[:1]
            if opening and opening not in _JSON_OPENINGS:  # a disk image or a table named .json: not read whole
                return start  # (gigabytes, held twice in memory): what it starts with is no JSON, and is said
        raw = head + (fh.read() if at_most is None else fh.read(max(0, at_most + 1 - len(head))))
    if at_most is not None and len(raw) > at_most:
        raise TooLargeError(path, at_most)
    return raw.decode(codec, errors)
