"""How far each foot point is from its own ankle, and each ankle from its knee, on tracked clips (issue 23).

A foot point (heel, foot index) cannot be further from its ankle than the foot is long, nor an ankle further
from its knee than the shank: a point beyond that is not where the model put the foot. This prints, per landmark
JSON (``kinemotion track -o`` writes them), the distribution of those distances in the athlete's scale (body
heights: the nose-to-feet distance while upright, :class:`kinemotion.jump.JumpSignals`), measured in the picture
(x scaled by the frame's aspect), and the frames where a distance passes ``--margin`` times the segment's length
from anthropometric tables (a foot 0.152 of the stature, a shank 0.246; the nose at 0.93 of it): there, and
there only, a rule from the rigid segments could leave a foot point out.

Use it on a clip whose take-off comes out early, to see whether its foot points leave their foot (docs/accuracy.md,
"Why flights come out long, and a hand past the feet").

Usage (from the repository's root):
    python benchmarks/foot_reach.py FILE.json [FILE.json ...] [--margin 1.25]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from kinemotion.jump import JumpSignals
from kinemotion.tracking.files import read_json

NOSE_OF_STATURE = 0.93
FOOT_BH = 0.152 / NOSE_OF_STATURE
"""A foot's length (heel to toe tip), body heights: no foot point is further than this from its ankle."""
SHANK_BH = 0.246 / NOSE_OF_STATURE
"""Knee to ankle, body heights."""
SEGMENTS = {"heel": ("ankle", "heel", FOOT_BH), "foot_index": ("ankle", "foot_index", FOOT_BH)}
SEGMENTS["shank"] = ("knee", "ankle", SHANK_BH)


def reaches(path: Path) -> tuple[np.ndarray, dict[str, np.ndarray], float]:
    """The clip's times (s) and, per segment name (both sides stacked, left first), its length per frame in body
    heights, NaN where a point is missing; and the frame rate."""
    result = read_json(path)
    body = JumpSignals.from_tracking(result).body_height
    aspect = result.video.width / result.video.height
    t = np.asarray(result.timestamps_ms, dtype=np.float64) / 1000.0

    def point(name: str) -> np.ndarray:
        xy = result.series(name).astype(np.float64)
        return np.stack([xy[:, 0] * aspect, xy[:, 1]]) / body

    out = {}
    for segment, (start, end, _) in SEGMENTS.items():
        sides = [np.linalg.norm(point(f"{s}_{end}") - point(f"{s}_{start}"), axis=0) for s in ("left", "right")]
        out[segment] = np.stack(sides)
    return t, out, float((len(t) - 1) / (t[-1] - t[0]))


def main() -> None:
    """Print each file's distances and the frames beyond the margin."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="landmark JSONs (kinemotion track -o)")
    parser.add_argument("--margin", type=float, default=1.25, help="times the segment's length (default 1.25)")
    args = parser.parse_args()
    for path in args.files:
        t, lengths, fps = reaches(path)
        print(f"{path.name} ({fps:.2f} fps)")
        for segment, d in lengths.items():
            limit = args.margin * SEGMENTS[segment][2]
            p50, p99 = np.nanpercentile(d, [50, 99]) if np.isfinite(d).any() else (np.nan, np.nan)
            beyond = np.flatnonzero(np.any(d > limit, axis=0))
            where = ", ".join(f"{t[i]:.2f}" for i in beyond[:12]) + (" ..." if len(beyond) > 12 else "")
            print(
                f"  {segment:10s} median {p50:.3f}  p99 {p99:.3f}  max {np.nanmax(d):.3f} body heights; "
                f"beyond {limit:.3f}: {len(beyond)} frames{' (s: ' + where + ')' if len(beyond) else ''}"
            )


if __name__ == "__main__":
    main()
