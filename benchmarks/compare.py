"""Head-to-head benchmark on the same decoded frames, in one run (``nox -s bench``).

Measures, on frames 90-209 of backflip-demo.mp4 (decoding excluded):
- rtmlib BodyWithFeet (lightweight, same model files) vs our rtmpose-cpu,
  default (detector skipped while tracking) and with the detector every frame;
- our rtmpose-openvino (what ``auto`` picks on an x86 CPU) in its default
  precision and at fp32;
- the bare ONNX Runtime and OpenVINO sessions (YOLOX-tiny, RTMPose-s) on the
  same inputs, and our pipeline's time outside the model runs;
- raw MediaPipe ``PoseLandmarker.detect_for_video`` vs our mediapipe backend;
- cross-backend agreement MediaPipe vs RTMPose (RGB and BGR pre-processing),
  median and 90th percentile pixel distance on the shared landmarks.

Usage: python benchmarks/compare.py [VIDEO] [--start 90] [--frames 120] [--models DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "assets"
POSE = "rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx"
BLOCK = 20
DET = "yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx"
RTMLIB = "rtmlib BodyWithFeet lightweight"
RTM_CPU = "ours rtmpose-cpu (default: detector skipped while tracking)"
RTM_EVERY = "ours rtmpose-cpu, detector every frame"
OV = "ours rtmpose-openvino (auto's pick; default precision)"
OV_FP32 = "ours rtmpose-openvino, precision=fp32"
BARE_POSE = "bare RTMPose-s ONNX Runtime session"
RAW_MP = "raw MediaPipe lite detect_for_video, num_poses=1"
MP = "ours mediapipe lite (default: follows the chosen person)"
SHARED_LANDMARKS = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    "left_heel", "right_heel", "left_foot_index", "right_foot_index",
)  # fmt: skip


def timed(fn, items):  # type: ignore[no-untyped-def]
    """Per-item seconds and results of fn(item)."""
    times, results = [], []
    for item in items:
        start = time.perf_counter()
        results.append(fn(item))
        times.append(time.perf_counter() - start)
    return times, results


def ms(times: list[float]) -> str:
    return f"{statistics.mean(times) * 1000:.1f} ms (p50 {statistics.median(times) * 1000:.1f})"


def track_ours(frames, backend: str, **options):  # type: ignore[no-untyped-def]
    from kinemotion import create_tracker
    from kinemotion.pose.contract import TrackerClock, model_time_of

    clock = TrackerClock()  # warm-up and timed frames on one clock: no offset needed
    with create_tracker(backend, **options) as tracker:
        for f in frames[:3]:
            tracker.process_frame(f.image, clock.next(f.timestamp_ms))  # warm-up, not timed
        session_before = model_time_of(tracker)
        times, results = timed(lambda f: tracker.process_frame(f.image, clock.next(f.timestamp_ms)), frames)
        session = model_time_of(tracker)
        session_s = None if session is None or session_before is None else session - session_before
    return times, results, session_s


def agreement(a, b, frames) -> tuple[float, float, float, float, int]:  # type: ignore[no-untyped-def]
    """Median/p90 distance (native px, 640x480 px) between two landmark series, and matched frames."""
    native, small, matched = [], [], 0
    for ra, rb, f in zip(a, b, frames, strict=True):
        if ra is None or rb is None:
            continue
        h, w = f.image.shape[:2]
        pa = np.array([ra[n][:2] for n in SHARED_LANDMARKS])
        pb = np.array([rb[n][:2] for n in SHARED_LANDMARKS])
        d_native = np.linalg.norm((pa - pb) * [w, h], axis=1)
        if np.median(d_native) > 100:  # different people (the walker): not an agreement sample
            continue
        matched += 1
        native.append(d_native)
        small.append(np.linalg.norm((pa - pb) * [640, 480], axis=1))
    n, s = np.concatenate(native), np.concatenate(small)
    return float(np.median(n)), float(np.percentile(n, 90)), float(np.median(s)), float(np.percentile(s, 90)), matched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", default=str(SHARED / "video" / "backflip-demo.mp4"))
    parser.add_argument("--start", type=int, default=90)
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--models", default=os.environ.get("KINEMOTION_MODEL_DIR", str(SHARED / "models")))
    args = parser.parse_args()
    os.environ["KINEMOTION_MODEL_DIR"] = args.models
    models = Path(args.models)

    from kinemotion.tracking.decode import read_frames

    frames = read_frames(args.video, args.start, args.frames)
    print(
        f"# {args.video}, frames {args.start}-{args.start + len(frames) - 1} "
        f"({frames[0].image.shape[1]}x{frames[0].image.shape[0]}), {os.cpu_count()} CPUs, decoding excluded\n"
    )
    import cv2
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision
    from rtmlib import BodyWithFeet

    from kinemotion import create_tracker
    from kinemotion.pose.contract import TrackerClock
    from kinemotion_mediapipe.model_files import bundled_path
    from kinemotion_rtmpose.openvino_runtime import make_openvino_session, yolox_head_sessions
    from kinemotion_rtmpose.runtime import CPU, make_session

    body = BodyWithFeet(
        det=str(models / DET),
        det_input_size=(416, 416),
        pose=str(models / POSE),
        pose_input_size=(192, 256),
        backend="onnxruntime",
        device="cpu",
    )

    def raw_mediapipe(num_poses: int):  # type: ignore[no-untyped-def]
        opts = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(bundled_path("lightweight"))),
            running_mode=vision.RunningMode.VIDEO,
            num_poses=num_poses,
        )
        landmarker = vision.PoseLandmarker.create_from_options(opts)
        closers.append(landmarker.close)

        def run(f):  # type: ignore[no-untyped-def]
            img = mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(f.image, cv2.COLOR_BGR2RGB))
            return landmarker.detect_for_video(img, int(f.timestamp_ms) + 1)

        return run

    def ours(backend: str, **options):  # type: ignore[no-untyped-def]
        tracker = create_tracker(backend, **options)
        trackers[len(trackers)] = tracker
        closers.append(tracker.close)
        clock = TrackerClock()
        return lambda f: tracker.process_frame(f.image, clock.next(f.timestamp_ms))

    det = make_session(models / DET, CPU)
    pose = make_session(models / POSE, CPU)
    ov_det = make_openvino_session(models / DET)
    head_for = yolox_head_sessions(models / DET)
    assert head_for is not None
    ov_head = head_for((256, 416))  # the demo's 1768x994 at YOLOX-tiny's scale, as rtmpose-openvino runs it
    ov_pose = make_openvino_session(models / POSE)
    rng = np.random.default_rng(0)
    det_in = {det.get_inputs()[0].name: rng.uniform(0, 255, (1, 3, 416, 416)).astype(np.float32)}
    pose_in = {pose.get_inputs()[0].name: rng.normal(0, 1, (1, 3, 256, 192)).astype(np.float32)}
    head_in = {ov_head.get_inputs()[0].name: rng.uniform(0, 255, (1, 3, 256, 416)).astype(np.float32)}

    closers: list = []  # type: ignore[type-arg]
    trackers: dict = {}  # type: ignore[type-arg]
    contestants = {
        RTMLIB: lambda f: body(f.image),
        RTM_CPU: ours("rtmpose-cpu"),
        RTM_EVERY: ours("rtmpose-cpu", redetect_interval=1),
        OV: ours("rtmpose-openvino"),
        OV_FP32: ours("rtmpose-openvino", precision="fp32"),
        "bare YOLOX-tiny ONNX Runtime session": lambda f: det.run(None, det_in),
        BARE_POSE: lambda f: pose.run(None, pose_in),
        f"bare YOLOX-tiny OpenVINO session ({ov_det.precision})": lambda f: ov_det.run(None, det_in),
        f"bare RTMPose-s OpenVINO session ({ov_pose.precision})": lambda f: ov_pose.run(None, pose_in),
        f"bare YOLOX-tiny head at the frame's aspect, 416x256, OpenVINO ({ov_head.precision})": (
            lambda f: ov_head.run(None, head_in)
        ),
        RAW_MP: raw_mediapipe(1),
        MP: ours("mediapipe"),
    }
    for f in frames[:3]:  # warm-up (timestamps stay increasing: the timed pass starts after them)
        for fn in contestants.values():
            fn(f)
    by_name = {name: trackers[i] for i, name in enumerate(n for n in contestants if n.startswith("ours"))}
    sessions_before = {k: t.model_time_s for k, t in by_name.items() if t.model_time_s is not None}
    times: dict[str, list[float]] = {name: [] for name in contestants}
    names = list(contestants)
    timed_frames = frames[3:] if len(frames) > 3 else frames
    # Blocks of BLOCK frames per contestant, in a rotating order: every contestant sees
    # the same frames under the same machine load, and the runtimes' spinning thread
    # pools (ONNX Runtime, XNNPACK) only meet at block boundaries.
    for b, first in enumerate(range(0, len(timed_frames), BLOCK)):
        block = timed_frames[first : first + BLOCK]
        for name in names[b % len(names) :] + names[: b % len(names)]:
            for f in block:
                start = time.perf_counter()
                contestants[name](f)
                times[name].append(time.perf_counter() - start)
    sessions = {k: by_name[k].model_time_s - v for k, v in sessions_before.items()}
    for close in closers:
        close()

    width = max(len(name) for name in names)
    print("| what | mean per frame |\n|---|---|")
    for name in names:
        print(f"| {name.ljust(width)} | {ms(times[name])} |")

    mean = {name: statistics.mean(t) for name, t in times.items()}
    print(f"\n## Ratios (same frames, one run, blocks of {BLOCK} frames in rotation)")
    print(
        f"- ours rtmpose-cpu vs rtmlib: {mean[RTMLIB] / mean[RTM_CPU]:.2f}x faster "
        f"(detector every frame: {mean[RTMLIB] / mean[RTM_EVERY]:.2f}x)"
    )
    print(f"- bound with the detector skipped (rtmlib / bare RTMPose-s): {mean[RTMLIB] / mean[BARE_POSE]:.1f}x")
    print("- frames per second vs raw MediaPipe lite (num_poses=1); above 1 = ours faster:")
    for name in (OV, OV_FP32, RTM_CPU, MP, RTMLIB):
        print(f"  - {name}: {mean[RAW_MP] / mean[name]:.2f}x")
    for key, label in (
        (RTM_CPU, "rtmpose-cpu"),
        (RTM_EVERY, "rtmpose-cpu, detector every frame"),
        (OV, "rtmpose-openvino"),
    ):
        session = sessions[key]
        overhead = (sum(times[key]) - session) / session * 100
        print(f"- {label}: time outside the model runs {overhead:.1f}% of the model time")
    print(
        f"- ours mediapipe (default) vs raw MediaPipe lite, num_poses=1: {mean[MP] / mean[RAW_MP]:.3f}x "
        "the time (goal: at most 1.10x)"
    )

    # Agreement: whole video from frame 0, so that both backends lock onto the athlete.
    video = read_frames(args.video)
    _, r_mp, _ = track_ours(video, "mediapipe")
    _, r_ours, _ = track_ours(video, "rtmpose-cpu")
    _, r_bgr, _ = track_ours(video, "rtmpose-cpu", color_order="bgr")
    _, r_every, _ = track_ours(video, "rtmpose-cpu", redetect_interval=1)
    _, r_ov, _ = track_ours(video, "rtmpose-openvino")
    frames = video
    print(
        f"\n## Agreement, MediaPipe lite vs RTMPose-s: {len(SHARED_LANDMARKS)} shared landmarks, all "
        f"{len(video)} frames, those where both follow the same person"
    )
    print(
        "| RTMPose pre-processing | matched frames | median px (native) | p90 px (native) | median px (640x480) "
        "| p90 px (640x480) |\n|---|---|---|---|---|---|"
    )
    variants = (
        ("RGB (default)", r_ours),
        ("BGR (as rtmlib)", r_bgr),
        ("RGB, detector every frame", r_every),
        ("rtmpose-openvino, default precision", r_ov),
    )
    for label, series in variants:
        med, p90, med_s, p90_s, matched = agreement(r_mp, series, frames)
        print(f"| {label} | {matched} | {med:.1f} | {p90:.1f} | {med_s:.1f} | {p90_s:.1f} |")


if __name__ == "__main__":
    sys.exit(main())
