"""One version lookup (kinemotion.versions) for what outputs record and what a resumed batch compares."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.versions import SOURCE_TREE_VERSION, installed_version, kinemotion_version
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
