"""Every CPU backend against the labelled real-footage dev set: the table of docs/accuracy.md.

Each timing clip of ``tests/jump/labels/real_jumps.json`` is tracked by each
backend (or read from ``--tracked DIR/<clip stem>.<backend>.json``, as
``kinemotion track -o`` writes it) and scored as ``tests/jump/test_labelled_footage.py``
scores it: errors in frames, each event from the middle of its labelled frame
interval. Columns: jumps found/labelled and invented; the largest |error| of a
take-off and of a landing; flight mean error / median |error| / max |error|.

OpenVINO runs at the precision given (``--precision``; the tests hold their
bars at fp32, the same on every CPU; ``auto`` is bf16 where the CPU has native
bf16). The models are the test assets' (``../shared/assets/models``) unless
``KINEMOTION_MODEL_DIR`` names others. With ``--against-fp32``, each bf16 event's shift from fp32 is printed too.

Usage (from the repository's root, with pytest installed: the labels are read
through the tests' helpers):
    python benchmarks/labelled_accuracy.py [--tracked DIR] [--precision fp32|bf16|auto] [--against-fp32]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kinemotion.jump import JumpSignals
from kinemotion.tracking import TrackingResult, read_json, track_video
from tests.assets import RTMPOSE_S, asset
from tests.jump.labelled import clip_video, labels, median_abs, reported_flights, score, timing_clips, worst_abs

BACKENDS = ("rtmpose-openvino", "rtmpose-cpu", "mediapipe")


def tracking(clip: str, backend: str, tracked: Path | None, precision: str) -> TrackingResult:
    """The clip tracked by ``backend``: read from ``tracked`` when there, else tracked now."""
    cached = tracked / f"{Path(clip).stem}.{backend}.json" if tracked is not None else None
    if cached is not None and cached.exists():
        return read_json(cached)
    options = {"precision": precision} if backend == "rtmpose-openvino" else {}
    return track_video(clip_video(clip), backend, progress=False, **options)


def row(clip: str, backend: str, result: TrackingResult) -> str:
    """One line of the table."""
    got = score(clip, reported_flights(JumpSignals.from_tracking(result)))
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
        p: reported_flights(JumpSignals.from_tracking(tracking(clip, "rtmpose-openvino", None, p)))
        for p in ("fp32", "bf16")
    }
    if len(by["fp32"]) != len(by["bf16"]):
        return f"{clip}: fp32 reports {len(by['fp32'])} jumps, bf16 {len(by['bf16'])}"
    moved = np.abs(np.asarray(by["bf16"]) - np.asarray(by["fp32"]))
    return f"{clip}: bf16 moves events by {np.median(moved):.2f} frame (median), {moved.max():.2f} at most"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracked", type=Path, default=None, help="folder of earlier `kinemotion track` outputs")
    parser.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "auto"])
    parser.add_argument("--against-fp32", action="store_true", help="also print bf16's event shifts from fp32")
    args = parser.parse_args()
    os.environ.setdefault("KINEMOTION_MODEL_DIR", str(asset(RTMPOSE_S).parent))  # the real models, never downloaded
    print("| clip | backend | jumps | events | flight |\n|---|---|---|---|---|")
    for clip in timing_clips():
        for backend in BACKENDS:
            print(row(clip, backend, tracking(clip, backend, args.tracked, args.precision)), flush=True)
    if args.against_fp32:
        for clip in timing_clips():
            print(shifts(clip), flush=True)


if __name__ == "__main__":
    main()
