"""How much earlier or later a backend sees the feet leave and touch the ground than RTMPose, on real footage.

The measurement behind a tracker's ``foot_timing_bias_s`` (plugin contract
1.3). Each clip is tracked by the backend and by the reference backends
(``rtmpose-cpu`` and ``rtmpose-openvino`` by default, averaged); every
flight the backend finds is paired with the reference flights that overlap
it by more than half, and the differences of take-off and landing times are
collected. No labels are used: the bias is the backend against RTMPose, so
any footage of jumps serves, and the result is what makes one athlete's
numbers the same on every backend. Any bias the backend already declares is
left out (the flights are found as if it declared none).

Usage:
    python benchmarks/foot_timing_bias.py --backend mediapipe [CLIP ...] [--tracked DIR]

With no clips, the demo and the jump clips of ``../shared/assets/video``
(the real-footage dev set). ``--tracked DIR`` reads ``DIR/<clip stem>.<backend>.json``
(``kinemotion track -o``) where present instead of tracking again.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from kinemotion.jump import JumpSignals
from kinemotion.jump.events import find_flights
from kinemotion.tracking import read_json, track_video

SHARED = Path(__file__).resolve().parents[2] / "shared" / "assets" / "video"
DEFAULT_CLIPS = [
    SHARED / "backflip-demo.mp4",
    *(
        SHARED / "jumps" / n
        for n in ("squat_jump_side_30fps.mp4", "cmj_front_oblique_handheld_30fps.mp4", "rope_skip_front_30fps.mp4")
    ),
]


def flights(clip: Path, backend: str, tracked: Path | None) -> list[tuple[float, float]]:
    """(take-off, landing) seconds of every flight ``backend`` gives on ``clip``, with no declared bias."""
    cached = tracked / f"{clip.stem}.{backend}.json" if tracked else None
    result = read_json(cached) if cached is not None and cached.exists() else track_video(clip, backend, progress=True)
    signals = replace(JumpSignals.from_tracking(result), timing_bias_s=(0.0, 0.0))
    return [(f.takeoff_s, f.landing_s) for f in find_flights(signals)]


def paired_differences(
    ours: list[tuple[float, float]], references: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """(take-off, landing) of each of ``ours`` less the mean of the reference flights overlapping it by half."""
    out = []
    for a in ours:
        matched = []
        for ref in references:
            over = [r for r in ref if min(r[1], a[1]) - max(r[0], a[0]) > 0.5 * (a[1] - a[0])]
            if over:
                matched.append(over[0])
        if len(matched) == len(references):
            mean = np.mean(matched, axis=0)
            out.append((a[0] - float(mean[0]), a[1] - float(mean[1])))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="*", type=Path, default=DEFAULT_CLIPS)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--reference", nargs="+", default=["rtmpose-cpu", "rtmpose-openvino"])
    parser.add_argument("--tracked", type=Path, default=None, help="folder of earlier `kinemotion track` outputs")
    args = parser.parse_args()
    every: list[tuple[float, float]] = []
    for clip in args.clips:
        ours = flights(clip, args.backend, args.tracked)
        refs = [flights(clip, r, args.tracked) for r in args.reference]
        diffs = paired_differences(ours, refs)
        every += diffs
        if diffs:
            to, la = zip(*diffs, strict=True)
            print(
                f"{clip.name:40s} {len(diffs):3d} flights  take-off {statistics.median(to) * 1000:+6.1f} ms  "
                f"landing {statistics.median(la) * 1000:+6.1f} ms  (medians)"
            )
        else:
            print(f"{clip.name:40s}   0 flights paired")
    if not every:
        sys.exit("no flight found by both the backend and the reference")
    to, la = zip(*every, strict=True)
    print(
        f"{'all':40s} {len(every):3d} flights  take-off {statistics.median(to) * 1000:+6.1f} ms  "
        f"landing {statistics.median(la) * 1000:+6.1f} ms  (medians; {args.backend} less {'/'.join(args.reference)})"
    )


if __name__ == "__main__":
    main()
