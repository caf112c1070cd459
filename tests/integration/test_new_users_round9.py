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
