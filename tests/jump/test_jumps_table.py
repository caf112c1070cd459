"""The jumps table (``cmj-jumps.csv``, ``report --csv``, :func:`jumps_csv`): each value beside its ±, and the height
the metres were scaled by."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from kinemotion.jump import JumpReport, analyze_tracking
from kinemotion.jump.report import jumps_csv
from tests.jump.physics import cmj_motion, dropjump_motion, landmarks
from tests.jump.physics_backend import hand_made_tracking


def _report(kind: str, height: float | None) -> JumpReport:
    t = np.arange(0, 3.5, 1 / 30)
    motion = cmj_motion(t, 0.5) if kind == "cmj" else dropjump_motion(t, 0.4, 0.22, 0.5)
    tracking = hand_made_tracking(t, landmarks(t, motion, noise=0.001, drop_every=0, seed=5))
    return analyze_tracking(tracking, kind, height)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["cmj", "dropjump"])
def test_each_uncertainty_column_sits_right_after_its_value(kind: str) -> None:
    """Before: every metric first, then every ``_uncertainty``: a coach read ``flight_time_s`` in column H and
    its ± in column W, fifteen columns on."""
    report = _report(kind, 1.80)
    header = jumps_csv([report]).splitlines()[0].split(",")
    spread = [c for c in header if c.endswith("_uncertainty")]
    assert len(spread) == len(report.result.metric_uncertainty) >= 3
    for column in spread:
        assert header[header.index(column) - 1] == column.removesuffix("_uncertainty"), header


def test_the_table_holds_the_height_each_report_was_analysed_with() -> None:
    """Before: the table had no height, so metres measured at 1.80 m and at none (empty) could not be told apart
    from the table, nor a group of athletes' heights checked."""
    text = jumps_csv([_report("cmj", 1.80), _report("cmj", None), _report("dropjump", 1.72).to_json_dict()])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["athlete_height_m"] for r in rows] == ["1.8", "", "1.72"]
    header = text.splitlines()[0].split(",")
    assert header[header.index("athlete_height_m") + 1] == "flight_time_s"  # beside the metrics it scales


def test_a_reader_by_column_name_reads_the_same_cells_as_before() -> None:
    """The columns kept their names (read by name, as ``csv.DictReader`` or pandas do, a script written for the
    earlier layout reads the same numbers)."""
    report = _report("cmj", 1.80)
    (row,) = csv.DictReader(io.StringIO(jumps_csv([report])))
    jump = report.result
    assert float(row["flight_time_s"]) == pytest.approx(jump.flight_time_s, rel=1e-5)
    assert float(row["flight_time_s_uncertainty"]) == round(jump.metric_uncertainty["flight_time_s"], 4)
    assert (row["video"], row["backend"], row["kind"], row["jump"]) == ("cmj.mp4", "hand-made", "cmj", "1")


def test_the_table_says_the_mode_and_the_capture_rate_each_report_was_measured_with() -> None:
    """Before: a clip measured at ``--capture-fps 240`` (its times shortened eightfold) and one at the file's own
    rate, or one backend's lightweight and balanced models, gave rows no column of the table told apart: a
    sports scientist comparing modes, or reading a batch with one slow-motion clip into R, had to open each JSON."""
    plain = _report("cmj", 1.80)
    real = np.arange(0, 3.5, 1 / 240)  # filmed at 240 frames/s, saved to play at 30: each second lasts eight
    seen = landmarks(real, cmj_motion(real, 0.5), noise=0.001, drop_every=0, seed=5)
    slowed = analyze_tracking(hand_made_tracking(real * 8, seen), "cmj", 1.80, capture_fps=240)
    balanced = plain.to_json_dict()
    balanced["backend"] = {**balanced["backend"], "mode": "balanced"}
    rows = list(csv.DictReader(io.StringIO(jumps_csv([plain, slowed, balanced]))))
    assert [(r["mode"], r["capture_fps"]) for r in rows] == [
        ("lightweight", ""),
        ("lightweight", "240"),
        ("balanced", ""),
    ]
    assert float(rows[1]["flight_time_s"]) == pytest.approx(float(rows[0]["flight_time_s"]), abs=0.03)


def test_each_row_names_the_releases_that_measured_it() -> None:
    """A sports scientist writing the methods of a paper from the table had the backend and its mode but not which
    release of kinemotion or of the backend measured each jump (they were in each JSON only): a table mixing a
    run from before an upgrade with one after could not be told apart."""
    old = _report("cmj", 1.80).to_json_dict()
    old["kinemotion_version"] = "0.9.0"
    old["backend"] = {**old["backend"], "version": "0.8.1"}
    new = _report("cmj", 1.80)
    rows = list(csv.DictReader(io.StringIO(jumps_csv([old, new]))))
    assert [(r["kinemotion_version"], r["backend_version"]) for r in rows] == [
        ("0.9.0", "0.8.1"),
        (new.to_json_dict()["kinemotion_version"], new.to_json_dict()["backend"]["version"] or ""),
    ]
    assert rows[1]["kinemotion_version"]  # a report made now records its release
