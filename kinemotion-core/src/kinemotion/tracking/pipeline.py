"""Tracking a whole video: decode (in a background thread) -> tracker -> landmark series (+ overlay).

Memory stays flat on long videos: frames are not kept, only one row of
landmarks per frame (float32). The overlay video, when asked for, is written
as the frames pass.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from kinemotion.errors import BackendError, KinemotionError, VideoReadError
from kinemotion.landmarks import LANDMARK_NAMES, LandmarkDict
from kinemotion.pose.contract import PoseTracker, TrackerClock
from kinemotion.pose.escapes import escaped_error
from kinemotion.pose.rules import explain
from kinemotion.pose.selection import Selection, check_mode, resolve_backend_name, select_backend
from kinemotion.pose.workdir import working_directory_kept
from kinemotion.progress import check_progress, show_progress
from kinemotion.terminal import printable
from kinemotion.tracking.decode import BackgroundFrames, DecodedFrame, VideoReader, check_path_type
from kinemotion.tracking.names_check import LandmarkNameCheck
from kinemotion.tracking.overlay import OverlayWriter
from kinemotion.tracking.result import BackendRecord, TrackingResult

__all__ = ["call_backend", "track_opened", "track_video"]

logger = logging.getLogger(__name__)


_FIRST_ROWS_AT_MOST = 1 << 16
"""Rows made before the first frame at most (36 min at 30 frames/s; more are added as frames come): a damaged
header's frame count (2^31 in an AVI's) asked for 912 GiB at once."""


class _Rows:
    """Growable float32 storage, one row per frame."""

    def __init__(self, capacity: int, width: int) -> None:
        rows = min(max(capacity, 16), _FIRST_ROWS_AT_MOST)
        self.data = np.full((rows, width, 3), np.nan, dtype=np.float32)
        self.times = np.zeros(rows, dtype=np.float64)
        self.n = 0

    def add(self, timestamp_ms: float, values: LandmarkDict | None, index: dict[str, int]) -> None:
        if self.n == len(self.times):
            self.data = np.concatenate([self.data, np.full_like(self.data, np.nan)])
            self.times = np.concatenate([self.times, np.zeros_like(self.times)])
        self.times[self.n] = timestamp_ms
        if values:
            row = self.data[self.n]
            for name, point in values.items():
                j = index.get(name)
                if j is not None:
                    row[j] = point
        self.n += 1


def call_backend(
    tracker: PoseTracker, backend: str, frame: DecodedFrame, timestamp_ms: int, path: str | Path
) -> LandmarkDict | None:
    """``tracker.process_frame`` on ``frame``, a plugin's failure named: what it returned, not yet checked (see
    :class:`~kinemotion.tracking.names_check.LandmarkNameCheck`).

    Raises:
        BackendError: the plugin raised (any exception but ``KeyboardInterrupt``: asyncio's ``CancelledError``
            too), or called ``sys.exit()``, naming ``backend``, the frame and ``path``.
    """
    try:
        with working_directory_kept(backend, "process_frame()"):
            return tracker.process_frame(frame.image, timestamp_ms)
    except KinemotionError:
        raise
    except Exception as exc:  # a plugin's bug: name it, never a bare traceback
        raise BackendError(
            f"backend {backend!r} failed on frame {frame.index} of {path}: {explain(exc)}. "
            "Try another backend (`kinemotion backends`) and report it to its authors."
        ) from exc
    except KeyboardInterrupt:  # Ctrl-C: the user's, never the backend's
        raise
    except BaseException as exc:  # sys.exit() (the batch ended silently), CancelledError (a traceback)
        raise escaped_error(
            exc,
            who=f"backend {backend!r}",
            failed=f"failed on frame {frame.index} of {path}",
            during=f"on frame {frame.index} of {path}",
            to_go_on="Try another backend (`kinemotion backends`) and report it to its authors.",
        ) from exc


def track_video(
    path: str | Path,
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    overlay: str | Path | None = None,
    progress: bool | None = None,
    **options: object,
) -> TrackingResult:
    """Track the person in a video and return the landmark series.

    Args:
        path: any video OpenCV/FFmpeg can read; rotation metadata is honoured.
        backend: backend name, ``"auto"``, or None for ``$POSE_TRACKER_BACKEND``/auto.
        mode: the backend mode.
        overlay: also write an annotated copy of the video here (mp4).
        progress: show a progress bar; default: on a terminal or under a Jupyter notebook's cell, never into a log.
        **options: passed to the backend.

    A decoding failure part-way through does not lose the work: the result
    holds the frames tracked before it, with ``complete=False`` and ``error``
    saying at which frame decoding stopped. Failures to open raise
    :class:`~kinemotion.errors.VideoReadError`.

    Each call selects a backend and creates a tracker; to track many videos,
    :class:`~kinemotion.tracking.worker.TrackingWorker` keeps one across them.

    Raises:
        TypeError: ``backend``, ``mode``, ``overlay`` or ``progress`` is not of its type (before the video is
            opened), or an option the backend does not take.
    """
    check_track_arguments("track_video", backend, mode, overlay, progress)
    with VideoReader(path) as reader:
        selection = select_backend(backend, mode, registry=None, **options)
        frames = BackgroundFrames(reader.frames())
        try:
            return track_opened(reader, frames, selection, mode, options, overlay, progress)
        finally:
            frames.close()  # the decode thread stops before the reader is closed
            selection.close()


def check_track_arguments(function: str, backend: object, mode: object, overlay: object, progress: object) -> None:
    """The arguments of ``function`` (:func:`track_video` and those that call it) are of their types, checked
    before any video is opened (``progress=5`` was taken for true, silently).

    Raises:
        TypeError: naming the argument, what it got and what to give.
    """
    if backend is not None:
        resolve_backend_name(backend)  # type: ignore[arg-type]  # checked there: a str or None
    check_mode(mode)
    if overlay is not None:
        check_path_type(overlay, "the overlay")
    check_progress(progress, function)


def track_opened(
    reader: VideoReader,
    frames: Iterable[DecodedFrame],
    selection: Selection,
    mode: str,
    options: Mapping[str, object],
    overlay: str | Path | None = None,
    progress: bool | None = None,
) -> TrackingResult:
    """Track ``frames`` of the open ``reader`` with the tracker of ``selection`` (not closed here): the
    body of :func:`track_video`, for callers that keep a tracker across videos (see its arguments)."""
    path = reader.path
    tracker, name = selection.tracker, selection.info.name
    used = BackendRecord.of(selection, mode, dict(options))
    index = {n: j for j, n in enumerate(LANDMARK_NAMES)}
    rows = _Rows(reader.info.frame_count, len(LANDMARK_NAMES))
    show = show_progress(progress)
    error: str | None = None
    with (
        OverlayWriter(overlay, reader.info.fps, source=reader.path) as drawer,
        tqdm(
            total=reader.info.frame_count or None,
            unit="frame",
            desc=printable(Path(path).name),
            disable=not show,
            leave=False,
        ) as bar,
    ):
        names_check = LandmarkNameCheck(name)
        clock = TrackerClock()
        try:
            for frame in frames:
                given = frame.copy() if overlay is not None else frame  # the overlay shows the video, not its writes
                result = call_backend(tracker, name, given, clock.next(frame.timestamp_ms), path)
                if result is not None:
                    names_check.check(result, frame.index)
                rows.add(frame.timestamp_ms, result, index)
                caption = f"{used.name} ({used.mode})  frame {frame.index}  t={frame.timestamp_ms / 1000:.3f} s"
                drawer.write(frame.image, result, caption)
                bar.update(1)
            # every frame read: the bar ends at 100 % of them, where the header counted others (80 for 54)
            bar.total = bar.n
            bar.refresh()
        except VideoReadError as exc:
            if rows.n == 0:
                raise
            error = str(exc)
            # info, not a warning: the result says it (complete=False, error), and the commands print it once
            logger.info("%s Keeping the %d frames tracked before it.", exc, rows.n)
        names_check.require_known_names()  # before the overlay is kept: nothing was tracked
        drawer.commit()
    data, times = rows.data[: rows.n], rows.times[: rows.n]
    used_columns = np.asarray(~np.isnan(data[:, :, 0]).all(axis=0), dtype=bool)
    names = tuple(n for n, keep in zip(LANDMARK_NAMES, used_columns, strict=True) if keep)
    return TrackingResult(
        video=reader.info,
        backend=used,
        landmark_names=names,
        timestamps_ms=times.copy(),
        landmarks=np.ascontiguousarray(data[:, used_columns]),
        complete=error is None,
        error=error,
        problems=tuple(names_check.problems),
    )
