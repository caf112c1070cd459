"""``--capture-fps CLIP=FPS``: a slow-motion clip measured among other clips in one run.

Before, one ``--capture-fps`` applied to every video of a run: a folder with one slow-motion clip could not be
measured in one run (the rate made the other clips' jumps eight times too short, without it the slow clip was
refused), and the second run's table and page lost the first run's videos.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video
from tests.jump.test_sets_and_camera import _slow_motion_cmj

FRAMES = 840


@pytest.fixture
def slowmo() -> Iterator[str]:
    """Every video seen as a CMJ filmed at 240 fps and saved at 30 (its 0.5 s flight lasts 4 s in the file)."""
    plugin = _slow_motion_cmj("zz-slowmo-per-clip", FRAMES)
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["cmj", *args, "-q"])
    return result.exit_code, " ".join(result.output.split())


def test_each_clip_named_gets_its_rate_and_the_others_the_plain_one(tmp_path: Path, slowmo: str) -> None:
    a, b = (blank_video(tmp_path / f"{name}.mp4", FRAMES, 30) for name in ("a", "b"))
    out = tmp_path / "out"
    code, said = _run(str(a), str(b), "-b", slowmo, "-o", str(out), "--capture-fps", "a.mp4=240")
    assert code == 3, said  # a measured at 240; b at its file's rate: slow motion, refused
    assert json.loads((out / "a.cmj.json").read_text())["capture_fps"] == 240
    assert "b.mp4: This looks like slow motion" in said
    assert "Among several videos, give the rate to this clip alone: --capture-fps b.mp4=240." in said
    # both named (b by its path as given), in one run: one table of both
    code, said = _run(
        str(a), str(b), "-b", slowmo, "-o", str(out), "--capture-fps", "a.mp4=240", "--capture-fps", f"{b}=240"
    )
    assert code == 0, said
    assert "a.mp4: skipped, its report exists" in said  # the same request for a: done
    rows = (out / "cmj-jumps.csv").read_text().splitlines()
    assert len(rows) == 3 and json.loads((out / "b.cmj.json").read_text())["capture_fps"] == 240
    # a plain rate for the others: b at 120 is another measurement (never served as done), slow motion still
    code, said = _run(
        str(a), str(b), "-b", slowmo, "-o", str(out), "--capture-fps", "120", "--capture-fps", "a.mp4=240"
    )
    assert code == 3 and "a.mp4: skipped" in said and "b.mp4: skipped" not in said, said
    assert "--capture-fps 120 does not fit this clip" in said or "slow motion" in said, said


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (["c.mp4=240"], "c.mp4=240 names none of this run's videos (a.mp4, b.mp4)"),
        (["240", "120"], "a plain rate is given 2 times (240, 120): it applies to every video"),
        (["a.mp4=240", "a.mp4=120"], "is given two rates (a.mp4=240 and a.mp4=120): give one"),
        (["a.mp4=2,40"], "'2,40' is not a number: write it with a decimal point, 2.40"),
        (["a.mp4=0.5"], "'a.mp4=0.5': "),
        (["=240"], "'=240' names no clip before '='"),
    ],
)
def test_a_wrong_capture_rate_is_a_usage_error_before_any_work(
    tmp_path: Path, slowmo: str, given: list[str], message: str
) -> None:
    a, b = (blank_video(tmp_path / f"{name}.mp4", 30, 30) for name in ("a", "b"))
    out = tmp_path / "out"
    options = [word for rate in given for word in ("--capture-fps", rate)]
    result = CliRunner().invoke(cli, ["cmj", str(a), str(b), "-b", slowmo, "-o", str(out), *options])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()), result.output
    assert not out.exists()


def test_a_file_name_two_videos_share_must_be_given_by_its_path(tmp_path: Path, slowmo: str) -> None:
    (tmp_path / "mon").mkdir()
    (tmp_path / "tue").mkdir()
    first, second = (blank_video(tmp_path / day / "jump.mp4", 30, 30) for day in ("mon", "tue"))
    result = CliRunner().invoke(
        cli,
        ["cmj", str(first), str(second), "-b", slowmo, "-o", str(tmp_path / "out"), "--capture-fps", "jump.mp4=240"],
    )
    assert result.exit_code == 2, result.output
    assert f"names 2 videos ({first}, {second}): give the one meant by its path" in " ".join(result.output.split())


def test_a_batch_refusal_of_a_clip_its_earlier_report_measured_gives_one_rate_in_the_batch_s_command(
    tmp_path: Path, slowmo: str
) -> None:
    """Two slow-motion clips measured in one run (``--capture-fps CLIP=240`` each), then the batch's command run
    again without the rates. Before: each refusal gave two recipes, ``--capture-fps a.mp4=240`` in the batch's
    command and, from its earlier report, a command for the clip alone (``kinemotion cmj a.mp4 -o
    out/a.cmj.json ...``, which leaves the batch's table and page without it). Now one: the clip's rate in the
    batch's command, the rate its earlier report measured it at."""
    a, b = (blank_video(tmp_path / f"{name}.mp4", FRAMES + n, 30) for n, name in enumerate(("a", "b")))
    out = tmp_path / "out"
    rates = ["--capture-fps", "a.mp4=240", "--capture-fps", "b.mp4=240"]
    code, said = _run(str(a), str(b), "-b", slowmo, "-o", str(out), *rates)
    assert code == 0, said
    code, said = _run(str(a), str(b), "-b", slowmo, "-o", str(out))
    assert code == 1, said
    assert "to this video alone (kinemotion" not in said, said
    for name in ("a", "b"):
        assert said.count(f"--capture-fps {name}.mp4=240") == 1, said
        previous = out / f"{name}.cmj.json.previous"
        assert f"Its earlier report ({previous}) measured it with --capture-fps 240." in said, said


def test_a_batch_measuring_a_slight_slow_motion_clip_at_its_file_rate_offers_its_earlier_rate_for_that_clip(
    tmp_path: Path,
) -> None:
    """A clip filmed at 48 fps (not refused at its file's rate) measured with ``--capture-fps a.mp4=48`` among
    others; the batch's command again without it keeps the measured report and says so. Before: the warning gave
    the command for the clip alone; now the rate for that clip in the batch's command."""
    plugin = _slow_motion_cmj("zz-slight-per-clip", 168, filmed_fps=48, noise=0.004)
    kinemotion.register_backend(plugin)
    try:
        a, b = (blank_video(tmp_path / f"{name}.mp4", 168 + n, 30) for n, name in enumerate(("a", "b")))
        out = tmp_path / "out"
        args = [str(a), str(b), "-b", plugin.name, "-o", str(out)]
        code, said = _run(*args, "--capture-fps", "a.mp4=48")
        assert code == 0, said
        code, said = _run(*args)
        assert code == 0, said
        assert f"Its earlier report ({out / 'a.cmj.json.previous'}) measured it with --capture-fps 48" in said, said
        assert "in this run's command (--capture-fps a.mp4=48)" in said, said
        assert "to this video alone (kinemotion" not in said, said
    finally:
        kinemotion.unregister_backend(plugin.name)


def test_a_clip_named_by_another_name_of_its_file_gets_its_rate(
    tmp_path: Path, slowmo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to the clip among the videos (``*.mp4`` catches it) is done once, under the first name given; the
    rate named by the link's path as given, or by the clip's absolute path (the videos given relative), is that
    file's. Before: "link.mp4=240 names none of this run's videos", and the absolute path likewise."""
    monkeypatch.chdir(tmp_path)
    for n, name in enumerate(("a", "b")):
        blank_video(tmp_path / f"{name}.mp4", FRAMES + n, 30)
    try:
        Path("link.mp4").symlink_to("a.mp4")
    except OSError:
        pytest.skip("no symbolic links here")
    for n, named in enumerate(("link.mp4=240", f"{tmp_path / 'a.mp4'}=240")):
        out = f"out{n}"
        code, said = _run("a.mp4", "link.mp4", "b.mp4", "-b", slowmo, "-o", out, "--capture-fps", named)
        assert code == 3, said  # a measured at 240, b refused at its file's rate
        assert json.loads(Path(out, "a.cmj.json").read_text())["capture_fps"] == 240, said


def test_one_video_given_twice_with_its_rate_is_said_to_be_given_twice(tmp_path: Path, slowmo: str) -> None:
    """Before: "a.mp4=240 names 2 videos (a.mp4, a.mp4): give the one meant by its path", of one path."""
    a = blank_video(tmp_path / "a.mp4", 30, 30)
    result = CliRunner().invoke(
        cli, ["cmj", str(a), str(a), "-b", slowmo, "-o", str(tmp_path / "out"), "--capture-fps", "a.mp4=240"]
    )
    said = " ".join(result.output.split())
    assert "is given twice: give each video once" in said, said
    assert "names 2 videos" not in said, said


@pytest.fixture
def real_time() -> Iterator[str]:
    """Every video seen as a CMJ filmed and saved at 30 fps (real time: no capture rate fits but its own)."""
    t = np.arange(0, 3.5, 1 / 30)
    plugin = SeriesPlugin(
        "zz-real-time-per-clip", t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3)
    )
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


def test_a_clip_refused_at_its_own_rate_is_offered_a_replacement_not_a_second_rate(
    tmp_path: Path, real_time: str
) -> None:
    """A real-time clip given ``--capture-fps a.mp4=40`` among others is refused (its rate does not fit: "leave
    --capture-fps out"). Before, the batch's advice was to add ``--capture-fps a.mp4=30``, and adding it was a
    usage error ("a.mp4 is given two rates"); now it says to replace the clip's rate, or leave it out."""
    a, b = (blank_video(tmp_path / f"{name}.mp4", 105 + n, 30) for n, name in enumerate(("a", "b")))
    args = [str(a), str(b), "-b", real_time, "-o", str(tmp_path / "out")]
    code, said = _run(*args, "--capture-fps", "a.mp4=40")
    assert code == 3, said
    assert "give the rate to this clip alone" not in said, said
    assert (
        "Replace this clip's own rate in the command: --capture-fps a.mp4=30 instead of --capture-fps a.mp4=40, "
        "or leave --capture-fps a.mp4=40 out (its file's rate)." in said
    ), said
    code, said = _run(*args, "--capture-fps", "a.mp4=30")  # what it says to do runs (kept landmarks: no re-track)
    assert code == 0, said
    code, said = _run(*args, "--force")  # and so does the other way
    assert code == 0, said


def test_a_clip_refused_at_the_plain_rate_is_offered_its_own(tmp_path: Path, real_time: str) -> None:
    """The same clip refused at a plain ``--capture-fps 40`` (every video's): its own rate is the fix, as before."""
    a, b = (blank_video(tmp_path / f"{name}.mp4", 105 + n, 30) for n, name in enumerate(("a", "b")))
    code, said = _run(str(a), str(b), "-b", real_time, "-o", str(tmp_path / "out"), "--capture-fps", "40")
    assert code == 1, said
    assert "Among several videos, give the rate to this clip alone: --capture-fps a.mp4=30." in said, said
    assert "Replace this clip's own rate" not in said, said


def test_a_slow_motion_clip_refused_at_its_own_wrong_rate_is_offered_the_rate_that_fits_instead(
    tmp_path: Path, slowmo: str
) -> None:
    """Filmed at 240, given ``a.mp4=120``: the offer replaces that rate (leaving it out would be its file's rate,
    30, which does not fit either: not offered)."""
    a, b = (blank_video(tmp_path / f"{name}.mp4", FRAMES + n, 30) for n, name in enumerate(("a", "b")))
    args = [str(a), str(b), "-b", slowmo, "-o", str(tmp_path / "out"), "--capture-fps", "b.mp4=240"]
    code, said = _run(*args, "--capture-fps", "a.mp4=120")
    assert code == 3, said
    assert (
        "Replace this clip's own rate in the command: --capture-fps a.mp4=240 instead of --capture-fps a.mp4=120."
        in (said)
    ), said
    code, said = _run(*args, "--capture-fps", "a.mp4=240")
    assert code == 0, said


@pytest.mark.parametrize(
    ("plain", "advice"),
    [
        ([], "if the clip is not slow motion, leave --capture-fps a.mp4=240 out."),
        (
            ["--capture-fps", "30"],
            "if the clip is not slow motion, give it its file's rate: --capture-fps a.mp4=30 instead of "
            "--capture-fps a.mp4=240.",
        ),
    ],
)
def test_no_jump_at_a_clip_s_own_rate_is_told_in_that_form(
    tmp_path: Path, real_time: str, plain: list[str], advice: str
) -> None:
    """Before: "With --capture-fps 240, each second of the file ... counted as 0.125 s: if the clip is not slow
    motion, leave --capture-fps out." of a clip given its rate as ``--capture-fps a.mp4=240`` among others: a
    plain option that is not in the command (and leaving every rate out would change the other clips' too)."""
    a, b = (blank_video(tmp_path / f"{name}.mp4", 105, 30) for name in ("a", "b"))
    out = tmp_path / "out"
    code, said = _run(str(a), str(b), "-b", real_time, "-o", str(out), "--capture-fps", "a.mp4=240", *plain)
    assert code == 3, said
    assert "a.mp4: " in said and advice in said, said
    assert "leave --capture-fps out" not in said, said
    record = json.loads((out / "a.cmj.refusal.json").read_text())
    assert advice in record["reason"]
