"""Many short videos vs one long one: frames per second of ``kinemotion track``, side by side in one run.

The batch is N clips of F frames cut from the demo at evenly spaced starts
(re-encoded mp4v); the long video is the same N x F frames in one file, so
both hold exactly the same pictures. Each is tracked by the real command in a
fresh process (start-up, backend selection, model compilation, decoding,
tracking and writing the JSON and CSV are all in the time), with the backend
``auto`` picks, for:

- the long video (``-j 1``): the reference, frames/s of one video;
- the batch with ``-j 1``, ``-j 2`` ... up to the CPUs, and ``-j auto``;
- Ray (``kinemotion.batch.execute(..., executor="ray")``, the outputs written
  as the command writes them) for the batch and for the long video, in this
  process, on a local Ray started for each run and timed apart: Ray's own
  start-up (``ray.init``) is not in the time, its workers' is (a fresh Ray,
  fresh worker processes each run).

A first untimed run fills OpenVINO's compiled-model cache, as any earlier use
on the machine has.

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
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "assets"


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


def ray_run(videos: list[Path], out: Path) -> tuple[float, float]:
    """Seconds of Ray's own start-up, and of tracking ``videos`` on it and writing their outputs here."""
    import logging

    import ray

    from kinemotion.batch import VideoTask, execute
    from kinemotion.tracking import write_csv, write_json

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    ray.init(include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    started = time.perf_counter()
    try:
        tasks = [VideoTask(str(video), None, "lightweight") for video in videos]
        for index, result in execute(tasks, executor="ray", progress=False):
            if result.tracking is None:
                raise SystemExit(f"Ray run failed: {result.error}")
            write_json(result.tracking, out / f"{index}.json")
            write_csv(result.tracking, out / f"{index}.csv")
        seconds = time.perf_counter() - started
    finally:
        ray.shutdown()
    return started - start, seconds


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_track(videos: list[Path], out: Path, extra: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the command and its worker processes) of ``kinemotion track``."""
    kinemotion = str(Path(sys.executable).with_name("kinemotion"))
    shutil.rmtree(out, ignore_errors=True)
    cpu = _children_cpu()
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
    return seconds, _children_cpu() - cpu


def startup_per_video(clips: list[Path]) -> dict[str, tuple[float, float]]:
    """What a clip costs more, wall and CPU seconds (this process, all its threads), with a new selection and
    tracker than with the tracker a worker kept: the median over the clips of the difference on the same clip,
    the runs interleaved. With OpenVINO's compiled models cached (what a new process finds after any earlier
    run), and compiled anew (an empty cache folder, as before that cache). In this process, backend ``auto``."""
    from kinemotion.tracking import TrackingWorker, track_video

    def timed(work: Callable[[], object]) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        return time.perf_counter() - wall, time.process_time() - cpu

    def uncached(clip: Path) -> tuple[float, float]:
        saved = os.environ.get("KINEMOTION_CACHE_DIR")
        with tempfile.TemporaryDirectory() as empty:
            os.environ["KINEMOTION_CACHE_DIR"] = empty
            try:
                return timed(lambda: track_video(clip))
            finally:
                if saved is None:
                    os.environ.pop("KINEMOTION_CACHE_DIR")
                else:
                    os.environ["KINEMOTION_CACHE_DIR"] = saved

    extra: dict[str, list[tuple[float, float]]] = {"cached": [], "compiled anew": []}
    with TrackingWorker() as worker:
        worker.track(clips[0])  # selection, models, the frame size: ready
        for clip in clips:
            kept = timed(lambda clip=clip: worker.track(clip))
            fresh = timed(lambda clip=clip: track_video(clip))
            extra["cached"].append((fresh[0] - kept[0], fresh[1] - kept[1]))
            if os.environ.get("KINEMOTION_MODEL_DIR"):  # models there: an empty cache folder only empties OpenVINO's
                anew = uncached(clip)
                extra["compiled anew"].append((anew[0] - kept[0], anew[1] - kept[1]))
    return {
        key: (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
        for key, runs in extra.items()
        if runs
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", default=str(SHARED / "video" / "backflip-demo.mp4"))
    parser.add_argument("--videos", type=int, default=8)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--size", default=None, help="WIDTHxHEIGHT to scale the clips to (default: the video's)")
    parser.add_argument("--rounds", type=int, default=2, help="0: only the per-video start-up")
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()
    from kinemotion.cpus import max_threads

    os.environ.pop("RAY_ADDRESS", None)  # a local Ray, started and stopped here
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a throw-away Ray on this machine
    env = dict(os.environ)
    cpus = max_threads()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips, long_video = make_clips(Path(args.video), folder, args.videos, args.frames, args.size)
        total = args.videos * args.frames
        variants: list[tuple[str, list[Path], list[str]]] = [("one long video, -j 1", [long_video], ["-j", "1"])]
        variants += [(f"batch, -j {j}", clips, ["-j", str(j)]) for j in range(1, cpus + 1)]
        variants += [("batch, -j auto", clips, ["-j", "auto"])]
        if not args.no_ray:
            variants += [("one long video, Ray", [long_video], ["--executor", "ray"])]
            variants += [("batch, Ray", clips, ["--executor", "ray"])]
        if args.rounds:
            run_track(clips[:1], folder / "out", ["-j", "1"], env)  # OpenVINO's cache filled, as after any first use
        best: dict[str, float] = {}
        cpu: dict[str, float] = {}
        ray_startup: list[float] = []
        for round_ in range(args.rounds):
            shift = round_ % len(variants)
            for label, videos, extra in variants[shift:] + variants[:shift]:
                if extra == ["--executor", "ray"]:
                    init, seconds = ray_run(videos, folder / "out")
                    ray_startup.append(init)
                else:
                    seconds, cpu_seconds = run_track(videos, folder / "out", extra, env)
                    cpu[label] = min(cpu_seconds, cpu.get(label, float("inf")))
                best[label] = min(seconds, best.get(label, float("inf")))
                print(f"  round {round_ + 1}: {label}: {seconds:.1f} s", file=sys.stderr)
        startup = startup_per_video(clips)
    size = args.size or "the video's size"
    if not best:
        print(f"# {args.videos} clips of {args.frames} frames ({Path(args.video).name}, {size}), {cpus} CPUs")
        _print_startup(startup)
        return
    print(f"# {args.videos} clips of {args.frames} frames vs one video of {total} frames ({Path(args.video).name}, ")
    print(f"# {size}), {cpus} CPUs, backend auto, best of {args.rounds} rounds; local: a fresh `kinemotion track`")
    print("# each; Ray: in this process, after ray.init\n")
    print("| run | seconds | frames/s | vs one long video | CPU s | CPU ms/frame | vs one long video (CPU) |")
    print("|---|---|---|---|---|---|---|")
    reference = total / best["one long video, -j 1"]
    cpu_reference = cpu["one long video, -j 1"] / total
    for label, seconds in best.items():
        row = f"| {label} | {seconds:.1f} | {total / seconds:.1f} | {total / seconds / reference:.0%} |"
        if label in cpu:
            per_frame = cpu[label] / total
            row += f" {cpu[label]:.1f} | {per_frame * 1000:.1f} | {cpu_reference / per_frame:.0%} |"
        else:
            row += " (Ray's workers) | | |"
        print(row)
    if ray_startup:
        print(f"\nRay's own start-up (ray.init, not in the Ray rows): {statistics.median(ray_startup):.1f} s")
    _print_startup(startup)


def _print_startup(startup: dict[str, tuple[float, float]]) -> None:
    print("\nPer-video start-up a kept tracker saves (in one process, the same clip tracked each way, median):")
    for key, what in (
        ("compiled anew", "a new selection and tracker per video, models compiled anew (before)"),
        ("cached", "a new selection and tracker per video, OpenVINO's compiled models on disk"),
    ):
        if key in startup:
            print(f"- {what}: {startup[key][0]:.2f} s, {startup[key][1]:.2f} s CPU")


if __name__ == "__main__":
    main()
