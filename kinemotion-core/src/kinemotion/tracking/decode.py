"""Decoding video files: metadata, rotation, container timestamps, clear errors.

OpenCV (FFmpeg backend) decodes the frames; rotation metadata (phone videos)
is applied so frames come out upright (a mirrored one as players show it:
:mod:`~kinemotion.tracking.orientation`), and each frame carries the timestamp
the container gives it (variable frame rate safe). Imported lazily: ``import
kinemotion`` does not load OpenCV.
"""

from __future__ import annotations

import errno
import itertools
import logging
import numbers
import os
import queue
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from kinemotion.errors import VideoReadError
from kinemotion.file_status import file_status
from kinemotion.tracking.atomic import broken_link
from kinemotion.tracking.container import (
    cut_short_problem,
    display_matrix,
    presented_duration_ms,
    video_track_problem,
)
from kinemotion.tracking.identity import identify
from kinemotion.tracking.matroska import video_track_duration_ms
from kinemotion.tracking.orientation import mirrored_orientation
from kinemotion.tracking.signatures import FRAME_SUFFIXES, content_problem, text_kind
from kinemotion.tracking.video_tracks import say_first_track_read
from kinemotion.wording import unexpanded_wildcard

__all__ = [
    "VIDEO_SUFFIXES",
    "BackgroundFrames",
    "DecodedFrame",
    "VideoInfo",
    "VideoReader",
    "file_frame_rate",
    "is_url",
    "opencv_path",
    "prefetch",
    "read_frames",
    "shown",
    "stopped_short",
    "unreadable_reason",
    "video_duration_ms",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VideoInfo:
    """What the container says about a video (sizes are after rotation)."""

    path: str
    width: int
    height: int
    fps: float
    frame_count: int
    rotation: int
    codec: str
    size_bytes: int | None = None
    """The file's size in bytes; with :attr:`fingerprint`, which file this was (a re-run compares both)."""
    fingerprint: str | None = None
    """A digest of the file's content (:func:`~kinemotion.tracking.identity.identify`): another video under the
    same name differs."""
    presented_duration_ms: float | None = None
    """The duration an MP4/MOV's movie header presents (shorter than ``frame_count`` frames for a clip trimmed
    by an edit list), or a Matroska/WebM file's video track's span (shorter when its sound runs on: see
    :mod:`kinemotion.tracking.matroska`); None for another container or an unknown one. With it,
    :func:`stopped_short` tells frames that cover the video from frames cut short, when decoding and when a
    landmark JSON is read back."""


def stopped_short(info: VideoInfo, frames: int, last_ms: float) -> bool:
    """Whether ``frames`` frames from the start, the last at ``last_ms``, fall short of the whole video ``info``
    describes: more than 2 frames short of its frame count, and ending more than 3 frames before its duration.

    Containers may over-count by a frame or two, and a variable-frame-rate file (mkv, phones) by many: its
    count is duration x nominal rate; a clip trimmed by an edit list counts the frames it hides. Frames are
    short of the video only if they also stop short of the stream's duration (the presented one, where the
    container says it). The decoder judges a read with it, and :func:`kinemotion.tracking.read_json` a
    landmark JSON marked complete.
    """
    frame_ms = 1000.0 / info.fps if info.fps > 0 else 0.0
    reached_end = frame_ms > 0 and last_ms >= video_duration_ms(info) - 3 * frame_ms
    return info.frame_count - frames > 2 and not reached_end


def video_duration_ms(info: VideoInfo) -> float:
    """How long the video ``info`` describes lasts: its frame count at its frame rate, or the presented
    duration where the container gives a shorter one (0 without a frame rate)."""
    duration_ms = info.frame_count * 1000.0 / info.fps if info.fps > 0 else 0.0
    if info.presented_duration_ms is not None:
        duration_ms = min(duration_ms, info.presented_duration_ms)
    return duration_ms


@dataclass(frozen=True)
class DecodedFrame:
    """One decoded frame: index, container timestamp in ms, BGR pixels."""

    index: int
    timestamp_ms: float
    image: npt.NDArray[np.uint8]

    def copy(self) -> DecodedFrame:
        """The same frame with pixels of its own: for a backend, which may write into the frame it is given, when
        the caller shows or tracks the picture again (an overlay, the next backend of a benchmark)."""
        return DecodedFrame(self.index, self.timestamp_ms, self.image.copy())


def _fourcc(value: float) -> str:
    code = int(value)
    return "".join(chr((code >> (8 * i)) & 0xFF) for i in range(4)).strip("\0") or "?"


VIDEO_SUFFIXES = frozenset(
    (".mp4", ".mov", ".m4v", ".mkv", ".avi", ".webm", ".mpg", ".mpeg", ".wmv", ".flv", ".3gp", ".ts", ".mts")
)
"""Suffixes of video files (lower case)."""

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a URL (``https://...``, ``rtsp://...``) rather than a file's path."""
    return isinstance(path, str) and _URL.match(path) is not None


def check_path_type(path: object, what: str) -> None:
    """Refuse a value that is not one path (``None``, a list of videos, bytes, a generator) with a message
    naming what it is, instead of pathlib's "expected str, bytes or os.PathLike object".

    Raises:
        TypeError: naming ``what``, the value's type and what to give.
    """
    if isinstance(path, (str, os.PathLike)) and not isinstance(path, bytes):
        return
    several = " (one per call: loop over several, or give them all to the CLI)" if _is_several(path) else ""
    raise TypeError(f"{what} must be one path (str or pathlib.Path), got {type(path).__name__}: {path!r:.80}{several}")


def _is_several(value: object) -> bool:
    return isinstance(value, (list, tuple, set, frozenset)) or (
        hasattr(value, "__iter__") and hasattr(value, "__next__")
    )


def shown(path: str | os.PathLike[str]) -> str:
    """``path`` as it can be printed: bytes that are not text in the filesystem's encoding as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def opencv_path(path: str | os.PathLike[str]) -> str:
    """The name to give OpenCV for the file at ``path``.

    OpenCV encodes a file name as UTF-8. A name whose bytes are not valid
    UTF-8 (possible on Linux) cannot be given to it at all (it crashes the
    process), and a UTF-8 name read under an ASCII locale (``LC_ALL=C``)
    reaches Python as undecodable bytes: those are decoded here as UTF-8, so
    OpenCV opens the same file.

    Raises:
        VideoReadError: the name's bytes are not valid UTF-8 (rename the file).
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(text).decode("utf-8")
    except UnicodeDecodeError:
        raise VideoReadError(
            f"{shown(text)}: the file name is not valid UTF-8 and OpenCV cannot open such a name; "
            "rename the file (e.g. with `convmv` or your file manager) and run again"
        ) from None


def _videos_in(folder: Path) -> str:
    """What to give instead of ``folder``: its videos as a shell pattern (the commonest kind), or that it has none."""
    try:
        kinds = Counter(p.suffix for p in folder.iterdir() if p.suffix.lower() in VIDEO_SUFFIXES and p.is_file())
    except OSError:
        kinds = Counter()
    if not kinds:
        return "give the video files' paths (it holds no video file" + _frames_in(folder) + ")"
    (suffix, _), *others = sorted(kinds.items(), key=lambda kind: (-kind[1], kind[0]))  # globs are case-sensitive
    more = f" (and its {', '.join(f'*{s}' for s, _ in others)})" if others else ""
    return f"give the videos in it: {folder / ('*' + suffix)}{more}"


def _frames_in(folder: Path) -> str:
    """``folder``'s numbered images as an image sequence, and how to make a video of them (a high-speed camera's
    export); empty when it holds none."""
    from kinemotion.tracking.signatures import frames_pattern, sequence_fix

    try:
        patterns = Counter(
            pattern
            for p in itertools.islice(folder.iterdir(), 10_000)
            if (pattern := frames_pattern(p, alone=True)) is not None
        )
    except OSError:
        return ""
    if not patterns:
        return ""
    ((pattern, count),) = patterns.most_common(1)
    if count < 2:  # one numbered photo is no sequence
        return ""
    return f", but {count} numbered images, {pattern}: an image sequence? {sequence_fix(pattern)}"


def _near_name(path: Path) -> str | None:
    """The file beside ``path`` that its name was likely meant to be (``"clip.mp4 "`` pasted with a space,
    ``Clip.MP4`` typed in lower case), in words; None when there is none."""
    given = path.name
    try:
        with os.scandir(path.parent) as entries:
            names = [e.name for e in itertools.islice(entries, 10_000)]
    except OSError:
        return None
    for name in names:
        if name != given and name == given.strip():
            return f"the video does not exist; {name!r} does: the name given has spaces at its ends"
    for name in names:
        if name != given and name.casefold() == given.strip().casefold():
            return f"the video does not exist; {name!r} does: names differ in case here"
    return None


def _sequence_fix(pattern: Path) -> str:
    from kinemotion.tracking.signatures import sequence_fix

    return sequence_fix(pattern)


def unreadable_reason(path: Path) -> str | None:
    """Why the file at ``path`` cannot be read as a video before opening it, or None.

    Missing, a folder, not a file (a pipe, a device), no permission (to the file or its folder), a
    symbolic link loop, or empty; each message starts with the path.
    """
    try:
        size = path.stat().st_size
    except PermissionError:
        return f"{path}: no permission to read the folder {path.parent}; check the folder's permissions"
    except OSError as exc:
        broken = broken_link(path)  # a link whose video was moved or deleted since, or a loop
        if broken is not None:
            return f"{path}: {broken}; give the video's real path"
        if isinstance(exc, FileNotFoundError):
            if re.search(r"%0?\d*d", path.name) and path.suffix.lower() in FRAME_SUFFIXES:  # seq/%04d.png
                return f"{path}: no such file (a pattern of numbered frames?); {_sequence_fix(path)}"
            why = unexpanded_wildcard(path) or _near_name(path) or "the video does not exist"
            return f"{path}: no such file ({why})"
        if exc.errno == errno.ELOOP:  # a loop in a folder above the video
            return f"{path}: a symbolic link on the way to it leads back to itself (a loop); give the video's real path"
        return f"{path}: cannot be read ({exc.strerror or exc})"
    if path.is_dir():
        return f"{path}: is a folder, not a video file; {_videos_in(path)}"
    if not path.is_file():  # a named pipe, a device (/dev/zero): no video file to seek in, nor its size
        return f"{path}: is not a file (a pipe or a device); save the video to a file and give its path"
    if not os.access(path, os.R_OK):
        return f"{path}: no permission to read it (check the file's permissions)"
    if size == 0:
        return f"{path}: the video file is empty (0 bytes)"
    return None


_MATROSKA_MAGIC = b"\x1a\x45\xdf\xa3"
"""How a Matroska or WebM file starts (its EBML header)."""


def _counted_from_first(path: Path, name: str, counted: int) -> int:
    """``counted`` (OpenCV's frame count) less the frames a Matroska/WebM stream's count includes before its
    first frame.

    OpenCV counts a Matroska stream's frames from its duration, which runs from time 0, and times its frames from
    the first: the second part of a recording cut with FFmpeg's segment muxer (or OBS's file splitting) starts
    at 60 s, so it "has" 3600 frames of which 1800 decode, and its read was called cut short ("decoding failed
    at frame 1800 of 3600 (truncated or corrupt file)"), marked incomplete, tracked again on every run. The first
    frame's presentation time in frames (``CAP_PROP_PTS``) is how many; a delay of up to 2 (B-frames) is within
    the count's tolerance and kept.
    """
    try:
        with open(path, "rb") as fh:
            if fh.read(4) != _MATROSKA_MAGIC:
                return counted
    except OSError:
        return counted
    cap = cv2.VideoCapture(name, cv2.CAP_FFMPEG)
    try:
        lead = float(cap.get(cv2.CAP_PROP_PTS)) if cap.isOpened() and cap.grab() else 0.0
    finally:
        cap.release()
    if not (2 < lead < counted):  # also NaN, or a count that does not include them
        return counted
    return counted - int(lead)


def _presented_ms(path: Path) -> float | None:
    """The video's duration where the container says one shorter than its frame count may be: an MP4/MOV
    trimmed by an edit list shows fewer frames; a Matroska/WebM whose sound runs on past the picture is counted
    to the sound's end."""
    presented = presented_duration_ms(path)
    return presented if presented is not None else video_track_duration_ms(path)


_JSON_NOT_A_VIDEO = (
    "{path} is a JSON file, not a video. Landmarks that `kinemotion track` wrote are analysed without tracking by "
    "`kinemotion cmj` and `kinemotion dropjump`."
)


def file_frame_rate(path: str | Path) -> float | None:
    """The frame rate ``path``'s container states, as :class:`VideoReader` reads it (``VideoInfo.fps``), without
    decoding a frame or reading the file through: None when it cannot be opened or states none (its reading
    says why, later)."""
    try:
        capture = cv2.VideoCapture(opencv_path(path), cv2.CAP_FFMPEG)
    except VideoReadError:
        return None
    try:
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0) if capture.isOpened() else 0.0
    finally:
        capture.release()
    return fps if np.isfinite(fps) and fps > 0 else None


class VideoReader:
    """Frames of a video file, decoded in order; a context manager.

    Raises:
        VideoReadError: on open (missing, empty, not a video) and, while
            iterating, when decoding stops before the frame count the
            container announced (the frames before it have been yielded).
    """

    def __init__(self, path: str | Path) -> None:
        check_path_type(path, "the video")
        if is_url(path):
            raise VideoReadError(f"{path}: URLs are not supported; download the video first and give its file path")
        self.path = Path(path)
        problem = unreadable_reason(self.path)
        if problem is not None:
            raise VideoReadError(problem)
        not_a_video = content_problem(self.path)
        if not_a_video is not None:  # a photo, a raw stream, a playlist: FFmpeg would open it as something else
            raise VideoReadError(not_a_video)
        if self.path.suffix.lower() == ".json" and text_kind(self.path) is not None:  # before OpenCV logs a WARN
            raise VideoReadError(_JSON_NOT_A_VIDEO.format(path=self.path))
        name = opencv_path(self.path)
        opened = file_status(self.path)
        cap = cv2.VideoCapture(name, cv2.CAP_FFMPEG)
        if not cap.isOpened():
            empty = video_track_problem(self.path)
            if empty is not None:  # converting would not help: there is no picture in it
                raise VideoReadError(f"{self.path}: {empty}; there is nothing to track in it.")
            if self.path.suffix.lower() == ".json":
                raise VideoReadError(_JSON_NOT_A_VIDEO.format(path=self.path))
            cut = cut_short_problem(self.path)
            if cut is not None:  # converting would not help either: the frames' index is gone
                raise VideoReadError(f"{self.path} could not be opened as a video: {cut}.")
            raise VideoReadError(
                f"{self.path} could not be opened as a video: not a video file, or a codec this "
                "OpenCV/FFmpeg build cannot decode. Convert it with: ffmpeg -i INPUT -c:v libx264 out.mp4"
            )
        try:  # after the open: a large file that is no video is refused without reading it whole first
            identity = identify(self.path)
        except OSError as exc:
            cap.release()
            raise VideoReadError(f"{shown(self.path)}: cannot read it: {exc.strerror or exc}") from exc
        if file_status(self.path) != opened:  # the digest may be of another file than the one opened: never recorded
            cap.release()
            raise VideoReadError(
                f"{shown(self.path)} changed while it was opened (still being copied or written?): run again once "
                "it is complete"
            )
        matrix = display_matrix(self.path)
        self._mirrored = None if matrix is None else mirrored_orientation(matrix)
        cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 0 if self._mirrored else 1)  # a mirror: applied here, not by OpenCV
        self._cap: Any = cap
        self._opened = opened
        """The file's status when it was opened: a file rewritten in place while it is read gives frames of two
        recordings (:meth:`frames` says so at its end)."""
        self._position = 0
        """The index of the frame the decoder gives next."""
        self._lock = threading.Lock()  # a decode thread may still be reading when the owner closes
        rotation = int(cap.get(cv2.CAP_PROP_ORIENTATION_META) or 0) % 360
        width, height = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        if self._mirrored is not None:
            rotation, (width, height) = self._mirrored.rotation, self._mirrored.size(width, height)
        fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self.info = VideoInfo(
            path=shown(self.path),
            width=width,
            height=height,
            fps=fps,
            frame_count=_counted_from_first(self.path, name, max(0, int(cap.get(cv2.CAP_PROP_FRAME_COUNT)))),
            rotation=rotation,
            codec=_fourcc(cap.get(cv2.CAP_PROP_FOURCC)),
            size_bytes=identity.size_bytes,
            fingerprint=identity.fingerprint,
            presented_duration_ms=_presented_ms(self.path),
        )
        if self.info.frame_count == 0 and width == 0:
            cap.release()
            raise VideoReadError(f"{self.path} holds no video stream.")
        say_first_track_read(self.path, self.info.path, (self.info.width, self.info.height))  # a second one: said

    def __iter__(self) -> Iterator[DecodedFrame]:
        return self.frames()

    def frames(self, start: int = 0, count: int | None = None) -> Iterator[DecodedFrame]:
        """Decode frames ``start .. start+count-1`` (all remaining frames by default), in order: a reader goes
        forward only (iterating it a second time, or asking for frames before those it has decoded, is an
        error; open another reader to read them again).

        Raises:
            ValueError: ``start`` or ``count`` is not a whole number, 0 or more, or ``start`` is before the
                frames already decoded.
        """
        for name, value in (("start", start), ("count", 0 if count is None else count)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
                raise ValueError(f"{name} is a frame number, a whole number of 0 or more, got {value!r:.40}")
        start = int(start)
        cap = self._cap
        if cap is None:
            raise VideoReadError(f"{self.path}: reader is closed")
        if start < self._position:  # the decoder is past it: frames from where it is were labelled from `start`
            raise ValueError(
                f"{self.path}: frames from {start} asked for, but this reader has decoded {self._position} already: a "
                "VideoReader reads forward, once; open another VideoReader (or call read_frames) to read them again"
            )
        if start > self._position:
            cap.set(cv2.CAP_PROP_POS_FRAMES, start)
            if cap.get(cv2.CAP_PROP_POS_FRAMES) < start:  # past the end; or a start beyond int64, where the seek
                return  # went back to frame 0 and its frames were yielded as frames from `start` on
            self._position = start
        index = start
        previous_ms = -1.0
        while count is None or index < start + count:
            with self._lock:
                if self._cap is None:  # closed by its owner while this (a decode thread) was reading
                    return
                ok, image = cap.read()
                ts = float(cap.get(cv2.CAP_PROP_POS_MSEC)) if ok else 0.0
                self._position += bool(ok)
            if not ok or image is None:
                break
            if ts <= previous_ms and self.info.fps > 0:  # container gave no usable time
                ts = previous_ms + 1000.0 / self.info.fps
            previous_ms = ts
            yield DecodedFrame(index, ts, image if self._mirrored is None else self._mirrored.apply(image))
            index += 1
        expected = self.info.frame_count if count is None else min(self.info.frame_count, start + count)
        if index == 0:
            later_ms = self._first_decodable_ms()
            if later_ms is not None:  # the start of the file is corrupt, not its codec
                raise VideoReadError(self._corrupt_start(later_ms))
            codec = f"its {self.info.codec} video" if self.info.codec.strip("\x00 ?") else "its video"
            raise VideoReadError(  # an AV1 phone or YouTube clip opens, and no frame of it decodes here
                f"{self.path}: no frame could be decoded: {codec} is corrupt or in a codec this OpenCV/FFmpeg build "
                f"cannot decode; convert it with: ffmpeg -i {self.path} -c:v libx264 "
                f"{self.path.with_name(self.path.stem + '.h264.mp4')}"
            )
        # frames asked for past the end of a clip trimmed by an edit list (counted, never shown) are no cut
        short = (count is None or expected - index > 2) and stopped_short(self.info, index, previous_ms)
        if short:
            raise VideoReadError(
                f"{self.path}: decoding failed at frame {index} of {expected} "
                "(truncated or corrupt file); the frames before it were read."
            )

    def check_unchanged(self, frames_read: int) -> None:
        """Raise when the file opened was written to since it was opened: its frames may then come from two
        recordings (a copy still under way, a re-export over itself), though its digest was taken when it was
        opened. Another file renamed over it is no change here: the one opened is still read whole, and is the
        one recorded.

        Raises:
            VideoReadError: naming the file, how it changed and ``frames_read``, and the fix.
        """
        rewritten = self._rewritten_in_place()
        if rewritten is not None:
            raise VideoReadError(
                f"{shown(self.path)} changed while it was read ({rewritten}: still being recorded or copied, or "
                f"overwritten), so its frames may come from two files; the {frames_read} frames read are kept, "
                "marked incomplete: track it again once the file is complete."
            )

    def _rewritten_in_place(self) -> str | None:
        """How the file opened was written to since (its size, or its content), or None: unchanged (its
        modification time alone moved, by ``touch`` or a backup or sync tool, its bytes still the ones digested
        when it was opened: read again only then), or another file put in its place (renamed over it: the one
        opened is still read whole, and is what is recorded)."""
        now = file_status(self.path)
        then = self._opened
        if now is None or then is None or (now.device, now.inode) != (then.device, then.inode):
            return None
        if now.size != then.size:
            return f"{then.size} bytes when opened, {now.size} bytes now"
        # its modification time, not its status-change time: a chmod or a new hard link changes no frame
        if now.modified_ns == then.modified_ns:
            return None
        # the time alone may have moved (`touch`, a backup or sync tool setting it): the bytes tell
        try:
            same = identify(self.path).fingerprint == self.info.fingerprint
        except OSError:
            same = False
        return None if same else "written to since it was opened"

    def _first_decodable_ms(self) -> float | None:
        """After the first frame failed to decode: the time (ms, on the file's clock) of the first frame that
        decodes after it, reading on as far as the header's frame count (a failed read past the end costs
        nothing), or None when none does (a codec this build cannot decode, a file corrupt all through)."""
        with self._lock:
            cap = self._cap
            if cap is None:
                return None
            for _ in range(max(self.info.frame_count, 1)):
                ok, image = cap.read()
                if ok and image is not None:
                    return float(cap.get(cv2.CAP_PROP_POS_MSEC))
        return None

    def _corrupt_start(self, later_ms: float) -> str:
        """What to say of a file whose frames decode from ``later_ms`` on and not before: which frames, and the
        ffmpeg re-encode that keeps those that decode. They are not skipped here: the frames' numbers (the
        overlay's, the report's) and times would no longer be the file's."""
        fps = self.info.fps
        lost = round(later_ms * fps / 1000) if fps > 0 else None
        frames = f"its first {lost} frames (0-{lost - 1}, " if lost else "its first frames ("
        first = f"frame {lost}" if lost else "the first frame that decodes"
        out = self.path.with_name(self.path.stem + ".h264.mp4")
        return (
            f"{self.path}: {frames}the first {later_ms / 1000:.2f} s) could not be decoded: the start of the file is "
            f"corrupt ({first}, at {later_ms / 1000:.2f} s, is the first that decodes). They are not skipped: the "
            "frames' numbers and times would no longer be the file's. Re-encode the frames that decode into a file "
            f"of their own, which starts at that moment: ffmpeg -i {self.path} -c:v libx264 {out}"
        )

    def close(self) -> None:
        """Release the decoder. Safe to call more than once."""
        with self._lock:  # never while a decode thread is inside cap.read(): that frees what it reads
            if self._cap is not None:
                self._cap.release()
                self._cap = None

    def __enter__(self) -> VideoReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_frames(path: str | Path, start: int = 0, count: int | None = None) -> list[DecodedFrame]:
    """Decode a range of frames into memory (for benchmarks and short clips)."""
    with VideoReader(path) as reader:
        return list(reader.frames(start, count))


_END = object()


class BackgroundFrames:
    """Frames decoded in a background thread, ``depth`` ahead, from the moment this is made.

    Made before a video's turn (the next video of a batch), its first frames
    are ready when the tracker reaches it. Iterate once; an exception raised
    by the decoder is re-raised in the consumer after the frames decoded
    before it. :meth:`close` stops the thread (iteration ending does too).
    """

    def __init__(self, frames: Iterator[DecodedFrame], depth: int = 8) -> None:
        self._buffer: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._frames = frames
        self._thread = threading.Thread(target=self._produce, name="kinemotion-decode", daemon=True)
        self._thread.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._buffer.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        try:
            for frame in self._frames:
                if not self._put(frame):
                    return
            self._put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            self._put(exc)

    def __iter__(self) -> Iterator[DecodedFrame]:
        try:
            while True:
                item = self._buffer.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                assert isinstance(item, DecodedFrame)
                yield item
        finally:
            self.close()

    def close(self) -> None:
        """Stop decoding (the frames not taken are dropped). Safe to call more than once."""
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)


def prefetch(frames: Iterator[DecodedFrame], depth: int = 8) -> Iterator[DecodedFrame]:
    """Decode in a background thread, ``depth`` frames ahead, so decoding overlaps inference.

    An exception raised by the decoder is re-raised in the consumer, after the
    frames decoded before it. The thread starts on the first frame asked for
    (:class:`BackgroundFrames` starts at once).
    """
    yield from BackgroundFrames(frames, depth)
