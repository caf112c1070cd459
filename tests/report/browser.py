"""A real browser for the report tests: Debian's Chromium, headless, driven through its chromedriver.

Without Chromium, chromedriver or selenium a browser test skips, saying what
to install; in CI (``CI`` set) it fails instead: the report's tests must run there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kinemotion.report_html.pdf import HEADLESS_FLAGS, find_chromium

INSTALL = "apt-get install chromium chromium-driver (Debian/Ubuntu) and pip install selenium"


def _missing() -> list[str]:
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if find_chromium() is None:
        missing.append("Chromium")
    if shutil.which("chromedriver") is None:
        missing.append("chromedriver")
    return missing


def require_browser() -> None:
    """Skip (fail in CI) unless a headless Chromium can be driven here."""
    missing = _missing()
    if not missing:
        return
    message = f"browser test needs {', '.join(missing)}: {INSTALL}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run the browser tests: .ci/run installs them)")
    pytest.skip(message)


@contextmanager
def open_chromium(profile: Path, width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A headless Chromium (fresh profile) under selenium, its console log kept for :func:`console_errors`."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(find_chromium())
    for flag in (*HEADLESS_FLAGS, "--no-sandbox", f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=shutil.which("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, page: Path, timeout_s: float = 120.0) -> None:
    """Open ``page`` and wait until the browser has parsed and loaded all of it.

    ``driver.get`` normally returns after the load event, but on a loaded machine it has returned while a
    big page (100 videos, 20 MB) was still being parsed: a third of its jumps were in the document.
    """
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page.as_uri())
    WebDriverWait(driver, timeout_s, poll_frequency=0.2).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def console_errors(driver: Any) -> list[str]:
    """What the page wrote to the console at level SEVERE (script errors, failed loads) since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
