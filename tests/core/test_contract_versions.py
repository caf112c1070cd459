"""The versioned contract: a plugin says which contract it targets; a newer major is refused with the fix."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from kinemotion.pose.contract import CONTRACT_VERSION, ClosingTracker, model_time_of, stage_times_of
from kinemotion.pose.registry import BackendRegistry
from kinemotion.pose.rules import RULES, parse_version, rule_for_exception
from kinemotion.testing import check_plugin
from tests.cli import run_kinemotion
from tests.core.distributions import plugin_module, write_distribution
from tests.core.fakes import FakePlugin, FakeTracker
from tests.docs import snippet

ROOT = Path(__file__).resolve().parents[2]


def _frame() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)


def _declaring(version: object) -> FakePlugin:
    plugin = FakePlugin(f"v{str(version).replace('.', '-')}")
    plugin.contract_version = version  # type: ignore[attr-defined]
    return plugin


def test_the_core_states_its_version_and_the_changelog_records_it() -> None:
    major, minor = parse_version(CONTRACT_VERSION)
    assert (major, minor) >= (1, 1)
    assert f"plugin\ncontract **{CONTRACT_VERSION}**" in (ROOT / "README.md").read_text()
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## Plugin contract {CONTRACT_VERSION}" in changelog
    for version in {rule.since for rule in RULES.values()}:
        assert f"## Plugin contract {version}" in changelog, f"rules since {version} not in the CHANGELOG"


def test_the_plugin_guide_says_this_contract_version_as_a_reader_of_its_source_sees_it() -> None:
    """The version a plugin author copies from the guide is this contract's, in the page's own text.

    Before: the guide wrote ``contract_version = "<!-- contract-version -->"``, a placeholder only the
    documentation site filled in: read where the README links it (the ``.md`` file), the snippet declared a
    version the registry refuses ("a contract version is 'MAJOR.MINOR'") and the prose said "implements
    plugin contract" with no number.
    """
    for name in ("index.md", "versions.md"):
        text = (ROOT / "docs" / "plugins" / name).read_text(encoding="utf-8")
        assert "<!--" not in text.split("<!-- contract-rules -->")[0], f"docs/plugins/{name}: a placeholder"
        declared = re.findall(r'contract_version = "([^"]*)"', text)
        assert declared and set(declared) == {CONTRACT_VERSION}, (name, declared)
    # the example the guide shows inline: a new author's template (it declared "1.3" beside the prose's "1.4", so a
    # streams() added from the guide to a copy of it was never called)
    example = ROOT / "examples" / "kinemotion-example-hog" / "src" / "kinemotion_example_hog" / "__init__.py"
    assert re.findall(r'contract_version = "([^"]*)"', example.read_text(encoding="utf-8")) == [CONTRACT_VERSION]
    versions = (ROOT / "docs" / "plugins" / "versions.md").read_text(encoding="utf-8")
    assert f"plugin contract\n{CONTRACT_VERSION}**" in versions
    namespace: dict[str, object] = {}
    exec(snippet("plugins/versions.md", "## Declaring the version you target"), namespace)  # the class as shown
    shown = namespace["MyPlugin"]

    class Complete(shown):  # type: ignore[misc, valid-type]
        def probe(self) -> kinemotion.Availability:
            return kinemotion.Availability.yes("as shown")

        def create(self, mode: str = "lightweight", **options: object) -> ClosingTracker:
            raise NotImplementedError

    assert BackendRegistry().register(Complete()) == "my-backend"  # loads, as this contract's own
    assert f"implements contract {CONTRACT_VERSION}: upgrade kinemotion" in versions


@pytest.mark.parametrize("version", [None, "1.0", CONTRACT_VERSION])
def test_a_plugin_for_this_or_an_older_minor_loads_and_conforms(version: str | None) -> None:
    plugin = FakePlugin("older") if version is None else _declaring(version)
    assert BackendRegistry().register(plugin)
    assert check_plugin(plugin, person_frame=_frame()).ok


def test_a_plugin_for_a_newer_major_is_refused_naming_both_versions_and_the_fix() -> None:
    with pytest.raises(TypeError) as refused:
        BackendRegistry().register(_declaring("2.0"))
    message = str(refused.value)
    assert "written for plugin contract 2.0" in message
    assert f"this kinemotion implements contract {CONTRACT_VERSION}" in message
    assert "upgrade kinemotion (pip install --upgrade kinemotion)" in message
    assert "[contract rule plugin.contract_version, since 1.1]" in message
    failures = check_plugin(_declaring("2.0"), person_frame=_frame()).failures
    assert len(failures) == 1 and "written for plugin contract 2.0" in failures[0]


def test_a_plugin_for_an_older_major_or_a_malformed_version_is_refused() -> None:
    with pytest.raises(TypeError, match=r"contract 0\.9, which this kinemotion .* no longer supports"):
        BackendRegistry().register(_declaring("0.9"))
    with pytest.raises(TypeError, match=r"'MAJOR\.MINOR'.* got 'one'"):
        BackendRegistry().register(_declaring("one"))


def test_a_plugin_for_a_newer_minor_loads_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    major, minor = parse_version(CONTRACT_VERSION)
    newer = f"{major}.{minor + 1}"
    with caplog.at_level(logging.WARNING, logger="kinemotion.pose.discovery"):
        assert BackendRegistry().register(_declaring(newer))
    assert f"written for plugin contract {newer}; this kinemotion implements {CONTRACT_VERSION}" in caplog.text


def test_an_installed_plugin_for_a_newer_major_is_listed_as_refused_and_track_says_why(tmp_path: Path) -> None:
    """A real installed distribution: `kinemotion backends` and `kinemotion track` both give the fix."""
    import os

    source = plugin_module("future-plugin").replace(
        'name = "future-plugin"', 'name = "future-plugin"\n    contract_version = "2.0"'
    )
    entry = {"future-plugin": "future_plugin:Plugin"}
    write_distribution(tmp_path, "kinemotion-future", "3.0.0", entry, {"future_plugin": source})
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    listing = run_kinemotion("backends", "--json", env=env)
    assert listing.returncode == 0, listing.stderr
    data = json.loads(listing.stdout)
    assert data["contract_version"] == CONTRACT_VERSION
    (future,) = [b for b in data["backends"] if b["name"] == "future-plugin"]
    assert not future["available"]
    assert "written for plugin contract 2.0" in future["reason"] and "upgrade kinemotion" in future["reason"]
    import cv2

    video = tmp_path / "v.mp4"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"mp4v"), 30, (64, 48))
    for _ in range(3):
        writer.write(np.full((48, 64, 3), 114, np.uint8))
    writer.release()
    done = run_kinemotion("track", str(video), "-b", "future-plugin", "-o", str(tmp_path / "o.json"), env=env)
    assert done.returncode == 1
    assert "written for plugin contract 2.0" in done.stderr and "upgrade kinemotion" in done.stderr
    assert "Reinstall" not in done.stderr  # reinstalling the plugin would not help
    assert not (tmp_path / "o.json").exists()


def test_closing_tracker_takes_every_form_of_the_optional_attributes() -> None:
    """Contract 1.0 let a tracker assign them in __init__; later READMEs showed class attributes and properties."""

    class Assigned(ClosingTracker):
        def __init__(self) -> None:
            self.provider = "runtime"
            self.model_time_s = 0.0
            self.stage_times_s = {"model": 0.0}

        def process_frame(self, frame: object, timestamp_ms: int = 0) -> None:
            self.model_time_s += 0.25
            self.stage_times_s = {"model": self.model_time_s}

    class AsClassAttributes(ClosingTracker):
        provider = "runtime"
        model_time_s = 1.5
        stage_times_s = {"model": 1.5}  # noqa: RUF012 - the form under test

    class AsProperties(ClosingTracker):
        @property
        def model_time_s(self) -> float:
            return 2.0

        @property
        def stage_times_s(self) -> dict[str, float]:
            return {"model": 2.0}

    assigned = Assigned()
    assigned.process_frame(None)
    assigned.process_frame(None)
    assert (model_time_of(assigned), stage_times_of(assigned)) == (0.5, {"model": 0.5})
    assert (model_time_of(AsClassAttributes()), stage_times_of(AsClassAttributes())) == (1.5, {"model": 1.5})
    assert (model_time_of(AsProperties()), stage_times_of(AsProperties())) == (2.0, {"model": 2.0})
    plain = ClosingTracker()
    assert (plain.provider, model_time_of(plain), stage_times_of(plain)) == (None, None, None)


class _NoTimestamp(FakeTracker):
    def process_frame(self, frame):  # type: ignore[no-untyped-def, override]
        return super().process_frame(frame)


def test_the_kit_names_the_rule_and_its_version_for_a_signature_the_contract_does_not_allow() -> None:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            if mode not in self.modes:
                raise ValueError(mode)
            if options:
                raise TypeError(options)
            return _NoTimestamp(self.name, mode, options)

    failures = check_plugin(Plugin("no-ts"), person_frame=_frame()).failures
    assert len(failures) == 1, failures
    assert failures[0].startswith("process_frame(frame, timestamp_ms) signature: process_frame(frame)")
    assert failures[0].endswith("[contract rule tracker.process_frame, since 1.0]")


def test_a_probe_that_needs_an_argument_is_a_contract_failure() -> None:
    class Plugin(FakePlugin):
        def probe(self, device: str) -> kinemotion.Availability:  # type: ignore[override]
            return kinemotion.Availability.yes(device)

    (failure,) = check_plugin(Plugin("probe-arg"), person_frame=_frame()).failures
    assert "probe(device:" in failure and "[contract rule plugin.probe, since 1.0]" in failure


def test_what_is_and_is_not_a_contract_failure() -> None:
    setter = AttributeError("property 'model_time_s' of 'T' object has no setter")
    assert rule_for_exception(setter) is RULES["tracker.model_time_s"]
    positional = TypeError("Tracker.process_frame() takes 2 positional arguments but 3 were given")
    assert rule_for_exception(positional) is RULES["tracker.process_frame"]
    assert rule_for_exception(TypeError("create() got an unexpected keyword argument 'threads'")) is None
    assert rule_for_exception(ValueError("model_time_s")) is None


def test_an_installed_plugin_breaking_a_rule_is_listed_with_the_rule_and_its_version(tmp_path: Path) -> None:
    """The registry's reason for a plugin it cannot load names the rule and since which contract version."""
    from tests.core.distributions import on_sys_path

    source = plugin_module("one-mode").replace('modes = ("lightweight",)', 'modes = "lightweight"')
    write_distribution(tmp_path, "kinemotion-one-mode", "0.1", {"one-mode": "one_mode:Plugin"}, {"one_mode": source})
    with on_sys_path(tmp_path):
        (info,) = [i for i in BackendRegistry().infos() if i.name == "one-mode"]
    assert not info.available
    assert f"does not meet kinemotion's plugin contract {CONTRACT_VERSION}" in info.reason
    assert "`modes` must be a non-empty tuple" in info.reason
    assert "[contract rule plugin.modes, since 1.0]" in info.reason


def test_a_deprecated_name_warns_with_its_versions_and_replacement(monkeypatch: pytest.MonkeyPatch) -> None:
    from kinemotion import deprecation

    record = deprecation.Deprecation("kinemotion.pose.contract.old_helper", "1.1.0", "1.3.0", "use new_helper")
    monkeypatch.setattr(deprecation, "DEPRECATIONS", (record,))
    with pytest.warns(DeprecationWarning, match="old_helper is deprecated") as caught:
        deprecation.warn_deprecated("kinemotion.pose.contract.old_helper")
    assert str(caught[0].message) == (
        "kinemotion.pose.contract.old_helper is deprecated since kinemotion 1.1.0 and goes in 1.3.0: use new_helper"
    )
    assert deprecation.deprecation_of("kinemotion.pose.contract.old_helper.attr") is record
    with pytest.raises(KeyError, match="record it there first"):
        deprecation.warn_deprecated("kinemotion.pose.contract.never_recorded")
