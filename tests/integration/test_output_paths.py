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
