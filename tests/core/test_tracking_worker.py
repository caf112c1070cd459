"""TrackingWorker and the local executor: one tracker per worker, reset between videos, decoding ahead.

The backends here are in-process test plugins that count what the worker
does with them (creations, resets, closes); the worker is the real one, on
real (small, synthetic) video files.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

import kinemotion
from kinemotion.batch import VideoTask, execute
from kinemotion.errors import BackendError, VideoReadError
from kinemotion.pose.registry import BackendRegistry
from kinemotion.tracking import TrackingCancelledError, TrackingWorker, track_video
from kinemotion.tracking.files import to_json_dict
from tests.core.fakes import FakePlugin, FakeTracker


class ResettingTracker(FakeTracker):
    """A fake tracker with the optional ``reset()``; it can be told to fail on a frame."""

    def __init__(self, backend: str, mode: str, options: dict[str, object]) -> None:
        super().__init__(backend, mode, options)
        self.resets = 0
        self.fail_on: int | None = None
        self.on_frame: list[object] = []

    def reset(self) -> None:
        self.resets += 1
        self.timestamps = []

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> kinemotion.LandmarkDict | None:
        for hook in self.on_frame:
            hook()  # type: ignore[operator]
        if self.fail_on is not None and len(self.timestamps) == self.fail_on:
            raise RuntimeError("plugin bug")
        return super().process_frame(frame, timestamp_ms)


class ResettingPlugin(FakePlugin):
    slow: bool = False

    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        super().create(mode, **options)  # the checks, and the count
        tracker = ResettingTracker(self.name, mode, options)
        if self.slow:
            tracker.on_frame.append(lambda: time.sleep(0.05))
        self.created[-1] = tracker
        return tracker


def _video(path: Path, frames: int = 4, size: tuple[int, int] = (64, 48)) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 30, size)
    for i in range(frames):
        image = np.full((size[1], size[0], 3), 114, dtype=np.uint8)
        image[10:40, 8 + 4 * i : 20 + 4 * i] = 30  # a dark block moving right: somebody, off-centre
        writer.write(image)
    writer.release()
    return path


@pytest.fixture
def videos(tmp_path: Path) -> list[Path]:
    return [_video(tmp_path / f"v{i}.mp4", frames=3 + i) for i in range(3)]


@pytest.fixture
def resetting(registry: BackendRegistry) -> ResettingPlugin:
    plugin = ResettingPlugin("resetting")
    registry.register(plugin)
    return plugin


def test_one_tracker_serves_every_video_reset_between_them(
    registry: BackendRegistry, resetting: ResettingPlugin, videos: list[Path]
) -> None:
    with TrackingWorker(registry) as worker:
        results = [worker.track(v, "resetting") for v in videos]
    assert len(resetting.created) == 1
    tracker = resetting.created[0]
    assert isinstance(tracker, ResettingTracker)
    assert tracker.resets == len(videos) - 1
    assert tracker.closed == 1  # closed with the worker
    assert [r.frame_count for r in results] == [3, 4, 5]
    kinemotion.register_backend(ResettingPlugin("resetting"), replace=True)
    try:  # the same result as a tracker made for the video alone
        alone = [to_json_dict(track_video(v, "resetting")) for v in videos]
    finally:
        kinemotion.unregister_backend("resetting")
    assert [to_json_dict(r) for r in results] == alone


def test_a_tracker_without_reset_is_made_anew_for_each_video(registry: BackendRegistry, videos: list[Path]) -> None:
    plugin = FakePlugin("plain")
    registry.register(plugin)
    with TrackingWorker(registry) as worker:
        for video in videos:
            worker.track(video, "plain")
        assert len(plugin.created) == len(videos)
        assert [t.closed for t in plugin.created] == [1, 1, 0]  # each closed before the next is made
    assert plugin.created[-1].closed == 1


def test_each_mode_and_options_keep_their_own_tracker(
    registry: BackendRegistry, resetting: ResettingPlugin, videos: list[Path]
) -> None:
    with TrackingWorker(registry) as worker:
        for _ in range(2):
            worker.track(videos[0], "resetting")
            worker.track(videos[0], "resetting", "balanced")
            worker.track(videos[0], "resetting", threshold=0.5)
    assert len(resetting.created) == 3
    assert [(t.mode, t.options) for t in resetting.created] == [
        ("lightweight", {}),
        ("balanced", {}),
        ("lightweight", {"threshold": 0.5}),
    ]


def test_a_tracker_that_failed_is_closed_and_replaced(
    registry: BackendRegistry, resetting: ResettingPlugin, videos: list[Path]
) -> None:
    with TrackingWorker(registry) as worker:
        worker.track(videos[0], "resetting")
        broken = resetting.created[0]
        assert isinstance(broken, ResettingTracker)
        broken.fail_on = 1
        with pytest.raises(BackendError, match="failed on frame 1"):
            worker.track(videos[1], "resetting")
        assert broken.closed == 1
        assert worker.track(videos[2], "resetting").frame_count == 5
    assert len(resetting.created) == 2


def test_a_bad_video_keeps_the_tracker_for_the_next(
    registry: BackendRegistry, resetting: ResettingPlugin, videos: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_text("not a video")
    with TrackingWorker(registry) as worker:
        worker.decode_ahead(bad)  # opened while the first is tracked: its problem is reported on its turn, for it
        worker.track(videos[0], "resetting")
        assert worker.decoding_ahead == bad
        with pytest.raises(VideoReadError, match="bad.mp4 could not be opened"):
            worker.track(bad, "resetting")
        worker.track(videos[1], "resetting")
    assert len(resetting.created) == 1


def test_the_next_video_is_opened_while_the_current_one_is_tracked(
    registry: BackendRegistry, resetting: ResettingPlugin, videos: list[Path]
) -> None:
    with TrackingWorker(registry) as worker:
        tracker = worker.selection("resetting").tracker
        assert isinstance(tracker, ResettingTracker)
        seen: list[Path | None] = []
        tracker.on_frame.append(lambda: seen.append(worker.decoding_ahead))
        worker.decode_ahead(videos[1])
        assert worker.track(videos[0], "resetting").frame_count == 3
        assert seen == [videos[1]] * 3  # decoding while videos[0] was tracked
        worker.decode_ahead(videos[2])
        assert worker.track(videos[1], "resetting").frame_count == 4  # the one opened ahead
        assert worker.decoding_ahead == videos[2]
        assert worker.track(videos[0], "resetting").frame_count == 3  # not the one ahead: that one is dropped
        assert worker.decoding_ahead is None


def test_cancel_stops_the_video_in_progress_and_writes_no_overlay(
    registry: BackendRegistry, resetting: ResettingPlugin, videos: list[Path], tmp_path: Path
) -> None:
    overlay = tmp_path / "out" / "overlay.mp4"
    with TrackingWorker(registry) as worker:
        worker.selection("resetting")
        tracker = resetting.created[0]
        assert isinstance(tracker, ResettingTracker)
        tracker.on_frame.append(worker.cancel)
        with pytest.raises(TrackingCancelledError):
            worker.track(videos[2], "resetting", overlay=overlay)
        with pytest.raises(TrackingCancelledError):
            worker.track(videos[0], "resetting")
    assert len(tracker.timestamps) == 1
    assert not overlay.parent.exists() or not list(overlay.parent.iterdir())


@pytest.fixture
def registered() -> Iterator[ResettingPlugin]:
    plugin = ResettingPlugin("resetting")
    kinemotion.register_backend(plugin)
    yield plugin
    kinemotion.unregister_backend("resetting")


def test_the_local_executor_keeps_one_tracker_for_the_batch(registered: ResettingPlugin, videos: list[Path]) -> None:
    tasks = [VideoTask(str(v), "resetting", "lightweight") for v in videos]
    results = dict(execute(tasks, jobs=1, progress=False))
    assert sorted(results) == [0, 1, 2]
    assert [results[i].tracking.frame_count for i in range(3)] == [3, 4, 5]  # type: ignore[union-attr]
    assert len(registered.created) == 1 and registered.created[0].closed == 1


def test_stopping_the_batch_early_stops_the_worker(registered: ResettingPlugin, videos: list[Path]) -> None:
    tasks = [VideoTask(str(videos[0]), "resetting", "lightweight")] * 20
    started = threading.active_count()
    registered.slow = True  # 3 frames a video, 50 ms a frame: the batch would take 3 s
    results = execute(tasks, jobs=1, progress=False)
    index, first = next(results)
    assert index == 0 and first.tracking is not None
    results.close()  # type: ignore[attr-defined]  # the owner stops (Ctrl-C, an error writing)
    tracker = registered.created[0]
    assert tracker.closed == 1 and tracker.resets < 19  # stopped, not run to the end
    assert threading.active_count() <= started  # the tracking and decoding threads are gone


def test_the_next_video_is_opened_off_the_tracking_thread(
    registry: BackendRegistry, resetting: ResettingPlugin, videos: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a video (checking the file, its fingerprint, the decoder's start) costs the tracker nothing
    when it is the one decoded ahead: it runs in a background thread, and its problems still wait for its turn."""
    from kinemotion.tracking import worker as worker_module
    from kinemotion.tracking.decode import VideoReader

    opened_in: dict[Path, str] = {}

    class RecordingReader(VideoReader):
        def __init__(self, path: str | Path) -> None:
            opened_in[Path(path)] = threading.current_thread().name
            super().__init__(path)

    monkeypatch.setattr(worker_module, "VideoReader", RecordingReader)
    with TrackingWorker(registry) as worker:
        worker.decode_ahead(videos[1])
        worker.track(videos[0], "resetting")
        assert worker.track(videos[1], "resetting").frame_count == 4
    here = threading.current_thread().name
    assert opened_in[videos[0]] == here  # the first video: its turn has come, nothing to overlap
    assert opened_in[videos[1]] != here  # the next one: opened while videos[0] was tracked
