"""The documentation's pages, for tests that run their snippets or check their tables against the code."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def page(name: str) -> str:
    """The text of ``docs/<name>``."""
    return (DOCS / name).read_text(encoding="utf-8")


def snippet(name: str, after: str, language: str = "python") -> str:
    """The first ``language`` fenced block of ``docs/<name>`` after the text ``after``.

    The test fails, saying so, when the page no longer has that text: a test
    then follows the page, not a copy of it.
    """
    text = page(name)
    assert after in text, f"docs/{name} no longer says {after!r}: update the test with the page"
    return text.split(after, 1)[1].split(f"```{language}\n", 1)[1].split("```", 1)[0]
