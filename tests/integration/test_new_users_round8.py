"""New users, round 8: a sports scientist measuring a group whose athletes have different heights.

``--height`` applies to every video of a run, so a group of athletes of different heights is measured one run
per athlete into one folder. Each run's jump table then lists that run's videos alone, and the run said to
"give all the videos to one command for one table", which a group of different heights cannot do.
"""

from __future__ import annotations

import csv
from pathlib import Path

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
    assert "a group of different --height: one run each" in warning
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
