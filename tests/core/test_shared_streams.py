"""``track -j N`` with a backend whose tracker offers ``streams`` (plugin contract 1.4): the N workers are threads of
the one process, each with its own stream of one tracker made there; other backends keep worker processes.

The backends are installed distributions (entry points, as pip leaves them), so that worker processes find
them too; their trackers write which process and thread ran each frame. The real RTMPose streams are tested in
``tests/rtmpose/test_stream_batch.py``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.cli import run_kinemotion
from tests.core.distributions import TRACKER_LIFECYCLE, env_with, install_backend
from tests.jump.physics_backend import blank_video

TRACKER = (
    """
import os, threading
from kinemotion import REQUIRED_LANDMARKS

def _note(line):
    with open(os.environ["KINEMOTION_TEST_WORKERS"], "a") as fh:
        fh.write(line + "\\n")

class Tracker:
    def __init__(self):
        self.provider = f"pid {os.getpid()}"
        _note(f"created {os.getpid()}")
    def process_frame(self, frame, timestamp_ms=0):
        _note(f"frame {os.getpid()} {threading.current_thread().name}")
        if frame.mean() > 250:
            raise RuntimeError("a backend bug on a white frame")
        return {n: (0.5, 0.1 + 0.8 * i / len(REQUIRED_LANDMARKS), 0.9) for i, n in enumerate(REQUIRED_LANDMARKS)}
    def reset(self):
        pass
"""
    + TRACKER_LIFECYCLE
)

STREAMS = """
    def streams(self, count):
        _note(f"streams {count}")
        return [Tracker() for _ in range(count)]
"""

SHARES = "\nPlugin.shares_models = True  # its trackers offer streams(): kinemotion asks them\n"


def _videos(folder: Path, count: int) -> list[str]:
    return [str(blank_video(folder / f"v{i}.mp4", 6, 30)) for i in range(count)]


def _white_video(path: Path) -> str:
    import cv2
    import numpy as np

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 30, (160, 120))
    for _ in range(6):
        writer.write(np.full((120, 160, 3), 255, np.uint8))
    writer.release()
    return str(path)


def _run(
    tmp_path: Path, name: str, tracker: str, videos: list[str], *extra: str, plugin: str = SHARES
) -> tuple[Path, list[str]]:
    site = tmp_path / "site"
    install_backend(site, name, tracker)
    module = site / f"{name.replace('-', '_')}.py"
    module.write_text(module.read_text() + plugin)
    notes = tmp_path / "notes"
    out = tmp_path / "out"
    done = run_kinemotion(
        "track",
        *videos,
        "-b",
        name,
        "-o",
        str(out),
        "-q",
        *extra,
        env=env_with(site, KINEMOTION_TEST_WORKERS=str(notes)),
    )
    assert done.returncode in (0, 3), done.stderr  # 3: some videos failed
    return out, notes.read_text().splitlines()


def _providers(out: Path) -> set[str]:
    return {json.loads(p.read_text())["backend"]["provider"] for p in out.glob("*.landmarks.json")}


def test_a_backend_with_streams_runs_its_workers_as_threads_of_one_process(tmp_path: Path) -> None:
    videos = _videos(tmp_path, 5)
    out, notes = _run(tmp_path, "zz-streams", TRACKER + STREAMS, videos, "-j", "3")
    assert len(list(out.glob("*.landmarks.json"))) == 5
    assert notes.count("streams 3") == 1  # one tracker, asked once for a stream per worker
    frames = [line.split() for line in notes if line.startswith("frame ")]
    assert len(frames) == 5 * 6
    assert len({pid for _, pid, _ in frames}) == 1  # all in one process ...
    assert len({thread for *_, thread in frames}) == 3  # ... in three threads
    assert _providers(out) == {f"pid {frames[0][1]}"}


def test_a_backend_without_streams_still_runs_in_worker_processes(tmp_path: Path) -> None:
    videos = _videos(tmp_path, 4)
    out, notes = _run(tmp_path, "zz-no-streams", TRACKER, videos, "-j", "2", plugin="")
    assert len(list(out.glob("*.landmarks.json"))) == 4
    pids = {line.split()[1] for line in notes if line.startswith("frame ")}
    assert len(pids) == 2 and str(os.getpid()) not in pids
    assert len(_providers(out)) == 2
    created = [line.split()[1] for line in notes if line.startswith("created ")]
    assert sorted(created) == sorted(pids)  # one tracker per worker process, none made ahead by the command


def test_a_plugin_that_shares_models_but_offers_no_streams_here_runs_in_processes(tmp_path: Path) -> None:
    """Its tracker is made once in the command's process to ask (streams() returns None), then closed."""
    none_here = TRACKER + STREAMS.replace("return [Tracker() for _ in range(count)]", "return None")
    out, notes = _run(tmp_path, "zz-none-here", none_here, _videos(tmp_path, 4), "-j", "2")
    assert len(list(out.glob("*.landmarks.json"))) == 4
    assert notes.count("streams 2") == 1
    assert len({line.split()[1] for line in notes if line.startswith("frame ")}) == 2


@pytest.mark.parametrize("videos", [2, 3])
def test_every_worker_process_gets_a_video_before_any_is_promised_a_second(tmp_path: Path, videos: int) -> None:
    """Before: the first worker process was given the first video and promised the second, so -j 2 on two
    videos tracked them one after the other in one process while the other process had nothing."""
    out, notes = _run(tmp_path, "zz-two-workers", TRACKER, _videos(tmp_path, videos), "-j", str(videos), plugin="")
    assert len(list(out.glob("*.landmarks.json"))) == videos
    assert len({line.split()[1] for line in notes if line.startswith("frame ")}) == videos


def test_streams_of_a_plugin_written_before_contract_1_4_are_not_used(tmp_path: Path) -> None:
    """A ``streams`` on a plugin declaring 1.3 is its own (the name had no meaning yet): processes, as before."""
    old = SHARES + 'Plugin.contract_version = "1.3"\n'
    _, lines = _run(tmp_path, "zz-old-streams", TRACKER + STREAMS, _videos(tmp_path, 3), "-j", "2", plugin=old)
    assert not any(line.startswith("streams") for line in lines)
    assert len({line.split()[1] for line in lines if line.startswith("frame ")}) == 2


def test_a_video_whose_tracking_fails_in_a_thread_fails_alone(tmp_path: Path) -> None:
    """The white video makes the backend raise: that video fails, the thread is given a new stream of the same
    tracker (joining its batch) and goes on, and every other video is written."""
    videos = _videos(tmp_path, 4)
    videos.insert(1, _white_video(tmp_path / "white.mp4"))
    out, notes = _run(tmp_path, "zz-streams-fail", TRACKER + STREAMS, videos, "-j", "2")
    written = sorted(p.name for p in out.glob("*.landmarks.json"))
    assert written == [f"v{i}.landmarks.json" for i in range(4)]
    assert not (out / "white.landmarks.json").exists()
    assert notes.count("streams 2") == 1 and notes.count("streams 1") == 1  # the failed stream's replacement
    assert len({line.split()[1] for line in notes if line.startswith("frame ")}) == 1


def test_auto_keeps_one_worker_for_a_backend_with_streams(tmp_path: Path) -> None:
    """Measured on an H200: 8 threads sharing one batched rtmpose-cuda were slower than one worker (257 vs 307
    frames/s, docs/gpu.md), so -j auto does not ask for streams; -j N does."""
    out, notes = _run(tmp_path, "zz-streams-auto", TRACKER + STREAMS, _videos(tmp_path, 3), "-j", "auto")
    assert len(list(out.glob("*.landmarks.json"))) == 3
    assert not any(line.startswith("streams") for line in notes)  # never asked: planned as without streams


def test_the_plan_for_a_backend_with_streams() -> None:
    from kinemotion.batch.parallelism import plan

    chosen = plan(8, videos=50, backend="rtmpose-cuda", cpus=16, streams=True)
    assert (chosen.workers, chosen.threads) == (8, 16)
    assert "8 threads share one tracker's models (-j 8" in chosen.reason
    assert plan(8, 3, "rtmpose-cuda", 16, streams=True).workers == 3  # never more than videos
    assert plan("auto", 50, "rtmpose-cuda", 16, streams=True).workers == 1  # -j auto: as without streams
    assert plan(4, 9, "x", 2, streams=True).workers == 4
    assert plan(4, 9, "x", 2, streams=True).threads == 2  # one set of models: every CPU for it
    assert plan("auto", 50, "rtmpose-cuda", 16).workers == 1  # without streams, as before


def test_streams_of_reads_the_optional_method_and_checks_what_it_returns() -> None:
    from kinemotion.pose.contract import streams_of
    from tests.core.fakes import FakeTracker

    plain = FakeTracker("x", "lightweight", {})
    assert streams_of(plain, 2) is None

    class Offering(FakeTracker):
        def streams(self, count: int) -> list[FakeTracker] | None:
            return [FakeTracker("x", "lightweight", {}) for _ in range(count)] if count < 5 else None

    made = streams_of(Offering("x", "lightweight", {}), 3)
    assert made is not None and len(made) == 3
    assert streams_of(Offering("x", "lightweight", {}), 6) is None  # not offered

    class Wrong(FakeTracker):
        def streams(self, count: int) -> list[object]:
            return [object()]

    with pytest.raises(ValueError, match=r"streams\(2\) must return 2 trackers or None.*tracker.streams, since 1.4"):
        streams_of(Wrong("x", "lightweight", {}), 2)


class _CountsCloses:
    """A test tracker's ``close`` (counted) and context manager."""

    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1

    def __enter__(self) -> _CountsCloses:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _SlowStream(_CountsCloses):
    """A stream of :class:`_Offering`: 50 ms a frame, counting its resets and closes."""

    def __init__(self) -> None:
        super().__init__()
        self.resets = 0

    def process_frame(self, frame: object, timestamp_ms: int = 0) -> dict[str, tuple[float, float, float]] | None:
        import time

        from kinemotion import REQUIRED_LANDMARKS

        time.sleep(0.05)
        return {n: (0.5, 0.1 + 0.8 * i / len(REQUIRED_LANDMARKS), 0.9) for i, n in enumerate(REQUIRED_LANDMARKS)}

    def reset(self) -> None:
        self.resets += 1


def test_stopping_a_batch_of_threads_stops_every_stream(tmp_path: Path) -> None:
    """The owner stops early (Ctrl-C, an error writing): each thread's video stops at its next frame, every
    stream and the shared tracker are closed, and no thread is left running."""
    import threading

    import kinemotion
    from kinemotion.batch import VideoTask, execute
    from tests.core.fakes import FakePlugin, FakeTracker

    made: list[_SlowStream] = []

    class Offering(FakeTracker):
        def streams(self, count: int) -> list[_SlowStream]:
            made.extend(_SlowStream() for _ in range(count))
            return made[-count:]

    class Plugin(FakePlugin):
        shares_models = True

        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            super().create(mode, **options)
            self.created[-1] = Offering(self.name, mode, options)
            return self.created[-1]

    plugin = Plugin("zz-slow-streams")
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "v.mp4", 20, 30)  # 20 frames at 50 ms: 1 s a video
        results = execute([VideoTask(str(video), "zz-slow-streams", "lightweight")] * 6, jobs=3, progress=False)
        _, first = next(results)
        assert first.tracking is not None and first.tracking.frame_count == 20
        results.close()  # type: ignore[attr-defined]
        assert len(plugin.created) == 1 and plugin.created[0].closed == 1  # the shared tracker, closed
        assert len(made) == 3 and all(stream.closed for stream in made)
        assert sum(stream.resets for stream in made) < 6  # stopped, not run to the end
        left = [t.name for t in threading.enumerate() if t.name.startswith("kinemotion")]
        assert not left  # the tracking threads and their decoders are gone (tqdm's own monitor may stay)
    finally:
        kinemotion.unregister_backend("zz-slow-streams")


class _Stream(_CountsCloses):
    """A tracker that finds a standing person in every frame, and raises (a backend bug) on a white one."""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> dict[str, tuple[float, float, float]]:
        from tests.core.fakes import standing_person

        if frame.mean() > 250:
            raise RuntimeError("a backend bug on a white frame")
        return standing_person()

    def reset(self) -> None:
        pass


def _streams_plugin(name: str, streams: Callable[[int], object]) -> Any:
    from tests.core.fakes import FakePlugin

    class Offering(_Stream):
        def streams(self, count: int) -> object:
            return streams(count)

    class Plugin(FakePlugin):
        shares_models = True

        def create(self, mode: str = "lightweight", **options: object) -> Any:
            tracker = Offering()
            self.created.append(tracker)  # type: ignore[arg-type]
            return tracker

    return Plugin(name)


def test_a_stream_that_cannot_be_replaced_fails_no_other_video(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The white video fails inside the backend: its thread's stream is closed and the tracker asked for another
    (``streams(1)``). When that raises (the plugin's bug), the thread's next videos are tracked with a tracker of
    its own, with a warning naming the backend and the rule. Before, each of them failed with "the worker
    thread failed (RuntimeError): ...", naming neither."""
    import kinemotion
    from kinemotion.batch import VideoTask, execute

    def streams(count: int) -> list[_Stream]:
        if count == 1:
            raise RuntimeError("no more streams")
        return [_Stream() for _ in range(count)]

    plugin = _streams_plugin("zz-no-more-streams", streams)
    kinemotion.register_backend(plugin)
    try:
        videos = [str(blank_video(tmp_path / f"v{i}.mp4", 6, 30)) for i in range(4)]
        videos.insert(1, _white_video(tmp_path / "white.mp4"))
        tasks = [VideoTask(video, "zz-no-more-streams", "lightweight") for video in videos]
        with caplog.at_level(logging.WARNING, logger="kinemotion.batch.shared"):
            results = dict(execute(tasks, jobs=2, progress=False))
    finally:
        kinemotion.unregister_backend("zz-no-more-streams")
    assert results[1].tracking is None and "white frame" in str(results[1].error)
    for k in (0, 2, 3, 4):
        assert results[k].tracking is not None and results[k].tracking.frame_count == 6, results[k].error
    warnings = [r.getMessage() for r in caplog.records if "streams(1)" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert "'zz-no-more-streams'" in warnings[0] and "no more streams" in warnings[0]
    assert warnings[0].count("[contract rule tracker.streams, since 1.4]") == 1
    assert len(plugin.created) == 2  # the shared tracker, and the one the thread made for its next videos


def test_a_wrong_streams_answer_is_cited_once() -> None:
    """``streams_of``'s refusal names the rule already; the warning does not cite it a second time."""
    import kinemotion
    from kinemotion.batch import VideoTask
    from kinemotion.batch.shared import SharedTracker

    plugin = _streams_plugin("zz-wrong-streams", lambda count: [_Stream()])
    kinemotion.register_backend(plugin)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("kinemotion.batch.shared").addHandler(handler)
    try:
        shared = SharedTracker.open(VideoTask("v.mp4", "zz-wrong-streams", "lightweight"), 2)
        assert shared is not None and not shared.streams
        shared.close()
    finally:
        logging.getLogger("kinemotion.batch.shared").removeHandler(handler)
        kinemotion.unregister_backend("zz-wrong-streams")
    (message,) = [r.getMessage() for r in records]
    assert "streams(2) must return 2 trackers or None" in message
    assert message.count("[contract rule tracker.streams, since 1.4]") == 1, message


@pytest.mark.parametrize("answer", ["itself", "twice"])
def test_streams_that_are_one_tracker_are_refused(answer: str) -> None:
    """``return [self] * count`` (a tracker thought thread-safe) or one stream twice: each thread would reset and
    close the tracker under the others mid-video. Before, accepted: -j N ran every thread on one object."""
    from kinemotion.pose.contract import streams_of
    from tests.core.fakes import FakeTracker

    class Same(FakeTracker):
        def streams(self, count: int) -> list[FakeTracker]:
            one = self if answer == "itself" else FakeTracker("x", "lightweight", {})
            return [one] * count

    expected = "the tracker itself" if answer == "itself" else "one tracker more than once"
    with pytest.raises(ValueError, match=rf"streams\(2\) must return 2 distinct trackers.*{expected}.*tracker.streams"):
        streams_of(Same("x", "lightweight", {}), 2)
