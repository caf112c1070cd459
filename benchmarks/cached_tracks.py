"""A tracking kept in a folder (``--tracked``, a ``--work`` folder), reused by a benchmark only while it is current.

A cached landmark JSON was read by its file name alone (``<clip stem>.<backend>.json``): one made from another
clip of that name (a re-encoded copy of the dev set, a clip re-cut since), by an older release of the backend or
of kinemotion, or at another OpenVINO precision was measured as the clip's, and the numbers it gave (a tracker's
declared foot timing bias, the accuracy tables) were published from it. :func:`current_tracking` reads one only
when it answers as a resumed ``kinemotion track`` output must (:func:`kinemotion.batch.resume.existing_report`:
our layout, every frame read, the backend, mode and options, the releases installed now) and was made from the
very clip (its size and content digest; the path it was tracked under may differ: another checkout, another
folder); else the clip is tracked again.
"""

from __future__ import annotations

from pathlib import Path

from kinemotion.batch.resume import existing_report
from kinemotion.tracking import SCHEMA_ID, TrackingResult, read_json
from kinemotion.tracking.files import json_as_written, tracking_problem
from kinemotion.tracking.identity import same_file

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
    if found is None:
        why = "not a whole tracking by this backend, mode and options, from the releases installed now"
        return None, f"{path}: {why}"
    if not same_file(found.get("video"), video):
        return None, f"{path}: tracked from another file than {video} (another size or content)"
    provider = str(found["backend"].get("provider") or "")
    if asked and str(precision) not in provider:
        return None, f"{path}: tracked with {provider}, not at {precision}"
    return read_json(path), ""
