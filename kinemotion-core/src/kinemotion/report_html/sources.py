"""What a session report is made of: the jump reports found in files and folders, and who is in each video.

Inputs are files or folders of ``kinemotion.jump/2`` JSON reports (folders
searched recursively; other JSON there, such as landmark files, is passed
over), and the refusals recorded beside them (``NAME.<kind>.refusal.json``:
clips that gave no report, listed as not measured). A report that cannot
be read, or of another schema, becomes a problem the page lists, never a
crash. The athlete in a video is the video's name
unless an athlete CSV (columns ``video`` and ``athlete``) names them.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinemotion.athletes import athlete_key, athlete_match, report_athlete_match
from kinemotion.errors import KinemotionError
from kinemotion.jump.refusal import REFUSAL_SUFFIX, Refusal, read_refusal
from kinemotion.jump.schema import SCHEMA, report_problem
from kinemotion.wording import first_and_more, unexpanded_wildcard

__all__ = [
    "Problem",
    "Session",
    "SessionEntry",
    "edited_since_written",
    "find_video",
    "is_the_analysed_video",
    "mixed_backends",
    "mixed_versions",
    "passed_over_page",
    "read_athlete_heights",
    "read_athletes",
    "read_names_and_heights",
    "read_session",
    "same_video_twice",
    "video_candidates",
]

_JUMP_SCHEMA_PREFIX = "kinemotion.jump/"
ATHLETE_LIST_MAX_BYTES = 5_000_000
"""The largest athlete list read (a row per video is a few dozen bytes): a larger file is not one."""
_PEEK = 2048
"""Bytes read to tell a jump report from other JSON in a folder (the schema is the first key)."""
_NOT_A_REPORT = (
    "not a jump report (reports are the .cmj.json and .dropjump.json files that `kinemotion cmj` and "
    "`kinemotion dropjump` write); give those, or their folder."
)
_PASSED_SHOWN = 5
"""Files passed over that the warning names (then how many more)."""
_NO_REPORT = (
    "no kinemotion jump report in this folder (reports are the .cmj.json and .dropjump.json files that "
    "`kinemotion cmj` and `kinemotion dropjump` write, e.g. `kinemotion cmj videos/*.mp4 -o results`)."
)


@dataclass(frozen=True)
class Problem:
    """Something the report could not use, and what to do about it (shown at the top of the page)."""

    source: str
    message: str

    @property
    def detail(self) -> str:
        """The message without the source's name in front (an error that names its file starts with it)."""
        rest = self.message[len(self.source) :]
        if self.source and self.message.startswith(self.source) and rest[:1] in (":", " "):
            return rest.lstrip(": ")
        return self.message

    def __str__(self) -> str:
        return f"{self.source}: {self.detail}"


@dataclass(frozen=True)
class SessionEntry:
    """One video's jump report, where it was read from and whose video it is."""

    data: Mapping[str, Any]
    source: Path | None
    """The JSON file (None for a report made in this process)."""
    athlete: str
    video: Path | None = None
    """The video itself when the caller knows where it is (else looked for from the report's path)."""


@dataclass
class Session:
    """Every readable report of a session, in input order, and the problems met on the way."""

    entries: list[SessionEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What to read with care though nothing is left out (reports made by different kinemotion versions)."""
    refusals: list[Refusal] = field(default_factory=list)
    """The clips given that gave no report (``NAME.<kind>.refusal.json``, :mod:`kinemotion.jump.refusal`): the
    page lists each as not measured, with why and what to do."""
    refused_athletes: dict[str, str] = field(default_factory=dict)
    """The athlete the athlete list names for each of :attr:`refusals` (by its ``video`` as recorded), where a row
    names one: the page says whose clip was not measured."""


def _utf16(raw: bytes) -> str | None:
    """The encoding of UTF-16 text (Excel's "Unicode Text", or a tool that writes it without the byte-order
    mark): ``utf-16`` with the mark, ``utf-16-le``/``-be`` when every other byte of its first five characters
    is zero (the header row's ``video`` or ``athlete``, plain ASCII); None for another encoding."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    start = raw[:10]
    if len(start) < 10:
        return None
    if not any(start[1::2]) and all(start[::2]):
        return "utf-16-le"
    if not any(start[::2]) and all(start[1::2]):
        return "utf-16-be"
    return None


def _athlete_rows(path: Path) -> tuple[list[str], list[dict[str, str | None]]]:
    """The header and rows of an athlete CSV as a spreadsheet saves it: UTF-8 (with or without a BOM), else
    Windows' own encoding (Excel's "CSV (Comma delimited)"), or UTF-16 (Excel's "Unicode Text"), separated by
    commas, semicolons (Excel where the decimal mark is a comma) or tabs."""
    if not path.is_file():  # a named pipe would wait for a writer forever, a device (/dev/zero) never ends
        raise KinemotionError(
            f"{path}: is not a file (a pipe or a device), not an athlete list; give the list saved from the "
            "spreadsheet as CSV"
        )
    with path.open("rb") as fh:  # never read whole: a video picked by tab completion
        raw = fh.read(ATHLETE_LIST_MAX_BYTES + 1)
    if len(raw) > ATHLETE_LIST_MAX_BYTES:
        raise KinemotionError(
            f"{path}: more than {ATHLETE_LIST_MAX_BYTES // 1_000_000} MB, not an athlete list (a CSV of one row "
            "per video); give the list saved from the spreadsheet"
        )
    wide = _utf16(raw)
    peek = raw[:_PEEK]
    if wide is None and peek.count(b"\x00") > max(4, len(peek) // 100):  # one NUL in a name: named with its row
        raise KinemotionError(
            f"{path}: not text (a video or another binary file?), not an athlete list; give the list saved from "
            "the spreadsheet as CSV"
        )
    if wide is not None:
        text = raw.decode(wide, errors="replace")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    return [(h or "").strip().lower() for h in reader.fieldnames or []], rows


def _checked_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The athlete list's header and its rows' cells (keys lower-cased, cells stripped), once its columns are
    checked: a ``video`` and an ``athlete`` column, each once, and at least one row."""
    try:
        header, rows = _athlete_rows(path)
    except (OSError, csv.Error) as exc:
        raise KinemotionError(f"{path}: cannot read the athlete list ({exc}).") from exc
    if "video" not in header or "athlete" not in header:
        raise KinemotionError(
            f"{path}: the athlete list needs a header row with the columns 'video' and 'athlete' "
            f"(found {header or 'no rows'}), e.g.\nvideo,athlete\nclip01.mp4,Ana Silva"
        )
    for column in ("video", "athlete"):
        if header.count(column) > 1:  # csv.DictReader keeps the last one's cells: every row read from it silently
            raise KinemotionError(
                f"{path}: the athlete list has {header.count(column)} {column!r} columns (header: "
                f"{', '.join(header)}), so which one to read is unclear: keep one and rename or delete the others"
            )
    if not rows:  # a template never filled in: the page would show no athlete's name, saying nothing
        raise KinemotionError(
            f"{path}: the athlete list has its header row but no row under it: add one row per video, e.g.\n"
            "video,athlete\nclip01.mp4,Ana Silva"
        )
    return header, [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in rows]


def _athletes_of(path: Path, rows: list[dict[str, str]]) -> dict[str, str]:
    """Video key -> athlete from the checked rows; raises where a cell is not printable or a video has two."""
    mapping: dict[str, str] = {}
    for number, cells in enumerate(rows, start=2):
        for column in ("video", "athlete"):
            _check_printable(path, number, column, cells[column])
        video, athlete = athlete_key(cells["video"]), cells["athlete"]
        if not video or not athlete:
            continue
        if mapping.get(video, athlete) != athlete:
            raise KinemotionError(
                f"{path}: the athlete list names two athletes for {video}: {mapping[video]!r} and {athlete!r}; "
                "keep one row per video"
            )
        mapping[video] = athlete
    return mapping


def read_athletes(path: str | os.PathLike[str]) -> dict[str, str]:
    """Video (its file name, or its name without the extension; or its path, with a folder, to tell apart two
    videos of one name) -> athlete, from a CSV with a header row.

    Raises:
        KinemotionError: the file cannot be read, lacks a ``video`` or ``athlete`` column or has one twice, or
            names two athletes for one video.
    """
    path = Path(path)
    _, rows = _checked_rows(path)
    return _athletes_of(path, rows)


HEIGHT_COLUMN = "height_m"
"""The athlete list's optional column of each video's athlete's height in metres (:func:`read_athlete_heights`)."""


def read_athlete_heights(path: str | os.PathLike[str]) -> dict[str, float]:
    """Video (keyed as :func:`read_athletes` keys it) -> its athlete's height in metres, from the athlete list's
    optional ``height_m`` column: what ``kinemotion cmj --athlete`` measures each video's metres with, as
    ``--height`` does for every video. Rows with an empty cell give none; a list without the column gives none. A
    decimal comma is read as the decimal mark (``1,62``: a spreadsheet's where that is the mark).

    Raises:
        KinemotionError: as :func:`read_athletes`; a height that is not one in metres (0.5 to 2.5: ``175`` says
            "centimetres? 175 cm is 1.75 m"), or two heights for one video, naming the file and the row.
    """
    return read_names_and_heights(path)[1]


def read_names_and_heights(path: str | os.PathLike[str]) -> tuple[dict[str, str], dict[str, float]]:
    """:func:`read_athletes` and :func:`read_athlete_heights` of the list at ``path``, from one read of it.

    Raises:
        KinemotionError: as :func:`read_athlete_heights`.
    """
    path = Path(path)
    header, rows = _checked_rows(path)
    names = _athletes_of(path, rows)  # the list's own checks first: its columns, its rows
    return names, _heights_of(path, header, rows)


def _heights_of(path: Path, header: list[str], rows: list[dict[str, str]]) -> dict[str, float]:
    """Video key -> height in metres from the checked rows' ``height_m`` cells (see :func:`read_athlete_heights`)."""
    from kinemotion.jump.inputs import check_athlete_height

    if HEIGHT_COLUMN not in header:
        return {}
    if header.count(HEIGHT_COLUMN) > 1:
        raise KinemotionError(
            f"{path}: the athlete list has {header.count(HEIGHT_COLUMN)} {HEIGHT_COLUMN!r} columns, so which one to "
            "read is unclear: keep one and rename or delete the others"
        )
    heights: dict[str, float] = {}
    for number, cells in enumerate(rows, start=2):
        video, cell = athlete_key(cells["video"]), cells.get(HEIGHT_COLUMN, "")
        if not video or not cell:
            continue
        if _DECIMAL_COMMA.match(cell):  # 1,62: a spreadsheet where the decimal mark is a comma
            cell = cell.replace(",", ".")
        try:
            height = check_athlete_height(float(cell)) if _is_number(cell) else None
        except ValueError as exc:
            raise KinemotionError(f"{path}: row {number}: the {HEIGHT_COLUMN} of {video}: {exc}") from None
        if height is None:
            raise KinemotionError(
                f"{path}: row {number}: the {HEIGHT_COLUMN} of {video} is {cell!r}, not a height in metres (e.g. 1.80)"
            )
        if heights.get(video, height) != height:
            raise KinemotionError(
                f"{path}: the athlete list gives two heights for {video}: {heights[video]:g} and {height:g} m; keep "
                "one row per video"
            )
        heights[video] = height
    return heights


_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
"""A number written with a decimal comma, as a spreadsheet saves it where that is the decimal mark (``1,62``)."""


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_LINE_BREAKS = frozenset("\t\n\r")


def _check_printable(path: Path, row: int, column: str, value: str) -> None:
    """Refuse a cell holding a control character (a NUL byte, an escape): the page would carry it into the
    HTML (where a browser shows it as a box or drops it), and it comes from a damaged file or one saved in
    an encoding read wrongly, not from a name.

    Raises:
        KinemotionError: naming the file, the row, the column and the character.
    """
    bad = next((c for c in value if unicodedata.category(c) == "Cc" and c not in _LINE_BREAKS), None)
    if bad is not None:
        raise KinemotionError(
            f"{path}: row {row}: the {column} {value!r:.60} holds the control character {bad!r}: the list is "
            "damaged or in an encoding not read here; save it from the spreadsheet as CSV (UTF-8) and try again"
        )


_NAMED_AT_MOST = 5
"""Rows or videos named in a warning about the athlete list (then how many more)."""


def _unmatched_athletes(
    entries: list[SessionEntry], athletes: Mapping[str, str], refused: Iterable[str] = ()
) -> list[str]:
    """Warnings: rows of the athlete list that name no video of the session (a typo: that athlete's name is
    shown nowhere, silently), and videos no row names (shown under their file name). ``refused``: the videos of
    the session that gave no report (a row naming one is no typo)."""
    if not athletes:
        return []
    matched = {found[0] for video in refused if (found := athlete_match(video, athletes)) is not None}
    unnamed: list[str] = []
    for entry in entries:
        found = _athlete_match(entry.data, athletes)
        if found is None:
            unnamed.append(Path(str(entry.data["video"]["path"]).replace("\\", "/")).name)
        else:
            matched.add(found[0])
    warnings = []
    rows = [key for key in athletes if key not in matched]
    if rows:
        warnings.append(
            f"the athlete list names {_count(rows, 'video')} in none of these reports "
            f"({first_and_more(rows, _NAMED_AT_MOST)}): check its video column against the videos' names (a typo, "
            "or another session's video?)"
        )
    if unnamed:
        warnings.append(
            f"{_count(unnamed, 'video')} in no row of the athlete list ({first_and_more(unnamed, _NAMED_AT_MOST)}): "
            "shown under the file's name; add a row for each"
        )
    return warnings


def heights_unlike_the_list(entries: list[SessionEntry], heights: Mapping[str, float], kind_of: str) -> list[str]:
    """One warning naming the reports measured at another height than the athlete list's ``height_m`` gives
    their video's athlete (or at none): the page shows the numbers as measured, and reads only the list's names
    (an analyst who corrected a height in the list and made the page again saw the old metres without a word);
    with the command that measures them at the list's heights, with the settings the reports record
    (:func:`_rerun_command`: another backend, mode or option would track the videos again, not read the landmarks
    kept). ``heights``: :func:`read_athlete_heights`; ``kinemotion report``'s ``--athlete``, named ``kind_of`` in
    the command."""
    unlike: list[str] = []
    commands: dict[str, list[str]] = {}  # each command, with the videos measured so
    for entry in entries:
        found = _athlete_match(entry.data, heights)  # type: ignore[arg-type]
        if found is None:
            continue
        listed, measured = float(found[1]), entry.data.get("athlete_height_m")
        if isinstance(measured, int | float) and not isinstance(measured, bool) and abs(measured - listed) < 0.005:
            continue
        name = Path(str(entry.data["video"]["path"]).replace("\\", "/")).name
        at = f"{float(measured):g} m" if isinstance(measured, int | float) else "no height"
        unlike.append(f"{name} at {at}, the list {listed:g} m")
        commands.setdefault(_rerun_command(entry, entries, kind_of), []).append(name)
    if not unlike:
        return []
    if len(commands) == 1:
        run = f"run {next(iter(commands))} again into the reports' folder"
    else:  # measured with other settings: one command each, saying whose
        each = "; ".join(f"{command} ({first_and_more(names, _NAMED_AT_MOST)})" for command, names in commands.items())
        run = f"run again into the reports' folder, for the videos measured with each setting: {each}"
    return [
        f"{_count(unlike, 'report')} measured at another height than the athlete list gives "
        f"({first_and_more(unlike, _NAMED_AT_MOST)}): the page shows the numbers as measured (it reads only the "
        f"list's names); to measure them at the list's heights, {run} (the landmarks kept there are analysed, not "
        "tracked again), then this page"
    ]


def _rerun_command(entry: SessionEntry, entries: list[SessionEntry], kind_of: str) -> str:
    """The command (in backquotes, shell-quoted) that measures ``entry``'s video again at the athlete list's
    height with the settings its report records: its kind, backend (``-b``), mode (``-m``), person and backend
    options (``--person``, ``-O``, as recorded), and the capture rate of each clip analysed so among ``entries``
    (``--capture-fps NAME=FPS``: a clip's own, as a batch gives it), so that the landmarks kept beside the reports
    answer it and are read, not tracked again. The videos and folder are left to fill in (``VIDEOS``,
    ``FOLDER``)."""
    import shlex

    def settings(e: SessionEntry) -> tuple[str, str | None, str | None, tuple[tuple[str, str], ...]]:
        backend = e.data.get("backend")
        backend = backend if isinstance(backend, dict) else {}
        options = backend.get("options")
        pairs = tuple((str(k), str(v)) for k, v in options.items()) if isinstance(options, dict) else ()
        name, mode = backend.get("name"), backend.get("mode")
        return (
            str(e.data.get("kind")),
            name if isinstance(name, str) else None,
            mode if isinstance(mode, str) else None,
            pairs,
        )

    kind, name, mode, options = settings(entry)
    words = ["kinemotion", kind, "VIDEOS", "-o", "FOLDER"]
    words += ["-b", name] if name is not None else []
    words += ["-m", mode] if mode is not None else []
    for key, value in options:
        words += ["--person", value] if key == "person" else ["-O", f"{key}={value}"]
    names = [Path(str(e.data["video"]["path"]).replace("\\", "/")).name for e in entries]
    for e, clip in zip(entries, names, strict=True):
        rate = e.data.get("capture_fps")
        if settings(e) == settings(entry) and isinstance(rate, int | float) and not isinstance(rate, bool):
            shown = clip if names.count(clip) == 1 else str(e.data["video"]["path"])
            words += ["--capture-fps", f"{shown}={float(rate):g}"]
    return f"`{shlex.join([*words, '--athlete', kind_of])}`"  # the list's path quoted too (a folder with a space)


def _count(items: list[str], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _athlete_match(report: Mapping[str, Any], athletes: Mapping[str, str]) -> tuple[str, str] | None:
    """:func:`~kinemotion.athletes.report_athlete_match` for a report: a row whose path names a file here (from
    the folder this runs in) other than its video does not name it."""
    from functools import partial

    from kinemotion.tracking.identity import another_file_at

    return report_athlete_match(report, athletes, partial(another_file_at, dict(report["video"])))


def _athlete_of(report: Mapping[str, Any], athletes: Mapping[str, str]) -> str:
    """The athlete named for the report in ``athletes`` (see :func:`_athlete_match`), else its video's stem."""
    found = _athlete_match(report, athletes)
    return found[1] if found is not None else Path(str(report["video"]["path"]).replace("\\", "/")).stem


def _ambiguous_athletes(entries: list[SessionEntry], athletes: Mapping[str, str]) -> list[Problem]:
    """A row named by file name alone that matched two different videos (Monday's and Tuesday's ``x.mp4``):
    both were given its athlete, which may be wrong for one; said, with how to tell them apart."""
    videos: dict[str, set[str]] = {}
    for entry in entries:
        path = str(entry.data["video"]["path"])
        found = _athlete_match(entry.data, athletes)
        if found is not None and "/" not in found[0]:
            videos.setdefault(found[0], set()).add(path)
    return [
        Problem(
            key,
            f"the athlete list's row {key!r} names {len(paths)} different videos ({', '.join(sorted(paths))}): "
            f"all are shown as {athletes[key]!r}; give each one's path in the video column to tell them apart",
        )
        for key, paths in videos.items()
        if len(paths) > 1
    ]


def _hidden(found: Path, folder: Path) -> bool:
    """Whether a file found in ``folder`` is hidden, or in a hidden folder below it: the temporary file of a
    report being written, or left by a run killed outright (``.NAME.PID@HOST.XXXXXXXX.partial.json``), a
    copy a Mac leaves on a USB stick (``._NAME.json``), a tool's own folder (``.git``)."""
    return any(part.startswith(".") for part in found.relative_to(folder).parts)


_A_VIDEO = "is a video, not a jump report: `kinemotion cmj VIDEO` (or `dropjump`) writes its report; give that."


def _not_a_current_report(path: Path) -> str | None:
    """Why a file named as a report is left out without being read: an earlier run's output that a failed re-run
    set aside (``NAME.previous``, caught by ``report out/*``: its jumps were shown as the session's, though the
    run that set it aside said it was not its result), or a video (read as text, "'utf-8' codec can't
    decode"). None for any other file (reading it says what it is)."""
    from kinemotion.tracking.atomic import PREVIOUS_SUFFIX
    from kinemotion.tracking.decode import VIDEO_SUFFIXES

    if path.name.endswith(PREVIOUS_SUFFIX):
        return (
            "an earlier run's output, set aside by a re-run that failed (NAME.previous): not a current result, so "
            f"left out; analyse the video again, or rename it without {PREVIOUS_SUFFIX} to show it anyway."
        )
    if path.suffix.lower() in VIDEO_SUFFIXES:
        return _A_VIDEO
    return None


_OTHER_OUTPUTS = {
    ".csv": "a table",
    ".tsv": "a table",
    ".html": "a page",
    ".htm": "a page",
    ".pdf": "a printed page",
    # a plot: any image format matplotlib writes (`--plot out/a.svg`; `--help` names .png, .svg, .pdf)
    **dict.fromkeys((".png", ".svg", ".svgz", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".eps", ".ps"), "a picture"),
}
"""What kinemotion's outputs other than reports are, by suffix: the jump table, the session page and its PDF, a plot."""
_OVERLAY_SUFFIXES = (".cmj.mp4", ".dropjump.mp4", ".overlay.mp4")
"""The overlays a folder gets by default: `cmj --overlay out/`, `dropjump --overlay out/`, `track --overlay out/`."""
_PAGES = frozenset({"a page", "a printed page"})
_LANDMARK_SUFFIXES = (".landmarks.json", ".landmarks.csv")


def _other_output(path: Path) -> str | None:
    """What ``path`` is when it is one of kinemotion's outputs other than a jump report (a landmark file, the jump
    table, a page, a plot, an overlay): named beside the reports by a wildcard (``report out/*``), it is passed
    over, not reported as a problem. None for any other file."""
    name = path.name.lower()
    if name.endswith(_LANDMARK_SUFFIXES):
        return "landmarks"
    if name.endswith(_OVERLAY_SUFFIXES):
        return "an overlay video"
    return _OTHER_OUTPUTS.get(path.suffix.lower())


def passed_over_page(path: Path) -> bool:
    """Whether ``path``, given as an input, is a session page or its PDF that the report passes over (never
    reads): writing the new page over it (`report out/* -o out/session.html`) replaces no input."""
    return _other_output(path) in _PAGES


def _json_files(inputs: list[Path], problems: list[Problem], passed: list[str]) -> list[tuple[Path, bool]]:
    """Each JSON file to read, and whether it was named (True) or found in a folder (False); a folder's
    hidden files are passed over (:func:`_hidden`: a report half-written by another run was shown as a
    video of the session), and so are kinemotion's other outputs named beside the reports (:func:`_other_output`),
    each added to ``passed`` as what it is."""
    files: list[tuple[Path, bool]] = []
    for path in inputs:
        if path.is_dir():
            files += [(p, False) for p in sorted(path.rglob("*.json")) if p.is_file() and not _hidden(p, path)]
        elif path.is_file():
            refused = _not_a_current_report(path)
            other = _other_output(path)
            if other is not None:
                passed.append(f"{path} ({other})")
            elif refused is not None:
                problems.append(Problem(str(path), refused))
            else:
                files.append((path, True))
        elif path.exists():  # a named pipe or a device: never opened (a pipe waits for a writer)
            problems.append(Problem(str(path), "is not a file (a pipe or a device); give the report's .json file."))
        else:
            wildcard = unexpanded_wildcard(path)
            problems.append(Problem(str(path), f"no such file or folder{'' if wildcard is None else ': ' + wildcard}."))
    return files


def read_report(path: Path) -> Mapping[str, Any]:
    """One jump report read from ``path``.

    Raises:
        KinemotionError: not JSON, not a jump report, or a jump report of another schema version.
    """
    from kinemotion.tracking.files import json_file_text, json_text_problem

    text = ""
    try:
        text = json_file_text(path)
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, RecursionError) as exc:  # '[[[[...': nested too deep
        raise KinemotionError(f"not a readable JSON file ({exc}).") from exc
    except json.JSONDecodeError as exc:
        raise KinemotionError(f"not a readable JSON file ({json_text_problem(text, exc)}).") from exc
    schema = data.get("schema") if isinstance(data, dict) else None
    if schema != SCHEMA:
        if isinstance(schema, str) and schema.startswith(_JUMP_SCHEMA_PREFIX) and _newer(schema):
            raise KinemotionError(
                f"a jump report of schema {schema!r}, made by a newer kinemotion than this one (which reads "
                f"{SCHEMA!r}): upgrade kinemotion to read it (`pip install --upgrade kinemotion`)."
            )
        if isinstance(schema, str) and schema.startswith(_JUMP_SCHEMA_PREFIX):
            raise KinemotionError(
                f"a jump report of schema {schema!r}, which this kinemotion does not read (it reads {SCHEMA!r}): "
                "analyse the video again with this version (`kinemotion cmj VIDEO` or `kinemotion dropjump VIDEO`)."
            )
        raise KinemotionError(f"not a kinemotion jump report (schema {schema!r}; expected {SCHEMA!r}).")
    _check_shape(data)
    return data  # type: ignore[no-any-return]


def _newer(schema: str) -> bool:
    """Whether a ``kinemotion.jump/N`` schema is of a later version than the one this kinemotion writes."""
    theirs, ours = schema.removeprefix(_JUMP_SCHEMA_PREFIX), SCHEMA.removeprefix(_JUMP_SCHEMA_PREFIX)
    return theirs.isdigit() and ours.isdigit() and int(theirs) > int(ours)


def _check_shape(data: dict[str, Any]) -> None:
    """What the page reads must be there, of the right kind (a file edited by hand, or cut short): the check
    every reader of a jump report makes (:func:`~kinemotion.jump.schema.report_problem`).

    Raises:
        KinemotionError: naming the first field that is missing or wrong.
    """
    problem = report_problem(data)
    if problem is not None:
        raise KinemotionError(
            f"an incomplete or damaged jump report: {problem} (edited by hand, cut short, or written by another "
            "program): analyse the video again (`kinemotion cmj VIDEO` or `kinemotion dropjump VIDEO`)."
        )


def _checked_athletes(athletes: object) -> Mapping[str, str]:
    """``read_session``'s ``athletes`` as a mapping (None: none).

    Raises:
        TypeError: it is not a mapping of text to text, saying what it takes (:func:`read_athletes` reads one).
    """
    expected = "athletes: expected a mapping of video -> athlete (read_athletes('athletes.csv') gives one)"
    if athletes is None:
        return {}
    if not isinstance(athletes, Mapping):
        fix = (
            f"read_session(..., athletes=read_athletes({athletes!r:.60}))"
            if isinstance(athletes, str | os.PathLike)
            else ("e.g. {'clip01.mp4': 'Ana Silva'}")
        )
        raise TypeError(f"{expected}, got {type(athletes).__name__}: {athletes!r:.60}; {fix}")
    for video, athlete in athletes.items():
        if not (isinstance(video, str) and isinstance(athlete, str)):
            raise TypeError(f"{expected}, text to text, got {video!r:.60} -> {athlete!r:.60}")
    return athletes


def read_session(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], athletes: Mapping[str, str] | None = None
) -> Session:
    """Every jump report in ``inputs``; files that cannot be used become :class:`Problem` entries.

    ``inputs`` are report files and folders (searched recursively), as paths or
    strings; one path alone may be given as it is. A JSON file found in a folder
    that is not a jump report at all (a landmark file, a settings file) is
    passed over silently; one named on its own, or a jump report of another
    schema version, is a problem.

    Raises:
        TypeError: ``athletes`` is not a mapping of video to athlete (:func:`read_athletes` reads one from a CSV),
            or an input is not a path (None, a report's data, bytes).
    """
    names = _checked_athletes(athletes)
    from kinemotion.tracking.decode import check_path_type

    given: list[object] = (
        [inputs] if isinstance(inputs, (str, os.PathLike, bytes)) or not isinstance(inputs, Iterable) else list(inputs)
    )
    for path in given:  # not pathlib's "expected str, bytes or os.PathLike object, not int"
        check_path_type(path, "each of read_session's inputs (a report or a folder of them)")
    paths = [Path(p) for p in given]  # type: ignore[arg-type]  # each checked above
    session = Session()
    seen: set[Path] = set()
    passed: list[str] = []
    landmark_files: list[Path] = []
    for path, named in _json_files(paths, session.problems, passed):
        if path.resolve() in seen:
            continue  # named twice (a file and its folder)
        seen.add(path.resolve())
        if path.name.lower().endswith(REFUSAL_SUFFIX):  # a clip given that gave no report: listed as such
            try:
                session.refusals.append(read_refusal(path))
            except KinemotionError as exc:
                session.problems.append(Problem(str(path), str(exc)))
            continue
        if not named and not _looks_like_jump_report(path):
            if _peek(path).startswith(b'{"schema":"kinemotion.tracking/'):
                landmark_files.append(path)
            continue  # landmark files and other JSON in a results folder
        try:
            data = read_report(path)
        except KinemotionError as exc:
            session.problems.append(Problem(str(path), str(exc)))
            continue
        session.entries.append(SessionEntry(data, path, _athlete_of(data, names)))
    session.refusals = _not_measured(session.refusals, session.entries)
    session.warnings.extend(_changed_since_refused(session.refusals))
    session.refused_athletes = {
        r.video: found[1] for r in session.refusals if (found := athlete_match(r.video, names)) is not None
    }
    _pass_over_their_videos(session, passed)
    if passed and (session.entries or session.refusals):
        session.warnings.append(
            f"passed over {_count(passed, 'file')} beside the jump reports that are not reports (kinemotion's other "
            f"outputs, the reports' videos): {first_and_more(passed, _PASSED_SHOWN)}"
        )
    elif passed:  # nothing else: what was given is no report at all
        session.problems.extend(Problem(p, _NOT_A_REPORT) for p in passed)
    session.problems.extend(_ambiguous_athletes(session.entries, names))
    session.warnings.extend(_unmatched_athletes(session.entries, names, (r.video for r in session.refusals)))
    mixed = mixed_versions(session.entries)
    if mixed is not None:
        session.warnings.append(mixed)
    mixed = mixed_backends(session.entries)
    if mixed is not None:
        session.warnings.append(mixed)
    session.warnings.extend(same_video_twice(session.entries))
    session.warnings.extend(edited_since_written(session.entries))
    for folder in (p for p in paths if p.is_dir()):
        used = [e.source for e in session.entries] + [Path(pr.source) for pr in session.problems]
        used += [r.source for r in session.refusals]
        if not any(u is not None and folder in u.parents for u in used):
            session.problems.append(Problem(str(folder), _NO_REPORT + _landmarks_hint(folder, landmark_files)))
    return session


def _changed_since_refused(refusals: list[Refusal]) -> list[str]:
    """A warning for each refused clip whose video is another file now (fixed, re-exported, replaced) than the one
    refused: the page's "not measured" is of the earlier file, and the clip is to be analysed again."""
    from kinemotion.tracking.identity import same_file

    warnings = []
    for refusal in refusals:
        if refusal.video_file is None:
            continue
        recorded = Path(refusal.video)
        folder = refusal.source.parent if refusal.source is not None else None
        around = [] if recorded.is_absolute() or folder is None else [folder / recorded, folder.parent / recorded]
        there = [c for c in [recorded, *around] if _is_file(c)]
        # the clip refused at any of them is unchanged: another clip of its name (where the page is made from
        # another project's folder) is not it
        found = next(iter(there), None)
        if found is not None and not any(same_file(refusal.video_file, c) for c in there):
            warnings.append(
                f"{refusal.source}: {found} has changed since `kinemotion {refusal.kind}` refused it (another size "
                f"or content): the page says why the earlier file gave no result; analyse it again (`kinemotion "
                f"{refusal.kind} {found}` into the same folder)"
            )
    return warnings


def _not_measured(refusals: list[Refusal], entries: list[SessionEntry]) -> list[Refusal]:
    """The ``refusals`` of clips that no report among ``entries`` measures: a clip `kinemotion dropjump` refused
    ("analysed as cmj") and `kinemotion cmj` then measured, as that refusal asked, is shown measured, not also
    as not measured (each analysis removes its own kind's record only). The clip is the same by its path as
    recorded or by its file name and content (the digest both record): given as ``clip.mp4`` to one command and
    by its full path to the other, it was listed both measured and not measured. The name counts too: a copy of
    the clip under another name (``w.mp4`` beside ``v.mp4``), refused, is that video's refusal, not ``v.mp4``'s
    (matched by content alone, ``w.mp4`` was in the session neither measured nor not measured)."""
    measured = {os.path.normpath(str(e.data["video"]["path"])) for e in entries}
    contents = {
        (_file_name(str(e.data["video"]["path"])), f)
        for e in entries
        if isinstance(f := e.data["video"].get("fingerprint"), str)
    }
    return [
        r
        for r in refusals
        if os.path.normpath(r.video) not in measured and (_file_name(r.video), r.video_fingerprint) not in contents
    ]


def _file_name(path: str) -> str:
    """The file name of a recorded path (``/`` or ``\\`` separated), in Unicode's composed form."""
    return unicodedata.normalize("NFC", path.replace("\\", "/").rsplit("/", 1)[-1])


def _landmarks_hint(folder: Path, landmark_files: list[Path]) -> str:
    """What to do with a folder of `kinemotion track`'s landmark files and no report: analyse them first."""
    mine = [f for f in landmark_files if folder in f.parents]
    if not mine:
        return ""
    import shlex

    from kinemotion.wording import first_and_more

    names = first_and_more([str(f) for f in mine], 2)
    command = f"kinemotion cmj {' '.join(shlex.quote(str(f)) for f in mine[:3])}{' ...' if len(mine) > 3 else ''}"
    return (
        f" It holds landmark files of `kinemotion track` ({names}): analyse them first ({command} -o FOLDER, or "
        "kinemotion dropjump), then make the page of that folder."
    )


def _peek(path: Path) -> bytes:
    """The first bytes of ``path`` without white space (empty when it cannot be read)."""
    try:
        with path.open("rb") as f:
            return b"".join(f.read(_PEEK).split())
    except OSError:
        return b""


def _pass_over_their_videos(session: Session, passed: list[str]) -> None:
    """Move to ``passed`` each video named among the inputs that is the video of a report read: `kinemotion cmj
    clips/*.mp4` writes each report beside its video, so `kinemotion report clips/*` names both (each video was
    "left out" as a problem, and the run exited 3). A video of no report given stays a problem."""
    theirs = {os.path.realpath(v) for entry in session.entries for v in video_candidates(entry)}
    kept: list[Problem] = []
    for problem in session.problems:
        if problem.message == _A_VIDEO and os.path.realpath(problem.source) in theirs:
            passed.append(f"{problem.source} (the video of a report)")
        else:
            kept.append(problem)
    session.problems[:] = kept


_NAMED_PER_VERSION = 4
"""Reports named for each version in the warning about mixed versions (then how many more)."""


def mixed_versions(entries: Iterable[SessionEntry]) -> str | None:
    """The warning when the reports were made by more than one kinemotion version, naming each version and its
    reports (None: one version). The analysis changes between releases (a fixed event, another smoothing), so
    the same jump may measure differently: a session mixing them compares numbers that were not made alike."""
    by_version: dict[str, list[str]] = {}
    for entry in entries:
        name = entry.source.name if entry.source is not None else str(entry.data["video"]["path"])
        by_version.setdefault(str(entry.data.get("kinemotion_version", "unknown")), []).append(name)
    if len(by_version) < 2:
        return None

    versions = "; ".join(
        f"kinemotion {v}: {first_and_more(names, _NAMED_PER_VERSION)}" for v, names in sorted(by_version.items())
    )
    return (
        f"these reports were made by {len(by_version)} kinemotion versions ({versions}): the analysis may differ "
        "between releases, so their numbers may not compare. Analyse the videos again with one version "
        "(`kinemotion cmj VIDEO` or `kinemotion dropjump VIDEO`; --force redoes a report) before comparing them."
    )


def mixed_backends(entries: Iterable[SessionEntry]) -> str | None:
    """The warning when the reports were tracked by more than one pose backend (or mode), naming each and its
    reports (None: one backend, or every video tracked by each of them: a comparison of backends, said by
    :func:`same_video_twice`). Pose models place the feet differently, so one jump measures differently on
    each: Monday's squad on RTMPose and Tuesday's on MediaPipe (the models missing offline) compare backends,
    not sessions."""
    entries = list(entries)
    by_backend: dict[str, list[str]] = {}
    by_video: dict[str, set[str]] = {}
    for entry in entries:
        backend = _backend_of(entry.data)
        name = entry.source.name if entry.source is not None else str(entry.data["video"]["path"])
        by_backend.setdefault(backend, []).append(name)
        video = entry.data["video"]
        by_video.setdefault(str(video.get("fingerprint") or video.get("path")), set()).add(backend)
    if len(by_backend) < 2 or all(len(seen) == len(by_backend) for seen in by_video.values()):
        return None
    backends = "; ".join(f"{b}: {first_and_more(names, _NAMED_PER_VERSION)}" for b, names in by_backend.items())
    return (
        f"these reports were tracked by {len(by_backend)} pose backends ({backends}): pose models place the feet "
        "differently, so the same jump can measure differently on each (on the labelled clips MediaPipe's flights "
        "come out 6 to 41 ms longer than RTMPose's; one RTMPose model on another runtime differs far less, see "
        "Accuracy): compare athletes or sessions tracked by one backend; each overview row names its backend. To "
        "compare them, analyse the videos again on one (`kinemotion cmj VIDEO -b NAME --force`)."
    )


def edited_since_written(entries: Iterable[SessionEntry]) -> list[str]:
    """A warning naming the reports changed since kinemotion wrote them (their ``content_digest`` is not that of
    their values: a number edited by hand, a script's rewrite): what the page shows of them may not be
    kinemotion's result. A report without a digest (an older kinemotion's, or one built by hand) is not judged."""
    from kinemotion.jump.schema import CONTENT_DIGEST, written_as_is

    changed = [e for e in entries if CONTENT_DIGEST in e.data and not written_as_is(e.data)]
    if not changed:
        return []
    names = first_and_more([str(e.source) if e.source is not None else "(made now)" for e in changed], _NAMED_AT_MOST)
    one = len(changed) == 1
    return [
        f"{names} {'was' if one else 'were'} changed since kinemotion wrote {'it' if one else 'them'} (edited by "
        "hand or by another program): what the page shows of "
        f"{'it' if one else 'them'} may not be kinemotion's result; analyse the video again for that "
        "(`kinemotion cmj VIDEO` or `kinemotion dropjump VIDEO`)"
    ]


def same_video_twice(entries: Iterable[SessionEntry]) -> list[str]:
    """A warning for each video whose analysis of one kind is in more than one report (a copy of a report, a
    results folder given with its backup, the video analysed twice): its jumps are shown, and counted in the
    overview, once per report. The same video is the same content (its digest; a report that records none, from
    an older kinemotion, is not judged: two videos of one name in two folders may share a recorded path)."""
    by_video: dict[tuple[str, str], list[SessionEntry]] = {}
    for entry in entries:
        fingerprint = entry.data["video"].get("fingerprint")
        if isinstance(fingerprint, str):
            by_video.setdefault((str(entry.data["kind"]), fingerprint), []).append(entry)
    warnings = []
    for (kind, _), group in by_video.items():
        if len(group) < 2:
            continue
        named = [e.source.name if e.source is not None else "(made now)" for e in group]
        if len(set(named)) < len(named):  # copies of one name in two folders: their paths tell them apart
            named = [str(e.source) if e.source is not None else "(made now)" for e in group]
        names = first_and_more(named, _NAMED_AT_MOST)  # a results folder copied 150 times is one line, not 150 names
        video = str(group[0].data["video"]["path"]).replace("\\", "/").rsplit("/", 1)[-1]
        backends = [_backend_of(e.data) for e in group]
        if len(set(backends)) == len(backends):  # the same athlete seen by several backends: a comparison
            warnings.append(
                f"{video} is in {len(group)} {kind} reports, tracked by {', '.join(backends)} ({names}): each is "
                "shown, its backend named in the overview's row, to compare them; give one report per video for "
                "the session's numbers"
            )
            continue
        warnings.append(
            f"{video} is in {len(group)} {kind} reports ({names}): its jumps are shown, and counted in the "
            "overview, once per report; give each video's report once"
        )
    return warnings


def _backend_of(data: Mapping[str, Any]) -> str:
    """The backend a report was tracked with, and its mode: ``rtmpose-cpu (lightweight)``."""
    backend = data.get("backend") or {}
    return f"{backend.get('name')} ({backend.get('mode')})"


def _looks_like_jump_report(path: Path) -> bool:
    """A file in a folder is reported only when it claims to be a jump report (by schema or by name)."""
    if path.name.endswith((".cmj.json", ".dropjump.json")):
        return True
    try:
        with path.open("rb") as f:
            head = f.read(_PEEK)
    except OSError:
        return True  # let reading it say what is wrong
    return _JUMP_SCHEMA_PREFIX.encode() in head


def video_candidates(entry: SessionEntry, folders: Iterable[Path] = ()) -> list[Path]:
    """The files that may be the report's video: as recorded, beside the report, or in one of ``folders``.

    A relative path as recorded (``kinemotion cmj clips/a.mp4 -o out``) is also read from the report's folder
    and from its parent (``out/../clips/a.mp4``), so the page is made from any folder; a file found so is used
    only when it is the analysed video (see :func:`find_video`)."""
    if entry.video is not None:
        return [entry.video] if _is_file(entry.video) else []
    recorded = Path(str(entry.data["video"]["path"]))
    name = str(recorded).replace("\\", "/").rsplit("/", 1)[-1]  # also for a path recorded on Windows
    candidates = [recorded]
    if entry.source is not None:
        folder = entry.source.parent
        candidates += [folder / recorded, folder.parent / recorded, *(folder / n for n in _spellings(name))]
    candidates += [Path(f) / n for f in folders for n in _spellings(name)]
    found = [c for c in candidates if _is_file(c)]
    if found or entry.source is None:
        return found
    # the same name in the other Unicode form: macOS names files "Jérôme.mp4" with the accent apart (NFD), a copy
    # to Linux may have it composed (NFC): "not found", though the file is there (whose content is checked)
    return [c for c in (Path(_other_form(str(p))) for p in candidates) if _is_file(c)]


_BESIDE_AT_MOST = 200
"""How many folders beside a report's folder are looked in for its video (a folder of thousands is no project)."""


def _folders_beside(folder: Path, recorded: Path) -> list[Path]:
    """The folders beside ``folder`` (the report's), for a video recorded relative to another folder than the
    report's parent: ``kinemotion cmj a.mp4 -o ../out`` run in ``project/clips`` records ``a.mp4``, which
    ``project/clips`` holds. None for a path recorded absolute or climbing out (``../a.mp4``); hidden folders are
    passed over. A file found so is used only when it is the analysed video (:func:`find_video`)."""
    if recorded.is_absolute() or ".." in recorded.parts:
        return []
    try:
        with os.scandir(folder.parent) as entries:
            beside = sorted(
                Path(e.path) for e in entries if not e.name.startswith(".") and e.is_dir() and e.name != folder.name
            )
    except OSError:
        return []
    return beside[:_BESIDE_AT_MOST]


def _spellings(name: str) -> list[str]:
    """``name``, then its other Unicode forms (composed, decomposed) when they differ."""
    return list(dict.fromkeys([name, unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)]))


def _other_form(path: str) -> str:
    """``path`` in the other Unicode form than it is written in (NFC when it is not, else NFD)."""
    composed = unicodedata.normalize("NFC", path)
    return composed if composed != path else unicodedata.normalize("NFD", path)


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file here; False, not an error, for a path this system cannot look up: a report
    recorded on another computer may name a video whose name is too long for this filesystem (a name of 120
    Chinese characters is 360 bytes: fine on macOS, over the 255 of ext4), or lie under a folder this user
    may not enter."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL in a recorded path
        return False


def is_the_analysed_video(entry: SessionEntry, path: Path) -> bool:
    """Whether the file at ``path`` is the very video the report was made from: the size and content digest
    it recorded (a report from before they were recorded cannot tell, and takes the file by its name)."""
    from kinemotion.tracking.identity import same_file

    recorded = entry.data["video"]
    size, fingerprint = recorded.get("size_bytes"), recorded.get("fingerprint")
    if fingerprint is None:  # recorded by an older kinemotion, or a result built by hand: the size if any
        try:
            return size is None or path.stat().st_size == size
        except OSError:
            return False
    return same_file(dict(recorded), path)


def find_video(entry: SessionEntry, folders: Iterable[Path] = ()) -> Path | None:
    """The report's video on this machine: as recorded, beside the report, or in one of ``folders``, else (for a
    report that recorded its video's digest) in a folder beside the report's folder; only a file that is the
    analysed video itself (see :func:`is_the_analysed_video`), never another recording saved under its name,
    whose frames would be shown as this jump's."""
    found = next((c for c in video_candidates(entry, folders) if is_the_analysed_video(entry, c)), None)
    if found is not None or entry.source is None or entry.data["video"].get("fingerprint") is None:
        return found  # without a digest, a file of that name in a folder merely beside is no evidence
    # then in the folders beside the report's (project/clips beside project/out): only the analysed video itself,
    # and another recording of that name there is no "changed" video (it is no place the report names)
    recorded = Path(str(entry.data["video"]["path"]).replace("\\", "/"))
    beside = (folder / recorded for folder in _folders_beside(entry.source.parent, recorded))
    return next((c for c in beside if _is_file(c) and is_the_analysed_video(entry, c)), None)
