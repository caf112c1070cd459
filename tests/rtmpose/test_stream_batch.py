"""``kinemotion track A B C -j N`` on ``rtmpose-cuda``: N threads, one tracker's models, the pose calls batched.

The ``rtmpose-cuda`` code path with the CPU provider (as ``test_gpu_paths.CudaCodeOnCPU``), registered in this
process under the name ``rtmpose-cuda``; real models, short clips cut from the demo.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pytest

import kinemotion
from kinemotion.batch import VideoTask, execute
from kinemotion.tracking import TrackingResult, track_video
from kinemotion_rtmpose import RTMPoseCPUPlugin, RTMPoseCUDAPlugin
from kinemotion_rtmpose.batching import BatchingSession
from kinemotion_rtmpose.runtime import CPU
from kinemotion_rtmpose.tracker import RTMPoseTracker
from tests.assets import RTMPOSE_S, YOLOX_TINY
from tests.integration.test_batch_reuse import _clip

if TYPE_CHECKING:
    from kinemotion_rtmpose.stream_tracker import StreamTracker

pytestmark = [pytest.mark.models, pytest.mark.usefixtures("real_models")]


class CudaCodeOnCPU(RTMPoseCUDAPlugin):
    """``rtmpose-cuda`` with the CPU provider; keeps the trackers it creates."""

    provider: ClassVar[str] = CPU

    def __init__(self) -> None:
        self.created: list[RTMPoseTracker] = []
        self.streams: list[StreamTracker] = []

    def create(self, mode: str = "lightweight", **options: object) -> RTMPoseTracker:
        tracker = super().create(mode, **options)
        self.created.append(tracker)
        streams = tracker.streams

        def kept(count: int) -> list[StreamTracker] | None:  # the real streams, kept for the test to look at
            made = streams(count)
            self.streams += made or []
            return made

        tracker.streams = kept  # type: ignore[method-assign]
        return tracker


@pytest.fixture
def cuda_on_cpu() -> Iterator[CudaCodeOnCPU]:
    plugin = CudaCodeOnCPU()
    kinemotion.register_backend(plugin, replace=True)
    yield plugin
    kinemotion.unregister_backend("rtmpose-cuda")


@pytest.fixture(scope="module")
def clips(demo_video: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("clips")
    size = (640, 360)
    return [_clip(demo_video, folder, f"{start}.mp4", start, 8, size) for start in (40, 100, 160)]


def _pixels(result: TrackingResult) -> np.ndarray:
    scale = np.array([result.video.width, result.video.height], dtype=np.float64)
    return np.asarray(result.landmarks[:, :, :2], dtype=np.float64) * scale


def test_each_video_through_the_streams_equals_it_tracked_alone_and_the_calls_are_batched(
    cuda_on_cpu: CudaCodeOnCPU, clips: list[Path]
) -> None:
    alone = [track_video(clip, "rtmpose-cuda") for clip in clips]  # the default session: the batch-1 copy
    cuda_on_cpu.created.clear()
    tasks = [VideoTask(str(clip), "rtmpose-cuda", "lightweight") for clip in clips]
    together = dict(execute(tasks, jobs=3, progress=False))  # three threads sharing one batched model
    assert sorted(together) == [0, 1, 2]
    for k, clip in enumerate(clips):
        result = together[k].tracking
        assert result is not None, together[k].error
        assert result.landmark_names == alone[k].landmark_names and result.frame_count == alone[k].frame_count
        assert np.isnan(result.landmarks).sum() == np.isnan(alone[k].landmarks).sum(), clip.name
        np.testing.assert_allclose(_pixels(result), _pixels(alone[k]), atol=1e-3, equal_nan=True, err_msg=clip.name)
        assert (~np.isnan(result.landmarks[:, :, 0])).any()  # the athlete was found: the comparison means something
    assert len(cuda_on_cpu.created) == 1  # one tracker for the batch: its models were made once
    assert len(cuda_on_cpu.streams) == 3
    session = cuda_on_cpu.streams[0].batching
    assert all(s.batching is session for s in cuda_on_cpu.streams) and isinstance(session, BatchingSession)
    assert not any(s.in_batch for s in cuda_on_cpu.streams)  # each left the batch with its video
    assert session.thread is not None and not session.thread.is_alive()  # the batch was closed with the batch
    assert session.rows >= sum(r.frame_count for r in alone) * 0.9  # every crop went through the batch
    assert session.rows / session.calls > 1.0, (session.rows, session.calls)  # crops of several videos per call


def test_each_video_through_the_streams_records_the_model_files_it_was_tracked_with(
    cuda_on_cpu: CudaCodeOnCPU, clips: list[Path]
) -> None:
    """Plugin contract 1.5: every output records the model files that made it, through the streams too. On an
    H200 ``track -j 8 -b rtmpose-cuda`` wrote outputs recording none (the streams dropped the tracker's
    ``model_files``): a model replaced under the same name was then never noticed by a resumed batch."""
    alone = track_video(clips[0], "rtmpose-cuda")
    assert [Path(str(f["path"])).name for f in alone.backend.model_files] == [
        Path(RTMPOSE_S).name,
        Path(YOLOX_TINY).name,
    ]
    tasks = [VideoTask(str(clip), "rtmpose-cuda", "lightweight") for clip in clips]
    together = dict(execute(tasks, jobs=3, progress=False))
    assert len(cuda_on_cpu.streams) == 3  # the videos went through the streams
    for k in range(len(clips)):
        result = together[k].tracking
        assert result is not None, together[k].error
        assert result.backend.model_files == alone.backend.model_files, clips[k].name


def test_a_corrupt_video_fails_alone_while_the_others_finish(
    cuda_on_cpu: CudaCodeOnCPU, clips: list[Path], tmp_path: Path
) -> None:
    corrupt = tmp_path / "corrupt.mp4"
    corrupt.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    videos = [str(clips[0]), str(corrupt), str(clips[1]), str(clips[2])]
    results = dict(execute([VideoTask(v, "rtmpose-cuda", "lightweight") for v in videos], jobs=2, progress=False))
    assert results[1].tracking is None and results[1].error is not None and "corrupt.mp4" in results[1].error
    for k in (0, 2, 3):
        assert results[k].tracking is not None and results[k].tracking.frame_count == 8, results[k].error
    assert len(cuda_on_cpu.created) == 1


def test_streams_leave_the_batch_when_reset_or_closed(cuda_on_cpu: CudaCodeOnCPU, clips: list[Path]) -> None:
    """A stream is counted by the batch from its first frame to its reset, so no call waits for it between videos."""
    from kinemotion.tracking.decode import VideoReader

    with VideoReader(clips[0]) as reader:
        frame = next(iter(reader.frames())).image
    tracker = cuda_on_cpu.create()
    streams = tracker.streams(2)
    from kinemotion_rtmpose.stream_tracker import StreamTracker

    assert streams is not None and all(isinstance(s, StreamTracker) for s in streams)
    session = streams[0].batching
    assert streams[1].batching is session and tracker.models[1].session is not session  # the graph copy stays
    assert not streams[0].in_batch
    streams[0].process_frame(frame)
    assert streams[0].in_batch and not streams[1].in_batch
    streams[0].reset()
    assert not streams[0].in_batch
    streams[0].process_frame(frame)
    streams[0].close()
    streams[0].close()
    assert not streams[0].in_batch
    later = tracker.streams(1)
    assert later is not None and later[0].batching is session  # a later call joins the same batch
    later[0].close()  # a stream's close leaves the batch running for the others
    assert session.thread is not None and session.thread.is_alive()
    tracker.close()  # the tracker that made the batch stops its device thread
    assert not session.thread.is_alive()


def test_a_stream_with_nobody_to_crop_holds_up_no_other_video(cuda_on_cpu: CudaCodeOnCPU, clips: list[Path]) -> None:
    """A video whose athlete is lost (upside down in a flip, out of view) sends no crop for those frames; the
    batch must not wait ``max_wait_s`` for it at every crop of the other videos. Before, the stream stayed in
    the batch from its first frame to its reset: each pose call of the other stream waited the whole 4 s here
    (5 ms a frame with the default, against about 1-3 ms for a batch on a GPU)."""
    import time

    from kinemotion.tracking.decode import VideoReader
    from kinemotion_rtmpose.stream_tracker import StreamTracker, batching_copy
    from kinemotion_rtmpose.streams import tracker_streams

    with VideoReader(clips[0]) as reader:
        frames = [frame.image for frame in reader.frames()][:4]
    nobody = np.full_like(frames[0], 114)
    tracker = cuda_on_cpu.create()
    copy = batching_copy(tracker)
    assert copy is not None
    lost, found = (StreamTracker(t) for t in tracker_streams(copy, 2, max_wait_s=4.0))
    try:
        assert lost.process_frame(nobody, 33) is None
        assert not lost.in_batch  # no crop sent: not waited for until its next frame
        start = time.perf_counter()
        for k, frame in enumerate(frames):
            assert found.process_frame(frame, 33 * (k + 1)) is not None
        assert time.perf_counter() - start < 4.0  # no call waited max_wait_s for the lost stream
        assert found.in_batch
    finally:
        lost.close()
        found.close()
        lost.batching.close()
        tracker.close()


def test_the_cpu_backends_offer_no_streams() -> None:
    with RTMPoseCPUPlugin().create() as tracker:
        assert tracker.streams(2) is None  # their model gains nothing from a batch: -j N keeps worker processes


def test_the_conformance_kit_passes_the_streams_of_the_cuda_code(person_frame: np.ndarray) -> None:
    from kinemotion.testing import check_plugin

    report = check_plugin(CudaCodeOnCPU(), person_frame=person_frame, require_available=True)
    assert report.ok, report.failures
    assert "streams() (optional) track two videos at once as new trackers would" in report.passed
