"""The jump report's format: its schema id and file, and the one check of a report read back from a file.

:func:`report_problem` is what every reader of a jump report asks (a re-run
deciding whether a report is done, the per-jump CSV, the HTML report): a
report edited by hand, cut short or written by another program is named with
its first field that is wrong, never a traceback, never tabulated.

The rules are those of ``kinemotion/schemas/jump.schema.json`` for the fields
a reader uses (the optional ones where present): numbers are numbers (not
text, not true/false), whole numbers are whole, lists and objects are what they
claim to be. (The ``jsonschema`` package is not a dependency of the core; the
tests check that every report kinemotion writes passes the schema itself.)
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeGuard

from kinemotion.jump.analyses import ANALYSES

__all__ = ["CONTENT_DIGEST", "JUMP_SCHEMA_PATH", "SCHEMA", "content_digest", "report_problem", "written_as_is"]

SCHEMA = "kinemotion.jump/2"
JUMP_SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "jump.schema.json"

CONTENT_DIGEST = "content_digest"
"""The field of a jump report holding the digest of the rest of it as kinemotion wrote it (:func:`content_digest`)."""


def content_digest(data: Mapping[str, Any]) -> str:
    """A digest of a report's content, its :data:`CONTENT_DIGEST` field left out (``sha256:HEX``): of the values,
    not of their layout, so that the same report re-indented or with its fields reordered has the same digest,
    and one with a number edited another."""
    content = {key: value for key, value in data.items() if key != CONTENT_DIGEST}
    values = json.loads(json.dumps(content))  # tuples as lists, keys as texts: as read back from the file
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def written_as_is(data: Mapping[str, Any]) -> bool:
    """Whether a report read back from a file is as kinemotion wrote it: its :data:`CONTENT_DIGEST` is that of
    its content (False for one edited since, by hand or by a script, or written without it)."""
    recorded = data.get(CONTENT_DIGEST)
    return isinstance(recorded, str) and recorded == content_digest(data)


_TOP: dict[str, tuple[type | tuple[type, ...], str]] = {
    "video": (dict, "an object"), "backend": (dict, "an object"), "jumps": (list, "a list"),
    "summary": (dict, "an object"), "quality": (list, "a list"),
    "frame_rate": ((int, float), "a number"), "tracked_fraction": ((int, float), "a number"),
}  # fmt: skip
_TEXTS = "a list of texts"
_HALF_WIDTH = "a half-width (0 or more)"
_SUMMARY_NUMBERS = ("count", "mean", "sd", "cv_percent", "best")
_SERIES = ("time_s", "feet_bh", "hip_bh")
_CAPTURE_FPS = "capture_fps is not a frame rate (a number above 0) or null"
_BEST_JUMP = "best_jump is not the number of one of its jumps"


def _float(value: object) -> TypeGuard[int | float]:
    """A JSON number a float holds (not a whole number of 400 digits, which Python reads as an int no float
    holds: the page, its charts and the table could not show it)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        float(value)
    except OverflowError:
        return False
    return True


def _number(value: object) -> bool:
    return _float(value) and math.isfinite(value)


def _number_or_null(value: object) -> bool:
    """A number (an unknown one, NaN, shows as a dash) or null."""
    return value is None or _float(value)


def _whole(value: object, low: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low


def _half_width(value: object) -> bool:
    """An uncertainty given as a number is the half-width of a 90 % interval: finite and 0 or more (the page
    showed "± -20"). Other forms a later analysis may write (an interval as ``{"low": ..., "high": ...}``) are
    the page's to show or leave out."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return True
    return _float(value) and math.isfinite(value) and value >= 0


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


_ABSENT = object()
"""What ``mapping.get(key, _ABSENT)`` gives for a key that is not there (null is there, and wrong)."""


def _missing_or(where: str, value: object, what: str) -> str:
    return f"{where} is missing" if value is _ABSENT else f"{where} is not {what}"


def _map_problem(where: str, value: object, ok: Callable[[object], bool], what: str) -> str | None:
    if not isinstance(value, Mapping):
        return _missing_or(where, value, "an object")
    bad = next((k for k, v in value.items() if not ok(v)), None)
    return None if bad is None else f"{where}.{bad} is not {what}"


def _pose_problem(where: str, pose: object) -> str | None:
    if not isinstance(pose, Mapping):
        return f"{where} is not an object"
    if not _whole(pose.get("frame"), 0):
        return f"{where}.frame is not a frame number (a whole number, 0 or more)"
    if not _number(pose.get("time_s")):
        return f"{where}.time_s is not a number"
    landmarks = pose.get("landmarks", _ABSENT)
    return _map_problem(
        f"{where}.landmarks",
        landmarks,
        _pose_point,
        "[x, y, visibility] (three numbers: x, y within a frame of the picture, -1 to 2; visibility 0 to 1)",
    )


def _pose_point(value: object) -> bool:
    """``[x, y, visibility]`` as the tracking holds every backend to (the page draws it on the still frame: a
    coordinate of 1e300 was an OpenCV traceback)."""
    if not (isinstance(value, list) and len(value) == 3 and all(map(_number, value))):
        return False
    x, y, visibility = (float(v) for v in value)
    return -1.0 <= x <= 2.0 and -1.0 <= y <= 2.0 and 0.0 <= visibility <= 1.0


def _jump_problem(k: int, jump: object) -> str | None:
    where = f"jumps[{k}]"
    if not isinstance(jump, Mapping):
        return f"{where} is not an object"
    if not _whole(jump.get("number"), 1):
        return f"{where}.number is not a jump number (a whole number, 1 or more)"
    checks = [
        _map_problem(f"{where}.metrics", jump.get("metrics", _ABSENT), _number_or_null, "a number or null"),
        _map_problem(f"{where}.phases_s", jump.get("phases_s", _ABSENT), _number, "a time in seconds (a number)"),
        None if _texts(quality := jump.get("quality", _ABSENT)) else _missing_or(f"{where}.quality", quality, _TEXTS),
    ]
    if "unknown_events" in jump and not _texts(jump["unknown_events"]):
        checks.append(f"{where}.unknown_events is not {_TEXTS}")
    for key in ("uncertainty", "phases_uncertainty_s"):  # shown as "± x": a negative number is no width
        if jump.get(key) is not None:
            checks.append(_map_problem(f"{where}.{key}", jump[key], _half_width, _HALF_WIDTH))
    if "first_foot_down" in jump and not isinstance(jump["first_foot_down"], str | None):
        checks.append(f"{where}.first_foot_down is not a text")
    poses = jump.get("poses")
    if poses is not None:
        if not isinstance(poses, Mapping):
            checks.append(f"{where}.poses is not an object")
        else:
            checks += [_pose_problem(f"{where}.poses.{event}", pose) for event, pose in poses.items()]
    return next((c for c in checks if c is not None), None)


def _summary_problem(summary: Mapping[str, Any]) -> str | None:
    for metric, stats in summary.items():
        if not isinstance(stats, Mapping):
            return f"summary.{metric} is not an object"
        bad = next((k for k in _SUMMARY_NUMBERS if not _number_or_null(stats.get(k))), None)
        if bad is not None:
            return f"summary.{metric}.{bad} is not a number or null"
    return None


def _series_problem(series: object) -> str | None:
    if not isinstance(series, Mapping):
        return "series is not an object"
    lengths = set()
    for name in _SERIES:
        values = series.get(name)
        if not isinstance(values, list) or not all(map(_number_or_null, values)):
            return f"series.{name} is not a list of numbers (or nulls)"
        lengths.add(len(values))
    return None if len(lengths) == 1 else "series.time_s, feet_bh and hip_bh are not of one length"


def report_problem(data: Mapping[str, Any]) -> str | None:
    """The first field of a jump report's JSON (read back from a file) that is missing or wrong, in words,
    naming it (``jumps[1].metrics is missing``); None when the report is whole.

    A report edited by hand, cut short or written by another program can claim
    the schema and still lack its jumps: a re-run analyses it again, the CSV
    refuses it, the HTML report lists it as a problem.
    """
    if data.get("schema") != SCHEMA:
        return f"schema is not {SCHEMA}"
    if not isinstance(kind := data.get("kind", _ABSENT), str) or kind not in ANALYSES:
        return _missing_or("kind", kind, f"a jump kind ({' or '.join(ANALYSES)})")
    for key, (types, what) in _TOP.items():
        value = data.get(key, _ABSENT)
        if not isinstance(value, types) or isinstance(value, bool):
            return _missing_or(key, value, what)
    for where, holder, key in (("video.path", data["video"], "path"), ("backend.name", data["backend"], "name")):
        if not isinstance(value := holder.get(key, _ABSENT), str):
            return _missing_or(where, value, "a text")
    if not data["jumps"]:
        return "jumps is empty"
    # whole numbers only (a number edited into a list is no set member): a jump's own number is checked below
    numbers = {n for jump in data["jumps"] if isinstance(jump, Mapping) and _whole(n := jump.get("number"), 1)}
    capture_fps = data.get("capture_fps")
    checks = [
        None if _texts(data["quality"]) else "quality is not a list of texts",
        None if _texts(data.get("notes", [])) else "notes is not a list of texts",
        None if _number_or_null(data.get("athlete_height_m")) else "athlete_height_m is not a number or null",
        None if capture_fps is None or (_number(capture_fps) and capture_fps > 0) else _CAPTURE_FPS,
        *(_jump_problem(k, jump) for k, jump in enumerate(data["jumps"])),  # before best_jump: a bad number named
        None if _whole(best := data.get("best_jump"), 1) and best in numbers else _BEST_JUMP,
        _summary_problem(data["summary"]),
        None if data.get("series") is None else _series_problem(data["series"]),
    ]
    return next((c for c in checks if c is not None), None)
