"""A clip that gave no jump report, recorded beside where its report would be: ``NAME.<kind>.refusal.json``.

``kinemotion cmj`` and ``kinemotion dropjump`` write this small file
(schema ``kinemotion.refusal/1``, ``kinemotion/schemas/refusal.schema.json``),
atomically, when the analysis refuses a video (no flight or countermovement,
slow motion, an edited clip, nobody seen): it was read, and gave no report.
It holds why (the error as said on stderr, which says what to do), the
backend and what was asked, and where the video's landmarks are kept.
``kinemotion report`` reads it and lists the clip on the page as not
measured, so that every clip given shows, measured or not. A video that could
not be read or tracked at all (not a video, a backend that cannot start: often
every video of the run) gets none, and an earlier record of it goes: its
error says why.

It is a record, never a result: a re-run does not skip the video for it (the
video is analysed again, from its kept landmarks when they answer the request,
:mod:`kinemotion.cli._kept_landmarks`), so a refusal is never served for a
video, backend or options that changed. The run that gives the video a report,
or finds its report done, removes the record: a folder holds a video's report
of one kind or its refusal of that kind, never both (a clip refused by one
analysis and measured by the other is shown measured by ``kinemotion report``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinemotion.errors import KinemotionError

__all__ = [
    "REFUSAL_SCHEMA",
    "REFUSAL_SCHEMA_PATH",
    "REFUSAL_SUFFIX",
    "Refusal",
    "read_refusal",
    "refusal_path",
    "remove_refusal",
]

REFUSAL_SCHEMA = "kinemotion.refusal/1"
REFUSAL_SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "refusal.schema.json"
REFUSAL_SUFFIX = ".refusal.json"
_READ_AT_MOST = 1 << 20
"""A refusal is a few hundred bytes: a larger file is not one."""


def refusal_path(report: Path) -> Path:
    """Where a video's refusal goes when its report goes to ``report``: ``out/a.cmj.json`` ->
    ``out/a.cmj.refusal.json`` (``-o r.json``: ``r.refusal.json``)."""
    stem = report.name[: -len(".json")] if report.name.lower().endswith(".json") else report.name
    return report.with_name(stem + REFUSAL_SUFFIX)


@dataclass(frozen=True)
class Refusal:
    """Why one video gave no jump report, as recorded (:func:`read_refusal`) or about to be (:meth:`write`)."""

    kind: str
    video: str
    """The video's path as given (or the landmark JSON's)."""
    reason: str
    """The error without the video's name: what was wrong and what to do."""
    backend: str | None
    mode: str
    person: str | None = None
    athlete_height_m: float | None = None
    capture_fps: float | None = None
    landmarks_file: str | None = None
    """Where the video's landmarks are kept (None: none kept)."""
    kinemotion_version: str = ""
    source: Path | None = None
    """The file it was read from (None: not read from one)."""
    video_size_bytes: int | None = None
    """With :attr:`video_fingerprint`, which file the video was (as a report records it); None: not known (refused
    before it was read, a landmark JSON given, or recorded by a kinemotion that did not say). The session page
    says when the video there now is another file: the refusal is of the earlier one."""
    video_fingerprint: str | None = None
    """The sha256 of the video's content when it was refused (``sha256:HEX``), or None (see
    :attr:`video_size_bytes`)."""
    landmarks_written: dict[str, object] | None = None
    """The size and digest (:func:`~kinemotion.tracking.identity.file_record`) of :attr:`landmarks_file` as
    kinemotion kept it there for this refusal (None: none kept, or another run's file read): a later run of this
    video replaces the file while it is still that one (tracked again with another backend or mode), and no
    other."""
    backend_options: dict[str, str] | None = None
    """The backend options the video was tracked with besides :attr:`person` (``-O KEY=VALUE``; a landmark JSON
    given: those it records; refused before tracking: those asked for), as the outputs record them (values as
    text: ``threads=4`` is ``"4"``); None: recorded by a kinemotion that did not say."""

    @property
    def video_file(self) -> dict[str, object] | None:
        """``{"size_bytes": ..., "fingerprint": ...}`` of the video refused (as a report records it), or None."""
        if self.video_size_bytes is None or self.video_fingerprint is None:
            return None
        return {"size_bytes": self.video_size_bytes, "fingerprint": self.video_fingerprint}

    def to_json_dict(self) -> dict[str, Any]:
        """The record as written (``kinemotion.refusal/1``), this kinemotion's version in it."""
        from kinemotion import __version__

        return {
            "schema": REFUSAL_SCHEMA,
            "kinemotion_version": __version__,
            "kind": self.kind,
            "video": {"path": self.video, **(self.video_file or {})},
            "reason": self.reason,
            "backend": self.backend,
            "request": {
                "mode": self.mode,
                "person": self.person,
                "athlete_height_m": self.athlete_height_m,
                "capture_fps": self.capture_fps,
                **({} if self.backend_options is None else {"backend_options": self.backend_options}),
            },
            "landmarks_file": self.landmarks_file,
            **({} if self.landmarks_written is None else {"landmarks_written": self.landmarks_written}),
        }

    def write(self, path: Path) -> Path:
        """Write the record to ``path`` atomically (whole or not at all); returns the path.

        Raises:
            OutputError: it cannot be written (named, with why).
        """
        from kinemotion.tracking.atomic import atomic_path

        with atomic_path(path) as partial:
            partial.write_text(json.dumps(self.to_json_dict(), indent=2), encoding="utf-8")
        return path


def _problem(data: object) -> str | None:
    """What is missing or wrong in a refusal's JSON (the fields the page reads), or None."""
    if not isinstance(data, Mapping):
        return "not a JSON object"
    wanted: dict[str, type | tuple[type, ...]] = {"kind": str, "reason": str, "video": Mapping}
    wanted |= {"request": Mapping, "backend": (str, type(None)), "landmarks_file": (str, type(None))}
    for name, kind in wanted.items():
        if not isinstance(data.get(name), kind):
            return f"{name!r} missing or of the wrong kind"
    if data["kind"] not in ("cmj", "dropjump") or not isinstance(data["video"].get("path"), str):
        return "'kind' or 'video.path' missing or wrong"
    request = data["request"]
    if not isinstance(request.get("mode"), str):
        return "'request.mode' missing or of the wrong kind"
    return None


def read_refusal(path: Path) -> Refusal:
    """The refusal recorded in ``path``.

    Raises:
        KinemotionError: not readable JSON, not a refusal, one of a newer kinemotion, or one damaged.
    """
    from kinemotion.tracking.text_files import TooLargeError, read_text

    try:
        data = json.loads(read_text(path, _READ_AT_MOST))
    except TooLargeError:
        raise KinemotionError("not a kinemotion refusal (over 1 MB).") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise KinemotionError(f"not a readable JSON file ({exc}).") from exc
    schema = data.get("schema") if isinstance(data, dict) else None
    if schema != REFUSAL_SCHEMA:
        newer = isinstance(schema, str) and schema.startswith("kinemotion.refusal/")
        raise KinemotionError(
            f"a refusal of schema {schema!r}, which this kinemotion does not read (it reads {REFUSAL_SCHEMA!r}): "
            "analyse the video again with this version."
            if newer
            else f"not a kinemotion refusal (schema {schema!r}; expected {REFUSAL_SCHEMA!r})."
        )
    problem = _problem(data)
    if problem is not None:
        raise KinemotionError(f"a damaged refusal record: {problem}; analyse the video again.")
    request = data["request"]

    def number(value: object) -> float | None:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    return Refusal(
        kind=data["kind"],
        video=data["video"]["path"],
        reason=data["reason"],
        backend=data["backend"],
        mode=request["mode"],
        person=request.get("person") if isinstance(request.get("person"), str) else None,
        athlete_height_m=number(request.get("athlete_height_m")),
        capture_fps=number(request.get("capture_fps")),
        backend_options=_options(request.get("backend_options")),
        landmarks_file=data["landmarks_file"],
        kinemotion_version=str(data.get("kinemotion_version", "")),
        source=path,
        landmarks_written=data["landmarks_written"] if isinstance(data.get("landmarks_written"), dict) else None,
        **_video_file(data["video"]),
    )


def _options(value: object) -> dict[str, str] | None:
    """A refusal's ``request.backend_options`` when it is a map of text to text (as written), else None."""
    if isinstance(value, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)
    return None


def _video_file(video: Mapping[str, Any]) -> dict[str, Any]:
    """The ``size_bytes`` and ``fingerprint`` a refusal records of its video, as :class:`Refusal`'s fields (none
    unless it records both)."""
    size, fingerprint = video.get("size_bytes"), video.get("fingerprint")
    if isinstance(size, int) and not isinstance(size, bool) and isinstance(fingerprint, str):
        return {"video_size_bytes": size, "video_fingerprint": fingerprint}
    return {}


def remove_refusal(path: Path) -> bool:
    """Remove the refusal recorded at ``path`` (the video now has a report); True when one was removed. Only a
    file that reads as a refusal is removed, and a write-protected one (kept on purpose) stays."""
    from kinemotion.tracking.atomic import is_write_protected

    if not path.is_file() or path.is_symlink() or is_write_protected(path):
        return False
    try:
        read_refusal(path)
    except KinemotionError:
        return False
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return True
