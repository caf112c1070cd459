"""What the page reads from a jump report, checked before it is drawn: a report edited by hand, cut short or
written by another program is named with the first field that is wrong, never a traceback.

The rules are those of ``kinemotion/schemas/jump.schema.json`` for the fields
the page uses (the optional ones where present): numbers are numbers (not
text, not true/false), whole numbers are whole, lists and objects are what
they claim to be.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["shape_problem"]

_TOP: dict[str, type | tuple[type, ...]] = {
    "kind": str, "video": dict, "backend": dict, "jumps": list, "summary": dict, "quality": list,
    "frame_rate": (int, float), "tracked_fraction": (int, float),
}  # fmt: skip
_SUMMARY_NUMBERS = ("count", "mean", "sd", "cv_percent", "best")
_SERIES = ("time_s", "feet_bh", "hip_bh")


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number_or_null(value: object) -> bool:
    """A number (an unknown one, NaN, shows as a dash) or null."""
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _whole(value: object, low: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _map_problem(where: str, value: object, ok: Callable[[object], bool], what: str) -> str | None:
    if not isinstance(value, Mapping):
        return f"{where} is not an object"
    bad = next((k for k, v in value.items() if not ok(v)), None)
    return None if bad is None else f"{where}.{bad} is not {what}"


def _pose_problem(where: str, pose: object) -> str | None:
    if not isinstance(pose, Mapping):
        return f"{where} is not an object"
    if not _whole(pose.get("frame"), 0):
        return f"{where}.frame is not a frame number (a whole number, 0 or more)"
    if not _number(pose.get("time_s")):
        return f"{where}.time_s is not a number"
    landmarks = pose.get("landmarks")
    point: Callable[[object], bool] = lambda v: isinstance(v, list) and len(v) == 3 and all(map(_number, v))  # noqa: E731
    return _map_problem(f"{where}.landmarks", landmarks, point, "[x, y, visibility] (three numbers)")


def _jump_problem(k: int, jump: object) -> str | None:
    where = f"jumps[{k}]"
    if not isinstance(jump, Mapping):
        return f"{where} is not an object"
    if not _whole(jump.get("number"), 1):
        return f"{where}.number is not a jump number (a whole number, 1 or more)"
    checks = [
        _map_problem(f"{where}.metrics", jump.get("metrics"), _number_or_null, "a number or null"),
        _map_problem(f"{where}.phases_s", jump.get("phases_s"), _number, "a time in seconds (a number)"),
    ]
    if "quality" in jump and not _texts(jump["quality"]):
        checks.append(f"{where}.quality is not a list of texts")
    if "uncertainty" in jump and not isinstance(jump["uncertainty"], Mapping | None):
        checks.append(f"{where}.uncertainty is not an object")
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


def shape_problem(data: Mapping[str, Any]) -> str | None:
    """The first field of a jump report the page cannot use, in words (None: the page can draw it)."""
    wrong = [k for k, kind in _TOP.items() if not isinstance(data.get(k), kind) or isinstance(data.get(k), bool)]
    if wrong:
        return f"{', '.join(wrong)} missing or of the wrong type"
    if not isinstance(data["video"].get("path"), str) or not isinstance(data["backend"].get("name"), str):
        return "video.path or backend.name missing or of the wrong type"
    if not data["jumps"]:
        return "jumps (empty)"
    checks = [
        None if _texts(data["quality"]) else "quality is not a list of texts",
        None if _texts(data.get("notes", [])) else "notes is not a list of texts",
        None if _number_or_null(data.get("athlete_height_m")) else "athlete_height_m is not a number or null",
        *(_jump_problem(k, jump) for k, jump in enumerate(data["jumps"])),
        _summary_problem(data["summary"]),
        None if data.get("series") is None else _series_problem(data["series"]),
    ]
    return next((c for c in checks if c is not None), None)
