"""Videos per minute for a batch: ``kinemotion track`` with ``-j 1``, ``-j 2`` and ``--executor ray``.

The batch is N copies of the first F frames of the demo (re-encoded, native
size), tracked by the real command in a fresh process each time, with the
backend ``auto`` picks; Ray is started by the command itself (no
``RAY_ADDRESS``), so its start-up is in the time, as a user on a laptop sees it.

Usage: python benchmarks/batch_throughput.py [VIDEO] [--videos 8] [--frames 60]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "assets"


def make_batch(video: Path, folder: Path, count: int, frames: int) -> list[Path]:
    import cv2

    from kinemotion.tracking.decode import VideoReader

    first = folder / "clip00.mp4"
    with VideoReader(video) as reader:
        writer = cv2.VideoWriter(
            str(first), cv2.VideoWriter.fourcc(*"mp4v"), 30, (reader.info.width, reader.info.height)
        )
        for frame in reader.frames(0, frames):
            writer.write(frame.image)
        writer.release()
    clips = [first]
    for i in range(1, count):
        clip = folder / f"clip{i:02d}.mp4"
        clip.write_bytes(first.read_bytes())
        clips.append(clip)
    return clips


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", default=str(SHARED / "video" / "backflip-demo.mp4"))
    parser.add_argument("--videos", type=int, default=8)
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args()
    kinemotion = str(Path(sys.executable).with_name("kinemotion"))
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    with tempfile.TemporaryDirectory() as tmp:
        clips = [str(c) for c in make_batch(Path(args.video), Path(tmp), args.videos, args.frames)]
        rows = []
        for label, extra in (
            ("local -j 1", ["-j", "1"]),
            ("local -j 2", ["-j", "2"]),
            ("ray (local Ray)", ["--executor", "ray"]),
        ):
            out = Path(tmp) / label.replace(" ", "_")
            start = time.perf_counter()
            subprocess.run(
                [kinemotion, "track", *clips, "-o", str(out), "-q", *extra], check=True, env=env, capture_output=True
            )
            seconds = time.perf_counter() - start
            rows.append((label, seconds, 60 * len(clips) / seconds))
    print(f"# {args.videos} videos of {args.frames} frames ({Path(args.video).name}), {os.cpu_count()} CPUs\n")
    print("| executor | seconds | videos per minute |\n|---|---|---|")
    for label, seconds, per_minute in rows:
        print(f"| {label} | {seconds:.1f} | {per_minute:.1f} |")


if __name__ == "__main__":
    main()
