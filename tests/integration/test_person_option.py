"""``--person``: accepted on every command that tracks, validated, passed to the backend, recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.core.fakes import FakePlugin
from tests.jump.physics_backend import blank_video


@pytest.fixture
def plugin(tmp_path: Path) -> Iterator[FakePlugin]:
    fake = FakePlugin("zz-person", priority=-5)
    kinemotion.register_backend(fake)
    yield fake
    kinemotion.unregister_backend("zz-person")


@pytest.mark.parametrize(("given", "recorded"), [("center", "center"), ("0.85,0.7", "0.850,0.700")])
def test_the_choice_reaches_the_backend_and_the_json(
    tmp_path: Path, plugin: FakePlugin, given: str, recorded: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 5, 30)
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-person", "--person", given, "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert plugin.created[-1].options == {"person": recorded}
    assert json.loads(out.read_text())["backend"]["options"] == {"person": recorded}


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump", "bench"])
def test_a_bad_choice_is_refused_before_any_work(tmp_path: Path, plugin: FakePlugin, command: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 5, 30)
    result = CliRunner().invoke(cli, [command, str(video), "-b", "zz-person", "--person", "tallest"])
    assert result.exit_code == 2 and "person must be 'largest', 'center' or a point" in result.output
    assert not plugin.created
