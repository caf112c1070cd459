"""The angles guide (docs/guide/angles.md): its Python snippet runs as written, its table is the code's."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from kinemotion.kinematics import ANGLES, marker_name
from kinemotion.tracking import write_json
from tests.docs import page, snippet
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import hand_made_tracking


def test_the_guide_s_table_lists_every_angle_and_its_points() -> None:
    rows = re.findall(r"^\| `(\w+)`(?:, `left_\.\.\.`)? \| ([^|]+) \|", page("guide/angles.md"), re.M)
    listed = {column: points.strip() for column, points in rows}
    columns = [a.column for a in ANGLES]
    assert set(listed) == {c for c in columns if not c.startswith("left_")}
    words = {"foot_index": "big toe", "shoulder": "shoulder", "hip": "hip", "knee": "knee", "ankle": "ankle"}
    for angle in ANGLES:
        if angle.column in listed and angle.kind != "inclination":
            said = [p.strip() for p in listed[angle.column].split(",")]
            named = [words.get(p.split("_", 1)[1], p.split("_", 1)[1]) for p in angle.points]
            assert said == named, angle.column


def test_the_guide_s_python_snippet_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = np.arange(0, 3.5, 1 / 30)
    write_json(hand_made_tracking(t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=5)),
               tmp_path / "clip.json")  # fmt: skip
    monkeypatch.chdir(tmp_path)
    exec(snippet("guide/angles.md", "## From Python"), {})
    mot = (tmp_path / "clip.mot").read_text(encoding="utf-8").splitlines()
    assert f"nRows={len(t)}" in mot
    trc = (tmp_path / "clip.trc").read_text().splitlines()
    assert trc[2].split("\t")[2] == str(len(t)) and trc[2].split("\t")[4] == "m"
    assert len((tmp_path / "clip.angles.csv").read_text().splitlines()) == len(t) + 1


def test_the_guide_s_reading_snippet_reads_back_what_the_writers_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kinemotion.kinematics import joint_angles, write_mot, write_trc
    from tests.kinematics.poses import POINTS, standing, tracking

    no_knee = {n: p for n, p in standing().items() if n != "right_knee"}
    result = tracking([standing(), no_knee, standing()])
    angles = joint_angles(result)
    write_mot(angles, tmp_path / "clip.mot")
    write_trc(result, tmp_path / "clip.trc")
    monkeypatch.chdir(tmp_path)
    names: dict[str, object] = {}
    exec(snippet("guide/angles.md", "Reading the files back"), names)
    assert np.array_equal(names["time"], angles.time_s.round(6))
    np.testing.assert_allclose(names["knee"], angles["right_knee_flexion_deg"], atol=1e-4, equal_nan=True)
    assert names["units"] == "px" and names["markers"] == [marker_name(n) for n in POINTS]
    assert list(names["frame"]) == [1, 2, 3]  # type: ignore[call-overload]
    rknee = names["rknee"]
    assert np.isnan(rknee[1]).all() and rknee[0] == pytest.approx([320.0, 160.0, 0.0], abs=0.01)  # type: ignore[index]
