"""Backend selection: auto priority, fall-through, env override, errors."""

from __future__ import annotations

import logging

import pytest

from kinemotion import (
    BackendError,
    BackendUnavailableError,
    PoseTrackerFactory,
    UnknownBackendError,
    UnsupportedModeError,
    create_tracker,
)
from kinemotion.pose.registry import BackendRegistry
from tests.core.fakes import FakePlugin, FakeTracker


def _reg(*plugins: FakePlugin) -> BackendRegistry:
    reg = BackendRegistry(group="kinemotion.tests.none")  # no entry points: only these
    for p in plugins:
        reg.register(p)
    return reg


def test_auto_picks_highest_priority_available() -> None:
    low, high = FakePlugin("low", priority=10), FakePlugin("high", priority=90)
    tracker, name = PoseTrackerFactory.create_with_name("auto", registry=_reg(low, high))
    assert name == "high"
    assert isinstance(tracker, FakeTracker)
    assert tracker.backend == "high"


def test_auto_falls_through_and_logs_each_skip(caplog: pytest.LogCaptureFixture) -> None:
    reg = _reg(
        FakePlugin("gpu", priority=400, available=False, reason="no CUDA device"),
        FakePlugin("broken", priority=300, create_error=RuntimeError("weights corrupt")),
        FakePlugin("probe-bomb", priority=250, probe_error=OSError("driver exploded")),
        FakePlugin("noble", priority=200, modes=("balanced",)),
        FakePlugin("cpu", priority=100),
    )
    with caplog.at_level(logging.INFO, logger="kinemotion"):
        tracker = PoseTrackerFactory.create("auto", registry=reg)
    assert isinstance(tracker, FakeTracker)
    assert tracker.backend == "cpu"
    log = caplog.text
    assert "no CUDA device" in log
    assert "weights corrupt" in log
    assert "driver exploded" in log
    assert "does not offer mode 'lightweight'" in log


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
    assert PoseTrackerFactory.create_with_name(registry=reg)[1] == "low"


def test_explicit_argument_beats_env(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _reg(FakePlugin("high", priority=90), FakePlugin("low", priority=10))
    monkeypatch.setenv("POSE_TRACKER_BACKEND", "low")
    assert PoseTrackerFactory.create_with_name("high", registry=reg)[1] == "high"
    assert PoseTrackerFactory.create_with_name("auto", registry=reg)[1] == "high"


def test_names_are_normalised() -> None:
    reg = _reg(FakePlugin("rtm-like"))
    assert PoseTrackerFactory.create_with_name(" RTM_Like ", registry=reg)[1] == "rtm-like"


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
    assert reg.get("other").created == []  # type: ignore[attr-defined]


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
    assert PoseTrackerFactory.create_with_name(registry=reg)[1] == "low"
    with pytest.raises(BackendUnavailableError, match="KINEMOTION_DISABLED_BACKENDS"):
        create_tracker("high", registry=reg)
