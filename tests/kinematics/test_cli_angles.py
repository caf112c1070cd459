"""``kinemotion angles``: a video or a landmark JSON in, the angles (CSV or .mot) and the TRC out, errors said."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result

import kinemotion
from kinemotion import Availability, ClosingTracker, LandmarkDict
from kinemotion.cli.main import cli
from kinemotion.tracking import write_json
from tests.jump.physics_backend import blank_video
from tests.kinematics.poses import POINTS, standing, tracking


def _run(*args: object) -> Result:
    return CliRunner().invoke(cli, ["angles", *map(str, args)])


class _Standing(ClosingTracker):
    """Sees the athlete of :func:`standing` on every frame, the left knee bent at 90 degrees."""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        pose = standing() | {"left_hip": (220.0, 320.0)}  # pixels of a 640x480 frame: the 4:3 of the video
        return {n: (x / 640, y / 480, 0.9) for n, (x, y) in pose.items()}


@dataclass
class _StandingPlugin:
    name: str = "standing-test"
    priority: int = -100
    modes: tuple[str, ...] = ("lightweight",)

    def probe(self) -> Availability:
        return Availability.yes("hand-made poses")

    def create(self, mode: str = "lightweight", **options: object) -> _Standing:
        return _Standing()


@pytest.fixture
def video(tmp_path: Path) -> Iterator[Path]:
    plugin = _StandingPlugin()
    kinemotion.register_backend(plugin)
    try:
        yield blank_video(tmp_path / "clip.mp4", 12, 30)
    finally:
        kinemotion.unregister_backend(plugin.name)


def test_a_video_is_tracked_and_its_angles_written_beside_it(video: Path) -> None:
    run = _run(video, "-b", "standing-test", "-q")
    assert run.exit_code == 0, run.output
    out = video.with_name("clip.angles.csv")
    assert f"wrote {out}" in run.output and "(12 frames, a pose on 12)" in run.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 12
    assert {r["left_knee_flexion_deg"] for r in rows} == {"90.00"} and {r["right_knee_flexion_deg"] for r in rows} == {
        "0.00"
    }


def test_a_landmark_json_gives_a_mot_and_a_trc_in_pixels(tmp_path: Path) -> None:
    landmarks = write_json(tracking([standing()] * 5), tmp_path / "lm.json")
    run = _run(landmarks, "-o", tmp_path / "out.mot", "--trc", tmp_path / "out.trc")
    assert run.exit_code == 0, run.output
    assert "wrote" in run.output and "out.trc (pixels)" in run.output
    mot = (tmp_path / "out.mot").read_text(encoding="utf-8").splitlines()
    assert "nRows=5" in mot and "inDegrees=yes" in mot
    trc = (tmp_path / "out.trc").read_text().splitlines()
    assert trc[2].split("\t")[2:5] == ["5", str(len(POINTS)), "px"]


def test_landmarks_without_the_feet_say_which_points_and_which_backend_and_write_nothing(tmp_path: Path) -> None:
    coco = tuple(n for n in POINTS if not n.endswith(("heel", "foot_index")))
    landmarks = write_json(tracking([standing()] * 5, names=coco), tmp_path / "lm.json")
    run = _run(landmarks, "-o", tmp_path / "out.csv", "--trc", tmp_path / "out.trc")
    assert run.exit_code == 1
    assert "(backend 'hand-made') lack left_foot_index, left_heel, right_foot_index, right_heel" in run.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lm.json"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-o", "out.json"], "name it .csv (a table) or .mot (an OpenSim motion file)"),
        (["--trc", "out.csv"], "refusing to write the TRC marker file as"),
        (["--height", "1.8"], "--height scales the TRC marker file: give --trc FILE.trc with it"),
        (["--height", "180", "--trc", "out.trc"], "(centimetres? 180 cm is 1.80 m)"),
    ],
)
def test_wrong_outputs_and_heights_are_refused_before_any_work(tmp_path: Path, args: list[str], said: str) -> None:
    landmarks = write_json(tracking([standing()] * 5), tmp_path / "lm.json")
    run = CliRunner().invoke(cli, ["angles", str(landmarks), *args], catch_exceptions=False)
    assert run.exit_code in (1, 2) and said in run.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lm.json"]


def test_a_failed_run_sets_the_earlier_runs_angles_aside(tmp_path: Path) -> None:
    (tmp_path / "out.csv").write_text("an earlier run's angles\n")
    coco = tuple(n for n in POINTS if not n.endswith(("heel", "foot_index")))
    landmarks = write_json(tracking([standing()] * 5, names=coco), tmp_path / "lm.json")
    run = _run(landmarks, "-o", tmp_path / "out.csv")
    assert run.exit_code == 1
    assert f"An earlier run's output is not this run's result: moved {tmp_path / 'out.csv'}" in run.output
    assert not (tmp_path / "out.csv").exists()
    assert (tmp_path / "out.csv.previous").read_text() == "an earlier run's angles\n"


def test_landmarks_of_a_video_read_in_part_are_written_with_a_warning_and_exit_3(tmp_path: Path) -> None:
    part = replace(tracking([standing()] * 5), complete=False, error="frame 5 could not be decoded")
    landmarks = write_json(part, tmp_path / "lm.json")
    run = _run(landmarks, "-o", tmp_path / "out.csv")
    assert run.exit_code == 3
    assert "was read only in part: frame 5 could not be decoded" in run.output
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 6


def test_a_clip_whose_athlete_cannot_be_measured_says_height_is_what_failed_and_writes_nothing(tmp_path: Path) -> None:
    landmarks = write_json(tracking([standing()] * 5), tmp_path / "lm.json")  # 5 frames, no head: no size
    run = _run(landmarks, "-o", tmp_path / "out.csv", "--trc", tmp_path / "out.trc", "--height", "1.8")
    assert run.exit_code == 1
    assert "--height: the TRC's metres need the athlete measured upright (nose to feet)" in run.output
    assert "Leave --height out for a TRC in pixels." in run.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lm.json"]


def test_the_landmark_table_beside_a_landmark_json_is_not_replaced_by_the_angles(tmp_path: Path) -> None:
    landmarks = write_json(tracking([standing()] * 5), tmp_path / "lm.json")
    table = tmp_path / "lm.csv"  # where `kinemotion track -o lm.json` writes the landmarks as a table
    table.write_text("frame,timestamp_ms,nose_x\n")
    run = _run(landmarks, "-o", table)
    assert run.exit_code == 1
    assert f"refusing to write the angles as {table}: it is the landmark table beside {landmarks}" in run.output
    assert f"name it {tmp_path / 'lm.angles.csv'}" in run.output
    assert table.read_text() == "frame,timestamp_ms,nose_x\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lm.csv", "lm.json"]


def test_a_wrong_name_is_not_told_to_become_the_landmark_table(tmp_path: Path) -> None:
    landmarks = write_json(tracking([standing()] * 5), tmp_path / "lm.json")
    run = _run(landmarks, "-o", tmp_path / "lm.xlsx")
    assert run.exit_code == 1
    assert f"e.g. {tmp_path / 'lm.angles.csv'}" in run.output
