"""Where the wall time of a batch of short clips goes on Ray, against one long video: a per-stage profile.

The same clips as ``batch_throughput.py`` (N clips of F frames cut from the
demo, and one video holding the same frames), tracked with
``kinemotion.batch.execute(..., executor="ray")`` on a local Ray started for
each run (its own start-up, ``ray.init``, timed apart), the outputs written
as the command writes them. Every Ray worker process runs a setup hook
(Ray's ``worker_process_setup_hook``) that wraps these functions with time
stamps, written to one file per process (nothing else changes):

- in the driver: from the first submission to each result's arrival, and
  writing the JSON and CSV;
- in each worker process: its start (the hook; the process's own start-up
  before it is not seen), selecting the backend and creating its tracker
  (``select_backend``: the model load, OpenVINO's or ORT's session build),
  each video's whole task on the worker (``run_task``: the bytes written to a
  temporary file, the video opened, tracked, the result made), opening it
  (``VideoReader``), its tracking (``track_opened``: its first frame apart),
  and the worker idle between the end of one video and the start of the next
  (Ray's hand-over, the result returned, the next video's bytes fetched).

Usage: python benchmarks/ray_stages.py [VIDEO] [--videos 20] [--frames 60] [--size 1280x720] [--rounds 3]
       [-b BACKEND ...]
Each round runs the long video then the batch (alternating which goes first); medians over rounds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_throughput import SHARED, make_clips

EVENTS_ENV = "KINEMOTION_BENCH_EVENTS"


def _record_stages() -> None:
    """In a Ray worker process: wrap the stages with time stamps, written to ``$KINEMOTION_BENCH_EVENTS/PID.jsonl``."""
    import atexit
    import threading

    folder = os.environ.get(EVENTS_ENV)
    if not folder:
        return
    log = open(Path(folder) / f"{os.getpid()}.jsonl", "a", buffering=1)  # noqa: SIM115 - open for the process
    atexit.register(log.close)

    def rec(name: str, start: float, end: float) -> None:
        log.write(json.dumps([name, os.getpid(), threading.current_thread().name, start, end]) + "\n")

    rec("worker process ready", time.time(), time.time())

    def wrap(owner: object, attr: str, name: str) -> None:
        inner = getattr(owner, attr)

        def timed(*args: object, **kwargs: object) -> object:
            start = time.time()
            try:
                return inner(*args, **kwargs)
            finally:
                rec(name, start, time.time())

        setattr(owner, attr, timed)

    import kinemotion.batch.tasks as tasks
    import kinemotion.pose.selection as selection
    import kinemotion.tracking.decode as decode
    import kinemotion.tracking.pipeline as pipeline
    import kinemotion.tracking.worker as worker

    wrap(selection, "select_backend", "select backend + create tracker")
    worker.select_backend = selection.select_backend
    wrap(decode.VideoReader, "__init__", "open video")
    import kinemotion.batch.executors as executors

    wrap(tasks, "run_task", "task on the worker")
    for user in (executors, *[m for name, m in sys.modules.items() if name == "kinemotion.batch.ray_executor"]):
        user.run_task = tasks.run_task  # type: ignore[attr-defined]
    original_track = pipeline.track_opened

    def first_frame_marked(reader, frames_in, selection_, *rest):  # type: ignore[no-untyped-def]
        tracker = selection_.tracker
        process = tracker.process_frame
        count = [0]

        def process_frame(image, timestamp_ms=0):  # type: ignore[no-untyped-def]
            start = time.time()
            try:
                return process(image, timestamp_ms)
            finally:
                rec("first frame" if count[0] == 0 else "other frames", start, time.time())
                count[0] += 1

        tracker.process_frame = process_frame
        start = time.time()
        try:
            return original_track(reader, frames_in, selection_, *rest)
        finally:
            rec("tracking", start, time.time())
            del tracker.process_frame

    worker.track_opened = first_frame_marked


def ray_profile(videos: list[Path], out: Path, backend: str, events: Path) -> dict[str, float]:
    """Seconds in each stage of one Ray run (a fresh local Ray)."""
    import ray

    from kinemotion.batch import VideoTask, execute
    from kinemotion.tracking import write_csv, write_json

    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(events, ignore_errors=True)
    out.mkdir(parents=True)
    events.mkdir(parents=True)
    os.environ[EVENTS_ENV] = str(events)
    start = time.time()
    ray.init(
        address="local",  # a new local Ray, never one another process started on this machine
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
        runtime_env={"worker_process_setup_hook": _record_stages, "env_vars": {EVENTS_ENV: str(events)}},
    )
    started = time.time()
    driver: list[tuple[str, float, float]] = []
    try:
        tasks = [VideoTask(str(video), backend, "lightweight") for video in videos]
        last = started
        for index, result in execute(tasks, executor="ray", progress=False):
            arrived = time.time()
            driver.append(("driver waits for the next result", last, arrived))
            if result.tracking is None:
                raise SystemExit(f"Ray run failed: {result.error}")
            write_json(result.tracking, out / f"{index}.json")
            write_csv(result.tracking, out / f"{index}.csv")
            last = time.time()
            driver.append(("driver writes JSON + CSV", arrived, last))
        finished = time.time()
    finally:
        ray.shutdown()
    seen: list[tuple[str, int, str, float, float]] = []
    for path in events.glob("*.jsonl"):
        seen += [tuple(json.loads(line)) for line in path.read_text().splitlines() if line.strip()]  # type: ignore[misc]
    stages: dict[str, float] = {"ray.init (not in the total)": started - start}
    for name, *_, s, e in [(n, 0, "", s, e) for n, s, e in driver] + seen:
        stages[name] = stages.get(name, 0.0) + e - s
    pids = {pid for _, pid, *_ in seen}
    tracking_pids = {pid for name, pid, *_ in seen if name == "task on the worker"}
    stages["worker processes started / that tracked"] = float(len(pids) * 1000 + len(tracking_pids))
    ready = [s for n, _, _, s, _ in seen if n == "worker process ready"]
    task_spans = sorted((s, e, pid) for n, pid, _, s, e in seen if n == "task on the worker")
    if not task_spans:
        raise SystemExit(f"no task seen in the workers' events: {sorted(stages)}")
    stages["first task starts (after ray.init)"] = task_spans[0][0] - started
    stages["first worker ready (after ray.init)"] = min(ready) - started if ready else 0.0
    idle = 0.0
    for pid in tracking_pids:
        mine = sorted((s, e) for s, e, p in task_spans if p == pid)
        idle += sum(b[0] - a[1] for a, b in itertools.pairwise(mine))
    stages["worker idle between its tasks"] = idle
    stages["after the last task (result back, last write)"] = finished - max(e for _, e, _ in task_spans)
    stages["videos in a task (counted)"] = float(len(task_spans))
    stages["total (wall, after ray.init)"] = finished - started
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", default=str(SHARED / "video" / "backflip-demo.mp4"))
    parser.add_argument("--videos", type=int, default=20)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--size", default="1280x720", help="WIDTHxHEIGHT to scale the clips to")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", "-b", action="append", default=None, help="backend (repeatable; default: auto)")
    args = parser.parse_args()
    os.environ.pop("RAY_ADDRESS", None)
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    backends: list[str] = args.backend or ["auto"]
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips, long_video = make_clips(Path(args.video), folder, args.videos, args.frames, args.size)
        for round_ in range(args.rounds):
            order = [(b, label, v) for b in backends for label, v in (("long", [long_video]), ("batch", clips))]
            for backend, label, videos in order if round_ % 2 == 0 else order[::-1]:
                stages = ray_profile(videos, folder / "out", backend, folder / "events")
                runs.setdefault((backend, label), []).append(stages)
                wall = stages["total (wall, after ray.init)"]
                print(f"  round {round_ + 1}: {backend} {label}: {wall:.2f} s", file=sys.stderr)
    print(f"# {args.videos} clips of {args.frames} frames vs one video of {args.videos * args.frames} frames")
    print(f"# ({Path(args.video).name}, {args.size}), executor ray, median of {args.rounds} rounds, seconds summed")
    print(f"# over every worker process (load average at the end: {os.getloadavg()[0]:.1f})\n")
    for backend in backends:
        long, batch = runs[(backend, "long")], runs[(backend, "batch")]
        print(f"\n## {backend}\n\n| stage | one long video | batch | batch - long |\n|---|---|---|---|")
        keys = list(dict.fromkeys([*batch[0], *long[0]]))
        for key in keys:
            a = statistics.median(r.get(key, 0.0) for r in long)
            b = statistics.median(r.get(key, 0.0) for r in batch)
            print(f"| {key} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
        wall = "total (wall, after ray.init)"
        ratios = [100 * lo[wall] / ba[wall] for lo, ba in zip(long, batch, strict=True)]
        print(f"\nbatch frames/s vs the long video's, round by round: {', '.join(f'{r:.0f}%' for r in ratios)}")


if __name__ == "__main__":
    main()
