"""A file with two video tracks: the first is read, and kinemotion says so once, with how to read the other.

Before: OpenCV decoded the first video track and kinemotion said nothing of the second (an export with another
camera angle, a proxy), so an athlete filmed on the second was looked for on the first without a word.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from kinemotion.tracking import track_video
from kinemotion.tracking.decode import VideoReader, video_duration_ms
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin


def _ffmpeg(*args: str) -> None:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def _two_tracks(path: Path) -> Path:
    """1 s at 30 frames/s of 160x120, then a second video track: 2 s of 320x240."""
    _ffmpeg(
        "-f", "lavfi", "-i", "color=c=red:size=160x120:rate=30:duration=1",
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=2",
        "-map", "0:v", "-map", "1:v", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
    )  # fmt: skip
    return path


def _said(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "video tracks" in r.getMessage()]


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_the_first_of_two_video_tracks_is_read_and_said_once_with_how_to_read_the_other(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, suffix: str
) -> None:
    video = _two_tracks(tmp_path / f"two{suffix}")
    caplog.set_level(logging.WARNING)
    for _ in range(2):  # opened again (an overlay, the stills): said once
        with VideoReader(video) as reader:
            frames = list(reader)
            info = reader.info
    (said,) = _said(caplog)
    assert str(video) in said and "holds 2 video tracks" in said and "reads the first (160x120)" in said, said
    # what is recorded is the first track's, as decoded: nothing else (a Matroska file's frame count is OpenCV's,
    # from the longest track; its first video track's own span says where it ends)
    assert (info.width, info.height, len(frames)) == (160, 120, 30)
    assert video_duration_ms(info) == pytest.approx(1000, abs=40)
    assert frames[0].image.shape[:2] == (120, 160)
    # the command it gives makes a file of the second track
    command = shlex.split(said.split("ffmpeg ", 1)[1])
    _ffmpeg(*command)
    second = Path(command[-1])
    with VideoReader(second) as reader:
        assert (reader.info.width, reader.info.height, len(list(reader))) == (320, 240, 60)
    assert len(_said(caplog)) == 1  # the copy holds one track: nothing said of it


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_a_two_track_file_is_tracked_whole_and_nothing_is_recorded_wrong(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, suffix: str
) -> None:
    """Before, a Matroska file's second, longer video track made its first's end "decoding failed at frame 30
    of 60 (truncated or corrupt file)": incomplete, tracked again on every run."""
    video = _two_tracks(tmp_path / f"clip{suffix}")
    t = np.arange(0, 1.0, 1 / 30)
    plugin = SeriesPlugin("zz-tracks", t, landmarks(t, cmj_motion(t, 0.3), noise=0.001, drop_every=0, seed=1))
    kinemotion.register_backend(plugin)
    caplog.set_level(logging.WARNING)
    try:
        result = track_video(video, "zz-tracks", progress=False)
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert result.complete and result.error is None and result.problems == ()
    assert result.frame_count == 30 and (result.video.width, result.video.height) == (160, 120)
    assert len(_said(caplog)) == 1


def test_a_file_with_one_video_track_says_nothing(demo_video: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with VideoReader(demo_video):
        pass
    assert _said(caplog) == []
