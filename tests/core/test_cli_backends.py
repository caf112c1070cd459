"""`kinemotion backends`: the table and the JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.core.fakes import FakePlugin


@pytest.fixture
def fake_backends() -> Iterator[None]:
    plugins = [
        FakePlugin("zz-fast", priority=10_000, available=False, reason="needs a zz card"),
        FakePlugin("zz-slow", priority=9_999, reason="zz ready"),
    ]
    for p in plugins:
        kinemotion.register_backend(p)
    yield
    for p in plugins:
        kinemotion.unregister_backend(p.name)


@pytest.mark.usefixtures("fake_backends")
def test_table_shows_every_backend_and_the_auto_choice() -> None:
    result = CliRunner().invoke(cli, ["backends"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    fast = next(line for line in lines if line.startswith("zz-fast"))
    assert "unavailable: needs a zz card" in fast
    assert "<in-process>" in fast
    assert "10000" in fast
    assert "auto (lightweight) picks: zz-slow" in result.output
    assert "skipped zz-fast" in result.output


@pytest.mark.usefixtures("fake_backends")
def test_json_for_machines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSE_TRACKER_BACKEND", "zz-slow")
    result = CliRunner().invoke(cli, ["backends", "--json"])
    data = json.loads(result.output)
    by_name = {b["name"]: b for b in data["backends"]}
    assert by_name["zz-fast"]["available"] is False
    assert by_name["zz-slow"]["modes"] == ["lightweight", "balanced"]
    assert data["auto"] == "zz-slow"
    assert data["env_override"] == "zz-slow"
    assert {"backend": "zz-fast", "reason": "needs a zz card"} in data["skipped"]


@pytest.mark.usefixtures("fake_backends")
@pytest.mark.parametrize("as_json", [False, True])
def test_a_variable_naming_a_backend_not_installed_is_one_warning_on_stderr(
    monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    monkeypatch.setenv("POSE_TRACKER_BACKEND", "zz-typo")
    result = CliRunner().invoke(cli, ["backends", *(["--json"] if as_json else [])])
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("Warning: POSE_TRACKER_BACKEND=zz-typo names a backend that is not installed")
    installed = [i.name for i in kinemotion.list_backends()]
    assert f"(installed backends: {', '.join(installed)})" in line and "zz-slow" in installed
    if as_json:
        assert json.loads(result.stdout)["env_override"] == "zz-typo"  # stdout stays valid JSON


@pytest.mark.usefixtures("fake_backends")
@pytest.mark.parametrize("value", ["zz-slow", "ZZ-Slow", "auto", ""])
def test_no_warning_for_an_installed_backend_auto_or_nothing(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("POSE_TRACKER_BACKEND", value)
    result = CliRunner().invoke(cli, ["backends"])
    assert result.exit_code == 0 and result.stderr == "", result.stderr
