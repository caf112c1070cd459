"""What earlier rounds left, as a user meets it: a benchmark of a truncated clip, a clip whose first frames do not
decode.

Each test reproduces what a user did and checks for the answer a user needs: which file, what is wrong, what to do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_hostile_input_round6 import _kinemotion
from tests.integration.test_kept_landmarks import CountingSeriesPlugin
from tests.jump.physics_backend import blank_video

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


# --- each athlete's height from the athlete list ------------------------------------------------------------------


def _group(tmp_path: Path, heights: str = "1.62", ben: str = "1.85") -> tuple[list[Path], Path]:
    """Three clips (of different lengths: three files) and an athlete list giving Ana's and Ben's heights, not
    Cy's."""
    from tests.jump.physics_backend import blank_video

    clips = [
        blank_video(tmp_path / name, frames, 30)
        for name, frames in (("ana.mp4", 105), ("ben.mp4", 104), ("cy.mp4", 103))
    ]
    listed = tmp_path / "athletes.csv"
    listed.write_text(
        f"video,athlete,height_m\nana.mp4,Ana,{heights}\nben.mp4,Ben,{ben}\ncy.mp4,Cy,\n", encoding="utf-8"
    )
    return clips, listed


def _table(path: Path) -> dict[str, dict[str, str]]:
    import csv

    with path.open(encoding="utf-8") as fh:
        return {row["video"]: row for row in csv.DictReader(fh)}


def test_a_group_of_athletes_of_different_heights_is_one_run_with_the_athlete_list(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Before: ``--height`` applied to every video, so a group was one run per athlete, each run's table its own.
    Now the athlete list's ``height_m`` column gives each clip its athlete's height (``--height``: the others),
    and its names go into the table and the page."""
    clips, listed = _group(tmp_path)
    out = tmp_path / "out"
    result = _kinemotion(
        "cmj", *clips, "-b", cmj_backend, "-o", out, "--athlete", listed, "--height", "1.70", "--report", f"{out}/"
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"Warning: no row of {listed} gives a height for 1 video (cy.mp4): it is measured with --height 1.7" in said
    rows = _table(out / "cmj-jumps.csv")
    assert {v: (r["athlete"], r["athlete_height_m"]) for v, r in rows.items()} == {
        "ana.mp4": ("Ana", "1.62"),
        "ben.mp4": ("Ben", "1.85"),
        "cy.mp4": ("Cy", "1.7"),
    }
    ratio = float(rows["ben.mp4"]["jump_height_hip_m"]) / float(rows["ana.mp4"]["jump_height_hip_m"])
    assert abs(ratio - 1.85 / 1.62) < 1e-3  # the same motion: metres scale with each athlete's height
    import json

    assert json.loads((out / "ben.cmj.json").read_text())["athlete_height_m"] == 1.85
    page = (out / "session.html").read_text(encoding="utf-8")
    assert "Ana" in page and "Ben" in page


def test_a_height_changed_in_the_list_analyses_that_clip_again_and_skips_the_others(
    tmp_path: Path, cmj_backend: str
) -> None:
    clips, listed = _group(tmp_path)
    out = tmp_path / "out"
    assert _kinemotion("cmj", *clips, "-b", cmj_backend, "-o", out, "--athlete", listed).exit_code == 0
    clips, listed = _group(tmp_path, ben="1.90")
    again = _kinemotion("cmj", *clips, "-b", cmj_backend, "-o", out, "--athlete", listed)
    assert again.exit_code == 0, again.output
    assert "ana.mp4: skipped, its report exists" in again.output
    assert "ben.mp4: skipped" not in again.output
    assert _table(out / "cmj-jumps.csv")["ben.mp4"]["athlete_height_m"] == "1.9"


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("162", "row 2: the height_m of ana.mp4: the athlete's height is in metres, between 0.5 and 2.5"),
        ("tall", "row 2: the height_m of ana.mp4 is 'tall', not a height in metres (e.g. 1.80)"),
    ],
)
def test_a_height_in_the_list_that_is_none_in_metres_is_refused_before_any_work(
    tmp_path: Path, cmj_backend: str, cell: str, says: str
) -> None:
    clips, listed = _group(tmp_path, heights=cell)
    out = tmp_path / "out"
    result = _kinemotion("cmj", *clips, "-b", cmj_backend, "-o", out, "--athlete", listed)
    assert result.exit_code == 1, result.output
    assert f"{listed}: {says}" in " ".join(result.output.split())
    assert not out.exists()


def test_a_list_from_a_spreadsheet_with_a_decimal_comma_gives_its_heights(tmp_path: Path, cmj_backend: str) -> None:
    """Excel where the decimal mark is a comma saves ``ana.mp4;Ana;1,62``: read as 1.62 m."""
    clips, listed = _group(tmp_path)
    listed.write_text("video;athlete;height_m\nana.mp4;Ana;1,62\nben.mp4;Ben;1,85\ncy.mp4;Cy;1,70\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _kinemotion("cmj", *clips, "-b", cmj_backend, "-o", out, "--athlete", listed)
    assert result.exit_code == 0, result.output
    assert [r["athlete_height_m"] for r in _table(out / "cmj-jumps.csv").values()] == ["1.62", "1.85", "1.7"]


def test_the_athlete_list_is_no_output_of_the_run(tmp_path: Path, cmj_backend: str) -> None:
    clips, _ = _group(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    listed = out / "cmj-jumps.csv"
    listed.write_text("video,athlete,height_m\nana.mp4,Ana,1.62\n", encoding="utf-8")
    result = _kinemotion("cmj", *clips, "-b", cmj_backend, "-o", out, "--athlete", listed)
    assert result.exit_code == 2, result.output
    assert "is the athlete list read and an output of this run" in " ".join(result.output.split())
    assert listed.read_text(encoding="utf-8").startswith("video,athlete,height_m")


# --- refused apart from failed in the summary -----------------------------------------------------------------------


def test_the_summary_says_refused_apart_from_failed(tmp_path: Path, cmj_backend: str) -> None:
    """Before: '1 of 3 videos done; 2 failed (short.mp4, notes.mp4)': a clip the analysis answered (no jump in it,
    its refusal recorded) was counted with a file that could not be read."""
    from tests.jump.physics_backend import blank_video

    good = blank_video(tmp_path / "good.mp4", 105, 30)
    short = blank_video(tmp_path / "short.mp4", 20, 30)  # 0.67 s of standing: no jump, refused
    (notes := tmp_path / "notes.mp4").write_text("not a video")
    out = tmp_path / "out"
    result = _kinemotion("cmj", good, short, notes, "-b", cmj_backend, "-o", out, "-j", "1", "-q")
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines()[-1] == (
        f"1 of 3 videos done; 1 refused by the analysis ({short}); 1 failed ({notes}): see above why each was "
        "refused or failed."
    )
    assert (out / "short.cmj.refusal.json").is_file()  # the answer, recorded


def test_a_batch_every_video_of_which_is_refused_says_so_and_exits_1(tmp_path: Path, cmj_backend: str) -> None:
    from tests.jump.physics_backend import blank_video

    clips = [blank_video(tmp_path / f"short{n}.mp4", 20 + n, 30) for n in range(2)]
    result = _kinemotion("cmj", *clips, "-b", cmj_backend, "-o", tmp_path / "out", "-j", "1", "-q")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == (
        f"0 of 2 videos done; 2 refused by the analysis ({clips[0]}, {clips[1]}): see above why each was refused."
    )


# --- a re-run changing only an analysis option reads the landmarks kept, not the video -----------------------------


@pytest.fixture
def counted() -> Iterator[CountingSeriesPlugin]:
    """A backend that sees one CMJ, counting the trackers it makes: how many times a run tracked."""
    import numpy as np

    import kinemotion
    from tests.jump.physics import cmj_motion, landmarks

    t = np.arange(0, 3.5, 1 / 30)
    plugin = CountingSeriesPlugin(
        "zz-counted-20", t, landmarks(t, cmj_motion(t, 0.4), noise=0.001, drop_every=0, seed=3)
    )
    kinemotion.register_backend(plugin)
    yield plugin
    kinemotion.unregister_backend(plugin.name)


def _runs(clip: Path, backend: str, out: Path, *options: str) -> Any:
    return _kinemotion("cmj", clip, "-b", backend, "-o", f"{out}/", *options)


def test_a_re_run_changing_only_the_height_analyses_the_kept_landmarks_without_tracking(
    tmp_path: Path, counted: CountingSeriesPlugin
) -> None:
    """Before: ``--height 1.80`` then ``--height 1.70`` tracked the video again (the slow part: the landmarks do
    not depend on the height). Now the landmarks kept beside the report are analysed, and the report they give
    is the video's own (as tracked), so the run after it skips it as done."""
    clip, out = blank_video(tmp_path / "clip.mp4", 105, 30), tmp_path / "out"
    assert _runs(clip, counted.name, out, "--height", "1.80").exit_code == 0
    assert len(counted.created) == 1 and (out / "clip.landmarks.json").is_file()
    again = _runs(clip, counted.name, out, "--height", "1.70")
    assert again.exit_code == 0, again.output
    assert len(counted.created) == 1, "tracked again"
    assert f"analysing its landmarks from {out / 'clip.landmarks.json'}" in again.output
    report = json.loads((out / "clip.cmj.json").read_text(encoding="utf-8"))
    assert report["athlete_height_m"] == 1.70 and "landmarks_file" not in report
    assert "skipped, its report exists" in _runs(clip, counted.name, out, "--height", "1.70").output
    assert len(counted.created) == 1


def test_landmarks_kept_and_edited_since_give_a_report_that_names_them_and_is_never_skipped(
    tmp_path: Path, counted: CountingSeriesPlugin
) -> None:
    """The kept file edited after the report recorded it (a frame's time halved): not kinemotion's tracking any
    more. Analysed (the user's landmarks), its report names the file and is never taken for the video's own."""
    clip, out = blank_video(tmp_path / "clip.mp4", 105, 30), tmp_path / "out"
    assert _runs(clip, counted.name, out, "--height", "1.80").exit_code == 0
    kept = out / "clip.landmarks.json"
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["frames"][3]["timestamp_ms"] += 1.0
    kept.write_text(json.dumps(data), encoding="utf-8")
    again = _runs(clip, counted.name, out, "--height", "1.70")
    assert again.exit_code == 0, again.output
    report = json.loads((out / "clip.cmj.json").read_text(encoding="utf-8"))
    assert report["landmarks_file"]["path"] == str(kept)
    assert "skipped" not in _runs(clip, counted.name, out, "--height", "1.70").output


def test_a_video_changed_since_its_landmarks_were_kept_is_tracked_again(
    tmp_path: Path, counted: CountingSeriesPlugin
) -> None:
    clip, out = blank_video(tmp_path / "clip.mp4", 105, 30), tmp_path / "out"
    assert _runs(clip, counted.name, out, "--height", "1.80").exit_code == 0
    data = bytearray(clip.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the same size, another content
    clip.write_bytes(bytes(data))
    again = _runs(clip, counted.name, out, "--height", "1.70")
    assert "analysing its landmarks" not in again.output and len(counted.created) == 2


def test_another_mode_is_tracked_again_though_landmarks_are_kept(tmp_path: Path, counted: CountingSeriesPlugin) -> None:
    """The mode (as the backend, its options, the person followed) changes the landmarks: never read for another."""
    counted.modes = ("lightweight", "balanced")
    clip, out = blank_video(tmp_path / "clip.mp4", 105, 30), tmp_path / "out"
    assert _runs(clip, counted.name, out).exit_code == 0
    again = _runs(clip, counted.name, out, "-m", "balanced", "--height", "1.70")
    assert again.exit_code == 0, again.output
    assert "analysing its landmarks" not in again.output and counted.created == ["lightweight", "balanced"]


# --- the page's "Not measured" entry: where the kept landmarks are, and what a re-run does with them -------------


def test_the_page_names_a_refused_clips_kept_landmarks_where_they_are_not_where_cmj_ran(
    tmp_path: Path, cmj_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kinemotion cmj short.mp4 -o out`` run in ``project`` records ``out/short.landmarks.json``. Before: the page
    made from elsewhere (``kinemotion report project/out -o pages/``) showed that path, relative to a folder the
    page knows nothing of, and said a re-run 'with the same backend and mode reads them' (the options and the
    releases must be the same too, and landmarks edited there are read as they are)."""
    project = tmp_path / "project"
    project.mkdir()
    blank_video(project / "short.mp4", 20, 30)  # no jump: refused, its landmarks kept
    monkeypatch.chdir(project)
    assert _kinemotion("cmj", "short.mp4", "-b", cmj_backend, "-o", "out/", "-q").exit_code == 1
    kept = project / "out" / "short.landmarks.json"
    assert (
        json.loads((project / "out" / "short.cmj.refusal.json").read_text())["landmarks_file"]
        == "out/short.landmarks.json"
    )
    monkeypatch.chdir(tmp_path)
    assert _kinemotion("report", "project/out", "-o", "pages/", "-q").exit_code == 0
    said = " ".join((tmp_path / "pages" / "session.html").read_text(encoding="utf-8").split())
    assert f"Its landmarks are in <code>{kept}</code>: <code>kinemotion cmj</code> run again on this clip" in said
    assert "with the same backend, mode and options, analyses them as they are there (edits made to that file " in said
    assert "<code>--force</code> tracks it again." in said
    kept.unlink()
    assert _kinemotion("report", "project/out", "-o", "pages/", "-q").exit_code == 0
    said = " ".join((tmp_path / "pages" / "session.html").read_text(encoding="utf-8").split())
    assert f"Its landmarks were kept in <code>{kept}</code>, no longer there: a re-run tracks the video again." in said
