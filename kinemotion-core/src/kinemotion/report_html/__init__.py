"""The session report: one self-contained HTML page a coach opens offline, from jump reports.

From one or many ``kinemotion.jump/2`` reports (files or folders), one HTML
file with no outside resource: a sortable overview (one row per video: jumps,
best, mean, SD, CV %, flags), then per video every jump with its metrics and
units, a phases chart (inline SVG) and its take-off and landing frames with
the skeleton (inline JPEG thumbnails), the backend used, and the quality flags
in plain words. :func:`write_pdf` prints it through headless Chromium.

Example::

    from kinemotion.report_html import build_report, read_session
    session = read_session([Path("results")])
    build_report(session, "session.html")
"""

from kinemotion.report_html.build import ReportOutcome, build_report, render_session
from kinemotion.report_html.pdf import find_chromium, write_pdf
from kinemotion.report_html.sources import Problem, Session, SessionEntry, read_athletes, read_session

__all__ = [
    "Problem",
    "ReportOutcome",
    "Session",
    "SessionEntry",
    "build_report",
    "find_chromium",
    "read_athletes",
    "read_session",
    "render_session",
    "write_pdf",
]
