"""CITATION.cff: the citation a sports scientist's paper takes, kept to the release it names."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import kinemotion

ROOT = Path(__file__).resolve().parents[1]


def _citation() -> dict[str, object]:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_it_parses_and_holds_what_the_citation_file_format_requires() -> None:
    data = _citation()
    assert data["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "abstract"):
        assert isinstance(data[key], str if key != "authors" else list) and data[key], key
    assert data["authors"] == [{"name": "kinemotion developers"}]
    assert data["type"] == "software"


def test_its_version_and_license_are_the_package_s() -> None:
    """A release that bumps the version must bump the citation too (read as a string: 1.0 is not 1)."""
    data = _citation()
    pyproject = (ROOT / "kinemotion-core" / "pyproject.toml").read_text(encoding="utf-8")
    declared = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    licence = re.search(r'^license = "([^"]+)"', pyproject, re.MULTILINE)
    assert declared is not None and licence is not None
    assert str(data["version"]) == declared[1] == kinemotion.__version__
    assert data["license"] == licence[1]


def test_it_invents_no_address_or_doi() -> None:
    """kinemotion has no DOI and no published address yet: a citation must not point to one that is not so."""
    data = _citation()
    assert not {"doi", "url", "repository-code", "identifiers", "preferred-citation"} & set(data)
