"""Discovery through real installed distributions: third-party, broken, duplicates."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion import BackendUnavailableError, UnknownBackendError
from kinemotion.cli.main import cli
from kinemotion.pose import select_backend
from kinemotion.pose.registry import BackendRegistry
from tests.core.distributions import on_sys_path, plugin_module, write_distribution
from tests.core.fakes import FakePlugin


def _info(reg: BackendRegistry, name: str):  # type: ignore[no-untyped-def]
    return next(i for i in reg.infos() if i.name == name)


def test_third_party_distribution_is_discovered_and_wins_auto(tmp_path: Path) -> None:
    write_distribution(
        tmp_path,
        "acme-pose",
        "2.3.4",
        {"acme": "acme_pose:Plugin"},
        {"acme_pose": plugin_module("acme", priority=10_000)},
    )
    with on_sys_path(tmp_path):
        reg = BackendRegistry()
        info = _info(reg, "acme")
        assert (info.distribution, info.version, info.priority) == ("acme-pose", "2.3.4", 10_000)
        assert info.available
        assert info.reason == "third-party ready"
        assert select_backend(registry=reg).info.name == "acme"
    reg = BackendRegistry()  # "uninstalled": the folder is gone from sys.path
    assert "acme" not in reg.names()


def test_priorities_order_auto_and_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_distribution(
        tmp_path,
        "acme-pose",
        "1.0",
        {"acme-top": "acme_top:Plugin", "acme-next": "acme_next:Plugin"},
        {
            "acme_top": plugin_module("acme-top", priority=20_000),
            "acme_next": plugin_module("acme-next", priority=10_000),
        },
    )
    with on_sys_path(tmp_path):
        reg = BackendRegistry()
        names = [i.name for i in reg.infos()]
        assert names[:2] == ["acme-top", "acme-next"]  # highest priority first
        assert select_backend(registry=reg).info.name == "acme-top"
        monkeypatch.setenv("KINEMOTION_DISABLED_BACKENDS", "acme-top")
        assert select_backend(registry=reg).info.name == "acme-next"


BROKEN = {
    "imp-error": ("broken_import", "import no_such_module_xyz\n", "import failed", "ModuleNotFoundError"),
    "wrong-type": ("wrong_type", "Plugin = 42\n", "not a kinemotion BackendPlugin", "TypeError"),
    "ctor-error": (
        "ctor_error",
        "class Plugin:\n    def __init__(self):\n        raise RuntimeError('ctor boom')\n",
        "ctor boom",
        "RuntimeError",
    ),
}


def test_broken_plugins_are_isolated_and_auto_falls_through(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for name, (module, source, _, _) in BROKEN.items():
        write_distribution(tmp_path, f"dist-{name}", "0.1", {name: f"{module}:Plugin"}, {module: source})
    write_distribution(
        tmp_path,
        "dist-probe-raises",
        "0.1",
        {"probe-raises": "probe_raises:Plugin"},
        {"probe_raises": plugin_module("probe-raises", 9000, probe="raise OSError('probe boom')")},
    )
    write_distribution(
        tmp_path,
        "dist-create-raises",
        "0.1",
        {"create-raises": "create_raises:Plugin"},
        {"create_raises": plugin_module("create-raises", 8000, create="raise RuntimeError('create boom')")},
    )
    write_distribution(
        tmp_path,
        "dist-good",
        "0.1",
        {"good": "good_plugin:Plugin"},
        {"good_plugin": plugin_module("good", 7000)},
    )
    with on_sys_path(tmp_path), caplog.at_level(logging.INFO, logger="kinemotion"):
        reg = BackendRegistry()
        for name, (_, _, _, exc_type) in BROKEN.items():
            info = _info(reg, name)
            assert not info.available
            assert exc_type in info.reason
            assert info.distribution == f"dist-{name}"
            with pytest.raises(BackendUnavailableError, match=f"from dist-{name} is unavailable.*Reinstall"):
                select_backend(name, registry=reg)
        assert "ctor boom" in _info(reg, "ctor-error").reason
        probe_info = _info(reg, "probe-raises")
        assert not probe_info.available
        assert "OSError: probe boom" in probe_info.reason
        assert _info(reg, "create-raises").available  # probe fine; create fails later
        assert select_backend(registry=reg).info.name == "good"
        assert "create boom" in caplog.text


def test_duplicate_names_pick_deterministically_and_warn(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_distribution(tmp_path, "zeta-pose", "1.0", {"dup": "zeta_mod:Plugin"}, {"zeta_mod": plugin_module("dup", 10)})
    write_distribution(
        tmp_path, "alpha-pose", "1.0", {"dup": "alpha_mod:Plugin"}, {"alpha_mod": plugin_module("dup", 20)}
    )
    with on_sys_path(tmp_path), caplog.at_level(logging.WARNING, logger="kinemotion"):
        info = _info(BackendRegistry(), "dup")
    assert info.distribution == "alpha-pose"
    assert "alpha-pose" in caplog.text
    assert "zeta-pose" in caplog.text


def test_in_process_registration_needs_no_entry_point() -> None:
    reg = BackendRegistry(group="kinemotion.tests.none")
    assert reg.register(FakePlugin("Note_Book")) == "note-book"
    info = _info(reg, "note-book")
    assert info.distribution == "<in-process>"
    assert info.available
    with pytest.raises(ValueError, match="already registered"):
        reg.register(FakePlugin("note-book"))
    reg.unregister("note-book")
    assert reg.names() == []


def test_register_rejects_a_wrong_type() -> None:
    with pytest.raises(TypeError, match="priority"):
        BackendRegistry().register(FakePlugin("x", priority="high"))  # type: ignore[arg-type]


def test_cli_lists_a_third_party_plugin_from_its_dist_info(tmp_path: Path) -> None:
    write_distribution(
        tmp_path,
        "acme-pose",
        "2.3.4",
        {"acme": "acme_pose:Plugin"},
        {"acme_pose": plugin_module("acme", priority=10_000)},
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "kinemotion", "backends", "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out)
    acme = next(b for b in data["backends"] if b["name"] == "acme")
    assert acme["distribution"] == "acme-pose"
    assert data["auto"] == "acme"
    env.pop("PYTHONPATH")
    out = subprocess.run(
        [sys.executable, "-m", "kinemotion", "backends", "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "acme" not in [b["name"] for b in json.loads(out)["backends"]]


def test_a_plugin_with_a_misspelled_entry_point_group_is_named(tmp_path: Path) -> None:
    """An author's typo in the group installs fine and is never found: the error says where to look."""
    write_distribution(
        tmp_path,
        "kinemotion-typo",
        "0.1",
        {"typo-backend": "kt_plugin:Plugin"},
        {"kt_plugin": plugin_module("typo-backend")},
        group="kinemotion.backend",
    )
    with on_sys_path(tmp_path), pytest.raises(UnknownBackendError) as info:
        kinemotion.create_tracker("typo-backend")
    message = str(info.value)
    assert "kinemotion-typo 0.1" in message and '[project.entry-points."kinemotion.backends"]' in message
    with on_sys_path(tmp_path):
        listing = CliRunner().invoke(cli, ["backends"]).output
    assert "Installed but registering no backend: kinemotion-typo 0.1" in listing


def test_a_plugin_of_any_name_with_a_misspelled_group_is_named_with_the_group_it_used(tmp_path: Path) -> None:
    """Before: only distributions named ``kinemotion-*`` were named, so a plugin author's ``acme-rtm`` with
    ``[project.entry-points."kinemotion.backend"]`` got a bare "Unknown backend 'acme-rtm'" and an empty hint."""
    write_distribution(
        tmp_path,
        "acme-rtm",
        "0.1",
        {"acme-rtm": "acme_rtm_typo:Plugin"},
        {"acme_rtm_typo": plugin_module("acme-rtm")},
        group="kinemotion.backend",
    )
    with on_sys_path(tmp_path), pytest.raises(UnknownBackendError) as info:
        kinemotion.create_tracker("acme-rtm")
    message = str(info.value)
    assert "acme-rtm 0.1 (its group: kinemotion.backend)" in message, message
    assert '[project.entry-points."kinemotion.backends"]' in message
    with on_sys_path(tmp_path):
        listing = CliRunner().invoke(cli, ["backends"]).output
    assert "Installed but registering no backend: acme-rtm 0.1 (its group: kinemotion.backend)" in listing, listing


def test_equal_priorities_go_by_name_and_names_by_one_spelling_as_the_plugin_guide_says() -> None:
    """A plugin author giving their backend MediaPipe's priority (100) found `auto` choosing theirs, and a name
    written `Acme_Pose` listed as `acme-pose`; the plugin guide said neither. Both are the registry's rules."""
    from kinemotion.pose.selection import explain_auto

    registry = BackendRegistry()
    top = 1_000_000  # the highest priority allowed: above every installed backend
    for plugin in (FakePlugin("zz-tied", priority=top), FakePlugin("aa-tied", priority=top)):
        registry.register(plugin)
    registry.register(FakePlugin("Acme_Pose", priority=-5))
    choice = explain_auto("lightweight", registry=registry).winner
    assert choice is not None and choice.name == "aa-tied"  # registered second, first by name
    assert "acme-pose" in registry.names()
    guide = " ".join((Path(__file__).parents[2] / "docs" / "plugins" / "index.md").read_text(encoding="utf-8").split())
    assert "between equal priorities the name first in alphabetical order wins" in guide
    assert "case-insensitive, with `_` read as `-`" in guide
