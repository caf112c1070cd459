"""Round 10 of the new users (newuser20): what a sports scientist with a folder of clips ran into."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.jump.physics_backend import blank_video


def test_bench_given_several_videos_says_it_times_one_and_how_to_time_each(tmp_path: Path) -> None:
    """Before: `kinemotion bench clips/*.mp4` (a folder of clips, as `cmj` takes them) said only click's "Got
    unexpected extra arguments (clips/b.mp4)", naming neither why nor what to do."""
    a, b, c = (blank_video(tmp_path / f"{n}.mp4", 10, 30) for n in "abc")
    run = CliRunner().invoke(cli, ["bench", str(a), str(b), str(c), "-b", "mediapipe"])
    assert run.exit_code == 2, run.output
    assert "unexpected extra" not in run.output
    assert "bench times one VIDEO" in run.output and "got 3" in run.output, run.output
    assert "for v in" in run.output and "kinemotion bench" in run.output, run.output


def _cmj_report(folder: Path, name: str, height: float | None) -> Path:
    """A CMJ report of a physics-generated jump, as `kinemotion cmj NAME.mp4 --height H` writes it."""
    import json

    import numpy as np

    from kinemotion.jump import analyze_tracking
    from tests.jump.physics import cmj_motion, landmarks
    from tests.jump.physics_backend import hand_made_tracking

    t = np.arange(0, 3.5, 1 / 30)
    tracking = hand_made_tracking(t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=5))
    data = analyze_tracking(tracking, "cmj", height).to_json_dict()
    data["video"] = {**data["video"], "path": f"{name}.mp4"}
    path = folder / f"{name}.cmj.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_report_says_when_the_athlete_list_gives_another_height_than_a_report_was_measured_at(tmp_path: Path) -> None:
    """Before: an analyst who corrected Ben's height in the athlete list (1.75 to 1.85) and made the page again
    with `kinemotion report out --athlete athletes.csv` got a page, and a `--csv` table, of Ben's metres at
    1.75 m without a word: the page reads only the names of the list (its `height_m` is `cmj --athlete`'s)."""
    out = tmp_path / "out"
    out.mkdir()
    _cmj_report(out, "ana", 1.62)
    _cmj_report(out, "ben", 1.75)
    _cmj_report(out, "cy", None)
    athletes = tmp_path / "athletes.csv"
    athletes.write_text(
        "video,athlete,height_m\nana.mp4,Ana,1.62\nben.mp4,Ben,1.85\ncy.mp4,Cy,1.70\n", encoding="utf-8"
    )
    page = tmp_path / "page.html"
    run = CliRunner().invoke(cli, ["report", str(out), "--athlete", str(athletes), "-o", str(page), "-q"])
    assert page.exists(), run.output
    said = [line for line in run.output.splitlines() if "measured at" in line]
    assert len(said) == 1, run.output  # one warning naming both; Ana's report is at her list's height
    (line,) = said
    assert "ben.mp4" in line and "1.75 m" in line and "1.85 m" in line, line
    assert "cy.mp4" in line and "no height" in line and "1.7 m" in line, line
    assert "ana.mp4" not in line, line
    assert "kinemotion cmj" in line and "--athlete" in line, line  # how to measure them at the list's heights
    html = page.read_text(encoding="utf-8")
    assert "1.85 m" in html and "ben.mp4" in html  # said on the page too ("Read with care")


def test_report_without_heights_in_the_athlete_list_says_nothing_of_heights(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _cmj_report(out, "ben", 1.75)
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete\nben.mp4,Ben\n", encoding="utf-8")
    page = tmp_path / "page.html"
    run = CliRunner().invoke(cli, ["report", str(out), "--athlete", str(athletes), "-o", str(page), "-q"])
    assert page.exists(), run.output
    assert "measured at" not in run.output, run.output


def test_report_still_makes_the_page_from_a_list_whose_height_cmj_would_refuse(tmp_path: Path) -> None:
    """The page reads only the list's names: a height in centimetres (175) is said, and the page is made, as
    before the heights were compared."""
    out = tmp_path / "out"
    out.mkdir()
    _cmj_report(out, "ben", 1.75)
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete,height_m\nben.mp4,Ben,175\n", encoding="utf-8")
    page = tmp_path / "page.html"
    run = CliRunner().invoke(cli, ["report", str(out), "--athlete", str(athletes), "-o", str(page), "-q"])
    assert page.exists() and run.exit_code in (0, 3), run.output  # 3: the physics series has no video to show
    assert "175 cm is 1.75 m" in run.output and "refuses the list" in run.output, run.output
    assert "Ben" in page.read_text(encoding="utf-8")


def test_the_command_report_suggests_for_a_corrected_height_reads_the_kept_landmarks(
    tmp_path: Path, cmj_backend: str
) -> None:
    """The warning's command left out the backend, mode, options and capture rate the reports were made with:
    followed, `-b auto` picked another backend and the run tracked the video again (or refused the slow-motion
    clip at its file's rate) instead of reading the landmarks kept beside the report. Now it repeats the recorded
    settings, and run as said it reads them."""
    import json
    import shlex

    video = blank_video(tmp_path / "ben.mp4", int(3.5 * 30), 30)
    out = tmp_path / "out"
    made = ["cmj", str(video), "-b", cmj_backend, "-O", "threads=2", "--capture-fps", "30", "--height", "1.75"]
    assert CliRunner().invoke(cli, [*made, "-o", f"{out}/", "-q"]).exit_code == 0
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete,height_m\nben.mp4,Ben,1.85\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["report", str(out), "--athlete", str(athletes), "-o", str(tmp_path / "p.html")])
    (line,) = [line for line in run.output.splitlines() if "measured at" in line]
    command = line.split("`")[1]
    assert f"-b {cmj_backend} -m lightweight -O threads=2 --capture-fps ben.mp4=30" in command, command
    words = shlex.split(command)
    words = [str(video) if w == "VIDEOS" else str(out) if w == "FOLDER" else w for w in words]
    again = CliRunner().invoke(cli, words[1:])
    assert again.exit_code == 0, again.output
    assert "analysing its landmarks from" in again.output and "not tracking it again" in again.output, again.output
    assert json.loads((out / "ben.cmj.json").read_text(encoding="utf-8"))["athlete_height_m"] == 1.85
