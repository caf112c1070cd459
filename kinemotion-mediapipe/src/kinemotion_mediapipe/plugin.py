"""The ``mediapipe`` entry point: probe and create for the MediaPipe backend."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from kinemotion.errors import BackendError, UnsupportedModeError
from kinemotion.extras import pip_install
from kinemotion.models import MODEL_DIR_ENV, OFFLINE_ENV, cache_dir, downloads_disabled, ensure_model, offline_advice
from kinemotion.pose.contract import Availability
from kinemotion_mediapipe.model_files import (
    BUNDLED_DIR,
    MODEL_FILES,
    bundled_path,
    checked_bundled_path,
    local_path,
    pinned_mode,
)

if TYPE_CHECKING:  # the tracker imports numpy and OpenCV: keep them out of `kinemotion backends`
    from kinemotion_mediapipe.tracker import MediaPipeTracker

__all__ = ["MediaPipePlugin"]

LITE_FOOT_TIMING_BIAS_S = (-0.0052, 0.0080)
"""(take-off, landing): how much later (s) the lite model's foot points leave and touch the ground than
RTMPose's, on the same footage (plugin contract 1.3, ``foot_timing_bias_s``). Median over the 21 flights of
the real-footage dev set found by both (side, oblique and front views, 30 fps), from
``python benchmarks/foot_timing_bias.py --backend mediapipe``: MediaPipe sees the feet leave early and
land late (per clip -15 to -2 ms at take-off, 0 to +24 ms at landing: most on the squat jump, side-on, and
on the demo's hops, facing the camera against the sun)."""

FULL_FOOT_TIMING_BIAS_S = (-0.0007, 0.0108)
"""(take-off, landing) the same for the full model (``balanced``): median over the same 21 flights, from
``python benchmarks/foot_timing_bias.py --backend mediapipe --mode balanced``. It depends on the clip more
than the lite model's (per clip -39 to +8 ms at take-off, -1 to +29 ms at landing; the rope skipping's 15
hops weigh most), but its flights are longer than RTMPose's on every clip of the dev set, and the
landing's bias stays late with any one clip left out (+6 to +27 ms); docs/accuracy.md."""

FOOT_TIMING_BIAS_S: Final[dict[str, tuple[float, float]]] = {
    "lightweight": LITE_FOOT_TIMING_BIAS_S,
    "balanced": FULL_FOOT_TIMING_BIAS_S,
}
"""The measured models' declared bias, by the mode whose pinned bundle they are; the heavy model
(``performance``, not pinned) and any other model file declare none."""

_FLOAT_OPTIONS = (
    "min_pose_detection_confidence",
    "min_pose_presence_confidence",
    "min_tracking_confidence",
)


def _found_copy_unusable(path: Path, mode: str, exc: BackendError) -> str:
    """Why the mode's model, found by kinemotion (not given as ``model_path``), cannot be used, and the fix."""
    spec = MODEL_FILES[mode]
    cause = exc.__cause__ or exc
    replace = f"replace it with a good copy of {spec.url}"
    if path.parent == cache_dir():
        where, fix = (
            "the model cache",
            f"delete it (downloaded again on next use, unless {OFFLINE_ENV} is set) or {replace}",
        )
    elif path.parent == BUNDLED_DIR:
        where, fix = "the kinemotion-mediapipe package", "pip install --force-reinstall kinemotion-mediapipe"
    else:  # ensure_model's other place: the offline folder
        where, fix = f"the folder {MODEL_DIR_ENV} names", f"delete it or {replace}"
    return (
        f"{path}, the {mode} model ({spec.filename}) found in {where}, cannot be loaded by MediaPipe ({cause}): "
        f"it is damaged or not a pose landmarker bundle; {fix}."
    )


class MediaPipePlugin:
    """MediaPipe Tasks Pose Landmarker: the CPU baseline that works everywhere.

    Options for :meth:`create`: ``model_path`` (a ``.task`` file, overrides the
    mode's model; the pinned lite or full file declares that model's foot timing
    bias, any other file none: :data:`FOOT_TIMING_BIAS_S`), ``num_poses`` (int, default 2: how many people MediaPipe
    looks for when (re)acquiring; the tracker follows one, see
    :class:`~kinemotion_mediapipe.tracker.MediaPipeTracker`), ``person`` (whom:
    ``largest``, ``center`` or a point ``x,y``; :mod:`kinemotion.pose.person`),
    ``min_pose_detection_confidence``, ``min_pose_presence_confidence``,
    ``min_tracking_confidence`` (floats in [0, 1], default 0.5), ``progress``
    (show a download progress bar; default: only when stderr is a terminal).
    """

    name = "mediapipe"
    priority = 100
    modes: ClassVar[tuple[str, ...]] = ("lightweight", "balanced", "performance")
    contract_version = "1.5"
    """The plugin contract it is written and tested for (shown by ``kinemotion backends``)."""

    def probe(self) -> Availability:
        """mediapipe importable (checked without importing it) and the lite model at hand."""
        if importlib.util.find_spec("mediapipe") is None:
            return Availability.no(f"mediapipe is not installed: {pip_install('mediapipe')}")
        spec = MODEL_FILES["lightweight"]
        if bundled_path("lightweight") is not None:
            return Availability.yes("MediaPipe Tasks, lite model bundled")
        local = local_path("lightweight")
        if local is not None:
            return Availability.yes(f"MediaPipe Tasks, lite model at {local}")
        if downloads_disabled():
            return Availability.no(
                f"{spec.filename} is not bundled or cached and downloads are disabled (KINEMOTION_OFFLINE). "
                f"{offline_advice(spec)}"
            )
        return Availability.yes(f"MediaPipe Tasks, lite model downloads on first use from {spec.url}")

    def create(self, mode: str = "lightweight", **options: object) -> MediaPipeTracker:
        """A VIDEO-mode tracker for ``mode``; see the class docstring for options."""
        from kinemotion.pose.person import PersonChoice
        from kinemotion_mediapipe.tracker import MediaPipeTracker

        if mode not in MODEL_FILES:
            raise UnsupportedModeError(f"mediapipe has no mode {mode!r}; it offers: {', '.join(self.modes)}")
        known = {"model_path", "num_poses", "progress", "person", *_FLOAT_OPTIONS}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TypeError(f"mediapipe backend got unknown options {unknown}; it accepts {sorted(known)}")
        kwargs: dict[str, float | int] = {}
        for key in _FLOAT_OPTIONS:
            if key in options:
                value = options[key]
                if not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
                    raise ValueError(f"{key} must be a number in [0, 1], got {value!r}")
                kwargs[key] = float(value)
        num_poses = options.get("num_poses", 2)
        if not isinstance(num_poses, int) or num_poses < 1:
            raise ValueError(f"num_poses must be a positive int, got {num_poses!r}")
        model_path = options.get("model_path")
        if model_path is not None and not isinstance(model_path, (str, os.PathLike)):
            raise TypeError(f"model_path must be a path, got {type(model_path).__name__}")
        path = ensure_model(
            MODEL_FILES[mode],
            model_path if model_path is not None else checked_bundled_path(mode),
            progress=None if options.get("progress") is None else bool(options["progress"]),
        )
        person = PersonChoice.parse(options.get("person"))  # type: ignore[arg-type]
        try:
            tracker = MediaPipeTracker(path, num_poses=num_poses, person=person, **kwargs)
        except BackendError as exc:
            if model_path is not None:
                raise  # the caller's own file: the tracker's message names model_path
            raise BackendError(_found_copy_unusable(path, mode, exc)) from exc
        measured = mode if model_path is None else pinned_mode(path)  # None: the mode's own file (bundled
        # or in the cache, checked against its pin when it has one)
        tracker.foot_timing_bias_s = FOOT_TIMING_BIAS_S.get(measured) if measured is not None else None
        return tracker
