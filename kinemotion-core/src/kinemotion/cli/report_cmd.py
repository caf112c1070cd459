"""``kinemotion report``: one HTML page (and optionally a PDF) from the jump reports of a session.

Also what ``--report FILE.html`` on ``cmj`` and ``dropjump`` runs, on the
reports just made. Exit codes: 0 everything in; 3 the page was written but
something is missing from it (an unreadable report, a video not found for the
stills: listed on the page and on stderr); 1 nothing could be written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kinemotion.cli._athlete_heights import athlete_list_option
from kinemotion.cli._busy import outputs_held
from kinemotion.cli._earlier import EarlierOutputs
from kinemotion.cli._options import path_option
from kinemotion.cli._paths import HomePath, given_as_folder
from kinemotion.cli._terminal import echo
from kinemotion.terminal import printable_name

if TYPE_CHECKING:
    from kinemotion.report_html import Session

__all__ = ["report", "write_session_report"]


class InputPath(HomePath):
    """A report or folder of reports; an empty value is refused (``report "$DIR"`` with ``DIR`` unset read the
    current folder and every folder below it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as a path, unless it is empty (a usage error)."""
        if isinstance(value, str) and not value.strip():
            self.fail("is empty (an unset shell variable?): give the reports or their folder", param, ctx)
        if value == "-":  # it was read as a file or folder named '-'
            self.fail(
                "- (standard input) is not read: give the reports or their folder (./- for one named -)", param, ctx
            )
        return super().convert(value, param, ctx)


def write_session_report(
    session: Session,
    html: Path,
    pdf: Path | None = None,
    *,
    videos: tuple[Path, ...] = (),
    title: str = "Jump session report",
    quiet: bool = False,
    table: Path | None = None,
    athletes: Mapping[str, str] | None = None,
) -> bool:
    """Write the page (and the PDF, and ``table``: the page's jumps as one CSV, each video's athlete first when
    ``athletes`` names them); print what went in and what is missing. True when nothing is missing."""
    from kinemotion.report_html import build_report, write_pdf
    from kinemotion.report_html.page import count, videos_shown

    outcome = build_report(session, html, video_folders=videos, title=title, progress=False if quiet else None)
    for problem in outcome.problems:
        echo(f"warning: {problem} (marked in the report)", err=True)
    for warning in outcome.warnings:
        echo(f"warning: {warning} (said on the page)", err=True)
    refused = f", {outcome.refused} not measured" if outcome.refused else ""
    reports = outcome.reports or outcome.videos
    shown = f"{videos_shown(outcome.videos, reports)}, {count(outcome.jumps, 'jump')}{refused}"
    echo(f"wrote {printable_name(str(outcome.path))} ({shown})")
    if pdf is not None:
        echo(f"wrote {printable_name(str(write_pdf(outcome.path, pdf)))}")
    if table is not None:
        _write_table(session, table, athletes)
    return not outcome.problems


def _write_table(session: Session, table: Path, athletes: Mapping[str, str] | None) -> None:
    """The session's jumps as one CSV (:func:`~kinemotion.jump.report.jumps_csv`), written whole or not at all."""
    from kinemotion.jump.report import jumps_csv
    from kinemotion.tracking.atomic import atomic_path

    reports = [entry.data for entry in session.entries]
    with atomic_path(table) as partial:
        partial.write_text(jumps_csv(reports, athletes=athletes), encoding="utf-8")
    jumps = sum(len(report["jumps"]) for report in reports)
    echo(f"wrote {printable_name(str(table))} (one row per jump, {jumps} jump{'' if jumps == 1 else 's'})")


def _check_chromium() -> None:
    """Fail before any work when ``--pdf`` cannot be printed: ``$KINEMOTION_CHROMIUM`` names no program, or no
    Chromium is installed (the page was written, then the run failed with exit 1 and only the page).

    Raises:
        KinemotionError: what to set or install, and that nothing was written.
    """
    from kinemotion.errors import KinemotionError
    from kinemotion.report_html.pdf import chromium_program

    try:
        chromium_program()
    except KinemotionError as exc:
        raise KinemotionError(
            f"{str(exc).rstrip('.')}. Nothing was written; without --pdf the page is written alone"
        ) from exc


def _check_page_paths(
    target: Path,
    pdf: Path | None,
    inputs: list[Path],
    session: Session,
    video_folders: tuple[Path, ...],
    table: Path | None = None,
    athletes: Path | None = None,
) -> None:
    """The page, the PDF and the table are named as what they are (``-o s.pdf`` wrote HTML), and overwrite none
    of the session's files: a report, other JSON among the inputs, a video, the athlete list read (``report
    out/a.cmj.json -o out/a.cmj.json`` replaced the analysis with the page, exit 0; ``--athlete session.csv --csv
    .`` the names with the table). A page or PDF among the inputs is passed over, not read: the
    new page may replace it (``report out/* -o out/session.html`` refreshes the page ``cmj --report`` wrote).

    Raises:
        OutputError: naming the file and what to do.
    """
    import os

    from kinemotion.errors import OutputError
    from kinemotion.report_html.build import check_page_path
    from kinemotion.report_html.pdf import check_pdf_path
    from kinemotion.report_html.sources import passed_over_page, video_candidates
    from kinemotion.tracking.atomic import check_named_as

    def key(path: Path) -> str:
        return os.path.realpath(path)

    theirs: dict[str, str] = {}
    for path in inputs:
        if (session.entries or session.refusals) and passed_over_page(path):
            continue  # a page given beside reports (`report out/* -o out/session.html`) is passed over, not read
        found = sorted(path.rglob("*.json")) if path.is_dir() else [path]
        theirs.update({key(p): "one of the reports read (an input)" for p in found if p.is_file()})
    for entry in session.entries:
        theirs.update({key(v): "the video of a report" for v in video_candidates(entry, video_folders)})
    if athletes is not None:  # read before the outputs are written: a table named as it replaced the names
        theirs[key(athletes)] = "the athlete list (--athlete)"
    for page in (target, pdf, table):
        if page is not None and key(page) in theirs:
            raise OutputError(f"refusing to write {page}: it is {theirs[key(page)]}; choose another output name")
    if pdf is not None and key(pdf) == key(target):
        raise OutputError(f"the page and --pdf are both {pdf}: give the PDF its own name (e.g. session.pdf)")
    if table is not None and key(table) in {key(target), *([key(pdf)] if pdf is not None else [])}:
        raise OutputError(f"--csv names {table}, the page or the PDF: give the table its own name (e.g. session.csv)")
    check_page_path(target)
    if pdf is not None:
        check_pdf_path(pdf)
    if table is not None:  # `--csv clip.mp4` replaced that recording with the table, `--csv s.pdf` a PDF
        check_named_as(table, "jump table", (".csv", ".txt"), starts=_TABLE_STARTS)


_TABLE_STARTS = (b"video,", b"athlete,")
"""How the jump table begins (its header: the athlete first with ``--athlete``): a file of a name without a suffix
that begins otherwise is no table of ours, and is not replaced."""


def _checked_title(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--title`` as given, unless it is empty or holds a control character (an escape sequence reached the
    page's ``<title>`` and heading as it was)."""
    from kinemotion.report_html.build import title_problem

    problem = title_problem(value)
    if problem is not None:
        raise click.BadParameter(problem, ctx, param)
    return value


@click.command(name="report")
@click.argument("inputs", nargs=-1, required=True, type=InputPath(path_type=Path))
@path_option(
    "--output", "-o", help="The HTML page to write, or a folder to write session.html in. Default: session.html here."
)
@path_option(
    "--pdf",
    help="Also print the page to this PDF, or into a folder under the page's name (needs headless Chromium: "
    "Debian package `chromium`).",
)
@path_option(
    "--csv",
    "table",
    help="Also the page's jumps as one table (CSV, one row per jump, each athlete's name first with --athlete), "
    "or into a folder under the page's name.",
)
@athlete_list_option(
    "athletes",
    "CSV naming the athlete in each video: a header row with the columns video,athlete (a height_m column, as "
    "`kinemotion cmj --athlete` reads it, is checked against the height each report was measured at).",
)
@click.option(
    "--videos",
    "video_folders",
    multiple=True,
    type=HomePath(path_type=Path, file_okay=False, exists=True),
    help="Folder where the videos are, when not where the reports recorded them (for the still frames). Repeatable.",
)
@click.option(
    "--title", default="Jump session report", show_default=True, callback=_checked_title, help="The page's title."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def report(
    inputs: tuple[Path, ...],
    output: Path | None,
    pdf: Path | None,
    table: Path | None,
    athletes: Path | None,
    video_folders: tuple[Path, ...],
    title: str,
    quiet: bool,
) -> None:
    """One self-contained HTML page from jump reports (INPUTS: kinemotion.jump/2 JSON files or folders of them).

    The page opens offline in any browser: a sortable overview of the session,
    then every jump with its numbers, a chart of its phases and its take-off and
    landing frames (from the videos, when they are at hand).
    """
    from kinemotion.report_html import read_athletes, read_session

    if pdf is not None:
        _check_chromium()
    names = read_athletes(athletes) if athletes is not None else None
    session = read_session(list(inputs), names)
    if athletes is not None:  # its height_m is what cmj --athlete measured with: a height changed since is said
        from kinemotion.errors import KinemotionError
        from kinemotion.report_html.sources import heights_unlike_the_list, read_athlete_heights

        try:
            listed = read_athlete_heights(athletes)
        except KinemotionError as exc:  # the page needs only the names: a height cell cmj would refuse is said
            listed = {}
            session.warnings.append(
                f"{exc}; the page reads only the list's names, but `kinemotion cmj --athlete` refuses the list "
                "until that is fixed"
            )
        session.warnings.extend(heights_unlike_the_list(session.entries, listed, printable_name(str(athletes))))
    target = output or Path("session.html")
    if output is not None and (output.is_dir() or given_as_folder(output)):
        target = output / "session.html"
    if pdf is not None and (pdf.is_dir() or given_as_folder(pdf)):  # as -o: the PDF in that folder
        pdf = pdf / target.with_suffix(".pdf").name
    if table is not None and (table.is_dir() or given_as_folder(table)):  # as --pdf
        table = table / target.with_suffix(".csv").name
    _check_page_paths(target, pdf, list(inputs), session, video_folders, table, athletes)
    outputs = [target, pdf, table]
    click.get_current_context().with_resource(outputs_held(outputs))  # no other run writes them meanwhile
    earlier = EarlierOutputs(outputs)
    with earlier.set_aside_on_failure():  # a failed run leaves no earlier page as its own
        earlier.set_aside_ahead(outputs)  # nor a killed one (the page written, Chromium printing)
        complete = write_session_report(
            session, target, pdf, videos=video_folders, title=title, quiet=quiet, table=table, athletes=names
        )
        earlier.replaced(outputs)
    if not complete:
        raise SystemExit(3)
