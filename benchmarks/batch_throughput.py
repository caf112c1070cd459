"""Many short videos vs one long one: frames per second of ``kinemotion track``, side by side in one run.

The batch is N clips of F frames cut from the demo at evenly spaced starts
(re-encoded mp4v); the long video is the same N x F frames in one file, so
both hold exactly the same pictures. Each is tracked by the real command in a
fresh process (start-up, backend selection, model compilation, decoding,
tracking and writing the JSON and CSV are all in the time), with the backend
``auto`` picks (or each backend given with ``--backend``, repeatable), for:

- the long video (``-j 1``): the reference, frames/s of one video;
- the batch with ``-j 1``, ``-j 2`` ... up to the CPUs, and ``-j auto``;
- Ray (``kinemotion.batch.execute(..., executor="ray")``, the outputs written
  as the command writes them) for the batch and for the long video, in a
  fresh process, on a local Ray started for each run and timed apart: Ray's
  own start-up (``ray.init``) is not in the time, its workers' is (a fresh
  Ray, fresh worker processes each run).

A first untimed run fills OpenVINO's compiled-model cache, as any earlier use
on the machine has.

Variants run in turn, ``--rounds`` times, the order rotated each round. Each
row gives the median frames/s over the rounds and their spread (slowest and
fastest round), and the ratio to the long video's frames/s taken round by
round (a batch against the long video of the same round, so that a slow
spell of a shared machine slows both), as a median and a spread; the load
average of the machine (``os.getloadavg``, 1 minute) before each run is
shown beside each row. Then ``-j auto`` against the fastest fixed ``-j`` of
the same round. Then, in this process, the per-video start-up:
a fresh selection and tracker per video (``track_video``, what every video
paid before workers kept their tracker) against one ``TrackingWorker`` kept
across the clips: the seconds a clip takes beyond its frames at the long
video's rate in the same process.

Usage: python benchmarks/batch_throughput.py [VIDEO] [--videos 8] [--frames 60] [--size 1280x720] [--rounds 3]
       [--no-ray | --no-local] [--jobs 1,2,auto] [--backend NAME ...] [--against CHECKOUT]

``--against CHECKOUT`` also runs every variant with the code of another
checkout of kinemotion (its three ``src`` folders first on ``PYTHONPATH``, for
Ray's workers too, e.g. main extracted with ``git archive main | tar -x -C
/tmp/main``), labelled ``[CHECKOUT]``, in the same rounds: before and after a
change, side by side (each against the long video run with the same code).
``--no-local`` runs only the Ray variants (each then against Ray's long video).

``nox -s bench_batch`` runs it on 20 clips of 2 s at 720p with ``rtmpose-cpu`` and ``mediapipe``.
"""

from __future__ import annotations

import argparse
import json
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
PARTS = ("core", "mediapipe", "rtmpose")
"""The three distributions of a checkout (``kinemotion-PART/src``)."""
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


def ray_run(videos: list[Path], out: Path, backend: str = "auto") -> tuple[float, float]:
    """Seconds of Ray's own start-up, and of tracking ``videos`` on it and writing their outputs here."""
    import logging

    import ray

    from kinemotion.batch import VideoTask, execute
    from kinemotion.tracking import write_csv, write_json

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    ray.init(address="local", include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    started = time.perf_counter()
    try:
        tasks = [VideoTask(str(video), backend, "lightweight") for video in videos]
        for index, result in execute(tasks, executor="ray", progress=False):
            if result.tracking is None:
                raise SystemExit(f"Ray run failed: {result.error}")
            write_json(result.tracking, out / f"{index}.json")
            write_csv(result.tracking, out / f"{index}.csv")
        seconds = time.perf_counter() - started
    finally:
        ray.shutdown()
    return started - start, seconds


def ray_run_apart(videos: list[Path], out: Path, backend: str, env: dict[str, str]) -> tuple[float, float]:
    """:func:`ray_run` in a fresh process with ``env`` (another checkout's code on ``PYTHONPATH``)."""
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from pathlib import Path; "
        f"from batch_throughput import ray_run; "
        f"print(json.dumps(ray_run([Path(v) for v in {[str(v) for v in videos]!r}], Path({str(out)!r}), {backend!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"Ray run failed:\n{done.stderr}")
    init, seconds = json.loads(done.stdout.strip().splitlines()[-1])
    return float(init), float(seconds)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def busy_cpu_seconds() -> float:
    """CPU seconds every process of the machine has used since boot (``/proc/stat``; 0 where there is none)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_track(videos: list[Path], out: Path, extra: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds and CPU seconds (the command and its worker processes) of ``kinemotion track``, and the CPU
    seconds other processes of the machine used meanwhile."""
    kinemotion = str(Path(sys.executable).with_name("kinemotion"))
    shutil.rmtree(out, ignore_errors=True)
    cpu = _children_cpu()
    machine = busy_cpu_seconds()
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
    ours = _children_cpu() - cpu
    return seconds, ours, max(0.0, busy_cpu_seconds() - machine - ours)


def startup_per_video(clips: list[Path], backend: str = "auto") -> dict[str, tuple[float, float]]:
    """What a clip costs more, wall and CPU seconds (this process, all its threads), with a new selection and
    tracker than with the tracker a worker kept: the median over the clips of the difference on the same clip,
    the runs interleaved. With OpenVINO's compiled models cached (what a new process finds after any earlier
    run), and compiled anew (an empty cache folder, as before that cache). In this process, with ``backend``."""
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
                return timed(lambda: track_video(clip, backend))
            finally:
                if saved is None:
                    os.environ.pop("KINEMOTION_CACHE_DIR")
                else:
                    os.environ["KINEMOTION_CACHE_DIR"] = saved

    extra: dict[str, list[tuple[float, float]]] = {"cached": [], "compiled anew": []}
    with TrackingWorker() as worker:
        worker.track(clips[0], backend)  # selection, models, the frame size: ready
        for clip in clips:
            kept = timed(lambda clip=clip: worker.track(clip, backend))
            fresh = timed(lambda clip=clip: track_video(clip, backend))
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
    parser.add_argument("--rounds", type=int, default=3, help="0: only the per-video start-up")
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--no-local", action="store_true", help="only the Ray variants")
    parser.add_argument(
        "--no-startup", dest="startup", action="store_false", help="skip the in-process per-video start-up measurement"
    )
    parser.add_argument(
        "--jobs", default=None, help="the -j values of the batch, comma-separated (default: 1 up to the CPUs, and auto)"
    )
    parser.add_argument(
        "--backend", "-b", action="append", default=None, help="backend to track with (repeatable; default: auto)"
    )
    parser.add_argument("--against", type=Path, default=None, help="another checkout's code, run side by side")
    args = parser.parse_args()
    backends: list[str] = args.backend or ["auto"]
    from kinemotion.cpus import max_threads

    os.environ.pop("RAY_ADDRESS", None)  # a local Ray, started and stopped here
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a throw-away Ray on this machine
    env = dict(os.environ)
    cpus = max_threads()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips, long_video = make_clips(Path(args.video), folder, args.videos, args.frames, args.size)
        total = args.videos * args.frames
        jobs = args.jobs.split(",") if args.jobs else [*map(str, range(1, cpus + 1)), "auto"]
        variants: list[tuple[str, list[Path], list[str]]] = []
        for backend in backends:
            named = f"{backend}: " if len(backends) > 1 else ""
            chosen = ["-b", backend]
            if not args.no_local:
                variants += [(f"{named}one long video, -j 1", [long_video], ["-j", "1", *chosen])]
                variants += [(f"{named}batch, -j {j}", clips, ["-j", j, *chosen]) for j in jobs]
            if not args.no_ray:
                variants += [(f"{named}one long video, Ray", [long_video], ["--executor", "ray", *chosen])]
                variants += [(f"{named}batch, Ray", clips, ["--executor", "ray", *chosen])]
        envs = {label: env for label, _, _ in variants}
        if args.against is not None:
            code = args.against.resolve()
            other = dict(env, PYTHONPATH=os.pathsep.join(str(code / f"kinemotion-{p}" / "src") for p in PARTS))
            variants += [(f"{label} [{code}]", videos, extra) for label, videos, extra in variants]
            envs.update({f"{label} [{code}]": other for label, _, _ in variants})
        if args.rounds:
            for backend in backends:  # OpenVINO's cache filled, as after any first use
                run_track(clips[:1], folder / "out", ["-j", "1", "-b", backend], env)
        times: dict[str, list[float]] = {label: [] for label, _, _ in variants}
        cpu: dict[str, list[float]] = {}
        load: dict[str, list[float]] = {label: [] for label, _, _ in variants}
        others: dict[str, list[float]] = {}
        ray_startup: list[float] = []
        for round_ in range(args.rounds):
            shift = round_ % len(variants)
            for label, videos, extra in variants[shift:] + variants[:shift]:
                load[label].append(os.getloadavg()[0])
                if extra[:2] == ["--executor", "ray"]:
                    init, seconds = ray_run_apart(videos, folder / "out", extra[-1], envs[label])
                    ray_startup.append(init)
                else:
                    seconds, cpu_seconds, other_seconds = run_track(videos, folder / "out", extra, envs[label])
                    cpu.setdefault(label, []).append(cpu_seconds)
                    others.setdefault(label, []).append(100 * other_seconds / seconds / cpus)
                times[label].append(seconds)
                print(f"  round {round_ + 1}: {label}: {seconds:.1f} s (load {load[label][-1]:.1f})", file=sys.stderr)
        startup = startup_per_video(clips, backends[0]) if args.startup else {}
    size = args.size or "the video's size"
    if not args.rounds:
        print(f"# {args.videos} clips of {args.frames} frames ({Path(args.video).name}, {size}), {cpus} CPUs")
        _print_startup(startup)
        return
    _print_table(args, backends, total, size, cpus, times, cpu, load, others)
    _print_auto(times)
    if ray_startup:
        print(f"\nRay's own start-up (ray.init, not in the Ray rows): {statistics.median(ray_startup):.1f} s")
    _print_startup(startup)


def _spread(values: list[float], fmt: str = "{:.1f}") -> str:
    """The median, and the lowest and highest: ``12.3 (11.0-14.1)``."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{fmt.format(mid)} ({fmt.format(low)}-{fmt.format(high)})"


def _print_table(
    args: argparse.Namespace,
    backends: list[str],
    total: int,
    size: str,
    cpus: int,
    times: dict[str, list[float]],
    cpu: dict[str, list[float]],
    load: dict[str, list[float]],
    others: dict[str, list[float]],
) -> None:
    print(f"# {args.videos} clips of {args.frames} frames vs one video of {total} frames ({Path(args.video).name}, ")
    print(f"# {size}), {cpus} CPUs, backend {', '.join(backends)}, {args.rounds} rounds interleaved:")
    print("# median (slowest-fastest round);")
    print("# local: a fresh `kinemotion track` each; Ray: in a fresh process, after ray.init")
    print("# vs long: this run's frames/s over the long video's (`-j 1`) frames/s in the same round; others' CPU:")
    print("# what other processes used of the machine's CPUs meanwhile; load: 1-minute load average before the run\n")
    print("| run | frames/s | vs one long video | CPU ms/frame | others' CPU | load |")
    print("|---|---|---|---|---|---|")
    for label, seconds in times.items():
        named = label.split(": ", 1)[0] + ": " if ": " in label else ""
        code = label[label.index(" [") :] if " [" in label else ""
        reference = times.get(f"{named}one long video, -j 1{code}") or times[f"{named}one long video, Ray{code}"]
        rates = [total / s for s in seconds]
        ratios = [100 * ref / s for ref, s in zip(reference, seconds, strict=True)]
        cpu_cell = _spread([1000 * c / total for c in cpu[label]]) if label in cpu else "(Ray's workers)"
        other_cell = _spread(others[label], "{:.0f}%") if label in others else ""
        row = f"| {label} | {_spread(rates)} | {_spread(ratios, '{:.0f}%')} | {cpu_cell} | {other_cell} |"
        print(f"{row} {_spread(load[label])} |")
    codes = dict.fromkeys(label[label.index(" [") :] if " [" in label else "" for label in times)
    for backend in backends:
        named = f"{backend}: " if len(backends) > 1 else ""
        for code in codes:
            batch, long = times.get(f"{named}batch, Ray{code}"), times.get(f"{named}one long video, Ray{code}")
            if batch and long:
                ratios = [100 * ref / s for ref, s in zip(long, batch, strict=True)]
                print(f"\n{named}batch, Ray vs one long video, Ray{code} (same round): {_spread(ratios, '{:.0f}%')}")
        now, before = (
            times.get(f"{named}batch, Ray"),
            next((times[label] for label in times if label.startswith(f"{named}batch, Ray [")), None),
        )
        if now and before:
            ratios = [100 * b / n for n, b in zip(now, before, strict=True)]
            against = _spread(ratios, "{:.0f}%")
            print(f"{named}batch, Ray: frames/s against the other checkout's (same round): {against}")


def _print_auto(times: dict[str, list[float]]) -> None:
    """``-j auto`` against the fastest fixed ``-j`` of each round (each backend apart)."""
    for auto_label in [label for label in times if label.endswith("batch, -j auto")]:
        named = auto_label.removesuffix("batch, -j auto")
        fixed = [label for label in times if label.startswith(f"{named}batch, -j ") and label != auto_label]
        if fixed:
            _print_auto_against(named, times[auto_label], {label: times[label] for label in fixed})


def _print_auto_against(named: str, auto: list[float], fixed: dict[str, list[float]]) -> None:
    best_fixed = [min(runs[i] for runs in fixed.values()) for i in range(len(auto))]
    slower = [100 * (a / best - 1) for a, best in zip(auto, best_fixed, strict=True)]
    medians = {label: statistics.median(runs) for label, runs in fixed.items()}
    fastest = min(medians, key=medians.__getitem__)
    overall = 100 * (statistics.median(auto) / medians[fastest] - 1)
    print(
        f"\n{named}-j auto vs the fastest fixed -j: {overall:+.0f}% time against the fastest median ({fastest}); "
        f"round by round against that round's fastest fixed -j: {_spread(slower, '{:+.0f}%')}"
    )


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
