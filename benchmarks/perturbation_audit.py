"""Robustness audit: the labelled dev set filmed a little differently, every backend scored against the labels.

Each timing clip of tests/jump/labels/real_jumps.json is re-encoded with every
frame kept and its frame rate unchanged (libx264, crf 18, through the ffmpeg
of imageio-ffmpeg) after one change a user's recording could have: mirrored,
downscaled to half and to 360 lines, compressed hard (crf 35), cropped to the
athlete, the athlete at half size on a wider canvas, darker with less
contrast, the first frames cut (the clip starts mid-movement) or a still
second first (the first frame held: every label moves by that many frames).
Each copy is tracked by each backend and scored as the labelled-footage tests
score (tests/jump/labelled.py): jumps found and invented, take-off, landing
and flight errors in frames, and how far each event moved from the same
backend's events on the unperturbed clip.

Usage (from the repository's root; needs ../shared/assets or $KINEMOTION_TEST_ASSETS, pytest and imageio-ffmpeg):
    python benchmarks/perturbation_audit.py --work /tmp/audit [--backend rtmpose-cpu ...] [--clip NAME ...]
Tracks are kept in --work, so a second run only scores (delete them to track again). The last line totals
the perturbed copies: jumps found and invented, and the copies that break the events or the flight bar.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kinemotion.jump import JumpSignals
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
}


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


def perturbed(work: Path, name: str, kind: str) -> tuple[Path, int]:
    """The clip ``name`` after ``kind`` (made once in ``work``), and how many frames its labels move by."""
    if kind == "orig":
        return clip_video(name), 0
    shift = {"cut": -CUT[name], "still": None}.get(kind, 0)
    dest = work / f"{kind}__{name}"
    frames, fps = read_frames(clip_video(name))
    if shift is None:
        shift = round(fps)
    if not dest.exists():
        if kind == "cut":
            reencode(frames[CUT[name] :], fps, dest)
        elif kind == "still":
            reencode(frames, fps, dest, held=shift)
        elif kind == "crf35":
            reencode(frames, fps, dest, crf=35)
        elif kind == "tight":
            reencode(frames, fps, dest, _athlete_box(work, name, frames[0].shape[1], frames[0].shape[0]))
        else:
            reencode(frames, fps, dest, PERTURBATIONS[kind])
    return dest, shift


def flights(work: Path, name: str, kind: str, backend: str) -> list[tuple[float, float]]:
    """Take-off and landing (frames of the unperturbed clip) of every jump ``backend`` reports on the copy."""
    video, shift = perturbed(work, name, kind)
    track = work / f"{kind}__{Path(name).stem}__{backend}.json"
    if not track.exists():
        write_json(track_video(video, backend, progress=False), track)
    return [(a - shift, b - shift) for a, b in reported_flights(JumpSignals.from_tracking(read_json(track)))]


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
    moved = [
        max(abs(p[0] - q[0]), abs(p[1] - q[1]))
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
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KINEMOTION_MODEL_DIR", str(asset(RTMPOSE_S).parent))
    print("| clip | backend | perturbation | found, invented | take-off / landing max abs error | "
          "flight median / max abs error | largest move from unperturbed |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    totals = np.zeros(5, dtype=int)
    copies = 0
    for name in args.clip or timing_clips():
        for backend in args.backend or BACKENDS:
            base = score(name, flights(args.work, name, "orig", backend))
            print(row(name, "orig", backend, base, base, 0), flush=True)
            for kind in args.perturbation or list(PERTURBATIONS):
                found = score(name, flights(args.work, name, kind, backend))
                shift_gone = CUT[name] if kind == "cut" else 0
                print(row(name, kind, backend, found, base, shift_gone), flush=True)
                totals += np.array(tally(found, name, shift_gone), dtype=int)
                copies += 1
    hits, expected, invented, events, flight = totals
    print(
        f"\nOver {copies} copies: {hits} of {expected} labelled jumps found, {invented} invented; the events bar "
        f"broken on {events} copies, the flight bar on {flight}."
    )


if __name__ == "__main__":
    main()
