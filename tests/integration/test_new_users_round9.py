"""New users, round 9: a sports scientist, a coach's analyst and a plugin author, each from the README.

Each test is a place where one of them stalled, was misled, or found the docs and the code disagreeing.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from kinemotion.cli.main import cli
from tests.integration.test_resume import _jump_video


def _invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_report_naming_the_output_folder_writes_the_page_in_it(tmp_path: Path, jump_set: str) -> None:
    """`cmj clips/*.mp4 -o s/mon --report s/mon` (the help: "a folder gets session.html"): the folder did not
    exist yet, so the page was planned as a file named `s/mon`, and after every video was analysed the run ended
    with "Error: cannot write s/mon: Is a directory", no page."""
    videos = [_jump_video(tmp_path / "ana.mp4", 1), _jump_video(tmp_path / "ben.mp4", 1)]
    out = tmp_path / "s" / "mon"
    done = _invoke("cmj", *videos, "-o", out, "--report", out, "-b", jump_set, "-q")
    assert done.exit_code == 0, done.output
    assert (out / "session.html").is_file()
    assert f"wrote {out / 'session.html'}" in done.output, done.output
    single = tmp_path / "one"  # one video: `-o one` (no extension) is a folder too, and so is the page's
    done = _invoke("cmj", videos[0], "-o", single, "--report", single, "-b", jump_set, "-q")
    assert done.exit_code == 0, done.output
    assert (single / "session.html").is_file() and (single / "ana.cmj.json").is_file()


def _overview(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('id="overview"')
    return html[start : html.index("</section>", start)]


def test_two_sessions_tracked_by_different_backends_are_said_not_to_compare(
    tmp_path: Path, jump_set: str, cmj_backend: str
) -> None:
    """Monday's squad tracked by one backend, Tuesday's by another (the models were missing offline: auto fell
    back to MediaPipe), one page of both: before, nothing said so, the rows read "athlete1.mp4" twice, and a
    scientist read the backends' difference (MediaPipe's flights come out longer) as the athlete's progress."""
    monday = _jump_video(tmp_path / "mon" / "athlete1.mp4", 1)
    tuesday = _jump_video(tmp_path / "tue" / "athlete1.mp4", 2)  # another recording (another length)
    for video, backend, out in ((monday, jump_set, "s/mon"), (tuesday, cmj_backend, "s/tue")):
        done = _invoke("cmj", video, "-o", tmp_path / out, "-b", backend, "-q")
        assert done.exit_code == 0, done.output
    page = tmp_path / "both.html"
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "s"), "-o", str(page), "-q"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert f"tracked by 2 pose backends ({jump_set} (lightweight): athlete1.cmj.json; " in said, said
    assert f"{cmj_backend} (lightweight): athlete1.cmj.json)" in said, said
    assert "compare athletes or sessions tracked by one backend" in said, said
    html = " ".join(page.read_text(encoding="utf-8").split())
    assert "compare athletes or sessions tracked by one backend" in html  # on the page too, under Read with care
    overview = _overview(page)
    for backend in (jump_set, cmj_backend):  # each row names its backend
        assert f'<small class="backend">{backend}</small>' in overview, overview
    # and the two recordings of one name are told apart by the folder each was recorded in
    assert f">{monday}</a>" in overview and f">{tuesday}</a>" in overview, overview


def test_one_session_on_one_backend_says_nothing_of_backends(tmp_path: Path, jump_set: str) -> None:
    videos = [_jump_video(tmp_path / "ana.mp4", 1), _jump_video(tmp_path / "ben.mp4", 2)]
    assert _invoke("cmj", *videos, "-o", tmp_path / "out", "-b", jump_set, "-q").exit_code == 0
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "out"), "-o", str(page), "-q"])
    assert result.exit_code == 0 and "pose backends" not in result.stderr, result.output
    overview = _overview(page)
    assert 'class="backend"' not in overview and ">ana.mp4</a>" in overview, overview


def test_the_overlay_caption_reads_on_a_bright_sky() -> None:
    """The demo's overlay (a jump against the sun): "CMJ jump 3/4: flight" was white letters with a 1 px black
    edge on a white sky, a ghost a coach could barely read. The caption now sits on a dark band: most of the
    caption's area is dark whatever the picture, and its letters are white."""
    import numpy as np

    from kinemotion.tracking.drawing import draw_pose

    for height, width in ((994, 1768), (850, 478), (360, 640)):
        sky = np.full((height, width, 3), 250, dtype=np.uint8)
        drawn = draw_pose(sky.copy(), None, "CMJ jump 3/4: flight  t=1.667 s")
        changed = np.flatnonzero(np.any(drawn != sky, axis=(1, 2)))  # the rows the caption drew on
        rows = drawn[changed[0] : changed[-1] + 1, : width // 3].mean(axis=2)
        assert (rows < 100).mean() > 0.5, f"{width}x{height}: the caption's band is {(rows < 100).mean():.0%} dark"
        assert (rows > 200).mean() > 0.05, f"{width}x{height}: no white letters"
    assert (draw_pose(sky.copy(), None, "") == sky).all()  # no caption (the report's stills): no band


def test_an_athlete_s_two_sessions_are_told_apart_on_the_page(tmp_path: Path, jump_set: str) -> None:
    """The athlete list names Ana in both sessions (`mon/athlete1.mp4,Ana`, `tue/athlete1.mp4,Ana`): the
    overview's rows read "Ana | athlete1.mp4" twice and so did the two sections' headings, Monday's and Tuesday's
    numbers side by side with nothing to say which was which."""
    days = {
        day: _jump_video(tmp_path / "clips" / day / "athlete1.mp4", jumps) for day, jumps in (("mon", 1), ("tue", 2))
    }
    for day, video in days.items():
        done = _invoke("cmj", video, "-o", tmp_path / "s" / day, "-b", jump_set, "-q")
        assert done.exit_code == 0, done.output
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete\nmon/athlete1.mp4,Ana\ntue/athlete1.mp4,Ana\n", encoding="utf-8")
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "s"), "--athlete", str(athletes), "-o", str(page)])
    assert result.exit_code == 0, result.output
    overview = _overview(page)
    for video in days.values():
        assert f'<td class="video-file">{video}</td>' in overview, overview
        assert f'<span class="video-name">{video}</span></h2>' in page.read_text(encoding="utf-8")
