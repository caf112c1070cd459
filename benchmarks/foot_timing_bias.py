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
    python benchmarks/foot_timing_bias.py --backend mediapipe [--mode balanced] [--tracked DIR]... [CLIP ...]

With no clips, the demo and the jump clips of ``../shared/assets/video``
(the real-footage dev set). ``--mode`` is the measured backend's mode (each
model declares its own bias; the references run in their default mode).
OpenVINO runs at fp32 (``--precision``), as in ``labelled_accuracy.py`` and
the tests: its bf16, the default where the CPU has it, moves events by a few
milliseconds, and differently on other CPUs. ``--tracked DIR`` (repeatable)
reads ``DIR/<clip stem>.<backend>.json``, or ``DIR/<clip stem>.<backend>-<mode>.json``
for a mode other than ``lightweight`` (``kinemotion track -o``), where
present and current instead of tracking again (made from that very clip, by
the backend, mode and releases installed now: ``cached_tracks.py``; a stale
one is said and tracked again).

Printed: per clip, the flights paired, the median and the range of the
take-off and landing differences; then all flights pooled (median and
interquartile range), the spread of the per-clip medians, and the pooled
medians with each clip left out in turn (how much one clip moves them).
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
from kinemotion.tracking import track_video

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cached_tracks import current_tracking

SHARED = Path(__file__).resolve().parents[2] / "shared" / "assets" / "video"
DEFAULT_CLIPS = [
    SHARED / "backflip-demo.mp4",
    *(
        SHARED / "jumps" / n
        for n in ("squat_jump_side_30fps.mp4", "cmj_front_oblique_handheld_30fps.mp4", "rope_skip_front_30fps.mp4")
    ),
]


def cached_name(clip: Path, backend: str, mode: str = "lightweight") -> str:
    """The file name of ``clip`` tracked by ``backend`` in ``mode`` in a ``--tracked`` folder."""
    return f"{clip.stem}.{backend}.json" if mode == "lightweight" else f"{clip.stem}.{backend}-{mode}.json"


def flights(
    clip: Path, backend: str, tracked: list[Path], mode: str = "lightweight", precision: str = "fp32"
) -> list[tuple[float, float]]:
    """(take-off, landing) seconds of every flight ``backend`` gives on ``clip``, with no declared bias."""
    result = None
    openvino = backend == "rtmpose-openvino"
    for folder in tracked:  # only a tracking of this very clip, by this backend and releases (cached_tracks)
        result, why = current_tracking(folder / cached_name(clip, backend, mode), clip, backend, mode,
                                       precision if openvino else None)  # fmt: skip
        if result is not None:
            break
        if (folder / cached_name(clip, backend, mode)).exists():
            print(f"note: {why}: tracking it again", file=sys.stderr)
    if result is None:
        options = {"precision": precision} if openvino else {}
        result = track_video(clip, backend, mode, **options)  # a progress bar on a terminal, none into a log
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
    parser.add_argument("--mode", default="lightweight", help="the measured backend's mode (default lightweight)")
    parser.add_argument(
        "--tracked", type=Path, action="append", default=[], help="a folder of earlier `kinemotion track` outputs"
    )
    parser.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "auto"], help="OpenVINO's")
    args = parser.parse_args()
    every: list[tuple[float, float]] = []
    medians: list[tuple[float, float]] = []
    by_clip: list[list[tuple[float, float]]] = []
    for clip in args.clips:
        ours = flights(clip, args.backend, args.tracked, args.mode, args.precision)
        refs = [flights(clip, r, args.tracked, precision=args.precision) for r in args.reference]
        diffs = paired_differences(ours, refs)
        every += diffs
        by_clip.append(diffs)
        if diffs:
            to, la = zip(*diffs, strict=True)
            medians.append((statistics.median(to), statistics.median(la)))
            print(
                f"{clip.name:40s} {len(diffs):3d} flights  take-off {_ms(statistics.median(to))} ms "
                f"[{_ms(min(to))}, {_ms(max(to))}]  landing {_ms(statistics.median(la))} ms "
                f"[{_ms(min(la))}, {_ms(max(la))}]  (median [range])"
            )
        else:
            print(f"{clip.name:40s}   0 flights paired")
    if not every:
        sys.exit("no flight found by both the backend and the reference")
    to, la = zip(*every, strict=True)
    print(
        f"{'all':40s} {len(every):3d} flights  take-off {_ms(statistics.median(to))} ms [{_iqr(to)}]  "
        f"landing {_ms(statistics.median(la))} ms [{_iqr(la)}]  (median [interquartile range]; "
        f"{args.backend} {args.mode} less {'/'.join(args.reference)})"
    )
    mto, mla = zip(*medians, strict=True)
    print(
        f"{'per-clip medians':40s} {len(medians):3d} clips    take-off {_ms(min(mto))} to {_ms(max(mto))} ms  "
        f"landing {_ms(min(mla))} to {_ms(max(mla))} ms"
    )
    left_out = [
        [d for k, clip in enumerate(by_clip) if k != j for d in clip] for j in range(len(by_clip)) if by_clip[j]
    ]
    left_out = [rest for rest in left_out if rest]
    if len(left_out) > 1:  # the pooled medians with each clip left out in turn: how much one clip moves them
        lto = [statistics.median(d[0] for d in rest) for rest in left_out]
        lla = [statistics.median(d[1] for d in rest) for rest in left_out]
        print(
            f"{'pooled, each clip left out':40s} {len(left_out):3d} times    take-off {_ms(min(lto))} to "
            f"{_ms(max(lto))} ms  landing {_ms(min(lla))} to {_ms(max(lla))} ms"
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:+6.1f}"


def _iqr(values: tuple[float, ...]) -> str:
    q1, _, q3 = statistics.quantiles(values, n=4) if len(values) > 1 else (values[0],) * 3
    return f"{_ms(q1)}, {_ms(q3)}"


if __name__ == "__main__":
    main()
