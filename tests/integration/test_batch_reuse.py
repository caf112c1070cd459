"""A worker keeps its tracker from video to video: a video's result is the same, to the byte, whether it is the
first or the fifth the worker tracks, or tracked alone. Real backends, short clips cut from the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kinemotion.tracking import TrackingWorker, to_json_dict, track_video
from tests.cli import run_kinemotion

pytestmark = [pytest.mark.models, pytest.mark.usefixtures("real_models")]


def _clip(demo: Path, folder: Path, name: str, start: int, frames: int, size: tuple[int, int] | None = None) -> Path:
    """Frames ``start .. start+frames-1`` of the demo (scaled to ``size``), re-encoded as mp4v."""
    import cv2

    from kinemotion.tracking.decode import VideoReader

    out = folder / name
    with VideoReader(demo) as reader:
        size = size or (reader.info.width, reader.info.height)
        writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), 30, size)
        for frame in reader.frames(start, frames):
            writer.write(cv2.resize(frame.image, size, interpolation=cv2.INTER_AREA))
        writer.release()
    return out


@pytest.fixture(scope="module")
def clips(demo_video: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four clips from different moments (one at half size: a new frame size mid-batch)."""
    folder = tmp_path_factory.mktemp("clips")
    return [
        _clip(demo_video, folder, "start.mp4", 0, 10),
        _clip(demo_video, folder, "flip.mp4", 100, 10),
        _clip(demo_video, folder, "small.mp4", 60, 10, (884, 497)),
        _clip(demo_video, folder, "landing.mp4", 150, 10),
    ]


@pytest.mark.parametrize("backend", ["rtmpose-openvino", "rtmpose-cpu"])
def test_first_or_fifth_in_a_worker_equals_tracked_alone(clips: list[Path], backend: str) -> None:
    order = [*clips, clips[0]]  # the first clip again, fifth: after the others' people, boxes and frame sizes
    with TrackingWorker() as worker:
        in_worker = [json.dumps(to_json_dict(worker.track(clip, backend))) for clip in order]
        assert len({id(worker.selection(backend).tracker) for _ in range(2)}) == 1
    alone = {clip: json.dumps(to_json_dict(track_video(clip, backend))) for clip in clips}
    for clip, result in zip(order, in_worker, strict=True):
        assert result == alone[clip], f"{clip.name} in a worker differs from {clip.name} tracked alone"
    assert in_worker[4] == in_worker[0]
    assert json.loads(in_worker[0])["frames_with_pose"] > 0  # the athlete is found: the comparison means something


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".json", ".csv")}


def test_a_batch_writes_what_one_video_at_a_time_writes(clips: list[Path], tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    for clip in clips:
        done = run_kinemotion("track", str(clip), "-b", "rtmpose-openvino", "-o", str(alone / f"{clip.stem}.json"))
        assert done.returncode == 0, done.stderr
    expected = {name.replace(".json", ".landmarks.json").replace(".csv", ".landmarks.csv"): data
                for name, data in _outputs(alone).items()}  # fmt: skip
    for label, extra in {"j1": ["-j", "1"], "j2": ["-j", "2"]}.items():
        out = tmp_path / label
        done = run_kinemotion("track", *map(str, clips), "-b", "rtmpose-openvino", "-o", str(out), "-q", *extra)
        assert done.returncode == 0, done.stderr
        assert _outputs(out) == expected, f"{label}: the batch's outputs differ from one video at a time"


def test_one_ray_worker_writes_for_each_video_what_a_single_run_writes(clips: list[Path], tmp_path: Path) -> None:
    """A Ray with one CPU: one worker process tracks every video, keeping its tracker."""
    ray = pytest.importorskip("ray", reason='needs Ray: pip install "kinemotion[ray]" (the test session installs it)')
    from kinemotion.batch import VideoTask, execute
    from kinemotion.cli.track_cmd import Targets, _write

    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    try:
        tasks = [VideoTask(str(clip), "rtmpose-openvino", "lightweight") for clip in [*clips, clips[0]]]
        results = dict(execute(tasks, executor="ray", progress=False))
        kept = ray.get(ray.remote(num_cpus=1)(_trackers_kept_here).remote())
    finally:
        ray.shutdown()
    assert kept == 1  # the worker process that tracked the videos kept one tracker for all of them
    for index, task in enumerate(tasks):
        tracking = results[index].tracking
        assert tracking is not None, results[index].error
        got = tmp_path / f"{index}.json"
        assert _write(results[index], Targets(got, got.with_suffix(".csv"), None)) is None  # as the command writes
        alone = tmp_path / f"alone{index}.json"
        done = run_kinemotion("track", task.video, "-b", "rtmpose-openvino", "-o", str(alone))
        assert done.returncode == 0, done.stderr
        assert got.read_bytes() == alone.read_bytes(), f"{task.video}: Ray's JSON differs"
        assert got.with_suffix(".csv").read_bytes() == alone.with_suffix(".csv").read_bytes()


def _trackers_kept_here() -> int:
    """In a Ray worker: how many trackers this process's worker keeps."""
    from kinemotion.batch import tasks

    worker = tasks._PROCESS_WORKER
    return 0 if worker is None else len(worker._kept)


def test_mediapipe_first_or_fifth_in_a_worker_equals_tracked_alone(clips: list[Path]) -> None:
    """MediaPipe's reset() makes a new VIDEO-mode landmarker and keeps the IMAGE-mode one."""
    order = [clips[0], clips[3], clips[0]]
    with TrackingWorker() as worker:
        in_worker = [json.dumps(to_json_dict(worker.track(clip, "mediapipe"))) for clip in order]
        tracker = worker.selection("mediapipe").tracker
        assert callable(getattr(tracker, "reset", None))
    alone = {clip: json.dumps(to_json_dict(track_video(clip, "mediapipe"))) for clip in set(order)}
    for clip, result in zip(order, in_worker, strict=True):
        assert result == alone[clip], f"{clip.name} in a worker differs from {clip.name} tracked alone"
    assert json.loads(in_worker[0])["frames_with_pose"] > 0
