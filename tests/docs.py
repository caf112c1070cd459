"""The documentation's pages, for tests that run their snippets or check their tables against the code."""

from __future__ import annotations

import re
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


def shown(name: str, after: str, language: str = "python") -> str:
    """What the site shows for that block: its ``--8<-- "FILE[:SECTION]"`` lines replaced by what they include.

    The site's snippets extension (``pymdownx.snippets``, paths from the
    repository root) shows a whole file without its ``--8<-- [start:NAME]`` /
    ``[end:NAME]`` marker lines, or only the lines between the markers of a
    named section.
    """
    root = DOCS.parent
    lines = []
    for line in snippet(name, after, language).splitlines():
        include = re.fullmatch(r'--8<-- "([^"]+)"', line.strip())
        if include is None:
            lines.append(line)
            continue
        target, _, section = include[1].partition(":")
        text = (root / target).read_text(encoding="utf-8")
        if section:
            start, end = f"--8<-- [start:{section}]", f"--8<-- [end:{section}]"
            assert start in text and end in text, f"{target} has no section {section!r}"
            text = text.split(start, 1)[1].split("\n", 1)[1].split(end, 1)[0].rsplit("\n", 1)[0]
        lines += [ln for ln in text.splitlines() if not re.search(r"--8<-- \[(start|end):", ln)]
    return "\n".join(lines) + "\n"
