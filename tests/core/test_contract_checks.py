"""What the core checks for every backend, once (issue 24 items 5, 11, 12, 15, 16).

Wrong return types, non-finite timestamps, person points out of the frame and
unknown options are each one clear error naming what is wrong; a plugin is
imported only when it is needed.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from kinemotion import BackendError, create_tracker
from kinemotion.pose.contract import TrackerClock
from kinemotion.pose.person import PersonChoice, PersonPolicy
from kinemotion.pose.registry import BackendRegistry
from kinemotion.testing import check_plugin
from kinemotion.tracking import track_video
from tests.cli import run_kinemotion
from tests.core.distributions import env_with, plugin_module, write_distribution
from tests.core.fakes import FakePlugin, FakeTracker
from tests.jump.physics_backend import blank_video

# --- what process_frame returns -------------------------------------------------------------------


class _ReturnsSequence(FakeTracker):
    kind: type = list

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        found = super().process_frame(frame, timestamp_ms)
        return None if found is None else self.kind(found.items())


@pytest.fixture(params=[list, tuple])
def sequence_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            tracker = _ReturnsSequence(self.name, mode, options)
            tracker.kind = request.param
            return tracker

    kinemotion.register_backend(Plugin("zz-sequence", priority=-5))
    yield "zz-sequence"
    kinemotion.unregister_backend("zz-sequence")


def test_a_plugin_returning_a_list_or_tuple_is_an_error_naming_backend_and_frame(
    tmp_path: Path, sequence_backend: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 12, 30)  # frame 0 is uniform (nobody), frame 1 is not
    with pytest.raises(
        BackendError, match=r"backend 'zz-sequence' returned (list|tuple) from process_frame on frame 1"
    ):
        track_video(video, sequence_backend, progress=False)


def test_the_conformance_kit_reports_a_wrong_return_type_once(sequence_backend: str) -> None:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return _ReturnsSequence(self.name, mode, options)

    frame = np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    report = check_plugin(Plugin("zz-list"), person_frame=frame)
    assert not report.ok
    assert not [f for f in report.failures if "nobody found with two people" in f], report.failures
    assert len([f for f in report.failures if f.startswith("landmarks on person_frame")]) == 1


class _Exits(FakeTracker):
    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        if frame.std() > 0:
            raise SystemExit(3)  # a plugin that gives up by exiting
        return super().process_frame(frame, timestamp_ms)


def test_a_plugin_that_calls_sys_exit_is_an_error_naming_backend_and_frame_not_the_end_of_the_batch(
    tmp_path: Path,
) -> None:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return _Exits(self.name, mode, options)

    kinemotion.register_backend(Plugin("zz-exits", priority=-5))
    try:
        video = blank_video(tmp_path / "v.mp4", 12, 30)
        with pytest.raises(BackendError, match=r"backend 'zz-exits' called sys.exit\(3\) on frame 1 of "):
            track_video(video, "zz-exits", progress=False)
    finally:
        kinemotion.unregister_backend("zz-exits")


# --- timestamps -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, 1e300, -(2**60), 10**400, "12", None])
def test_the_clock_refuses_a_timestamp_that_is_not_a_finite_number(bad: object) -> None:
    for clock in (TrackerClock(), TrackerClock(strict=True)):
        clock.next(10)
        with pytest.raises(ValueError, match="timestamp_ms must be a"):
            clock.next(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timestamp_ms must be a"):
        PersonPolicy().pick([], bad)  # type: ignore[arg-type]


def test_the_clock_takes_numpy_numbers() -> None:
    clock = TrackerClock(strict=True)
    assert clock.next(np.float32(33.4)) == 33 and clock.next(np.int64(66)) == 66


@pytest.mark.models
@pytest.mark.parametrize("backend", ["mediapipe", "rtmpose-cpu"])
def test_shipped_backends_refuse_an_infinite_timestamp(
    backend: str, person_frame: np.ndarray, request: pytest.FixtureRequest
) -> None:
    if backend.startswith("rtmpose"):
        request.getfixturevalue("real_models")
    with create_tracker(backend) as tracker:
        for bad in (float("inf"), 1e300):
            with pytest.raises(ValueError, match="finite number of milliseconds"):
                tracker.process_frame(person_frame, bad)


# --- the person option ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ((5, 5), "fraction of the frame"),
        ((math.nan, 0.5), "fraction of the frame"),
        ((0.1, 0.2, 0.3), "a point 'x,y' / \\(x, y\\)"),
        ((0.5,), "a point 'x,y' / \\(x, y\\)"),
        ((True, 0.5), "a point 'x,y' / \\(x, y\\)"),
        ("nan,0.5", "fraction of the frame"),
    ],
)
def test_a_person_point_is_checked_in_every_form(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PersonChoice.parse(value)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        create_tracker("mediapipe", person=value)  # checked before the backend is created
    assert PersonChoice.parse((0.25, 0.5)) == PersonChoice.parse("0.25,0.5") == PersonChoice("point", (0.25, 0.5))


def test_a_person_point_is_checked_before_any_backend_is_created(registry: BackendRegistry) -> None:
    plugin = FakePlugin("zz-person")
    registry.register(plugin)
    with pytest.raises(ValueError, match="fraction of the frame"):
        create_tracker("auto", registry=registry, person=(5, 5))
    assert plugin.created == []


# --- unknown options under auto -------------------------------------------------------------------


def test_an_unknown_option_under_auto_is_the_callers_mistake_said_once(
    registry: BackendRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    first = FakePlugin("zz-first", priority=10_000)
    second = FakePlugin("zz-second", priority=9_999, options=frozenset({"persn"}))
    registry.register(first)
    registry.register(second)
    with caplog.at_level(logging.WARNING), pytest.raises(TypeError, match=r"'persn'.*auto' chose 'zz-first'"):
        create_tracker("auto", registry=registry, persn="center")
    assert second.created == []  # never moved on to a backend that happens to take it
    assert not [r for r in caplog.records if "could not start" in r.getMessage()]


def test_a_plugin_crash_without_options_still_moves_auto_on(
    registry: BackendRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    """...and says which backend runs instead (before: "could not start, trying the next one", then nothing:
    offline, `kinemotion track` printed two such warnings and never named the backend it tracked with)."""
    registry.register(FakePlugin("zz-broken", priority=10_000, create_error=TypeError("a bug in the plugin")))
    registry.register(FakePlugin("zz-fine", priority=9_999))
    with caplog.at_level(logging.WARNING, logger="kinemotion"):
        selection = kinemotion.select_backend("auto", registry=registry)
    assert selection.info.name == "zz-fine" and selection.skipped[0][0] == "zz-broken"
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert said[-1] == "Using pose backend 'zz-fine' ('zz-broken' could not start)."
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kinemotion"):
        registry.unregister("zz-broken")
        kinemotion.select_backend("auto", registry=registry)  # nothing failed: nothing to say
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and "Using" in r.getMessage()]


@pytest.mark.models
def test_a_mediapipe_option_does_not_silently_move_auto_to_mediapipe() -> None:
    auto = kinemotion.explain_auto("lightweight").winner
    assert auto is not None
    if auto.name == "mediapipe":
        pytest.skip("auto picks MediaPipe here: num_poses is its own option")
    with pytest.raises(TypeError, match=rf"auto' chose '{auto.name}'"):
        create_tracker("auto", num_poses=1)


# --- plugins imported only when needed ------------------------------------------------------------

SLOW_IMPORT = """
import os, time
open(os.environ["KINEMOTION_TEST_IMPORTED"], "w").close()
time.sleep(float(os.environ.get("KINEMOTION_TEST_IMPORT_S", "600")))
"""


def _with_site(site: Path) -> str:
    return os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)


def _slow_and_fast_plugins(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "site"
    write_distribution(site, "zz-slow", "1.0", {"zz-slow": "zz_slow:Plugin"}, {"zz_slow": SLOW_IMPORT})
    fast = plugin_module("zz-fast", priority=-10)
    write_distribution(site, "zz-fast", "1.0", {"zz-fast": "zz_fast:Plugin"}, {"zz_fast": fast})
    env = {**os.environ, "PYTHONPATH": _with_site(site), "KINEMOTION_TEST_IMPORTED": str(tmp_path / "imported")}
    env.pop("POSE_TRACKER_BACKEND", None)
    return env


def test_a_named_backend_imports_its_own_plugin_alone(tmp_path: Path) -> None:
    env = _slow_and_fast_plugins(tmp_path)
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    done = run_kinemotion("track", str(video), "-b", "zz-fast", "-q", "-o", str(tmp_path / "r.json"), env=env)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "imported").exists(), "the slow plugin was imported for a command that names another"


def test_listing_imports_every_plugin_within_the_deadline(tmp_path: Path) -> None:
    env = {**_slow_and_fast_plugins(tmp_path), "KINEMOTION_PROBE_TIMEOUT": "2"}
    started = time.monotonic()
    done = run_kinemotion("backends", env=env)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 120
    assert (tmp_path / "imported").exists()
    line = next(line for line in done.stdout.splitlines() if "zz-slow" in line)
    assert "importing it did not finish in 2 s" in line and "KINEMOTION_PROBE_TIMEOUT" in line
    assert "zz-fast" in done.stdout


def test_a_named_plugin_registered_under_another_name_is_still_found(tmp_path: Path) -> None:
    """The entry point's name differs from the plugin's: found by loading every plugin, as before."""
    site = tmp_path / "site"
    write_distribution(site, "zz-alias", "1.0", {"zz-entry": "zz_alias:Plugin"}, {"zz_alias": plugin_module("zz-real")})
    env = {**os.environ, "PYTHONPATH": _with_site(site)}
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    done = run_kinemotion("track", str(video), "-b", "zz-real", "-q", "-o", str(tmp_path / "r.json"), env=env)
    assert done.returncode == 0, done.stderr


# --- offline refusals say how to get the model files ----------------------------------------------


def test_an_offline_refusal_says_how_to_get_the_model_files_not_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    from kinemotion import BackendUnavailableError

    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")  # and the cache is an empty folder (conftest)
    with pytest.raises(BackendUnavailableError) as info:
        create_tracker("rtmpose-cpu")
    message = str(info.value)
    assert "downloads are disabled (KINEMOTION_OFFLINE)" in message
    assert "To work offline, download https://download.openmmlab.com/" in message
    assert "in a folder named by KINEMOTION_MODEL_DIR" in message
    assert "pip install" not in message


def _decode_threads() -> list[str]:
    import threading

    return [t.name for t in threading.enumerate() if t.name == "kinemotion-decode" and t.is_alive()]


def test_a_backend_error_mid_video_stops_the_decode_thread_before_the_video_is_closed(
    tmp_path: Path, sequence_backend: str
) -> None:
    """A guard: the decode thread is stopped and joined before the reader is released."""
    video = blank_video(tmp_path / "v.mp4", 120, 30)
    before = len(_decode_threads())
    with pytest.raises(BackendError):
        track_video(video, sequence_backend, progress=False)
    assert len(_decode_threads()) == before  # stopped and joined, not left reading a released capture


def test_closing_a_reader_while_a_thread_decodes_it_ends_the_frames_quietly(tmp_path: Path) -> None:
    from kinemotion.tracking.decode import BackgroundFrames, VideoReader

    reader = VideoReader(blank_video(tmp_path / "v.mp4", 120, 30))
    frames = BackgroundFrames(reader.frames(), depth=2)
    stream = iter(frames)
    assert next(stream).index == 0
    reader.close()  # the owner closes while the thread is still decoding
    rest = list(stream)  # no crash, no error: decoding just stops
    assert len(rest) < 119


# --- a priority out of any ranking ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "shown"),
    [(10**100, "1e+100"), (1_000_001, "1000001"), (-(10**7), "-10000000")],
    ids=["googol", "over", "under"],
)
def test_a_priority_beyond_the_contracts_range_is_refused_naming_it(priority: int, shown: str) -> None:
    """Before: ``priority = 10**100`` was accepted (an int) and outranked every backend, printed 101 digits long."""
    with pytest.raises(TypeError, match=r"`priority` must be from -1_000_000 to 1_000_000") as refused:
        BackendRegistry().register(FakePlugin("zz-huge", priority=priority))
    assert f"got {shown} [contract rule plugin.priority, since 1.0]" in str(refused.value)
    for fine in (-1_000_000, -1, 0, 400, 1_000_000):  # the ends are in; a negative one is picked last, as before
        assert BackendRegistry().register(FakePlugin("zz-fine", priority=fine)) == "zz-fine"


@pytest.mark.parametrize("priority", [float("inf"), float("nan")])
def test_a_priority_that_is_no_number_is_refused(priority: float) -> None:
    with pytest.raises(TypeError, match=r"`priority` must be an int, got (inf|nan)"):
        BackendRegistry().register(FakePlugin("zz-float", priority=priority))  # type: ignore[arg-type]


def test_an_installed_plugin_with_a_huge_priority_is_listed_unavailable_naming_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_distribution(site, "zz-huge-dist", "1.0", {"zz-huge": "zz_huge_dist:Plugin"}, {
        "zz_huge_dist": plugin_module("zz-huge", priority=10**100)
    })  # fmt: skip
    listed = run_kinemotion("backends", env=env_with(site))
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith("zz-huge "))
    assert "unavailable: plugin failed to load" in row and "`priority` must be from -1_000_000" in row, row
    assert "Backend plugin 'zz-huge' from zz-huge-dist failed to load" in listed.stderr
