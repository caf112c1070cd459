"""The conformance kit catches contract violations and passes a good plugin."""

from __future__ import annotations

import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from kinemotion.pose.contract import CONTRACT_VERSION
from kinemotion.testing import (
    ConformanceError,
    SideEffectWarning,
    UnusedFeatureWarning,
    assert_conforms,
    check_plugin,
)
from tests.core.fakes import FakePlugin, FakeTracker


def _frame() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)


def test_good_plugin_passes() -> None:
    report = assert_conforms(FakePlugin("good"), person_frame=_frame())
    assert report.ok
    assert "close() is idempotent" in report.passed


def test_unavailable_plugin_fails_unless_allowed() -> None:
    plugin = FakePlugin("gpu", available=False, reason="no GPU")
    with pytest.raises(ConformanceError, match="no GPU"):
        assert_conforms(plugin, person_frame=_frame())
    assert check_plugin(plugin, require_available=False).ok


class _OutOfRange(FakeTracker):
    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        if out is not None:
            out["left_knee"] = (640.0, 2.0, 1.7)  # pixels, not normalised
            out["elbow_thing"] = (0.1, 0.1, 0.1)
            del out["right_heel"]
        return out


class _SeesGhosts(FakeTracker):
    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        return {"nose": (0.5, 0.5, 1.0)}


class _CloseTwiceFails(FakeTracker):
    def close(self) -> None:
        if self.closed:
            raise RuntimeError("already closed")
        self.closed += 1


class _SwappedXY(FakeTracker):
    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        return None if out is None else {k: (y, x, v) for k, (x, y, v) in out.items()}


class _UpsideDown(FakeTracker):
    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        return None if out is None else {k: (x, 1.0 - y, v) for k, (x, y, v) in out.items()}


class _ManyOutOfRange(FakeTracker):
    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        return None if out is None else {k: (x * 640, y * 480, v) for k, (x, y, v) in out.items()}


@pytest.mark.parametrize(
    ("tracker_cls", "expected"),
    [
        (
            _OutOfRange,
            [
                "normalised",
                "visibility",
                "outside the canonical vocabulary",
                "required landmarks missing: ['right_heel']",
            ],
        ),
        (_SeesGhosts, ["None on an empty frame"]),
        (_CloseTwiceFails, ["close() is idempotent: raised RuntimeError"]),
        (_SwappedXY, ["x and y swapped?"]),
        (_UpsideDown, ["ankle (y=0.120) is not below knee"]),
    ],
)
def test_broken_trackers_are_reported(tracker_cls: type[FakeTracker], expected: list[str]) -> None:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            if mode not in self.modes:
                raise ValueError(mode)
            return tracker_cls(self.name, mode, options)

    report = check_plugin(Plugin("bad"), person_frame=_frame())
    text = "\n".join(report.failures)
    for fragment in expected:
        assert fragment in text


def test_probe_raising_is_a_failure() -> None:
    report = check_plugin(FakePlugin("p", probe_error=RuntimeError("x")))
    assert not report.ok
    assert "raised RuntimeError" in report.failures[0]


def test_missing_person_frame_is_reported() -> None:
    report = check_plugin(FakePlugin("good"))
    assert report.failures == ["no person_frame given: output on a real person not checked"]


def test_a_problem_on_many_landmarks_is_one_line() -> None:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            if mode not in self.modes:
                raise ValueError(mode)
            return _ManyOutOfRange(self.name, mode, options)

    failures = check_plugin(Plugin("pixels"), person_frame=_frame()).failures
    normalised = [f for f in failures if "normalised" in f]
    assert len(normalised) == 1 and "left_ankle=(" in normalised[0] and "nose=(" in normalised[0]


@pytest.mark.parametrize(
    ("modes", "fragment"),
    [("lightweight", "a string is not a tuple"), (("balanced",), "must include 'lightweight'")],
)
def test_bad_modes_are_reported(modes: object, fragment: str) -> None:
    report = check_plugin(FakePlugin("m", modes=modes), person_frame=_frame())  # type: ignore[arg-type]
    assert any(fragment in f for f in report.failures), report.failures


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (None, "rejects an unknown mode with ValueError: an unknown mode was accepted"),
        (
            RuntimeError,
            "rejects an unknown mode with ValueError: unknown mode should raise ValueError, raised RuntimeError",
        ),
    ],
)
def test_a_plugin_that_accepts_an_unknown_mode_is_reported(answer: type[Exception] | None, expected: str) -> None:
    """A plugin that makes whatever tracker for a misspelled mode (``balnced``) would hide the typo."""

    class AnyMode(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            if answer is not None and mode not in self.modes:
                raise answer(mode)
            if set(options) - self.options:
                raise TypeError(sorted(options))
            return FakeTracker(self.name, mode, options)

    rule = "[contract rule plugin.create, since 1.0]"
    assert check_plugin(AnyMode("any-mode"), person_frame=_frame()).failures == [f"{expected} {rule}"]


def test_unknown_option_must_be_refused() -> None:
    class Lenient(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            if mode not in self.modes:
                raise ValueError(mode)
            return FakeTracker(self.name, mode, options)  # ignores whatever it is given

    failures = check_plugin(Lenient("lenient"), person_frame=_frame()).failures
    assert failures == [
        "rejects an unknown option with TypeError: an unknown option was accepted silently "
        "(a typo in an option name would go unnoticed) [contract rule plugin.create, since 1.0]"
    ]


def test_the_registry_and_the_kit_name_the_same_attribute_problem() -> None:
    from kinemotion.pose.registry import BackendRegistry

    bad = FakePlugin("bad", priority="high")  # type: ignore[arg-type]
    with pytest.raises(TypeError) as refused:
        BackendRegistry().register(bad)
    problem = "`priority` must be an int, got 'high' [contract rule plugin.priority, since 1.0]"
    assert str(refused.value) == f"FakePlugin does not meet kinemotion's plugin contract {CONTRACT_VERSION}: {problem}"
    assert check_plugin(bad).failures == [f"plugin attributes: {problem}"]


class _Sticky(FakeTracker):
    """Keeps following where it first found someone (as a real tracker keeps its person); ``reset`` may forget."""

    forgets = True

    def __init__(self, backend: str, mode: str, options: dict[str, object]) -> None:
        super().__init__(backend, mode, options)
        self.first: dict[str, tuple[float, float, float]] | None = None

    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        if self.first is None:
            self.first = out
        return self.first

    def reset(self) -> None:
        if self.forgets:
            self.first = None


class _StickyForever(_Sticky):
    forgets = False


@pytest.mark.parametrize(("tracker_cls", "ok"), [(_Sticky, True), (_StickyForever, False), (FakeTracker, True)])
def test_a_reset_that_does_not_forget_the_last_video_is_reported(tracker_cls: type[FakeTracker], ok: bool) -> None:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return tracker_cls(self.name, mode, options)

    report = check_plugin(Plugin("sticky"), person_frame=_frame())
    label = "reset() (optional) starts the next video as a new tracker would"
    assert (label in report.passed) is ok
    assert any("reset() must forget the video seen so far" in f for f in report.failures) is not ok
    cited = [f for f in report.failures if f.startswith(label)]
    assert all(f.endswith("[contract rule tracker.reset, since 1.2]") for f in cited) and len(cited) == (not ok)


@pytest.mark.parametrize(("bias", "ok"), [(None, True), ((-0.005, 0.005), True), ((0.5, 0.0), False), ("late", False)])
def test_a_foot_timing_bias_is_checked_when_declared(bias: object, ok: bool) -> None:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            tracker = FakeTracker(self.name, mode, options)
            tracker.foot_timing_bias_s = bias  # type: ignore[attr-defined]
            return tracker

    report = check_plugin(Plugin("biased"), person_frame=_frame())
    label = "foot_timing_bias_s (optional) is (take-off, landing) in seconds"
    assert (label in report.passed) is ok
    cited = [f for f in report.failures if f.startswith(label)]
    assert len(cited) == (not ok)
    assert all(f.endswith("[contract rule tracker.foot_timing_bias_s, since 1.3]") for f in cited)


class _CloseAlwaysFails(FakeTracker):
    def close(self) -> None:
        raise RuntimeError("cannot release the model")


def test_a_raising_close_is_the_close_checks_failure_only() -> None:
    """Before: a close() that raises was also filed under 'two people in view', under 'reset()' (citing the
    reset rule) and under the context manager, so an author chased four problems for one."""

    report = check_plugin(FakePlugin("closer", tracker=_CloseAlwaysFails), person_frame=_frame())
    assert report.failures == [
        "close() is idempotent: raised RuntimeError: cannot release the model [contract rule tracker.close, since 1.0]"
    ]
    assert "two people in view: the larger is followed and kept" in report.passed


def test_an_unknown_option_accepted_is_reported_as_such_when_close_raises() -> None:
    """Before: 'an unknown option should raise TypeError, raised RuntimeError' (the close() after the accepted
    create) hid that the option was accepted."""

    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            if mode not in self.modes:
                raise ValueError(mode)
            return _CloseAlwaysFails(self.name, mode, options)

    failures = check_plugin(Plugin("lenient"), person_frame=_frame()).failures
    assert any(
        f.startswith("rejects an unknown option with TypeError: an unknown option was accepted") for f in failures
    )


class _Hangs(FakeTracker):
    release = threading.Event()
    where = "process_frame"

    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        if self.where == "process_frame" and frame.std() > 0:
            self.release.wait()
        return super().process_frame(frame, timestamp_ms)

    def close(self) -> None:
        if self.where == "close":
            self.release.wait()
        super().close()


@pytest.mark.parametrize(
    ("where", "label"),
    [
        ("process_frame", "landmarks on person_frame (timestamp 0 repeated, then increasing)"),
        ("close", "close() is idempotent"),
    ],
)
def test_a_plugin_that_hangs_fails_the_check_it_hangs_in(where: str, label: str) -> None:
    """Before: check_plugin never returned (a test run that hangs, with no word of which plugin or call)."""

    class Tracker(_Hangs):
        release = threading.Event()

    Tracker.where = where

    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return Tracker(self.name, mode, options)

    try:
        started = time.monotonic()
        report = check_plugin(Plugin("stuck"), person_frame=_frame(), deadline_s=0.5)
        assert time.monotonic() - started < 30
    finally:
        Tracker.release.set()  # the abandoned call returns, its thread ends
    hung = [f for f in report.failures if "did not return within 0.5 s" in f]
    assert len(hung) == 1 and hung[0].startswith(f"{label}: "), report.failures
    assert "backend 'stuck' hangs in this check" in hung[0] and "make the call return or raise" in hung[0]
    assert (
        "the later checks were not run" in hung[0] and "rejects an unknown option with TypeError" not in report.passed
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"person_frame": "person.png"}, "person_frame must be the BGR uint8 image of one standing person"),
        ({"person_frame": np.zeros((48, 64, 3), np.float32)}, "frame must have dtype uint8"),
        ({"person_frame": np.zeros((48, 64, 3), np.uint8)}, "one uniform colour, in which nobody can be found"),
        ({"person_frame": _frame(), "deadline_s": 0}, "deadline_s must be a number of seconds more than 0, got 0"),
        ({"person_frame": _frame(), "deadline_s": float("nan")}, "deadline_s must be a number of seconds"),
        ({"person_frame": _frame(), "mode": "performance"}, "mode='performance' is not one of backend 'good'"),
    ],
    ids=["a-path", "floats", "uniform", "zero-deadline", "nan-deadline", "unknown-mode"],
)
def test_the_callers_own_mistake_is_not_filed_as_the_plugins(kwargs: dict[str, object], message: str) -> None:
    """Before: a path as person_frame was "landmarks on person_frame: raised AttributeError ... [contract rule
    tracker.landmarks]", a black frame "no person found", deadline_s=0 "hangs", all blamed on the plugin."""
    with pytest.raises(ValueError, match=message):
        check_plugin(FakePlugin("good"), **kwargs)  # type: ignore[arg-type]


def test_the_plugin_class_is_checked_as_kinemotion_makes_it() -> None:
    """Before: ``check_plugin(MyPlugin)`` (the class, as the entry point names it) failed with "probe(self) cannot
    be called as kinemotion calls it (missing a required argument: 'self')", blaming a correct plugin."""

    class Plugin(FakePlugin):
        def __init__(self) -> None:
            super().__init__("from-class")

    report = check_plugin(Plugin, person_frame=_frame())  # type: ignore[arg-type]
    assert report.ok, report.failures
    assert report.passed[0] == "Plugin() makes the plugin (no arguments, as kinemotion does)"

    class NeedsArgument(FakePlugin):
        def __init__(self, model_path: str) -> None:
            super().__init__("needs-argument")

    failures = check_plugin(NeedsArgument, person_frame=_frame()).failures  # type: ignore[arg-type]
    assert len(failures) == 1 and failures[0].startswith("NeedsArgument() makes the plugin"), failures
    assert "model_path" in failures[0]


def test_the_kit_leaves_no_thread_behind() -> None:
    """Each check_plugin runs its checks in a thread of its own (for the deadline); it ends with the call (a
    test suite checking many plugins would otherwise keep one idle thread per call)."""
    before = {t.ident for t in threading.enumerate()}
    for _ in range(5):
        assert check_plugin(FakePlugin("good"), person_frame=_frame()).ok
    deadline = time.monotonic() + 10
    while {t.ident for t in threading.enumerate() if t.name == "kinemotion-conformance"} - before:
        assert time.monotonic() < deadline, [t.name for t in threading.enumerate()]
        time.sleep(0.05)


class _NoContextManager:
    """A tracker as a plugin author writes it from the rules' first line: process_frame and close, no ``with``."""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> None:
        return None

    def close(self) -> None:
        pass


def test_a_tracker_that_is_no_context_manager_is_told_what_it_lacks_and_how_to_get_it() -> None:
    """The kit and ``create_tracker`` name the missing methods and ``ClosingTracker``.

    Before: "create() returned _NoContextManager, not a PoseTracker" (the kit) and "... which is not a
    PoseTracker (process_frame, close, context manager)": the author had to find out which part was missing.
    """
    import kinemotion
    from kinemotion import BackendError

    plugin = FakePlugin("zz-no-with")
    plugin.create = lambda mode="lightweight", **options: _NoContextManager()  # type: ignore[method-assign]
    expected = "_NoContextManager lacks __enter__, __exit__ (a tracker is a context manager: subclass "
    expected += "kinemotion.ClosingTracker to get them from its close())"
    with pytest.raises(ConformanceError) as kit:
        assert_conforms(plugin, person_frame=_frame())
    assert expected in str(kit.value)
    kinemotion.register_backend(plugin)
    try:
        with pytest.raises(BackendError) as made:
            kinemotion.create_tracker("zz-no-with")
        assert expected in str(made.value)
    finally:
        kinemotion.unregister_backend("zz-no-with")


class _Counting(FakeTracker):
    """Moves its person right by 0.01 for each frame seen: by this tracker, or (``shared``) by all its streams."""

    def __init__(self, backend: str, mode: str, options: dict[str, object], seen: list[int] | None = None) -> None:
        super().__init__(backend, mode, options)
        self.seen = seen if seen is not None else [0]

    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        self.seen[0] += 1
        return None if out is None else {k: (x + 0.01 * self.seen[0], y, v) for k, (x, y, v) in out.items()}


class _OwnStreams(_Counting):
    def streams(self, count: int) -> list[_Counting]:
        return [_Counting(self.backend, self.mode, self.options) for _ in range(count)]


class _MixedStreams(_Counting):
    """Streams that share their state (as a batch handing rows to the wrong stream would)."""

    def streams(self, count: int) -> list[_Counting]:
        seen = [0]
        return [_Counting(self.backend, self.mode, self.options, seen) for _ in range(count)]


class _RoundingStreams(_Counting):
    """Streams whose batched model rounds otherwise than a single crop's (a GPU's batched kernels): a keypoint a
    model output bin away (0.002 of the frame)."""

    def streams(self, count: int) -> list[_Counting]:
        class Rounded(_Counting):
            def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
                out = super().process_frame(frame, timestamp_ms)
                return None if out is None else {k: (x + 0.002, y, v) for k, (x, y, v) in out.items()}

        return [Rounded(self.backend, self.mode, self.options) for _ in range(count)]


class _FilesDeclared(_Counting):
    model_files = (__file__,)


class _StreamsWithoutFiles(_FilesDeclared):
    """Streams that drop the tracker's model_files (rtmpose-cuda's did: a batch's outputs recorded no model)."""

    def streams(self, count: int) -> list[_Counting]:
        return [_Counting(self.backend, self.mode, self.options) for _ in range(count)]


class _StreamsWithFiles(_FilesDeclared):
    def streams(self, count: int) -> list[_Counting]:
        return [_FilesDeclared(self.backend, self.mode, self.options) for _ in range(count)]


class _TooFewStreams(_Counting):
    def streams(self, count: int) -> list[_Counting]:
        return [_Counting(self.backend, self.mode, self.options)]


class _SelfStreams(FakeTracker):
    """``return [self] * count``: a stateless tracker thought safe to share, whose results alone look right; each
    thread of a batch would reset and close it under the others (passed the kit before)."""

    def streams(self, count: int) -> list[FakeTracker]:
        return [self] * count


@pytest.mark.parametrize(
    ("tracker_cls", "problem"),
    [
        (_Counting, None),
        (_OwnStreams, None),
        (_RoundingStreams, None),
        (_MixedStreams, "each stream must keep its own state"),
        (_TooFewStreams, "streams(2) must return 2 trackers or None"),
        (_SelfStreams, "none of them the tracker itself"),
        (_StreamsWithFiles, None),
        (_StreamsWithoutFiles, "declaring other model_files than the tracker that made them (2 of 2)"),
    ],
)
def test_streams_are_checked_to_track_two_videos_at_once_as_new_trackers(
    tracker_cls: type[FakeTracker], problem: str | None
) -> None:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return tracker_cls(self.name, mode, options)

    report = check_plugin(Plugin("streaming"), person_frame=_frame())
    label = "streams() (optional) track two videos at once as new trackers would"
    cited = [f for f in report.failures if f.startswith(label)]
    if problem is None:
        assert label in report.passed and not cited
    else:
        assert len(cited) == 1 and problem in cited[0], report.failures
        rule = "tracker.model_files, since 1.5" if tracker_cls is _StreamsWithoutFiles else "tracker.streams, since 1.4"
        assert cited[0].endswith(f"[contract rule {rule}]")


def test_streams_of_a_plugin_declaring_a_contract_before_model_files_are_not_asked_to_declare_them() -> None:
    """``model_files`` came with contract 1.5: a 1.4 plugin's streams that declare none pass (its outputs record
    no model file either way)."""

    class Plugin(FakePlugin):
        contract_version = "1.4"

        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return _StreamsWithoutFiles(self.name, mode, options)

    report = check_plugin(Plugin("streaming-1-4"), person_frame=_frame())
    label = "streams() (optional) track two videos at once as new trackers would"
    assert label in report.passed, report.failures


class _BiasedOwnStreams(_OwnStreams):
    foot_timing_bias_s = (0.01, -0.01)


@pytest.mark.parametrize(
    ("declared", "unused"),
    [
        ("1.3", ["streams()"]),  # copied the example's "1.3", then added streams() from the guide
        ("1.2", ["foot_timing_bias_s", "streams()"]),
        ("1.4", []),
        (None, []),  # declares nothing: its features are used when present
    ],
)
def test_a_feature_of_a_later_contract_than_declared_is_said_not_to_be_used(
    declared: str | None, unused: list[str]
) -> None:
    """A plugin author who added ``streams()`` but kept the example's ``contract_version = "1.3"``: the kit passed
    without a word, skipping it, and kinemotion never called it. The kit now says so, and what to declare."""

    plugin = FakePlugin("streaming", tracker=_BiasedOwnStreams)
    if declared is not None:
        plugin.contract_version = declared  # type: ignore[attr-defined]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = check_plugin(plugin, person_frame=_frame())
    assert report.ok, report.failures
    said = [str(w.message) for w in caught if issubclass(w.category, UnusedFeatureWarning)]
    assert said == report.notes
    assert all(w.filename == __file__ for w in caught if issubclass(w.category, UnusedFeatureWarning))
    if unused:  # assert_conforms, as an author's test calls it: the warning shown at that call too
        with pytest.warns(UnusedFeatureWarning) as again:
            assert_conforms(plugin, person_frame=_frame())
        assert [w.filename for w in again] == [__file__] * len(unused)
    assert len(report.notes) == len(unused)
    for note, name in zip(report.notes, unused, strict=True):
        assert f"declares contract_version = {declared!r}, and its tracker's {name} came in contract" in note
        assert f'does not check it). Declare contract_version = "{CONTRACT_VERSION}"' in note


class _FailingBias(FakeTracker):
    @property
    def foot_timing_bias_s(self) -> tuple[float, float]:
        raise RuntimeError("calibration file missing")


def test_a_later_feature_whose_property_raises_is_noted_not_a_crash_of_the_kit() -> None:
    """A plugin of contract 1.2 whose tracker has a ``foot_timing_bias_s`` property that raises (kinemotion never
    reads it from a 1.2 plugin): looking for unused features made ``check_plugin`` raise the plugin's own
    RuntimeError, a bare traceback instead of a report."""
    plugin = FakePlugin("failing-bias", tracker=_FailingBias)
    plugin.contract_version = "1.2"  # type: ignore[attr-defined]
    with pytest.warns(UnusedFeatureWarning, match="foot_timing_bias_s came in contract 1.3"):
        report = check_plugin(plugin, person_frame=_frame())
    assert report.ok, report.failures
    assert len(report.notes) == 1


class _Chatty(FakeTracker):
    """Prints a line a frame (a wrapped library's "load model ..." does it in create()), and moves the working
    directory as a library driven from its own folder does."""

    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        print(f"DEBUG frame at {timestamp_ms} ms")
        return super().process_frame(frame, timestamp_ms)

    def close(self) -> None:
        import os
        import tempfile

        os.chdir(tempfile.gettempdir())
        super().close()


def test_a_plugin_that_prints_or_moves_the_working_directory_is_told_without_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a plugin printing on every frame (or changing the working directory) passed the kit silently, and
    its users were the first to see kinemotion's warning "report it to the backend's authors"."""
    import os

    monkeypatch.chdir(tmp_path)
    with pytest.warns(SideEffectWarning) as said:
        report = assert_conforms(FakePlugin("chatty", tracker=_Chatty), person_frame=_frame())
    assert report.ok  # not a contract failure
    printed, moved = report.notes
    assert "backend 'chatty' printed to standard output in: None on an empty frame" in printed, printed
    assert "Log instead (logging.getLogger(__name__))" in printed
    assert "backend 'chatty' changed the working directory in: close() is idempotent" in moved, moved
    assert Path(os.getcwd()) == tmp_path  # put back, as kinemotion does
    assert [str(w.message) for w in said] == report.notes
    assert said[0].filename == __file__  # said at the author's own test
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a quiet plugin: no note, no warning
        assert assert_conforms(FakePlugin("quiet"), person_frame=_frame()).notes == []


class _NumpyRows(FakeTracker):
    """Each landmark a row of the model's output, as a numpy array."""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        found = super().process_frame(frame, timestamp_ms)
        return None if found is None else {name: np.array(point) for name, point in found.items()}


class _BytesNames(FakeTracker):
    """Names from a native library, not decoded."""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        found = super().process_frame(frame, timestamp_ms)
        return None if found is None else {name.encode(): point for name, point in found.items()}


@pytest.mark.parametrize(
    ("tracker", "said"),
    [
        (_NumpyRows, "numpy arrays, not tuples (x, y, visibility): return tuple(row.tolist()): nose, "),
        (_BytesNames, "names are bytes, not str: decode them (name.decode())"),
    ],
    ids=["numpy-rows", "bytes-names"],
)
def test_landmarks_as_numpy_rows_or_bytes_names_are_named_with_the_fix(tracker: type[FakeTracker], said: str) -> None:
    """Before: numpy rows were listed as "expected a tuple (x, y, visibility): nose=array([0.5, 0.1, 0.9]), ..."
    for every landmark (the same thing, as the author reads it), and bytes names as unknown names alone."""
    report = check_plugin(FakePlugin("rows", tracker=tracker), person_frame=_frame())
    assert any(said in failure for failure in report.failures), report.failures


def test_a_skeleton_upside_down_is_one_line_without_a_negative_height() -> None:
    """A plugin author's y measured upwards: the kit gave five lines for the one mistake, the chain's four pairs
    each on its own line, then "the person is 0 px wide from nose to ankles but only -419 px tall: x and y
    swapped?", a negative height and the wrong guess (the docs: each kind of failure is one line)."""

    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            if mode not in self.modes:
                raise ValueError(mode)
            return _UpsideDown(self.name, mode, options)

    failures = [f for f in check_plugin(Plugin("bad"), person_frame=_frame()).failures if "standing person" in f]
    assert len(failures) == 1, failures
    (line,) = failures
    assert "shoulder (y=" in line and "ankle (y=0.120) is not below knee" in line, line
    assert "measured downwards from the top edge" in line and "tracker.landmarks" in line
    assert " px tall" not in line and "swapped?" not in line
