"""Robustness audit: the labelled dev set filmed a little differently, every backend scored against the labels.

Each timing clip of tests/jump/labels/real_jumps.json is re-encoded with every
frame kept and its frame rate unchanged (libx264, crf 18, through the ffmpeg
of imageio-ffmpeg) after one change a user's recording could have: mirrored,
downscaled to half and to 360 lines, compressed hard (crf 35), cropped to the
athlete, the athlete at half size on a wider canvas, darker with less
contrast, the first frames cut (the clip starts mid-movement) or a still
second first (the first frame held: every label moves by that many frames).
Two more copies change the frame rate with real pixels and exact labels: every
other frame (the even frames, then the odd ones) at half the rate (15 fps from
30): frame k of the copy is frame 2k (2k+1) of the clip, so a labelled take-off
between frames T-1 and T lies between copy frames (T-1-p)/2 and (T-p)/2 (phase
p = 0 or 1), within one copy frame, and each reported event is mapped back to
the clip's frames (2e+p) and scored against the labels there. The errors in
the table and the bars (events within 1.5 frames, flight median 1, max 2) are
in frames of the copy (one frame = 1/15 s): half the label-frame error.
``kinemotion`` refuses a clip under 20 fps (``kinemotion.jump.signals.MIN_FPS``); for these copies the
audit lowers that floor to 10 fps, so the table shows what the analysis finds at half the dev set's rate,
not the refusal a user gets.
Each copy is tracked by each backend and scored as the labelled-footage tests
score (tests/jump/labelled.py): jumps found and invented, take-off, landing
and flight errors in frames, and how far each event moved from the same
backend's events on the unperturbed clip.

Usage (from the repository's root; needs ../shared/assets or $KINEMOTION_TEST_ASSETS, pytest and imageio-ffmpeg):
    python benchmarks/perturbation_audit.py --work /tmp/audit [--backend rtmpose-cpu ...] [--clip NAME ...]
        [--perturbation NAME ...] [--precision fp32|bf16|auto]
OpenVINO runs at ``--precision`` (default ``auto``: bf16 where the CPU has native bf16; the tests hold their
bars at fp32); a cached track made at another precision, from
another file under the copy's name, or by another release is tracked again, not mixed in (``cached_tracks.py``).
Tracks are kept in --work, so a second run only scores (delete them to track again). The last lines total
the perturbed copies: jumps found and invented, and the copies that break the events or the flight bar (the
copies at the clip's frame rate and the frame-rate copies apart).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cached_tracks import current_tracking

from kinemotion.jump import JumpSignals, signals
from kinemotion.tracking import read_json, track_video, write_json
from tests.assets import RTMPOSE_S, asset
from tests.jump.labelled import (
    Score,
    clip_video,
    labelled_jumps,
    median_abs,
    reported_flights,
    score,
    timing_clips,
    worst_abs,
)
from tests.jump.reencode import WIDER, read_frames, reencode

BACKENDS = ("rtmpose-openvino", "rtmpose-cpu", "mediapipe")
CUT = {
    "cmj_front_oblique_handheld_30fps.mp4": 6,  # into the push, 6 frames before take-off
    "rope_skip_front_30fps.mp4": 30,  # between two hops
    "squat_jump_side_30fps.mp4": 300,  # in the held squat, 1 s before the jump
    "backflip-demo.mp4": 40,  # between the second and third hop
}
"""Frames cut from the start of each clip ("cut"): the clip starts mid-movement, not standing still."""
PERTURBATIONS: dict[str, str | None] = {
    "mirror": "hflip",
    "half": "scale=trunc(iw/4)*2:trunc(ih/4)*2",
    "h360": "scale=-2:360",
    "crf35": None,
    "tight": None,  # cropped to the athlete (from the unperturbed rtmpose-cpu landmarks)
    "wide": WIDER,
    "dark": "eq=brightness=-0.12:contrast=0.6:gamma=0.8",
    "cut": None,
    "still": None,
    "15fps-even": None,  # frames 0, 2, 4, ... at half the rate
    "15fps-odd": None,  # frames 1, 3, 5, ... at half the rate
}
DECIMATED = {"15fps-even": (2, 0), "15fps-odd": (2, 1)}
"""Frame-rate copies: (step, phase): frame k of the copy is frame step*k + phase of the clip."""
LOW_FPS_FLOOR = 10.0
"""The analysis' lowest frame rate while it scores a frame-rate copy (it refuses under 20 fps otherwise)."""


def _athlete_box(work: Path, name: str, width: int, height: int) -> str:
    """A crop around every landmark of the unperturbed rtmpose-cpu track, 12 % of the athlete's extent spare."""
    flights(work, name, "orig", "rtmpose-cpu")  # tracked once, in work
    xy = read_json(work / f"orig__{Path(name).stem}__rtmpose-cpu.json").landmarks[:, :, :2]
    x0, x1 = np.nanpercentile(xy[..., 0], [0.5, 99.5])
    y0, y1 = np.nanpercentile(xy[..., 1], [0.5, 99.5])
    m = 0.12 * (y1 - y0)
    left, right = max(0.0, (x0 - m * height / width) * width), min(width, (x1 + m * height / width) * width)
    top, bottom = max(0.0, (y0 - m) * height), min(height, (y1 + m) * height)
    a, b, c, d = (int(v) // 2 * 2 for v in (left, top, right, bottom))
    return f"crop={c - a}:{d - b}:{a}:{b}"


def perturbed(work: Path, name: str, kind: str) -> tuple[Path, int, int]:
    """The clip ``name`` after ``kind`` (made once in ``work``), how many frames its labels move by, and how
    many frames of the clip one frame of the copy spans (frame k of the copy is frame step*k - shift)."""
    if kind == "orig":
        return clip_video(name), 0, 1
    step, phase = DECIMATED.get(kind, (1, 0))
    shift = {"cut": -CUT[name], "still": None}.get(kind, -phase)
    dest = work / f"{kind}__{name}"
    frames, fps = read_frames(clip_video(name))
    if shift is None:
        shift = round(fps)
    if not dest.exists():
        if kind in DECIMATED:
            reencode(frames[phase::step], fps / step, dest)
        elif kind == "cut":
            reencode(frames[CUT[name] :], fps, dest)
        elif kind == "still":
            reencode(frames, fps, dest, held=shift)
        elif kind == "crf35":
            reencode(frames, fps, dest, crf=35)
        elif kind == "tight":
            reencode(frames, fps, dest, _athlete_box(work, name, frames[0].shape[1], frames[0].shape[0]))
        else:
            reencode(frames, fps, dest, PERTURBATIONS[kind])
    return dest, shift, step


def flights(work: Path, name: str, kind: str, backend: str, precision: str = "auto") -> list[tuple[float, float]]:
    """Take-off and landing (frames of the unperturbed clip) of every jump ``backend`` reports on the copy."""
    video, shift, step = perturbed(work, name, kind)
    track = work / f"{kind}__{Path(name).stem}__{backend}.json"
    options = {"precision": precision} if backend == "rtmpose-openvino" and precision != "auto" else {}
    result, why = current_tracking(track, video, backend, "lightweight", options.get("precision"))
    if result is None:  # none yet, or stale (another copy under its name, another release): tracked again
        if track.exists():
            print(f"note: {why}: tracking it again", file=sys.stderr)
        result = track_video(video, backend, progress=False, **options)
        write_json(result, track)
    with patch.object(signals, "MIN_FPS", LOW_FPS_FLOOR if kind in DECIMATED else signals.MIN_FPS):
        reported = reported_flights(JumpSignals.from_tracking(result))
    return [(step * a - shift, step * b - shift) for a, b in reported]


def in_copy_frames(found: Score, step: int) -> Score:
    """``found`` with its errors in frames of a copy whose one frame spans ``step`` frames of the clip."""
    if step == 1:
        return found
    return replace(found, **{k: [e / step for e in getattr(found, k)] for k in ("takeoff", "landing", "flight")})


def tally(found: Score, name: str, shift_gone: int) -> tuple[int, int, int, bool, bool]:
    """Found, labelled (those still in the clip), invented, and whether the events bar (1.5 frames) and the
    flight bar (median 1, max 2 frames) are broken on this copy."""
    jumps = labelled_jumps(name)
    gone = {i for i, j in enumerate(jumps) if j["takeoff"] - 1 < shift_gone}
    hits = sum(m is not None for i, m in enumerate(found.matched) if i not in gone)
    events = max(np.abs([*found.takeoff, *found.landing]), default=0.0) > 1.5
    flight = bool(found.flight) and (np.median(np.abs(found.flight)) > 1 or max(np.abs(found.flight)) > 2)
    return hits, len(jumps) - len(gone), len(found.invented), bool(events), bool(flight)


def row(name: str, kind: str, backend: str, found: Score, base: Score, shift_gone: int) -> str:
    """One line of the table: found / labelled (those still in the clip), invented, errors, largest move."""
    hits, expected, _, _, _ = tally(found, name, shift_gone)
    step = DECIMATED.get(kind, (1, 0))[0]
    moved = [
        max(abs(p[0] - q[0]), abs(p[1] - q[1])) / step
        for p, q in zip(found.matched, base.matched, strict=True)
        if p is not None and q is not None
    ]

    return (
        f"| {name[:-4]} | {backend} | {kind} | {hits}/{expected}, {len(found.invented)} | "
        f"{worst_abs(found.takeoff)} / {worst_abs(found.landing)} | {median_abs(found.flight)} / "
        f"{worst_abs(found.flight)} | "
        f"{max(moved) if moved else float('nan'):.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="folder for the copies and their tracks")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="default: every CPU backend")
    parser.add_argument("--clip", action="append", choices=timing_clips(), help="default: every timing clip")
    parser.add_argument("--perturbation", action="append", choices=list(PERTURBATIONS), help="default: all")
    parser.add_argument("--precision", choices=("fp32", "bf16", "auto"), default="auto", help="OpenVINO's")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KINEMOTION_MODEL_DIR", str(asset(RTMPOSE_S).parent))
    print("| clip | backend | perturbation | found, invented | take-off / landing max abs error | "
          "flight median / max abs error | largest move from unperturbed |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    totals = {"same": np.zeros(5, dtype=int), "rate": np.zeros(5, dtype=int)}
    copies = {"same": 0, "rate": 0}
    for name in args.clip or timing_clips():
        for backend in args.backend or BACKENDS:
            base = score(name, flights(args.work, name, "orig", backend, args.precision))
            print(row(name, "orig", backend, base, base, 0), flush=True)
            for kind in args.perturbation or list(PERTURBATIONS):
                found = in_copy_frames(
                    score(name, flights(args.work, name, kind, backend, args.precision)),
                    DECIMATED.get(kind, (1, 0))[0],
                )
                shift_gone = CUT[name] if kind == "cut" else 0
                print(row(name, kind, backend, found, base, shift_gone), flush=True)
                group = "rate" if kind in DECIMATED else "same"
                totals[group] += np.array(tally(found, name, shift_gone), dtype=int)
                copies[group] += 1
    print()
    for group, what in (("same", "copies at the clip's frame rate"), ("rate", "frame-rate copies")):
        if copies[group]:
            hits, expected, invented, events, flight = totals[group]
            print(
                f"Over {copies[group]} {what}: {hits} of {expected} labelled jumps found, {invented} invented; the "
                f"events bar broken on {events} copies, the flight bar on {flight}."
            )


if __name__ == "__main__":
    main()
