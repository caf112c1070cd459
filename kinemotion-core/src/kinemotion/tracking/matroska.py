"""How long a Matroska/WebM file's video track lasts, read from its structure (EBML).

OpenCV counts a Matroska stream's frames from the whole file's duration, which
is the longest track's: a recording whose sound runs on half a second past its
picture "has" 15 frames more than decode, and its read was called cut short
("decoding failed at frame 36 of 51 (truncated or corrupt file)"), marked
incomplete, tracked again on every run. The video track's own span is in the
file: the timestamps of its first and last blocks (Cluster Timestamp plus each
SimpleBlock's or Block's offset, times the segment's TimestampScale).

A file cut short (an interrupted copy or download) is told by its Segment: it
states a size that runs past the end of the file. For it, for a stream that
states no size, or anything that cannot be read here, :func:`video_track_duration_ms`
says nothing and the caller keeps to the frame count. Only element headers and
block headers are read, hopping over everything else: a few thousand small
reads for an hour of video.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["video_track_count", "video_track_duration_ms"]

_EBML = 0x1A45DFA3
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TIMESTAMP_SCALE = 0x2AD7B1
_TRACKS = 0x1654AE6B
_TRACK_ENTRY = 0xAE
_TRACK_NUMBER = 0xD7
_TRACK_TYPE = 0x83
_DEFAULT_DURATION = 0x23E383
_CLUSTER = 0x1F43B675
_CLUSTER_TIMESTAMP = 0xE7
_SIMPLE_BLOCK = 0xA3
_BLOCK_GROUP = 0xA0
_BLOCK = 0xA1
_BLOCK_DURATION = 0x9B

_VIDEO = 1
"""TrackType of a video track."""
_MAX_READS = 500_000
"""Reads made at most, each of an element's header or a field (an hour of video takes a few thousand: one
Cluster every few seconds, the blocks of four Clusters); past it, a file is not judged."""
_CLUSTERS_AT_EACH_END = 2
"""Clusters with video read at the start and at the end: a frame shown last may be stored a Cluster early."""


class _UnreadableError(Exception):
    """The structure cannot be read: the caller falls back to the frame count."""


class _File:
    """The file, read a bounded number of times (a hostile one may hold millions of tiny elements)."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._reads = 0

    def read(self, size: int) -> bytes:
        self._reads += 1
        if self._reads > _MAX_READS:
            raise _UnreadableError
        return self._fh.read(size)

    def seek(self, at: int) -> None:
        self._fh.seek(at)

    def tell(self) -> int:
        return self._fh.tell()


def _vint(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int, bool]:
    """(value, next position, all value bits set) of the EBML variable-size integer at ``at`` in ``data``."""
    if at >= len(data) or data[at] == 0:
        raise _UnreadableError
    length = 9 - data[at].bit_length()
    if at + length > len(data):
        raise _UnreadableError
    value = int.from_bytes(data[at : at + length], "big")
    marker = 1 << (7 * length)
    unknown = value & (marker - 1) == marker - 1
    return (value if keep_marker else value & (marker - 1)), at + length, unknown


def _header(fh: _File, end: int) -> tuple[int, int, int]:
    """(ID, data start, element end) of the element at the file's position; the end must be within ``end``."""
    start = fh.tell()
    head = fh.read(12)
    element, at, _ = _vint(head, 0, keep_marker=True)
    if at > 4:
        raise _UnreadableError
    size, at, unknown = _vint(head, at, keep_marker=False)
    if unknown or start + at + size > end:  # a size not stated (a stream), or past its parent: no hopping on
        raise _UnreadableError
    return element, start + at, start + at + size


def _children(fh: _File, start: int, end: int) -> list[tuple[int, int, int]]:
    """(ID, data start, end) of the elements between ``start`` and ``end``."""
    found: list[tuple[int, int, int]] = []
    fh.seek(start)
    while fh.tell() < end:
        found.append(_header(fh, end))
        fh.seek(found[-1][2])
    return found


def _uint(fh: _File, start: int, end: int) -> int:
    if end - start > 8:
        raise _UnreadableError
    fh.seek(start)
    return int.from_bytes(fh.read(end - start), "big")


@dataclass(frozen=True)
class _Track:
    number: int
    default_duration_ns: int | None


def _video_track(fh: _File, start: int, end: int) -> _Track:
    """The first video track of a Tracks element: the one OpenCV decodes (a file with several is read from it,
    and :mod:`kinemotion.tracking.video_tracks` says so)."""
    video: list[_Track] = []
    for element, data, stop in _children(fh, start, end):
        if element != _TRACK_ENTRY:
            continue
        fields = {kind: (a, b) for kind, a, b in _children(fh, data, stop)}
        if _TRACK_NUMBER in fields and _TRACK_TYPE in fields and _uint(fh, *fields[_TRACK_TYPE]) == _VIDEO:
            default = _uint(fh, *fields[_DEFAULT_DURATION]) if _DEFAULT_DURATION in fields else None
            video.append(_Track(_uint(fh, *fields[_TRACK_NUMBER]), default or None))
    if not video:
        raise _UnreadableError
    return video[0]


def _block_times(fh: _File, cluster: tuple[int, int], track: int) -> list[tuple[int, int | None]]:
    """(timestamp, duration or None) in ticks of the video track's blocks in one Cluster."""
    elements = _children(fh, *cluster)
    base = next((_uint(fh, a, b) for kind, a, b in elements if kind == _CLUSTER_TIMESTAMP), None)
    if base is None:
        raise _UnreadableError
    times: list[tuple[int, int | None]] = []
    for kind, data, stop in elements:
        duration = None
        if kind == _BLOCK_GROUP:
            inner = {k: (a, b) for k, a, b in _children(fh, data, stop)}
            if _BLOCK not in inner:
                continue
            if _BLOCK_DURATION in inner:
                duration = _uint(fh, *inner[_BLOCK_DURATION])
            data, stop = inner[_BLOCK]
        elif kind != _SIMPLE_BLOCK:
            continue
        fh.seek(data)
        head = fh.read(min(stop - data, 11))
        number, at, _ = _vint(head, 0, keep_marker=False)
        if number != track:
            continue
        if at + 2 > len(head):
            raise _UnreadableError
        times.append((base + struct.unpack(">h", head[at : at + 2])[0], duration))
    return times


def _video_blocks(fh: _File, clusters: list[tuple[int, int]], track: int) -> list[tuple[int, int | None]]:
    """The video track's blocks in the first Clusters of ``clusters`` that hold any."""
    blocks: list[tuple[int, int | None]] = []
    with_video = 0
    for cluster in clusters:
        if times := _block_times(fh, cluster, track):
            blocks += times
            with_video += 1
            if with_video >= _CLUSTERS_AT_EACH_END:
                break
    return blocks


def _span(fh: _File, clusters: list[tuple[int, int]], track: _Track) -> tuple[int, int, int | None]:
    """(first timestamp, last timestamp, the last block's duration) in ticks of the video track."""
    first = _video_blocks(fh, clusters, track.number)
    last = _video_blocks(fh, clusters[::-1], track.number)
    if not first or not last:
        raise _UnreadableError
    end, duration = max(last, key=lambda t: t[0])
    return min(t for t, _ in first), end, duration


def _segment(fh: _File, size: int) -> tuple[int, int] | None:
    """(payload start, end) of the Segment of a Matroska/WebM file; None for another container."""
    element, _, header_end = _header(fh, size)
    if element != _EBML:
        return None
    fh.seek(header_end)
    element, data, segment_end = _header(fh, size)  # past the file's end (cut short): _UnreadableError
    return (data, segment_end) if element == _SEGMENT else None


def video_track_count(path: str | os.PathLike[str]) -> int | None:
    """How many video tracks a Matroska/WebM file holds (element headers only: nothing is decoded); None for
    another container, or a structure that cannot be read. OpenCV, and so kinemotion, decodes the first."""
    try:
        with open(path, "rb") as raw:
            size, fh = os.fstat(raw.fileno()).st_size, _File(raw)
            segment = _segment(fh, size)
            if segment is None:
                return None
            tracks = next(((a, b) for kind, a, b in _children(fh, *segment) if kind == _TRACKS), None)
            if tracks is None:
                return None
            count = 0
            for element, data, stop in _children(fh, *tracks):
                fields = {kind: (a, b) for kind, a, b in _children(fh, data, stop)} if element == _TRACK_ENTRY else {}
                count += _TRACK_TYPE in fields and _uint(fh, *fields[_TRACK_TYPE]) == _VIDEO
            return count
    except (OSError, _UnreadableError, struct.error):
        return None


def video_track_duration_ms(path: str | os.PathLike[str]) -> float | None:
    """How long a Matroska/WebM file's (first) video track lasts (ms), from its first frame to the end of its
    last: shorter than the file's duration when a sound track, or a second video track, runs on. None for
    another container, a file cut short (its Segment runs past the end of the file), a stream stating no size,
    or a structure that cannot be read (the caller keeps to the frame count)."""
    try:
        with open(path, "rb") as raw:
            size, fh = os.fstat(raw.fileno()).st_size, _File(raw)
            segment = _segment(fh, size)
            if segment is None:
                return None
            data, segment_end = segment
            scale_ns, track, clusters = 1_000_000, None, []
            for kind, start, stop in _children(fh, data, segment_end):
                if kind == _CLUSTER:
                    clusters.append((start, stop))
                elif kind == _INFO:
                    fields = {k: (a, b) for k, a, b in _children(fh, start, stop)}
                    if _TIMESTAMP_SCALE in fields:
                        scale_ns = _uint(fh, *fields[_TIMESTAMP_SCALE])
                elif kind == _TRACKS:
                    track = _video_track(fh, start, stop)
            if track is None or scale_ns <= 0:
                return None
            first, last, duration = _span(fh, clusters, track)
    except (OSError, _UnreadableError, struct.error):
        return None
    frame_ns = duration * scale_ns if duration else track.default_duration_ns or 0
    span_ms = ((last - first) * scale_ns + frame_ns) / 1e6
    return span_ms if span_ms > 0 else None
