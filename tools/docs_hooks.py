"""MkDocs hooks: pages built from the code, and a check that the API reference lists every public name.

- ``<!-- cli-reference -->`` in a page becomes the ``--help`` of every
  ``kinemotion`` command (click, from the installed core).
- ``<!-- contract-rules -->`` becomes the table of the plugin contract's rules
  with the version each dates from; ``<!-- contract-version -->`` the version.
- After the build, every public name (``kinemotion.__all__`` and the public
  names of the modules documented under ``reference/``) must have its anchor
  in the reference pages: a name missing there is a warning, which fails the
  strict build.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import click

log = logging.getLogger("mkdocs.hooks.kinemotion")

DOCUMENTED = (
    "kinemotion",
    "kinemotion.pose.contract",
    "kinemotion.pose.rules",
    "kinemotion.testing",
    "kinemotion.models",
    "kinemotion.landmarks",
    "kinemotion.keypoints",
    "kinemotion.tracking",
    "kinemotion.jump",
    "kinemotion.report_html",
    "kinemotion.errors",
    "kinemotion.deprecation",
)
"""Modules whose every public name the API reference must show."""


def _cli_reference() -> str:
    from kinemotion.cli.main import cli

    parts = []
    names = ["", *sorted(cli.commands)] if isinstance(cli, click.Group) else [""]
    for name in names:
        command = cli if not name else cli.commands[name]  # type: ignore[attr-defined]
        path = f"kinemotion {name}".strip()
        parent = click.Context(cli, info_name="kinemotion")
        ctx = click.Context(command, info_name=name, parent=parent) if name else parent
        parts.append(f"## `{path}`\n\n```text\n{command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


def _contract_rules() -> str:
    from kinemotion.pose.rules import RULES

    rows = [f"| `{r.id}` | {r.since} | {r.text.replace('|', '/')} |" for r in RULES.values()]
    return "\n".join(["| rule | since | what it says |", "|---|---|---|", *rows])


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    from kinemotion.pose.rules import CONTRACT_VERSION

    if "<!-- cli-reference -->" in markdown:
        markdown = markdown.replace("<!-- cli-reference -->", _cli_reference())
    if "<!-- contract-rules -->" in markdown:
        markdown = markdown.replace("<!-- contract-rules -->", _contract_rules())
    return markdown.replace("<!-- contract-version -->", CONTRACT_VERSION)


def _public_names() -> list[tuple[str, str | None]]:
    """Every public name, with the path where it is defined (a re-export may be documented there)."""
    import importlib

    names = []
    for module_name in DOCUMENTED:
        module = importlib.import_module(module_name)
        exported = getattr(module, "__all__", None)
        if exported is None:
            exported = [n for n in vars(module) if not n.startswith("_")]
        for name in exported:
            if name == "__version__":
                continue
            obj = getattr(module, name)
            home = getattr(obj, "__module__", None)
            qualname = getattr(obj, "__qualname__", None)
            names.append((f"{module_name}.{name}", f"{home}.{qualname}" if home and qualname else None))
    return names


def on_post_build(config: Any, **kwargs: Any) -> None:
    site = Path(config["site_dir"]) / "reference"
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    anchors = set(re.findall(r'id="([\w.]+)"', html))
    missing = [name for name, home in _public_names() if name not in anchors and home not in anchors]
    for name in missing:
        log.warning("the API reference does not list the public name %s: add its module to docs/reference/", name)
    for name in _undocumented(config):
        log.warning("the public name %s has no docstring: write one (the API reference shows it)", name)


def _undocumented(config: Any) -> list[str]:
    """Public names whose object (what a re-export points at) has no docstring."""
    import griffe

    paths = config["plugins"]["mkdocstrings"].config["handlers"]["python"]["paths"]
    package = griffe.load("kinemotion", search_paths=paths, allow_inspection=False)
    out = []
    for name, _ in _public_names():
        try:
            obj = package[name.removeprefix("kinemotion.")] if name.count(".") else package
        except KeyError:
            continue  # provided at run time only; the anchor check above covers it
        if obj.is_alias:
            obj = obj.final_target
        if not obj.docstring:
            out.append(name)
    return out
