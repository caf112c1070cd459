"""Every CPU backend against the labelled real-footage dev set: the table of docs/accuracy.md.

Each timing clip of ``tests/jump/labels/real_jumps.json`` is tracked by each
backend (or read from ``--tracked DIR/<clip stem>.<backend>.json``, repeatable, as
``kinemotion track -o`` writes it) and scored as ``tests/jump/test_labelled_footage.py``
scores it: errors in frames, each event from the middle of its labelled frame
interval. Columns: jumps found/labelled and invented; the largest |error| of a
take-off and of a landing; flight mean error / median |error| / max |error|.

OpenVINO runs at the precision given (``--precision``; the tests hold their
bars at fp32, the same on every CPU; ``auto`` is bf16 where the CPU has native
bf16). The models are the test assets' (``../shared/assets/models``) unless
``KINEMOTION_MODEL_DIR`` names others. With ``--against-fp32``, each bf16 event's shift from fp32 is printed too.

``--backend`` and ``--mode`` score one backend in one mode (e.g. MediaPipe's
full model: ``--backend mediapipe --mode balanced``); a ``--tracked`` file of a
mode other than ``lightweight`` is ``DIR/<clip stem>.<backend>-<mode>.json``.
``--bias`` scores the events as if the tracker declared that foot timing bias
(``--bias=TAKEOFF_MS,LANDING_MS``, written with ``=`` since it may start with
a minus, or ``none``), whatever the tracking records: the
effect of a bias on the labelled errors, before it is declared.

Usage (from the repository's root, with pytest installed: the labels are read
through the tests' helpers):
    python benchmarks/labelled_accuracy.py [--tracked DIR] [--precision fp32|bf16|auto] [--against-fp32]
        [--backend NAME ...] [--mode MODE] [--bias=TAKEOFF_MS,LANDING_MS|none]
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cached_tracks import current_tracking

from kinemotion.jump import JumpSignals
from kinemotion.pose.contract import checked_foot_timing_bias
from kinemotion.tracking import TrackingResult, track_video
from tests.assets import RTMPOSE_S, asset
from tests.jump.labelled import clip_video, labels, median_abs, reported_flights, score, timing_clips, worst_abs

BACKENDS = ("rtmpose-openvino", "rtmpose-cpu", "mediapipe")


def tracking(clip: str, backend: str, tracked: list[Path], precision: str, mode: str = "lightweight") -> TrackingResult:
    """The clip tracked by ``backend`` in ``mode``: read from a ``tracked`` folder when there and current (made
    from this very clip by this backend, mode and the releases installed now: ``cached_tracks.py``), else tracked
    now."""
    name = f"{Path(clip).stem}.{backend}.json" if mode == "lightweight" else f"{Path(clip).stem}.{backend}-{mode}.json"
    video = clip_video(clip)
    openvino = backend == "rtmpose-openvino"
    for folder in tracked:  # only a tracking of this very clip, by this backend and releases (cached_tracks)
        result, why = current_tracking(folder / name, video, backend, mode, precision if openvino else None)
        if result is not None:
            return result
        if (folder / name).exists():
            print(f"note: {why}: tracking it again", file=sys.stderr)
    options = {"precision": precision} if openvino else {}
    return track_video(video, backend, mode, progress=False, **options)


def parse_bias(text: str) -> tuple[float, float]:
    """``TAKEOFF_MS,LANDING_MS`` (or ``none``) as (take-off, landing) seconds, within the contract's bounds."""
    if text.strip().lower() == "none":
        return (0.0, 0.0)
    try:
        bias = checked_foot_timing_bias([float(v) / 1000 for v in text.split(",")], f"--bias {text} ms")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}; give TAKEOFF_MS,LANDING_MS (e.g. --bias=-5.2,8.0) or none") from None
    assert bias is not None
    return bias


def row(clip: str, backend: str, result: TrackingResult, bias: tuple[float, float] | None = None) -> str:
    """One line of the table; with ``bias``, the events as if the tracker declared it instead of its own."""
    signals = JumpSignals.from_tracking(result)
    if bias is not None:
        signals = replace(signals, timing_bias_s=bias)
    got = score(clip, reported_flights(signals))
    flight = np.asarray(got.flight)
    name = f"{clip} ({labels()[clip]['kind'].split(',')[0]})"
    if not len(flight):
        return f"| {name} | {backend} | {got.found}/{got.labelled}, {len(got.invented)} | - | - |"
    return (
        f"| {name} | {backend} | {got.found}/{got.labelled}, {len(got.invented)} "
        f"| {worst_abs(got.takeoff)} / {worst_abs(got.landing)} "
        f"| {flight.mean():+.2f} / {median_abs(got.flight)} / {worst_abs(got.flight)} |"
    )


def shifts(clip: str) -> str:
    """How far OpenVINO's bf16 moves each reported event from fp32 (frames)."""
    by = {
        p: reported_flights(JumpSignals.from_tracking(tracking(clip, "rtmpose-openvino", [], p)))
        for p in ("fp32", "bf16")
    }
    if len(by["fp32"]) != len(by["bf16"]):
        return f"{clip}: fp32 reports {len(by['fp32'])} jumps, bf16 {len(by['bf16'])}"
    moved = np.abs(np.asarray(by["bf16"]) - np.asarray(by["fp32"]))
    return f"{clip}: bf16 moves events by {np.median(moved):.2f} frame (median), {moved.max():.2f} at most"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tracked", type=Path, action="append", default=[], help="a folder of earlier `kinemotion track` outputs"
    )
    parser.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "auto"])
    parser.add_argument("--against-fp32", action="store_true", help="also print bf16's event shifts from fp32")
    parser.add_argument("--backend", nargs="+", default=list(BACKENDS), help=f"default: {' '.join(BACKENDS)}")
    parser.add_argument("--mode", default="lightweight", help="the backends' mode (default lightweight)")
    parser.add_argument(
        "--bias", type=parse_bias, default=None, help="score as if this bias were declared: TAKEOFF_MS,LANDING_MS|none"
    )
    args = parser.parse_args()
    os.environ.setdefault("KINEMOTION_MODEL_DIR", str(asset(RTMPOSE_S).parent))  # the real models, never downloaded
    print("| clip | backend | jumps | events | flight |\n|---|---|---|---|---|")
    for clip in timing_clips():
        for backend in args.backend:
            result = tracking(clip, backend, args.tracked, args.precision, args.mode)
            name = backend if args.mode == "lightweight" else f"{backend} {args.mode}"
            print(row(clip, name, result, args.bias), flush=True)
    if args.against_fp32:
        for clip in timing_clips():
            print(shifts(clip), flush=True)


if __name__ == "__main__":
    main()
