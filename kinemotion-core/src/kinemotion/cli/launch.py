"""The ``kinemotion`` program's entry point: Ctrl-C while the command line is still being loaded stops it as Ctrl-C
at any later moment does.

Loading the command line (click, numpy, OpenCV and kinemotion's commands) takes about a second; the script pip
writes imports its entry point's module before calling anything, so a Ctrl-C then (a typo seen just after
pressing Enter) printed a thirty-line ``KeyboardInterrupt`` traceback from deep inside an import. This module
imports nothing heavy: :func:`main` loads :mod:`kinemotion.cli.main` and hands over to it.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Load the command line and run it; interrupted while loading (or before the command's own handling of Ctrl-C
    is in place): ``Interrupted.`` and exit code 130."""
    try:
        from kinemotion.cli.main import main as run

        run()
    except KeyboardInterrupt:
        if sys.stderr is not None:
            sys.stderr.write("\nInterrupted.\n")
        sys.exit(130)
