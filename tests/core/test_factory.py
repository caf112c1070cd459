"""Backend selection: auto priority, fall-through, env override, errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kinemotion import (
    BackendError,
    BackendUnavailableError,
    UnknownBackendError,
    UnsupportedModeError,
    create_tracker,
)
from kinemotion.pose import explain_auto, select_backend
from kinemotion.pose.registry import BackendInfo, BackendRegistry
from tests.core.fakes import FakePlugin, FakeTracker


def _reg(*plugins: FakePlugin) -> BackendRegistry:
    reg = BackendRegistry(group="kinemotion.tests.none")  # no entry points: only these
    for p in plugins:
        reg.register(p)
    return reg


def test_auto_picks_highest_priority_available() -> None:
    low, high = FakePlugin("low", priority=10), FakePlugin("high", priority=90)
    selection = select_backend("auto", registry=_reg(low, high))
    tracker = selection.tracker
    assert selection.info.name == "high" and selection.info.priority == 90
    assert selection.skipped == ()
    assert isinstance(tracker, FakeTracker)
    assert tracker.backend == "high"


def test_auto_falls_through_and_logs_each_skip(caplog: pytest.LogCaptureFixture) -> None:
    reg = _reg(
        FakePlugin("gpu", priority=400, available=False, reason="no CUDA device"),
        FakePlugin("broken", priority=300, create_error=RuntimeError("weights corrupt")),
        FakePlugin("probe-bomb", priority=250, probe_error=OSError("driver exploded")),
        FakePlugin("noble", priority=200, modes=("lightweight",)),
        FakePlugin("cpu", priority=100),
    )
    with caplog.at_level(logging.INFO, logger="kinemotion"):
        selection = select_backend("auto", "balanced", registry=reg)
    assert isinstance(selection.tracker, FakeTracker)
    assert selection.tracker.backend == "cpu" and selection.info.name == "cpu"
    assert selection.skipped == (
        ("gpu", "no CUDA device"),
        ("broken", "create() failed: RuntimeError: weights corrupt"),
        ("probe-bomb", "probe() raised OSError: driver exploded [contract rule plugin.probe, since 1.0]"),
        ("noble", "does not offer mode 'balanced'"),
    )
    log = caplog.text
    assert "no CUDA device" in log
    assert "weights corrupt" in log
    assert "driver exploded" in log
    assert "does not offer mode 'balanced'" in log
    # explain_auto reads the same order from the probes alone: it cannot know that create() will fail
    choice = explain_auto("balanced", registry=reg)
    assert choice.winner is not None and choice.winner.name == "broken"
    assert choice.skipped == (("gpu", "no CUDA device"),)


def test_auto_with_nothing_usable_lists_every_reason() -> None:
    reg = _reg(
        FakePlugin("a", available=False, reason="missing A"),
        FakePlugin("b", create_error=RuntimeError("B broke")),
    )
    with pytest.raises(BackendUnavailableError) as info:
        create_tracker(registry=reg)
    assert "a: missing A" in str(info.value)
    assert "b: create() failed" in str(info.value)
    assert "B broke" in str(info.value)


def test_env_override_used_when_no_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _reg(FakePlugin("high", priority=90), FakePlugin("low", priority=10))
    monkeypatch.setenv("POSE_TRACKER_BACKEND", "low")
    assert select_backend(registry=reg).info.name == "low"


def test_explicit_argument_beats_env(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _reg(FakePlugin("high", priority=90), FakePlugin("low", priority=10))
    monkeypatch.setenv("POSE_TRACKER_BACKEND", "low")
    assert select_backend("high", registry=reg).info.name == "high"
    assert select_backend("auto", registry=reg).info.name == "high"


def test_names_are_normalised() -> None:
    reg = _reg(FakePlugin("rtm-like"))
    assert select_backend(" RTM_Like ", registry=reg).info.name == "rtm-like"


def test_unknown_name_lists_known_backends() -> None:
    reg = _reg(FakePlugin("alpha"), FakePlugin("beta"))
    with pytest.raises(UnknownBackendError) as info:
        create_tracker("gamma", registry=reg)
    msg = str(info.value)
    assert "'gamma'" in msg
    assert "alpha, beta" in msg
    assert "rtmpose-cpu" in msg


def test_unknown_env_name_is_an_error_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSE_TRACKER_BACKEND", "nope")
    with pytest.raises(UnknownBackendError):
        create_tracker(registry=_reg(FakePlugin("alpha")))


def test_named_unavailable_backend_says_reason_and_pip_command() -> None:
    reg = _reg(FakePlugin("rtmpose-cuda", available=False, reason="CUDAExecutionProvider fell back to CPU"))
    with pytest.raises(BackendUnavailableError) as info:
        create_tracker("rtmpose-cuda", registry=reg)
    msg = str(info.value)
    assert "CUDAExecutionProvider fell back to CPU" in msg
    assert 'pip install "kinemotion[rtmpose-cuda]"' in msg


def test_named_known_but_not_installed_backend_gives_pip_command() -> None:
    with pytest.raises(BackendUnavailableError) as info:
        create_tracker("mediapipe", registry=_reg())
    assert 'pip install "kinemotion[mediapipe]"' in str(info.value)


def test_named_backend_never_substituted() -> None:
    reg = _reg(FakePlugin("wanted", available=False, reason="nope"), FakePlugin("other"))
    with pytest.raises(BackendUnavailableError):
        create_tracker("wanted", registry=reg)
    assert reg.info("other").plugin.created == []  # type: ignore[union-attr]


def test_named_backend_unsupported_mode() -> None:
    with pytest.raises(UnsupportedModeError, match="offers: lightweight"):
        create_tracker("x", mode="performance", registry=_reg(FakePlugin("x", modes=("lightweight",))))


def test_named_backend_create_failure_is_wrapped_with_backend_name() -> None:
    reg = _reg(FakePlugin("x", create_error=RuntimeError("kaboom")))
    with pytest.raises(BackendError, match=r"'x' failed to create.*kaboom"):
        create_tracker("x", registry=reg)


def test_options_reach_the_backend() -> None:
    plugin = FakePlugin("x")
    tracker = create_tracker("x", mode="balanced", registry=_reg(plugin), threshold=0.7)
    assert isinstance(tracker, FakeTracker)
    assert (tracker.mode, tracker.options) == ("balanced", {"threshold": 0.7})


def test_disabled_backend_is_skipped_by_auto_and_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _reg(FakePlugin("high", priority=90), FakePlugin("low", priority=10))
    monkeypatch.setenv("KINEMOTION_DISABLED_BACKENDS", "high")
    assert select_backend(registry=reg).info.name == "low"
    with pytest.raises(BackendUnavailableError, match="KINEMOTION_DISABLED_BACKENDS"):
        create_tracker("high", registry=reg)


@pytest.mark.parametrize("listed", [" High-Speed ", "HIGH_SPEED", "low, high_speed ,", ",,  High-speed\t"])
def test_disabled_backend_names_are_read_like_backend_names(monkeypatch: pytest.MonkeyPatch, listed: str) -> None:
    """Case, spaces around an entry, ``_`` for ``-`` and empty entries: as ``-b`` reads a name."""
    reg = _reg(FakePlugin("high-speed", priority=90), FakePlugin("low", priority=10), FakePlugin("lowest", priority=5))
    monkeypatch.setenv("KINEMOTION_DISABLED_BACKENDS", listed)
    info = {i.name: i for i in reg.infos()}
    assert info["high-speed"].disabled and not info["high-speed"].available
    assert info["high-speed"].reason == "disabled by KINEMOTION_DISABLED_BACKENDS"
    assert info["low"].disabled == ("low" in listed) and not info["lowest"].disabled
    assert select_backend(registry=reg).info.name == ("lowest" if "low" in listed else "low")
    with pytest.raises(BackendUnavailableError, match="KINEMOTION_DISABLED_BACKENDS"):
        create_tracker("High_Speed", registry=reg)


def test_one_selection_probes_each_backend_once_and_create_uses_the_probed_plugin() -> None:
    plugins = [
        FakePlugin("first", priority=30, available=False, reason="not here"),
        FakePlugin("second", priority=20),
        FakePlugin("third", priority=10),
    ]
    reg = _reg(*plugins)
    selection = select_backend("auto", registry=reg)
    assert [p.probes for p in plugins] == [1, 1, 1]
    assert selection.info.plugin is plugins[1] and plugins[1].created == [selection.tracker]
    assert selection.skipped == (("first", "not here"),)
    named = select_backend("third", registry=reg)
    assert [p.probes for p in plugins] == [1, 1, 2]  # a named backend: only it is probed
    assert named.skipped == () and named.info.name == "third" and named.info.distribution == "<in-process>"


def _broken_acme() -> BackendInfo:
    """An installed backend whose plugin failed to load: its modes are not known."""
    return BackendInfo(
        name="acme",
        distribution="acme-pose",
        version="1.0",
        priority=None,
        modes=(),
        available=False,
        reason="plugin failed to load (ImportError: no module named acme_native)",
        source="entry point acme = acme_pose:Plugin",
    )


def test_a_named_backend_that_fails_to_load_says_which_distribution_to_repair() -> None:
    broken = _broken_acme()
    assert broken.refusal() == (
        "Backend 'acme' from acme-pose is unavailable: plugin failed to load (ImportError: no module named "
        "acme_native). Reinstall or upgrade acme-pose."
    )
    assert "plugin" not in broken.as_dict() and broken.as_dict()["distribution"] == "acme-pose"


def test_auto_in_a_mode_no_installed_backend_has_names_the_modes_there_are() -> None:
    """``create_tracker(mode="fast")`` (``-m fast``): auto listed every backend "does not offer mode 'fast'" and
    ended "install another backend, e.g. pip install "kinemotion[mediapipe]"", of an installed MediaPipe."""
    reg = _reg(FakePlugin("a", modes=("lightweight", "balanced")), FakePlugin("b", modes=("lightweight", "heavy")))
    with pytest.raises(UnsupportedModeError) as info:
        create_tracker(mode="fast", registry=reg)
    assert str(info.value) == "No installed pose backend has a mode 'fast'; their modes: lightweight, balanced, heavy."
    with pytest.raises(BackendUnavailableError, match="does not offer mode 'heavy'") as unavailable:
        create_tracker(mode="heavy", registry=_reg(FakePlugin("a"), FakePlugin("b", modes=("heavy",), available=False)))
    assert not isinstance(unavailable.value, UnsupportedModeError)  # one has it, but cannot run: the listing


def test_the_command_line_refuses_a_mode_no_backend_has_once_before_any_video(tmp_path: Path) -> None:
    """``kinemotion cmj a.mp4 b.mp4 -m fast`` (auto): one error per video, each ending "install another backend,
    e.g. pip install "kinemotion[mediapipe]"", exit 1. Now a usage error on --mode naming the modes, exit 2."""
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    videos = [str(tmp_path / "a.mp4"), str(tmp_path / "b.mp4")]
    for video in videos:
        Path(video).write_bytes(b"not looked at")
    result = CliRunner().invoke(cli, ["cmj", *videos, "-m", "fast", "-b", "auto", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "Invalid value for --mode: no installed pose backend has a mode 'fast'; their modes: " in result.output
    assert "install another backend" not in result.output and not (tmp_path / "out").exists()


def test_a_mode_no_loaded_backend_has_names_a_backend_that_failed_to_load() -> None:
    """``-m fast`` where the one plugin that offers ``fast`` fails to import (a missing native library): the
    refusal said only "no installed pose backend has a mode 'fast'" and named the others' modes, hiding the
    broken plugin and its repair (auto's listing, which it replaced, named it)."""
    from kinemotion.pose.selection import mode_problem

    loaded = next(iter(_reg(FakePlugin("a", modes=("lightweight", "balanced"))).infos()))
    broken = _broken_acme()
    problem = mode_problem([loaded, broken], "fast")
    assert problem == (
        "no installed pose backend has a mode 'fast'; their modes: lightweight, balanced; the modes of one that "
        "failed to load are not known: Backend 'acme' from acme-pose is unavailable: plugin failed to load "
        "(ImportError: no module named acme_native). Reinstall or upgrade acme-pose"
    )
    assert (
        mode_problem([loaded], "fast")
        == "no installed pose backend has a mode 'fast'; their modes: lightweight, balanced"
    )


def test_auto_with_mediapipe_installed_but_failing_does_not_say_to_install_it() -> None:
    """``kinemotion track clip.mp4 -m performance`` offline: MediaPipe, the one backend with that mode, could not
    fetch its heavy model, and the error, after listing that reason, ended "or install another backend, e.g. pip
    install "kinemotion[mediapipe]"": the backend that had just failed, installed. Now it names the backends that
    are installed and what is missing; without MediaPipe installed the pip command stays."""
    download = RuntimeError("Could not download pose_landmarker_heavy.task")
    reg = _reg(
        FakePlugin("rtmpose-cpu", priority=200, modes=("lightweight", "balanced")),
        FakePlugin("mediapipe", priority=100, modes=("lightweight", "balanced", "performance"), create_error=download),
    )
    with pytest.raises(BackendUnavailableError) as info:
        create_tracker(mode="performance", registry=reg)
    message = str(info.value)
    assert "mediapipe: create() failed" in message and "pip install" not in message, message
    assert "`kinemotion backends`" in message, message
    with pytest.raises(BackendUnavailableError, match=r"pip install .kinemotion\[mediapipe\]."):
        create_tracker(mode="performance", registry=_reg(FakePlugin("acme", modes=("performance",), available=False)))


def test_an_option_a_named_backend_does_not_take_does_not_send_the_user_to_a_listing_that_lacks_it() -> None:
    """``kinemotion track clip.mp4 -b oldmp --person center`` with a plugin written before ``person``: the error
    said "choose a backend that takes it (`kinemotion backends` lists them)", but that table says nothing of
    options; the shipped backends are the ones known to take ``--person``."""
    from kinemotion import UnsupportedOptionError

    reg = _reg(FakePlugin("oldmp", options=frozenset()), FakePlugin("mediapipe"))
    with pytest.raises(UnsupportedOptionError) as info:
        select_backend("oldmp", person="center", registry=reg)
    message = str(info.value)
    assert "lists them" not in message, message
    assert "the shipped backends all do" in message and "-b mediapipe" in message, message
