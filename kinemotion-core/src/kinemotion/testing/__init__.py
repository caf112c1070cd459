"""Conformance kit for backend authors.

Run :func:`check_plugin` (or :func:`assert_conforms` in a pytest test) against
your plugin to check it honours the contract the core relies on::

    from kinemotion.testing import assert_conforms

    def test_my_backend_conforms(person_frame):
        assert_conforms(MyPlugin(), person_frame=person_frame)

``person_frame`` is a BGR image with one clearly visible person standing (the
fixture of that name ships with kinemotion: see
:mod:`kinemotion.testing.pytest_plugin`); the kit checks the plugin's
attributes, its probe, the tracker's output on that frame (canonical names,
required landmarks, value ranges, a plausible upright skeleton: catches x and
y swapped), that it returns ``None`` on an empty frame, that timestamps of 0
and increasing timestamps are both accepted, that with two people in view
(:func:`two_people_frame`) the larger is followed and kept, that an optional
``foot_timing_bias_s`` is (take-off, landing) in seconds within 0.05 s, that
unknown modes and options are refused, that ``close`` is idempotent and that
it works as a context manager; and, for a tracker with the optional
``reset()``, that after one video and a reset it gives on the next what a new
tracker gives; for one with the optional ``streams()``, that two streams run in
two threads at once each give what a new tracker gives. Failures are grouped: one line per kind of problem, and each
(but the two-people check's) names the contract rule it breaks and the
contract version that rule dates from (``[contract rule tracker.landmarks,
since 1.0]``; the rules are in :mod:`kinemotion.pose.rules`), so a plugin that
worked with an earlier kinemotion shows what changed.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import queue
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from kinemotion.landmarks import LANDMARK_NAMES, REQUIRED_LANDMARKS, LandmarkPoint
from kinemotion.pose.contract import (
    Availability,
    BackendPlugin,
    Frame,
    PoseTracker,
    as_bgr_frame,
    call_mismatch,
    foot_timing_bias_of,
    model_files_of,
    plugin_problems,
    reset_for_next_video,
    streams_of,
)
from kinemotion.pose.rules import CONTRACT_VERSION, RULES, declared_before, explain
from kinemotion.pose.tracker_shape import not_a_tracker

__all__ = [
    "ConformanceError",
    "ConformanceReport",
    "SideEffectWarning",
    "UnusedFeatureWarning",
    "assert_conforms",
    "check_plugin",
    "empty_frame",
    "two_people_frame",
]


class ConformanceError(AssertionError):
    """A plugin broke the backend contract; the message lists every failure."""


class UnusedFeatureWarning(UserWarning):
    """The plugin has an optional feature of a later contract than it declares: kinemotion never uses it (nor does
    the kit check it) until the plugin declares that contract."""


class SideEffectWarning(UserWarning):
    """The plugin did what kinemotion undoes for its users, warning them each time: it printed to standard output
    (kinemotion's results: moved to standard error) or changed the working directory (changed back). Not a
    contract failure; the plugin should log instead of printing, and open its files by absolute paths."""


_LATER_FEATURES = (
    ("reset()", "tracker.reset"),
    ("foot_timing_bias_s", "tracker.foot_timing_bias_s"),
    ("streams()", "tracker.streams"),
    ("model_files", "tracker.model_files"),
)
"""The optional features a later contract minor gave a meaning: (as named to the author, its rule)."""


_RAISED = object()
"""What :func:`_unused_features` takes an attribute to be whose reading raised (a property of the plugin's)."""


def _unused_features(plugin: BackendPlugin, tracker: PoseTracker, backend: str) -> list[str]:
    """One note per optional feature ``tracker`` has that ``plugin``'s declared contract predates (an author who
    added ``streams()`` but declared ``contract_version = "1.3"``, as copied from an example, was told nothing:
    the kit skipped it and kinemotion never called it)."""
    notes = []
    for name, rule in _LATER_FEATURES:
        try:
            attribute = getattr(tracker, name.removesuffix("()"), None)
        except Exception:  # noqa: BLE001 - the plugin's property failed: it has one, which kinemotion never reads
            attribute = _RAISED
        present = callable(attribute) if name.endswith("()") else attribute is not None
        if present and declared_before(plugin, rule):
            since = RULES[rule].since
            notes.append(
                f"backend {backend!r} declares contract_version = {getattr(plugin, 'contract_version', None)!r}, "
                f"and its tracker's {name} came in contract {since}: kinemotion does not use it (and the kit does "
                f'not check it). Declare contract_version = "{CONTRACT_VERSION}" (this kinemotion\'s contract) to '
                "have it used, or remove it"
            )
    return notes


@dataclass
class ConformanceReport:
    """What :func:`check_plugin` checked, and what failed."""

    backend: str
    available: bool
    reason: str
    passed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What kinemotion will not use though the plugin has it, and why (each also a :class:`UnusedFeatureWarning`):
    a ``streams()`` on a plugin that declares contract 1.3, from before that name had its meaning; and what the
    plugin did that kinemotion undoes, warning its users (each also a :class:`SideEffectWarning`): printing to
    standard output, changing the working directory."""

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return not self.failures


def empty_frame(height: int = 480, width: int = 640) -> Frame:
    """A uniform grey BGR frame with nobody in it."""
    return np.full((height, width, 3), 114, dtype=np.uint8)


def _grouped(problem: str, items: list[str]) -> list[str]:
    """One line per kind of problem, naming every landmark it concerns (not one line each)."""
    return [f"{problem}: {', '.join(items)}"] if items else []


def _landmark_problems(result: object) -> list[str]:
    if not isinstance(result, Mapping):
        return [f"process_frame returned {type(result).__name__}, expected dict or None"]
    problems = []
    if any(isinstance(name, bytes) for name in result):  # a native library's names, not decoded
        problems.append("names are bytes, not str: decode them (name.decode())")
    unknown = sorted(set(result) - set(LANDMARK_NAMES), key=repr)
    if unknown:
        problems.append(f"names outside the canonical vocabulary: {unknown}")
    missing = [n for n in REQUIRED_LANDMARKS if n not in result]
    if missing:
        problems.append(f"required landmarks missing: {missing}")
    shape, kind, outside, visibility = [], [], [], []
    rows = [name for name, value in result.items() if isinstance(value, np.ndarray)]
    if rows:  # rows of the model's (N, 3) output, not converted
        problems.append(f"numpy arrays, not tuples (x, y, visibility): return tuple(row.tolist()): {_few(rows)}")
    for name, value in result.items():
        if name in rows:
            continue
        if not (isinstance(value, tuple) and len(value) == 3):
            shape.append(f"{name}={value!r}")
            continue
        if not all(isinstance(v, float) and math.isfinite(v) for v in value):
            kind.append(f"{name}={value!r}")
            continue
        x, y, vis = value
        if not (-0.5 <= x <= 1.5 and -0.5 <= y <= 1.5):
            outside.append(f"{name}=({x:.3g}, {y:.3g})")
        if not 0.0 <= vis <= 1.0:
            visibility.append(f"{name}={vis:.3g}")
    problems += _grouped("expected a tuple (x, y, visibility)", shape)
    problems += _grouped("values must be finite Python floats", kind)
    problems += _grouped("x, y must be normalised to the frame (0-1, a little outside for off-frame points)", outside)
    problems += _grouped("visibility must lie in [0, 1]", visibility)
    return problems


def _few(names: list[object], shown: int = 5) -> str:
    """The first ``shown`` of ``names``, and how many more."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(str(n) for n in names[:shown]) + more


def _mean_point(result: Mapping[str, LandmarkPoint], stem: str) -> tuple[float, float]:
    left, right = result[f"left_{stem}"], result[f"right_{stem}"]
    return (left[0] + right[0]) / 2, (left[1] + right[1]) / 2


@contextlib.contextmanager
def _tracker(plugin: BackendPlugin, mode: str, options: Mapping[str, object]) -> Iterator[PoseTracker]:
    """A tracker for a check of something else: closed after it, a raising ``close()`` left to the close check."""
    tracker = plugin.create(mode, **options)
    try:
        yield tracker
    finally:
        with contextlib.suppress(Exception):
            tracker.close()


def two_people_frame(person: Frame) -> Frame:
    """``person`` at full size on the left and at 60 % on the right, on grey: two people in view."""
    import cv2

    h, w = person.shape[:2]
    small = cv2.resize(person, (int(w * 0.6), int(h * 0.6)))
    canvas = np.full((h, 2 * w, 3), 114, dtype=np.uint8)
    canvas[:, :w] = person
    canvas[h - small.shape[0] :, w + (w - small.shape[1]) // 2 : w + (w + small.shape[1]) // 2] = small
    return canvas


def _two_people(plugin: BackendPlugin, mode: str, person: Frame, options: Mapping[str, object]) -> list[str]:
    """With the default person choice (largest), every frame's landmarks lie on the left, larger person."""
    frame = two_people_frame(person)
    with _tracker(plugin, mode, options) as tracker:
        results = [tracker.process_frame(frame.copy(), ts) for ts in (1000, 1033, 1066, 1100, 1133)]
    found = [r for r in results if isinstance(r, Mapping) and "nose" in r]
    if not found:
        return ["nobody found with two people in view"]
    wrong = [round(r["nose"][0], 3) for r in found if not r["nose"][0] < 0.5]
    if wrong:
        return [
            f"followed the smaller person (nose x {wrong} in a frame whose left half holds the larger one); "
            "choose whom to follow with kinemotion.pose.person.PersonPolicy"
        ]
    return []


def _same_landmarks(a: object, b: object, tolerance: float = 1e-4) -> bool:
    if not isinstance(a, Mapping) or not isinstance(b, Mapping):
        return a is None and b is None
    return a.keys() == b.keys() and all(
        all(abs(x - y) <= tolerance for x, y in zip(a[k], b[k], strict=True)) for k in a
    )


def _reset_like_new(plugin: BackendPlugin, mode: str, person: Frame, options: Mapping[str, object]) -> list[str]:
    """With the optional ``reset()``: a tracker that saw a video and was reset answers the next video as a new
    tracker does (whom it follows, its clock: the next video's timestamps start again)."""
    second = [(two_people_frame(person), ts) for ts in (1000, 1033, 1066)]
    with _tracker(plugin, mode, options) as fresh:
        if not callable(getattr(fresh, "reset", None)):
            return []  # optional: a new tracker is made for each video instead
        expected = [fresh.process_frame(frame.copy(), ts) for frame, ts in second]
    first = np.ascontiguousarray(two_people_frame(person)[:, ::-1])  # the smaller person on the left this time
    with _tracker(plugin, mode, options) as used:
        for ts in range(1000, 3000, 100):
            used.process_frame(first.copy(), ts)
        reset_for_next_video(used)
        got = [used.process_frame(frame.copy(), ts) for frame, ts in second]
    if not all(_same_landmarks(a, b) for a, b in zip(got, expected, strict=True)):
        return [
            "after reset() the tracker's landmarks differ from a new tracker's on the same frames: reset() must "
            "forget the video seen so far (whom it follows, its schedule, its clock)"
        ]
    return []


STREAM_DEADLINE_S = 60.0
"""How long two streams are given for their three frames each (a batch that waits forever hangs here)."""
STREAM_TOLERANCE = 0.005
"""How far a stream's landmarks may be from a new tracker's (in frame fractions, and in visibility): a GPU runs
a batch with other kernels than a single crop, and the rounding can move a keypoint by a bin of the model's
output; a stream that kept another's state is much further off. Measured on an H200: rtmpose-cuda with ONNX
Runtime's TF32 on failed even this bar (1.5 px, 0.021 of score); in full fp32 its streams matched exactly."""


def _streams_like_tracker(plugin: BackendPlugin, mode: str, person: Frame, options: Mapping[str, object]) -> list[str]:
    """With the optional ``streams()``: two streams, tracking in two threads at once, each answer a video as a new
    tracker does (their own state; their model calls batched together change no result)."""
    frames = [(two_people_frame(person), ts) for ts in (1000, 1033, 1066)]
    with _tracker(plugin, mode, options) as fresh:
        if not callable(getattr(fresh, "streams", None)):
            return []  # optional
        expected = [fresh.process_frame(frame.copy(), ts) for frame, ts in frames]
    with _tracker(plugin, mode, options) as shared:
        try:
            streams = streams_of(shared, 2)
        except ValueError as exc:
            return [str(exc)]
        if streams is None:
            return []  # not offered here
        files_problem = _streams_model_files_problem(plugin, shared, streams)
        got: list[list[object]] = [[], []]
        errors: list[str] = []

        def track(k: int) -> None:
            try:
                got[k] = [streams[k].process_frame(frame.copy(), ts) for frame, ts in frames]
                streams[k].close()
            except Exception as exc:  # noqa: BLE001 - the plugin's failure, reported as a problem
                errors.append(f"a stream's process_frame() or close() raised {explain(exc)}")

        threads = [threading.Thread(target=track, args=(k,), daemon=True) for k in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(STREAM_DEADLINE_S)
        if any(thread.is_alive() for thread in threads):
            return [f"two streams tracking at once did not finish three frames each in {STREAM_DEADLINE_S:.0f} s"]
    if errors:
        return errors[:1]
    if files_problem:
        return [files_problem]
    if not all(_same_landmarks(a, b, STREAM_TOLERANCE) for run in got for a, b in zip(run, expected, strict=True)):
        return [
            "streams() tracking two videos at once give landmarks that differ from a new tracker's on the same "
            f"frames by more than {STREAM_TOLERANCE} of the frame: each stream must keep its own state, and "
            "batching may change results by rounding only"
        ]
    return []


def _streams_model_files_problem(plugin: BackendPlugin, tracker: object, streams: list[PoseTracker]) -> str:
    """A stream runs its tracker's models, so it declares the tracker's ``model_files`` (contract 1.5): every
    output of a batch tracked through streams records the files that made it. Empty when they agree, or when the
    plugin declares a contract before ``model_files`` or the tracker a malformed one (checked on its own)."""
    if declared_before(plugin, "tracker.model_files"):
        return ""
    try:
        own = model_files_of(tracker)
    except ValueError:
        return ""  # the check of the tracker's own model_files says what is wrong
    try:
        differing = [k for k, stream in enumerate(streams) if model_files_of(stream) != own]
    except ValueError as exc:
        return f"a stream's model_files: {exc}"
    if not differing:
        return ""
    return (
        f"streams() gave trackers declaring other model_files than the tracker that made them ({len(differing)} "
        f"of {len(streams)}): a stream runs its tracker's models, so it declares the same files, or the outputs "
        f"of a batch tracked through streams record no model file [{RULES['tracker.model_files'].cite()}]"
    )


def _skeleton_problems(result: Mapping[str, LandmarkPoint], frame: Frame) -> list[str]:
    """A standing person, head up: nose above shoulders above hips above knees above ankles, taller than wide.

    Catches x and y swapped, y measured from the bottom, or points from another part of the body.
    """
    height, width = frame.shape[:2]
    nose = (result["nose"][0], result["nose"][1])
    chain = [("nose", nose)] + [(stem, _mean_point(result, stem)) for stem in ("shoulder", "hip", "knee", "ankle")]
    out_of_order = [
        f"{lower} (y={b[1]:.3f}) is not below {upper} (y={a[1]:.3f})"
        for (upper, a), (lower, b) in itertools.pairwise(chain)
        if not a[1] < b[1]
    ]
    tall = (chain[-1][1][1] - nose[1]) * height
    wide = abs(chain[-1][1][0] - nose[0]) * width
    # a height only where the ankles are below the nose (upside down, the order says it: no "-419 px tall")
    swapped = (
        f"the person is {wide:.0f} px wide from nose to ankles but only {tall:.0f} px tall: x and y swapped?"
        if 0 <= tall <= wide
        else None
    )
    if out_of_order:  # one mistake (y measured upwards) breaks every pair: one line
        order = (
            f"{', '.join(out_of_order)} on a standing person: is y measured downwards from the top edge, and are "
            "x and y in that order?"
        )
        return [order if swapped is None else f"{order} And {swapped}"]
    return [] if swapped is None else [swapped]


DEADLINE_S = 120.0
"""How long one check may take by default before the kit reports the plugin as hanging (``deadline_s=``)."""


class _Worker:
    """One daemon thread that runs every check in turn, so a plugin's calls all come from one thread (as in a
    kinemotion run) and a call that never returns is abandoned (daemon: it never keeps Python from exiting)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        threading.Thread(target=self._serve, name="kinemotion-conformance", daemon=True).start()

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()

    def stop(self) -> None:
        """End the thread once the jobs queued before are done."""
        self._jobs.put(None)

    def run(self, fn: Callable[[], list[str] | None], deadline_s: float) -> tuple[bool, list[str]]:
        """``fn``'s problems (an exception is one), and False as the first item when it did not return in time."""
        done = threading.Event()
        outcome: list[list[str]] = []

        def job() -> None:
            try:
                outcome.append(fn() or [])
            except Exception as exc:  # noqa: BLE001 - report, don't crash the kit
                outcome.append([f"raised {explain(exc)}"])
            except SystemExit as exc:  # a plugin that exits would end the test run (or the caller) instead
                outcome.append([f"called sys.exit({exc.code!r}): a backend must raise an exception, not exit"])
            except BaseException as exc:  # noqa: BLE001 - e.g. KeyboardInterrupt raised by the plugin itself
                outcome.append([f"raised {type(exc).__name__}: a backend must raise an Exception"])
            finally:
                done.set()

        self._jobs.put(job)
        if not done.wait(deadline_s):
            return False, []
        return True, outcome[0]


class _Checker:
    def __init__(self, report: ConformanceReport, deadline_s: float) -> None:
        self.report = report
        self.deadline_s = deadline_s
        self.hung: str | None = None  # the check a call never returned from: later checks are not run
        self.printed: list[str] = []  # the checks in which the plugin printed to standard output
        self.moved: list[str] = []  # ... and those in which it changed the working directory
        self._worker = _Worker()

    def _watched(self, label: str, fn: Callable[[], list[str] | None]) -> Callable[[], list[str] | None]:
        """``fn`` run as kinemotion runs a call into a plugin: its prints marked and its working directory put
        back, each noted against ``label``."""
        from kinemotion.pose.stdout import backend_prints_marked

        def watched() -> list[str] | None:
            before = _working_directory()
            seen = None
            try:
                with backend_prints_marked(self.report.backend, label) as seen:
                    return fn()
            finally:
                if seen is not None and seen.printed:
                    self.printed.append(label)
                if before is not None and _working_directory() != before:
                    os.chdir(before)
                    self.moved.append(label)

        return watched

    def side_effects(self) -> list[str]:
        """One note per kind of side effect the plugin had (what kinemotion undoes, warning the plugin's users)."""
        backend, notes = self.report.backend, []
        if self.printed:
            notes.append(
                f"backend {backend!r} printed to standard output in: {'; '.join(self.printed)}. Standard output "
                f"holds kinemotion's results: kinemotion shows what a backend prints on standard error, each line "
                f"marked [{backend}], and warns your users to report it to you. Log instead "
                "(logging.getLogger(__name__)); a library you wrap that prints can be silenced with "
                "contextlib.redirect_stdout around its call"
            )
        if self.moved:
            notes.append(
                f"backend {backend!r} changed the working directory in: {'; '.join(self.moved)}. kinemotion changes "
                "it back after each call (the paths it was given are relative to it) and warns your users; open "
                "your files by absolute paths instead"
            )
        return notes

    def stop(self) -> None:
        """End the worker thread."""
        self._worker.stop()

    def check(self, label: str, fn: Callable[[], list[str] | None], rule: str | None = None) -> bool:
        """Run one check; its failures name ``rule`` (or the rule an exception points at)."""
        if self.hung is not None:
            return False
        finished, problems = self._worker.run(self._watched(label, fn), self.deadline_s)
        if not finished:
            self.hung = label
            problems = [
                f"did not return within {self.deadline_s:g} s: backend {self.report.backend!r} hangs in this check "
                "(a call that never returns stalls every kinemotion run on it); make the call return or raise an "
                "exception, or pass a larger deadline_s= if the backend is only slow; the later checks were not run"
            ]
            rule = None
        if problems:
            cite = f" [{RULES[rule].cite()}]" if rule is not None else ""
            self.report.failures.extend(
                f"{label}: {p}" if "[contract rule" in p else f"{label}: {p}{cite}" for p in problems
            )
            return False
        self.report.passed.append(label)
        return True


def _check_attributes(plugin: object) -> list[str]:
    """The registry's own check with the conventions (:func:`~kinemotion.pose.contract.plugin_problems`)."""
    problems = plugin_problems(plugin, conventions=True)
    if not problems and not isinstance(plugin, BackendPlugin):
        problems.append("does not satisfy kinemotion.BackendPlugin (name, priority, modes, probe, create)")
    return problems


def _callable_as(function: object, rule: str, *args: object, **kwargs: object) -> list[str]:
    """Whether kinemotion's call ``function(*args, **kwargs)`` fits its signature (without calling it)."""
    mismatch = call_mismatch(function, *args, **kwargs)
    if mismatch is None:  # it fits, or a builtin without a signature: nothing to check
        return []
    declared, why = mismatch
    found = f"{declared} cannot be called as kinemotion calls it ({why})"
    return [f"{found}: {RULES[rule].text} [{RULES[rule].cite()}]"]


def _plugin_signatures(plugin: object) -> list[str]:
    """``probe()`` and ``create(mode, **options)`` can be called the way the core calls them."""
    return _callable_as(getattr(plugin, "probe", None), "plugin.probe") + _callable_as(
        getattr(plugin, "create", None), "plugin.create", "lightweight"
    )


def _checked_arguments(person_frame: object, deadline_s: object) -> Frame | None:
    """The kit's own arguments, refused as the caller's mistake (never filed as the plugin's failure).

    Raises:
        ValueError: ``person_frame`` is not an image of someone (a path, floats, empty, uniform), or
            ``deadline_s`` is not a number of seconds more than 0.
    """
    if isinstance(deadline_s, bool) or not isinstance(deadline_s, (int, float)) or not 0 < deadline_s < math.inf:
        raise ValueError(f"deadline_s must be a number of seconds more than 0, got {deadline_s!r}")
    if person_frame is None:
        return None
    hint = "the BGR uint8 image of one standing person (the person_frame fixture, or cv2.imread of a photo)"
    try:
        frame = as_bgr_frame(person_frame)
    except ValueError as exc:
        raise ValueError(f"person_frame must be {hint}: {exc}") from None
    if not frame.std() > 0:
        raise ValueError(f"person_frame must be {hint}: it is one uniform colour, in which nobody can be found")
    return frame


def check_plugin(
    plugin: BackendPlugin,
    *,
    person_frame: Frame | None = None,
    mode: str = "lightweight",
    require_available: bool = True,
    deadline_s: float = DEADLINE_S,
    **create_options: object,
) -> ConformanceReport:
    """Check ``plugin`` against the backend contract and return a report.

    Args:
        plugin: the plugin: what your entry point names (the class, made here with no arguments as kinemotion
            makes it, or an instance).
        person_frame: a BGR frame showing one person; without it the output
            checks on a real person are skipped (listed as a failure unless the
            backend is unavailable).
        mode: the mode to create trackers in.
        require_available: report an unavailable backend as a failure. Set
            False where the hardware is absent (e.g. CUDA on a CPU machine): the
            probe's contract is still checked.
        deadline_s: how long one check may take; a check still running then (a call into the plugin that never
            returns) is reported as that check's failure, naming the backend, and the later checks are not run.
        **create_options: passed to ``plugin.create``.

    Raises:
        ValueError: the caller's own mistake, not the plugin's: ``plugin`` is a name or path (not the plugin),
            ``person_frame`` is not an image of someone (a path, floats, empty, uniform), ``deadline_s`` is not
            more than 0, or ``mode`` is not one of the plugin's modes.
    """
    if isinstance(plugin, str | os.PathLike):  # a backend's name, or its module's file: the caller's mistake
        raise ValueError(
            f"check_plugin takes the plugin itself (what your entry point names: its class or an instance), got "
            f"the {type(plugin).__name__} {plugin!r:.80}; import it and pass it, e.g. "
            "check_plugin(AcmePlugin, person_frame=person_frame)"
        )
    person_frame = _checked_arguments(person_frame, deadline_s)
    report = ConformanceReport(str(getattr(plugin, "name", "?")), False, "")
    checker = _Checker(report, deadline_s)
    try:
        _check(plugin, checker, person_frame, mode, require_available, create_options)
    finally:
        checker.stop()  # its thread ends (unless a call into the plugin never returned)
    for note in checker.side_effects():
        report.notes.append(note)
        warnings.warn(note, SideEffectWarning, stacklevel=2)  # from the caller of check_plugin: the test
    return report


def _working_directory() -> str | None:
    try:
        return os.getcwd()
    except OSError:  # removed under the process (by the plugin)
        return None


def _check(
    plugin: BackendPlugin,
    checker: _Checker,
    person_frame: Frame | None,
    mode: str,
    require_available: bool,
    create_options: dict[str, object],
) -> ConformanceReport:
    """The checks of :func:`check_plugin`, in order, each run by ``checker``."""
    report = checker.report
    if isinstance(plugin, type):  # what an entry point may name: kinemotion makes it with no arguments, as here
        cls, made = plugin, []

        def make() -> list[str]:
            made.append(cls())
            return []

        if not checker.check(f"{cls.__name__}() makes the plugin (no arguments, as kinemotion does)", make):
            return report
        plugin = made[0]
    if not checker.check("plugin attributes", lambda: _check_attributes(plugin)):
        return report
    if mode not in plugin.modes:
        raise ValueError(
            f"mode={mode!r} is not one of backend {report.backend!r}'s modes {tuple(plugin.modes)}: check it in a "
            "mode the plugin offers"
        )
    if not checker.check("probe() and create() signatures", lambda: _plugin_signatures(plugin)):
        return report

    availability: list[Availability] = []

    def probe_twice() -> list[str]:
        results = [plugin.probe(), plugin.probe()]
        bad = [r for r in results if not isinstance(r, Availability)]
        if bad:
            return [f"probe() returned {type(bad[0]).__name__}, expected Availability"]
        if results[0].available != results[1].available:
            return ["probe() gave different answers on two consecutive calls"]
        if not results[0].reason:
            return ["probe() must give a reason, also when available"]
        availability.append(results[0])
        return []

    if not checker.check("probe() returns Availability without raising", probe_twice, "plugin.probe"):
        return report
    report.available, report.reason = availability[0].available, availability[0].reason
    if not report.available:
        if require_available:
            report.failures.append(f"backend unavailable: {report.reason}")
        return report

    trackers: list[PoseTracker] = []

    def create() -> list[str]:
        tracker = plugin.create(mode, **create_options)
        if not isinstance(tracker, PoseTracker):
            return [f"create() returned {type(tracker).__name__}, not a PoseTracker: {not_a_tracker(tracker)}"]
        trackers.append(tracker)
        return []

    if not checker.check(f"create({mode!r}) returns a PoseTracker", create, "plugin.create"):
        return report
    tracker = trackers[0]
    for note in _unused_features(plugin, tracker, report.backend):
        report.notes.append(note)
        warnings.warn(note, UnusedFeatureWarning, stacklevel=3)  # from the caller of check_plugin: the test

    def optional_attribute(rule: str, read: Callable[[object], object]) -> Callable[[], list[str]]:
        """The check of an optional tracker attribute, read by ``read``: what it refuses, unless the plugin was
        written before the contract release that added ``rule`` (an attribute of that name is then its own)."""

        def problems() -> list[str]:
            if declared_before(plugin, rule):
                return []
            try:
                read(tracker)
            except ValueError as exc:
                return [str(exc).split(" [contract rule")[0]]
            return []

        return problems

    checker.check(
        "foot_timing_bias_s (optional) is (take-off, landing) in seconds",
        optional_attribute("tracker.foot_timing_bias_s", foot_timing_bias_of),
        "tracker.foot_timing_bias_s",
    )
    checker.check(
        "model_files (optional) names the model files loaded",
        optional_attribute("tracker.model_files", model_files_of),
        "tracker.model_files",
    )
    if not checker.check(
        "process_frame(frame, timestamp_ms) signature",
        lambda: _callable_as(tracker.process_frame, "tracker.process_frame", empty_frame(), 0),
    ):
        return report
    checker.check(
        "None on an empty frame",
        lambda: (
            []
            if (r := tracker.process_frame(empty_frame(), 0)) is None
            else [f"expected None, got {f'{len(r)} landmarks' if isinstance(r, Mapping) else type(r).__name__}"]
        ),
        "tracker.process_frame",
    )
    landmarks_right = False
    if person_frame is None:
        report.failures.append("no person_frame given: output on a real person not checked")
    else:
        frame = person_frame

        def landmarks_on_person() -> list[str]:
            # each call its own copy: a tracker may write into its frame (the contract), and this is the author's
            results = [tracker.process_frame(frame.copy(), 0), tracker.process_frame(frame.copy(), 0)]
            results += [tracker.process_frame(frame.copy(), ts) for ts in (1000, 1033, 1066)]
            if any(r is None for r in results):
                return ["no person found on person_frame (timestamps 0, 0, 1000, 1033, 1066)"]
            problems = _landmark_problems(results[-1])
            last = results[-1]
            if not problems and isinstance(last, Mapping):
                problems = _skeleton_problems(last, frame)
            return problems

        label = "landmarks on person_frame (timestamp 0 repeated, then increasing)"
        landmarks_right = checker.check(label, landmarks_on_person, "tracker.landmarks")

    def close_twice() -> list[str]:
        tracker.close()
        tracker.close()
        return []

    # before the checks that make trackers of their own: a close() that raises or hangs is this check's failure
    closes = checker.check("close() is idempotent", close_twice, "tracker.close")
    if person_frame is not None and landmarks_right:
        # only on a backend whose landmarks are right: a wrong return type is one failure, not two
        checker.check(
            "two people in view: the larger is followed and kept",
            lambda: _two_people(plugin, mode, person_frame, create_options),
        )
        if not declared_before(plugin, "tracker.reset"):  # before 1.2 a reset() is its own, never called
            checker.check(
                "reset() (optional) starts the next video as a new tracker would",
                lambda: _reset_like_new(plugin, mode, person_frame, create_options),
                "tracker.reset",
            )
        if not declared_before(plugin, "tracker.streams"):  # before 1.4 a streams() is its own, never called
            checker.check(
                "streams() (optional) track two videos at once as new trackers would",
                lambda: _streams_like_tracker(plugin, mode, person_frame, create_options),
                "tracker.streams",
            )

    def context_manager() -> list[str]:
        if not closes:  # __exit__ closes: a raising close() is the close check's failure, not this one's too
            with _tracker(plugin, mode, create_options) as made:
                entered = made.__enter__()
            return [] if isinstance(entered, PoseTracker) else ["__enter__ must return the tracker"]
        with plugin.create(mode, **create_options) as entered:
            if not isinstance(entered, PoseTracker):
                return ["__enter__ must return the tracker"]
        entered.close()
        return []

    checker.check("works as a context manager", context_manager, "tracker.close")

    def bad_mode() -> list[str]:
        try:
            with _tracker(plugin, "no-such-mode", create_options):
                pass
        except (ValueError, KeyError, LookupError):
            return []
        except Exception as exc:  # noqa: BLE001 - any other exception is the failure reported
            return [f"unknown mode should raise ValueError, raised {type(exc).__name__}"]
        return ["an unknown mode was accepted"]

    checker.check("rejects an unknown mode with ValueError", bad_mode, "plugin.create")

    def bad_option() -> list[str]:
        try:
            with _tracker(plugin, mode, {**create_options, "kinemotion_conformance_no_such_option": 1}):
                pass
        except (TypeError, ValueError):
            return []
        except Exception as exc:  # noqa: BLE001 - any other exception is the failure reported
            return [f"an unknown option should raise TypeError, raised {type(exc).__name__}"]
        return ["an unknown option was accepted silently (a typo in an option name would go unnoticed)"]

    checker.check("rejects an unknown option with TypeError", bad_option, "plugin.create")
    return report


def assert_conforms(plugin: BackendPlugin, **kwargs: object) -> ConformanceReport:
    """:func:`check_plugin`, raising :class:`ConformanceError` listing every failure."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", UnusedFeatureWarning)
        warnings.simplefilter("always", SideEffectWarning)
        report = check_plugin(plugin, **kwargs)  # type: ignore[arg-type]
    for warning in said:  # again, from the author's own test (the line calling assert_conforms)
        warnings.warn(warning.message, warning.category, stacklevel=2)
    if not report.ok:
        lines = "\n".join(f"  - {f}" for f in report.failures)
        raise ConformanceError(f"backend {report.backend!r} breaks the contract:\n{lines}")
    return report
