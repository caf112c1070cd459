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


class _DeclaringPlugin(FakePlugin):
    contract_version = "1.3"


def test_each_backend_s_declared_contract_is_shown_and_what_a_later_minor_added_is_said_unused() -> None:
    """A plugin author installs a plugin written for the previous release (contract 1.3) beside one of today's.

    Before: the table and ``--json`` gave this kinemotion's contract alone, so nothing said which contract each
    installed plugin was written for, nor that a 1.3 plugin's ``streams()`` would never be called (only the
    conformance kit, run by the author, said so)."""
    old, undeclared = _DeclaringPlugin("zz-old", priority=7), FakePlugin("zz-plain", priority=6)
    for p in (old, undeclared):
        kinemotion.register_backend(p)
    try:
        table = CliRunner().invoke(cli, ["backends"])
        listing = CliRunner().invoke(cli, ["backends", "--json"])
    finally:
        for p in (old, undeclared):
            kinemotion.unregister_backend(p.name)
    assert table.exit_code == 0 and listing.exit_code == 0, table.output + listing.output
    lines = table.output.splitlines()
    header = lines[0].split()
    assert header[header.index("modes") + 1] == "contract"
    assert next(line for line in lines if line.startswith("zz-old")).split()[header.index("contract")] == "1.3"
    assert next(line for line in lines if line.startswith("zz-plain")).split()[header.index("contract")] == "-"
    note = next(line for line in lines if line.startswith("zz-old:"))
    assert "written for contract 1.3;" in note and "not used for it (1.4: streams(); 1.5: model_files)" in note
    assert "foot_timing_bias_s" not in note  # 1.3 has it
    assert not any(line.startswith("zz-plain:") for line in lines)  # no version declared: features used if there
    by_name = {b["name"]: b for b in json.loads(listing.output)["backends"]}
    assert by_name["zz-old"]["contract_version"] == "1.3" and by_name["zz-plain"]["contract_version"] is None


def test_the_shipped_backends_declare_the_contract_this_kinemotion_implements() -> None:
    """The bundled plugins set the example the guide asks of every plugin: before, they declared none, so
    `kinemotion backends` showed them as held to contract 1.0 while they use 1.3's and 1.4's features."""
    from kinemotion.pose.registry import default_registry
    from kinemotion.pose.rules import CONTRACT_VERSION

    shipped = [
        i for i in default_registry().infos() if i.distribution in {"kinemotion-mediapipe", "kinemotion-rtmpose"}
    ]
    assert {i.name for i in shipped} >= {"mediapipe", "rtmpose-cpu", "rtmpose-openvino", "rtmpose-cuda"}
    assert {i.name: getattr(i.plugin, "contract_version", None) for i in shipped} == {
        i.name: CONTRACT_VERSION for i in shipped
    }
