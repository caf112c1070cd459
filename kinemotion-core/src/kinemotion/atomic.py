"""Writing output files so that an interrupted run never leaves a complete-looking file.

Data goes to a hidden ``.NAME.partial.SUFFIX`` file beside the target and is
renamed onto the target only when complete; on an exception the partial file
is removed. (A process killed outright can leave the ``.partial`` file, never
a file under the real name.)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path"]


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces ``target`` if the block succeeds."""
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f".{final.stem}.partial{final.suffix}")
    try:
        yield partial
        os.replace(partial, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
