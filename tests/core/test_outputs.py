"""The tracking JSON and CSV, value by value, from a result built by hand (no backend, no video)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import numpy as np

from kinemotion import __version__
from kinemotion.tracking import BackendRecord, TrackingResult
from kinemotion.tracking.decode import VideoInfo
from kinemotion.tracking.files import SCHEMA_ID, TRACKING_SCHEMA_PATH, to_json_dict, write_csv, write_json
from kinemotion.versions import recorded_kinemotion_version

NAMES = ("left_hip", "right_hip")


def _result() -> TrackingResult:
    landmarks = np.full((3, 2, 3), np.nan, dtype=np.float32)
    landmarks[0] = [[0.1234567, 0.7654321, 0.98766], [0.2, 0.8, 0.5]]
    landmarks[2] = [[0.3, 0.6, 0.25], [0.35, 0.61, 0.125]]
    return TrackingResult(
        video=VideoInfo("clip.mp4", 640, 480, 30.0, 3, 0, "h264", 1234, "sha256:ab"),
        backend=BackendRecord("fake", "lightweight", "CPU", "kinemotion-fake", "1.0", {"person": "largest"}),
        landmark_names=NAMES,
        timestamps_ms=np.array([0.0, 33.3333333, 66.6666667]),
        landmarks=landmarks,
        complete=False,
        error="stopped at frame 3",
    )


def test_json_holds_every_field_under_its_schema_name() -> None:
    data = to_json_dict(_result())
    schema = json.loads(TRACKING_SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["schema"] == SCHEMA_ID == "kinemotion.tracking/1"
    assert data["kinemotion_version"] == recorded_kinemotion_version()
    assert data["kinemotion_version"].startswith(__version__)  # the installed release (+ a stamp if editable)
    assert data["video"] == {
        "path": "clip.mp4", "width": 640, "height": 480, "fps": 30.0, "frame_count": 3, "rotation": 0, "codec": "h264",
        "size_bytes": 1234, "fingerprint": "sha256:ab", "presented_duration_ms": None,
    }  # fmt: skip
    assert data["backend"]["name"] == "fake" and data["backend"]["options"] == {"person": "largest"}
    assert data["complete"] is False and data["error"] == "stopped at frame 3"
    assert data["landmark_names"] == list(NAMES)
    assert data["frames_with_pose"] == 2
    assert [f["index"] for f in data["frames"]] == [0, 1, 2]
    assert [f["timestamp_ms"] for f in data["frames"]] == [0.0, 33.333, 66.667]


def test_json_rounds_coordinates_to_six_digits_and_visibility_to_four_and_nan_is_null() -> None:
    frames = to_json_dict(_result())["frames"]
    assert frames[0]["landmarks"]["left_hip"] == [0.123457, 0.765432, 0.9877]  # float32 inputs, rounded
    assert frames[0]["landmarks"]["right_hip"] == [0.2, 0.8, 0.5]
    assert frames[1]["landmarks"] is None
    assert frames[2]["landmarks"]["right_hip"] == [0.35, 0.61, 0.125]


def test_a_landmark_lost_alone_is_left_out_of_its_frame_never_nan(tmp_path: Path) -> None:
    result = _result()
    result.landmarks[2, 1] = np.nan  # right hip missing in a frame that has a pose
    text = write_json(result, tmp_path / "out.json").read_text(encoding="utf-8")
    assert "NaN" not in text
    assert list(json.loads(text)["frames"][2]["landmarks"]) == ["left_hip"]


def test_json_file_is_compact_utf8_and_equals_the_dict(tmp_path: Path) -> None:
    result = _result()
    path = write_json(result, tmp_path / "nested" / "folder" / "out.json")
    raw = path.read_bytes()
    assert b", " not in raw and b": " not in raw  # compact separators
    written = json.loads(raw.decode("utf-8"))
    assert list(written)[:2] == ["schema", "file_digest"] and written.pop("file_digest").startswith("sha256:")
    assert written == to_json_dict(result)  # and the digest of the file as written
    assert sorted(p.name for p in path.parent.iterdir()) == ["out.json"]  # no temporary file left


def test_csv_rows_hold_x_y_visibility_per_landmark_and_empty_cells_without_a_pose(tmp_path: Path) -> None:
    path = write_csv(_result(), tmp_path / "out.csv")
    raw = path.read_bytes()
    assert b"\r\r" not in raw  # the csv module's line ends, not doubled by text mode
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows[0] == [
        "frame", "timestamp_ms", "left_hip_x", "left_hip_y", "left_hip_visibility",
        "right_hip_x", "right_hip_y", "right_hip_visibility",
    ]  # fmt: skip
    assert rows[1] == ["0", "0.0", "0.123457", "0.765432", "0.9877", "0.200000", "0.800000", "0.5000"]
    assert rows[2] == ["1", "33.333", "", "", "", "", "", ""]
    assert rows[3] == ["2", "66.667", "0.300000", "0.600000", "0.2500", "0.350000", "0.610000", "0.1250"]
    assert len(rows) == 4
