"""Tracking results as files: JSON (data + metadata) and CSV (one row per frame), written atomically;
the JSON read back (:func:`read_json`), so a video tracked once can be analysed again without tracking.

The JSON layout is described by ``kinemotion/schemas/tracking.schema.json``
(:data:`TRACKING_SCHEMA_PATH`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import MISSING, asdict, fields
from pathlib import Path
from typing import Any

import numpy as np

from kinemotion.errors import TrackingFileError
from kinemotion.tracking.atomic import atomic_path, check_named_as, refuse_to_replace
from kinemotion.tracking.decode import VideoInfo, check_path_type
from kinemotion.tracking.json_output import check_json_output
from kinemotion.tracking.result import BackendRecord, TrackingResult
from kinemotion.tracking.text_files import read_text
from kinemotion.wording import unexpanded_wildcard

__all__ = [
    "FILE_DIGEST",
    "SCHEMA_ID",
    "TRACKING_SCHEMA_PATH",
    "json_as_written",
    "json_file_text",
    "json_text",
    "json_text_problem",
    "read_json",
    "to_json_dict",
    "tracking_problem",
    "write_csv",
    "write_json",
]

SCHEMA_ID = "kinemotion.tracking/1"
"""The ``schema`` field of a landmark JSON: its format and version."""
TRACKING_SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "tracking.schema.json"
"""The JSON schema that validates a landmark JSON (shipped in the package)."""

FILE_DIGEST = "file_digest"
"""The field of a landmark JSON holding the sha256 of the file as written (:func:`json_text`): the second key,
right after ``schema``."""
_START = f'{{"schema":"{SCHEMA_ID}",'
_DIGEST_START = f'{_START}"{FILE_DIGEST}":"sha256:'
_UNSET = "0" * 64


def json_text(data: Mapping[str, Any]) -> str:
    """The text of a landmark JSON as :func:`write_json` writes it (``data``: :func:`to_json_dict`'s): compact,
    and opening with ``schema`` and then :data:`FILE_DIGEST`, the sha256 of the whole text with that digest's 64
    hex digits written as zeros. A re-run keeps an output only as written (:func:`json_as_written`): a landmark
    moved by hand, the file still adding up, was kept as the video's tracking.

    Raises:
        ValueError: ``data`` does not open with this layout's ``schema``.
    """
    body = json.dumps({k: v for k, v in data.items() if k != FILE_DIGEST}, separators=(",", ":"))  # read back
    if not body.startswith(_START):
        raise ValueError(f"a landmark JSON opens with its schema, {SCHEMA_ID!r}")
    blank = f'{_DIGEST_START}{_UNSET}",{body[len(_START) :]}'
    digest = hashlib.sha256(blank.encode("ascii")).hexdigest()
    return f"{_DIGEST_START}{digest}{blank[len(_DIGEST_START) + len(_UNSET) :]}"


def json_as_written(path: str | os.PathLike[str]) -> bool:
    """Whether the landmark JSON at ``path`` is byte for byte as :func:`json_text` wrote it (False for one edited
    since, by hand or by a program, one written by a kinemotion that recorded no digest, or one that cannot be
    read)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return False
    start = _DIGEST_START.encode("ascii")
    if not raw.startswith(start):
        return False
    digest = raw[len(start) : len(start) + len(_UNSET)]
    blank = start + _UNSET.encode("ascii") + raw[len(start) + len(_UNSET) :]
    return hashlib.sha256(blank).hexdigest().encode("ascii") == digest


def json_file_text(path: str | os.PathLike[str]) -> str:
    """The text of a JSON file as a Windows editor or shell may have saved it: UTF-8, or UTF-8, UTF-16 or
    UTF-32 opening with a byte-order mark (Notepad's "UTF-8 with BOM", PowerShell 5's ``Set-Content`` and its
    ``>`` redirection, which writes UTF-16). A file opening with a mark was read as "not JSON at all" (the mark
    is no JSON) or as undecodable. Of a file over 64 KiB that opens with what no JSON opens with (a disk image,
    a table named ``.json``), only its first 64 KiB: parsing them says what it is, without reading gigabytes.

    Raises:
        OSError: it cannot be read.
        UnicodeDecodeError: it is not text in the encoding its start names (UTF-8 without a mark).
    """
    return read_text(path, json_head=True)  # a large landmark JSON is read whole


def json_text_problem(text: str, exc: ValueError) -> str:
    """Why ``text`` did not parse as JSON, in a user's words: empty, cut short (the parser ran out of text: an
    interrupted copy, download or write), not JSON from its first word (a CSV table), else the parser's own
    message (``exc``)."""
    if not text.strip():
        return "it is empty: an interrupted copy or write?"
    ran_out = isinstance(exc, json.JSONDecodeError) and (
        exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")  # a string runs to the end
    )
    if ran_out:
        return f"it ends in the middle, after {len(text)} characters: cut short by an interrupted copy or write?"
    if isinstance(exc, json.JSONDecodeError) and exc.pos == len(text) - len(text.lstrip()):  # from its first word
        first = text.lstrip().splitlines()[0]
        shown = first[:50] + ("..." if len(first) > 50 else "")
        return f"it is not JSON at all: it starts {shown!r}, a table or another kind of file"
    return str(exc)


def _num(value: float, digits: int = 6) -> float | None:
    return None if math.isnan(value) else round(float(value), digits)


def to_json_dict(result: TrackingResult, outputs: Mapping[str, Mapping[str, object]] | None = None) -> dict[str, Any]:
    """The result as JSON-ready data (NaN becomes null); ``outputs``: the files written with it, by role
    (``{"overlay": {"size_bytes": ..., "fingerprint": ...}}``, see :func:`kinemotion.tracking.identity.file_record`).

    Raises:
        TypeError: ``result`` is not a :class:`TrackingResult` (a path, a dict read from a file, a jump report).
    """
    from kinemotion.versions import recorded_kinemotion_version

    if not isinstance(result, TrackingResult):
        raise TypeError(_not_a_result("to_json_dict takes", result))

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
        "kinemotion_version": recorded_kinemotion_version(),
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
    """What is wrong with a landmark JSON read back from a file, as :func:`read_json` would say it (None when it
    reads as a tracking result).

    A file edited by hand or written by another program can claim the schema
    and still hold no frames, or text where a coordinate goes: a re-run tracks
    the video again instead of keeping it (a file `kinemotion cmj` refuses,
    saying to track the video again, was kept as done).
    """
    try:
        _from_json_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        return str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
    return None


def _shape_problem(data: dict[str, Any]) -> str | None:
    """What a landmark JSON lacks of our layout's parts (None when it has them)."""
    names, frames = data.get("landmark_names"), data.get("frames")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return "it has no landmark names"
    if not isinstance(frames, list) or not all(isinstance(f, dict) for f in frames):
        return "it has no frames"
    if not isinstance(data.get("complete"), bool):
        return "it does not say whether it is complete (complete: true or false)"
    if not isinstance(data.get("frames_with_pose"), int) or isinstance(data.get("frames_with_pose"), bool):
        return "it does not say how many of its frames hold a pose (frames_with_pose: a whole number)"
    return None


def _check_writable_result(result: object, path: object, what: str) -> None:
    """That ``result`` is a :class:`TrackingResult` and ``path`` one path, naming what was given instead (not
    Python's "'dict' object has no attribute 'video'" from deep inside the writer).

    Raises:
        TypeError: naming the argument, what it got and what to give.
    """
    if not isinstance(result, TrackingResult):
        raise TypeError(_not_a_result(f"{what} writes", result))
    check_path_type(path, f"the path {what} writes to")


def _not_a_result(takes: str, given: object) -> str:
    """``TAKES a TrackingResult ..., got`` what was ``given`` instead, in words."""
    return (
        f"{takes} a TrackingResult (what track_video or read_json returns), got {type(given).__name__}: {given!r:.60}"
    )


def write_json(
    result: TrackingResult,
    path: str | os.PathLike[str],
    outputs: Mapping[str, Mapping[str, object]] | None = None,
) -> Path:
    """Write the JSON output (recording ``outputs``, see :func:`to_json_dict`, and the digest of the file,
    see :func:`json_text`); the file appears only once fully written.

    Raises:
        OutputError: ``path`` names a folder or another kind of file (``.mp4``, ``.csv``, ``.html``, ...: see
            :func:`~kinemotion.tracking.json_output.check_json_output`), or the video tracked.
        TypeError: ``result`` is not a :class:`TrackingResult`, or ``path`` not one path.
    """
    _check_writable_result(result, path, "write_json")
    refuse_to_replace(path, [result.video.path])  # first: the more telling message
    check_json_output(path, "landmark JSON")
    with atomic_path(path, keep=[result.video.path]) as partial:
        partial.write_text(json_text(to_json_dict(result, outputs)), encoding="utf-8")
    return Path(path)


def write_csv(result: TrackingResult, path: str | os.PathLike[str]) -> Path:
    """One row per frame: frame, timestamp_ms, then x, y, visibility per landmark (empty if no pose).

    Raises:
        TypeError: ``result`` is not a :class:`TrackingResult`, or ``path`` not one path.
        OutputError: ``path`` is named as another kind of file (a video, a landmark JSON: it replaced it with
            the table), or is the video tracked.
    """
    _check_writable_result(result, path, "write_csv")
    refuse_to_replace(path, [result.video.path])  # first: the more telling message
    check_named_as(path, "landmark CSV", (".csv", ".txt"))
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


def _jump_command(kind: object) -> str:
    return "dropjump" if kind == "dropjump" else "cmj"


def _jump_report(where: Path, data: Mapping[str, Any]) -> tuple[str, str]:
    kind = data.get("kind") if isinstance(data.get("kind"), str) else "jump"
    wrote = f"the results `kinemotion {_jump_command(kind)}` wrote"
    return f"a {kind} report ({wrote})", f"`kinemotion report {where}` shows the report"


def _refusal_record(where: Path, data: Mapping[str, Any]) -> tuple[str, str]:
    from kinemotion.terminal import printable_name

    kind = data.get("kind") if data.get("kind") in ("cmj", "dropjump") else "jump"
    recorded = data.get("video")
    recorded_path = recorded.get("path") if isinstance(recorded, dict) else None
    video = printable_name(recorded_path) if isinstance(recorded_path, str) else "a video"
    written = f"written by `kinemotion {_jump_command(kind)}`"
    return (
        f"the record of why {video} gave no {kind} report ({written})",
        "`kinemotion report` lists the record with the folder's reports",
    )


_OTHER_FORMATS: dict[str, Callable[[Path, Mapping[str, Any]], tuple[str, str]]] = {
    "kinemotion.jump/": _jump_report,
    "kinemotion.refusal/": _refusal_record,
}
"""Kinemotion's other JSON files, by the start of their ``schema``: what one is and what to do with it instead
(``cmj out/*.json`` catches them with the landmark files): ``(where, data) -> (what it is, what to do)``."""


def read_json(path: str | os.PathLike[str]) -> TrackingResult:
    """The tracking result a landmark JSON holds (one ``kinemotion track`` or :func:`write_json` wrote).

    The landmarks come back as written (six decimals); analysing the result
    (:func:`kinemotion.jump.analyze_tracking`) gives the numbers the jump
    commands give on the video, without tracking it again.

    Raises:
        TrackingFileError: the file is missing or unreadable, is not JSON, or
            is not a landmark JSON of this layout (the message says what is wrong).
        TypeError: ``path`` is not one path (None, bytes, a list), naming what it is.
    """
    check_path_type(path, "the landmark JSON")
    where = Path(path)
    if where.exists() and not where.is_file() and not where.is_dir():  # opening a named pipe waits for a writer
        raise TrackingFileError(
            f"{where}: is not a file (a pipe or a device); give the .json file `kinemotion track` wrote."
        )
    text = ""
    try:
        text = json_file_text(where)
        data = json.loads(text, parse_constant=_no_constant)
    except FileNotFoundError as exc:
        wildcard = unexpanded_wildcard(where)
        why = wildcard or "the landmark JSON does not exist; give the .json file `kinemotion track` wrote"
        raise TrackingFileError(f"{where}: no such file ({why}).") from exc
    except UnicodeDecodeError as exc:  # not the codec's "can't decode byte 0x95 in position 42"
        raise TrackingFileError(
            f"{where}: is not text, so not a landmark JSON (a video or another binary file?): give the .json file "
            "`kinemotion track` wrote (NAME.landmarks.json); a video itself goes to `kinemotion track`, `cmj` or "
            "`dropjump`."
        ) from exc
    except OSError as exc:
        raise TrackingFileError(f"{where}: cannot be read ({exc.__class__.__name__}: {exc}).") from exc
    except _NotANumberError as exc:
        raise TrackingFileError(
            f"{where}: not a landmark JSON that kinemotion can read (it holds {exc}, which is no JSON value: "
            "kinemotion writes null where there is no number; edited by hand or written by another program). "
            "Track the video again with `kinemotion track VIDEO -o FILE.json`."
        ) from exc
    except (ValueError, RecursionError) as exc:
        why = json_text_problem(text, exc) if isinstance(exc, ValueError) else str(exc)
        raise TrackingFileError(f"{where}: not JSON ({why}). Give the .json file `kinemotion track` wrote.") from exc
    schema = data.get("schema") if isinstance(data, dict) else None
    other = next(
        (f for start, f in _OTHER_FORMATS.items() if isinstance(schema, str) and schema.startswith(start)), None
    )
    if other is not None:  # `cmj out/*.json` caught another of kinemotion's files
        what, instead = other(where, data)
        raise TrackingFileError(
            f"{where}: is {what}, not a landmark JSON: give the landmark JSON `kinemotion track` wrote "
            f"(NAME.landmarks.json) or the video; {instead}."
        )
    newer = _newer_layout(data)
    if newer is not None:
        raise TrackingFileError(
            f"{where}: a landmark JSON of layout {newer!r}, made by a newer kinemotion than this one (which reads "
            f"{SCHEMA_ID!r}): upgrade kinemotion to read it (`pip install --upgrade kinemotion`), or track the "
            "video again with this one."
        )
    try:
        return _from_json_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        why = f"{exc.__class__.__name__}: {exc}" if not isinstance(exc, TrackingFileError) else str(exc)
        raise TrackingFileError(
            f"{where}: not a landmark JSON that kinemotion can read ({why}). Track the video again with "
            "`kinemotion track VIDEO -o FILE.json`."
        ) from exc


class _NotANumberError(ValueError):
    """``NaN`` or ``Infinity`` in a JSON file: Python's reader takes them, JSON has no such values."""


def _no_constant(name: str) -> float:
    raise _NotANumberError(name)


def _newer_layout(data: object) -> str | None:
    """The ``schema`` of a landmark JSON of a later layout than :data:`SCHEMA_ID` (None: not one)."""
    schema = data.get("schema") if isinstance(data, dict) else None
    prefix = SCHEMA_ID.rsplit("/", 1)[0] + "/"
    if not isinstance(schema, str) or not schema.startswith(prefix):
        return None
    version = schema.removeprefix(prefix)
    return schema if version.isdigit() and int(version) > int(SCHEMA_ID.rsplit("/", 1)[1]) else None


_EARLIEST_MS = -1.0
"""The earliest time a frame of a landmark JSON may have: a decoder's first frame is at 0 (kinemotion makes any time
before -1 ms its predecessor's plus a frame, :meth:`~kinemotion.tracking.decode.VideoReader.frames`)."""


def _number(value: object) -> bool:
    """A finite JSON number (not text, not true/false; not NaN or an infinity, which JSON has no place for:
    Python's reader takes ``NaN`` and makes ``1e400`` infinite, and reads a whole number of 400 digits as an int
    no float holds)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond any float (10**400 written out)
        return False


def _whole(value: object) -> bool:
    """A whole JSON number, 0 or more."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_VIDEO_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "path": (lambda v: isinstance(v, str) and "\x00" not in v, "a text (a path: no NUL character)"),
    "width": (lambda v: _whole(v) and v != 0, "a size in pixels (a whole number, 1 or more)"),
    "height": (lambda v: _whole(v) and v != 0, "a size in pixels (a whole number, 1 or more)"),
    "fps": (lambda v: isinstance(v, int | float) and _number(v) and v >= 0, "a number of frames per second, 0 or more"),
    "frame_count": (lambda v: _whole(v), "a whole number, 0 or more"),
    "rotation": (lambda v: v in (0, 90, 180, 270) and not isinstance(v, bool), "0, 90, 180 or 270"),
    "codec": (lambda v: isinstance(v, str), "a text"),
    "size_bytes": (lambda v: v is None or _whole(v), "a whole number, 0 or more, or null"),
    "fingerprint": (lambda v: v is None or isinstance(v, str), "a text or null"),
    "presented_duration_ms": (
        lambda v: v is None or (isinstance(v, int | float) and _number(v) and v > 0),
        "a duration in ms or null",
    ),
}
"""What each field of a landmark JSON's ``video`` object is (those a reader uses: the overlay opens the path)."""

_BACKEND_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "name": (lambda v: isinstance(v, str), "a text"),
    "mode": (lambda v: isinstance(v, str), "a text"),
    "provider": (lambda v: v is None or isinstance(v, str), "a text or null"),
    "distribution": (lambda v: v is None or isinstance(v, str), "a text or null"),
    "version": (lambda v: v is None or isinstance(v, str), "a text or null"),
    "options": (
        lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in (*v, *v.values())),
        "an object of texts",
    ),
    "foot_timing_bias_s": (lambda v: v is None or isinstance(v, list), "[take-off, landing] or null"),
    "runtime": (
        lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in (*v, *v.values())),
        "an object of texts",
    ),
    "model_files": (
        lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
        "a list of objects (path, size, sha256)",
    ),
}
"""What each field of a landmark JSON's ``backend`` object is (every output and re-run reads them)."""


def _known(cls: type, data: object, key: str, kinds: dict[str, tuple[Callable[[object], bool], str]]) -> dict[str, Any]:
    """The fields of dataclass ``cls`` found in ``data``, the file's ``key`` (a newer writer's extra fields are
    left out), each of the kind ``kinds`` says.

    Raises:
        TypeError: ``data`` is not an object, a field ``cls`` cannot do without is missing, or a field is not of
            its kind (naming it).
    """
    if not isinstance(data, dict):
        raise TypeError(f"{key} is {type(data).__name__}, not an object")
    names = {f.name for f in fields(cls)}
    known = {k: v for k, v in data.items() if k in names}
    missing = [
        f.name for f in fields(cls) if f.name not in known and f.default is MISSING and f.default_factory is MISSING
    ]
    if missing:  # not the dataclass's "__init__() missing 1 required positional argument"
        raise TypeError(
            f"{key} has no {', no '.join(missing)} (every landmark JSON `kinemotion track` writes records it)"
        )
    for name, value in known.items():
        valid, what = kinds[name]
        if not valid(value):
            raise TypeError(f"{key}.{name} is {value!r:.60}, not {what}")
    return known


def _point(i: int, name: str, point: object) -> list[float]:
    """One landmark of frame ``i`` as ``[x, y, visibility]`` (NaN for null, as written where there is none).

    Raises:
        ValueError: not a list of three numbers or nulls (text, true/false, a list of another length).
    """
    if not isinstance(point, list) or len(point) != 3 or not all(c is None or _number(c) for c in point):
        raise ValueError(f"frame {i}: landmark {name!r} is {point!r:.80}, not [x, y, visibility] (numbers or null)")
    return [math.nan if c is None else float(c) for c in point]


def _from_json_dict(data: object) -> TrackingResult:
    if not isinstance(data, dict):
        raise TypeError(f"the top level is {type(data).__name__}, not an object")
    if data.get("schema") != SCHEMA_ID:
        raise ValueError(f"its schema is {data.get('schema')!r}, not {SCHEMA_ID!r}")
    absent = [part for part in ("video", "backend") if part not in data]
    if absent:  # not Python's "KeyError: 'video'"
        raise ValueError(f"it has no {' and no '.join(absent)} object (what it was tracked from and with)")
    problem = _shape_problem(data)
    if problem is not None:
        raise ValueError(problem)
    video = VideoInfo(**_known(VideoInfo, data["video"], "video", _VIDEO_FIELDS))
    backend_data = _known(BackendRecord, data["backend"], "backend", _BACKEND_FIELDS)
    bias = backend_data.get("foot_timing_bias_s")
    backend_data["foot_timing_bias_s"] = None if bias is None else tuple(bias)
    backend = BackendRecord(**backend_data)
    if data.get("error") is not None and not isinstance(data["error"], str):
        raise TypeError(f"error is {data['error']!r:.60}, not a text or null")
    names: list[str] = data["landmark_names"]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"landmark_names names {', '.join(map(repr, twice))} more than once")
    column = {name: j for j, name in enumerate(names)}
    frames: list[dict[str, Any]] = data["frames"]
    landmarks = np.full((len(frames), len(names), 3), np.nan, dtype=np.float32)
    times = np.empty(len(frames), dtype=np.float64)
    for i, frame in enumerate(frames):
        if frame.get("index") != i:
            raise ValueError(
                f"frame {i} has index {frame.get('index')!r:.20}: frames are missing, repeated or out of order"
            )
        if "timestamp_ms" not in frame:
            raise ValueError(f"frame {i} has no timestamp_ms")
        stamp = frame["timestamp_ms"]
        if not _number(stamp):
            raise ValueError(f"frame {i}: timestamp_ms is {stamp!r:.40}, not a number")
        times[i] = float(stamp)
        if times[i] < _EARLIEST_MS:  # the frames increase: only the first can be first before the video starts
            raise ValueError(f"frame {i} is at {times[i]:g} ms, before the video starts (0 ms): its times were changed")
        if i and not times[i] > times[i - 1]:
            raise ValueError(
                f"its timestamps do not increase: frame {i} is at {times[i]:g} ms, frame {i - 1} at {times[i - 1]:g} ms"
            )
        points = frame.get("landmarks")
        if points is None:
            continue
        if not isinstance(points, dict):
            raise ValueError(f"frame {i}: landmarks is {type(points).__name__}, not an object of landmarks (or null)")
        for name, point in points.items():
            if name not in column:
                raise ValueError(f"frame {i} has landmark {name!r}, not among its landmark_names")
            with np.errstate(over="ignore"):  # 1e300 is infinite as float32: the analysis names it, frame and all
                landmarks[i, column[name]] = _point(i, name, point)
    result = TrackingResult(
        video=video,
        backend=backend,
        landmark_names=tuple(names),
        timestamps_ms=times,
        landmarks=landmarks,
        complete=bool(data["complete"]),
        error=data.get("error"),
    )
    _check_whole(result, data)
    return result


def _check_whole(result: TrackingResult, data: dict[str, Any]) -> None:
    """That the frames are all the file says it holds: no error beside ``"complete": true`` (a run that met one
    marks its file incomplete), as many with a pose as ``frames_with_pose`` counts and,
    when it is marked complete, frames that cover the video it names (:func:`~kinemotion.tracking.decode.stopped_short`,
    the decoder's own rule). A file cut short by hand or by another program, still marked complete, was analysed
    as the whole video and kept as done by a re-run of ``kinemotion track``.

    Raises:
        ValueError: saying what does not add up.
    """
    from kinemotion.tracking.decode import stopped_short, video_duration_ms

    if result.complete and result.error is not None:
        raise ValueError(
            f"it is marked complete, but records an error ({result.error!r:.200}): a file tracked only in part is "
            "marked incomplete, so this one was edited (by hand or by another program)"
        )
    found = int(result.found.sum())
    if found != data["frames_with_pose"]:
        raise ValueError(
            f"it counts {data['frames_with_pose']} frames with a pose (frames_with_pose), but its frames hold "
            f"{found}: frames were removed or edited"
        )
    # A file written before the presented duration was recorded cannot tell a trimmed clip (an edit list
    # hides frames the count includes) from frames cut short: it is not judged on its length.
    judged = "presented_duration_ms" in data["video"]
    last_ms = float(result.timestamps_ms[-1]) if result.frame_count else 0.0
    if result.complete and judged and stopped_short(result.video, result.frame_count, last_ms):
        duration_ms = video_duration_ms(result.video)
        if duration_ms <= 0:  # no rate recorded: "end at 1.77 s, short of the end of the video (0.00 s)"
            raise ValueError(
                f"it is marked complete, but holds {result.frame_count} frames of the {result.video.frame_count} of "
                f"{result.video.path}, the video it names, and records no frame rate (video.fps "
                f"{result.video.fps:g}): edited (by hand or by another program)"
            )
        raise ValueError(
            f"it is marked complete, but its {result.frame_count} frames end at {last_ms / 1000:.2f} s, short of "
            f"the end of {result.video.path}, the video it names ({duration_ms / 1000:.2f} s, "
            f"{result.video.frame_count} frames): cut short (by hand or by another program)"
        )
