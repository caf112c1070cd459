"""Hostile input, round 12: what a twelfth outside attack (landmark files edited by hand, the Python API given
the wrong things, an audio file for a video, a landmark file with one pose) found still broken.

Each test reproduces what a careless user, an unlucky run or a script could do and checks for one clear error
naming the file, field or frame and the fix, or for the right answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_hostile_input_round6 import _kinemotion, _tracked
from tests.jump.physics_backend import blank_video

FPS = 30


@pytest.fixture
def landmarks(tmp_path: Path, cmj_backend: str) -> Path:
    """A landmark JSON (``clip.landmarks.json``) `kinemotion track` wrote for a blank clip the fake CMJ backend
    'sees' a jump in; its video is ``clip.mp4`` beside it."""
    video = blank_video(tmp_path / "clip.mp4", int(3.5 * FPS), FPS)
    return _tracked(video, cmj_backend, tmp_path / "clip.landmarks.json")


def _edited(landmarks: Path, edit: Any, name: str = "edited.landmarks.json") -> Path:
    data = json.loads(landmarks.read_text())
    edit(data)
    path = landmarks.with_name(name)
    path.write_text(json.dumps(data))
    return path


# --- a landmark JSON missing a field every one of ours has ----------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda d: d.pop("video"), "it has no video object"),
        (lambda d: d.pop("backend"), "it has no backend object"),
        (lambda d: d["video"].pop("path"), "video has no path"),
        (lambda d: d["video"].pop("fps"), "video has no fps"),
        (lambda d: (d["video"].pop("width"), d["video"].pop("height")), "video has no width, no height"),
        (lambda d: d["backend"].pop("name"), "backend has no name"),
        (lambda d: d["frames"][3].pop("timestamp_ms"), "frame 3 has no timestamp_ms"),
    ],
)
def test_a_landmark_json_missing_a_field_names_the_field_not_python(landmarks: Path, edit: Any, said: str) -> None:
    """A landmark JSON trimmed by hand (a field deleted to "anonymise" it, a script that drops what it does not
    know). Before: "(TypeError: VideoInfo.__init__() missing 1 required positional argument: 'path')" or
    "(KeyError: 'video')", Python's words for kinemotion's own classes, not the file's field."""
    from kinemotion.errors import TrackingFileError
    from kinemotion.tracking import read_json

    edited = _edited(landmarks, edit)
    with pytest.raises(TrackingFileError) as caught:
        read_json(edited)
    message = str(caught.value)
    assert message.startswith(f"{edited}: not a landmark JSON that kinemotion can read (") and said in message, message
    assert "__init__" not in message and "KeyError" not in message, message
    result = _kinemotion("cmj", edited, "-o", landmarks.parent / "out/", "-q")
    assert result.exit_code == 1 and said in result.output, result.output


# --- a frame time edited to an absurd number --------------------------------------------------------------------


def test_a_frame_time_edited_to_an_absurd_number_is_said_in_a_few_digits(landmarks: Path) -> None:
    """The last frame's time edited to 1e300 ms. Before: the error spelled the time out in full, "its frames run to
    1000000000000000017652801462756379714374878780719864776839443139119744823869255243069012222883470...(300
    digits).00 s", a screenful for one number."""
    edited = _edited(landmarks, lambda d: d["frames"][-1].__setitem__("timestamp_ms", 1e300))
    result = _kinemotion("cmj", edited, "-o", landmarks.parent / "out/", "-q")
    assert result.exit_code == 1, result.output
    assert "its frames run to 1e+297 s, past the end of" in result.output, result.output
    assert "0000000000" not in result.output, result.output


# --- the Python API's writers given the wrong things -------------------------------------------------------------


@pytest.mark.parametrize("writer", ["write_json", "write_csv"])
@pytest.mark.parametrize(
    ("result", "path", "said"),
    [
        (None, "out.json", "{writer} writes a TrackingResult (what track_video or read_json returns), got NoneType"),
        (
            {"frames": []},
            "out.json",
            "{writer} writes a TrackingResult (what track_video or read_json returns), got dict",
        ),
        ("landmarks", 5, "the path {writer} writes to must be one path (str or pathlib.Path), got int: 5"),
    ],
)
def test_the_writers_given_no_tracking_or_no_path_say_what_they_got(
    tmp_path: Path, landmarks: Path, monkeypatch: pytest.MonkeyPatch, writer: str, result: Any, path: Any, said: str
) -> None:
    """A notebook passes the dict it loaded with ``json.load`` (or None from a failed step) to ``write_json``.
    Before: "AttributeError: 'dict' object has no attribute 'video'" from inside the writer, and a path of 5 gave
    posixpath's "expected str, bytes or os.PathLike object, not int"."""
    from kinemotion import tracking

    monkeypatch.chdir(tmp_path)
    given = tracking.read_json(landmarks) if result == "landmarks" else result
    with pytest.raises(TypeError) as caught:
        getattr(tracking, writer)(given, path)
    assert str(caught.value).startswith(said.format(writer=writer)), caught.value
    assert not (tmp_path / "out.json").exists()


# --- read_json given the video --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["clip.mp4", "clip.landmarks.json"])
def test_read_json_given_a_video_says_it_is_no_text_not_the_codec_error(tmp_path: Path, name: str) -> None:
    """``read_json("clip.mp4")`` in a notebook (the video for its landmarks), or a video saved under a .json
    name. Before: "cannot be read (UnicodeDecodeError: 'utf-8' codec can't decode byte 0x95 in position 42:
    invalid start byte)"."""
    from kinemotion.errors import TrackingFileError
    from kinemotion.tracking import read_json

    video = blank_video(tmp_path / "recorded.mp4", 10, FPS).rename(tmp_path / name)
    with pytest.raises(TrackingFileError) as caught:
        read_json(video)
    assert str(caught.value).startswith(
        f"{video}: is not text, so not a landmark JSON (a video or another binary file?): give the .json file "
        "`kinemotion track` wrote"
    ), caught.value
    assert "codec" not in str(caught.value)


# --- a plot of a landmark file with one pose ------------------------------------------------------------------


def test_the_plot_of_a_tracking_with_almost_no_pose_prints_no_numpy_warning(landmarks: Path) -> None:
    """A landmark file where the athlete was found on one frame only, with ``--plot`` (to see why no jump was
    found). Before: numpy's "RuntimeWarning: All-NaN slice encountered" and "Mean of empty slice", each with
    the source line of kinemotion's plot module, printed around the message that says what is wrong."""

    def one_pose(data: dict[str, Any]) -> None:
        for frame in data["frames"][1:]:
            frame["landmarks"] = None
        data["frames_with_pose"] = 1

    edited = _edited(landmarks, one_pose)
    plot = landmarks.parent / "why.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kinemotion",
            "cmj",
            str(edited),
            "-o",
            str(landmarks.parent / "out/"),
            "--plot",
            str(plot),
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "No person found on enough frames (1 of" in done.stderr, done.stderr
    assert "Warning" not in done.stderr and "nanmax" not in done.stderr, done.stderr
    assert plot.is_file()


# --- a sound file given as the video --------------------------------------------------------------------------


def _ffmpeg(*args: str) -> None:
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


@pytest.mark.parametrize(
    ("name", "codec", "kind"),
    [
        ("voice.mp3", "libmp3lame", "MP3"),
        ("plain.mp3", "libmp3lame", "MP3"),  # no ID3 tags: by the frames' sync word
        ("jump.wav", "pcm_s16le", "WAV"),
        ("jump.flac", "flac", "FLAC"),
        ("jump.aac", "aac", "AAC"),
        ("jump.mp4", "libmp3lame", "MP3"),  # under a video's name
    ],
)
def test_a_sound_file_given_as_the_video_is_said_to_be_one(
    tmp_path: Path, fake: str, name: str, codec: str, kind: str
) -> None:
    """The sound of a session, exported apart (or a voice memo), given as the video. Before: "could not be opened
    as a video: not a video file, or a codec this OpenCV/FFmpeg build cannot decode. Convert it with: ffmpeg -i
    INPUT -c:v libx264 out.mp4", a conversion that cannot make a picture out of sound (an MP4 holding only sound
    was already said to be "audio only")."""
    sound = tmp_path / name
    tags = ["-write_id3v2", "0", "-f", "mp3"] if name.startswith("plain") else ["-f", "mp3"] if kind == "MP3" else []
    _ffmpeg("-f", "lavfi", "-i", "sine=d=1", "-c:a", codec, *tags, str(sound))
    result = _kinemotion("track", sound, "-b", fake, "-o", tmp_path / "out/", "-q")
    assert result.exit_code == 1, result.output
    assert f"{sound}: is an {kind} audio file, with no picture to track" in result.output, result.output
    assert "Convert it" not in result.output


@pytest.mark.parametrize("name", ["clip.mp4", "clip.mkv", "clip.avi"])
def test_a_video_is_no_sound_file(tmp_path: Path, name: str) -> None:
    """The check by first bytes takes no video for sound."""
    from kinemotion.tracking.signatures import audio_kind

    video = tmp_path / name
    _ffmpeg("-f", "lavfi", "-i", "testsrc=d=0.5:s=64x64:r=10", "-f", "lavfi", "-i", "sine=d=0.5", str(video))
    assert audio_kind(video) is None


# --- a digit that is no number --------------------------------------------------------------------------------


def test_a_job_count_written_with_a_superscript_digit_is_refused_in_words(clip: Path, fake: str) -> None:
    """``-j ²`` (a key next to 1 on some keyboards). Before: "Invalid value for --jobs: invalid literal for int()
    with base 10: '²'", Python's words: '²' passes ``str.isdigit`` and ``int`` refuses it."""
    result = _kinemotion("track", clip, "-b", fake, "-j", "²", "-q")
    assert result.exit_code == 2, result.output
    assert "must be 'auto' or a whole number of 1 or more, got '²'" in result.output, result.output
    assert "int()" not in result.output


def test_an_ort_thread_count_written_with_a_superscript_digit_is_ignored_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``KINEMOTION_ORT_THREADS=²``. Before: every RTMPose backend was "unavailable: probe() raised ValueError:
    invalid literal for int() ... To install or repair it: pip install", a reinstall that changes nothing."""
    cpu_cores = pytest.importorskip("kinemotion_rtmpose.cpu_cores")
    monkeypatch.setenv(cpu_cores.THREADS_ENV, "²")
    cpu_cores.threads_override.cache_clear()
    try:
        assert cpu_cores.threads_override() is None
    finally:
        cpu_cores.threads_override.cache_clear()
    assert "is not a positive whole number; ignoring it" in caplog.text


# --- a tracking built by hand with its times as a column ----------------------------------------------------


def test_times_given_as_a_column_are_said_to_be_one_per_frame_not_a_shape_that_matches(landmarks: Path) -> None:
    """A tracking built by hand from a table whose times came out as a column (``df[["t"]].to_numpy()``, shape
    (n, 1)). Before: "54 timestamps, landmarks of shape (54, 26, 3) for 26 landmark names (expected (54, 26,
    3))": the shape it blamed was the one it expected."""
    import dataclasses

    from kinemotion.errors import AnalysisError
    from kinemotion.jump import analyze_tracking
    from kinemotion.tracking import read_json

    tracking = read_json(landmarks)
    column = dataclasses.replace(tracking, timestamps_ms=tracking.timestamps_ms[:, None])
    with pytest.raises(AnalysisError) as caught:
        analyze_tracking(column, "cmj")
    assert str(caught.value).startswith(
        f"The tracking's timestamps_ms are of shape ({tracking.frame_count}, 1): give one time per frame, a flat "
        f"series (e.g. numpy's .ravel()) of {tracking.frame_count} times in ms."
    ), caught.value


# --- a path with a name longer than the filesystem takes ------------------------------------------------------

_LONG_FOLDER = "跳躍テスト" * 18  # 90 characters, 270 bytes in UTF-8: more than the 255 a name may have


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("track", "{clip}", "-b", "{fake}", "-o", "{long}/"), "{long}"),
        (("track", "{long}/clip.mp4", "-b", "{fake}"), "{long}"),
        (("track", "{clip}", "-b", "{fake}", "--overlay", "{long}/clip.overlay.mp4"), "{long}/clip.overlay.mp4"),
        (("cmj", "{clip}", "-b", "{fake}", "-o", "{long}/"), "{long}"),
        (("cmj", "{clip}", "-b", "{fake}", "--plot", "{long}.png"), "{long}.png"),
        (("report", "{long}.cmj.json"), "{long}.cmj.json"),
    ],
)
def test_a_folder_or_file_named_longer_than_the_filesystem_takes_is_one_error_not_a_traceback(
    tmp_path: Path, clip: Path, fake: str, args: tuple[str, ...], named: str
) -> None:
    """``-o`` a folder named with 90 Japanese characters (a session's full title), 270 bytes in UTF-8 where a name
    may have 255. Before: "OSError: [Errno 36] File name too long" and a Python traceback from pathlib's
    ``is_dir``, in every command that checks its paths before the work."""
    long = tmp_path / _LONG_FOLDER
    values = {"clip": str(clip), "fake": fake, "long": str(long)}
    result = _kinemotion(*(a.format(**values) for a in args), "-q")
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, OSError), result.exception
    said = named.format(**values)
    assert f"Error: {said}: too long for the filesystem: its name '{_LONG_FOLDER[:40]}...' is" in result.output, (
        result.output
    )
    assert "more than the 255 a file or folder name may have; give a shorter name (or folder)" in result.output


# --- a VideoReader read twice, or from before where it is ---------------------------------------------------


def test_a_video_reader_read_a_second_time_says_it_reads_once_not_that_the_video_is_corrupt(tmp_path: Path) -> None:
    """``frames = list(reader)`` in one notebook cell, ``for frame in reader`` in the next. Before: "no frame
    could be decoded: its video is corrupt or in a codec this OpenCV/FFmpeg build cannot decode; convert it",
    of a video that had just been read whole."""
    from kinemotion.tracking import VideoReader

    video = blank_video(tmp_path / "clip.mp4", 12, FPS)
    with VideoReader(video) as reader:
        assert [f.index for f in reader] == list(range(12))
        with pytest.raises(ValueError, match="a VideoReader reads forward, once; open another VideoReader") as caught:
            list(reader)
    assert "corrupt" not in str(caught.value)
    with VideoReader(video) as again:  # another reader reads them again
        assert len(list(again)) == 12


def test_frames_asked_for_from_an_earlier_start_are_never_labelled_with_the_wrong_numbers(tmp_path: Path) -> None:
    """``reader.frames(5, 3)`` then ``reader.frames(0, 3)``. Before: the second call gave frames 8, 9 and 10 of
    the video labelled 0, 1 and 2 (the decoder went on from where it was), wrong frames with no error. Frames
    asked for from where the reader is, or further on, are the video's own."""
    import cv2
    import numpy as np

    from kinemotion.tracking import VideoReader

    video = tmp_path / "numbered.mp4"  # each frame's brightness is its index x 10: which frame it is can be told
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"mp4v"), FPS, (64, 64))
    for i in range(20):
        writer.write(np.full((64, 64, 3), i * 10, dtype=np.uint8))
    writer.release()

    def shown(frame: Any) -> int:
        return round(float(np.mean(frame.image)) / 10)

    with VideoReader(video) as reader:
        assert [(f.index, shown(f)) for f in reader.frames(5, 3)] == [(5, 5), (6, 6), (7, 7)]
        assert [(f.index, shown(f)) for f in reader.frames(8, 2)] == [(8, 8), (9, 9)]  # on from where it is
        assert [(f.index, shown(f)) for f in reader.frames(12, 1)] == [(12, 12)]  # further on
        with pytest.raises(ValueError, match="frames from 0 asked for, but this reader has decoded 13 already"):
            list(reader.frames(0, 3))


@pytest.mark.parametrize(("start", "count"), [(-1, None), (1.5, None), ("12", None), (True, None), (0, -3)])
def test_read_frames_given_no_frame_number_says_so(tmp_path: Path, start: Any, count: Any) -> None:
    """``read_frames(video, -1)`` gave frames 0, 1, ... labelled -1, 0, ...; ``"12"`` gave OpenCV's "Argument
    'value' can not be treated as a double"."""
    from kinemotion.tracking import read_frames

    video = blank_video(tmp_path / "clip.mp4", 12, FPS)
    with pytest.raises(ValueError, match="is a frame number, a whole number of 0 or more, got"):
        read_frames(video, start, count)


# --- the Python API given a landmark JSON for a video -------------------------------------------------------


def test_analyze_video_given_a_landmark_json_prints_no_opencv_warning(landmarks: Path) -> None:
    """``analyze_video("clip.landmarks.json", "cmj")`` in a script. Before: OpenCV's "[ WARN:0@0.2] global
    cap.cpp:212 open VIDEOIO(FFMPEG): backend is generally available but can't be used to capture by name" on
    stderr before kinemotion's own message, which already says what to do (the CLI had it silenced)."""
    script = (
        "import sys\nfrom kinemotion.jump import analyze_video\n"
        "try:\n    analyze_video(sys.argv[1], 'cmj')\nexcept Exception as exc:\n    print(exc)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENCV_")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(landmarks)], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    assert done.stdout.startswith(f"{landmarks} is a JSON file, not a video."), done.stdout
    assert "WARN" not in done.stderr and "VIDEOIO" not in done.stderr, done.stderr


# --- a landmark JSON whose frame rate was edited to 0 -------------------------------------------------------


def test_a_landmark_json_with_its_frame_rate_edited_to_zero_is_not_said_to_end_past_a_zero_second_video(
    landmarks: Path,
) -> None:
    """``"fps": 0`` typed into a landmark JSON cut short. Before: "its 54 frames end at 1.77 s, short of the end
    of clip.mp4, the video it names (0.00 s, 105 frames)": 1.77 s short of 0 s."""
    from kinemotion.errors import TrackingFileError
    from kinemotion.tracking import read_json

    def edit(data: dict[str, Any]) -> None:
        data["video"]["fps"] = 0
        data["frames"] = data["frames"][:60]
        data["frames_with_pose"] = sum(f["landmarks"] is not None for f in data["frames"])

    edited = _edited(landmarks, edit)
    with pytest.raises(TrackingFileError) as caught:
        read_json(edited)
    message = str(caught.value)
    assert "it is marked complete, but holds 60 frames of the 105 of" in message, message
    assert "and records no frame rate (video.fps 0): edited" in message, message
    assert "0.00 s" not in message


# --- write_csv over a file of another kind ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["clip.landmarks.json", "other.mp4", "session.html"])
def test_write_csv_named_as_another_kind_of_file_replaces_nothing(tmp_path: Path, landmarks: Path, name: str) -> None:
    """``write_csv(tracking, "clip.landmarks.json")`` (the write_json line copied, the function changed, the name
    not). Before: the landmark JSON, or another video named so, was replaced by the CSV table; ``write_json`` had
    refused such names since round 8."""
    from kinemotion.errors import OutputError
    from kinemotion.tracking import read_json, write_csv

    tracking = read_json(landmarks)
    target = landmarks if name == "clip.landmarks.json" else tmp_path / name
    if not target.exists():
        target.write_bytes(b"\x00\x00\x00\x18ftypmp42 someone else's file")
    before = target.read_bytes()
    with pytest.raises(OutputError) as caught:
        write_csv(tracking, target)
    suffix = target.suffix
    assert str(caught.value) == (
        f"refusing to write the landmark CSV as {target}: a {suffix} name would not say what the file is; name it "
        f"{target.with_suffix('.csv')}"
    )
    assert target.read_bytes() == before
    assert write_csv(tracking, target.with_suffix(".csv")).read_text().startswith("frame,timestamp_ms,")


# --- MediaPipe on a video a few dozen pixels wide -------------------------------------------------------------


@pytest.mark.parametrize("width", [24, 48, 64])
def test_mediapipe_on_a_video_a_few_dozen_pixels_wide_returns_no_pose_outside_the_view(
    tmp_path: Path, width: int
) -> None:
    """A preview exported at 64 x 36 pixels (or a thumbnail) tracked with mediapipe. Before: MediaPipe placed a
    hip two frame widths left of the view (x = -1.94), the contract check refused it and the whole video failed
    with "backend 'mediapipe' returned an impossible value ... The backend is broken; report it to its authors".
    A pose a frame or more out of view is no pose of anyone in view: the frame has none."""
    pytest.importorskip("mediapipe")
    import cv2

    from tests.assets import MP_LITE, asset

    clip = asset("video/jumps/cmj_front_oblique_handheld_30fps.mp4")
    small = tmp_path / "preview.mp4"
    _ffmpeg("-i", str(clip), "-frames:v", "45", "-vf", f"scale={width}:-2", "-c:v", "libx264", "-pix_fmt",
            "yuv444p", str(small))  # fmt: skip
    out = tmp_path / "preview.landmarks.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KINEMOTION_MODEL_DIR", str(asset(MP_LITE).parent))
        result = _kinemotion("track", small, "-b", "mediapipe", "-o", out, "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert cv2.VideoCapture(str(small)).get(cv2.CAP_PROP_FRAME_WIDTH) == width
    for frame in json.loads(out.read_text())["frames"]:
        for x, y, _ in (frame["landmarks"] or {}).values():
            assert -1.0 <= x <= 2.0 and -1.0 <= y <= 2.0, frame


# --- KINEMOTION_DISABLED_BACKENDS naming no backend ---------------------------------------------------------


@pytest.mark.parametrize("value", ["*", "zz-fake ; mediapipe", "zz-fakee"])
def test_disabled_backends_naming_no_backend_is_said_once(
    clip: Path, fake: str, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """``KINEMOTION_DISABLED_BACKENDS="*"`` (to turn every backend off), names separated by ``;``, or a typo.
    Before: nothing was disabled and nothing said so: the backend meant to be kept out tracked the video."""
    from kinemotion.pose import registry

    monkeypatch.setenv(registry.DISABLED_ENV, value)
    monkeypatch.setattr(registry, "_WARNED_DISABLED", set(), raising=False)
    result = _kinemotion("track", clip, "-b", fake, "-o", clip.parent / "out/", "-q")
    assert result.exit_code == 0, result.output  # as before: nothing disabled
    said = [line for line in result.output.splitlines() if registry.DISABLED_ENV in line]
    assert len(said) == 1, result.output
    assert f"{registry.DISABLED_ENV} names '{value.strip()}', which no installed backend is called" in said[0], said
    assert "nothing is disabled by it (names separated by commas, each as `kinemotion backends` lists it:" in said[0]


def test_disabled_backends_naming_a_backend_says_nothing_more(
    clip: Path, fake: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kinemotion.pose import registry

    monkeypatch.setenv(registry.DISABLED_ENV, "mediapipe, ZZ-FAKE")
    monkeypatch.setattr(registry, "_WARNED_DISABLED", set(), raising=False)
    result = _kinemotion("track", clip, "-b", fake, "-o", clip.parent / "out/", "-q")
    assert result.exit_code == 1 and "is disabled by the environment variable" in result.output, result.output
    assert "no installed backend is called" not in result.output


# --- a video that states no length (a WebM a browser recorded) ----------------------------------------------


@pytest.mark.parametrize(("name", "muxer"), [("recorded.webm", "webm"), ("obs.mkv", "matroska")])
def test_the_landmarks_of_a_video_stating_no_length_are_analysed_and_resumed(
    tmp_path: Path, cmj_backend: str, name: str, muxer: str
) -> None:
    """A WebM recorded in a browser (MediaRecorder), or an MKV written as a stream (OBS, ``ffmpeg ... -f matroska
    pipe:``), states no duration: OpenCV counts 0 frames. Before: ``kinemotion track`` wrote its landmarks, and
    ``cmj`` refused them as edited ("its frames run to 3.47 s, past the end of recorded.webm, the very file it
    records (0.00 s): their times were changed"); a re-run of ``track`` tracked it again every time."""
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    video = tmp_path / name
    codec = ["-c:v", "libvpx", "-b:v", "200k"] if muxer == "webm" else ["-c:v", "libx264"]
    with video.open("wb") as out:  # written to a pipe: no duration, no cues
        subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", f"color=gray:s=64x64:r={FPS}:d=3.5",
             *codec, "-f", muxer, "pipe:1"],
            stdout=out, check=True,
        )  # fmt: skip
    import cv2

    assert cv2.VideoCapture(str(video)).get(cv2.CAP_PROP_FRAME_COUNT) <= 0  # states no length
    landmarks = tmp_path / "out" / f"{video.stem}.landmarks.json"
    assert _kinemotion("track", video, "-b", cmj_backend, "-o", landmarks, "-q").exit_code == 0
    again = _kinemotion("track", video, "-b", cmj_backend, "-o", landmarks, "-q")
    assert again.exit_code == 0 and "skipped, its outputs exist" in again.output, again.output
    analysed = _kinemotion("cmj", landmarks, "-o", tmp_path / "report.json", "-q")
    assert analysed.exit_code == 0, analysed.output
    assert json.loads((tmp_path / "report.json").read_text())["jump_count"] == 1


# --- the second part of a recording split into Matroska files -----------------------------------------------


def _split_recording(tmp_path: Path) -> list[Path]:
    """A 4 s recording at 30 frames/s split by FFmpeg's segment muxer into 2 s MKV parts (as OBS splits a long
    session): the second part's times start at 2 s."""
    _ffmpeg("-f", "lavfi", "-i", f"testsrc=s=64x64:r={FPS}:d=4", "-c:v", "libx264", "-g", "15", "-f", "segment",
            "-segment_time", "2", str(tmp_path / "part%d.mkv"))  # fmt: skip
    parts = sorted(tmp_path.glob("part*.mkv"))
    assert len(parts) == 2, parts
    return parts


def test_the_second_part_of_a_split_matroska_recording_is_read_whole_not_called_truncated(
    tmp_path: Path, fake: str
) -> None:
    """``ffmpeg -i session.mkv -c copy -f segment -segment_time 60 part%d.mkv`` (or OBS's file splitting): each
    part after the first keeps its times in the recording. OpenCV counts a Matroska file's frames from time 0,
    and times them from the first. Before: part1.mkv "decoding failed at frame 60 of 120 (truncated or corrupt
    file); the frames before it were read", its landmarks marked incomplete (exit 3), tracked again every run."""
    parts = _split_recording(tmp_path)
    out = tmp_path / "out"
    result = _kinemotion("track", *parts, "-b", fake, "-o", f"{out}/", "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "decoding failed" not in result.output and "truncated" not in result.output, result.output
    second = json.loads((out / "part1.landmarks.json").read_text())
    assert second["complete"] is True and len(second["frames"]) == 2 * FPS
    assert abs(second["video"]["frame_count"] - 2 * FPS) <= 2
    again = _kinemotion("track", *parts, "-b", fake, "-o", f"{out}/", "-q", "-j", "1")
    assert again.output.count("skipped, its outputs exist") == 2, again.output


def test_a_split_matroska_part_cut_short_is_still_called_cut_short(tmp_path: Path, fake: str) -> None:
    """The count from the first frame still tells a part whose copy was interrupted."""
    second = _split_recording(tmp_path)[1]
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(second.read_bytes()[: second.stat().st_size // 2])
    result = _kinemotion("track", cut, "-b", fake, "-o", tmp_path / "cut.landmarks.json", "-q")
    assert result.exit_code == 3, result.output
    assert "decoding failed at frame" in result.output and "(truncated or corrupt file)" in result.output


def test_mediapipe_keeps_the_pose_of_someone_in_view_whose_legs_it_places_past_the_frame(tmp_path: Path) -> None:
    """Head and shoulders framing (the top 28% of a portrait clip): MediaPipe places the unseen ankles more than
    two frame heights below the view (y 2.07 to 2.3). Before (review15): the rule above dropped the whole pose,
    the head and shoulders of the athlete in view with it (2 of 26 poses on this clip); only the landmarks out of
    view are left out, as landmarks not seen are."""
    pytest.importorskip("mediapipe")
    from tests.assets import MP_LITE, asset

    clip = asset("video/jumps/cmj_front_oblique_handheld_30fps.mp4")
    top = tmp_path / "head_and_shoulders.mp4"
    _ffmpeg("-i", str(clip), "-vf", "crop=iw:ih*0.28:0:0", "-c:v", "libx264", str(top))
    out = tmp_path / "top.landmarks.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KINEMOTION_MODEL_DIR", str(asset(MP_LITE).parent))
        result = _kinemotion("track", top, "-b", "mediapipe", "-o", out, "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    poses = [frame["landmarks"] for frame in json.loads(out.read_text())["frames"] if frame["landmarks"]]
    for landmarks in poses:
        assert all(-1.0 <= x <= 2.0 and -1.0 <= y <= 2.0 for x, y, _ in landmarks.values())
    in_part = [lm for lm in poses if "nose" in lm and "left_shoulder" in lm and "left_ankle" not in lm]
    assert in_part, f"{len(poses)} poses, every one whole"
