"""The MediaPipe pose tracker: PoseLandmarker (Tasks API) in VIDEO running mode."""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from kinemotion.errors import BackendError
from kinemotion.landmarks import LandmarkDict
from kinemotion.pose.contract import XY_RANGE, ClosingTracker, TrackerClock, as_bgr_frame
from kinemotion.pose.person import Candidate, PersonChoice, PersonPolicy, box_iou
from kinemotion_mediapipe.landmark_map import BLAZEPOSE_TO_CANONICAL
from kinemotion_mediapipe.native_log import quiet_native_stderr

__all__ = ["MediaPipeTracker"]


def _clip01(value: float | None) -> float:
    return 0.0 if value is None else float(min(1.0, max(0.0, value)))


class Landmark(NamedTuple):
    """One landmark in normalised frame coordinates."""

    x: float
    y: float
    visibility: float


def _candidate(pose: Any) -> Candidate:
    """The normalised box around one pose's landmarks."""
    xs = [lm.x for lm in pose]
    ys = [lm.y for lm in pose]
    return Candidate((min(xs), min(ys), max(xs), max(ys)))


class MediaPipeTracker(ClosingTracker):
    """Tracks a person with MediaPipe Pose Landmarker, choosing whom with the core's person policy.

    Following (:mod:`kinemotion.pose.person` says whom): MediaPipe's VIDEO-mode
    landmarker looks for one person in a square crop around where the followed
    person was (twice their size), so it keeps to them whoever else is in view
    and runs at raw MediaPipe speed.

    Searching (at the start, after the person was gone for a second, or when
    the crop shows nobody the policy accepts): an IMAGE-mode landmarker looks
    for up to ``num_poses`` people, first in a square four times the person's
    size around where they were just lost, else in the whole frame -- in a
    wide frame, in three overlapping square tiles across it (a person a
    quarter of the frame high is too small for MediaPipe's detector in a wide
    frame, and it can merge two people into one tall pose there) -- and the
    policy picks among all of them. While a person seen less than a second
    ago stays lost (upside down in a flip), it searches every third frame only.
    """

    CROP_SCALE = 2.0
    """The following crop's side, in multiples of the person's larger box side."""
    SEARCH_SCALE = 4.0
    """A person lost a moment ago is searched for in a square this many times their size around them."""
    SEARCH_EVERY = 3
    """While the person is not found, search the whole frame at most every this many frames."""
    foot_timing_bias_s: tuple[float, float] | None = None
    """(take-off, landing) seconds this tracker's feet are seen late against RTMPose (plugin contract 1.3);
    set by the plugin for the measured lite and full models (``FOOT_TIMING_BIAS_S``), None otherwise."""

    def __init__(
        self,
        model_path: Path,
        *,
        num_poses: int = 2,
        min_pose_detection_confidence: float = 0.5,
        min_pose_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        person: PersonChoice | str | None = None,
    ) -> None:
        import cv2

        os.environ.setdefault("GLOG_minloglevel", "2")  # MediaPipe's C++ info/warning chatter
        with quiet_native_stderr("import"):
            import mediapipe as mp
            from mediapipe.tasks.python import BaseOptions, vision

        self._mp = mp
        self._cv2 = cv2
        try:  # read once: every landmarker, and the one each reset() makes, runs these very bytes (a model file
            # replaced mid-batch gave a video's following and searching landmarkers two models)
            model = Path(model_path).read_bytes()
        except OSError as exc:
            raise BackendError(f"MediaPipe cannot read the model file {model_path}: {exc.strerror or exc}") from exc

        def landmarker(poses: int, mode: Any) -> Any:
            options = vision.PoseLandmarkerOptions(
                base_options=BaseOptions(model_asset_buffer=model),
                running_mode=mode,
                num_poses=poses,
                min_pose_detection_confidence=min_pose_detection_confidence,
                min_pose_presence_confidence=min_pose_presence_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
            with quiet_native_stderr("creating the graph"):
                try:
                    return vision.PoseLandmarker.create_from_options(options)
                except RuntimeError as exc:  # MediaPipe names neither the file nor what it expected
                    raise BackendError(
                        f"MediaPipe could not load {model_path} as a pose landmarker model ({exc}): give a "
                        "pose_landmarker_*.task file as model_path, or leave it out for the bundled one."
                    ) from exc

        def new_follower() -> Any:
            return landmarker(1, vision.RunningMode.VIDEO)

        self._new_follower = new_follower
        self._follow: Any = self._new_follower()
        self._search: Any = landmarker(num_poses, vision.RunningMode.IMAGE)
        # Close before interpreter shutdown if the caller forgot to: MediaPipe's own
        # __del__ fails noisily once its C library is unloaded.
        self._graphs = [self._follow, self._search]
        self._finalizer = weakref.finalize(self, _close_all, self._graphs)
        _close_before_shutdown(self._finalizer)
        self._choice = PersonChoice.parse(person)
        self.model_path = model_path
        self.model_files = (model_path,)  # plugin contract 1.5: outputs record its size and sha256
        self.provider = "MediaPipe Tasks (XNNPACK, CPU)"
        self._start_video()

    def _start_video(self) -> None:
        self._frames_seen = 0
        self._since_search = self.SEARCH_EVERY
        self._lost = False
        self._failed_searches = 0
        self._clock = TrackerClock(strict=True)
        self.person = PersonPolicy(self._choice)
        self.stats = {"frames": 0, "searches": 0}

    def reset(self) -> None:
        """Start a new video: a new VIDEO-mode landmarker (MediaPipe follows a person and keeps timestamps
        across frames), the person, the searches and the clock afresh; the IMAGE-mode one (each frame on
        its own) is kept."""
        if self._follow is None:
            raise RuntimeError("this MediaPipe tracker is closed; create a new one")
        old, self._follow = self._follow, self._new_follower()
        self._graphs[0] = self._follow
        with quiet_native_stderr("closing the graph"):
            old.close()
        self._start_video()

    def _poses(self, bgr: np.ndarray, region: tuple[int, int, int, int], ts: int | None) -> list[list[Landmark]]:
        """Poses in ``region`` (x0, y0, x1, y1 pixels) of ``bgr``, as normalised frame coordinates."""
        x0, y0, x1, y1 = region
        h, w = bgr.shape[:2]
        crop = self._cv2.cvtColor(bgr[y0:y1, x0:x1], self._cv2.COLOR_BGR2RGB)  # only the region is converted
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=crop)
        with quiet_native_stderr("first frames") if self._frames_seen < 2 else contextlib.nullcontext():
            result = self._follow.detect_for_video(image, ts) if ts is not None else self._search.detect(image)
        sx, sy = (x1 - x0) / w, (y1 - y0) / h
        poses = [
            [Landmark(x0 / w + lm.x * sx, y0 / h + lm.y * sy, _clip01(lm.visibility)) for lm in pose]
            for pose in result.pose_landmarks
        ]
        return [pose for pose in poses if any(map(_in_view, pose))]

    def _follow_region(self, w: int, h: int, scale: float | None = None) -> tuple[int, int, int, int]:
        last = self.person.last_box
        assert last is not None
        cx, cy = (last[0] + last[2]) / 2 * w, (last[1] + last[3]) / 2 * h
        size = max((last[2] - last[0]) * w, (last[3] - last[1]) * h)
        side = min(max(w, h), max(32.0, (scale or self.CROP_SCALE) * size))
        half = side / 2
        x0 = round(min(max(cx - half, 0), max(w - side, 0)))
        y0 = round(min(max(cy - half, 0), max(h - side, 0)))
        return x0, y0, min(w, x0 + int(side)), min(h, y0 + int(side))

    def _search_regions(self, w: int, h: int) -> list[tuple[int, int, int, int]]:
        side = min(w, h)
        if max(w, h) <= 1.3 * side:
            return [(0, 0, w, h)]
        # A wide (or tall) frame: three overlapping square tiles across it. People look larger
        # to MediaPipe's detector there, and it does not merge two people into one tall pose
        # as it can on the whole wide frame. Anyone narrower than the overlap is whole in one.
        offsets = [round(k * (max(w, h) - side) / 2) for k in range(3)]
        return [(o, 0, o + side, h) if w > h else (0, o, w, o + side) for o in offsets]

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        """Landmarks of the followed person in ``frame``, or None; see PoseTracker."""
        if self._follow is None:
            raise RuntimeError("this MediaPipe tracker is closed; create a new one")
        bgr = as_bgr_frame(frame)
        ts = self._clock.next(timestamp_ms)
        h, w = bgr.shape[:2]
        self.stats["frames"] += 1
        poses: list[list[Landmark]] = []
        index = None
        if self.person.is_following(ts) and not self._lost:
            poses = self._poses(bgr, self._follow_region(w, h), ts)
            index = self.person.choose([_candidate(p) for p in poses], ts, w / h) if poses else None
        self._since_search += 1
        # Lost (upside down in a flip, out of view): no tracking attempts, a search every few
        # frames (MediaPipe would otherwise run its detector on every frame).
        recently_lost = self._lost and self.person.is_following(ts)
        if index is None and (self._since_search >= self.SEARCH_EVERY or not recently_lost):
            self.stats["searches"] += 1
            self._since_search = 0
            # Just lost: look around where they were (one run); after that, the whole frame.
            regions = (
                [self._follow_region(w, h, self.SEARCH_SCALE)]
                if self.person.is_following(ts) and self._failed_searches == 0
                else self._search_regions(w, h)
            )
            poses = _distinct([p for region in regions for p in self._poses(bgr, region, None)])
            index = self.person.choose([_candidate(p) for p in poses], ts, w / h) if poses else None
        self._frames_seen += 1
        self._lost = index is None
        if self._lost and self._since_search == 0:
            self._failed_searches += 1
        elif not self._lost:
            self._failed_searches = 0
        if index is None:
            return None
        pose = poses[index]
        self.person.found(_candidate(pose).box, ts)
        # a landmark placed a frame or more out of view is left out, as one not seen is
        return {
            name: (lm.x, lm.y, lm.visibility)
            for name, lm in zip(BLAZEPOSE_TO_CANONICAL, pose, strict=True)
            if _in_view(lm)
        }

    def close(self) -> None:
        """Release MediaPipe's graphs. Safe to call more than once."""
        if self._follow is not None:
            self._finalizer()  # _close_all, its native log captured
            self._follow = self._search = None


def _in_view(landmark: Landmark) -> bool:
    """Whether ``landmark`` lies within a frame of the view. MediaPipe places landmarks it cannot see where it
    guesses them, some a frame or more away from the view: on a frame of a few dozen pixels (a video 64 pixels
    wide), or the legs of someone framed from the chest up (two frame heights below). The contract refuses such a
    value (the whole video failed with "the backend is broken"), and dropping the whole pose dropped the head and
    shoulders in view with it: that landmark alone is left out, as one not seen is (a pose with none in view is
    no pose)."""
    low, high = XY_RANGE  # the plugin contract's range
    return low <= landmark.x <= high and low <= landmark.y <= high


def _distinct(poses: list[list[Landmark]]) -> list[list[Landmark]]:
    """Drop a pose found twice (in the full frame and in a tile): boxes overlapping by IoU > 0.5."""
    kept: list[list[Landmark]] = []
    for pose in poses:
        box = _candidate(pose).box
        if all(box_iou(box, _candidate(k).box) <= 0.5 for k in kept):
            kept.append(pose)
    return kept


def _close_before_shutdown(finalizer: weakref.finalize[Any, Any]) -> None:
    """Run ``finalizer`` (closing a tracker's graphs) when the interpreter starts to shut down, if the caller has
    not closed the tracker by then. An ``atexit`` hook (``weakref.finalize``'s own) runs too late: Python shuts
    the thread pools down first, MediaPipe's included, and closing a graph then printed "RuntimeError: cannot
    schedule new futures after shutdown" after every script that left a tracker open (and MediaPipe's own
    ``__del__`` a second traceback). ``threading``'s exit hooks run before the pools' (they were registered
    after them)."""
    register = getattr(threading, "_register_atexit", None)  # CPython 3.9+; elsewhere the atexit hook stays
    if register is not None:
        with contextlib.suppress(RuntimeError):  # shutting down already: the atexit hook stays
            register(finalizer)


def _close_all(graphs: list[Any]) -> None:
    """Close the graphs, their native log captured: also when run at exit for a tracker left open (a ``-j N``
    worker process keeps its tracker for its next video), whose graphs printed "INFO: [accelerator_registry.cc:43]
    DestroyAccelerator: ..." under the command's results."""
    with quiet_native_stderr("closing the graph"):
        for graph in graphs:
            graph.close()
