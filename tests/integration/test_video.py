"""Video input: metadata, rotation, timestamps, bad files, background decoding."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from kinemotion import VideoReadError
from kinemotion.tracking.decode import VideoReader, prefetch, read_frames

pytestmark = pytest.mark.models


def _ffmpeg() -> str:
    """The ffmpeg binary that the imageio-ffmpeg wheel ships: tests need no system ffmpeg."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def test_demo_metadata_and_timestamps(demo_video: Path) -> None:
    with VideoReader(demo_video) as reader:
        assert (reader.info.width, reader.info.height, reader.info.fps) == (1768, 994, 30.0)
        assert reader.info.frame_count == 230 and reader.info.rotation == 0
        frames = list(reader)
    assert [f.index for f in frames] == list(range(230))
    times = np.array([f.timestamp_ms for f in frames])
    assert np.all(np.diff(times) > 0)
    np.testing.assert_allclose(np.diff(times), 1000 / 30, atol=0.5)


def test_a_stream_without_timestamps_is_refused_not_given_an_assumed_rate(tmp_path: Path) -> None:
    """A raw H.264 stream (no container) reports 0 ms for every frame and the 25 frames/s FFmpeg assumes for any
    raw stream: spacing its frames at that rate made every time wrong for a clip filmed at another one (round 9:
    refused with the command that encodes it at its real rate; see ``test_hostile_input_round9``)."""
    raw = tmp_path / "clip.h264"
    subprocess.run(
        [_ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=60", "-frames:v", "10",
         "-pix_fmt", "yuv420p", str(raw)],
        check=True,
    )  # fmt: skip
    with pytest.raises(VideoReadError, match=r"clip.h264: is a raw H.264/HEVC stream, with no container"):
        VideoReader(raw)


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_rotated_phone_video_comes_out_upright(demo_video: Path, tmp_path: Path, degrees: int) -> None:
    ffmpeg = _ffmpeg()
    plain, rotated = tmp_path / "plain.mp4", tmp_path / "rotated.mp4"
    encode = [
        ffmpeg,
        "-v",
        "error",
        "-i",
        str(demo_video),
        "-frames:v",
        "10",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
    ]
    subprocess.run([*encode, str(plain)], check=True)
    # Rotation metadata only (a display matrix), the pixels stay as they are: what phones write.
    tag = [ffmpeg, "-v", "error", "-display_rotation:v:0", str(degrees), "-i", str(plain), "-c", "copy"]
    subprocess.run([*tag, str(rotated)], check=True)
    reference = tmp_path / "ffmpeg-frame0.png"  # ffmpeg's own autorotation is the reference
    subprocess.run([ffmpeg, "-v", "error", "-i", str(rotated), "-frames:v", "1", str(reference)], check=True)
    upright = (1768, 994) if degrees == 180 else (994, 1768)
    with VideoReader(rotated) as reader:
        first = next(iter(reader)).image
        assert reader.info.rotation == (360 - degrees) % 360  # display rotation is counter-clockwise
        assert (reader.info.width, reader.info.height) == upright
    assert first.shape == (upright[1], upright[0], 3)
    assert np.abs(first.astype(int) - cv2.imread(str(reference)).astype(int)).mean() < 1.0
    with VideoReader(plain) as reader:  # and it really was turned: the unrotated frame differs
        assert next(iter(reader)).image.shape == (994, 1768, 3)


@pytest.mark.parametrize("flip", ["hflip", "vflip"])
@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_a_mirrored_phone_video_comes_out_as_players_show_it(
    demo_video: Path, tmp_path: Path, degrees: int, flip: str
) -> None:
    """A display matrix that mirrors (``-display_hflip``, a front-camera app) with each right-angle turn. Before:
    OpenCV applied the turn it read from the matrix and ignored the mirror, so a left-right mirror came out
    upside down (and was tracked upside down, silently)."""
    ffmpeg = _ffmpeg()
    plain, mirrored = tmp_path / "plain.mp4", tmp_path / "mirrored.mp4"
    small = ["-vf", "scale=442:248"]  # a quarter of the demo: the same picture, decoded fast
    subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(demo_video), "-frames:v", "3", *small, "-c:v", "libx264", "-preset",
         "ultrafast", str(plain)],
        check=True,
    )  # fmt: skip
    tag = [ffmpeg, "-v", "error", "-display_rotation:v:0", str(degrees), f"-display_{flip}:v:0", "-i", str(plain)]
    subprocess.run([*tag, "-c", "copy", str(mirrored)], check=True)
    reference = tmp_path / "ffmpeg-frame0.png"  # ffmpeg's own autorotation is the reference
    subprocess.run([ffmpeg, "-v", "error", "-i", str(mirrored), "-frames:v", "1", str(reference)], check=True)
    expected = cv2.imread(str(reference))
    with VideoReader(mirrored) as reader:
        first = next(iter(reader)).image
        assert (reader.info.width, reader.info.height) == (expected.shape[1], expected.shape[0])
    assert first.shape == expected.shape
    assert np.abs(first.astype(int) - expected.astype(int)).mean() < 1.0


def test_truncated_file_fails_at_a_frame_and_keeps_earlier_frames(demo_video: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes(demo_video.read_bytes()[:2_000_000])
    seen = []
    with pytest.raises(VideoReadError, match=r"truncated.mp4: decoding failed at frame (\d+) of 230") as info:
        for frame in VideoReader(truncated):
            seen.append(frame.index)
    assert seen == list(range(len(seen))) and 50 < len(seen) < 230
    assert f"frame {len(seen)} of 230" in str(info.value)


def test_a_file_cut_a_few_frames_before_its_end_is_a_failure_too(demo_video: Path, tmp_path: Path) -> None:
    """The last 2 % of the bytes lost: about a dozen frames, more than a container's over-count of one or two."""
    data = demo_video.read_bytes()
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(data[: int(len(data) * 0.98)])
    seen = []
    with pytest.raises(VideoReadError, match=r"cut.mp4: decoding failed at frame (\d+) of 230") as info:
        for frame in VideoReader(truncated):
            seen.append(frame.index)
    assert 200 < len(seen) <= 227 and f"frame {len(seen)} of 230" in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"this is not a video\n", "could not be opened as a video: it is text"), (b"", "is empty")],
)
def test_not_a_video(tmp_path: Path, content: bytes, message: str) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_bytes(content)
    with pytest.raises(VideoReadError, match=message) as info:
        VideoReader(fake)
    assert "notes.mp4" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VideoReadError, match="does not exist"):
        VideoReader(tmp_path / "nope.mp4")


def test_prefetch_yields_the_same_frames_and_passes_errors_on(demo_video: Path, tmp_path: Path) -> None:
    direct = read_frames(demo_video, 0, 20)
    with VideoReader(demo_video) as reader:
        ahead = list(prefetch(reader.frames(0, 20), depth=4))
    assert [f.index for f in ahead] == [f.index for f in direct]
    assert all(np.array_equal(a.image, b.image) for a, b in zip(ahead, direct, strict=True))
    truncated = tmp_path / "t.mp4"
    truncated.write_bytes(demo_video.read_bytes()[:2_000_000])
    got = []
    with pytest.raises(VideoReadError, match="decoding failed"):
        for frame in prefetch(VideoReader(truncated).frames()):
            got.append(frame.index)
    assert len(got) > 50


def test_an_audio_only_file_is_said_to_hold_no_video(tmp_path: Path) -> None:
    """A voice memo or a song given as the video. Before: 'not a video file, or a codec this build cannot
    decode. Convert it with: ffmpeg -i INPUT -c:v libx264 out.mp4', advice that cannot work without a picture."""
    audio = tmp_path / "memo.m4a"
    subprocess.run([_ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "sine=d=1", str(audio)], check=True)
    with pytest.raises(VideoReadError, match=r"memo.m4a: audio only: it holds no video track; there is nothing to"):
        VideoReader(audio)
