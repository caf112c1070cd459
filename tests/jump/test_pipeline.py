"""Jump analysis through the real pipeline (video -> track_video -> analysis -> CLI)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion import AnalysisError
from kinemotion.cli.main import cli
from kinemotion.jump import JumpSignals, analyze_tracking
from kinemotion.jump.report import JUMP_SCHEMA_PATH
from kinemotion.tracking import track_video
from tests.jump.physics import cmj_motion, dropjump_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video

FPS = 30


@pytest.fixture
def cmj_backends(tmp_path: Path) -> Iterator[Path]:
    t = np.arange(0, 3.5, 1 / FPS)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3)
    plugins = [
        SeriesPlugin("zz-like-mediapipe", t, ys, ("left_pinky", "left_eye_inner")),
        SeriesPlugin("zz-like-rtmpose", t, ys, ("neck", "mid_hip", "head_top")),
    ]
    for p in plugins:
        kinemotion.register_backend(p)
    yield blank_video(tmp_path / "cmj.mp4", len(t), FPS)
    for p in plugins:
        kinemotion.unregister_backend(p.name)


def test_two_backends_same_series_same_result(cmj_backends: Path) -> None:
    reports = [
        analyze_tracking(track_video(cmj_backends, name, progress=False), "cmj")
        for name in ("zz-like-mediapipe", "zz-like-rtmpose")
    ]
    a, b = (r.to_json_dict() for r in reports)
    assert a["backend"]["name"] != b["backend"]["name"]

    def without_poses(report: dict[str, Any]) -> list[dict[str, Any]]:  # each backend draws its own landmarks
        return [{k: v for k, v in jump.items() if k != "poses"} for jump in report["jumps"]]

    assert without_poses(a) == without_poses(b) and a["summary"] == b["summary"]
    assert a["jump_count"] == 1 and a["jumps"][0]["metrics"]["flight_time_s"] == pytest.approx(0.5, abs=0.01)


def test_cmj_cli_writes_json_plot_and_overlay(cmj_backends: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "cmj",
            str(cmj_backends),
            "-b",
            "zz-like-rtmpose",
            "-o",
            str(out / "r.json"),
            "--plot",
            str(out / "r.png"),
            "--overlay",
            str(out / "r.mp4"),
            "--height",
            "1.75",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "r.json").read_text())
    jsonschema.validate(data, json.loads(JUMP_SCHEMA_PATH.read_text()))
    assert data["kind"] == "cmj" and data["backend"]["name"] == "zz-like-rtmpose"
    (jump,) = data["jumps"]
    assert set(jump["phases_s"]) == {"countermovement_start", "lowest_point", "takeoff", "landing"}
    assert jump["metrics"]["countermovement_depth_m"] == pytest.approx(0.3, rel=0.05)  # --height 1.75
    assert jump["metrics"]["flight_time_s"] == pytest.approx(0.5, abs=0.01)
    assert data["summary"]["flight_time_s"]["count"] == 1 and data["summary"]["flight_time_s"]["sd"] is None
    assert (out / "r.png").stat().st_size > 10_000 and (out / "r.mp4").exists()
    assert f"flight_time_s={jump['metrics']['flight_time_s']:.3f}" in result.output
    # each metric with an uncertainty says it, as the JSON has it (before: the terminal gave the values alone)
    for name, half_width in jump["uncertainty"].items():
        assert f"{name}={jump['metrics'][name]:.3f}±{half_width:.3f}," in result.output.replace("\n", ","), name
    # every metric the jump gives carries its ± (before: time to take-off, RSImod and the hips' metrics had none)
    assert set(jump["uncertainty"]) == {k for k, v in jump["metrics"].items() if v is not None}


def test_dropjump_on_a_cmj_says_there_is_no_box(cmj_backends: Path, tmp_path: Path) -> None:
    plot = tmp_path / "why.png"
    result = CliRunner().invoke(
        cli,
        [
            "dropjump",
            str(cmj_backends),
            "-b",
            "zz-like-rtmpose",
            "-q",
            "-o",
            str(tmp_path / "dj.json"),
            "--plot",
            str(plot),
        ],
    )
    assert result.exit_code == 1 and "never seen standing on a box" in result.output
    assert f"plot of the signals: {plot}" in result.output and plot.stat().st_size > 10_000
    assert not (tmp_path / "dj.json").exists()


def _signals(t: np.ndarray, ys: dict[str, np.ndarray]) -> JumpSignals:
    return JumpSignals.from_series(t * 1000, ys)


def test_clear_errors_never_made_up_numbers() -> None:
    t = np.arange(0, 3.0, 1 / FPS)
    ys = landmarks(t, dropjump_motion(t, 0.4, 0.2, 0.5), noise=0.001, drop_every=0, seed=1)
    with pytest.raises(AnalysisError, match="too short"):
        _signals(t[:20], {k: v[:20] for k, v in ys.items()})
    slow = slice(None, None, 3)  # 10 fps
    with pytest.raises(AnalysisError, match="frame rate is too low"):
        _signals(t[slow], {k: v[slow] for k, v in ys.items()})
    nobody = {k: np.full_like(v, np.nan) for k, v in ys.items()}
    with pytest.raises(AnalysisError, match="No person found"):
        _signals(t, nobody)
    standing = {k: np.full_like(v, v[0]) for k, v in ys.items()}
    with pytest.raises(AnalysisError, match="No flight phase found"):
        kinemotion.jump.analyze_cmj(_signals(t, standing))


@pytest.mark.parametrize("height", [175.0, 49.0, 0.49, 2.51, 5.9, 0.0, -1.75, float("nan"), float("inf")])
def test_an_athlete_height_not_in_metres_is_refused_before_any_work(
    cmj_backends: Path, tmp_path: Path, height: float
) -> None:
    """175 (centimetres), 5.9 (feet), 0, a sign typo: metres 100 times too large would pass silently otherwise."""
    from kinemotion.jump import analyze_video

    message = f"the athlete's height is in metres, between 0.5 and 2.5 (e.g. 1.80), got {height!r}"
    with pytest.raises(ValueError) as refused:
        analyze_video(cmj_backends, "cmj", "zz-like-rtmpose", athlete_height_m=height, progress=False)
    assert str(refused.value).startswith(message)  # then, for 175 or 5.9, what it is in metres (round 9)
    assert "analyze_tracking" not in [e.name for e in refused.traceback]  # refused before tracking
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        cli, ["cmj", str(cmj_backends), "-b", "zz-like-rtmpose", "-o", str(out), "--height", str(height)]
    )
    assert result.exit_code == 2 and "Invalid value for '--height'" in result.output and "in metres" in result.output
    assert not out.exists()


@pytest.mark.parametrize("height", [1.6, 1.75, 1.9])
def test_an_athlete_height_in_metres_scales_the_metres(height: float) -> None:
    from kinemotion.jump import analyze_cmj_set
    from kinemotion.jump.constants import NOSE_TO_FEET_PER_HEIGHT

    t = np.arange(0, 3.5, 1 / FPS)
    signals = _signals(t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3))
    jump = analyze_cmj_set(signals, height).jumps[0]
    metrics = jump.metrics()
    assert metrics["countermovement_depth_m"] == pytest.approx(
        jump.countermovement_depth_bh * height * NOSE_TO_FEET_PER_HEIGHT
    )


def test_the_recordings_flags_are_listed_once_not_again_under_each_jump(cmj_backends: Path) -> None:
    from kinemotion.jump.report import jumps_csv

    report = analyze_tracking(track_video(cmj_backends, "zz-like-rtmpose", progress=False), "cmj")
    data = report.to_json_dict()
    fps_flag = [q for q in data["quality"] if q.startswith("30 fps")]
    assert len(fps_flag) == 1, data["quality"]  # filmed at 30 fps: a flag about the whole recording
    assert fps_flag[0] in report.result.quality  # the jump result itself still carries it
    assert all(not set(j["quality"]) & set(data["quality"]) for j in data["jumps"]), data["jumps"]
    row = jumps_csv([report]).splitlines()[1]
    assert row.count("30 fps") == 1, row


def test_a_report_shown_in_a_notebook_is_one_line_naming_what_it_is(cmj_backends: Path) -> None:
    """A sports scientist's notebook cell ending in ``report`` printed the whole tracking and every signal array
    (13,000 characters for a 1.5 s clip, hundreds of lines for a 14 s one); it is one line now."""
    report = analyze_tracking(track_video(cmj_backends, "zz-like-rtmpose", progress=False), "cmj", 1.8)
    shown = repr(report)
    assert "\n" not in shown and len(shown) < 300, shown
    assert shown == (
        f"JumpReport(kind='cmj', video={str(cmj_backends)!r}, backend='zz-like-rtmpose', jumps={len(report.jumps)}, "
        f"best_jump={report.result.number}, athlete_height_m=1.8, capture_fps=None)"
    )


def test_the_jump_table_of_a_group_names_each_athlete_as_the_session_page_does(
    cmj_backends: Path, tmp_path: Path
) -> None:
    """A sports scientist exported a group's jumps to one table with the athlete list the session page takes.
    Before: ``jumps_csv`` had no athlete column at all: the names were on the page only, and the table had to be
    joined to the list by hand (on file names that a Mac, a spreadsheet or a camera spell differently)."""
    from kinemotion.jump.report import jumps_csv
    from kinemotion.report_html import read_athletes

    ana = analyze_tracking(track_video(cmj_backends, "zz-like-rtmpose", progress=False), "cmj").to_json_dict()
    ben = {**ana, "video": {**ana["video"], "path": "monday/Ben_Trial2.MP4"}}
    nobody = {**ana, "video": {**ana["video"], "path": "clips/warmup.mp4"}}
    listed = tmp_path / "athletes.csv"
    listed.write_text("video,athlete\nCMJ.mp4,Ana Silva\nmonday/Ben_Trial2.MP4,=Ben\n", encoding="utf-8")
    rows = [line.split(",") for line in jumps_csv([ana, ben, nobody], athletes=read_athletes(listed)).splitlines()]
    assert rows[0][:3] == ["athlete", "video", "video_path"]
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("Ana Silva", "cmj.mp4"),  # matched as the page matches: here in another case, one row alone matching so
        ("'=Ben", "Ben_Trial2.MP4"),  # by its folder; a name a spreadsheet would run as a formula is made text
        ("", "warmup.mp4"),  # no row names it: an empty cell, never another athlete's name
    ]
    assert jumps_csv([ana]).splitlines()[0].startswith("video,video_path,")  # no list: the table as before
