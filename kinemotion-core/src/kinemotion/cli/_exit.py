"""The exit code of ``track``, ``cmj`` and ``dropjump``: one rule for one video or a batch.

- ``0``: every video done (analysed, tracked completely, or skipped because its outputs exist).
- ``1``: nothing done: every video failed or was refused (or an error before any video, such as an output
  clash).
- ``3``: some done, some not: a video failed or was refused while others were done, or a video was only partly
  decodable (outputs written, marked ``"complete": false``).

A video *refused* by the analysis (no jump found, not a CMJ, slow motion: its answer, recorded in
``NAME.<kind>.refusal.json``) is no measurement, so it counts as a video not done for the code; the summary
line says it apart from the videos that *failed* (could not be read, tracked or written: something to fix or
run again).
- ``130``: interrupted (Ctrl-C); ``2``: a wrong option (click's usage error).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kinemotion.cli._terminal import echo
from kinemotion.terminal import printable_name
from kinemotion.wording import first_and_more

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_PARTIAL", "exit_for_batch", "summarize_batch"]

EXIT_FAILED = 1
EXIT_PARTIAL = 3
EXIT_INTERRUPTED = 130
NAMED_AT_MOST = 10
"""The batch summary names this many failed videos, then says how many more."""


def exit_for_batch(videos: int, failed: int, incomplete: int = 0) -> None:
    """End the command with the rule's code for ``failed`` and ``incomplete`` out of ``videos`` (0: return).

    Raises:
        SystemExit: ``1`` when every video failed, ``3`` when some did or some are incomplete.
    """
    if videos and failed >= videos:
        raise SystemExit(EXIT_FAILED)
    if failed or incomplete:
        raise SystemExit(EXIT_PARTIAL)


def summarize_batch(
    videos: Sequence[str | Path],
    failed: Sequence[str | Path],
    incomplete: Sequence[str | Path] = (),
    refused: Sequence[str | Path] = (),
) -> None:
    """After several videos, when some failed, were refused or were read only in part: one line on stderr saying
    which. ``failed``: the videos not done that were not refused (``refused``: the analysis's answer, no jump
    measured; counted apart: a refusal is no breakage).

    Each video's error was printed when it happened, among the other videos' lines; in a batch of hundreds
    the last line is where one looks. Nothing is printed for one video, or when every video was done.
    """
    if len(videos) < 2 or not (failed or incomplete or refused):
        return
    parts = [f"{len(videos) - len(failed) - len(incomplete) - len(refused)} of {len(videos)} videos done"]
    for what, names in (("refused by the analysis", refused), ("failed", failed), ("read only in part", incomplete)):
        if names:
            listed = first_and_more([printable_name(str(v)) for v in names], NAMED_AT_MOST)
            parts.append(f"{len(names)} {what} ({listed})")
    ending = (
        "see the errors above" if not refused else "see above why each was refused" + (" or failed" if failed else "")
    )
    echo("; ".join(parts) + f": {ending}.", err=True)
