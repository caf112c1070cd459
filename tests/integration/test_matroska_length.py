"""A Matroska/WebM file whose sound runs on past its picture is whole; one cut in its picture is cut short.

OpenCV counts a Matroska stream's frames from the whole file's duration (the sound's, when it is longer): a
1.2 s clip with 1.7 s of sound "has" 51 frames of which 36 decode. Before: ``kinemotion track`` said "decoding
failed at frame 36 of 51 (truncated or corrupt file)", marked its landmarks incomplete (exit 3) and tracked it
again on every run. :mod:`kinemotion.tracking.matroska` reads the video track's own span from the file.
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest

from kinemotion import VideoReadError
from kinemotion.tracking.decode import VideoReader
from kinemotion.tracking.matroska import video_track_duration_ms
from tests.integration.test_hostile_input_round6 import _kinemotion

FPS = 30
_CODECS = {
    ".mkv": ["-c:v", "libx264", "-bf", "2", "-c:a", "libvorbis"],
    ".webm": ["-c:v", "libvpx", "-c:a", "libvorbis"],
}


def _ffmpeg(*args: str) -> None:
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def _sound_runs_on(path: Path, video_s: float = 1.2, sound_s: float = 1.7) -> Path:
    """A ``video_s`` clip at 30 frames/s with ``sound_s`` of sound, as ``ffmpeg -i v.mp4 -i sound -c:v copy``
    muxes it."""
    _ffmpeg("-f", "lavfi", "-i", f"testsrc=s=64x64:r={FPS}:d={video_s}", "-f", "lavfi", "-i", f"sine=d={sound_s}",
            *_CODECS[path.suffix], str(path))  # fmt: skip
    return path


@pytest.mark.parametrize("name", ["recorded.mkv", "recorded.webm"])
def test_a_matroska_file_whose_sound_runs_on_is_tracked_whole_and_resumed(tmp_path: Path, fake: str, name: str) -> None:
    video = _sound_runs_on(tmp_path / name)
    import cv2

    assert cv2.VideoCapture(str(video)).get(cv2.CAP_PROP_FRAME_COUNT) > 36 + 3  # OpenCV counts to the sound's end
    out = tmp_path / "out" / "recorded.landmarks.json"
    result = _kinemotion("track", video, "-b", fake, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert "decoding failed" not in result.output and "truncated" not in result.output, result.output
    data = json.loads(out.read_text())
    assert data["complete"] is True and len(data["frames"]) == 36
    assert data["video"]["presented_duration_ms"] == pytest.approx(1200, abs=40)
    again = _kinemotion("track", video, "-b", fake, "-o", out, "-q")
    assert again.exit_code == 0 and "skipped, its outputs exist" in again.output, again.output


def test_the_landmarks_of_a_matroska_file_whose_sound_runs_on_are_analysed(tmp_path: Path, cmj_backend: str) -> None:
    """``cmj`` on the video tracks it whole and analyses it (before: exit 3, a report of a tracking cut short)."""
    video = _sound_runs_on(tmp_path / "jump.mkv", video_s=3.5, sound_s=4.5)
    result = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{tmp_path / 'out'}/", "-q")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "jump.cmj.json").read_text())["jump_count"] == 1


def test_a_matroska_file_cut_in_its_picture_is_still_cut_short(tmp_path: Path, fake: str) -> None:
    """A copy interrupted half way: its Segment states a size past the end of the file."""
    whole = _sound_runs_on(tmp_path / "whole.mkv", video_s=4, sound_s=4.5)
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert video_track_duration_ms(cut) is None
    result = _kinemotion("track", cut, "-b", fake, "-o", tmp_path / "cut.landmarks.json", "-q")
    assert result.exit_code == 3, result.output
    assert "decoding failed at frame" in result.output and "(truncated or corrupt file)" in result.output


def test_the_video_tracks_span_is_from_its_first_frame_to_the_end_of_its_last(tmp_path: Path) -> None:
    """A file whose picture outlasts its sound, and a file with no sound, are measured by their picture."""
    longer = _sound_runs_on(tmp_path / "longer.mkv", video_s=2, sound_s=0.5)
    silent = tmp_path / "silent.webm"
    _ffmpeg("-f", "lavfi", "-i", f"testsrc=s=64x64:r={FPS}:d=1", "-c:v", "libvpx", str(silent))
    assert video_track_duration_ms(longer) == pytest.approx(2000, abs=40)
    assert video_track_duration_ms(silent) == pytest.approx(1000, abs=40)
    assert video_track_duration_ms(tmp_path / "missing.mkv") is None


def test_a_damaged_matroska_structure_falls_back_to_the_frame_count_without_a_traceback(tmp_path: Path) -> None:
    """Any byte of the file changed, or the file cut anywhere: the span is read or given up, never an exception;
    and a file whose structure cannot be judged is read as before (by its frame count)."""
    video = _sound_runs_on(tmp_path / "clip.mkv")
    data = video.read_bytes()
    rng = random.Random(7)
    damaged = tmp_path / "damaged.mkv"
    for at in sorted({*range(0, min(len(data), 400)), *rng.sample(range(len(data)), 200)}):
        for value in (0x00, 0xFF, data[at] ^ 0x55):
            damaged.write_bytes(data[:at] + bytes([value]) + data[at + 1 :])
            span = video_track_duration_ms(damaged)
            assert span is None or span > 0
        damaged.write_bytes(data[:at])
        assert video_track_duration_ms(damaged) is None
    segment = data.index(bytes.fromhex("18538067"))  # the Segment's size made unknown (a stream's): not judged
    damaged.write_bytes(data[: segment + 4] + bytes.fromhex("01ffffffffffffff") + data[segment + 12 :])
    assert video_track_duration_ms(damaged) is None
    with VideoReader(damaged) as reader:
        assert reader.info.presented_duration_ms is None
        with pytest.raises(VideoReadError, match="decoding failed at frame 36 of"):
            list(reader)


def test_a_damaged_matroska_header_is_one_error_not_a_traceback(tmp_path: Path, fake: str) -> None:
    video = tmp_path / "damaged.mkv"
    video.write_bytes(bytes.fromhex("1a45dfa3") + bytes(range(256)) * 8)
    result = _kinemotion("track", video, "-b", fake, "-o", tmp_path / "out.landmarks.json", "-q")
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    assert "damaged.mkv could not be opened as a video" in result.output, result.output
