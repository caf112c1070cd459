"""The whole backend contract, in one place: what a plugin author implements and may use.

A distribution publishes a backend by pointing an entry point in the group
:data:`ENTRY_POINT_GROUP` at an object (or a class with a no-argument
constructor) that satisfies :class:`BackendPlugin`. Importing the entry
point's module must be cheap: heavy dependencies are imported inside
``probe`` and ``create`` only. ``create`` returns a :class:`PoseTracker`.

What a tracker returns is named in the canonical vocabulary of
:mod:`kinemotion.landmarks` (every backend must produce its
``REQUIRED_LANDMARKS``). Helpers every backend uses: :class:`ClosingTracker`
(the context-manager half, and the defaults of the optional attributes),
:func:`as_bgr_frame` (the same accepted inputs and the same errors for every
backend) and :class:`TrackerClock` (the one timestamp rule).

The contract is versioned: :data:`CONTRACT_VERSION` (``MAJOR.MINOR``); its
rules, each with the version that introduced it, are in
:mod:`kinemotion.pose.rules`.
"""

from __future__ import annotations

import inspect
import math
import numbers
import os
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeAlias, TypeVar, runtime_checkable

from kinemotion.landmarks import LandmarkDict
from kinemotion.pose.rules import CONTRACT_VERSION, tagged, version_problems

if TYPE_CHECKING:  # numpy is not imported at run time: `import kinemotion` stays light
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "CONTRACT_VERSION",
    "ENTRY_POINT_GROUP",
    "MAX_FOOT_TIMING_BIAS_S",
    "MODES",
    "XY_RANGE",
    "Availability",
    "BackendPlugin",
    "ClosingTracker",
    "Frame",
    "PoseTracker",
    "TrackerClock",
    "as_bgr_frame",
    "call_mismatch",
    "checked_foot_timing_bias",
    "checked_timestamp",
    "foot_timing_bias_of",
    "model_files_of",
    "model_time_of",
    "plugin_problems",
    "provider_of",
    "reset_for_next_video",
    "stage_times_of",
    "streams_of",
]

ENTRY_POINT_GROUP = "kinemotion.backends"
"""The entry-point group scanned for backends."""

MODES: tuple[str, ...] = ("lightweight", "balanced", "performance")
"""Mode names a backend may offer, from fastest to most accurate."""

Frame: TypeAlias = "npt.NDArray[np.uint8]"
"""A video frame: BGR (OpenCV's channel order), uint8, shape ``(H, W, 3)``."""


# -- the tracker -----------------------------------------------------------------------------------


@runtime_checkable
class PoseTracker(Protocol):
    """Finds one person's body landmarks in successive frames of a video.

    Implementations are context managers; :meth:`close` releases native
    resources and may be called more than once.

    Three optional attributes, read through :func:`provider_of`,
    :func:`model_time_of` and :func:`stage_times_of` (:class:`ClosingTracker`
    defines them as ``None``):

    - ``provider: str | None``: what actually runs the model (e.g.
      ``"CUDAExecutionProvider"``, ``"MediaPipe Tasks (XNNPACK, CPU)"``);
      recorded in every output and shown by ``kinemotion bench``.
    - ``model_time_s: float | None``: seconds spent inside the model(s) so far,
      cumulative; ``kinemotion bench`` reports the pipeline's overhead from it.
    - ``stage_times_s: Mapping[str, float] | None``: seconds spent so far in
      each stage of the tracker's own pipeline, cumulative, by stage name in
      the order they run (e.g. ``"pose model"``, ``"pose crop and decoding"``);
      ``kinemotion bench --stages`` shows where the time of a frame goes.

    One optional attribute since contract 1.3, read through :func:`foot_timing_bias_of`:

    - ``foot_timing_bias_s: tuple[float, float] | None``: (take-off, landing),
      how many seconds later (positive) or earlier than RTMPose this tracker's
      foot points are seen to leave the ground and to touch it again, measured
      on the same footage (``benchmarks/foot_timing_bias.py``). A pose model
      whose foot points follow the body early or late moves every flight's
      edges; the jump analysis takes the declared bias off its events and
      records it, so that one athlete gets the same numbers on every backend.
      Each value is a finite number within ``MAX_FOOT_TIMING_BIAS_S``.

    One optional attribute since contract 1.5, read through :func:`model_files_of`:

    - ``model_files: list | tuple[str | os.PathLike[str], ...] | None``: the files the
      tracker loaded its models from (a model downloaded to a cache, found in
      ``KINEMOTION_MODEL_DIR`` or given as an option). Every output records
      each one's path, size and sha256, taken the first time a video is
      tracked with the tracker (load the models when it is made and keep them
      through ``reset()``), and a re-run (``--resume``, kept
      landmarks) tracks the video again when one of them is no longer the file
      recorded: a model replaced under the same name (a retrained or
      re-downloaded model) otherwise passes as the one that made the outputs.

    One optional method, called through :func:`reset_for_next_video`:

    - ``reset() -> None``: forget the video seen so far (whom it follows, when
      its detector runs next, its clock, its counters) but keep what is costly
      to make (model sessions, shapes compiled for a frame size), so that the
      next video's frames give exactly what a new tracker would give. A batch
      keeps one tracker per worker and resets it between videos; a tracker
      without ``reset`` is closed and created anew for each video instead.

    One optional method since contract 1.4, called through :func:`streams_of`:

    - ``streams(count: int) -> Sequence[PoseTracker] | None``: ``count``
      trackers for ``count`` threads of this process (distinct objects, none
      of them this tracker), each following its own
      video with its own state (and its own ``reset()`` and ``close()``), all
      running this tracker's models, whose calls they batch together (the
      crops of several videos in one model call: what a GPU is fast at). Each
      joins the batch while it tracks a video (from its first frame) and leaves
      it when it is reset or closed, so that the batch never waits for a thread
      that is between videos; the caller knows nothing else of the batch. A
      later call on the same tracker gives trackers that join the same batch
      (a replacement for one that was closed). ``None``: not offered here (the
      models gain nothing from it, e.g. they run on the CPU). The tracker
      itself is not used for frames meanwhile and is closed last. ``kinemotion
      track A.mp4 B.mp4 -j N`` (the local executor) then tracks the N videos in
      N threads of one process, sharing one set of models, instead of in N
      worker processes. It asks only a backend whose plugin has
      ``shares_models = True`` (see :class:`BackendPlugin`) or that runs on an
      accelerator (``rtmpose-cuda``, ``rtmpose-coreml``), creating its tracker
      first in the command's process.
    """

    def process_frame(self, frame: Frame, timestamp_ms: int = 0) -> LandmarkDict | None:
        """Return the landmarks of the tracked person in ``frame``.

        Args:
            frame: BGR uint8 image of shape ``(H, W, 3)``; the tracker's for the call: it may write into it
                (kinemotion shows and benchmarks its own copy).
            timestamp_ms: presentation time of the frame in whole ms, strictly
                increasing from call to call (the rule :class:`TrackerClock`
                keeps); ``0`` on every call means "no timestamps" and the
                tracker keeps its own clock.

        Returns:
            Canonical landmark name -> ``(x, y, visibility)`` with x and y
            normalised to the frame (within :data:`XY_RANGE`), or ``None`` when no person is found.
        """
        ...

    def close(self) -> None:
        """Release the tracker's resources. Safe to call more than once."""
        ...

    def __enter__(self) -> PoseTracker: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


_T = TypeVar("_T", bound="ClosingTracker")


class ClosingTracker:
    """Gives a tracker ``__enter__``/``__exit__`` on top of its own ``close()``.

    Subclasses implement ``process_frame`` and an idempotent ``close``, and may
    give the optional attributes of :class:`PoseTracker` in any of the forms the
    contract has allowed since 1.0: assigned on the instance (``self.model_time_s
    = 0.0`` in ``__init__``, then ``+=`` per frame), as class attributes, or as
    properties. Here all three are plain class attributes set to ``None``.

    Attributes:
        provider: What runs the model (an execution provider, a runtime); recorded in outputs.
        model_time_s: Cumulative seconds spent inside the model(s), for ``kinemotion bench``;
            None when not measured.
        stage_times_s: Cumulative seconds per stage of the pipeline, for
            ``kinemotion bench --stages``; None when not measured.
    """

    provider: str | None = None
    if not TYPE_CHECKING:
        # Plain attributes, not properties: a property without a setter refuses the
        # `self.model_time_s = 0.0` of plugins written for contract 1.0 (AttributeError),
        # and a typed writable attribute would refuse the property form to mypy. Hidden
        # from type checkers so that subclasses may use either form; read them through
        # model_time_of() and stage_times_of().
        model_time_s = None
        stage_times_s = None

    def close(self) -> None:
        """Release resources; subclasses override. Must be safe to call twice."""

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _is_number(value: object) -> bool:
    """Whether ``value`` is a real number (numpy's included: ``np.float32(0.01)``), not ``True``/``False``."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _optional_attribute(tracker: object, name: str) -> object:
    """The tracker's optional attribute ``name`` (None when it has none).

    Raises:
        ValueError: reading it raised (a property of the plugin's that fails): the message names the tracker's
            class, the attribute, what it raised and the rule (a bare traceback of the plugin's error otherwise).
    """
    try:
        return getattr(tracker, name, None)
    except (Exception, SystemExit) as exc:  # the plugin's own code: any failure is the plugin's (sys.exit() too)
        problem = f"reading {type(tracker).__name__}.{name} raised {type(exc).__name__}: {exc}"
        raise ValueError(tagged(problem, f"tracker.{name}")) from exc


def provider_of(tracker: object) -> str | None:
    """The tracker's optional ``provider`` attribute; None when it has none (or not a str).

    Raises:
        ValueError: reading it raised (see :func:`_optional_attribute`).
    """
    provider = _optional_attribute(tracker, "provider")
    return provider if isinstance(provider, str) else None


def stage_times_of(tracker: object) -> dict[str, float] | None:
    """A copy of the tracker's optional ``stage_times_s``; None when it has none (or not a mapping of numbers).

    Raises:
        ValueError: reading it raised (see :func:`_optional_attribute`).
    """
    stages = _optional_attribute(tracker, "stage_times_s")
    if not isinstance(stages, Mapping):
        return None
    if not all(isinstance(k, str) and _is_number(v) for k, v in stages.items()):
        return None
    try:
        return {k: float(v) for k, v in stages.items()}
    except OverflowError:  # an int beyond any float
        return None


MAX_FOOT_TIMING_BIAS_S = 0.05
"""The largest foot timing bias a tracker may declare (s): more than a frame at 30 fps is a broken backend."""


def foot_timing_bias_of(tracker: object) -> tuple[float, float] | None:
    """The tracker's optional ``foot_timing_bias_s`` (take-off, landing) in seconds; None when it declares none.

    Raises:
        ValueError: the declaration is not two finite numbers within
            ``MAX_FOOT_TIMING_BIAS_S``; the message names the rule.
    """
    declared = _optional_attribute(tracker, "foot_timing_bias_s")
    return checked_foot_timing_bias(declared, f"{type(tracker).__name__}.foot_timing_bias_s")


def checked_foot_timing_bias(declared: object, what: str = "foot_timing_bias_s") -> tuple[float, float] | None:
    """``declared`` as (take-off, landing) floats when it is a valid foot timing bias (None: none declared).

    Raises:
        ValueError: ``WHAT must be (take-off, landing) ...``: not two finite numbers within
            ``MAX_FOOT_TIMING_BIAS_S``; the message names the rule.
    """
    if declared is None:
        return None
    tolist = getattr(declared, "tolist", None)
    if callable(tolist) and getattr(declared, "ndim", None) == 1:  # a numpy array: np.median(..., axis=0)
        declared = tolist()
    problem = (
        f"{what} must be (take-off, landing) in seconds, two finite "
        f"numbers within {MAX_FOOT_TIMING_BIAS_S} s, not {declared!r} [contract rule tracker.foot_timing_bias_s, "
        "since 1.3]"
    )
    if not isinstance(declared, (tuple, list)) or len(declared) != 2:
        raise ValueError(problem)
    if not all(_is_number(v) for v in declared):
        raise ValueError(problem)
    try:
        takeoff, landing = float(declared[0]), float(declared[1])
    except OverflowError:  # an int beyond any float
        raise ValueError(problem) from None
    if not all(math.isfinite(v) and abs(v) <= MAX_FOOT_TIMING_BIAS_S for v in (takeoff, landing)):
        raise ValueError(problem)
    return takeoff, landing


def model_time_of(tracker: object) -> float | None:
    """The tracker's optional ``model_time_s`` attribute; None when it has none (or not a float).

    Raises:
        ValueError: reading it raised (see :func:`_optional_attribute`).
    """
    seconds = _optional_attribute(tracker, "model_time_s")
    if not _is_number(seconds):
        return None
    try:
        return float(seconds)  # type: ignore[arg-type]
    except OverflowError:  # an int beyond any float
        return None


def model_files_of(tracker: object) -> tuple[Path, ...] | None:
    """The tracker's optional ``model_files`` as absolute paths, without repeats (in the order given); None when it
    declares none.

    Raises:
        ValueError: reading it raised, or it is not a sequence of paths (str or ``os.PathLike``) of existing
            files (the message names the tracker's class and the rule).
    """
    declared = _optional_attribute(tracker, "model_files")
    if declared is None:
        return None
    what = f"{type(tracker).__name__}.model_files"
    if isinstance(declared, (str, bytes, os.PathLike)) or not isinstance(declared, (list, tuple)):
        problem = f"{what} must be a list or tuple of paths, not {type(declared).__name__} {declared!r:.80}"
        raise ValueError(tagged(problem, "tracker.model_files"))
    paths: list[Path] = []
    for item in declared:
        try:  # a path-like object of the plugin's own: its __fspath__ may raise, or give bytes or no text
            text = os.fspath(item) if isinstance(item, (str, os.PathLike)) else None
        except Exception as exc:  # the plugin's own code: any failure is the plugin's
            problem = f"{what} holds {type(item).__name__}, whose __fspath__() raised {type(exc).__name__}: {exc}"
            raise ValueError(tagged(problem, "tracker.model_files")) from exc
        if not isinstance(text, str) or not text:
            problem = f"{what} must hold paths (str or os.PathLike), not {item!r:.80}"
            raise ValueError(tagged(problem, "tracker.model_files"))
        path = Path(os.path.abspath(text))
        if not path.is_file():
            problem = f"{what} names {path}, which is not a file: name the files the tracker loaded its models from"
            raise ValueError(tagged(problem, "tracker.model_files"))
        if path not in paths:
            paths.append(path)
    return tuple(paths)


def call_mismatch(function: object, *args: object, **kwargs: object) -> tuple[str, str] | None:
    """Why the call ``function(*args, **kwargs)`` does not fit ``function``'s signature, read without calling it.

    Returns ``(declared, why)``: the function as declared (``process_frame(frame)``) and Python's reason
    (``too many positional arguments``). None when the call fits, or when there is no signature to read (a
    builtin, a class written in C: the call itself will say).
    """
    try:
        signature = inspect.signature(function)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(*args, **kwargs)
    except TypeError as exc:
        return f"{getattr(function, '__name__', '?')}{signature}", str(exc)
    return None


def streams_of(tracker: object, count: int) -> list[PoseTracker] | None:
    """The tracker's optional ``streams(count)``: ``count`` trackers sharing its models, their calls batched
    (see :class:`PoseTracker`); None when it has no ``streams`` or offers none here.

    Raises:
        ValueError: ``streams`` returned something other than None or ``count`` distinct trackers (one of them
            twice, or the tracker itself; the message names the rule), or ``count`` is below 1.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    streams = _optional_attribute(tracker, "streams")
    if not callable(streams):
        return None
    made = streams(count)
    if made is None:
        return None
    trackers = list(made) if isinstance(made, (list, tuple)) else None
    if trackers is None or len(trackers) != count or not all(isinstance(t, PoseTracker) for t in trackers):
        shown = repr(made)
        problem = (
            f"{type(tracker).__name__}.streams({count}) must return {count} trackers or None, "
            f"got {shown[:80]}{'...' if len(shown) > 80 else ''}"
        )
        raise ValueError(tagged(problem, "tracker.streams"))
    itself = any(t is tracker for t in trackers)
    if itself or len({id(t) for t in trackers}) != count:
        problem = (
            f"{type(tracker).__name__}.streams({count}) must return {count} distinct trackers, none of them the "
            "tracker itself (each thread resets and closes its own), got "
            + ("the tracker itself" if itself else "one tracker more than once")
        )
        raise ValueError(tagged(problem, "tracker.streams"))
    return trackers


def reset_for_next_video(tracker: object) -> bool:
    """Call the tracker's optional ``reset()``; False when it has none (create a new tracker instead)."""
    reset = getattr(tracker, "reset", None)
    if not callable(reset):
        return False
    reset()
    return True


_LARGEST_MS = 2**53
"""Times from here on are not whole numbers of ms in a float, nor an int64 a model's runtime takes (285,000 years)."""


def checked_timestamp(timestamp_ms: object) -> float:
    """``timestamp_ms`` as a float when it is a finite number of ms (``0``: no timestamp); every backend's check.

    Raises:
        ValueError: not a number, not finite (``inf``, ``nan``) or 2**53 ms or more: no frame is ever at
            such a time.
    """
    if isinstance(timestamp_ms, bool) or not isinstance(timestamp_ms, numbers.Real):
        raise ValueError(f"timestamp_ms must be a number of milliseconds, got {type(timestamp_ms).__name__}")
    try:
        value = float(timestamp_ms)
    except OverflowError:  # an int beyond any float
        value = math.inf
    if not math.isfinite(value) or abs(value) >= _LARGEST_MS:
        raise ValueError(
            f"timestamp_ms must be a finite number of milliseconds (below 2**53), got {timestamp_ms!r}; pass the "
            "frame's presentation time, or 0 to let the tracker keep its own clock"
        )
    return value


class TrackerClock:
    """The one timestamp rule: what a tracker is given is whole ms, strictly increasing.

    :meth:`next` takes a frame's presentation time in ms. A time ``<= 0``
    means "no timestamp" (the protocol's ``0``): the clock uses its own
    monotonic time since its first frame. A time that does not increase is
    moved to 1 ms after the previous one (a container's duplicate or rounded
    times), or, with ``strict=True`` (a tracker checking its caller), refused
    with a :class:`ValueError` that says what to do. A time given after
    frames without one (``0``) only has to follow them if it can: the
    clock's own time is the tracker's, not the caller's, and a slow first
    frame (a model loading, a busy machine) could run it past the caller's
    first real time; the caller's times are then shifted to follow it, kept
    as far apart as given, strict or not.

    The pipeline keeps one clock per video and trackers that need timestamps
    (MediaPipe's VIDEO mode) keep one each; warm-up frames go through the same
    clock as the frames after them, so no offset is ever needed.
    """

    def __init__(self, *, strict: bool = False) -> None:
        self._strict = strict
        self._start_ns: int | None = None
        self._last: int | None = None
        self._last_was_own = False
        """Whether the last time handed out was the clock's own (a frame given ``0``)."""
        self._shift_ms = 0
        """Added to the caller's times: set when its first time after the clock's own ones falls behind them."""

    def next(self, timestamp_ms: float) -> int:
        """The timestamp to hand the tracker (or the model) for this frame.

        Raises:
            ValueError: ``timestamp_ms`` is not a finite number (``inf``, ``nan``, a string), or (strict)
                does not increase.
        """
        timestamp_ms = checked_timestamp(timestamp_ms)
        if self._start_ns is None:
            self._start_ns = time.monotonic_ns()
        if timestamp_ms > 0:
            given = round(timestamp_ms)
            if self._last_was_own and self._last is not None and given + self._shift_ms <= self._last:
                self._shift_ms = self._last + 1 - given  # the caller's times, kept apart as given, after the own
            ts = given + self._shift_ms
            if self._last is not None and ts <= self._last:
                if self._strict:
                    raise ValueError(
                        f"timestamp_ms must increase from frame to frame in a video: got {given} after "
                        f"{self._last - self._shift_ms}. Create a new tracker for a new video, or pass 0 to let "
                        "the tracker keep its own clock."
                    )
                ts = self._last + 1
        else:
            elapsed = (time.monotonic_ns() - self._start_ns) // 1_000_000
            ts = elapsed if self._last is None else max(elapsed, self._last + 1)
        self._last_was_own = timestamp_ms <= 0
        self._last = ts
        return ts


def as_bgr_frame(frame: object) -> npt.NDArray[np.uint8]:
    """Return ``frame`` as a C-contiguous BGR uint8 ``(H, W, 3)`` array; backends call it first.

    Handled: grayscale ``(H, W)`` or ``(H, W, 1)`` (replicated to 3 channels),
    BGRA ``(H, W, 4)`` (alpha dropped), non-contiguous views (copied).

    Raises:
        ValueError: None, not an array, not uint8, empty, or an unsupported shape.
    """
    import numpy as np

    if frame is None:
        raise ValueError("frame is None: the video reader returned no image (end of file or a decode error?)")
    if not isinstance(frame, np.ndarray):
        raise ValueError(f"frame must be a numpy array (BGR uint8, H x W x 3), got {type(frame).__name__}")
    if frame.dtype != np.uint8:
        raise ValueError(
            f"frame must have dtype uint8 (0-255), got {frame.dtype}; "
            "for floats in [0, 1] use (frame * 255).round().astype(np.uint8)"
        )
    if frame.size == 0 or frame.ndim < 2 or min(frame.shape[:2]) == 0:
        raise ValueError(f"frame is empty (shape {frame.shape})")
    if frame.ndim == 2:
        frame = frame[:, :, None]
    if frame.ndim != 3 or frame.shape[2] not in (1, 3, 4):
        raise ValueError(f"frame must be H x W x 3 BGR (or grayscale / BGRA), got shape {frame.shape}")
    if frame.shape[2] == 1:
        frame = np.repeat(frame, 3, axis=2)
    elif frame.shape[2] == 4:
        frame = frame[:, :, :3]
    return np.ascontiguousarray(frame)


# -- the plugin ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    """Whether a backend can really run here, and why (not)."""

    available: bool
    reason: str

    @classmethod
    def yes(cls, reason: str = "ready") -> Availability:
        """An available result with a short description of what was checked."""
        return cls(True, reason)

    @classmethod
    def no(cls, reason: str) -> Availability:
        """An unavailable result; ``reason`` should say what is missing and the fix."""
        return cls(False, reason)

    def __bool__(self) -> bool:
        return self.available


@runtime_checkable
class BackendPlugin(Protocol):
    """What a ``kinemotion.backends`` entry point provides.

    Attributes:
        name: unique backend name, lower case with dashes (``rtmpose-cuda``).
        priority: higher wins when ``backend="auto"``; an int from -1,000,000 to
            1,000,000 (:data:`PRIORITY_RANGE`). The shipped plugins use CUDA 400, CoreML 300,
            OpenVINO 250, optimised CPU 200, MediaPipe 100.
        modes: the modes :meth:`create` accepts; always includes ``lightweight``.

    Optional (since contract 1.1): ``contract_version``, the ``"MAJOR.MINOR"``
    of the contract the plugin was written for (:data:`CONTRACT_VERSION` of the
    kinemotion it was tested with). A plugin for a newer major than this
    kinemotion's is refused with the fix (upgrade kinemotion); one for an older
    minor of the same major keeps working; without it the plugin is held to 1.0.

    Optional (since contract 1.4): ``shares_models = True``, the plugin's
    trackers offer ``streams()`` (see :class:`PoseTracker`): ``-j N`` then
    creates one tracker in the command's process and asks it for streams.
    """

    # Read-only members (properties here): a plain class attribute satisfies them, ``modes = ("lightweight",)``
    # included, which a type checker infers as ``tuple[str]``: a settable ``modes: tuple[str, ...]`` would refuse it.
    @property
    def name(self) -> str:
        """Unique backend name, lower case with dashes."""
        ...

    @property
    def priority(self) -> int:
        """Higher wins when ``backend="auto"``."""
        ...

    @property
    def modes(self) -> tuple[str, ...]:
        """The modes :meth:`create` accepts; always includes ``lightweight``."""
        ...

    def probe(self) -> Availability:
        """Check cheaply whether the backend can run here. Must never raise.

        The probe cannot know the mode or options of a later :meth:`create`, so
        it answers for the default configuration: the runtime really works here
        (a GPU provider really runs a session, not a silent CPU fallback) and
        the ``lightweight`` models are at hand or downloadable (a local copy
        found through ``KINEMOTION_MODEL_DIR`` or the cache counts; with
        ``KINEMOTION_OFFLINE`` set and no local copy it is unavailable, and the
        reason says to set ``KINEMOTION_MODEL_DIR``). Whatever depends on the
        mode or the options (another mode's models, a ``model_path=`` that does
        not exist, an unknown option) is checked by :meth:`create`, which
        raises ``ModelDownloadError``, ``ValueError`` or ``TypeError`` naming it.
        """
        ...

    def create(self, mode: str = "lightweight", **options: object) -> PoseTracker:
        """Build a tracker for ``mode``; options are backend-specific.

        One option every backend should take: ``person`` (``"largest"``,
        ``"center"`` or a point ``"x,y"``), which ``--person`` passes on the
        command line (only when given); whom to follow among the people found
        is then chosen by :class:`kinemotion.pose.person.PersonPolicy`, as in
        every shipped backend (the conformance kit checks that with two people
        in view the larger is followed).

        Raises:
            ValueError: ``mode`` is not in :attr:`modes`.
            TypeError: an option the backend does not know (never ignore one:
                a misspelled option would go unnoticed).
        """
        ...


XY_RANGE = (-1.0, 2.0)
"""Where a landmark's x and y may lie, in frame widths and heights (both ends included): within a frame of the
view (a point guessed just off the picture), never further (a value beyond is a broken backend, not a pose)."""

PRIORITY_RANGE = (-1_000_000, 1_000_000)
"""The priorities a plugin may declare (both ends included): a ranking needs no more, and a number beyond them
(``10**100``) is a mistake. A negative one is allowed, as since contract 1.0: auto picks it last."""


ALL_BACKENDS = "all"
"""The word ``kinemotion bench --backend`` takes for every available backend: no backend is named so."""


def normalize_name(name: str) -> str:
    """Backend names are case-insensitive, treat ``_`` like ``-``, and are one name in either Unicode form
    (``pöse`` typed composed names the plugin that spells it with the accent apart, as macOS writes it)."""
    return unicodedata.normalize("NFC", name).strip().lower().replace("_", "-")


def _unusable_in_name(name: str) -> str | None:
    """Why the backend name ``name`` cannot be given back to kinemotion (None: it can): a comma (the separator of
    ``KINEMOTION_DISABLED_BACKENDS``, ``a,b`` read as two names), a slash, or a space, tab or line break inside it
    (each name is one word of ``kinemotion backends``' table and one line's ``[backend]``). Names have been "lower
    case with dashes" since contract 1.0; dots and the like stay allowed, and other control characters are shown
    escaped.

    The conformance kit and :func:`kinemotion.register_backend` refuse such a name; an installed plugin's entry
    point is loaded with a warning (a plugin published with one keeps working: the contract is a promise). So is
    the name ``all``: ``kinemotion bench --backend all`` times every backend, so one of that name is never timed
    alone.
    """
    if normalize_name(name) == ALL_BACKENDS:
        return (
            f"`name` {name!r} is the word for every backend (`kinemotion bench --backend all` times every one), so a "
            "backend of that name can never be timed alone; choose another (e.g. 'acme-all')"
        )
    inner = name.strip()
    found = sorted(
        {
            "a comma" if c == "," else "a slash" if c in "/\\" else "a line break" if c in "\r\n" else "a space or tab"
            for c in inner
            if c in ",/\\" or c.isspace()
        }
    )
    if not found:
        return None
    return (
        f"`name` {name!r} has {' and '.join(found)} in it: lists of backends are separated by commas "
        "(KINEMOTION_DISABLED_BACKENDS=a,b), tables and messages by spaces and lines, so a name with a comma, slash, "
        "space or line break cannot be given back whole; write it lower case with dashes (e.g. 'acme-pose')"
    )


def plugin_problems(plugin: object, *, conventions: bool = False) -> list[str]:
    """What ``plugin`` gets wrong about the attributes of :class:`BackendPlugin` (empty: nothing).

    The registry refuses a plugin with any of these problems. With
    ``conventions`` (the conformance kit, :mod:`kinemotion.testing`), also
    what the registry forgives: a name not already lower case with dashes (it
    normalises it) and modes without ``lightweight`` (the default mode).
    """
    problems = []
    name = getattr(plugin, "name", None)
    if not isinstance(name, str) or not name.strip():
        problems.append(tagged(f"`name` must be a non-empty str, got {name!r}", "plugin.name"))
    elif normalize_name(name) == "auto":  # `--backend auto` means "pick the best": a backend of that name never runs
        problems.append(
            tagged("`name` 'auto' is reserved (backend='auto' picks the best backend); choose another", "plugin.name")
        )
    elif conventions and (unusable := _unusable_in_name(name)) is not None:
        problems.append(tagged(unusable, "plugin.name"))
    elif conventions and not unicodedata.is_normalized("NFC", name):
        composed = unicodedata.normalize("NFC", name)
        problems.append(tagged(f"`name` must be in composed Unicode form (NFC): {composed!r}", "plugin.name"))
    elif conventions and name != normalize_name(name):
        problems.append(tagged(f"`name` must be lower case with dashes, got {name!r}", "plugin.name"))
    priority = getattr(plugin, "priority", None)
    if not isinstance(priority, int) or isinstance(priority, bool):
        fix = ""
        if isinstance(priority, str) and priority.strip().lstrip("-").isdigit():
            fix = f" (write it without quotes, priority = {priority.strip()})"
        problems.append(tagged(f"`priority` must be an int, got {priority!r}{fix}", "plugin.priority"))
    elif not PRIORITY_RANGE[0] <= priority <= PRIORITY_RANGE[1]:
        shown = f"{priority:.3g}" if abs(priority) > 10**12 else str(priority)  # 10**100 is not 101 digits long
        problems.append(
            tagged(
                f"`priority` must be from {PRIORITY_RANGE[0]:_} to {PRIORITY_RANGE[1]:_} (the shipped backends "
                f"use 100 to 400; higher wins in auto), got {shown}",
                "plugin.priority",
            )
        )
    modes = getattr(plugin, "modes", None)
    if not isinstance(modes, (tuple, list)) or not modes or not all(isinstance(m, str) for m in modes):
        problems.append(
            tagged(
                f"`modes` must be a non-empty tuple of mode names, got {modes!r}"
                + (" (a string is not a tuple)" if isinstance(modes, str) else "")
                + (
                    f" (a set: write a tuple, modes = {tuple(sorted(modes))!r})"
                    if isinstance(modes, set | frozenset) and modes and all(isinstance(m, str) for m in modes)
                    else ""
                ),
                "plugin.modes",
            )
        )
    elif conventions and "lightweight" not in modes:
        problems.append(tagged(f"`modes` must include 'lightweight', got {modes!r}", "plugin.modes"))
    for method in ("probe", "create"):
        if not callable(getattr(plugin, method, None)):
            problems.append(tagged(f"`{method}` must be a method", f"plugin.{method}"))
    problems += version_problems(plugin)
    return problems
