"""Session pages left beside reports a run replaced: an earlier page shows the earlier results, and is named.

``cmj clips/*.mp4 -o out --report out`` writes ``out/session.html``; a later
run into ``out`` without ``--report`` (a height corrected, another backend)
analyses the clips again and rewrites the reports and the table, but the page
stayed beside them showing the earlier numbers, and nothing was said. The page
is the user's (made by a command they may not run again): it is left as it is,
and the run names it, the reports of this run it shows, and the command that
makes it again. A page of ours is told by the reports it shows
(:func:`~kinemotion.report_html.page.shown_reports`); only pages in the folders
this run wrote reports in are read, a few of each, and none very large.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from pathlib import Path

__all__ = ["stale_page_warning", "stale_pages"]

_PAGES_READ_AT_MOST = 20
"""Pages read in one folder (a folder of many pages is no output folder of ours: the rest are not read)."""
_PAGE_BYTES_AT_MOST = 50 * 2**20
"""A page larger than this is not read (400 videos make about 50 MB)."""


def _composed(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def _pages(folder: Path) -> list[Path]:
    """The first few ``*.html`` files in ``folder`` (by name), none when it cannot be listed."""
    try:
        return sorted(p for p in folder.glob("*.html") if p.is_file())[:_PAGES_READ_AT_MOST]
    except OSError:
        return []


def _shown(page: Path) -> list[str]:
    """The report names ``page`` shows (none: not a page of ours, too large, unreadable)."""
    from kinemotion.report_html.page import shown_reports
    from kinemotion.tracking.text_files import TooLargeError, read_text

    try:
        return shown_reports(read_text(page, _PAGE_BYTES_AT_MOST, errors="replace"))
    except (OSError, UnicodeDecodeError, TooLargeError):
        return []


def stale_pages(replaced: Sequence[Path], written: Collection[Path] = ()) -> list[tuple[Path, list[str]]]:
    """``(page, the names of ``replaced`` it shows)`` for each session page of ours beside the reports
    ``replaced`` (this run's reports written, or set aside for a failure or a refusal) that shows one of them,
    but the pages ``written`` by this run."""
    by_folder: dict[Path, set[str]] = {}
    for report in replaced:
        by_folder.setdefault(report.parent, set()).add(_composed(report.name))
    ours = {p.absolute() for p in written}
    found: list[tuple[Path, list[str]]] = []
    for folder, names in by_folder.items():
        for page in _pages(folder):
            if page.absolute() in ours:
                continue
            shown = [name for name in _shown(page) if _composed(name) in names]
            if shown:
                found.append((page, shown))
    return found


def stale_page_warning(page: Path, shown: Sequence[str]) -> str:
    """The line said of ``page`` (:func:`stale_pages`): what it shows, and the command that makes it again."""
    from kinemotion.terminal import printable_name
    from kinemotion.wording import first_and_more

    one = len(shown) == 1
    folder = printable_name(str(page.parent))
    return (
        f"Warning: {printable_name(str(page))} (a session page made before this run) shows the earlier "
        f"result{'' if one else 's'} of {first_and_more([printable_name(n) for n in shown], 5)}, which this run "
        f"replaced; `kinemotion report {folder} -o {printable_name(str(page))}` makes it again (or give --report)."
    )
