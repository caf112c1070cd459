"""Where the CLI writes a video's outputs, and the checks made before any work starts."""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from kinemotion.errors import OutputError
from kinemotion.terminal import printable_name, safe_file_stem
from kinemotion.tracking.atomic import PREVIOUS_SUFFIX, broken_link, check_writable
from kinemotion.tracking.decode import VIDEO_SUFFIXES
from kinemotion.tracking.json_output import OTHER_KINDS, other_kind_problem
from kinemotion.tracking.signatures import is_landmark_csv

__all__ = [
    "OutputPath",
    "check_folder_for_several",
    "check_json_name",
    "check_outputs",
    "drawn_overlays",
    "given_as_folder",
    "is_folder",
    "one_name_per_file",
    "output_name",
    "output_path",
    "unwritable",
    "with_video_name",
]


_KINEMOTION_JSON = {
    ".refusal.json": "a refusal record (why a clip gave no report)",  # first: "a.cmj.refusal.json" ends ".cmj.json"
    ".landmarks.json": "landmarks (what `kinemotion track` writes)",
    ".cmj.json": "a cmj report (what `kinemotion cmj` writes)",
    ".dropjump.json": "a dropjump report (what `kinemotion dropjump` writes)",
}
"""The endings kinemotion gives its JSON files, each with what a file so named is taken for."""


def check_json_name(path: Path, kind: str | None = None) -> None:
    """Refuse a JSON output named as another kind of file: ``track a.mp4 -o b.mp4`` replaced the recording
    ``b.mp4`` with landmarks, and ``cmj -o r.html`` wrote JSON that no browser shows.

    A name ending ``.previous`` is refused too: that is the name of an earlier output set aside. So is, for a
    ``kind`` of JSON (``landmarks``, ``cmj``, ``dropjump``), a name kinemotion gives another kind
    (``dropjump clip.mp4 -o clip.cmj.json``, ``track clip.mp4 -o clip.cmj.json``): ``kinemotion report`` and a
    reader of the folder take the file for what its name says.

    Raises:
        OutputError: naming the path and the fix.
    """
    problem = other_kind_problem(path, "JSON output")
    if problem is not None:
        raise OutputError(f"{problem}, or a folder ({path.with_suffix('')}/)")
    lower = path.name.lower()
    other = next((end for end in _KINEMOTION_JSON if lower.endswith(end)), None)
    own = None if kind is None else f".{kind}.json"
    if own is not None and other is not None and other != own and lower != other:
        what = "landmarks" if kind == "landmarks" else f"the {kind} report"
        stem = path.name[: -len(other)]
        stem = next((stem[: -len(k)] for k in (".cmj", ".dropjump") if stem.lower().endswith(k)), stem)  # x.cmj.
        instead = printable_name(str(path.with_name(stem + own)))
        raise OutputError(
            f"refusing to write {what} as {printable_name(str(path))}: a {other} name is what kinemotion gives "
            f"{_KINEMOTION_JSON[other]}, and the file would be taken for one; name it {instead}"
        )
    if path.name.endswith(PREVIOUS_SUFFIX) and path.name != PREVIOUS_SUFFIX:  # the name of a set-aside output
        raise OutputError(
            f"refusing to write the JSON output as {printable_name(str(path))}: a {PREVIOUS_SUFFIX} name is what an "
            "earlier output set aside by a failed run is given (`kinemotion report` leaves it out, and the next run "
            f"writing {printable_name(path.name.removesuffix(PREVIOUS_SUFFIX))} removes it); choose another name"
        )


def with_video_name(message: str, video: str | Path) -> str:
    """``message`` starting with the video's path (prefixed unless it already names it first)."""
    from kinemotion.tracking.decode import shown

    for name in (str(video), shown(video)):
        if message.startswith(name):
            return printable_name(name) + message[len(name) :]
    return f"{printable_name(shown(video))}: {message}"


_FOLDERS = "kinemotion.folders"
"""Key of the command's ``click.Context.meta``: the output options given with a trailing slash."""


class HomePath(click.Path):
    """A path whose leading ``~`` (``~/jumps``, ``~ana/clips``) means the home folder, as a shell would read it: a
    ``~`` that reaches the command as it is (quoted, from PowerShell, from a script's list of arguments) made a
    folder named ``~`` in the current one (`-o "~/jumps/"` wrote ``./~/jumps/``, said as "wrote ~/jumps/...",
    where the user looked in their home). ``./~`` names a file or folder called ``~``."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` with its leading ``~`` expanded (a trailing slash kept), then as :class:`click.Path` reads it.
        Where it must exist, an empty value (``--videos "$DIR"`` with ``DIR`` unset) and a symbolic link that
        leads nowhere (a loop) are said to be so, not as click's "does not exist"."""
        if isinstance(value, str) and value.startswith("~"):
            value = os.path.expanduser(value)
        if self.exists and isinstance(value, str):
            kind = "file" if not self.dir_okay else "folder" if not self.file_okay else "file or folder"
            if not value.strip():
                self.fail(f"is empty (an unset shell variable?): name a {kind}", param, ctx)
            broken = broken_link(Path(value))
            if broken is not None:
                self.fail(f"{printable_name(value)} is {broken}; name the {kind} itself, or mend the link", param, ctx)
        return super().convert(value, param, ctx)


_EXAMPLE = {"--report": "session.html", "--pdf": "session.pdf", "--plot": "out/", "--overlay": "out/"}
"""A value to show after an output option in a message (a folder where the option takes one)."""


def _is_option_of(value: str, ctx: click.Context) -> bool:
    """Whether ``value`` (``-q``, ``--quiet``, ``--height=1.8``) is an option of the running command or of
    ``kinemotion`` itself: click gives an option that takes a value whatever follows it, options included."""
    if not value.startswith("-") or value == "-":
        return False
    name = value.split("=", 1)[0]
    names = set(ctx.help_option_names)
    for context in (ctx, ctx.parent):
        if context is not None:
            names.update(o for p in context.command.params for o in (*p.opts, *p.secondary_opts))
    return name in names


class OutputPath(HomePath):
    """An output file or folder, as a :class:`~pathlib.Path`; one given with a trailing slash
    (``-o results.v2/``) is remembered as a folder, since the path drops the slash."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as a path; noted as a folder in the context when it ends with a separator. An empty value
        (``-o "$OUT"`` with ``OUT`` unset) is refused: it would write into the current folder unasked."""
        if isinstance(value, str) and not value.strip():
            self.fail("is empty (an unset shell variable?): name a file or a folder, e.g. -o results/", param, ctx)
        if value == "-":  # it made a folder named '-'
            self.fail(
                "- (standard output) is not an output here: outputs are files; name a file or a folder, e.g. -o "
                "results/ (./- for a folder named -)",
                param,
                ctx,
            )
        if isinstance(value, str) and ctx is not None and _is_option_of(value, ctx):  # `--report -q`: the -q
            opt = param.opts[0] if param is not None and param.opts else "the option"  # became the page's name
            page = opt == "--output" and ctx.info_name == "report"
            example = "session.html" if page else _EXAMPLE.get(opt, "out/")
            self.fail(
                f"{value} is a kinemotion option, not a file or folder name: the name goes right after {opt}, "
                f"e.g. {opt} {example} (./{value} names a file called {value})",
                param,
                ctx,
            )
        path = super().convert(value, param, ctx)
        if ctx is not None and isinstance(value, str) and value.endswith(("/", os.sep)):
            ctx.meta.setdefault(_FOLDERS, set()).add(Path(os.fsdecode(path)))
        return path


def check_folder_for_several(option: Path | None, name: str, count: int) -> None:
    """Refuse a file name (``-o result.json``, ``--overlay jump.mp4``) where several videos need a folder: it
    became a folder named ``result.json`` holding every video's outputs (``track *.mp4 -o result.json``, a
    wildcard that matched more than meant). A folder given as one (existing, or with a trailing slash) is kept.

    Raises:
        OutputError: naming the option, the videos' count and both ways out.
    """
    if option is None or count < 2 or option.is_dir() or given_as_folder(option):
        return
    if option.suffix.lower() in OTHER_KINDS | {".json"}:
        raise OutputError(
            f"{name} {option} names one file, but {count} videos need a folder for their outputs: give a folder "
            f"({name} {option.with_suffix('')}/), or one video"
        )


def given_as_folder(option: Path) -> bool:
    """Whether ``option`` was given with a trailing slash in the running command (a folder, by the user's
    word, even with a dot in its name)."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and option in ctx.meta.get(_FOLDERS, set())


def is_folder(option: Path, many: bool) -> bool:
    """Whether an output option names a folder: several videos share it, it exists as one, it has no
    suffix, or it was given with a trailing slash."""
    return many or option.is_dir() or option.suffix == "" or given_as_folder(option)


def output_path(option: Path | None, video: Path, name: str, many: bool) -> Path | None:
    """The file for ``video``'s output: ``option`` itself, or ``option/<stem>.<name>`` when
    ``option`` is a folder (see :func:`is_folder`)."""
    if option is None:
        return None
    if is_folder(option, many):
        return option / output_name(video, name)
    return option


def output_name(video: Path, name: str) -> str:
    """``<stem>.<name>``: an output named after ``video``, a control character in its name (an escape
    sequence, a line break) written as ``_`` (:func:`~kinemotion.terminal.safe_file_stem`), and a leading ``.``
    too: ``.warmup.mp4``'s report was the hidden ``.warmup.cmj.json``, which `kinemotion report out/` passes
    over (as it passes over a run's temporary files), so the page left its jumps out without a word."""
    stem = safe_file_stem(video.stem)
    return f"{'_' + stem[1:] if stem.startswith('.') else stem}.{name}"


def _same_file_key(path: Path) -> Path:
    """``path`` with its symbolic links followed, to tell when two names are one file (a link loop, which
    cannot be followed, stays as it is: reading it says what is wrong)."""
    return Path(os.path.realpath(path))


def one_name_per_file(videos: Sequence[Path]) -> tuple[tuple[Path, ...], list[tuple[Path, Path]]]:
    """``videos`` with each later name of a file given before left out: a hard link, or a symbolic link, to a
    video also given (``*.mp4`` catching ``best.mp4``, a link to ``jump3.mp4``) was tracked and analysed twice,
    its jumps listed twice in the table and counted twice on the page. Also the pairs ``(left out, kept)``.
    The same name given twice is kept (:func:`check_outputs` refuses it); a name that cannot be read is kept
    (reading it says why)."""
    kept: list[Path] = []
    left: list[tuple[Path, Path]] = []
    first: dict[tuple[int, int, int], Path] = {}
    for video in videos:
        try:
            status = os.stat(video)
        except (OSError, ValueError):
            kept.append(video)
            continue
        if not stat.S_ISREG(status.st_mode) or not status.st_ino:  # 0: a filesystem that numbers no file (SMB, FAT)
            kept.append(video)
            continue
        earlier = first.setdefault((status.st_dev, status.st_ino, status.st_size), video)
        if earlier is not video and os.path.abspath(earlier) != os.path.abspath(video):
            left.append((video, earlier))
            continue
        kept.append(video)
    return tuple(kept), left


_OVERLAY_MARKS = ("overlay", "cmj", "dropjump")
"""What kinemotion's overlays are named after their video's stem: ``a.overlay.mp4`` (``track``), ``a.cmj.mp4``,
``a.dropjump.mp4``."""


def drawn_overlays(videos: Sequence[Path]) -> tuple[tuple[Path, ...], list[tuple[Path, Path]]]:
    """``videos`` without those named as kinemotion names the overlay it draws of another of them in the same
    folder (``clips/a.cmj.mp4`` beside ``clips/a.mp4``: ``cmj clips/*.mp4`` after ``--overlay clips/`` analysed
    its own annotated copies as recordings, each jump listed twice); also the pairs ``(left out, its video)``."""
    by_stem = {(video.parent, video.stem): video for video in videos}
    kept: list[Path] = []
    left: list[tuple[Path, Path]] = []
    for video in videos:
        inner = Path(video.stem)  # "a.cmj" of "a.cmj.mp4"
        drawn = video.suffix.lower() in VIDEO_SUFFIXES and inner.suffix[1:].lower() in _OVERLAY_MARKS  # not a.cmj.json
        source = by_stem.get((video.parent, inner.stem)) if drawn else None
        if source is not None and source != video:
            left.append((video, source))
            continue
        kept.append(video)
    return tuple(kept), left


def _inputs_pattern(video: Path, folder: Path) -> str:
    """``videos (e.g. out/*.mp4)``, or for a landmark JSON ``landmark files (e.g. out/*.landmarks.json)``: a
    pattern that names the inputs and not the reports written beside them (`out/*.json` catches both)."""
    if video.name.lower().endswith(".landmarks.json"):
        return f"landmark files (e.g. {folder / ('*' + video.name[-len('.landmarks.json') :])})"
    return f"videos (e.g. {folder / ('*' + video.suffix)})"


def check_outputs(videos: Sequence[Path], outputs: Sequence[Sequence[Path | None]], writable: bool = True) -> None:
    """No output overwrites an input or another output, and every output can be written (not checked without
    ``writable``: :func:`unwritable` says it apart).

    ``outputs[i]`` are the files planned for ``videos[i]``.

    Raises:
        OutputError: naming the clash or the unwritable file, and what to do.
    """
    for video in videos:  # `cmj out/*` after `track -o out/`: the CSV written beside each landmark JSON caught too
        if video.suffix.lower() == ".csv" and is_landmark_csv(video):
            landmarks = video.with_suffix(".json")
            raise OutputError(
                f"{video} is a landmark CSV (`kinemotion track` writes it beside the landmark JSON, for a "
                "spreadsheet), not a video: give the video itself, or to `kinemotion cmj` and `dropjump` the "
                f"landmark JSON written with it ({landmarks}; a whole folder's: {video.parent / '*.landmarks.json'})"
            )
    given: dict[str, Path] = {}
    for video in videos:  # the same name twice (`*.mp4 jump.mp4`); other names of one file (links) may differ
        name = os.path.abspath(video)
        if name in given:
            same = f"as {given[name]} and {video}" if str(given[name]) != str(video) else "twice"
            raise OutputError(f"{video} is given {same}: give each video once")
        given[name] = video
    inputs = {_same_file_key(v): v for v in videos}
    seen: dict[Path, Path] = {}
    folded: dict[str, tuple[Path, Path]] = {}  # one file where case or Unicode form does not count (macOS...)
    for video, planned in zip(videos, outputs, strict=True):
        for path in planned:
            if path is None:
                continue
            key = _same_file_key(path)
            if key in inputs:
                clash = inputs[key]
                if clash.suffix.lower() == ".json" and _same_file_key(clash) == _same_file_key(video):
                    raise OutputError(  # `cmj lm.json -o lm.json`: the report would replace the landmarks read
                        f"refusing to write {path}: it is the landmark file {clash} given as the input; choose "
                        "another output name"
                    )
                if clash.suffix.lower() not in VIDEO_SUFFIXES:  # `cmj dir/*` caught an earlier report
                    raise OutputError(
                        f"{clash} is given as an input, but it is where {video}'s output goes (an earlier run's "
                        f"output, caught by a wildcard such as {clash.parent / ('*' + clash.suffix)}?): give only "
                        f"the {_inputs_pattern(video, clash.parent)}"
                    )
                raise OutputError(
                    f"refusing to write {path}: it is the input video {clash}; choose another output name"
                )
            if key in seen and seen[key] == video:
                raise OutputError(
                    f"{path} is named for two of {video}'s outputs (report, table, plot, overlay or page); "
                    "give each its own name"
                )
            if key in seen:
                raise OutputError(
                    f"{seen[key]} and {video} would both write {path} (same file name in one output folder); "
                    "write them to two output folders (a run each, -o) or rename one"
                )
            first = folded.setdefault(unicodedata.normalize("NFC", str(key)).casefold(), (video, path))
            if first[0] != video:
                # names alike but for case (macOS, Windows, a USB drive), or for Unicode form alone (macOS)
                form = unicodedata.normalize("NFC", str(first[1])) == unicodedata.normalize("NFC", str(path))
                how = "a name's Unicode form" if form else "the case of a name"
                where = "macOS" if form else "macOS, Windows, a USB drive"
                raise OutputError(
                    f"{first[0]} and {video} would write {first[1]} and {path}: one file where {how} "
                    f"does not count ({where}), so one would replace the other; write them to two output folders "
                    "(a run each, -o) or rename one"
                )
            seen[key] = video
            if writable:
                check_writable(path)


def unwritable(outputs: Sequence[Sequence[Path | None]]) -> OutputError | None:
    """Why the first of ``outputs`` that cannot be written cannot be (:func:`check_writable`'s error), or None:
    a run whose every output is done before writes none of them, and needs none writable."""
    for path in (p for planned in outputs for p in planned if p is not None):
        try:
            check_writable(path)
        except OutputError as exc:
            return exc
    return None
