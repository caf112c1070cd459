"""New users, round 8: a sports scientist measuring a group whose athletes have different heights.

``--height`` applies to every video of a run, so a group of athletes of different heights is measured one run
per athlete into one folder. Each run's jump table then lists that run's videos alone, and the run said to
"give all the videos to one command for one table", which a group of different heights cannot do.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kinemotion.cli.main import cli
from tests.integration.test_resume import _jump_video


def _invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_group_of_different_heights_is_told_how_to_get_one_table_of_every_athlete(
    tmp_path: Path, jump_set: str
) -> None:
    ana, ben = _jump_video(tmp_path / "ana.mp4", 1), _jump_video(tmp_path / "ben.mp4", 1)
    out = tmp_path / "out"
    assert _invoke("cmj", ana, "-o", out, "--height", "1.62", "-b", jump_set, "-q").exit_code == 0
    second = _invoke("cmj", ben, "-o", out, "--height", "1.91", "-b", jump_set, "-q")
    assert second.exit_code == 0, second.output
    warning = next(line for line in second.output.splitlines() if line.startswith("Warning:"))
    command = f"kinemotion report {out} -o {out / 'session.html'} --csv {out / 'session.csv'}"
    assert f"`{command}` writes one table of every report there" in warning, warning
    assert "a group of different heights is one run: --athlete LIST with a height_m column" in warning
    # the command the warning gives does what it says: both athletes, each at its own height
    done = _invoke(*command.split()[1:])
    assert done.exit_code == 0, done.output
    with (out / "session.csv").open(encoding="utf-8") as fh:
        rows = {row["video"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {"ana.mp4", "ben.mp4"}
    ratio = float(rows["ben.mp4"]["jump_height_hip_m"]) / float(rows["ana.mp4"]["jump_height_hip_m"])
    assert abs(ratio - 1.91 / 1.62) < 1e-3  # the same motion: metres scale with each run's height


def test_track_names_the_three_files_it_wrote_as_a_list(tmp_path: Path, fake: str) -> None:
    """The README's first command: "wrote out/demo.json and out/demo.csv and out/demo.mp4" read as a stammer."""
    from tests.jump.physics_backend import blank_video

    video = blank_video(tmp_path / "demo.mp4", 6, 30)
    out = tmp_path / "out"
    done = _invoke("track", video, "-o", out / "demo.json", "--overlay", out / "demo.mp4", "-b", fake, "-q")
    assert done.exit_code == 0, done.output
    assert f"wrote {out / 'demo.json'}, {out / 'demo.csv'} and {out / 'demo.mp4'}" in done.output, done.output
    two = _invoke("track", video, "-o", out / "two.json", "-b", fake, "-q")
    assert f"wrote {out / 'two.json'} and {out / 'two.csv'}" in two.output, two.output


def test_an_athlete_row_with_the_folder_names_a_clip_analysed_from_inside_it(
    tmp_path: Path, jump_set: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coach's analyst runs ``kinemotion cmj ana.mp4 -o ../out`` inside ``clips/`` (the reports record
    ``ana.mp4``), then writes the athlete list from the project's folder: ``clips/ana.mp4,Ana``. Before, no row
    matched: the page showed file names, with two warnings that the list and the reports disagree."""
    clips = tmp_path / "clips"
    _jump_video(clips / "ana.mp4", 1), _jump_video(clips / "ben.mp4", 2)  # two files: not one video twice
    monkeypatch.chdir(clips)
    assert _invoke("cmj", "ana.mp4", "ben.mp4", "-o", "../out", "-b", jump_set, "-q").exit_code == 0
    monkeypatch.chdir(tmp_path)
    Path("athletes.csv").write_text("video,athlete\nclips/ana.mp4,Ana Silva\nclips/ben.mp4,Ben Ode\n", "utf-8")
    done = _invoke(
        "report", "out", "--athlete", "athletes.csv", "--videos", "clips", "-o", "out/s.html", "--csv", "out/s.csv"
    )
    assert done.exit_code == 0, done.output
    assert "athlete list" not in done.output, done.output  # no row and no video unmatched
    with Path("out/s.csv").open(encoding="utf-8") as fh:
        assert {row["video"]: row["athlete"] for row in csv.DictReader(fh)} == {
            "ana.mp4": "Ana Silva",
            "ben.mp4": "Ben Ode",
        }
    assert "Ana Silva" in Path("out/s.html").read_text(encoding="utf-8")


def test_a_bare_recorded_name_two_folder_rows_could_mean_is_not_guessed(
    tmp_path: Path, jump_set: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``monday/x.mp4`` and ``tuesday/x.mp4`` both end a report's bare ``x.mp4``: neither is taken for it."""
    _jump_video(tmp_path / "x.mp4", 1)
    monkeypatch.chdir(tmp_path)
    assert _invoke("cmj", "x.mp4", "-o", "out", "-b", jump_set, "-q").exit_code == 0
    Path("athletes.csv").write_text("video,athlete\nmonday/x.mp4,Ana\ntuesday/x.mp4,Ben\n", "utf-8")
    done = _invoke("report", "out", "--athlete", "athletes.csv", "-o", "out/s.html", "--csv", "out/s.csv")
    with Path("out/s.csv").open(encoding="utf-8") as fh:
        assert [row["athlete"] for row in csv.DictReader(fh)] == [""]
    assert "1 video in no row of the athlete list (x.mp4)" in done.output, done.output


def test_the_page_finds_a_clip_analysed_from_inside_its_folder_beside_the_reports(
    tmp_path: Path, jump_set: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``project/clips`` and ``project/out``: ``kinemotion cmj ana.mp4 -o ../out`` run in ``clips`` records
    ``ana.mp4``, and ``kinemotion report out`` run in ``project`` looked for it here, in ``out`` and in
    ``project``, never in ``clips``: every still a placeholder, exit 3, until ``--videos clips``."""
    clips = tmp_path / "clips"
    _jump_video(clips / "ana.mp4", 1)
    (tmp_path / "notes").mkdir()  # another folder beside: looked in, holds nothing
    monkeypatch.chdir(clips)
    assert _invoke("cmj", "ana.mp4", "-o", "../out", "-b", jump_set, "-q").exit_code == 0
    monkeypatch.chdir(tmp_path)
    done = _invoke("report", "out", "-o", "out/s.html", "-q")
    assert done.exit_code == 0 and "no still frames" not in done.output, done.output
    assert 'src="data:image/jpeg' in Path("out/s.html").read_text(encoding="utf-8")
    # another recording of that name beside is no candidate: its content is not the analysed video's
    (tmp_path / "other").mkdir()
    _jump_video(tmp_path / "other" / "ana.mp4", 2)
    (clips / "ana.mp4").unlink()
    again = _invoke("report", "out", "-o", "out/s.html", "-q")
    assert again.exit_code == 3 and "no still frames" in again.output, again.output
    assert "to its parent and to the folders beside it" in again.output  # where it was looked for


@pytest.fixture
def jumps_in_a_row() -> Iterator[str]:
    """A backend that sees five CMJs in a row, each landing the next one's countermovement (no standing between)."""
    import numpy as np

    import kinemotion
    from tests.jump.physics import landmarks, rebound_cmj_set_motion
    from tests.jump.physics_backend import SeriesPlugin

    t = np.arange(0, 8.5, 1 / 30)
    motion, _ = rebound_cmj_set_motion(t, [0.45, 0.5, 0.45, 0.5, 0.45])
    plugin = SeriesPlugin("zz-in-a-row", t, landmarks(t, motion, noise=0.001, drop_every=0, seed=4))
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


def test_a_note_every_jump_of_a_set_shares_is_said_once_naming_the_jumps(tmp_path: Path, jumps_in_a_row: str) -> None:
    """The rope-skipping clip's 15 hops printed "no standing still before this jump: depth measured from the
    standing level at the start" 14 times, one line per jump, under 15 lines of numbers."""
    from tests.jump.physics_backend import blank_video

    video = blank_video(tmp_path / "set.mp4", 255, 30)
    done = _invoke("cmj", video, "-o", tmp_path / "out", "-b", jumps_in_a_row, "-q")
    assert done.exit_code == 0, done.output
    notes = [line for line in done.output.splitlines() if "no standing still before this jump" in line]
    report = json.loads((tmp_path / "out" / "set.cmj.json").read_text(encoding="utf-8"))
    having = [j["number"] for j in report["jumps"] if any("no standing still" in q for q in j["quality"])]
    assert len(having) >= 3, having  # the set gives the case: several jumps share the note
    assert len(notes) == 1, notes
    assert notes[0].startswith(f"  note (jumps {having[0]}-{having[-1]}): no standing still before this jump")
    assert having == list(range(having[0], having[-1] + 1))


def test_mediapipe_in_worker_processes_leaves_no_native_log_on_stderr(tmp_path: Path) -> None:
    """``kinemotion cmj a.mp4 b.mp4 -b mediapipe -j 2``: each worker process ends with its tracker open (kept for
    its next video), and MediaPipe's graphs, closed at its exit, printed "INFO: [accelerator_registry.cc:43]
    DestroyAccelerator: ptr=0x..., name=CpuAccelerator" four times per worker under the results."""
    import subprocess
    import sys

    from tests.jump.physics_backend import blank_video

    videos = [blank_video(tmp_path / f"{name}.mp4", 8, 30) for name in ("a", "b")]
    command = ["track", *map(str, videos), "-b", "mediapipe", "-o", f"{tmp_path}/out/", "-j", "2", "-q"]
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", *command],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "DestroyAccelerator" not in done.stderr and "INFO:" not in done.stderr, done.stderr


def test_a_folder_row_naming_another_file_of_that_name_is_not_taken_for_the_clip(
    tmp_path: Path, jump_set: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cameras reuse file names (``IMG_0001.MOV`` every session): Tuesday's ``x.mp4`` was measured from inside
    ``tuesday/`` (the report records ``x.mp4``), and the athlete list has Monday's row alone, ``monday/x.mp4,Ana``.
    That row ends the recorded ``x.mp4`` and no other row does, so Tuesday's jumps were shown and tabled as Ana's,
    with no warning, though ``monday/x.mp4`` is there and another recording. A row naming a file that is there and
    is not the analysed video does not name it: the video is unmatched, said as before."""
    _jump_video(tmp_path / "monday" / "x.mp4", 1)
    _jump_video(tmp_path / "tuesday" / "x.mp4", 2)
    monkeypatch.chdir(tmp_path / "tuesday")
    assert _invoke("cmj", "x.mp4", "-o", "../out", "-b", jump_set, "-q").exit_code == 0
    monkeypatch.chdir(tmp_path)
    Path("athletes.csv").write_text("video,athlete\nmonday/x.mp4,Ana\n", "utf-8")
    done = _invoke("report", "out", "--athlete", "athletes.csv", "-o", "out/s.html", "--csv", "out/s.csv")
    assert done.exit_code == 0, done.output
    with Path("out/s.csv").open(encoding="utf-8") as fh:
        assert {row["athlete"] for row in csv.DictReader(fh)} == {""}
    assert "1 video in no row of the athlete list (x.mp4)" in done.output, done.output
