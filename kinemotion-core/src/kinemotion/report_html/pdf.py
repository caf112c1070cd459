"""Printing a report to PDF through headless Chromium (the page's print styles fit it to A4).

Chromium is a system program, not a Python package: on Debian and Ubuntu the
package ``chromium``; Google Chrome works too. ``KINEMOTION_CHROMIUM`` names
the program when it is elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kinemotion.errors import KinemotionError, OutputError
from kinemotion.tracking.atomic import atomic_path, check_named_as

__all__ = ["CHROMIUM_ENV", "HEADLESS_FLAGS", "check_pdf_path", "chromium_program", "find_chromium", "write_pdf"]

CHROMIUM_ENV = "KINEMOTION_CHROMIUM"
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
HEADLESS_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
"""Chromium started for one page and nothing else: no GPU, no network of its own, no first-run work, and
its shared memory in /tmp (a container's /dev/shm is often too small for a big page)."""


def check_pdf_path(path: str | Path) -> None:
    """Refuse a PDF named as another kind of file (``--pdf session.html`` wrote a PDF under a page's name).

    Raises:
        OutputError: naming the path and the fix.
    """
    check_named_as(path, "PDF", (".pdf",), starts=(b"%pdf-",))


def chromium_program() -> str:
    """The Chromium that prints PDFs (see :func:`find_chromium`).

    Raises:
        KinemotionError: none found: ``$KINEMOTION_CHROMIUM`` names no program (the message says so), or none is
            installed (the message names the package).
    """
    program = find_chromium()
    if program is not None:
        return program
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        raise KinemotionError(
            f"--pdf prints through headless Chromium, but {CHROMIUM_ENV}={named!r} names no program here: set it to "
            "the Chromium or Chrome program's path, or unset it to use the one on PATH (none installed: the "
            "Debian/Ubuntu package `chromium`, sudo apt-get install chromium)"
        )
    raise KinemotionError(
        "--pdf prints through headless Chromium, which is not installed: install the Debian/Ubuntu package "
        "`chromium` (sudo apt-get install chromium) or Google Chrome, or set KINEMOTION_CHROMIUM to its path. "
        "The HTML report prints to PDF from any browser as well (Ctrl+P)."
    )


def find_chromium() -> str | None:
    """The Chromium (or Chrome) program: ``$KINEMOTION_CHROMIUM``, else the first of the usual names on PATH."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next((found for name in _NAMES if (found := shutil.which(name))), None)


def write_pdf(html: str | Path, pdf: str | Path, *, timeout_s: float = 300.0) -> Path:
    """Print the page ``html`` to ``pdf`` (A4, no browser header or footer); the file appears only when complete.

    Raises:
        KinemotionError: no Chromium installed (the message names the package), or it failed to print.
        OutputError: ``pdf`` is named as another kind of file (``.html``).
        TypeError: ``html`` or ``pdf`` is not one path (None, the page's text).
    """
    from kinemotion.tracking.decode import check_path_type

    check_path_type(html, "write_pdf's page (the HTML file build_report wrote)")
    check_path_type(pdf, "write_pdf's PDF")
    check_pdf_path(pdf)
    program = chromium_program()
    target = Path(pdf)
    page = Path(html).resolve()
    sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # root: no sandbox possible
    with tempfile.TemporaryDirectory(prefix="kinemotion-chromium-") as profile, atomic_path(target) as partial:
        command = [
            program,
            *HEADLESS_FLAGS,
            *sandbox,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={partial}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise KinemotionError(f"{program} could not print {page} to PDF: {exc}") from exc
        if done.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise OutputError(f"{program} did not print {page} to {target} (exit {done.returncode}): {' '.join(tail)}")
        start = _start(partial)
        if not start.startswith(b"%PDF-"):  # a wrapper or a program that is no Chromium, printing something else
            raise OutputError(
                f"{program} wrote something that is not a PDF ({partial.stat().st_size} bytes starting "
                f"{start[:16]!r}, where a PDF starts %PDF-); nothing is kept. Is {program} a Chromium or Chrome? Set "
                f"{CHROMIUM_ENV} to one, or unset it to use the one on PATH; the HTML page prints from any browser as "
                "well (Ctrl+P)"
            )
        if not _whole_pdf(partial):
            raise OutputError(
                f"{program} printed {page} to {target} only in part (exit {done.returncode}, {partial.stat().st_size} "
                "bytes, no PDF end): it may have crashed or been stopped while writing. Run the same command again; "
                "the HTML page prints from any browser as well (Ctrl+P)"
            )
    return target


def _start(path: Path) -> bytes:
    """The first bytes of ``path``: those a PDF's signature is in."""
    with path.open("rb") as fh:
        return fh.read(64)


def _whole_pdf(path: Path) -> bool:
    """Whether ``path`` starts as a PDF does and ends with the ``%%EOF`` marker every PDF writer ends it with (a
    file cut short while being written has none)."""
    with path.open("rb") as fh:
        head = fh.read(5)
        fh.seek(max(0, path.stat().st_size - 1024))
        tail = fh.read()
    return head == b"%PDF-" and b"%%EOF" in tail
