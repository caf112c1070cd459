"""A worker keeps its tracker from video to video: a video's result is the same, to the byte, whether it is the
first or the fifth the worker tracks, or tracked alone. Real backends, short clips cut from the demo."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def _ray_head_with_one_cpu() -> Iterator[str]:
    """A Ray head on 127.0.0.1 with one CPU (so one worker process tracks every video); its address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    ray = str(Path(sys.executable).with_name("ray"))
    env = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    start = [ray, "start", "--head", "--node-ip-address", "127.0.0.1", "--port", port, "--num-cpus", "1"]
    subprocess.run([*start, "--include-dashboard", "false", "--disable-usage-stats"], env=env, check=True, timeout=180)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([ray, "stop", "--force"], env=env, capture_output=True, timeout=120)


def test_a_batch_writes_what_one_video_at_a_time_writes(clips: list[Path], tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    for clip in clips:
        done = run_kinemotion("track", str(clip), "-b", "rtmpose-openvino", "-o", str(alone / f"{clip.stem}.json"))
        assert done.returncode == 0, done.stderr
    expected = {name.replace(".json", ".landmarks.json").replace(".csv", ".landmarks.csv"): data
                for name, data in _outputs(alone).items()}  # fmt: skip
    runs = {"j1": ["-j", "1"], "j2": ["-j", "2"]}
    if "ray" in sys.modules or _has_ray():
        runs["ray"] = ["--executor", "ray"]
    for label, extra in runs.items():
        env = None
        context = _ray_head_with_one_cpu() if label == "ray" else _no_cluster()
        with context as address:
            if address:
                env = {**os.environ, "RAY_ADDRESS": address, "RAY_AUTH_MODE": "disabled"}
            out = tmp_path / label
            args = ["track", *map(str, clips), "-b", "rtmpose-openvino", "-o", str(out), "-q", *extra]
            done = run_kinemotion(*args, env=env)
        assert done.returncode == 0, done.stderr
        assert _outputs(out) == expected, f"{label}: the batch's outputs differ from one video at a time"


def _has_ray() -> bool:
    import importlib.util

    return importlib.util.find_spec("ray") is not None


@contextmanager
def _no_cluster() -> Iterator[None]:
    yield None
