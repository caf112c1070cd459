"""Resume and outputs, round 3: nothing incomplete or stale passes as done (an outside attack after issue 24).

A re-run skips a video only when every output asked for is whole and came
from this very video and request: a video read only in part is done again;
an overlay or plot left by another run is never vouched for by a report that
did not write it.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner, Result

from kinemotion.cli.main import cli
from tests.integration.test_resume import _jump_video
from tests.jump.physics_backend import blank_video
from tests.report.conftest import Clips, _clip_files, clips  # noqa: F401 - fixtures: physics-backed clips


def _invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _partly_readable(path: Path, frames: int, kept: float) -> Path:
    """An MJPG AVI of ``frames`` frames at 30 fps whose file is cut after ``kept`` of its bytes (a copy
    interrupted, a card pulled out): the frames before the cut decode, the rest do not."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 30, (96, 72))
    rng = np.random.default_rng(0)
    for _ in range(frames):
        writer.write(rng.integers(0, 255, (72, 96, 3), dtype=np.uint8))  # noise: every frame about as big
    writer.release()
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * kept)])
    return path


def _rows(table: Path) -> list[dict[str, str]]:
    with table.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- a video read only in part ---------------------------------------------------------------------


def test_a_video_tracked_only_in_part_is_tracked_again_not_skipped(tmp_path: Path, fake: str) -> None:
    video = _partly_readable(tmp_path / "cut.avi", 60, 2 / 3)
    out = tmp_path / "cut.json"
    first = _invoke("track", video, "-o", out, "-b", fake, "-q")
    assert first.exit_code == 3 and json.loads(out.read_text())["complete"] is False, first.output
    again = _invoke("track", video, "-o", out, "-b", fake, "-q")
    assert "skipped" not in again.output and again.exit_code == 3, again.output  # never "done" with exit 0
    assert f"Warning: {video}: decoding failed at frame" in again.output
    warning = next(line for line in again.output.splitlines() if line.startswith("Warning:"))
    assert warning.count(str(video)) == 1  # the video named once, not twice


def test_a_jump_video_read_only_in_part_is_said_so_flagged_and_exits_3(tmp_path: Path, jump_set: str) -> None:
    """Three jumps filmed, the file cut after the second: the report must not pass as the whole set."""
    video = _partly_readable(tmp_path / "set.avi", 255, 0.75)
    out = tmp_path / "out"
    first = _invoke("cmj", video, "-o", out, "-b", jump_set, "-q")
    assert first.exit_code == 3, first.output
    assert f"Warning: {video}: decoding failed at frame" in first.output and "Jumps after that are missing" in (
        first.output
    )
    report = json.loads((out / "set.cmj.json").read_text())
    assert report["tracking_complete"] is False and report["jump_count"] == 2
    flag = next(q for q in report["quality"] if "could be read only up to frame" in q)
    assert f"of {report['video']['frame_count']}" in flag
    assert all(flag in row["quality"] for row in _rows(out / "cmj-jumps.csv"))
    again = _invoke("cmj", video, "-o", out, "-b", jump_set, "-q")
    assert "skipped" not in again.output and again.exit_code == 3, again.output


# --- an overlay or plot left by another run --------------------------------------------------------


def test_track_does_not_vouch_for_an_overlay_another_video_left(tmp_path: Path, fake: str) -> None:
    a, b = blank_video(tmp_path / "a.mp4", 6, 30), blank_video(tmp_path / "b.mp4", 9, 30)
    overlay = tmp_path / "overlay.mp4"
    assert _invoke("track", b, "-o", tmp_path / "b.json", "--overlay", overlay, "-b", fake, "-q").exit_code == 0
    assert _invoke("track", a, "-o", tmp_path / "a.json", "-b", fake, "-q").exit_code == 0
    asked = ("track", a, "-o", tmp_path / "a.json", "--overlay", overlay, "-b", fake, "-q")
    again = _invoke(*asked)  # a.json is a's, but overlay.mp4 is b's
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    frames = cv2.VideoCapture(str(overlay)).get(cv2.CAP_PROP_FRAME_COUNT)
    assert frames == 6  # a's overlay now, not b's 9 frames
    assert "skipped" in _invoke(*asked).output  # and now the JSON vouches for it: reused


@pytest.mark.parametrize("companion", ["--plot", "--overlay"])
def test_a_jump_report_does_not_vouch_for_a_plot_or_overlay_another_video_left(
    tmp_path: Path, jump_set: str, companion: str
) -> None:
    """Monday's jump.mp4 with --plot into out/, Tuesday's without, Tuesday's again with --plot: the plot
    in out/ is Monday's and must be drawn again."""
    monday = _jump_video(tmp_path / "monday" / "jump.mp4", 1)
    tuesday = _jump_video(tmp_path / "tuesday" / "jump.mp4", 2)
    out = tmp_path / "out"
    assert _invoke("cmj", monday, "-o", out, companion, out, "-b", jump_set, "-q").exit_code == 0
    left = out / ("jump.cmj.png" if companion == "--plot" else "jump.cmj.mp4")  # Monday's plot or overlay
    monday_bytes = left.read_bytes()
    assert _invoke("cmj", tuesday, "-o", out, "-b", jump_set, "-q").exit_code == 0
    again = _invoke("cmj", tuesday, "-o", out, companion, out, "-b", jump_set, "-q")
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    assert left.read_bytes() != monday_bytes
    assert "skipped" in _invoke("cmj", tuesday, "-o", out, companion, out, "-b", jump_set, "-q").output


def test_a_rerun_where_every_video_fails_leaves_no_earlier_rows_in_the_table(tmp_path: Path, jump_set: str) -> None:
    """The table is this run's: Monday's rows stayed in cmj-jumps.csv after the re-recorded clip failed."""
    video = _jump_video(tmp_path / "athlete1.mp4", 1)
    out = tmp_path / "out"
    assert _invoke("cmj", video, "-o", out, "-b", jump_set, "-q").exit_code == 0
    assert len(_rows(out / "cmj-jumps.csv")) == 1
    blank_video(video, 10, 30)  # replaced by a clip too short to analyse
    failed = _invoke("cmj", video, "-o", out, "-b", jump_set, "-q")
    assert failed.exit_code == 1 and "too short" in failed.output, failed.output
    assert _rows(out / "cmj-jumps.csv") == []  # no jump of this run; none of the earlier one


def test_a_second_run_into_the_folder_says_whose_rows_left_the_table(tmp_path: Path, jump_set: str) -> None:
    """A coach analyses the session, then one clip again on its own (it needed ``--capture-fps``) into the same
    folder: the table then holds that clip's jumps only, and the run says which videos left it and where they are.

    Before: "wrote out/cmj-jumps.csv (one row per jump, 1 jump)" and nothing else; the spreadsheet that listed
    the session now listed one clip.
    """
    one, two, three = (_jump_video(tmp_path / f"athlete{i}.mp4", 1) for i in (1, 2, 3))
    out = tmp_path / "out"
    assert _invoke("cmj", one, two, three, "-o", out, "-b", jump_set, "-q").exit_code == 0
    again = _invoke("cmj", three, "-o", out, "-b", jump_set, "-q", "--force")
    assert again.exit_code == 0, again.output
    assert [row["video"] for row in _rows(out / "cmj-jumps.csv")] == ["athlete3.mp4"]
    warning = next(line for line in again.output.splitlines() if line.startswith("Warning:"))
    assert f"{out / 'cmj-jumps.csv'} listed the jumps of 2 videos not in this run ({one}, {two})" in warning
    assert f"Their reports are still in {out} (`kinemotion report {out}` shows every one)" in warning
    # a re-run of the whole session skips the videos done and lists them all again: nothing to say
    whole = _invoke("cmj", one, two, three, "-o", out, "-b", jump_set, "-q")
    assert whole.exit_code == 0 and "Warning" not in whole.output, whole.output
    assert len(_rows(out / "cmj-jumps.csv")) == 3
    # the same videos named another way (the table keeps paths as typed: here absolute, now relative): none left
    relative = [os.path.relpath(video) for video in (one, two, three)]
    named_again = _invoke("cmj", *relative, "-o", out, "-b", jump_set, "-q", "--force")
    assert named_again.exit_code == 0 and "Warning" not in named_again.output, named_again.output


def test_a_second_run_into_the_folder_says_whose_reports_left_the_session_page(tmp_path: Path, jump_set: str) -> None:
    """The same coach with ``--report out/session.html``: the page is replaced by one of the clip alone, and the run
    says which reports left it and how to get the page of every one.

    Before: "wrote out/session.html (1 video, 1 jump)" and nothing else (the table's warning came, the page's not):
    the page the coach opens showed one clip where it had shown the session.
    """
    one, two, three = (_jump_video(tmp_path / f"athlete{i}.mp4", 1) for i in (1, 2, 3))
    out, page = tmp_path / "out", tmp_path / "out" / "session.html"
    assert _invoke("cmj", one, two, three, "-o", out, "--report", page, "-b", jump_set, "-q").exit_code == 0
    again = _invoke("cmj", three, "-o", out, "--report", page, "-b", jump_set, "-q", "--force")
    assert again.exit_code == 0, again.output
    warning = next(line for line in again.output.splitlines() if line.startswith(f"Warning: {page}"))
    assert f"{page} showed 2 reports not in this run (athlete1.cmj.json, athlete2.cmj.json)" in warning
    assert f"kinemotion report {out} -o {page}" in warning
    assert "athlete1.cmj.json" not in page.read_text(encoding="utf-8")
    # the command the warning gives puts every report on the page again; a re-run of the session says nothing
    assert _invoke("report", out, "-o", page, "-q").exit_code == 0
    assert all(f"athlete{i}.cmj.json" in page.read_text(encoding="utf-8") for i in (1, 2, 3))
    whole = _invoke("cmj", one, two, three, "-o", out, "--report", page, "-b", jump_set, "-q")
    assert whole.exit_code == 0 and "Warning" not in whole.output, whole.output


def test_a_video_of_the_run_that_now_gives_no_jump_is_not_said_to_have_left_the_page(
    tmp_path: Path, jump_set: str
) -> None:
    """The coach re-runs the same two clips into the folder; the second was re-cut and now gives no jump: the page
    lists it among the videos that gave none. The warning said it "showed 1 report not in this run" (the clip was
    in it) and offered ``kinemotion report`` for "one page of every report", which cannot bring it back."""
    one, two = (_jump_video(tmp_path / f"athlete{i}.mp4", 1) for i in (1, 2))
    out, page = tmp_path / "out", tmp_path / "out" / "session.html"
    assert _invoke("cmj", one, two, "-o", out, "--report", page, "-b", jump_set, "-q").exit_code == 0
    blank_video(two, 20, 30)  # too short for a jump now
    again = _invoke("cmj", one, two, "-o", out, "--report", page, "-b", jump_set, "-q")
    assert again.exit_code == 3, again.output  # one video failed
    assert "athlete2.mp4" in page.read_text(encoding="utf-8")  # among those that gave no jump
    assert "Warning" not in again.output, again.output


def test_several_videos_without_a_folder_say_where_the_table_would_be(tmp_path: Path, jump_set: str) -> None:
    """``kinemotion cmj a.mp4 b.mp4`` (no ``-o``) writes each report beside its video and no table: the run says
    how to get one. Before: nothing, and the guides said a table is written "always with several videos"."""
    one, two = (_jump_video(tmp_path / f"athlete{i}.mp4", 1) for i in (1, 2))
    done = _invoke("cmj", one, two, "-b", jump_set, "-q")
    assert done.exit_code == 0, done.output
    assert "(no table of the jumps: -o FOLDER writes FOLDER/cmj-jumps.csv, one row per jump)" in done.output
    assert not list(tmp_path.rglob("*.csv"))
    alone = _invoke("cmj", one, "-b", jump_set, "-q", "--force")  # one video: its report is the result
    assert alone.exit_code == 0 and "no table" not in alone.output, alone.output


def test_track_does_not_vouch_for_a_csv_another_run_wrote_under_its_name(tmp_path: Path, fake: str) -> None:
    """``-o results.v1`` and ``-o results.v2`` both write results.csv: a re-run of the first served the second's."""
    a, b = blank_video(tmp_path / "a.mp4", 6, 30), blank_video(tmp_path / "b.mp4", 9, 30)
    first = ("track", a, "-o", tmp_path / "results.v1", "-b", fake, "-q")
    assert _invoke(*first).exit_code == 0
    assert _invoke("track", b, "-o", tmp_path / "results.v2", "-b", fake, "-q").exit_code == 0  # results.csv: b's
    again = _invoke(*first)
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    with (tmp_path / "results.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.reader(fh))) == 1 + 6  # a's frames again
    assert "skipped" in _invoke(*first).output


def test_a_drop_jump_report_of_another_height_is_not_reused(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The drop jump's numbers do not use --height, but its report records it: a re-run with another height
    was skipped, and the report (and the session page) still said the first one."""
    physics_clips: Clips = request.getfixturevalue("clips")
    out = tmp_path / "out"
    args = ("dropjump", physics_clips.dropjump, "-b", physics_clips.dropjump_backend, "-o", out, "-q")
    assert _invoke(*args, "--height", "1.70").exit_code == 0
    again = _invoke(*args, "--height", "1.90")
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    (report,) = out.glob("*.dropjump.json")
    assert json.loads(report.read_text())["athlete_height_m"] == 1.90
    assert "skipped" in _invoke(*args, "--height", "1.90").output


def test_the_session_page_says_once_that_a_video_was_read_only_in_part(tmp_path: Path, jump_set: str) -> None:
    video = _partly_readable(tmp_path / "set.avi", 255, 0.75)
    out = tmp_path / "out"
    assert _invoke("cmj", video, "-o", out, "-b", jump_set, "-q").exit_code == 3
    page = tmp_path / "s.html"
    assert _invoke("report", out, "-o", page, "-q").exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.count("<li>the video could be read only up to frame") == 1  # in the video's flags, once
    assert "could not be decoded to its end" not in html  # the page's own older wording, not a second flag


# --- a result the user protected --------------------------------------------------------------------


def test_a_write_protected_output_is_never_replaced_but_still_reused(tmp_path: Path, jump_set: str) -> None:
    """``chmod a-w out/athlete1.cmj.json`` to keep Monday's result: a run on the re-recorded clip replaced it
    silently (the rename ignores the file's own permission)."""
    video = _jump_video(tmp_path / "athlete1.mp4", 1)
    out = tmp_path / "out"
    args = ("cmj", video, "-o", out, "-b", jump_set, "-q")
    assert _invoke(*args).exit_code == 0
    kept = out / "athlete1.cmj.json"
    kept.chmod(0o444)
    assert "skipped" in _invoke(*args).output  # whole and current: reused, nothing written
    before = kept.read_bytes()
    _jump_video(video, 2)  # re-recorded: the report must be redone, and it is protected
    again = _invoke(*args)
    assert again.exit_code == 1, again.output
    assert f"cannot write {kept}: it is read-only (write-protected)" in again.output
    assert kept.read_bytes() == before and not list(out.glob(".*partial*"))


@pytest.mark.parametrize(("command", "force"), [("track", False), ("cmj", False), ("cmj", True)])
def test_a_batch_stopped_by_ctrl_c_says_how_to_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str, force: bool
) -> None:
    """Ctrl-C in the second of two videos: the first's outputs stay, and the run says how to go on. Before: only
    "Interrupted." (exit 130); that the same command continues the run was in the batches guide alone. With
    ``--force`` the same command again redoes every video: the run says to leave ``--force`` out (it said to run
    the same command again, "what was written is skipped")."""
    import sys

    import kinemotion
    from kinemotion.cli.main import main
    from tests.jump.physics import cmj_motion, landmarks
    from tests.jump.physics_backend import SeriesPlugin, SeriesTracker

    t = np.arange(0, 3.5, 1 / 30)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=5)

    class Stopping(SeriesTracker):
        frames = 0

        def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
            Stopping.frames += 1
            if Stopping.frames == len(t) + 5:  # in the second video
                raise KeyboardInterrupt
            return super().process_frame(frame, timestamp_ms)

    class Plugin(SeriesPlugin):
        def create(self, mode: str = "lightweight", **options: object) -> SeriesTracker:
            return Stopping(self.t, self.ys, self.extra)

    plugin = Plugin("zz-ctrl-c", t, ys)
    kinemotion.register_backend(plugin)
    one, two = (_jump_video(tmp_path / f"athlete{i}.mp4", 1) for i in (1, 2))
    out = tmp_path / "out"
    argv = ["kinemotion", command, str(one), str(two), "-b", plugin.name, "-o", str(out), *(["--force"] * force)]
    monkeypatch.setattr(sys, "argv", argv)
    try:
        with pytest.raises(SystemExit) as stopped:
            main()
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert stopped.value.code == 130
    said = capsys.readouterr().err
    again = "Run the same command without --force to go on" if force else "Run the same command again to go on"
    assert f"Interrupted. {again}: what was written is complete and is skipped, the rest is done." in said, said
    # the first video's outputs (cmj keeps its landmarks beside its report), nothing of the second
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".json") == (
        ["athlete1.landmarks.json"] if command == "track" else ["athlete1.cmj.json", "athlete1.landmarks.json"]
    )


def test_a_report_of_another_video_of_the_same_name_is_said_to_be_replaced(tmp_path: Path, jump_set: str) -> None:
    """Monday's monday/ana.mp4, then Tuesday's tuesday/ana.mp4, analysed into one folder: both write out/ana.cmj.json,
    so Tuesday's replaced Monday's report (and its kept landmarks) without a word; the table's warning named the
    other videos that left it, never this one (a video of the same name). The run now says whose report it
    replaces and how to keep both; a video analysed again (re-recorded at its path, or --force) is no other one."""
    monday = _jump_video(tmp_path / "monday" / "ana.mp4", 1)
    tuesday = _jump_video(tmp_path / "tuesday" / "ana.mp4", 2)
    out = tmp_path / "out"
    assert _invoke("cmj", monday, "-o", out, "-b", jump_set, "-q").exit_code == 0
    second = _invoke("cmj", tuesday, "-o", out, "-b", jump_set, "-q")
    assert second.exit_code == 0, second.output
    warning = next(line for line in second.output.splitlines() if line.startswith("Warning:"))
    assert f"{out / 'ana.cmj.json'} is the report of another video, {monday}" in warning
    assert f"-o {out / 'tuesday'}" in warning  # how to keep both: another folder for Tuesday's
    assert json.loads((out / "ana.cmj.json").read_text())["video"]["path"] == str(tuesday)
    # the same video again, or re-recorded at its own path: nothing to say
    again = _invoke("cmj", tuesday, "-o", out, "-b", jump_set, "-q", "--force")
    assert again.exit_code == 0 and "another video" not in again.output, again.output
    _jump_video(tuesday, 3)
    redone = _invoke("cmj", tuesday, "-o", out, "-b", jump_set, "-q")
    assert redone.exit_code == 0 and "another video" not in redone.output, redone.output
