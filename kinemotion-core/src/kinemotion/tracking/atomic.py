"""Writing output files so that an interrupted or failed run never leaves a complete-looking file.

Data goes to a new temporary file beside the target, created exclusively
(``tempfile.mkstemp``: an unpredictable name opened with ``O_EXCL``, so a
planted file or symlink cannot redirect the write), and is renamed onto the
target only when complete; on an exception the temporary file is removed and
the previous target, if any, is left as it was. The temporary file's name says which process on which machine
writes it: one left by a writer that is gone (``kill -9``) is removed by the next write of its target
(:func:`remove_abandoned`), never read as an output. An existing target without
any write permission (protected on purpose) is never replaced, nor one that
is not a file (``/dev/stdout``, a named pipe: the rename would replace it). :func:`atomic_paths` commits
several files together (all or none). Failures to write (a full disk, a
folder that is a file, no permission) become :class:`~kinemotion.errors.OutputError`
naming the file. :func:`set_aside` renames an earlier output out of the way
(``NAME.previous``) when a run that was to replace it fails, so that it is
neither lost nor taken for that run's result.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kinemotion.errors import OutputError
from kinemotion.tracking.no_room import write_failed

__all__ = [
    "PARTIAL_SUFFIX",
    "PREVIOUS_SUFFIX",
    "atomic_path",
    "atomic_paths",
    "broken_link",
    "check_named_as",
    "check_writable",
    "is_write_protected",
    "previous_path",
    "refuse_to_replace",
    "remove_abandoned",
    "set_aside",
    "writer_gone",
]

PREVIOUS_SUFFIX = ".previous"
"""What :func:`set_aside` adds to a file's name."""
PARTIAL_SUFFIX = ".partial"
"""What marks a temporary file being written (``.NAME.PID@HOST.XXXXXXXX.partial.SUFFIX``, hidden beside it)."""


def check_named_as(
    path: str | os.PathLike[str], what: str, suffixes: tuple[str, ...], hint: str = "", starts: tuple[bytes, ...] = ()
) -> None:
    """Refuse an output named as another kind of file than ``what`` (a name without a suffix is taken as it is):
    ``-o session.pdf`` wrote HTML under a PDF's name, replacing the PDF printed before. With ``starts`` (how a
    file of that kind begins, lower case), a name without a suffix is refused too when a file already there
    begins otherwise: ``report -o clip`` replaced the recording ``clip`` (saved without an extension) with the
    page.

    Raises:
        OutputError: naming the path, the name to give it (with ``suffixes[0]``), and ``hint``.
    """
    suffix = Path(path).suffix.lower()
    if suffix and suffix not in suffixes:
        raise OutputError(
            f"refusing to write the {what} as {path}: a {suffix} name would not say what the file is; name it "
            f"{Path(path).with_suffix(suffixes[0])}{hint}"
        )
    if not suffix and starts and not _begins_as(path, starts):
        raise OutputError(
            f"refusing to write the {what} as {path}: a file of that name is there, and it is no {what} (it would "
            f"be replaced); name the {what} {Path(path).with_suffix(suffixes[0])}{hint}"
        )


def _begins_as(path: str | os.PathLike[str], starts: tuple[bytes, ...]) -> bool:
    """Whether the file at ``path`` begins with one of ``starts`` (after any blank and byte-order mark, in any
    case); True when there is no regular file with content there (nothing would be lost)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True  # not there (a folder or a device: said where it is written)
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return True  # unreadable: writing it says why
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return not head or head.startswith(starts)


def check_writable(target: str | os.PathLike[str]) -> None:
    """Fail early, before hours of work, if ``target`` cannot be written.

    Raises:
        OutputError: a parent is a file, the folder cannot be created or is not writable, or the target
            is a device, a pipe or a socket.
    """
    final = Path(target)
    folder = final.parent
    for parent in (folder, *folder.parents):
        broken = broken_link(parent)
        if broken is not None:  # no folder can be made there: "File exists", said mkdir
            raise OutputError(f"cannot write {final}: {parent} is {broken}; give a folder that is there, or a new name")
        if parent.exists():
            if parent.is_file():
                raise OutputError(f"cannot write {final}: {parent} is a file, not a folder")
            if not parent.is_dir():  # /dev/stdout given as -o: a name without an extension is taken as a folder
                raise OutputError(  # the example of the kind written: an overlay is a video, a plot an image
                    f"cannot write {final}: {parent} is a device, a pipe or a socket, not a folder; outputs are "
                    f"files: give a file name with its extension (out{final.suffix.lower() or '.json'}) or a folder"
                )
            if not os.access(parent, os.W_OK | os.X_OK):
                raise OutputError(f"cannot write {final}: {_why_not_writable(parent)}")
            break
    try:
        if final.is_dir():
            raise OutputError(f"cannot write {final}: it is a folder")
        _refuse_not_a_file(final)
    except OutputError:
        raise
    except OSError as exc:  # a name the filesystem cannot hold (a long video name plus '.cmj.json')
        if exc.errno == errno.ENAMETOOLONG:
            raise OutputError(
                f"cannot write {final}: its name is too long for the filesystem ({len(os.fsencode(final.name))} "
                "bytes); give a shorter output name with -o, or rename the video"
            ) from exc
        raise OutputError(f"cannot write {final}: {exc.strerror or exc}") from exc


def _why_not_writable(folder: Path) -> str:
    """Why nothing can be written in ``folder``: a read-only filesystem (a camera's card with its lock switch on,
    a read-only mount, where no permission helps: it was said to be one), else the folder's permission."""
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: Windows has no statvfs
        read_only = False
    if read_only:
        return (
            f"{folder} is on a read-only filesystem (a write-protected memory card or USB drive, or a read-only "
            "mount); give an output on a writable drive with -o (e.g. -o ~/jumps/)"
        )
    return f"no permission to write in {folder}"


def broken_link(path: Path) -> str | None:
    """What a symbolic link at ``path`` that leads to nothing is (a loop, or a link to a file or folder moved
    since), or None for anything else: the one wording of an output folder's and a video's broken link."""
    if not path.is_symlink():
        return None
    try:
        path.stat()
    except OSError as exc:
        target = os.readlink(path)
        if exc.errno == errno.ELOOP:
            return f"a symbolic link to {target} that leads back to itself (a loop)"
        return f"a symbolic link to {target}, which does not exist (moved or deleted?)"
    return None


_NOT_A_FILE = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_not_a_file(final: Path) -> None:
    """An output that exists as something other than a file (``/dev/stdout``, ``/dev/null``, a named pipe) is
    never replaced: the rename that commits an output would put a file in its place (as root, in ``/dev``).

    Raises:
        OutputError: naming the output and what it is.
    """
    try:
        mode = final.stat().st_mode  # through links: /dev/stdout is one, to the process's pipe or terminal
    except OSError:
        return  # not there (or unreadable: the write itself says why)
    for test, what in _NOT_A_FILE:
        if test(mode):
            raise OutputError(
                f"cannot write {final}: it is {what}, not a file; outputs are written whole to a file and renamed "
                "into place: give a file's path"
            )


def refuse_to_replace(target: str | os.PathLike[str], sources: Iterable[str | os.PathLike[str] | None]) -> None:
    """``target`` is none of ``sources`` (the videos an output is made from), links followed.

    Raises:
        OutputError: ``refusing to write TARGET: it is the input video SOURCE; choose another output name``.
    """
    key = _resolved(target)
    for source in sources:
        if source is not None and _resolved(source) == key:
            raise OutputError(f"refusing to write {target}: it is the input video {source}; choose another output name")


def _resolved(path: str | os.PathLike[str]) -> str:
    """``path`` absolute with its links followed; only made absolute when the name cannot be encoded here (a
    UTF-8 name as recorded, under an ASCII locale)."""
    try:
        return os.path.realpath(path)
    except (UnicodeError, ValueError):
        return os.path.abspath(path)


def _new_file_mode() -> int:
    """The mode ``open()`` would give a new file here: 0666 less the process's umask."""
    umask = os.umask(0)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def is_write_protected(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file without any write permission: protected on purpose (a result kept as it
    is), never replaced unasked, whoever runs (root ignores the permission, so its bits are read)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # not there (or unreadable: a write itself says why)
    return stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def _refuse_write_protected(final: Path) -> None:
    """An existing output without any write permission is never replaced (see :func:`is_write_protected`).

    Raises:
        OutputError: naming the file and the two ways on.
    """
    if is_write_protected(final):
        raise OutputError(
            f"cannot write {final}: it is read-only (write-protected); make it writable (chmod u+w) to replace "
            "it, or choose another output name"
        )


_NAME_MAX = 255
"""The longest file name most filesystems take (bytes)."""


def _writer() -> str:
    """Who writes a temporary file: this process on this machine (``PID@HOST``), in the file's name."""
    return f"{os.getpid()}@{socket.gethostname()}"


def _temp_prefix(stem: str, suffix: str) -> str:
    """``.STEM.PID@HOST.``: the start of a temporary file's name; for a long name, without the writer (whose
    leftover is then never removed), then with the stem cut short, so that the name fits (an output's name that
    fits gave a temporary name that did not: 'File name too long')."""
    random_part = 8  # what mkstemp adds
    prefix = f".{stem}.{_writer()}."
    if len(os.fsencode(prefix + suffix)) + random_part <= _NAME_MAX:
        return prefix
    room = _NAME_MAX - random_part - len(os.fsencode(suffix)) - 2
    short = os.fsencode(stem)[:room].decode("utf-8", "ignore") if room < len(os.fsencode(stem)) else stem
    return f".{short}."


def _temp_beside(final: Path) -> Path:
    _refuse_not_a_file(final)
    _refuse_write_protected(final)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(final)
        suffix = f"{PARTIAL_SUFFIX}{final.suffix}"
        fd, name = tempfile.mkstemp(prefix=_temp_prefix(final.stem, suffix), suffix=suffix, dir=final.parent)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and final.parent.is_dir():
            # not "Read-only file system" alone: what it is and the fix, as the check before the work says it
            raise OutputError(f"cannot write {final}: {_why_not_writable(final.parent)}") from exc
        check_writable(final)  # a folder replaced by a file during the run ("File exists"): said as before the work
        raise write_failed([final], exc) from exc
    os.close(fd)
    return Path(name)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine is running (a process that cannot be asked counts as running:
    its files are left). On Windows ``os.kill(pid, 0)`` is no check: signal 0 is ``CTRL_C_EVENT`` there, sent to
    the console process group ``pid`` (a writer still running interrupted, or this very run), so the process is
    asked for its exit code instead."""
    if sys.platform == "win32":
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only whether it exists (POSIX)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process (PermissionError): there
    return True


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _STILL_ACTIVE = 259
    _ERROR_INVALID_PARAMETER = 87
    """What ``OpenProcess`` says of a process id that no process has."""

    def _alive_on_windows(pid: int) -> bool:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return ctypes.get_last_error() != _ERROR_INVALID_PARAMETER  # access denied: another user's, there
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == _STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)


def writer_gone(pid: int, host: str) -> bool:
    """Whether the writer ``PID@HOST`` named in a temporary file's or folder's name is known to be gone: a process
    of this machine no longer running (another machine's, or a process that cannot be asked, is not known)."""
    return host == socket.gethostname() and not _alive(pid)


def remove_abandoned(target: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files of ``target`` left by a writer that is gone (a run killed outright, ``kill -9``,
    or a machine that lost power while writing): never read as an output (only the final name is), they would
    otherwise stay hidden beside it for good. Only a writer on this machine can be known to be gone; another
    machine's (a shared folder) and a running one's are left. A temporary file removed takes its own temporary
    files with it (a plot staged under a temporary name is itself written through one). Returns the files
    removed.
    """
    final = Path(target)
    pattern = re.compile(rf"^\.{re.escape(final.stem)}\.(\d+)@(.+)\.[^.]+{re.escape(PARTIAL_SUFFIX + final.suffix)}$")
    removed: list[Path] = []
    try:
        names = os.listdir(final.parent)
    except OSError:
        return removed  # no folder yet (or unreadable: writing says why)
    for name in names:
        match = pattern.match(name)
        if match is None or not writer_gone(int(match[1]), match[2]):
            continue
        removed += remove_abandoned(final.parent / name)  # a writer's own temporary file of it (a plot staged)
        with contextlib.suppress(FileNotFoundError):
            (final.parent / name).unlink()
            removed.append(final.parent / name)
    return removed


@contextlib.contextmanager
def atomic_paths(
    targets: Sequence[str | os.PathLike[str]], keep: Iterable[str | os.PathLike[str] | None] = ()
) -> Iterator[list[Path]]:
    """Yield temporary paths to write, one per target; they replace the targets together if the block succeeds.

    ``keep``: the videos the outputs are made from, which no target may be (:func:`refuse_to_replace`).
    """
    finals = [Path(t) for t in targets]
    sources = list(keep)
    for final in finals:
        refuse_to_replace(final, sources)
    partials: list[Path] = []
    try:
        for final in finals:
            partials.append(_temp_beside(final))
        try:
            yield partials
        except OSError as exc:  # a full disk, a file-size limit: which file, why, and what to do
            raise write_failed(finals, exc, partials) from exc
        mode = _new_file_mode()
        for partial, final in zip(partials, finals, strict=True):
            try:
                os.chmod(partial, mode)  # mkstemp makes it private (0600); the output gets the usual mode
                os.replace(partial, final)
            except OSError as exc:
                raise write_failed([final], exc) from exc
    finally:
        for partial in partials:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], keep: Iterable[str | os.PathLike[str] | None] = ()) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces ``target`` if the block succeeds (never one of ``keep``)."""
    with atomic_paths([target], keep) as (partial,):
        yield partial


def previous_path(target: str | os.PathLike[str]) -> Path:
    """Where :func:`set_aside` puts ``target``: ``NAME.previous`` beside it."""
    final = Path(target)
    return final.with_name(final.name + PREVIOUS_SUFFIX)


def set_aside(target: str | os.PathLike[str]) -> Path:
    """Rename ``target`` to ``NAME.previous`` beside it (replacing an earlier one) and return the new path:
    an earlier output that a failed run was to replace, kept whole but no longer where this run's result
    would be.

    Raises:
        OutputError: ``NAME.previous`` is write-protected (see :func:`is_write_protected`) or a folder, or
            the rename fails; ``target`` is then where it was.
    """
    final, aside = Path(target), previous_path(target)
    if is_write_protected(aside) or aside.is_dir():
        what = "a folder" if aside.is_dir() else "write-protected"
        raise OutputError(f"cannot move {final} aside: {aside} is {what}")
    try:
        os.replace(final, aside)
    except OSError as exc:
        raise OutputError(f"cannot move {final} aside to {aside}: {exc.strerror or exc}") from exc
    return aside
