"""What an MP4/MOV container says that OpenCV does not expose: the presented length, and the display matrix.

A clip trimmed on a phone (the Photos app) or with ``ffmpeg -ss ... -c copy``
keeps every encoded frame and adds an *edit list* that shows only part of
them: decoders present the trimmed clip, while the frame count OpenCV gives
is the number of encoded frames (80 for a clip presented as 54). The movie
header (``mvhd``) of an MP4/MOV holds the presented duration; with it,
decoding that ends at the presented end is not mistaken for a truncated file.
Read here in a few lines of ``struct``: OpenCV does not expose it, and the
usual pure-Python MP4 reader (mutagen) reports the audio track's length
(1.86 s for the 1.77 s hand-held CMJ clip of the shared assets).

The video track's display matrix (``tkhd``) says how a player turns and
mirrors the stored picture; OpenCV reads only the rotation from it, so a
mirrored matrix needs it whole (see :mod:`kinemotion.tracking.orientation`).
"""

from __future__ import annotations

import contextlib
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

__all__ = ["cut_short_problem", "display_matrix", "presented_duration_ms", "video_track_count", "video_track_problem"]

_MAX_BOXES = 4096
"""Top-level boxes read at most before giving up (a real MP4 has a handful)."""


def _box_header(fh: BinaryIO, end: int) -> tuple[bytes, int, int] | None:
    """(type, payload start, box end) of the box at the file's position, or None past ``end`` or when
    malformed."""
    start = fh.tell()
    head = fh.read(8)
    if len(head) < 8:
        return None
    size, kind = struct.unpack(">I4s", head)
    if size == 1:
        large = fh.read(8)
        if len(large) < 8:
            return None
        size = struct.unpack(">Q", large)[0]
    elif size == 0:
        size = end - start
    payload = fh.tell()
    if size < payload - start or start + size > end:
        return None
    return kind, payload, start + size


def _find(fh: BinaryIO, kind: bytes, start: int, end: int) -> tuple[int, int] | None:
    """(payload start, end) of the first box of ``kind`` between ``start`` and ``end``."""
    fh.seek(start)
    for _ in range(_MAX_BOXES):
        header = _box_header(fh, end)
        if header is None:
            return None
        found, payload, box_end = header
        if found == kind:
            return payload, box_end
        fh.seek(box_end)
    return None


@contextlib.contextmanager
def _movie(path: str | os.PathLike[str]) -> Iterator[tuple[BinaryIO, tuple[int, int]] | None]:
    """The file open for reading and its movie box (``moov``: payload start, end); None for another container.

    Raises:
        OSError: the file cannot be read.
    """
    with open(path, "rb") as fh:
        yield (fh, moov) if (moov := _find(fh, b"moov", 0, os.fstat(fh.fileno()).st_size)) is not None else None


def presented_duration_ms(path: str | os.PathLike[str]) -> float | None:
    """The presented duration (ms) from an MP4/MOV movie header; None for another container, or a file
    whose header cannot be read (the caller keeps to the frame count)."""
    try:
        with _movie(path) as movie:
            if movie is None:
                return None
            fh, moov = movie
            mvhd = _find(fh, b"mvhd", *moov)
            if mvhd is None:
                return None
            fh.seek(mvhd[0])
            version = fh.read(4)[:1]
            layout = ">16xIQ" if version == b"\x01" else ">8xII"  # version 1: 64-bit times
            data = fh.read(struct.calcsize(layout))
            if len(data) < struct.calcsize(layout):
                return None
            timescale, duration = (int(v) for v in struct.unpack(layout, data))
    except OSError:
        return None
    if timescale <= 0 or duration <= 0 or duration in (0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF):
        return None  # unknown (a fragmented or streaming file)
    return 1000.0 * duration / timescale


def _boxes(fh: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, end) of every box between ``start`` and ``end``."""
    found: list[tuple[bytes, int, int]] = []
    fh.seek(start)
    for _ in range(_MAX_BOXES):
        header = _box_header(fh, end)
        if header is None:
            break
        found.append(header)
        fh.seek(header[2])
    return found


def _is_video_track(fh: BinaryIO, trak: tuple[int, int]) -> bool:
    return _handler(fh, trak) == b"vide"


def display_matrix(path: str | os.PathLike[str]) -> tuple[int, ...] | None:
    """The 3x3 display matrix of an MP4/MOV's first video track, as stored (``a b u c d v x y w``: a, b, c,
    d, x, y fixed-point 16.16, u, v, w 2.30); None for another container or a header that cannot be read."""
    try:
        with _movie(path) as movie:
            if movie is None:
                return None
            fh, moov = movie
            for kind, payload, box_end in _boxes(fh, *moov):
                if kind != b"trak" or not _is_video_track(fh, (payload, box_end)):
                    continue
                tkhd = _find(fh, b"tkhd", payload, box_end)
                if tkhd is None:
                    return None
                fh.seek(tkhd[0])
                version = fh.read(4)[:1]
                fh.seek(tkhd[0] + (4 + 32 if version == b"\x01" else 4 + 20) + 16)  # times, id, duration; layer..
                data = fh.read(36)
                return struct.unpack(">9i", data) if len(data) == 36 else None
    except OSError:
        return None
    return None


def _handler(fh: BinaryIO, trak: tuple[int, int]) -> bytes | None:
    mdia = _find(fh, b"mdia", *trak)
    hdlr = None if mdia is None else _find(fh, b"hdlr", *mdia)
    if hdlr is None:
        return None
    fh.seek(hdlr[0] + 8)  # version and flags, pre_defined
    return fh.read(4)


def _handlers(fh: BinaryIO, moov: tuple[int, int]) -> list[bytes | None]:
    """The handler type of each track of the movie box ``moov``, in file order (``vide``, ``soun``, ...)."""
    return [_handler(fh, (payload, end)) for kind, payload, end in _boxes(fh, *moov) if kind == b"trak"]


def video_track_count(path: str | os.PathLike[str]) -> int | None:
    """How many video tracks an MP4/MOV holds (its header only: nothing is decoded); None for another
    container, or a header that cannot be read. OpenCV, and so kinemotion, decodes the first."""
    try:
        with _movie(path) as movie:
            return None if movie is None else _handlers(*movie).count(b"vide")
    except OSError:
        return None


def video_track_problem(path: str | os.PathLike[str]) -> str | None:
    """Why an MP4/MOV holds nothing to decode as video: no video track (audio only, or nothing); None when it
    has one, for another container, or a header that cannot be read."""
    try:
        with _movie(path) as movie:
            if movie is None:
                return None
            handlers = _handlers(*movie)
            if b"vide" in handlers:
                return None
            return "audio only: it holds no video track" if b"soun" in handlers else "it holds no video track"
    except OSError:
        return None


def cut_short_problem(path: str | os.PathLike[str]) -> str | None:
    """Why an MP4/MOV cannot be opened when it was cut short (an interrupted copy, download or recording): a
    top-level box runs past the end of the file and the movie index (``moov``) is not in what is left; None
    for another container, a whole file, or one whose index is there.
    """
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            kinds: list[bytes] = []
            for _ in range(_MAX_BOXES):
                start = fh.tell()
                head = fh.read(16)
                if len(head) < 8:
                    return None
                declared, kind = struct.unpack(">I4s", head[:8])
                if declared == 1 and len(head) == 16:
                    declared = struct.unpack(">Q", head[8:16])[0]
                if not kinds and kind != b"ftyp":
                    return None  # not an MP4/MOV
                kinds.append(kind)
                if declared == 0 or declared < 8:
                    return None  # to the end of the file, or malformed: nothing to say
                if start + declared > size:
                    if b"moov" in kinds:
                        return None
                    return (
                        f"the file was cut short (an interrupted copy, download or recording): it ends at byte "
                        f"{size}, inside its {kind.decode('latin-1')!r} box, which runs to byte {start + declared}, "
                        "and the index of its frames (the 'moov' box) is not in what is left; copy the file again "
                        "from its source"
                    )
                fh.seek(start + declared)
                if start + declared == size:
                    return None
    except OSError:
        return None
    return None
