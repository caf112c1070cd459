"""What tracking a video gives: the landmark series and a record of the backend that produced it."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import numpy.typing as npt

from kinemotion.errors import BackendError
from kinemotion.landmarks import LandmarkDict
from kinemotion.pose.contract import checked_foot_timing_bias, foot_timing_bias_of, model_files_of, provider_of
from kinemotion.pose.rules import declared_before
from kinemotion.pose.selection import Selection
from kinemotion.tracking.decode import VideoInfo
from kinemotion.tracking.model_files import model_file_record
from kinemotion.versions import recorded_version, requirement_versions

__all__ = ["BackendRecord", "TrackingResult", "share_model_files"]


@dataclass
class TrackingResult:
    """Landmarks of one video: ``landmarks[i, j] = (x, y, visibility)`` of ``landmark_names[j]``
    in frame ``i`` (NaN where no pose was found), with container timestamps."""

    video: VideoInfo
    """The video tracked: its path, size, frame rate and frame count (as its header says)."""
    backend: BackendRecord
    """What tracked it: the backend, its mode, options and version (recorded in every output)."""
    landmark_names: tuple[str, ...]
    """The canonical name of each column of :attr:`landmarks`: those the backend gave, in the order of
    :data:`kinemotion.LANDMARK_NAMES`."""
    timestamps_ms: npt.NDArray[np.float64]
    """Each frame's time in the video (ms), from the container."""
    landmarks: npt.NDArray[np.float32]
    """``(frames, landmarks, 3)``: x and y normalised to the frame (0-1), and visibility (0-1); NaN where no
    pose was found."""
    complete: bool = True
    """False when the video could be read only in part (truncated or corrupt): the frames read are here."""
    error: str | None = None
    """Why reading stopped early, when it did (:attr:`complete` is False)."""
    problems: tuple[str, ...] = ()
    """What the backend got wrong on this video (unknown or missing landmark names), once each."""

    @property
    def frame_count(self) -> int:
        """Frames tracked."""
        return len(self.timestamps_ms)

    @property
    def found(self) -> npt.NDArray[np.bool_]:
        """Per frame: was a pose found?"""
        found: npt.NDArray[np.bool_] = np.asarray(~np.isnan(self.landmarks[:, :, 0]).all(axis=1), dtype=bool)
        return found

    def frame(self, index: int) -> LandmarkDict | None:
        """Frame ``index`` as a landmark dict (None where no pose was found)."""
        if not self.found[index]:
            return None
        row = self.landmarks[index]
        return {
            name: (float(row[j, 0]), float(row[j, 1]), float(row[j, 2]))
            for j, name in enumerate(self.landmark_names)
            if not np.isnan(row[j, 0])
        }

    def series(self, name: str) -> npt.NDArray[np.float32]:
        """``(frames, 3)`` array of one landmark over time."""
        return self.landmarks[:, self.landmark_names.index(name)]


def _recorded(distribution: str | None, version: str | None) -> str | None:
    """The backend release as outputs record it: with its source stamp when installed editable
    (:func:`~kinemotion.versions.recorded_version`)."""
    if distribution is None or version is None:
        return version
    return recorded_version(distribution, version)


_LOADED: dict[int, tuple[weakref.ref[object], list[dict[str, object]]]] = {}
"""The model files each tracker declared, fingerprinted when first seen (see :func:`_model_files_loaded`), by the
tracker's identity: a tracker that is a ``@dataclass`` (unhashable) or compares equal to another (its settings)
is still its own tracker, which loaded its own files."""
_LOADED_LOCK = threading.Lock()


def _forget(key: int, ref: weakref.ref[object]) -> None:
    """Drop the records of the tracker ``ref`` referred to, now gone (not those of a later tracker at its id)."""
    with _LOADED_LOCK:
        if key in _LOADED and _LOADED[key][0] is ref:
            del _LOADED[key]


def _model_files_loaded(selection: Selection) -> list[dict[str, object]]:
    """The records of the model files the selected tracker declares (plugin contract 1.5), fingerprinted the first
    time a video is tracked with it, when they are the files it loaded: one replaced later in a batch is not what
    this tracker runs, and its later videos record the files it loaded, not the ones there now. A stream
    (:attr:`~kinemotion.pose.selection.Selection.models_of`) that declares none records those of the tracker whose
    models it runs.

    Raises:
        ValueError: the declaration is malformed (:func:`~kinemotion.pose.contract.model_files_of`).
        OSError: a file declared cannot be read.
    """
    if declared_before(selection.info.plugin, "tracker.model_files"):
        return []
    tracker: object = selection.tracker
    if selection.models_of is not None and model_files_of(tracker) is None:
        tracker = selection.models_of  # a stream declaring none runs its tracker's models: the files it loaded
    key = id(tracker)
    with _LOADED_LOCK:
        known = _LOADED.get(key)
    if known is not None and known[0]() is tracker:
        return [dict(record) for record in known[1]]
    records = [model_file_record(path) for path in model_files_of(tracker) or ()]
    try:
        ref = weakref.ref(tracker, partial(_forget, key))
    except TypeError:  # a tracker that takes no weak reference (__slots__): fingerprinted video by video
        return records
    with _LOADED_LOCK:
        _LOADED[key] = (ref, records)
    return [dict(record) for record in records]


def share_model_files(selection: Selection, streams: Sequence[object]) -> None:
    """Fingerprint the model files ``selection``'s tracker declares now, as it has just loaded them, and record
    them for each of its ``streams`` (plugin contract 1.4) that declares the same files: a stream runs its
    tracker's models, not the files there when it first tracks a video (one made after a model was saved over
    the file mid-batch, replacing a stream closed after a failed video, recorded the new model for landmarks the
    old one made). A stream declaring other files, or a declaration that is malformed or names a file that cannot
    be read, is left to :func:`_model_files_loaded` (each video says what is wrong, as before)."""
    if declared_before(selection.info.plugin, "tracker.model_files"):
        return
    try:
        records = _model_files_loaded(selection)
        own = model_files_of(selection.tracker)
    except (ValueError, OSError):
        return
    for stream in streams:
        try:
            if model_files_of(stream) != own:
                continue
            ref = weakref.ref(stream, partial(_forget, id(stream)))
        except (ValueError, TypeError):  # malformed, or no weak reference to it: fingerprinted video by video
            continue
        with _LOADED_LOCK:
            _LOADED[id(stream)] = (ref, [dict(record) for record in records])


@dataclass(frozen=True)
class BackendRecord:
    """Which backend produced a result, as every output records it."""

    name: str
    mode: str
    provider: str | None
    """What ran the model (the tracker's ``provider``), when it says."""
    distribution: str | None
    version: str | None
    options: dict[str, str] = field(default_factory=dict)
    foot_timing_bias_s: tuple[float, float] | None = None
    """(take-off, landing) seconds the tracker declares its foot points late (positive) or early against
    RTMPose (plugin contract 1.3); the jump analysis takes them off its events. None: none declared."""
    runtime: dict[str, str] = field(default_factory=dict)
    """The installed version of each distribution the backend's own requires (MediaPipe, ONNX Runtime,
    OpenVINO...: :func:`~kinemotion.versions.requirement_versions`), by name; empty for a backend without a
    distribution. A resumed batch redoes what another runtime made."""
    model_files: list[dict[str, object]] = field(default_factory=list)
    """``{"path", "size", "sha256"}`` of each file the tracker loaded its models from, as it declares them
    (plugin contract 1.5, :func:`~kinemotion.pose.contract.model_files_of`); empty when it declares none. A
    resumed batch redoes what a model since replaced under the same name made."""

    def __post_init__(self) -> None:
        # Built by hand too (analyze_tracking on another tool's landmarks): a bias moves every event silently,
        # so it is held to the contract's rule wherever the record comes from.
        what = f"the foot_timing_bias_s of backend {self.name!r}"
        object.__setattr__(self, "foot_timing_bias_s", checked_foot_timing_bias(self.foot_timing_bias_s, what))

    @classmethod
    def of(cls, selection: Selection, mode: str, options: dict[str, object]) -> BackendRecord:
        """The record of a selected backend's tracker, created in ``mode`` with ``options``.

        Raises:
            BackendError: the tracker declares a malformed ``foot_timing_bias_s``, or reading its
                ``provider`` or bias raises.
        """
        try:
            # A plugin written for a contract before 1.3 knew no foot timing bias: an attribute of that name is
            # not the contract's, and moving every event by it would be a silent error.
            written_before = declared_before(selection.info.plugin, "tracker.foot_timing_bias_s")
            bias = None if written_before else foot_timing_bias_of(selection.tracker)
            provider = provider_of(selection.tracker)
            model_files = _model_files_loaded(selection)
        except (ValueError, OSError) as exc:
            raise BackendError(
                f"Backend {selection.info.name!r} (mode {mode!r}): {exc}. This is a bug in the backend "
                f"({selection.info.distribution or 'its plugin'}): report it to its authors, or choose another "
                "backend with --backend (`kinemotion backends` lists them)."
            ) from exc
        return cls(
            name=selection.info.name,
            mode=mode,
            provider=provider,
            distribution=selection.info.distribution,
            version=_recorded(selection.info.distribution, selection.info.version),
            options={k: str(v) for k, v in options.items()},
            foot_timing_bias_s=bias,
            runtime=requirement_versions(selection.info.distribution) if selection.info.distribution else {},
            model_files=model_files,
        )
