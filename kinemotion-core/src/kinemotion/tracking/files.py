"""Writing tracking results: JSON (data + metadata) and CSV (one row per frame), atomically.

The JSON layout is described by ``kinemotion/schemas/tracking.schema.json``
(:data:`TRACKING_SCHEMA_PATH`).
"""

from __future__ import annotations

import csv
import json
import math
import os
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kinemotion.tracking.atomic import atomic_path
from kinemotion.tracking.result import TrackingResult

__all__ = ["SCHEMA_ID", "TRACKING_SCHEMA_PATH", "to_json_dict", "tracking_problem", "write_csv", "write_json"]

SCHEMA_ID = "kinemotion.tracking/1"
"""The ``schema`` field of a landmark JSON: its format and version."""
TRACKING_SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "tracking.schema.json"
"""The JSON schema that validates a landmark JSON (shipped in the package)."""


def _num(value: float, digits: int = 6) -> float | None:
    return None if math.isnan(value) else round(float(value), digits)


def to_json_dict(result: TrackingResult, outputs: Mapping[str, Mapping[str, object]] | None = None) -> dict[str, Any]:
    """The result as JSON-ready data (NaN becomes null); ``outputs``: the files written with it, by role
    (``{"overlay": {"size_bytes": ..., "fingerprint": ...}}``, see :func:`kinemotion.tracking.identity.file_record`)."""
    from kinemotion import __version__

    frames = []
    for i in range(result.frame_count):
        lm = result.frame(i)
        frames.append({
            "index": i,
            "timestamp_ms": round(float(result.timestamps_ms[i]), 3),
            "landmarks": None if lm is None else {
                name: [_num(x), _num(y), _num(v, 4)] for name, (x, y, v) in lm.items()
            },
        })  # fmt: skip
    return {
        "schema": SCHEMA_ID,
        "kinemotion_version": __version__,
        "video": asdict(result.video),
        "backend": asdict(result.backend),
        "complete": result.complete,
        "error": result.error,
        "landmark_names": list(result.landmark_names),
        "frames_with_pose": int(result.found.sum()),
        **({"outputs": {role: dict(record) for role, record in outputs.items()}} if outputs else {}),
        "frames": frames,
    }


def tracking_problem(data: dict[str, Any]) -> str | None:
    """What a landmark JSON read back from a file lacks (None when it has our layout's parts).

    A file edited by hand or written by another program can claim the schema
    and still hold no frames: a re-run tracks the video again instead of
    keeping it.
    """
    names, frames = data.get("landmark_names"), data.get("frames")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return "it has no landmark names"
    if not isinstance(frames, list) or not all(isinstance(f, dict) for f in frames):
        return "it has no frames"
    if not isinstance(data.get("complete"), bool) or not isinstance(data.get("frames_with_pose"), int):
        return "it does not say whether it is complete"
    return None


def write_json(
    result: TrackingResult,
    path: str | os.PathLike[str],
    outputs: Mapping[str, Mapping[str, object]] | None = None,
) -> Path:
    """Write the JSON output (recording ``outputs``, see :func:`to_json_dict`); the file appears only once
    fully written."""
    with atomic_path(path, keep=[result.video.path]) as partial:
        partial.write_text(json.dumps(to_json_dict(result, outputs), separators=(",", ":")), encoding="utf-8")
    return Path(path)


def write_csv(result: TrackingResult, path: str | os.PathLike[str]) -> Path:
    """One row per frame: frame, timestamp_ms, then x, y, visibility per landmark (empty if no pose)."""
    with atomic_path(path, keep=[result.video.path]) as partial, partial.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        header = ["frame", "timestamp_ms"]
        for name in result.landmark_names:
            header += [f"{name}_x", f"{name}_y", f"{name}_visibility"]
        writer.writerow(header)
        for i in range(result.frame_count):
            row: list[object] = [i, round(float(result.timestamps_ms[i]), 3)]
            for x, y, v in result.landmarks[i]:
                row += ["", "", ""] if math.isnan(x) else [f"{x:.6f}", f"{y:.6f}", f"{v:.4f}"]
            writer.writerow(row)
    return Path(path)
