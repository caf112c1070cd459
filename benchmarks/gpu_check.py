"""The GPU check: rtmpose-cuda against the CPU backends on one machine, every figure into one JSON file.

Run by ``benchmarks/gpu_check.sh`` (which makes the environment first); on its own:

    python benchmarks/gpu_check.py --out gpu-check.json [--video DEMO.mp4] [--gpu rtmpose-cuda] [--cpu rtmpose-cpu]

Sections (each recorded even when another fails, with its error):

- ``environment``: the GPU, ONNX Runtime and its providers, what ``auto`` picks;
- ``pose_model``: the bare RTMPose-s session per variant (fp32/fp16, plain/I/O binding/CUDA graph,
  TensorRT when installed) in ms per call at batch 1 and crops/s at batch 8 and 32;
- ``bench``: ``kinemotion bench`` of the GPU and the CPU backend on the same decoded frames (ratio);
- ``accuracy``: the demo tracked by the GPU backend (default fp16, and fp32) against the CPU backend
  (ONNX Runtime fp32): median keypoint distance and the demo's four hops' take-off/landing frames;
- ``track``: ``kinemotion track`` end to end at 720p (the demo looped 4 and 16 times) and 1080p, wall time
  of the command (start-up and writing included);
- ``pipeline``: the same tracking in this process, the backend made once: start-up, frames/s and each
  stage's ms per frame;
- ``batch``: several 720p videos at once through one batched pose model (``tracker_streams``), frames/s,
  crops per model call, ms per model call and the share of the wall time the model ran (``model_busy``).
- ``cli_batch``: ``kinemotion track`` on copies of the 720p clip (8, ``--cli-copies``) with ``-j 1`` and
  ``-j 8`` (``--cli-jobs``): the command's wall time, frames and frames/s, and the plan ``-v`` printed
  (threads sharing one batched model, or one worker); with ``--cli-procs N``, also the copies shared among N
  ``track -j 1`` commands at once (N processes, N CUDA contexts); and what each run's outputs record of the
  model files (plugin contract 1.5: the same files in every output, each sha256 the file's).

``--gpu rtmpose-cpu`` runs the whole script on a machine without a GPU (to check the script itself);
``--only cli_batch --cli-copies 2 --cli-frames 30`` a short dry run of one section.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "assets"
HOPS_BEFORE_FRAME = 80  # the demo's four hops on the box land before frame 80 (tests/jump/test_real_footage.py)


def _kinemotion() -> str:
    return str(Path(sys.executable).with_name("kinemotion"))


def section(results: dict[str, Any], name: str, out: Path) -> Callable[[Callable[[], Any]], None]:
    """Run a section, record its result or its error, and rewrite the file (a crash later loses nothing)."""

    def run(body: Callable[[], Any]) -> None:
        start = time.perf_counter()
        print(f"== {name}", flush=True)
        try:
            results[name] = body()
        except Exception as exc:  # noqa: BLE001 - every section is reported, whatever fails
            results[name] = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        results[name + "_seconds"] = round(time.perf_counter() - start, 1)
        print(json.dumps(results[name], indent=1, default=str)[:3000], flush=True)
        out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")

    return run


def environment(gpu: str) -> dict[str, Any]:
    import onnxruntime as ort

    from kinemotion import explain_auto

    found: dict[str, Any] = {
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "onnxruntime": ort.__version__,
        "providers": ort.get_available_providers(),
    }
    try:
        found["gpu"] = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,driver_version,memory.total", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=30, check=False,
        ).stdout.strip()  # fmt: skip
    except OSError as exc:
        found["gpu"] = f"no nvidia-smi: {exc}"
    listing = subprocess.run([_kinemotion(), "backends"], capture_output=True, text=True, timeout=300, check=False)
    found["kinemotion_backends"] = listing.stdout + listing.stderr
    choice = explain_auto("lightweight")
    found["auto_picks"] = choice.winner.name if choice.winner else None
    found["auto_skipped"] = [(name, reason) for name, reason in choice.skipped]
    found["auto_picks_expected"] = found["auto_picks"] == gpu or gpu != "rtmpose-cuda"
    return found


def _time_calls(run: Callable[[], object], calls: int) -> float:
    for _ in range(10):
        run()
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls


def pose_model(provider: str) -> dict[str, Any]:
    """The bare pose session per variant: ms per call at batch 1, crops/s at batch 8 and 32."""
    from kinemotion.models import find_local
    from kinemotion_rtmpose import MODE_MODELS
    from kinemotion_rtmpose.gpu_sessions import GpuPoseOptions, pose_session
    from kinemotion_rtmpose.runtime import CPU, make_session, tensorrt_installed

    path = find_local(MODE_MODELS["lightweight"].pose)
    assert path is not None, "RTMPose-s not found: set KINEMOTION_MODEL_DIR"
    variants: dict[str, dict[str, object]] = {
        "fp32 plain": {"precision": "fp32", "cuda_graph": False, "tensorrt": False},
        "fp32 io_binding": {"precision": "fp32", "cuda_graph": False, "io_binding": True, "tensorrt": False},
        "fp16 plain": {"precision": "fp16", "cuda_graph": False, "tensorrt": False},
        "fp16 io_binding": {"precision": "fp16", "cuda_graph": False, "io_binding": True, "tensorrt": False},
        "fp32 io_binding cuda_graph (default)": {"precision": "fp32", "tensorrt": False},
        "fp32 io_binding cuda_graph tf32": {"precision": "fp32", "tensorrt": False, "tf32": True},
        "fp16 io_binding cuda_graph": {"precision": "fp16", "tensorrt": False, "cuda_graph": True},
    }
    if tensorrt_installed():
        variants["tensorrt fp16"] = {"precision": "fp16", "tensorrt": True}
    rng = np.random.default_rng(0)
    blobs = {n: rng.standard_normal((n, 3, 256, 192)).astype(np.float32) for n in (1, 8, 32)}
    table: dict[str, Any] = {}
    for name, options in variants.items():
        try:
            parsed = GpuPoseOptions.parse(options)
            session = pose_session(path, provider, None, parsed)
            row: dict[str, Any] = {}
            calls = 300 if provider != CPU else 20
            row["batch1_ms"] = round(1000 * _time_calls(lambda s=session: s.run(None, {"input": blobs[1]}), calls), 3)
            if not parsed.cuda_graph:  # a graph runs a batch-1 copy: batch 1 is what a video needs
                for n in (8, 32):
                    per_call = _time_calls(lambda n=n, s=session: s.run(None, {"input": blobs[n]}), max(calls // 4, 5))
                    row[f"batch{n}_crops_per_s"] = round(n / per_call)
            table[name] = row
        except Exception as exc:  # noqa: BLE001 - a variant that cannot run is a result too
            table[name] = {"error": f"{type(exc).__name__}: {exc}"}
        print(name, table[name], flush=True)
    cpu = make_session(path, CPU)
    table["onnxruntime CPU fp32 (reference)"] = {
        "batch1_ms": round(1000 * _time_calls(lambda: cpu.run(None, {"input": blobs[1]}), 20), 3)
    }
    return table


def bench(video: Path, gpu: str, cpu: str) -> dict[str, Any]:
    done = subprocess.run(
        [_kinemotion(), "bench", str(video), "-b", gpu, "-b", cpu, "--start", "90", "--frames", "120", "--json",
         "--stages"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    rows = json.loads(done.stdout)
    return {"rows": rows}


def _hops(tracking: Any) -> list[tuple[float, float]]:
    from kinemotion.jump import JumpSignals
    from kinemotion.jump.events import find_flights

    signals = JumpSignals.from_tracking(tracking)
    flights = [f for f in find_flights(signals) if signals.frame_at(f.landing_s) < HOPS_BEFORE_FRAME]
    return [(signals.frame_at(f.takeoff_s), signals.frame_at(f.landing_s)) for f in flights]


def _median_px(a: Any, b: Any) -> float:
    names = [n for n in a.landmark_names if n in b.landmark_names]
    ia = [a.landmark_names.index(n) for n in names]
    ib = [b.landmark_names.index(n) for n in names]
    pa = a.landmarks[:, ia, :2] * np.array([a.video.width, a.video.height])
    pb = b.landmarks[:, ib, :2] * np.array([b.video.width, b.video.height])
    distance = np.linalg.norm(pa - pb, axis=2)
    return float(np.nanmedian(distance))


def accuracy(video: Path, gpu: str, cpu: str) -> dict[str, Any]:
    from kinemotion.tracking import track_video

    reference = track_video(video, cpu, progress=False)
    ref_hops = _hops(reference)
    found: dict[str, Any] = {"reference": cpu, "reference_hops": ref_hops}
    for label, options in (("default", {}), ("fp16", {"precision": "fp16"})):
        if gpu != "rtmpose-cuda" and options:
            continue
        tracked = track_video(video, gpu, progress=False, **options)
        hops = _hops(tracked)
        gaps = [max(abs(a[0] - b[0]), abs(a[1] - b[1])) for a, b in zip(hops, ref_hops, strict=False)]
        found[label] = {
            "provider": tracked.backend.provider,
            "median_px": round(_median_px(tracked, reference), 3),
            "hops": hops,
            "same_hop_count": len(hops) == len(ref_hops),
            "max_event_gap_frames": round(max(gaps), 3) if gaps else None,
        }
    return found


def _loop_clip(video: Path, size: tuple[int, int], loops: int, out: Path) -> Path:
    import cv2

    frames = []
    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(cv2.resize(frame, size, interpolation=cv2.INTER_AREA))
    cap.release()
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    for _ in range(loops):
        for frame in frames:
            writer.write(frame)
    writer.release()
    return out


def track(video: Path, gpu: str, cpu: str, folder: Path, loops: int) -> dict[str, Any]:
    """``kinemotion track`` as a user runs it: the command's wall time, start-up and writing included."""
    found: dict[str, Any] = {}
    clips = (("720p", (1280, 720), loops), ("720p long", (1280, 720), 4 * loops), ("1080p", (1920, 1080), loops))
    for label, size, clip_loops in clips:
        clip = _loop_clip(video, size, clip_loops, folder / f"demo-{label.replace(' ', '-')}.mp4")
        for backend in (gpu, cpu):
            if backend == cpu and label != "720p":
                continue
            out = folder / f"{backend}-{label}.json"
            start = time.perf_counter()
            done = subprocess.run(
                [_kinemotion(), "track", str(clip), "-b", backend, "-o", str(out), "-q", "--force"],
                capture_output=True, text=True, timeout=600, check=False,
            )  # fmt: skip
            wall = time.perf_counter() - start
            if done.returncode != 0:
                found[f"{backend} {label}"] = {"error": done.stderr[-1500:]}
                continue
            frames = len(json.loads(out.read_text(encoding="utf-8"))["frames"])
            found[f"{backend} {label}"] = {"frames": frames, "wall_s": round(wall, 2), "fps": round(frames / wall, 1)}
    return found


def pipeline(gpu: str, clip: Path) -> dict[str, Any]:
    """The tracking pipeline in one process, its backend made once: start-up, then frames/s and each stage's
    ms per frame over the 720p clip (twice; the second run is the steady state)."""
    from kinemotion.pose import select_backend
    from kinemotion.tracking.decode import VideoReader, prefetch
    from kinemotion.tracking.pipeline import track_opened

    start = time.perf_counter()
    selection = select_backend(gpu, "lightweight")
    found: dict[str, Any] = {"select_backend_s": round(time.perf_counter() - start, 2)}
    tracker = selection.tracker
    try:
        for run in ("first", "second"):
            before = dict(getattr(tracker, "stage_times_s", {}))
            start = time.perf_counter()
            with VideoReader(clip) as reader:
                frames = prefetch(reader.frames())
                try:
                    tracked = track_opened(reader, frames, selection, "lightweight", {}, None, False)
                finally:
                    frames.close()  # type: ignore[attr-defined]
            seconds = time.perf_counter() - start
            n = int(tracked.landmarks.shape[0])
            stages = {
                k: round(1000 * (v - before.get(k, 0.0)) / n, 3)
                for k, v in getattr(tracker, "stage_times_s", {}).items()
            }
            found[run] = {
                "frames": n,
                "seconds": round(seconds, 2),
                "fps": round(n / seconds, 1),
                "ms_per_frame": stages,
            }
    finally:
        selection.close()
    return found


def _track_stream(tracker: Any, clip: Path, counts: list[int] | None = None, k: int = 0, limit: int = 0) -> int:
    from kinemotion.pose.contract import TrackerClock
    from kinemotion.tracking.decode import VideoReader, prefetch

    clock, frames = TrackerClock(), 0
    with VideoReader(clip) as reader:
        for frame in prefetch(reader.frames()):
            tracker.process_frame(frame.image, clock.next(frame.timestamp_ms))
            frames += 1
            if counts is not None:
                counts[k] = frames  # seen as it goes: a run stopped part-way still tells how far it got
            if limit and frames >= limit:
                break
    return frames


def _streams_once(base: Any, clip: Path, n: int, limit: int) -> dict[str, Any]:
    from kinemotion_rtmpose.streams import tracker_streams

    trackers = tracker_streams(base, n)
    batching = trackers[0].models[1].session
    counts = [0] * n

    def run(k: int) -> None:
        with batching.stream():
            _track_stream(trackers[k], clip, counts, k, limit)

    threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(n)]
    faulthandler.dump_traceback_later(40)  # a hang shows every thread's stack in the log
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, 45 - (time.perf_counter() - start)))
    faulthandler.cancel_dump_traceback_later()
    seconds = time.perf_counter() - start
    found = {
        "frames": sum(counts),
        "seconds": round(seconds, 2),
        "fps": round(sum(counts) / seconds, 1),
        "crops_per_call": round(batching.rows / max(batching.calls, 1), 2),
        "model_ms_per_call": round(1000 * getattr(batching, "model_s", 0.0) / max(batching.calls, 1), 2),
        "model_busy": round(getattr(batching, "model_s", 0.0) / seconds, 3),
    }
    if any(t.is_alive() for t in threads):
        found["error"] = f"not done after {seconds:.0f} s"
    else:
        getattr(batching, "close", lambda: None)()
    return found


def batch(gpu: str, clip: Path, streams_options: tuple[int, ...], limit: int = 460) -> dict[str, Any]:
    """``n`` copies of the 720p clip at once (their first ``limit`` frames), one thread each, one batched pose
    model; frames/s. The most streams run again with Python's thread switch interval at 0.5 ms (5 ms by
    default): the device thread waits for the interpreter after each model call while the streams run Python."""
    from kinemotion.pose import select_backend

    found: dict[str, Any] = {}
    options = {"cuda_graph": False} if gpu == "rtmpose-cuda" else {}  # a graph's batch-1 copy cannot batch
    base = select_backend(gpu, "lightweight", **options).tracker
    _track_stream(base, clip, limit=60)  # warm-up: sessions, cuDNN, the clip in the page cache
    for n in streams_options:
        found[f"{n} videos"] = _streams_once(base, clip, n, limit)
        print(n, found[f"{n} videos"], flush=True)
        if "error" in found[f"{n} videos"]:
            return found
    default = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        n = max(streams_options)
        found[f"{n} videos, switch interval 0.5 ms"] = _streams_once(base, clip, n, limit)
    finally:
        sys.setswitchinterval(default)
    return found


def _cut_clip(video: Path, size: tuple[int, int], frames: int, out: Path) -> Path:
    """The demo at ``size``, looped until ``frames`` frames."""
    import cv2

    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    written = 0
    while written < frames:
        ok, frame = cap.read()
        if not ok:
            if written == 0:
                break
            cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            continue
        writer.write(cv2.resize(frame, size, interpolation=cv2.INTER_AREA))
        written += 1
    cap.release()
    writer.release()
    return out


def cli_batch(
    gpu: str,
    video: Path,
    folder: Path,
    copies: int,
    frames: int,
    jobs: tuple[int, ...],
    processes: tuple[int, ...] = (),
) -> dict[str, Any]:
    """``kinemotion track`` on ``copies`` copies of a 720p clip of ``frames`` frames, ``-j N`` for each N in
    ``jobs``, then the copies shared among N ``track -j 1`` commands run at once for each N in ``processes``
    (N processes, each with its own CUDA context): the wall time (start-up and writing included), frames
    tracked, frames/s, and the model files the outputs record."""
    import shutil

    clip = _cut_clip(video, (1280, 720), frames, folder / f"cli-720p-{frames}.mp4")
    videos = []
    for k in range(copies):
        copy = folder / f"cli-copy-{k}.mp4"
        shutil.copyfile(clip, copy)
        videos.append(str(copy))
    found: dict[str, Any] = {"copies": copies, "frames_per_copy": frames}
    for n in jobs:
        out = folder / f"cli-out-j{n}"
        start = time.perf_counter()
        done = subprocess.run(
            [_kinemotion(), "-v", "track", *videos, "-j", str(n), "-b", gpu, "-o", str(out), "--force"],
            capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - start
        plan = next((line for line in done.stderr.splitlines() if "Tracking " in line and " with " in line), None)
        if done.returncode != 0:
            found[f"-j {n}"] = {"error": done.stderr[-1500:], "plan": plan}
            continue
        found[f"-j {n}"] = {**_tracked_figures(out, wall), "plan": plan}
        print(n, found[f"-j {n}"], flush=True)
    for n in processes:  # N commands at once, each -j 1 on its share of the copies: N processes, N CUDA contexts
        out = folder / f"cli-out-p{n}"
        shares = [videos[k::n] for k in range(n)]
        start = time.perf_counter()
        running = [
            subprocess.Popen(
                [_kinemotion(), "track", *share, "-j", "1", "-b", gpu, "-o", str(out), "--force", "-q"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for share in shares
            if share
        ]
        errors = [proc.communicate(timeout=900)[1][-500:] for proc in running]
        wall = time.perf_counter() - start
        if any(proc.returncode != 0 for proc in running):
            found[f"{n} processes"] = {"error": [e for e in errors if e]}
            continue
        found[f"{n} processes"] = _tracked_figures(out, wall)
        print(f"{n} processes", found[f"{n} processes"], flush=True)
    return found


def _tracked_figures(out: Path, wall: float) -> dict[str, Any]:
    """Frames tracked into the folder ``out`` in ``wall`` seconds, frames/s, and the model files recorded."""
    outputs = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.landmarks.json")]
    tracked = sum(len(data["frames"]) for data in outputs)
    return {
        "frames": tracked,
        "wall_s": round(wall, 2),
        "fps": round(tracked / wall, 1),
        "model_files": _recorded_model_files(outputs),
    }


def _recorded_model_files(outputs: list[dict[str, Any]]) -> dict[str, Any]:
    """What the outputs record of the model files that tracked them (plugin contract 1.5): how many record
    any, whether every output records the same files, and whether each recorded sha256 is the file's now."""
    import hashlib

    recorded = [tuple(sorted((f["path"], f["sha256"]) for f in d["backend"].get("model_files") or [])) for d in outputs]
    files = sorted(set(f for r in recorded for f in r))
    return {
        "outputs": len(outputs),
        "recording_files": sum(1 for r in recorded if r),
        "all_the_same": len(set(recorded)) == 1,
        "files": [Path(path).name for path, _ in files],
        "sha256_matches_the_file": all(
            Path(path).is_file() and hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
            for path, digest in files
        ),
    }


def _clip_720p(video: Path, folder: Path) -> Path:
    clip = folder / "demo-720p.mp4"
    return clip if clip.exists() else _loop_clip(video, (1280, 720), 4, clip)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("gpu-check.json"))
    parser.add_argument("--video", type=Path, default=SHARED / "video" / "backflip-demo.mp4")
    parser.add_argument("--gpu", default="rtmpose-cuda")
    parser.add_argument("--cpu", default="rtmpose-cpu")
    parser.add_argument("--loops", type=int, default=4, help="demo loops in the end-to-end clips")
    parser.add_argument("--streams", default="4,8,16", help="videos at once in the batch section")
    parser.add_argument("--skip", default="", help="sections to skip, comma-separated")
    parser.add_argument("--only", default="", help="the sections to run (all when empty), comma-separated")
    parser.add_argument("--cli-copies", type=int, default=8, help="copies of the 720p clip in cli_batch")
    parser.add_argument("--cli-frames", type=int, default=920, help="frames of each copy in cli_batch")
    parser.add_argument("--cli-jobs", default="1,8", help="-j values in cli_batch, comma-separated")
    parser.add_argument(
        "--cli-procs", default="", help="in cli_batch, also N `track -j 1` commands at once, for each N given"
    )
    args = parser.parse_args()
    from kinemotion_rtmpose.runtime import CPU, CUDA

    provider = CUDA if args.gpu == "rtmpose-cuda" else CPU
    skip = set(filter(None, args.skip.split(",")))
    results: dict[str, Any] = {"gpu_backend": args.gpu, "cpu_backend": args.cpu, "video": str(args.video)}
    folder = Path(tempfile.mkdtemp(prefix="gpu-check-clips-"))  # the clips stay out of the results folder
    # The most telling sections first: a GPU machine's time may run out before the last.
    steps: dict[str, Callable[[], Any]] = {
        "environment": lambda: environment(args.gpu),
        "accuracy": lambda: accuracy(args.video, args.gpu, args.cpu),
        "pipeline": lambda: pipeline(args.gpu, _clip_720p(args.video, folder)),
        "track": lambda: track(args.video, args.gpu, args.cpu, folder, args.loops),
        "batch": lambda: batch(
            args.gpu, _clip_720p(args.video, folder), tuple(int(n) for n in args.streams.split(","))
        ),
        "cli_batch": lambda: cli_batch(
            args.gpu,
            args.video,
            folder,
            args.cli_copies,
            args.cli_frames,
            tuple(int(n) for n in args.cli_jobs.split(",")),
            tuple(int(n) for n in args.cli_procs.split(",") if n),
        ),
        "pose_model": lambda: pose_model(provider),
        "bench": lambda: bench(args.video, args.gpu, args.cpu),
    }
    only = set(filter(None, args.only.split(",")))
    for name, body in steps.items():
        if name not in skip and (not only or name in only):
            section(results, name, args.out)(body)


if __name__ == "__main__":
    main()
