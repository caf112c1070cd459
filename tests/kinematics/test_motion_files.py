"""The CSV, OpenSim .mot and TRC files, parsed back: header fields, counts, values, blanks where not seen."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from kinemotion.errors import OutputError
from kinemotion.keypoints import HALPE26
from kinemotion.kinematics import joint_angles, marker_name, write_angles_csv, write_mot, write_trc
from tests.kinematics.poses import FPS, POINTS, standing, tracking


def _poses() -> list[dict[str, tuple[float, float]]]:
    bent = standing() | {"left_hip": (220.0, 320.0), "left_shoulder": (220.0, 200.0)}  # left knee at 90
    no_knee = {n: p for n, p in standing().items() if n != "right_knee"}
    return [standing(), bent, no_knee]


def test_the_csv_has_a_row_per_frame_with_units_in_the_names_and_blanks_where_not_measured(tmp_path: Path) -> None:
    angles = joint_angles(tracking(_poses()))
    rows = list(csv.DictReader(write_angles_csv(angles, tmp_path / "a.csv").open(encoding="utf-8")))
    assert list(rows[0]) == ["frame", "time_s", *angles.names]
    assert all(name.endswith("_deg") for name in angles.names)
    assert [r["frame"] for r in rows] == ["0", "1", "2"]
    assert float(rows[1]["time_s"]) == pytest.approx(1 / FPS, abs=1e-6)
    assert float(rows[1]["left_knee_flexion_deg"]) == pytest.approx(90.0, abs=0.01)
    assert rows[2]["right_knee_flexion_deg"] == "" and rows[2]["left_knee_flexion_deg"] == "0.00"


def test_the_mot_header_is_opensims_and_its_table_matches_it(tmp_path: Path) -> None:
    angles = joint_angles(tracking(_poses()))
    lines = write_mot(angles, tmp_path / "squat.mot").read_text(encoding="utf-8").splitlines()
    end = lines.index("endheader")
    header = dict(line.split("=", 1) for line in lines[1:end])
    assert lines[0] == "squat"
    assert header == {"version": "1", "nRows": "3", "nColumns": str(len(angles.names) + 1), "inDegrees": "yes"}
    columns = lines[end + 1].split("\t")
    assert columns == ["time", *angles.names]
    table = [line.split("\t") for line in lines[end + 2 :]]
    assert len(table) == int(header["nRows"]) and {len(row) for row in table} == {int(header["nColumns"])}
    assert [float(row[0]) for row in table] == pytest.approx([0, 1 / FPS, 2 / FPS], abs=1e-6)
    knee = columns.index("right_knee_flexion_deg")
    assert table[2][knee] == "NaN" and math.isnan(float(table[2][knee]))
    assert float(table[1][columns.index("left_knee_flexion_deg")]) == pytest.approx(90.0, abs=1e-3)


def _trc(path: Path) -> tuple[dict[str, str], list[str], list[str], list[list[str]]]:
    lines = path.read_text().split("\n")
    assert lines[0].split("\t")[:3] == ["PathFileType", "4", "(X/Y/Z)"]
    fields = dict(zip(lines[1].split("\t"), lines[2].split("\t"), strict=True))
    names = lines[3].split("\t")
    assert names[:2] == ["Frame#", "Time"]
    markers = names[2::3]
    assert names[3::3] == [""] * len(markers) and names[4::3] == [""] * len(markers)
    assert lines[5] == "" and lines[-1] == ""
    return fields, markers, lines[4].split("\t"), [line.split("\t") for line in lines[6:-1]]


def test_the_trc_header_counts_and_pixel_coordinates_y_up(tmp_path: Path) -> None:
    result = tracking(_poses())
    fields, markers, axes, rows = _trc(write_trc(result, tmp_path / "m.trc"))
    assert list(fields) == [
        "DataRate", "CameraRate", "NumFrames", "NumMarkers", "Units", "OrigDataRate", "OrigDataStartFrame",
        "OrigNumFrames",
    ]  # fmt: skip
    assert float(fields["DataRate"]) == float(fields["CameraRate"]) == FPS
    assert fields["NumFrames"] == fields["OrigNumFrames"] == "3" and fields["Units"] == "px"
    assert int(fields["NumMarkers"]) == len(markers) == len(POINTS)
    assert markers == [marker_name(n) for n in POINTS]
    assert axes == ["", "", *(f"{a}{k}" for k in range(1, len(POINTS) + 1) for a in "XYZ")]
    assert len(rows) == 3 and {len(row) for row in rows} == {2 + 3 * len(POINTS)}
    assert [row[0] for row in rows] == ["1", "2", "3"]
    assert float(rows[1][1]) == pytest.approx(1 / FPS, abs=1e-6)
    knee = 2 + 3 * markers.index("RKnee")
    # the knee at (320, 320) px of a 480 px tall frame: 160 px above the bottom edge
    assert [float(v) for v in rows[0][knee : knee + 3]] == pytest.approx([320.0, 160.0, 0.0], abs=0.01)
    assert [math.isnan(float(v)) for v in rows[2][knee : knee + 3]] == [True] * 3  # not seen on the third frame


def test_the_trc_in_metres_is_scaled_by_metres_per_frame_height_x_by_the_aspect(tmp_path: Path) -> None:
    fields, markers, _, rows = _trc(write_trc(tracking(_poses()), tmp_path / "m.trc", metres_per_frame_height=2.0))
    assert fields["Units"] == "m"
    knee = 2 + 3 * markers.index("RKnee")
    # x = 320/640 of the width = 0.5 * 4/3 frame heights; y = 160/480 frame heights above the bottom edge
    assert [float(v) for v in rows[0][knee : knee + 3]] == pytest.approx([0.5 * 4 / 3 * 2, 160 / 480 * 2, 0], abs=1e-5)
    with pytest.raises(ValueError, match="must be a positive number, not -1"):
        write_trc(tracking(_poses()), tmp_path / "n.trc", metres_per_frame_height=-1)
    with pytest.raises(ValueError, match="must be a positive number, not 0"):  # no scale: every marker at 0
        write_trc(tracking(_poses()), tmp_path / "z.trc", metres_per_frame_height=0)


def test_a_point_below_the_visibility_threshold_is_nan_in_the_trc(tmp_path: Path) -> None:
    _, _, _, rows = _trc(write_trc(tracking([standing()], visibility=0.2), tmp_path / "m.trc"))
    assert set(rows[0][2:]) == {"NaN"}


def _opensim_fields(line: str) -> list[str]:
    """A data row's fields as OpenSim's TRCFileAdapter splits them (FileAdapter::tokenize): on tabs, keeping empty
    fields, except the one after the last tab, which it keeps only when it is not empty."""
    fields = line.split("\t")
    return fields if fields[-1] else fields[:-1]


def test_opensim_reads_every_row_whole_when_the_last_marker_is_not_seen(tmp_path: Path) -> None:
    # OpenSim refuses a row whose field count is not 2 + 3 x NumMarkers (RowLengthMismatch), the whole file with it;
    # a blank last marker would end the row in an empty field, which its tokenizer drops.
    last = POINTS[-1]
    poses = [standing(), {n: p for n, p in standing().items() if n != last}, {}]  # the last marker gone; no pose
    path = write_trc(tracking(poses), tmp_path / "m.trc")
    lines = path.read_text().split("\n")
    rows = [_opensim_fields(line) for line in lines[6:-1]]
    assert [len(row) for row in rows] == [2 + 3 * len(POINTS)] * 3
    assert all(math.isnan(float(v)) for v in rows[1][-3:]) and all(math.isnan(float(v)) for v in rows[2][2:])
    assert not math.isnan(float(rows[1][2]))  # the markers seen keep their values


def test_markers_are_named_as_pose2sim_names_them() -> None:
    names = [marker_name(n) for n in HALPE26]
    assert names == [
        "Nose", "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow", "LWrist", "RWrist",
        "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle", "Head", "Neck", "Hip", "LBigToe", "RBigToe",
        "LSmallToe", "RSmallToe", "LHeel", "RHeel",
    ]  # fmt: skip
    assert marker_name("left_eye_inner") == "LEyeInner" and marker_name("right_pinky") == "RPinky"


@pytest.mark.parametrize(
    ("write", "name", "fix"),
    [(write_angles_csv, "a.json", "a.csv"), (write_mot, "a.csv", "a.mot")],
)
def test_an_output_named_as_another_kind_of_file_is_refused(tmp_path: Path, write: object, name: str, fix: str) -> None:
    angles = joint_angles(tracking(_poses()))
    with pytest.raises(OutputError, match=f"name it {tmp_path / fix}"):
        write(angles, tmp_path / name)  # type: ignore[operator]
    with pytest.raises(OutputError, match="name it .*m.trc"):
        write_trc(tracking(_poses()), tmp_path / "m.csv")
    assert list(tmp_path.iterdir()) == []


def test_no_output_replaces_the_video(tmp_path: Path) -> None:
    video = tmp_path / "clip.csv"  # a video saved under a table's name
    video.write_bytes(b"video")
    with pytest.raises(OutputError, match="it is the input video"):
        write_angles_csv(joint_angles(tracking(_poses())), video, str(video))
    assert video.read_bytes() == b"video"
