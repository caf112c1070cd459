"""A third-party backend that breaks the contract in ways round 4 of the outside attack found, each once a hang,
a traceback or a silently wrong result: installed by entry point only, run through the real command.

Each test expects one clear message naming the backend and the contract rule, and an exit code that says
whether the outputs can be trusted.
"""

from __future__ import annotations

import json
import logging
import math
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.pose.discovery import checked_plugin
from kinemotion.pose.registry import BackendRegistry
from kinemotion.testing import UnusedFeatureWarning, check_plugin
from kinemotion.tracking import TrackingWorker, track_video
from tests.cli import restore_sigint
from tests.core.distributions import env_with, install_backend, plugin_module, write_distribution
from tests.core.fakes import FakePlugin, FakeTracker
from tests.jump.physics_backend import blank_video

TRACKER = """
from kinemotion import REQUIRED_LANDMARKS

HOW = {how!r}

class Tracker:
    def __init__(self):
        self.closed = 0
    def process_frame(self, frame, timestamp_ms=0):
        if frame.std() == 0:
            return None
        if HOW == "hangs":
            import os, time
            open(os.environ["KINEMOTION_TEST_HANGING"], "w").close()
            time.sleep(600)
        return {{n: (0.5, 0.1 + 0.8 * i / len(REQUIRED_LANDMARKS), 0.9) for i, n in enumerate(REQUIRED_LANDMARKS)}}
    def close(self):
        self.closed += 1
        if HOW == "close raises":
            raise RuntimeError("the model session was already gone")
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.close()
"""


def _installed(tmp_path: Path, name: str, how: str) -> dict[str, str]:
    """An environment where ``name`` is a backend installed by entry point only, misbehaving as ``how`` says."""
    site = tmp_path / "site"
    install_backend(site, name, TRACKER.format(how=how))
    return env_with(site)


def _kinemotion(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kinemotion", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


# --- a close() that raises ------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_backend_whose_close_raises_keeps_the_results_warns_once_and_the_command_ends(
    tmp_path: Path, jobs: str
) -> None:
    """Before: a traceback from the tracking thread, then the command hung forever after writing its outputs."""
    env = _installed(tmp_path, "zz-bad-close", "close raises")
    videos = [str(blank_video(tmp_path / f"v{i}.mp4", 6, 30)) for i in range(2)]
    try:
        done = _kinemotion(
            "track", *videos, "-b", "zz-bad-close", "-q", "-j", jobs, "-o", str(tmp_path / "out"), env=env
        )
    except subprocess.TimeoutExpired:
        pytest.fail("kinemotion track hung after a backend's close() raised")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    said = "backend 'zz-bad-close': close() failed: RuntimeError: the model session was already gone"
    assert said in done.stderr
    if jobs == "1":  # one process, one warning (the tracker, without reset(), was closed after each video)
        assert done.stderr.count(said) == 1, done.stderr
    assert "contract rule tracker.close" in done.stderr
    for video in ("v0", "v1"):
        assert (tmp_path / "out" / f"{video}.landmarks.json").is_file()


def test_track_video_returns_its_result_when_the_backends_close_raises(tmp_path: Path) -> None:
    env = _installed(tmp_path, "zz-bad-close", "close raises")
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    script = (
        "from kinemotion.tracking import track_video\n"
        f"r = track_video({str(video)!r}, 'zz-bad-close', progress=False)\n"
        "print('frames', len(r.timestamps_ms))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "frames 6" in done.stdout
    assert "close() failed" in done.stderr and "Traceback" not in done.stderr


# --- kinemotion bench holds a backend to what tracking holds it to --------------------------------


class _Broken(FakeTracker):
    """Finds the standing person, then breaks it the way ``how`` says."""

    how = ""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        found = super().process_frame(frame, timestamp_ms)
        if self.how == "exits":
            raise SystemExit(0)
        if self.how == "raises":
            raise RuntimeError("tensor shape mismatch")
        if found is not None and self.how == "nan":
            found["left_ankle"] = (math.nan, math.nan, 0.9)
        if found is not None and self.how == "pixels":
            found = {k: (x * 1920, y * 1080, v) for k, (x, y, v) in found.items()}
        return found


@pytest.fixture(params=["exits", "raises", "nan", "pixels"])
def broken(request: pytest.FixtureRequest) -> Iterator[str]:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            tracker = _Broken(self.name, mode, options)
            tracker.how = request.param
            return tracker

    kinemotion.register_backend(Plugin("zz-broken", priority=-5))
    yield request.param
    kinemotion.unregister_backend("zz-broken")


def test_bench_names_a_backend_that_exits_raises_or_returns_impossible_values(tmp_path: Path, broken: str) -> None:
    """Before: a plugin's sys.exit(0) ended `bench` silently with exit 0 and no table; a RuntimeError was a
    traceback; NaN or pixel coordinates were timed and counted as people found (5/5)."""
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    done = CliRunner().invoke(cli, ["bench", str(video), "-b", "zz-broken", "--frames", "5", "--json"])
    assert done.exit_code == 1, done.output
    (result,) = json.loads(done.stdout)["results"]
    assert result["backend"] == "zz-broken" and result["fps"] in (None, 0, 0.0), result
    expected = {
        "exits": "backend 'zz-broken' called sys.exit(0) on frame ",
        "raises": "backend 'zz-broken' failed on frame ",
        "nan": "backend 'zz-broken' returned an impossible value for 'left_ankle' on frame ",
        "pixels": "are not normalised to the frame",
    }[broken]
    assert expected in result["error"], result["error"]
    if broken in ("nan", "pixels"):  # and the rule it breaks, for the plugin's author
        assert "[contract rule tracker.landmarks, since 1.0]" in result["error"], result["error"]


# --- messages that name what is wrong --------------------------------------------------------------


def test_a_visibility_just_above_one_is_shown_as_it_is(tmp_path: Path) -> None:
    """Before: 'visibility 1 is outside [0, 1]' for 1.0000001 (printed with :g), a message that contradicts itself."""

    class Over(FakeTracker):
        def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
            found = super().process_frame(frame, timestamp_ms)
            return None if found is None else {k: (x, y, 1.0000001) for k, (x, y, _) in found.items()}

    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return Over(self.name, mode, options)

    kinemotion.register_backend(Plugin("zz-over", priority=-5))
    try:
        with pytest.raises(kinemotion.BackendError, match=r"visibility 1\.0000001 is outside \[0, 1\]"):
            track_video(blank_video(tmp_path / "v.mp4", 6, 30), "zz-over", progress=False)
    finally:
        kinemotion.unregister_backend("zz-over")


def test_empty_modes_are_not_called_a_string() -> None:
    with pytest.raises(TypeError, match=r"`modes` must be a non-empty tuple of mode names, got \(\) \[contract rule"):
        kinemotion.register_backend(FakePlugin("zz-no-modes", modes=()))
    with pytest.raises(TypeError, match=r"got 'lightweight' \(a string is not a tuple\)"):
        kinemotion.register_backend(FakePlugin("zz-no-modes", modes="lightweight"))  # type: ignore[arg-type]


def test_a_plugin_for_a_newer_contract_minor_is_named_by_its_backend_name(caplog: pytest.LogCaptureFixture) -> None:
    """Before: 'Backend plugin P was written for plugin contract 1.9' (the class's name, here every plugin's)."""

    class P(FakePlugin):
        contract_version = "1.99"

    with caplog.at_level(logging.WARNING, logger="kinemotion.pose.discovery"):
        checked_plugin(P("zz-future"))
    assert "Backend plugin 'zz-future' was written for plugin contract 1.99" in caplog.text


# --- a backend that hangs inside a frame -----------------------------------------------------------


def test_ctrl_c_stops_a_command_whose_backend_hangs_inside_a_frame(tmp_path: Path) -> None:
    """Before: the first Ctrl-C did nothing (the command waited for the frame forever); only a second one ended
    it. Now the command waits a few seconds for the frame, says which backend hangs, and exits 130."""
    env = {**_installed(tmp_path, "zz-hangs", "hangs"), "KINEMOTION_TEST_HANGING": str(tmp_path / "hanging")}
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kinemotion", "track", str(video), "-b", "zz-hangs", "-q", "-j", "1"]
    process = subprocess.Popen(
        [*command, "-o", str(out / "v.json"), "--overlay", str(out / "v.mp4")],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=restore_sigint,
    )
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "hanging").exists():
            assert process.poll() is None and time.monotonic() < deadline, "the backend never started"
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("one Ctrl-C did not stop a command whose backend hangs")
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130, stderr
    assert "Backend 'zz-hangs' has not returned from its current frame" in stderr
    assert "Traceback" not in stderr
    assert not out.exists() or not list(out.glob("v.*"))  # nothing that looks complete


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("True", "probe() returned bool, expected kinemotion.Availability"),
        ("None", "probe() returned NoneType, expected kinemotion.Availability"),
        ("sys.exit(2)", "probe() raised SystemExit: 2"),
    ],
)
def test_a_probe_that_breaks_the_contract_is_named_with_the_rule(tmp_path: Path, answer: str, said: str) -> None:
    """Before: the reason named the backend but not the contract rule its author broke."""
    site = tmp_path / "site"
    source = plugin_module("zz-probe", priority=-5, probe=f"import sys; return {answer}")
    write_distribution(site, "zz-probe", "0.1", {"zz-probe": "zz_probe:Plugin"}, {"zz_probe": source})
    env = env_with(site)
    done = _kinemotion("backends", env=env)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("zz-probe"))
    assert f"unavailable: {said} [contract rule plugin.probe, since 1.0]" in line, line


# --- the conformance kit, given a plugin that exits ------------------------------------------------


def test_the_conformance_kit_reports_a_plugin_that_exits_instead_of_exiting_with_it() -> None:
    """Before: check_plugin raised SystemExit(0) out of the kit (a plugin author's test run could end 'passed')."""

    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            tracker = _Broken(self.name, mode, options)
            tracker.how = "exits"
            return tracker

    frame = np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    report = check_plugin(Plugin("zz-exits"), person_frame=frame)
    assert not report.ok
    assert any("called sys.exit(0): a backend must raise an exception, not exit" in f for f in report.failures)
    assert any(f.startswith("None on an empty frame: called sys.exit(0)") for f in report.failures), report.failures


# --- a plugin written for an older contract minor: a name it used before the contract gave it a meaning -----


class _OwnReset(FakeTracker):
    """A tracker with a ``reset()`` and a ``foot_timing_bias_s`` of its own, as a plugin written before contract
    1.2 / 1.3 could have (here: reset() restarts a counter only, the bias is in frames, not seconds)."""

    foot_timing_bias_s = (0.02, -0.02)

    def __init__(self, backend: str, mode: str, options: dict[str, object]) -> None:
        super().__init__(backend, mode, options)
        self.resets = 0

    def reset(self) -> None:
        self.resets += 1


@pytest.mark.parametrize(("declared", "uses_them"), [("1.1", False), ("1.2", "reset"), ("1.3", True), (None, True)])
def test_reset_and_the_foot_timing_bias_are_used_only_from_plugins_that_know_them(
    tmp_path: Path, declared: str | None, uses_them: bool | str
) -> None:
    """Before: kinemotion called any `reset()` between the videos of a batch, and took any `foot_timing_bias_s`
    off every jump event, whatever contract the plugin said it was written for."""

    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            tracker = _OwnReset(self.name, mode, options)
            self.created.append(tracker)
            return tracker

    plugin = Plugin("zz-old")
    if declared is not None:
        plugin.contract_version = declared  # type: ignore[attr-defined]
    registry = BackendRegistry()
    registry.register(plugin)
    videos = [blank_video(tmp_path / f"v{i}.mp4", 6, 30) for i in range(2)]
    with TrackingWorker(registry) as worker:
        results = [worker.track(v, "zz-old", progress=False) for v in videos]
    if uses_them:
        assert len(plugin.created) == 1 and plugin.created[0].resets == 1  # type: ignore[attr-defined]
    else:
        assert len(plugin.created) == 2 and [t.resets for t in plugin.created] == [0, 0]  # type: ignore[attr-defined]
    bias = results[0].backend.foot_timing_bias_s
    assert bias == ((0.02, -0.02) if uses_them is True else None)


def test_the_conformance_kit_does_not_hold_an_older_plugin_to_what_it_never_knew() -> None:
    """A plugin for contract 1.1 with a reset() and a foot_timing_bias_s of its own meaning: kinemotion never
    calls nor reads them (see above), so the kit does not judge them either."""

    class OwnMeaning(_OwnReset):
        foot_timing_bias_s = (3, 2)  # frames, say: outside the 1.3 rule

    class Plugin(FakePlugin):
        contract_version = "1.1"

        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return OwnMeaning(self.name, mode, options)

    frame = np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    with pytest.warns(UnusedFeatureWarning) as said:  # not judged, but said not to be used: the author may not know
        report = check_plugin(Plugin("zz-old-kit"), person_frame=frame)
    assert not [f for f in report.failures if "foot_timing_bias_s" in f or "reset()" in f], report.failures
    assert [str(w.message) for w in said] == report.notes and len(report.notes) == 2, report.notes
    assert all(w.filename == __file__ for w in said)  # shown at the author's own call
    Plugin.contract_version = "1.3"  # written for 1.3: judged
    report = check_plugin(Plugin("zz-new-kit"), person_frame=frame)
    assert [f for f in report.failures if "foot_timing_bias_s" in f], report.failures


class _NeedsModelPath(FakePlugin):
    def __init__(self, model_path: str) -> None:
        super().__init__("needs-model-path")


def test_a_plugin_class_needing_constructor_arguments_is_told_how_to_fix_it() -> None:
    """Before: "NeedsArgs.__init__() missing 1 required positional argument: 'model_path'", with no word that
    kinemotion makes the plugin with no arguments, nor what to change."""
    with pytest.raises(TypeError) as refused:
        checked_plugin(_NeedsModelPath)
    message = str(refused.value)
    assert message.startswith("kinemotion makes the plugin as _NeedsModelPath() with no arguments")
    assert "'model_path'" in message and "give its constructor's parameters defaults" in message


def test_an_entry_point_naming_a_factory_function_is_told_to_name_the_class() -> None:
    """Before: "function does not meet kinemotion's plugin contract 1.3: `name` must be a non-empty str, got None;
    `priority` must be an int, got None; ..." (four rules broken, none of them the cause)."""

    def make_plugin() -> FakePlugin:
        return FakePlugin("made")

    with pytest.raises(TypeError, match="the entry point names the function 'make_plugin', not a plugin: point it"):
        checked_plugin(make_plugin)


@pytest.mark.parametrize("name", ["auto", "Auto", "AUTO"])
def test_a_backend_named_auto_is_refused(name: str) -> None:
    """Before: listed by `kinemotion backends` as available, yet `--backend auto` never ran it (auto picks)."""
    with pytest.raises(TypeError, match=r"`name` 'auto' is reserved .*\[contract rule plugin.name, since 1.0\]"):
        BackendRegistry().register(FakePlugin(name))
    assert any("'auto' is reserved" in f for f in check_plugin(FakePlugin(name)).failures)


class _OwnResetNeedsArgument(FakeTracker):
    def reset(self, weights_path: str) -> None:  # a contract-1.0 tracker's own reset(), not the contract's
        raise AssertionError("kinemotion must not call it")


class _OwnResetRaises(FakeTracker):
    def reset(self) -> None:
        raise RuntimeError("model released")


@pytest.mark.parametrize("tracker_cls", [_OwnResetNeedsArgument, _OwnResetRaises])
def test_a_contract_1_0_trackers_own_reset_does_not_stop_the_batch(
    tmp_path: Path, tracker_cls: type[FakeTracker]
) -> None:
    """Before: a plugin written for contract 1.0 (which had no ``contract_version``, so declares none) whose
    tracker has a ``reset`` of its own ended the batch after the first video with a bare TypeError or its
    RuntimeError. Now its trackers are made anew for each video, as for a tracker without reset()."""

    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            tracker = tracker_cls(self.name, mode, options)
            self.created.append(tracker)
            return tracker

    plugin = Plugin("zz-own-reset", priority=-5)
    kinemotion.register_backend(plugin)
    try:
        videos = [str(blank_video(tmp_path / f"v{i}.mp4", 6, 30)) for i in range(3)]
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["track", *videos, "-b", plugin.name, "-j", "1", "-q", "-o", f"{out}/"])
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert result.exit_code == 0, (result.output, result.exception)
    assert sorted(p.name for p in out.glob("*.json")) == [f"v{i}.landmarks.json" for i in range(3)]
    assert len(plugin.created) == 3  # a new tracker for each video
    warned = [line for line in result.output.splitlines() if "reset() raised" in line]
    assert len(warned) == (tracker_cls is _OwnResetRaises), result.output  # said once, not per video
    assert all("RuntimeError: model released" in w and "a new tracker is made for each video" in w for w in warned)


def test_the_fast_path_of_the_landmark_value_check_passes_nothing_the_full_check_refuses() -> None:
    """Most backends return tuples of three floats: those are checked by a cheaper test first, which must never
    let through what the full check refuses (NaN, infinities, out of range, booleans, text, numpy scalars)."""
    import itertools
    import math

    from kinemotion.tracking import names_check

    values: list[object] = [0.0, 0.5, 1.0, -1.0, 2.0, -1.0001, 2.0001, 1.0000001, -1e-9, math.nan, math.inf, -math.inf]
    values += [True, "0.5", np.float32(0.5), np.float64(0.5), 1]
    fast = 0
    for x, y, vis in itertools.product(values, repeat=3):
        point = (x, y, vis)
        if names_check._plainly_right(point):
            fast += 1
            assert names_check._value_problem(point) is None, point
    assert fast > 100  # the fast path does take the common case
    assert not names_check._plainly_right([0.5, 0.5, 0.5]) and not names_check._plainly_right((0.5, 0.5))
