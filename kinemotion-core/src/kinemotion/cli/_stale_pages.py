"""Session pages left beside reports a run replaced: an earlier page shows the earlier results, and is named.

``cmj clips/*.mp4 -o out --report out`` writes ``out/session.html``; a later
run into ``out`` without ``--report`` (a height corrected, another backend)
analyses the clips again and rewrites the reports and the table, but the page
stayed beside them showing the earlier numbers, and nothing was said. The page
is the user's (made by a command they may not run again): it is left as it is,
and the run names it, the reports of this run it shows, and the command that
makes it again. A page of ours is told by the reports it shows, each with the
content digest of the report as shown
(:func:`~kinemotion.report_html.page.shown_report_digests`): a report there now
with another digest, or none there (refused since), is not what the page shows,
whichever run replaced it (one killed, then resumed: the resumed run skips it as
done), and so is a clip it lists as not measured whose report is there now. A
page made before pages recorded the digests is judged by the reports this run
replaced. Only pages in the folders of this run's reports are read, a few of
each, none very large, and none that does not begin as ours do.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Collection, Mapping, Sequence
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


_PAGE_START = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8">'
    b'<meta name="viewport" content="width=device-width, initial-scale=1"><title>'
)
"""How every page :func:`~kinemotion.report_html.page.render_page` writes begins: another file is not read whole."""


def _looks_ours(page: Path) -> bool:
    try:
        with page.open("rb") as fh:
            return fh.read(len(_PAGE_START)) == _PAGE_START
    except OSError:
        return False


def _shown(page: Path) -> tuple[dict[str, str | None], list[tuple[str, list[str]]]]:
    """The report names ``page`` shows, with their digests, and the clips it lists as not measured, with the
    analyses that refused them (none: not a page of ours, too large, unreadable)."""
    from kinemotion.report_html.page import not_measured_on, shown_report_digests
    from kinemotion.tracking.text_files import TooLargeError, read_text

    if not _looks_ours(page):
        return {}, []
    try:
        text = read_text(page, _PAGE_BYTES_AT_MOST, errors="replace")
    except (OSError, UnicodeDecodeError, TooLargeError):
        return {}, []
    return shown_report_digests(text), not_measured_on(text)


def _digest_now(report: Path) -> str | None:
    """The digest of the content of the report at ``report`` now (None: none there, unreadable, no report)."""
    from kinemotion.jump.schema import content_digest
    from kinemotion.tracking.text_files import TooLargeError, read_text

    try:
        data = json.loads(read_text(report, _PAGE_BYTES_AT_MOST)) if report.is_file() else None
    except (OSError, ValueError, RecursionError, TooLargeError):
        return None
    return content_digest(data) if isinstance(data, dict) else None


def stale_pages(
    reports: Mapping[Path, Path], kind: str, replaced: Collection[Path] = (), written: Collection[Path] = ()
) -> list[tuple[Path, list[str]]]:
    """``(page, what it shows as it no longer is)`` for each session page of ours beside this run's ``reports``
    (each ``kind`` report planned, by its video, skipped as done or not) but the pages ``written`` by this run:
    a report shown with another content than it has now (or none there now: refused since; on a page recording
    no digests, a report this run ``replaced``: wrote, or set aside for a failure or a refusal), and a clip
    listed as not measured by that analysis whose report is there now (``NAME (as not measured)``)."""
    by_folder: dict[Path, dict[str, tuple[Path, Path]]] = {}
    for video, report in reports.items():
        by_folder.setdefault(report.parent, {})[_composed(report.name)] = (video, report)
    again = {_composed(str(p)) for p in replaced}
    ours = {p.absolute() for p in written}
    found: list[tuple[Path, list[str]]] = []
    for folder, named in by_folder.items():
        by_video = {_composed(video.name): report for video, report in named.values()}
        for page in _pages(folder):
            if page.absolute() in ours:
                continue
            shown, refused = _shown(page)
            stale = []
            for name, digest in shown.items():
                if (now := named.get(_composed(name))) is None:
                    continue  # not one of this run's
                earlier = _composed(str(now[1])) in again if digest is None else digest != _digest_now(now[1])
                if earlier:
                    stale.append(name)
            for recorded, kinds in refused:
                clip = _composed(recorded.replace("\\", "/").rsplit("/", 1)[-1])
                if kind in kinds and clip in by_video and by_video[clip].is_file():  # measured since
                    stale.append(f"{clip} (as not measured)")
            if stale:
                found.append((page, stale))
    return found


def stale_page_warning(page: Path, shown: Sequence[str]) -> str:
    """The line said of ``page`` (:func:`stale_pages`): what it shows, and the command that makes it again."""
    from kinemotion.terminal import printable_name
    from kinemotion.wording import first_and_more

    one = len(shown) == 1
    folder = printable_name(str(page.parent))
    return (
        f"Warning: {printable_name(str(page))} (a session page made earlier) shows "
        f"{first_and_more([printable_name(n) for n in shown], 5)} as {'it' if one else 'they'} no longer "
        f"{'is' if one else 'are'} (analysed again or refused since); `kinemotion report {folder} -o "
        f"{printable_name(str(page))}` makes it again (or give --report)."
    )
