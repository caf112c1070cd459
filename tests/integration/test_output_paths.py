"""Where `kinemotion track` writes one video's outputs: a file name, an existing folder, or a new folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.core.fakes import FakePlugin
from tests.jump.physics_backend import blank_video


@pytest.fixture
def video(tmp_path: Path) -> Iterator[Path]:
    kinemotion.register_backend(FakePlugin("zz-paths", priority=-1))
    yield blank_video(tmp_path / "jump.mp4", 6, 30)
    kinemotion.unregister_backend("zz-paths")


@pytest.mark.parametrize(
    ("option", "json_file"),
    [
        ("out/result.json", "out/result.json"),  # a file name: used as it is
        ("results", "results/jump.landmarks.json"),  # no suffix: a folder, created
        ("existing", "existing/jump.landmarks.json"),  # an existing folder
    ],
)
def test_one_videos_outputs_go_where_the_option_says(video: Path, tmp_path: Path, option: str, json_file: str) -> None:
    (tmp_path / "existing").mkdir()
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-paths", "-q", "-o", str(tmp_path / option)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / json_file).is_file() and (tmp_path / json_file).with_suffix(".csv").is_file()
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file() and p != video)
    assert written == sorted([json_file, str(Path(json_file).with_suffix(".csv"))])


@pytest.mark.parametrize(
    ("args", "option", "taken"),
    [
        (["cmj", "{video}", "--report", "-q"], "--report", "-q"),  # a page named "-q" in the current folder
        (["cmj", "{video}", "-o", "--quiet"], "--output", "--quiet"),  # a folder named "--quiet"
        (["cmj", "{video}", "--plot", "-j", "1"], "--plot", "-j"),
        (["cmj", "{video}", "-o", "--height=1.8"], "--output", "--height=1.8"),
        (["track", "{video}", "--overlay", "-q"], "--overlay", "-q"),
        (["report", "{video}", "-o", "-q"], "--output", "-q"),
        (["report", "{video}", "--pdf", "--quiet"], "--pdf", "--quiet"),
    ],
)
def test_an_option_given_where_a_path_goes_is_refused_not_written_as_a_file(
    video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], option: str, taken: str
) -> None:
    """``kinemotion cmj clip.mp4 --report -q`` forgot the page's name: the next option is not taken as the name.

    Before: "wrote -q (1 video, 1 jump)", exit 0: an HTML page named ``-q`` in the current folder (and ``-o
    --quiet`` a folder named ``--quiet``), which ``ls`` and ``rm`` then take for options too.
    """
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, [a.format(video=video) for a in args])
    assert done.exit_code == 2, done.output
    said = " ".join(done.output.split())
    assert f"{taken} is a kinemotion option, not a file or folder name: the name goes right after {option}" in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jump.mp4"]  # nothing written


def test_a_file_whose_name_starts_with_a_dash_is_still_written_when_it_is_no_option(
    video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-paths", "-q", "-o", "-take2.json"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "-take2.json").is_file()
