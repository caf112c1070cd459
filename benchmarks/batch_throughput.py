"""Many short videos vs one long one: frames per second of ``kinemotion track``, side by side in one run.

The batch is N clips of F frames cut from the demo at evenly spaced starts
(re-encoded mp4v); the long video is the same N x F frames in one file, so
both hold exactly the same pictures. Each is tracked by the real command in a
fresh process (start-up, backend selection, model compilation, decoding,
tracking and writing the JSON and CSV are all in the time), with the backend
``auto`` picks, for:

- the long video (``-j 1``): the reference, frames/s of one video;
- the batch with ``-j 1``, ``-j 2`` ... up to the CPUs, and ``-j auto``;
- ``--executor ray`` for the batch and for the long video, on a Ray started
  before the runs (``ray start --head``, joined through ``RAY_ADDRESS``): Ray's
  own start-up is not in the time, its workers' is.

Variants run in turn, ``--rounds`` times, the order rotated each round; the
best (least disturbed) time of each is reported, with the ratio of its
frames/s to the long video's. Then, in this process, the per-video start-up:
a fresh selection and tracker per video (``track_video``, what every video
paid before workers kept their tracker) against one ``TrackingWorker`` kept
across the clips: the seconds a clip takes beyond its frames at the long
video's rate in the same process.

Usage: python benchmarks/batch_throughput.py [VIDEO] [--videos 8] [--frames 60] [--size 1280x720] [--rounds 2]
       [--no-ray]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "assets"
RAY_QUIET = ("--include-dashboard", "false", "--disable-usage-stats")


def make_clips(video: Path, folder: Path, count: int, frames: int, size: str | None) -> tuple[list[Path], Path]:
    """``count`` clips of ``frames`` frames at evenly spaced starts, and one file holding all their frames."""
    import cv2

    from kinemotion.tracking.decode import read_frames

    images = [f.image for f in read_frames(video)]
    if size:
        width, height = (int(v) for v in size.lower().split("x"))
        images = [cv2.resize(im, (width, height), interpolation=cv2.INTER_AREA) for im in images]
    height, width = images[0].shape[:2]
    fourcc = cv2.VideoWriter.fourcc(*"mp4v")
    long_writer = cv2.VideoWriter(str(folder / "long.mp4"), fourcc, 30, (width, height))
    clips = []
    for i in range(count):
        start = i * max(0, len(images) - frames) // max(1, count - 1)
        clip = folder / f"clip{i:02d}.mp4"
        writer = cv2.VideoWriter(str(clip), fourcc, 30, (width, height))
        for image in images[start : start + frames]:
            writer.write(image)
            long_writer.write(image)
        writer.release()
        clips.append(clip)
    long_writer.release()
    return clips, folder / "long.mp4"


@contextmanager
def ray_head(env: dict[str, str]) -> Iterator[str]:
    """A local Ray head with this machine's CPUs; its address."""
    ray = str(Path(sys.executable).with_name("ray"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    subprocess.run(
        [ray, "start", "--head", "--node-ip-address", "127.0.0.1", "--port", port, *RAY_QUIET],
        check=True,
        env=env,
        capture_output=True,
    )
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([ray, "stop", "--force"], env=env, capture_output=True)


def run_track(videos: list[Path], out: Path, extra: list[str], env: dict[str, str]) -> float:
    kinemotion = str(Path(sys.executable).with_name("kinemotion"))
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    target = out if len(videos) > 1 else out / "long.json"
    done = subprocess.run(
        [kinemotion, "track", *map(str, videos), "-o", str(target), "-q", *extra],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kinemotion track {' '.join(extra)} failed:\n{done.stderr}")
    return seconds


def startup_per_video(clips: list[Path], long_video: Path, frames: int) -> tuple[float, float, float]:
    """Seconds a clip takes beyond its frames (at the long video's rate): fresh tracker per video, kept tracker;
    and the long video's seconds per frame. In this process, backend ``auto``."""
    from kinemotion.tracking import TrackingWorker, track_video

    with TrackingWorker() as worker:
        worker.track(clips[0])  # selection, models, the frame size: ready
        start = time.perf_counter()
        long_frames = worker.track(long_video).frame_count
        per_frame = (time.perf_counter() - start) / long_frames
        kept = []
        for clip in clips:
            start = time.perf_counter()
            worker.track(clip)
            kept.append(time.perf_counter() - start)
    fresh = []
    for clip in clips:
        start = time.perf_counter()
        track_video(clip)
        fresh.append(time.perf_counter() - start)
    return statistics.median(fresh) - frames * per_frame, statistics.median(kept) - frames * per_frame, per_frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", default=str(SHARED / "video" / "backflip-demo.mp4"))
    parser.add_argument("--videos", type=int, default=8)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--size", default=None, help="WIDTHxHEIGHT to scale the clips to (default: the video's)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()
    from kinemotion.cpus import max_threads

    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    env["RAY_AUTH_MODE"] = "disabled"  # a throw-away Ray on this machine
    cpus = max_threads()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips, long_video = make_clips(Path(args.video), folder, args.videos, args.frames, args.size)
        total = args.videos * args.frames
        variants: list[tuple[str, list[Path], list[str]]] = [("one long video, -j 1", [long_video], ["-j", "1"])]
        variants += [(f"batch, -j {j}", clips, ["-j", str(j)]) for j in range(1, cpus + 1)]
        variants += [("batch, -j auto", clips, ["-j", "auto"])]
        if not args.no_ray:
            variants += [("one long video, ray", [long_video], ["--executor", "ray"])]
            variants += [("batch, ray", clips, ["--executor", "ray"])]
        best: dict[str, float] = {}
        with ray_head(env) if not args.no_ray else _nothing() as address:
            run_env = {**env, "RAY_ADDRESS": address} if address else env
            for round_ in range(args.rounds):
                shift = round_ % len(variants)
                for label, videos, extra in variants[shift:] + variants[:shift]:
                    seconds = run_track(videos, folder / "out", extra, run_env)
                    best[label] = min(seconds, best.get(label, float("inf")))
                    print(f"  round {round_ + 1}: {label}: {seconds:.1f} s", file=sys.stderr)
        fresh, kept, per_frame = startup_per_video(clips, long_video, args.frames)
    size = args.size or "the video's size"
    print(f"# {args.videos} clips of {args.frames} frames vs one video of {total} frames ({Path(args.video).name}, ")
    print(f"# {size}), {cpus} CPUs, backend auto, best of {args.rounds} rounds, each a fresh `kinemotion track`\n")
    print("| run | seconds | frames/s | vs one long video |\n|---|---|---|---|")
    reference = total / best["one long video, -j 1"]
    for label, seconds in best.items():
        print(f"| {label} | {seconds:.1f} | {total / seconds:.1f} | {total / seconds / reference:.0%} |")
    print(f"\nPer-video start-up (in one process; a frame of the long video takes {per_frame * 1000:.1f} ms):")
    print(f"- a new selection and tracker per video (`track_video`): {fresh:.2f} s")
    print(f"- the tracker kept by the worker (`TrackingWorker`): {kept:.2f} s")


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    main()
