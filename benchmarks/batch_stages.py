"""Where the wall time of a batch of short clips goes, against one long video: a per-stage profile.

The same clips as ``batch_throughput.py`` (N clips of F frames cut from the
demo, and one video holding the same frames). ``kinemotion track`` runs in a
fresh process for each (``-j 1``: the tracker in this process's tracking
thread, the outputs written by the main thread), with time stamps around its
stages (the functions named below are wrapped, nothing else changes):

- start-up: importing the command, choosing the backend and creating its
  tracker (``select_backend``: with ``auto`` every backend's probe, OpenVINO
  loading its compiled models from the cache);
- per video: opening it (``VideoReader``: file checks, the fingerprint, the
  decoder's start; the video decoded ahead is opened in a background thread),
  the tracker's reset, waiting for a decoded frame, the first frame
  (a full-frame person detection) and the other frames (``process_frame``),
  writing the JSON and CSV (main thread);
- the tracking thread idle between videos (from the end of one video's
  tracking to the start of the next).

Usage: python benchmarks/batch_stages.py [VIDEO] [--videos 8] [--frames 60] [--size 1280x720] [--rounds 3] [-b BACKEND]
Each round runs the long video then the batch (alternating which goes first); medians over rounds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_throughput import SHARED, make_clips

_CHILD = r"""
import json, os, resource, sys, threading, time
T0 = time.perf_counter()
events = []
def rec(name, start, end, video=None):
    events.append((name, threading.current_thread().name, start - T0, end - T0, video))
def wrap(owner, attr, name, video=None):
    inner = getattr(owner, attr)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            rec(name, start, time.perf_counter(), video(args) if video else None)
    setattr(owner, attr, timed)
import kinemotion.cli.main as cli_main
rec("import", T0, time.perf_counter())
import kinemotion.pose.selection as selection, kinemotion.tracking.decode as decode
import kinemotion.tracking.files as files, kinemotion.tracking.pipeline as pipeline
import kinemotion.tracking.worker as worker
wrap(selection, "select_backend", "select backend + create tracker")
worker.select_backend = selection.select_backend
wrap(worker, "reset_for_next_video", "reset")
wrap(pipeline, "track_opened", "tracking", lambda a: os.path.basename(str(a[0].path)))
wrap(files, "write_json", "write JSON"); wrap(files, "write_csv", "write CSV")
wrap(decode.VideoReader, "__init__", "open video (probe, fingerprint)")
wrap(decode, "identify", "fingerprint")
original_iter = decode.BackgroundFrames.__iter__
def frames(self):
    frames_in = original_iter(self)
    while True:
        start = time.perf_counter()
        try:
            frame = next(frames_in)
        except StopIteration:
            return
        rec("wait for a decoded frame", start, time.perf_counter())
        yield frame
decode.BackgroundFrames.__iter__ = frames
original_track = pipeline.track_opened
def first_frame_marked(reader, frames_in, selection_, *rest):
    tracker = selection_.tracker
    process = tracker.process_frame
    count = [0]
    def process_frame(image, timestamp_ms=0):
        start = time.perf_counter()
        try:
            return process(image, timestamp_ms)
        finally:
            rec("first frame" if count[0] == 0 else "other frames", start, time.perf_counter())
            count[0] += 1
    tracker.process_frame = process_frame
    try:
        return original_track(reader, frames_in, selection_, *rest)
    finally:
        del tracker.process_frame
worker.track_opened = first_frame_marked
sys.argv = ["kinemotion", *sys.argv[1:]]
try:
    cli_main.main()
except SystemExit:
    pass
usage = resource.getrusage(resource.RUSAGE_SELF)
rec("process", T0, time.perf_counter())
print(json.dumps({"events": events, "cpu": usage.ru_utime + usage.ru_stime}), file=sys.__stdout__)
"""

STAGES = (
    "import",
    "select backend + create tracker",
    "open video (probe, fingerprint)",
    "fingerprint",
    "reset",
    "wait for a decoded frame",
    "first frame",
    "other frames",
    "write JSON",
    "write CSV",
)


def profile(videos: list[Path], out: Path, backend: str = "auto") -> dict[str, float]:
    """Seconds in each stage (and on which thread), of one ``kinemotion track`` run."""
    target = out if len(videos) > 1 else out / "long.json"
    cmd = [sys.executable, "-c", _CHILD, "track", *map(str, videos), "-o", str(target), "-q", "-j", "1", "-b", backend]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    events = data["events"]
    stages: dict[str, float] = {}
    for name, thread, start, end, _ in events:
        where = "tracking thread" if thread.startswith("kinemotion-tracking") else thread
        key = f"{name} [{where}]" if name in ("open video (probe, fingerprint)", "fingerprint") else name
        stages[key] = stages.get(key, 0.0) + end - start
    tracking = sorted((s, e) for n, _, s, e, _ in events if n == "tracking")
    stages["tracking thread idle between videos"] = sum(b[0] - a[1] for a, b in itertools.pairwise(tracking))
    stages["after the last video (last write, exit)"] = data_end(events) - tracking[-1][1]
    stages["total (wall)"] = data_end(events)
    stages["CPU (all threads)"] = data["cpu"]
    return stages


def data_end(events: list[list[object]]) -> float:
    return float(next(e[3] for e in events if e[0] == "process"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", default=str(SHARED / "video" / "backflip-demo.mp4"))
    parser.add_argument("--videos", type=int, default=8)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--size", default=None, help="WIDTHxHEIGHT to scale the clips to (default: the video's)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", "-b", default="auto", help="the backend to track with (default: auto)")
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"long": [], "batch": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips, long_video = make_clips(Path(args.video), folder, args.videos, args.frames, args.size)
        profile(clips[:1], folder / "warm", args.backend)  # OpenVINO's cache filled, as after any first use
        for round_ in range(args.rounds):
            order = [("long", [long_video]), ("batch", clips)]
            for label, videos in order if round_ % 2 == 0 else order[::-1]:
                runs[label].append(profile(videos, folder / f"out-{label}-{round_}", args.backend))
                print(f"  round {round_ + 1}: {label}: {runs[label][-1]['total (wall)']:.2f} s", file=sys.stderr)
    keys = [k for k in runs["batch"][0] if k not in ("total (wall)", "CPU (all threads)", "process")]
    keys = sorted(keys, key=lambda k: next((i for i, s in enumerate(STAGES) if k.startswith(s)), len(STAGES)))
    size = args.size or "the video's size"
    print(f"# {args.videos} clips of {args.frames} frames vs one video of {args.videos * args.frames} frames")
    command = f"kinemotion track -j 1 -b {args.backend}"
    print(f"# ({Path(args.video).name}, {size}), `{command}`, median of {args.rounds} rounds, seconds")
    print(f"# (load average at the end: {os.getloadavg()[0]:.1f})\n")
    print("| stage [thread] | one long video | batch | batch - long |")
    print("|---|---|---|---|")
    for key in [*keys, "total (wall)", "CPU (all threads)"]:
        long = statistics.median(r.get(key, 0.0) for r in runs["long"])
        batch = statistics.median(r.get(key, 0.0) for r in runs["batch"])
        print(f"| {key} | {long:.3f} | {batch:.3f} | {batch - long:+.3f} |")


if __name__ == "__main__":
    main()
