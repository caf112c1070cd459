"""What a file given as a video is, by its first bytes, when FFmpeg would open it as something it is not.

FFmpeg guesses a file's format from its content, whatever its name, and opens more than videos: a photo as a
one-frame video at an invented 25 frames/s, a camera's raw stream (motion-JPEG, H.264 or HEVC with no
container) at that same invented rate, so every time measured on it is off by the ratio to the real one, and
a text file as a playlist (``ffconcat``, ``#EXTM3U``) whose frames come from the files it names, which a
re-run cannot tell have changed, and a sound file (MP3, WAV) as a stream with no picture, which OpenCV then
calls a codec it cannot decode. :func:`content_problem` names each before FFmpeg is given the file.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from kinemotion.tracking.avi import avi_rate_problem

__all__ = [
    "FRAME_SUFFIXES",
    "LANDMARK_CSV_HEADER",
    "audio_kind",
    "content_problem",
    "frames_pattern",
    "is_landmark_csv",
    "raw_stream_kind",
    "sequence_fix",
    "still_image_kind",
    "text_kind",
]

_IMAGE_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (8, b"WEBP", "WebP"),
    (4, b"ftypheic", "HEIC"),
    (4, b"ftypheix", "HEIC"),
    (4, b"ftypmif1", "HEIF"),
    (4, b"ftypavif", "AVIF"),
)
"""Where each still-image format puts its signature (offset, bytes, name)."""

_JPEG_SCAN_BYTES = 64 * 1024 * 1024
"""How far a JPEG is searched for a second frame: a photo is smaller, a motion-JPEG stream's frames are too."""

_TEXT_PEEK = 4096
"""Bytes read to tell text from a binary file (a video's first bytes are never all text)."""


_PLAYLISTS = ("#extm3u", "ffconcat", "file ", "[playlist]", "<?xml")
"""How a playlist's first line starts (HLS, FFmpeg's concat list, PLS, DASH's XML)."""


def _head(path: str | os.PathLike[str], size: int) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return None


def _more_jpeg_frames(path: str | os.PathLike[str]) -> bool:
    """Whether another JPEG starts right where the first one ends (``FF D9 FF D8``): motion-JPEG, not a photo."""
    read, tail = 0, b""
    try:
        with open(path, "rb") as fh:
            while read < _JPEG_SCAN_BYTES:
                chunk = fh.read(1 << 20)
                if not chunk:
                    return False
                if b"\xff\xd9\xff\xd8" in tail + chunk:
                    return True
                read, tail = read + len(chunk), chunk[-3:]
    except OSError:
        return False
    return False


def still_image_kind(path: str | os.PathLike[str]) -> str | None:
    """The still-image format of the file at ``path`` by its first bytes (``"PNG"``, ``"JPEG"``, ...), whatever
    its name; None for anything else (a video, a GIF, which may be animated, JPEG frames one after another) or a
    file that cannot be read."""
    head = _head(path, 16)
    if head is None or (head[:4] == b"RIFF" and head[8:12] != b"WEBP"):
        return None
    kind = next((name for at, magic, name in _IMAGE_SIGNATURES if head[at : at + len(magic)] == magic), None)
    if kind == "JPEG" and _more_jpeg_frames(path):
        return None  # a camera's motion-JPEG stream (see raw_stream_kind)
    return kind


def audio_kind(path: str | os.PathLike[str]) -> str | None:
    """The audio format of the file at ``path`` by its first bytes (``"MP3"``, ``"AAC"``, ``"WAV"``, ``"FLAC"``),
    whatever its name: a sound recording, with no picture; None for anything else (an MP4 or MOV holding only
    sound is told by its tracks: :func:`~kinemotion.tracking.container.video_track_problem`)."""
    head = _head(path, 12)
    if head is None or len(head) < 4:
        return None
    if head[:3] == b"ID3":  # an MP3's tags
        return "MP3"
    if head[0] == 0xFF and head[1] & 0xF6 == 0xF0:  # an ADTS frame's sync word, layer 0
        return "AAC"
    if head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:  # an MPEG audio frame's sync, layer 1-3
        return "MP3"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"fLaC":
        return "FLAC"
    return None


def raw_stream_kind(path: str | os.PathLike[str]) -> str | None:
    """``"motion-JPEG"`` or ``"H.264/HEVC"`` for a video stream with no container around it, which records no
    frame rate nor frame times; None for anything else."""
    head = _head(path, 16)
    if head is None:
        return None
    if head[:3] == b"\xff\xd8\xff":
        return "motion-JPEG" if _more_jpeg_frames(path) else None
    start = 4 if head[:4] == b"\x00\x00\x00\x01" else 3 if head[:3] == b"\x00\x00\x01" else 0
    # an Annex B start code and a NAL unit header (forbidden bit 0); not an MPEG-1/2 start code (0xB3, 0xBA:
    # streams that give their rate), nor an MP4 box of a 64-bit size (00 00 00 01, then its type in letters)
    if start and len(head) > start and head[start] < 0x80 and not head[4:8].isalpha():
        return "H.264/HEVC"
    return None


def text_kind(path: str | os.PathLike[str]) -> str | None:
    """``"a web page (HTML)"`` or ``"a text file"`` when the file's first bytes are all text; None for a binary
    file (every video), a YUV4MPEG2 video (a text header, then raw frames) or a file that cannot be read."""
    head = _head(path, _TEXT_PEEK)
    if not head or head.startswith(b"YUV4MPEG2"):
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not text (a character cut at the end of the peek is)
            return None
        text = head[: exc.start].decode("utf-8-sig")
    if any(c < " " and c not in "\t\n\r\f" for c in text):
        return None
    lowered = text.lstrip().lower()
    return "a web page (HTML)" if lowered.startswith(("<!doctype html", "<html")) else "a text file"


LANDMARK_CSV_HEADER = "frame,timestamp_ms,"
"""How the landmark CSV ``kinemotion track`` writes beside its JSON (for a spreadsheet) starts."""


def is_landmark_csv(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file that starts as ``kinemotion track``'s landmark CSV (its first line read
    only: a named pipe is never opened)."""
    return (
        os.path.isfile(path) and text_kind(path) == "a text file" and _first_line(path).startswith(LANDMARK_CSV_HEADER)
    )


_NUMBERED = re.compile(r"^(.*?)(\d+)$")
"""A frame's stem ending in its number (``0001``, ``frame_000123``): one frame of an image sequence."""


FRAME_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".dng", ".webp"))
"""Suffixes of the images a camera exports the frames of a recording as (lower case)."""


def frames_pattern(frame: Path, *, alone: bool = False) -> Path | None:
    """The FFmpeg pattern of the numbered image sequence ``frame`` belongs to (``seq/0001.png`` ->
    ``seq/%04d.png``); None when it is no image named with a number, or (unless ``alone``: the caller has seen
    the others) no other frame of that pattern lies beside it (a photo, ``IMG_1234.JPG``)."""
    numbered = _NUMBERED.match(frame.stem)
    if numbered is None or frame.suffix.lower() not in FRAME_SUFFIXES:
        return None
    prefix, digits = numbered[1], numbered[2]
    pattern = frame.with_name(f"{prefix.replace('%', '%%')}%0{len(digits)}d{frame.suffix}")
    if alone:
        return pattern
    frames = re.compile(re.escape(prefix) + r"\d{" + str(len(digits)) + "}" + re.escape(frame.suffix) + "$")
    try:
        with os.scandir(frame.parent) as entries:
            others = any(e.name != frame.name and frames.match(e.name) for e in itertools.islice(entries, 10_000))
    except OSError:
        return None
    return pattern if others else None


def sequence_fix(pattern: Path | str) -> str:
    """How to make a video of the numbered frames ``pattern`` names (``seq/%04d.png``), at the rate they were
    filmed: what a high-speed camera's image sequence needs before kinemotion can track it."""
    folder = Path(pattern).parent
    video = folder.with_name(f"{folder.name or 'frames'}.FPSfps.mp4") if folder.name else Path("frames.FPSfps.mp4")
    return (
        f"kinemotion tracks videos: encode the frames as one at the rate they were filmed, ffmpeg -framerate FPS "
        f"-i '{pattern}' -c:v libx264 -crf 12 -pix_fmt yuv420p {video} (FPS: the camera's frame rate, e.g. 240)"
    )


def content_problem(path: Path) -> str | None:
    """Why the file at ``path`` is not a video FFmpeg should open, by its content, as a message starting with
    the path; or None."""
    image = still_image_kind(path)
    pattern = frames_pattern(path) if image is not None else None
    if pattern is not None:  # frame 0001 of a high-speed camera's export: the video is all of them
        return f"{path}: is a {image} image, one frame of an image sequence ({pattern}); {sequence_fix(pattern)}"
    if image is not None:  # FFmpeg opens it as one frame at an invented 25 frames/s, tracked as a video
        return (
            f"{path}: is a {image} image, not a video (a photo or screenshot saved under a video's name?); "
            "kinemotion tracks videos: give the recording itself"
        )
    sound = audio_kind(path)
    if sound is not None:  # FFmpeg opens it, OpenCV finds no picture: "a codec this build cannot decode"
        return (
            f"{path}: is an {sound} audio file, with no picture to track (the sound of a recording, saved "
            "apart?); give the video itself"
        )
    raw = raw_stream_kind(path)
    if raw is not None:
        return (
            f"{path}: is a raw {raw} stream, with no container to give its frame rate: FFmpeg would assume 25 "
            "frames/s and every time measured would be off; encode it at the rate it was filmed: ffmpeg "
            f"-framerate FPS -i {path} -c:v libx264 -crf 18 {path.with_name(path.stem + '.FPSfps.mp4')} (FPS: "
            "the camera's frame rate, e.g. 30)"
        )
    no_rate = avi_rate_problem(path)
    if no_rate is not None:  # FFmpeg would time it at an invented 25 frames/s
        return no_rate
    text = text_kind(path) if path.suffix.lower() != ".json" else None  # a JSON file: said so, once not opened
    if text is None:
        return None
    if text == "a web page (HTML)":
        why = "it is a web page (HTML): a download that saved the link's page instead of the video? Download "
        return f"{path} could not be opened as a video: {why}the video itself and give its file"
    first = _first_line(path)
    if first.startswith(LANDMARK_CSV_HEADER):
        json_file = path.with_suffix(".json")
        why = (
            f"it is a landmark CSV (`kinemotion track` wrote it, for a spreadsheet); `kinemotion cmj` and "
            f"`dropjump` analyse the landmark JSON written with it ({json_file}) without tracking again"
        )
        return f"{path} could not be opened as a video: {why}, or give the video itself"
    if first.lower().startswith(_PLAYLISTS):
        why = f"it is a playlist (it starts {first!r}), whose files FFmpeg would read in its place"
    else:
        why = f"it is text (it starts {first!r}), not a video file"
    return f"{path} could not be opened as a video: {why}; give the video file itself"


def _first_line(path: str | os.PathLike[str]) -> str:
    """The first line of a text file, at most 40 characters (for a message)."""
    head = _head(path, _TEXT_PEEK) or b""
    line = head.decode("utf-8-sig", "replace").lstrip().split("\n", 1)[0].strip()
    return line[:40] + ("..." if len(line) > 40 else "")
