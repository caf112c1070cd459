"""A backend that returns a wrong landmark name is reported, naming the backend and the name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.tracking import track_video
from tests.core.fakes import FakePlugin, FakeTracker
from tests.jump.physics_backend import blank_video


class _Typo(FakeTracker):
    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        if out is not None:
            out["left_foot_idx"] = out.pop("left_foot_index")  # an author's typo
        return out


class _TypoPlugin(FakePlugin):
    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        return _Typo(self.name, mode, options)


@pytest.fixture
def typo_backend(tmp_path: Path) -> Iterator[Path]:
    kinemotion.register_backend(_TypoPlugin("zz-typo", priority=-5))
    yield blank_video(tmp_path / "v.mp4", 12, 30)
    kinemotion.unregister_backend("zz-typo")


def test_track_reports_a_name_outside_the_vocabulary_once(typo_backend: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["track", str(typo_backend), "-b", "zz-typo", "-q", "-o", str(tmp_path / "o.json")]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "left_foot_idx" in line]
    assert len(lines) == 1 and "'zz-typo'" in lines[0], result.output
    missing = [line for line in result.output.splitlines() if "returned no ['left_foot_index']" in line]
    assert len(missing) == 1 and "'zz-typo'" in missing[0]


def test_tracking_result_keeps_the_problems(typo_backend: Path) -> None:
    result = track_video(typo_backend, "zz-typo", progress=False)
    assert len(result.problems) == 2
    assert "left_foot_idx" in result.problems[0] and "first on frame 1" in result.problems[0]
    assert "left_foot_index" not in result.landmark_names


class _Foreign(FakeTracker):
    """Every landmark under the model's own names (an author who forgot to map them)."""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        return None if out is None else {f"kp_{i}": point for i, point in enumerate(out.values())}


class _ForeignPlugin(FakePlugin):
    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        return _Foreign(self.name, mode, options)


def test_a_backend_naming_no_landmark_in_the_vocabulary_fails_the_tracking_and_writes_nothing(tmp_path: Path) -> None:
    """Its landmark file held no landmark and looked complete (exit 0, two warnings); `cmj` on it then blamed
    missing landmarks. Now the tracking fails, naming the backend and its names, and writes no file."""
    kinemotion.register_backend(_ForeignPlugin("zz-foreign", priority=-5))
    try:
        video = blank_video(tmp_path / "v.mp4", 12, 30)
        out = tmp_path / "o.json"
        result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-foreign", "-q", "-o", str(out)])
    finally:
        kinemotion.unregister_backend("zz-foreign")
    assert result.exit_code != 0, result.output
    assert "'zz-foreign' found a person on 11 frames but named none of its landmarks" in result.output, result.output
    assert "kp_0" in result.output and "LANDMARK_NAMES" in result.output
    assert not out.exists() and not list(tmp_path.glob("o*.csv")), list(tmp_path.iterdir())
