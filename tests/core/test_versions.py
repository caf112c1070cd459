"""One version lookup (kinemotion.versions) for what outputs record and what a resumed batch compares."""

from __future__ import annotations

import importlib.metadata
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.version import Version

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.versions import (
    SOURCE_TREE_VERSION,
    installed_version,
    kinemotion_version,
    recorded_kinemotion_version,
    recorded_version,
    source_stamp,
)
from tests.core.fakes import FakePlugin
from tests.jump.physics_backend import blank_video


@pytest.fixture
def fake() -> Iterator[str]:
    kinemotion.register_backend(FakePlugin("zz-fake", priority=-1))
    yield "zz-fake"
    kinemotion.unregister_backend("zz-fake")


def test_the_installed_version_is_the_distributions() -> None:
    assert kinemotion_version() == kinemotion.__version__ == importlib.metadata.version("kinemotion")
    assert installed_version("click") == importlib.metadata.version("click")
    assert installed_version("kinemotion-not-installed") is None


def test_from_a_source_tree_what_an_output_records_is_what_a_rerun_compares(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake: str
) -> None:
    """kinemotion not installed (a source tree; faked: the test's kinemotion is installed): the recorded version
    and the compared one are both the fallback, so a re-run reuses the output."""
    real = importlib.metadata.version

    def not_installed(name: str) -> str:
        if name == "kinemotion":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert kinemotion.__version__ == kinemotion_version() == SOURCE_TREE_VERSION
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    args = ["track", str(video), "-o", str(tmp_path / "v.json"), "-b", fake, "-q"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert f'"kinemotion_version":"{SOURCE_TREE_VERSION}"' in (tmp_path / "v.json").read_text()
    assert "skipped" in CliRunner().invoke(cli, args).output


def _editable(distribution: str) -> bool:
    text = importlib.metadata.distribution(distribution).read_text("direct_url.json")
    return bool(text) and json.loads(text).get("dir_info", {}).get("editable") is True


def test_outputs_record_the_installed_release_with_a_stamp_of_its_source_when_editable() -> None:
    """An editable install (this suite installs kinemotion so) records ``VERSION+editable.<12 hex>``: an edit of
    its code at the same version is another release; an ordinary install records the version as it is."""
    plain = kinemotion.__version__
    recorded = recorded_kinemotion_version()
    if _editable("kinemotion"):
        assert re.fullmatch(re.escape(plain) + r"[+.]editable\.[0-9a-f]{12}", recorded)
        assert Version(recorded).public == Version(plain).public  # still PEP 440
    else:
        assert recorded == plain
    assert recorded_version("click") == importlib.metadata.version("click")  # installed from a wheel
    assert recorded_version("kinemotion-not-installed") is None


def test_the_source_stamp_is_computed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files are read once (every output of a run, every resume check, asks again)."""
    import os

    first = source_stamp("kinemotion")

    def walk(*args: object, **kwargs: object) -> object:
        raise AssertionError("walked the source again")

    monkeypatch.setattr(os, "walk", walk)
    assert source_stamp("kinemotion") == first
    assert recorded_kinemotion_version() == recorded_kinemotion_version()
