"""Tracking many videos with one tracker: no per-video start-up.

:func:`~kinemotion.tracking.pipeline.track_video` selects a backend and
creates a tracker for each call (with ``auto``, every backend's probe; a
runtime compiling its models, and compiling again for the video's frame
size). A :class:`TrackingWorker` does that once per backend, mode and
options, and keeps the tracker across the videos it is given:

- between videos the tracker is reset (the contract's optional ``reset()``,
  :func:`~kinemotion.pose.contract.reset_for_next_video`): whom it follows,
  its detector's schedule, its clock and counters start afresh, while its
  model sessions, and what they compiled for each frame size, are kept. A
  video's result is the same whether it is the first or the fifth the worker
  tracks. A tracker without ``reset`` is closed and created anew for each
  video (the backend is not selected again).
- :meth:`TrackingWorker.decode_ahead` names the video after the next: it is
  opened (the file checked, fingerprinted, the decoder started) and its first
  frames decoded in background threads, while the next one is tracked. It is
  opened by its absolute path, taken when it is named: a backend may change the
  working directory while it processes a frame (it is put back after the call,
  :mod:`~kinemotion.pose.workdir`), and a video opened meanwhile by its relative
  name was looked for in the backend's folder. Results and messages name each
  video as it was given.
- :meth:`TrackingWorker.cancel` stops the video being tracked (from another
  thread: Ctrl-C in the thread that owns the outputs).
- ``given`` (a batch's threads sharing one tracker's models,
  :mod:`kinemotion.batch.executors`) hands the worker its trackers instead of
  selecting them: such a tracker is reset as soon as its video is done, so
  that it leaves the shared model batch while its thread is between videos.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType

from kinemotion.errors import KinemotionError, OutputError, VideoReadError
from kinemotion.pose.contract import call_mismatch, reset_for_next_video
from kinemotion.pose.registry import BackendRegistry
from kinemotion.pose.rules import RULES, declared_before, explain
from kinemotion.pose.selection import Selection, resolve_backend_name, select_backend
from kinemotion.tracking.decode import BackgroundFrames, DecodedFrame, VideoReader
from kinemotion.tracking.given import result_as_given, said_as_given
from kinemotion.tracking.pipeline import check_track_arguments, track_opened
from kinemotion.tracking.result import TrackingResult

__all__ = ["GivenTracker", "TrackingCancelledError", "TrackingWorker"]

_Key = tuple[str, str, tuple[tuple[str, str], ...]]

GivenTracker = Callable[[str | None, str, Mapping[str, object]], Selection | None]
"""``(backend, mode, options) -> Selection | None``: a tracker for that request made elsewhere (a stream of a
tracker shared by a batch's threads), or None to select one as usual."""

logger = logging.getLogger(__name__)


class TrackingCancelledError(KinemotionError):
    """:meth:`TrackingWorker.cancel` stopped the video being tracked; nothing of it was kept."""


class _OpenedVideo:
    """A video opened, its first frames decoding in the background (or why it could not be opened).

    Opened ahead of its turn (``ahead=True``), the opening itself (checking the file, its fingerprint, the
    decoder's start) also runs in a background thread, so the tracker of the current video never waits on it.
    """

    def __init__(self, path: Path, *, ahead: bool = False) -> None:
        self.path = path
        self.reader: VideoReader | None = None
        self.frames: BackgroundFrames | None = None
        self.error: BaseException | None = None
        self._opening: threading.Thread | None = None
        if ahead:
            self._opening = threading.Thread(target=self._open, name="kinemotion-open", daemon=True)
            self._opening.start()
        else:
            self._open()

    def _open(self) -> None:
        try:
            self.reader = VideoReader(self.path)
        except BaseException as exc:  # noqa: BLE001 - raised when the video's turn comes, for that video
            self.error = exc
            return
        self.frames = BackgroundFrames(self.reader.frames())

    def ready(self) -> None:
        """Wait until the video is open (or known not to open)."""
        if self._opening is not None:
            self._opening.join()

    def close(self) -> None:
        self.ready()  # an opening in progress finishes first, then is undone
        if self.frames is not None:
            self.frames.close()
        if self.reader is not None:
            self.reader.close()


def _resets(selection: Selection) -> bool:
    """Whether the tracker's ``reset()``, if any, is the contract's (a plugin written for a contract before 1.2
    may have a ``reset`` of its own meaning: its trackers are made anew for each video instead)."""
    return not declared_before(selection.info.plugin, "tracker.reset")


def _key(backend: str | None, mode: str, options: Mapping[str, object]) -> _Key:
    return resolve_backend_name(backend), mode, tuple(sorted((k, repr(v)) for k, v in options.items()))


class TrackingWorker:
    """Tracks videos one after another, keeping one tracker per backend, mode and options.

    A context manager; :meth:`close` releases the trackers. Not for use from
    several threads at once (one worker per thread or process).

    Args:
        registry: where backends are looked up (default: the process-wide one).
        given: asked first for each tracker the worker needs (see :data:`GivenTracker`); the worker closes
            what it gives like its own, and resets it as soon as each video is done.
    """

    def __init__(self, registry: BackendRegistry | None = None, *, given: GivenTracker | None = None) -> None:
        self._registry = registry
        self._given = given
        self._given_keys: set[_Key] = set()
        self._kept: dict[_Key, Selection] = {}
        self._used: set[_Key] = set()
        self._ahead: _OpenedVideo | None = None
        self._queued: Path | None = None
        self._cancelled = threading.Event()
        self._no_reset: set[_Key] = set()  # a reset() that cannot be the contract's: new trackers instead

    def selection(self, backend: str | None = None, mode: str = "lightweight", **options: object) -> Selection:
        """The kept tracker for this request, ready for a new video (selected and created on first use).

        Raises:
            KinemotionError: what :func:`~kinemotion.pose.selection.select_backend` raises.
        """
        key = _key(backend, mode, options)
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = self._new(key, backend, mode, options)
        elif key in self._used and not (_resets(kept) and key not in self._no_reset and self._reset(key, kept)):
            self._drop(key)  # no reset(): a new tracker of the backend already chosen
            fresh = select_backend(kept.info.name, mode, registry=self._registry, **options)
            kept = self._kept[key] = dataclasses.replace(fresh, skipped=kept.skipped)
        self._used.add(key)
        return kept

    def _new(self, key: _Key, backend: str | None, mode: str, options: Mapping[str, object]) -> Selection:
        given = None if self._given is None else self._given(backend, mode, options)
        if given is not None:
            self._given_keys.add(key)
            return given
        self._given_keys.discard(key)
        return select_backend(backend, mode, registry=self._registry, **options)

    def decode_ahead(self, path: str | Path) -> None:
        """Say which video comes after the next one: once the next :meth:`track` has its own video open,
        ``path`` is opened and its first frames decoded while that video is tracked, ready for the
        :meth:`track` of ``path`` that follows. Problems opening it are reported by that :meth:`track`.
        """
        self._queued = Path(path).absolute()  # now: a frame's call may move the working directory while it opens

    @property
    def backends(self) -> tuple[str, ...]:
        """The backends whose trackers are kept (those in use)."""
        return tuple(dict.fromkeys(selection.info.name for selection in list(self._kept.values())))

    @property
    def decoding_ahead(self) -> Path | None:
        """The video opened and decoding ahead of its turn, if any."""
        return None if self._ahead is None else self._ahead.path

    def _opened(self, path: Path) -> _OpenedVideo:
        """``path`` opened (decoded ahead when it was the one queued)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.path != path:
            ahead.close()
            ahead = None
        return ahead or _OpenedVideo(path)

    def _open_queued(self, current: Path) -> None:
        """Open the queued video ahead of its turn (unless it is ``current``), in the background.

        Called once the current video's tracker is created, not before: a plugin may change the working
        directory while it creates one (it is put back after the call, :mod:`~kinemotion.pose.workdir`), and a
        video opened meanwhile by its relative name, in another thread, was looked for in the plugin's folder.
        """
        queued, self._queued = self._queued, None
        if queued is not None and queued != current:
            self._ahead = _OpenedVideo(queued, ahead=True)

    def track(
        self,
        path: str | Path,
        backend: str | None = None,
        mode: str = "lightweight",
        *,
        overlay: str | Path | None = None,
        progress: bool | None = None,
        **options: object,
    ) -> TrackingResult:
        """:func:`~kinemotion.tracking.pipeline.track_video` (same arguments, same result) with the kept tracker.

        Raises:
            TrackingCancelledError: :meth:`cancel` was called.
            KinemotionError: what :func:`~kinemotion.tracking.pipeline.track_video` raises.
        """
        check_track_arguments("TrackingWorker.track", backend, mode, overlay, progress)
        if self._cancelled.is_set():
            raise TrackingCancelledError("tracking was cancelled")
        given = Path(path)
        located = given.absolute()  # as decode_ahead names it
        try:
            return result_as_given(self._track(located, backend, mode, overlay, progress, options), located, given)
        except KinemotionError as exc:
            if len(exc.args) == 1 and isinstance(exc.args[0], str):  # said of the video as it was given
                exc.args = (said_as_given(exc.args[0], located, given),)
            raise

    def _track(
        self,
        path: Path,
        backend: str | None,
        mode: str,
        overlay: str | Path | None,
        progress: bool | None,
        options: Mapping[str, object],
    ) -> TrackingResult:
        opened = self._opened(path)
        try:
            opened.ready()
            if opened.error is not None:
                raise opened.error
            assert opened.reader is not None and opened.frames is not None
            selection = self.selection(backend, mode, **options)
            self._open_queued(path)
            key = _key(backend, mode, options)
            try:
                return track_opened(
                    opened.reader, self._until_cancelled(opened.frames), selection, mode, options, overlay, progress
                )
            except (VideoReadError, OutputError, TrackingCancelledError):
                raise  # the video's or the output's fault: the tracker is reset for the next video
            except BaseException:
                self._drop(key)  # a tracker that failed mid-video is not trusted again
                raise
            finally:
                if key in self._given_keys and key in self._kept:
                    self._release(key)
        finally:
            opened.close()

    def _release(self, key: _Key) -> None:
        """A given tracker's video is done: reset it now (it leaves its shared batch), not when the next starts."""
        kept = self._kept[key]
        if self._reset(key, kept):
            self._used.discard(key)
        else:
            self._drop(key)

    def _until_cancelled(self, frames: BackgroundFrames) -> Iterator[DecodedFrame]:
        for frame in frames:
            if self._cancelled.is_set():
                raise TrackingCancelledError("tracking was cancelled")
            yield frame

    def cancel(self) -> None:
        """Stop: the video being tracked raises :class:`TrackingCancelledError` at its next frame, and so does
        every later :meth:`track`. Safe to call from another thread."""
        self._cancelled.set()

    def _reset(self, key: _Key, kept: Selection) -> bool:
        """The tracker's ``reset()`` for the next video; False (a new tracker instead, from now on) when it has
        none, or one that is not the contract's: it takes arguments or raises. A plugin written for contract
        1.0 cannot declare its version (that came in 1.1) and may have a ``reset`` of its own."""
        reset = getattr(kept.tracker, "reset", None)
        if callable(reset) and call_mismatch(reset) is not None:
            self._no_reset.add(key)
            return False
        try:
            return reset_for_next_video(kept.tracker)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - its own reset(), not the contract's: make trackers anew
            self._no_reset.add(key)
            logger.warning(
                "Backend %r: its tracker's reset() raised %s; a new tracker is made for each video instead [%s]",
                kept.info.name,
                explain(exc),
                RULES["tracker.reset"].cite(),
            )
            return False

    def _drop(self, key: _Key) -> None:
        selection = self._kept.pop(key, None)
        self._used.discard(key)
        self._given_keys.discard(key)
        if selection is not None:
            selection.close()

    def close(self) -> None:
        """Close every kept tracker and the video decoded ahead. Safe to call more than once."""
        self._queued = None
        if self._ahead is not None:
            self._ahead.close()
            self._ahead = None
        for key in list(self._kept):
            self._drop(key)

    def __enter__(self) -> TrackingWorker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
