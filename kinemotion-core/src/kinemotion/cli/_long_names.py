"""A path the filesystem cannot hold, said in words: a name of more than 255 bytes, or a path of more than 4096.

Python's ``Path.is_dir``, ``exists`` and ``is_symlink`` answer False for a path that is not there, but raise
``OSError: [Errno 36] File name too long`` for one whose name is too long to be looked up, and every command
checks its inputs and outputs that way before any work: ``-o`` a folder named with 90 Japanese characters (270
bytes in UTF-8) ended in a Python traceback. The command's error names the longest name and the limits instead.
"""

from __future__ import annotations

import errno
import os

__all__ = ["name_too_long"]

_NAME_MAX = 255
"""Bytes a file or folder name may have on the common filesystems (ext4, APFS, NTFS in UTF-16 units)."""


def name_too_long(exc: BaseException) -> str | None:
    """What to say of ``exc`` when it is the filesystem's "File name too long" (naming the path, its longest name
    in bytes and the fix); None for any other error."""
    if not isinstance(exc, OSError) or exc.errno != errno.ENAMETOOLONG:
        return None
    path = exc.filename if isinstance(exc.filename, str | bytes) else None
    if path is None:
        return f"a file name is too long for the filesystem ({exc.strerror or exc}); give shorter names"
    raw = os.fsencode(path)
    longest = max(raw.split(b"/"), key=len)
    shown = os.fsdecode(longest)
    shown = shown[:40] + "..." if len(shown) > 40 else shown
    if len(longest) > _NAME_MAX:
        why = f"its name {shown!r} is {len(longest)} bytes, more than the {_NAME_MAX} a file or folder name may have"
    else:
        why = f"the path is {len(raw)} bytes, more than the filesystem takes"
    return f"{os.fsdecode(raw)}: too long for the filesystem: {why}; give a shorter name (or folder)"
