"""A tracking kept in a folder (``--tracked``, a ``--work`` folder), reused by a benchmark only while it is current.

A cached landmark JSON was read by its file name alone (``<clip stem>.<backend>.json``): one made from another
clip of that name (a re-encoded copy of the dev set, a clip re-cut since), by an older release of the backend or
of kinemotion, or at another OpenVINO precision was measured as the clip's, and the numbers it gave (a tracker's
declared foot timing bias, the accuracy tables) were published from it. :func:`current_tracking` reads one only
when it answers as a resumed ``kinemotion track`` output must (:func:`kinemotion.batch.resume.existing_report`:
our layout, every frame read, the backend, mode and options, the releases installed now) and was made from the
very clip (its size and content digest; the path it was tracked under may differ: another checkout, another
folder); else the clip is tracked again.

A developer measuring a change to the analysis (``kinemotion.jump``) with editable installs changes kinemotion's
recorded release (``+editable.<digest of the source>``) with every edit, and so every cached tracking, which the
dev set and the audit would then track again (the audit's ~160 trackings: the better part of an hour on two
cores). With ``KINEMOTION_BENCH_ANY_SOURCE=1`` a tracking recorded by another source state of the same releases
(the versions before their ``+`` part equal) is reused, every other check kept (a file written before landmark
files recorded their ``file_digest`` is taken as written), and the benchmark says so on stderr: it is right for
a change that tracks nothing differently, which is the developer's to know.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kinemotion.batch.resume import existing_report
from kinemotion.tracking import SCHEMA_ID, TrackingResult, read_json
from kinemotion.tracking.files import json_as_written, tracking_problem
from kinemotion.tracking.identity import same_file
from kinemotion.versions import recorded_kinemotion_version, recorded_version

__all__ = ["current_tracking"]


def current_tracking(
    path: Path, video: Path, backend: str, mode: str = "lightweight", precision: str | None = None
) -> tuple[TrackingResult | None, str]:
    """The tracking cached at ``path`` when it is ``video`` tracked by ``backend`` in ``mode`` now (OpenVINO at
    ``precision``, as its provider records it: ``auto`` takes any), else None; and why not (empty when it is).
    """
    if not path.is_file():
        return None, f"{path}: none there"

    def whole(data: dict[str, object]) -> bool:  # every frame, as written (not edited since)
        return tracking_problem(data) is None and data.get("complete") is True and json_as_written(path)

    asked = precision not in (None, "auto")
    found = existing_report([path], SCHEMA_ID, backend, mode, {}, usable=whole)  # `kinemotion track`'s: no options
    if found is None and asked:
        found = existing_report([path], SCHEMA_ID, backend, mode, {"precision": str(precision)}, usable=whole)
    if found is None and os.environ.get("KINEMOTION_BENCH_ANY_SOURCE") == "1":
        for options in ({}, {"precision": str(precision)}) if asked else ({},):
            found = found or _same_releases(path, backend, mode, options, whole)
    if found is None:
        why = "not a whole tracking by this backend, mode and options, from the releases installed now"
        return None, f"{path}: {why}"
    if not same_file(found.get("video"), video):
        return None, f"{path}: tracked from another file than {video} (another size or content)"
    provider = str(found["backend"].get("provider") or "")
    if asked and str(precision) not in provider:
        return None, f"{path}: tracked with {provider}, not at {precision}"
    return read_json(path), ""


_said_any_source: list[bool] = []


def _written_without_digest(data: dict[str, Any]) -> bool:
    """Whether the tracking was written by a kinemotion that recorded no ``file_digest`` (before round 16): such
    a file cannot say it is as written; the dev set's caches and the audit's ``--work`` folders are full of them."""
    return "file_digest" not in data


def _public(version: object) -> str:
    """A recorded version before its local part (``1.0.0.dev0+editable.abc`` -> ``1.0.0.dev0``)."""
    return str(version).split("+", 1)[0]


def _same_releases(
    path: Path, backend: str, mode: str, options: dict[str, str], whole: Callable[[dict[str, Any]], bool]
) -> dict[str, Any] | None:
    """The tracking at ``path`` as :func:`existing_report` checks it, but with kinemotion's and the backend's
    releases compared before their ``+`` part (``KINEMOTION_BENCH_ANY_SOURCE=1``); None when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        return None
    used = data.get("backend")
    if not isinstance(used, dict) or used.get("name") != backend or used.get("mode") != mode:
        return None
    if used.get("options", {}) != options or _public(data.get("kinemotion_version")) != _public(
        recorded_kinemotion_version()
    ):
        return None
    distribution = used.get("distribution")
    if isinstance(distribution, str) and _public(recorded_version(distribution)) != _public(used.get("version")):
        return None
    if not (whole(data) or (_written_without_digest(data) and tracking_problem(data) is None and data["complete"])):
        return None
    if not _said_any_source:
        _said_any_source.append(True)
        print(
            "KINEMOTION_BENCH_ANY_SOURCE=1: reusing trackings recorded by another source state of these releases "
            f"(first: {path.name}, kinemotion {data.get('kinemotion_version')})",
            file=sys.stderr,
        )
    return data
