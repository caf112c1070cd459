"""The exit code of ``track``, ``cmj`` and ``dropjump``: one rule for one video or a batch.

- ``0``: every video done (analysed, tracked completely, or skipped because its outputs exist).
- ``1``: nothing done: every video failed (or an error before any video, such as an output clash).
- ``3``: some done, some not: a video failed while others were done, or a video was only partly
  decodable (outputs written, marked ``"complete": false``).
- ``130``: interrupted (Ctrl-C); ``2``: a wrong option (click's usage error).
"""

from __future__ import annotations

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_PARTIAL", "exit_for_batch"]

EXIT_FAILED = 1
EXIT_PARTIAL = 3
EXIT_INTERRUPTED = 130


def exit_for_batch(videos: int, failed: int, incomplete: int = 0) -> None:
    """End the command with the rule's code for ``failed`` and ``incomplete`` out of ``videos`` (0: return).

    Raises:
        SystemExit: ``1`` when every video failed, ``3`` when some did or some are incomplete.
    """
    if videos and failed >= videos:
        raise SystemExit(EXIT_FAILED)
    if failed or incomplete:
        raise SystemExit(EXIT_PARTIAL)
