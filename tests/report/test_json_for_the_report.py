"""What the jump report JSON carries for the session page: the height series, the poses, the new metrics."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from kinemotion.jump import analyze_tracking
from kinemotion.jump.report import JUMP_SCHEMA_PATH, jumps_csv
from kinemotion.tracking import track_video
from tests.report.conftest import Clips


def test_report_json_and_csv_carry_rsi_asymmetry_series_and_poses(clips: Clips) -> None:
    schema = json.loads(JUMP_SCHEMA_PATH.read_text())
    drop = analyze_tracking(track_video(clips.dropjump, clips.dropjump_backend, progress=False), "dropjump")
    cmj = analyze_tracking(track_video(clips.cmj, clips.cmj_backend, progress=False), "cmj")
    for report in (drop, cmj):
        data = report.to_json_dict()
        jsonschema.validate(data, schema)
        series = data["series"]
        assert len(series["time_s"]) == len(series["feet_bh"]) == len(series["hip_bh"]) == report.tracking.frame_count
        for jump in data["jumps"]:
            for event in ("takeoff", "landing"):
                pose = jump["poses"][event]
                assert pose["frame"] - 1 < jump["phases_frame"][event] <= pose["frame"]  # the first frame at/after
                assert pose["time_s"] == pytest.approx(report.signals.t[pose["frame"]], abs=1e-4)
                assert pose["landmarks"]["left_hip"][1] == pytest.approx(
                    float(report.tracking.frame(pose["frame"])["left_hip"][1]),
                    abs=1e-4,  # type: ignore[index]
                )
    (jump,) = drop.to_json_dict()["jumps"]
    assert jump["first_foot_down"] == "left"
    rows = list(csv.DictReader(io.StringIO(jumps_csv([drop, cmj]))))
    assert rows[0]["first_foot_down"] == "left" and float(rows[0]["landing_foot_lag_s"]) == pytest.approx(
        0.04, abs=0.005
    )
    assert rows[1]["first_foot_down"] == ""  # a CMJ: no such finding
    assert all(float(r["modified_reactive_strength_index"]) > 0 for r in rows[1:])
