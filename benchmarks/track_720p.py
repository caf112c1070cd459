"""End to end: wall time of ``kinemotion track`` on a 720p clip, per backend (``nox -s bench``).

The clip is backflip-demo.mp4 scaled to 1280x720 (H.264, imageio-ffmpeg's
ffmpeg), made in a temporary folder. Each backend runs the real command in
its own process: start-up, model loading, decoding, tracking and writing the
JSON and CSV are all in the time. Backends run one after another, twice in
alternating order; the better of the two runs is reported.

Usage: python benchmarks/track_720p.py [VIDEO] [-b BACKEND ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "assets"


def make_720p(video: Path, folder: Path) -> Path:
    import imageio_ffmpeg

    clip = folder / f"{video.stem}-720p.mp4"
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    cmd = [ffmpeg, "-v", "error", "-y", "-i", str(video), "-vf", "scale=1280:720", "-c:v", "libx264", str(clip)]
    subprocess.run(cmd, check=True)
    return clip


def track_seconds(clip: Path, backend: str, out: Path) -> tuple[float, int]:
    kinemotion = Path(sys.executable).with_name("kinemotion")
    start = time.perf_counter()
    subprocess.run([str(kinemotion), "track", str(clip), "-b", backend, "-o", str(out), "-q", "--force"], check=True)
    seconds = time.perf_counter() - start
    frames = len(json.loads(out.read_text(encoding="utf-8"))["frames"])
    return seconds, frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", default=str(SHARED / "video" / "backflip-demo.mp4"))
    parser.add_argument("-b", "--backend", action="append", dest="backends")
    args = parser.parse_args()
    backends = args.backends or ["rtmpose-openvino", "rtmpose-cpu", "mediapipe"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clip = make_720p(Path(args.video), folder)
        best: dict[str, tuple[float, int]] = {}
        for order in (backends, backends[::-1]):
            for backend in order:
                seconds, frames = track_seconds(clip, backend, folder / f"{backend}.json")
                if backend not in best or seconds < best[backend][0]:
                    best[backend] = (seconds, frames)
    print(f"# kinemotion track on {Path(args.video).name} at 1280x720, wall time (best of 2), one process each\n")
    print("| backend | frames | seconds | frames/s end to end |\n|---|---|---|---|")
    for backend, (seconds, frames) in best.items():
        print(f"| {backend} | {frames} | {seconds:.1f} | {frames / seconds:.1f} |")


if __name__ == "__main__":
    main()
