"""A resumed batch with every video done: seconds of ``kinemotion track`` with ``-b auto`` against a named backend.

N clips cut from the demo are tracked once with each backend (their outputs
written), then ``kinemotion track`` runs again on them, in a fresh process each
time, and skips them all. ``auto`` must find which backend it picks now (an
output of another one is redone); a named backend need not. The runs are
interleaved over ``--rounds`` rounds; the table gives each one's median
seconds (slowest and fastest round) and the ratio to the named backend's run
of the same round.

``--against CHECKOUT`` also runs each re-run with the code of another
checkout of kinemotion (its three ``src`` folders first on ``PYTHONPATH``,
e.g. main extracted with ``git archive main | tar -x -C /tmp/main``), in the
same rounds: before and after a change, side by side.

Usage: python benchmarks/resume_skipped.py [VIDEO] [--videos 8] [--frames 30] [--rounds 5] [--named mediapipe]
       [--against CHECKOUT]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_throughput import SHARED, make_clips


def track(clips: list[Path], out: Path, backend: str, code: Path | None = None) -> float:
    """Seconds of one ``kinemotion track`` of ``clips`` into ``out`` with ``backend`` (the code of the checkout
    ``code``, else the installed one)."""
    kinemotion = str(Path(sys.executable).with_name("kinemotion"))
    env = dict(os.environ)
    if code is not None:
        src = [code / f"kinemotion-{part}" / "src" for part in ("core", "mediapipe", "rtmpose")]
        env["PYTHONPATH"] = os.pathsep.join(map(str, src))
    start = time.perf_counter()
    done = subprocess.run(
        [kinemotion, "track", *map(str, clips), "-o", str(out), "-q", "-b", backend],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kinemotion track -b {backend} failed:\n{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", default=str(SHARED / "video" / "backflip-demo.mp4"))
    parser.add_argument("--videos", type=int, default=8)
    parser.add_argument("--frames", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--named", default="mediapipe", help="the named backend compared with auto")
    parser.add_argument("--against", type=Path, default=None, help="another checkout's code, run side by side")
    args = parser.parse_args()
    backends = ("auto", args.named)
    codes: list[Path | None] = [None] if args.against is None else [None, args.against.resolve()]
    runs = [(backend, code) for code in codes for backend in backends]
    seconds: dict[str, list[float]] = {_label(b, c): [] for b, c in runs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clips, _ = make_clips(Path(args.video), folder, args.videos, args.frames, None)
        for backend in backends:  # every output written once
            track(clips, folder / backend, backend)
        for round_ in range(args.rounds):
            for backend, code in runs if round_ % 2 == 0 else runs[::-1]:
                seconds[_label(backend, code)].append(track(clips, folder / backend, backend, code))
            done = ", ".join(f"{label} {s[-1]:.2f} s" for label, s in seconds.items())
            print(f"  round {round_ + 1}: {done}", file=sys.stderr)
    load = os.getloadavg()[0]
    print(f"# {args.videos} clips, every output current: `kinemotion track CLIPS -o OUT -b B` skips them all;")
    print(f"# {args.rounds} rounds interleaved, median (slowest-fastest) seconds; load {load:.1f} at the end\n")
    print(f"| run | seconds | vs -b {args.named} (same round) |")
    print("|---|---|---|")
    reference = seconds[_label(args.named, None)]
    for label, times in seconds.items():
        ratios = [s / named for s, named in zip(times, reference, strict=True)]
        spread = f"{statistics.median(times):.2f} ({min(times):.2f}-{max(times):.2f})"
        print(f"| {label} | {spread} | {statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f}) |")


def _label(backend: str, code: Path | None) -> str:
    return f"-b {backend}" + ("" if code is None else f" ({code})")


if __name__ == "__main__":
    main()
