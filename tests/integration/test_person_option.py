"""``--person``: accepted on every command that tracks, validated, passed to the backend, recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.core.fakes import FakePlugin
from tests.jump.physics_backend import blank_video


@pytest.fixture
def plugin(tmp_path: Path) -> Iterator[FakePlugin]:
    fake = FakePlugin("zz-person", priority=-5)
    kinemotion.register_backend(fake)
    yield fake
    kinemotion.unregister_backend("zz-person")


@pytest.mark.parametrize(("given", "recorded"), [("center", "center"), ("0.85,0.7", "0.850,0.700")])
def test_the_choice_reaches_the_backend_and_the_json(
    tmp_path: Path, plugin: FakePlugin, given: str, recorded: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 5, 30)
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-person", "--person", given, "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert plugin.created[-1].options == {"person": recorded}
    assert json.loads(out.read_text())["backend"]["options"] == {"person": recorded}


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump", "bench"])
def test_a_bad_choice_is_refused_before_any_work(tmp_path: Path, plugin: FakePlugin, command: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 5, 30)
    result = CliRunner().invoke(cli, [command, str(video), "-b", "zz-person", "--person", "tallest"])
    assert result.exit_code == 2 and "person must be 'largest', 'center' or a point" in result.output
    assert not plugin.created


def test_csv_cells_equal_the_json_frames_in_order_x_y_visibility(tmp_path: Path, plugin: FakePlugin) -> None:
    """The first frame is uniform (nobody: empty cells), the others are not (a person: values)."""
    import csv

    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-person", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    with (tmp_path / "r.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(data["frames"]) == 6
    for row, frame in zip(rows, data["frames"], strict=True):
        assert int(row["frame"]) == frame["index"] and float(row["timestamp_ms"]) == frame["timestamp_ms"]
        for name in data["landmark_names"]:
            cells = [row[f"{name}_x"], row[f"{name}_y"], row[f"{name}_visibility"]]
            if frame["landmarks"] is None:
                assert cells == ["", "", ""]
            else:
                assert [float(c) for c in cells] == pytest.approx(frame["landmarks"][name], abs=1e-4)
    found = [f for f in data["frames"] if f["landmarks"]]
    assert data["frames"][0]["landmarks"] is None and len(found) == 5
    assert found[0]["landmarks"]["left_hip"][0] != found[0]["landmarks"]["left_hip"][1]  # x is not y
