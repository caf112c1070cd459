"""Every jump of a recording, and a camera that moves: physics-generated series with known answers."""

from __future__ import annotations

import csv
import json
import re
import shlex
import statistics
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion import AnalysisError
from kinemotion.cli.main import cli
from kinemotion.jump import JumpSignals, analyze_cmj, analyze_cmj_set, analyze_dropjump_set
from kinemotion.jump.ballistic import CaptureRateError, EditedClipError, SlowMotionError
from kinemotion.jump.report import analyze_tracking
from kinemotion.jump.result import summarize
from tests.jump.physics import G, Motion, cmj_motion, cmj_set_motion, dropjump_motion, landmarks, step_up_first
from tests.jump.physics_backend import SeriesPlugin, blank_video, hand_made_tracking
from tests.jump.test_synthetic_accuracy import NOISE, event_tolerance

FPS = 60
FLIGHTS = [0.45, 0.55, 0.5]
STARTS = [1.0, 3.5, 6.0]


def _signals(t: np.ndarray, motion: Motion, seed: int = 0, camera_y: np.ndarray | None = None) -> JumpSignals:
    ys = landmarks(t, motion, noise=NOISE, drop_every=0, seed=seed, camera_y=camera_y)
    return JumpSignals.from_series(t * 1000, ys)


def _flight_tolerance(t: np.ndarray, takeoff_s: float, landing_s: float, v0: float) -> float:
    return event_tolerance(t, takeoff_s, v0, after=True) + event_tolerance(t, landing_s, v0, after=False)


@pytest.mark.parametrize("seed", range(5))
def test_every_cmj_of_a_set_with_rests_is_reported(seed: int) -> None:
    t = np.arange(0, 8.5, 1 / FPS)
    motion, truths = cmj_set_motion(t, FLIGHTS, STARTS)
    jump_set = analyze_cmj_set(_signals(t, motion, seed))
    assert [j.number for j in jump_set.jumps] == [1, 2, 3]
    for jump, truth in zip(jump_set.jumps, truths, strict=True):
        tol = _flight_tolerance(t, truth.takeoff_s, truth.landing_s, G * truth.flight_s / 2)
        assert abs(jump.flight_time_s - truth.flight_s) < tol
        assert jump.phases_s["lowest_point"] == pytest.approx(truth.lowest_s, abs=0.05)
        assert jump.phases_s["countermovement_start"] == pytest.approx(truth.countermovement_start_s, abs=0.05)
        assert not any("no standing still" in q for q in jump.quality)
    # The summary is the plain statistics of the jumps' values.
    flights = [j.flight_time_s for j in jump_set.jumps]
    summary = jump_set.summary()["flight_time_s"]
    assert summary["count"] == 3
    assert summary["mean"] == pytest.approx(statistics.mean(flights))
    assert summary["sd"] == pytest.approx(statistics.stdev(flights))
    assert summary["cv_percent"] == pytest.approx(100 * statistics.stdev(flights) / statistics.mean(flights))
    assert summary["best"] == max(flights)
    # The single-jump API gives the highest jump of the set.
    assert analyze_cmj(_signals(t, motion, seed)).flight_time_s == max(flights)


def test_a_continuous_set_without_rests_is_reported_and_flagged() -> None:
    t = np.arange(0, 6.5, 1 / FPS)
    # Each countermovement starts as soon as the previous landing is absorbed (0.6 s).
    starts = [1.0]
    for flight in FLIGHTS[:-1]:
        starts.append(starts[-1] + 0.8 + flight + 0.6)
    motion, truths = cmj_set_motion(t, FLIGHTS, starts)
    jumps = analyze_cmj_set(_signals(t, motion)).jumps
    assert len(jumps) == 3
    for jump, truth in zip(jumps, truths, strict=True):
        assert abs(jump.flight_time_s - truth.flight_s) < _flight_tolerance(
            t, truth.takeoff_s, truth.landing_s, G * truth.flight_s / 2
        )
    assert all(any("no standing still" in q for q in j.quality) for j in jumps[1:])
    assert jumps[1].countermovement_depth_bh == pytest.approx(jumps[0].countermovement_depth_bh, rel=0.1)


def test_summary_best_is_the_lowest_for_contact_time_and_needs_two_values_for_sd() -> None:
    rows: list[dict[str, float | None]] = [
        {"ground_contact_time_s": 0.25, "jump_height_m": 0.30, "jump_height_hip_m": None},
        {"ground_contact_time_s": 0.21, "jump_height_m": 0.28, "jump_height_hip_m": None},
    ]
    out = summarize(rows)
    assert out["ground_contact_time_s"]["best"] == 0.21
    assert out["jump_height_m"]["best"] == 0.30
    assert out["jump_height_hip_m"] == {"count": 0, "mean": None, "sd": None, "cv_percent": None, "best": None}
    assert summarize(rows[:1])["jump_height_m"]["sd"] is None


def _two_drop_jumps(t: np.ndarray) -> tuple[Motion, list[tuple[float, float, float]]]:
    """Drop, rebound, land, climb back on the box (at 3.2 s), and again: (contact, flight, box drop)."""
    first = dropjump_motion(t, 0.4, 0.22, 0.5, off_s=1.0)
    second = dropjump_motion(t, 0.4, 0.3, 0.45, off_s=4.2)
    back = t >= 3.2
    hip, toe, heel = first.hip.copy(), first.toe.copy(), first.heel.copy()
    hip[back], toe[back], heel[back] = second.hip[back], second.toe[back], second.heel[back]
    answers = [(0.22, 0.5, 1.0), (0.3, 0.45, 4.2)]
    return Motion(hip, toe, heel, first.truth), answers


@pytest.mark.parametrize("seed", range(5))
def test_every_drop_jump_of_a_recording_is_reported(seed: int) -> None:
    t = np.arange(0, 6.5, 1 / FPS)
    motion, answers = _two_drop_jumps(t)
    jump_set = analyze_dropjump_set(_signals(t, motion, seed))
    assert [j.number for j in jump_set.jumps] == [1, 2]
    for jump, (contact, flight, off) in zip(jump_set.jumps, answers, strict=True):
        assert jump.ground_contact_time_s == pytest.approx(contact, abs=0.02)
        assert jump.flight_time_s == pytest.approx(flight, abs=0.02)
        assert jump.phases_s["box_drop"] == pytest.approx(off, abs=0.06)
    assert jump_set.summary()["ground_contact_time_s"]["best"] == min(j.ground_contact_time_s for j in jump_set.jumps)


@pytest.mark.parametrize(("fps", "box_m"), [(30, 0.3), (30, 0.45), (60, 0.3), (60, 0.45)])
def test_a_recording_started_before_the_athlete_stepped_up_onto_the_box_is_measured(fps: int, box_m: float) -> None:
    """The camera started with the athlete on the floor; they step up onto the box at 1.5 s (one foot, then the
    other), stand still on it and drop at 4 s: the box is where they stood still, not where the recording
    started (it was refused: "does not start on a box")."""
    t = np.arange(0, 7.0, 1 / fps)
    motion = dropjump_motion(t, box_m, 0.22, 0.45, off_s=4.0)
    y = landmarks(t, motion, noise=NOISE, drop_every=0, seed=2)
    step_up_first(t, y, box_m, step_s=1.5, off_s=4.0)
    jump_set = analyze_dropjump_set(JumpSignals.from_series(t * 1000, y))
    assert len(jump_set.jumps) == 1
    jump = jump_set.jumps[0]
    assert jump.ground_contact_time_s == pytest.approx(0.22, abs=1.5 / fps)
    assert jump.flight_time_s == pytest.approx(0.45, abs=1.5 / fps)
    assert jump.phases_s["box_drop"] == pytest.approx(4.0, abs=0.06)
    assert jump.drop_height_bh == pytest.approx(box_m / 1.63, abs=0.02)  # 1.63 m from nose to feet


def test_a_step_up_onto_a_box_with_no_drop_after_it_is_no_drop_jump() -> None:
    """On the floor, up onto the box, and the recording ends there: no drop, said so (not a drop jump measured
    from the step up)."""
    t = np.arange(0, 4.0, 1 / FPS)
    motion = dropjump_motion(t, 0.4, 0.22, 0.45, off_s=10.0)  # steps off after the recording ends
    y = landmarks(t, motion, noise=NOISE, drop_every=0, seed=2)
    step_up_first(t, y, 0.4, step_s=1.5, off_s=10.0)
    with pytest.raises(AnalysisError, match="^No drop from a box found: the feet stand still .* until 3.98 s, but"):
        analyze_dropjump_set(JumpSignals.from_series(t * 1000, y))


def _pan_during(t: np.ndarray, start: float, stop: float, amount: float) -> np.ndarray:
    """The picture moves by ``amount`` frame heights, smoothly, between ``start`` and ``stop``."""
    s = np.clip((t - start) / (stop - start), 0, 1)
    return amount * s * s * (3 - 2 * s)


@pytest.mark.parametrize("seed", range(5))
def test_a_pan_during_the_flight_keeps_the_flight_time_and_is_flagged(seed: int) -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    motion = cmj_motion(t, 0.5)
    truth = motion.truth
    # The camera tilts while the athlete is in the air: the ground ends 5 % of the frame
    # (~14 cm, 0.09 body heights) lower in the picture than it started. A ground level read
    # once for the whole clip would put the landing off by that much over the landing speed.
    pan = 0.05
    camera = _pan_during(t, truth.takeoff_s + 0.1, truth.landing_s - 0.1, pan)
    result = analyze_cmj(_signals(t, motion, seed, camera))
    one_level_error = pan / 0.35 / (G * 0.25)
    tol = _flight_tolerance(t, truth.takeoff_s, truth.landing_s, G * 0.25)
    assert abs(result.flight_time_s - truth.flight_s) < min(tol, one_level_error / 3)
    assert any("camera moved" in q and "lower in the image at landing" in q for q in result.quality)


def test_a_camera_tilting_across_the_take_off_keeps_the_take_off_in_its_interval() -> None:
    """The picture moves down by 4 % of its height (0.07 body heights) over the 0.1 s before the take-off, as a
    hand-held camera tilting up to follow the athlete does, at 240 fps: the take-off is placed within the physics
    tests' bounds, or its 90 % interval holds the truth. Measured: 11.4 and 12.1 frames late (two seeds), the
    interval 2.4-2.6 frames before; the sole, sunk under its support while standing, now widens it to 12.1-12.9
    frames (``kinemotion.jump.events._sunk_support``). With the camera still the interval stays narrow."""
    pan = 0.04
    fps = 240.0
    t = np.arange(0, 3.5, 1 / fps)
    motion = cmj_motion(t, 0.5)
    truth = motion.truth
    for seed in range(2):
        camera = _pan_during(t, truth.takeoff_s - 0.1, truth.takeoff_s, pan)
        (jump,) = analyze_cmj_set(_signals(t, motion, seed, camera)).jumps
        error = jump.phases_s["takeoff"] - truth.takeoff_s
        within = abs(error) < event_tolerance(t, truth.takeoff_s, G * 0.25, after=True)
        assert within or abs(error) <= jump.uncertainty_s["takeoff"], (seed, round(error * fps, 2), jump.quality)
        (still,) = analyze_cmj_set(_signals(t, motion, seed)).jumps
        assert still.uncertainty_s["takeoff"] < 4 / fps, (seed, still.uncertainty_s["takeoff"] * fps)


def test_a_slow_drift_and_a_one_frame_jerk_change_nothing() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    motion = cmj_motion(t, 0.5)
    steady = analyze_cmj(_signals(t, motion, 7))
    camera = 0.03 * t / t[-1]  # drifts 3 % of the frame over the clip
    camera[round(0.6 * FPS)] += 0.03  # one frame of a hand-held jerk while standing
    moved = analyze_cmj(_signals(t, motion, 7, camera))
    tol = _flight_tolerance(t, motion.truth.takeoff_s, motion.truth.landing_s, G * 0.25)
    assert abs(moved.flight_time_s - steady.flight_time_s) < tol
    assert len(analyze_cmj_set(_signals(t, motion, 7, camera)).jumps) == 1


def test_a_camera_that_moves_too_much_is_refused() -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    motion = cmj_motion(t, 0.5)
    camera = _pan_during(t, motion.truth.takeoff_s + 0.1, motion.truth.landing_s - 0.1, 0.1)
    with pytest.raises(AnalysisError, match="or the camera moved too much"):
        analyze_cmj(_signals(t, motion, 0, camera))


@pytest.fixture
def set_backend(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A backend that sees the three-jump set; a long video (all three) and a short one (the first)."""
    t = np.arange(0, 8.5, 1 / 30)
    motion, _ = cmj_set_motion(t, FLIGHTS, STARTS)
    plugin = SeriesPlugin("zz-jump-set", t, landmarks(t, motion, noise=0.001, drop_every=0, seed=4))
    kinemotion.register_backend(plugin)
    yield blank_video(tmp_path / "set.mp4", len(t), 30), blank_video(tmp_path / "one.mp4", 105, 30)
    kinemotion.unregister_backend(plugin.name)


def test_cli_reports_every_jump_and_writes_one_csv_row_per_jump(set_backend: tuple[Path, Path], tmp_path: Path) -> None:
    long_video, short_video = set_backend
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cmj", str(long_video), str(short_video), "-b", "zz-jump-set", "-o", str(out), "-q", "--height", "1.8"]
    )
    assert result.exit_code == 0, result.output
    assert "3 jumps (best: jump 2)" in result.output and "flight_time_s: mean" in result.output
    reports = {p.stem.split(".")[0]: json.loads(p.read_text()) for p in out.glob("*.cmj.json")}
    assert reports["set"]["jump_count"] == 3 and reports["one"]["jump_count"] == 1
    assert reports["set"]["athlete_height_m"] == 1.8  # recorded: a re-run with another height redoes it
    with (out / "cmj-jumps.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["video"], r["jump"]) for r in rows] == [
        ("set.mp4", "1"),
        ("set.mp4", "2"),
        ("set.mp4", "3"),
        ("one.mp4", "1"),
    ]
    for row in rows:
        jump = reports[row["video"].split(".")[0]]["jumps"][int(row["jump"]) - 1]
        for name, value in jump["metrics"].items():
            assert float(row[name]) == pytest.approx(value, rel=1e-5)
        assert row["backend"] == "zz-jump-set" and row["kind"] == "cmj"
        # each metric's 90 % half-width, in its own unit (narrower than the value), in the JSON and beside it in
        # the CSV
        assert set(jump["uncertainty"]) >= {"flight_time_s", "jump_height_flight_m", "jump_height_hip_bh"}
        for name, half in jump["uncertainty"].items():
            if name.endswith("_deg"):  # an angle of 0 is a straight joint, not nothing measured: this backend draws
                assert half >= 0, name  # every point on one vertical line, noise-free, so every angle is 0 ± 0
            else:
                assert 0 < half < abs(jump["metrics"][name]), (name, half)
            assert float(row[f"{name}_uncertainty"]) == pytest.approx(half, rel=1e-2, abs=1e-9)
        assert set(jump["phases_uncertainty_s"]) == set(jump["phases_s"])
        assert jump["jump_kind"] == "cmj"


def test_the_overlay_names_the_jump_and_its_phase(set_backend: tuple[Path, Path]) -> None:
    from kinemotion.jump import analyze_tracking
    from kinemotion.jump.overlay import caption_at
    from kinemotion.tracking import track_video

    long_video, _ = set_backend
    report = analyze_tracking(track_video(long_video, "zz-jump-set", progress=False), "cmj")
    second = report.jumps[1].phases_s
    middle_of_flight = (second["takeoff"] + second["landing"]) / 2
    assert caption_at(report, middle_of_flight).startswith("CMJ jump 2/3: flight")
    assert caption_at(report, 0.2).startswith("CMJ jump 1/3: standing")
    assert caption_at(report, second["landing"] + 0.1).startswith("CMJ jump 2/3: landing")


def test_a_rerun_skips_videos_with_a_report_and_still_lists_their_jumps(
    set_backend: tuple[Path, Path], tmp_path: Path
) -> None:
    long_video, short_video = set_backend
    out = tmp_path / "out"
    args = ["cmj", str(long_video), str(short_video), "-b", "zz-jump-set", "-o", str(out), "-q"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    table = (out / "cmj-jumps.csv").read_text()
    report = out / "set.cmj.json"
    stamp = report.stat().st_mtime_ns
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert again.output.count("skipped, its report exists") == 2
    assert report.stat().st_mtime_ns == stamp
    assert (out / "cmj-jumps.csv").read_text() == table  # rebuilt from the reports on disk, row for row
    # another request (a plot now) or --force analyses again
    with_plot = CliRunner().invoke(cli, [*args[:-1], "--force", "-q"])
    assert with_plot.exit_code == 0 and "skipped" not in with_plot.output
    assert report.stat().st_mtime_ns != stamp
    with_height = CliRunner().invoke(cli, [*args, "--height", "1.8"])
    assert with_height.exit_code == 0 and "skipped" not in with_height.output  # metres asked for now
    assert CliRunner().invoke(cli, [*args, "--height", "1.8"]).output.count("skipped") == 2
    assert "skipped" not in CliRunner().invoke(cli, [*args, "--height", "1.7"]).output  # another athlete's height
    other_kind = CliRunner().invoke(cli, ["dropjump", str(short_video), "-b", "zz-jump-set", "-o", str(out), "-q"])
    assert "skipped" not in other_kind.output  # a CMJ report is not a drop-jump report


def test_slow_motion_is_refused_offering_the_capture_rate_and_measured_with_it(tmp_path: Path) -> None:
    """A CMJ filmed at 240 fps and saved at 30 fps: 8x slowed, its 0.5 s flight lasts 4 s in the file."""
    frames = 840
    real = np.arange(frames) / 240
    motion = cmj_motion(real, 0.5)
    plugin = SeriesPlugin(
        "zz-slowmo", np.arange(frames) / 30, landmarks(real, motion, noise=0.001, drop_every=0, seed=2)
    )
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "slowmo.mp4", frames, 30)
        refused = CliRunner().invoke(cli, ["cmj", str(video), "-b", "zz-slowmo", "-q", "-o", str(tmp_path / "a.json")])
        assert refused.exit_code == 1
        assert "slow motion or a wrong frame rate" in refused.output and "--capture-fps 240" in refused.output
        assert not (tmp_path / "a.json").exists()
        out = tmp_path / "b.json"
        measured = CliRunner().invoke(
            cli, ["cmj", str(video), "-b", "zz-slowmo", "-q", "-o", str(out), "--capture-fps", "240"]
        )
        assert measured.exit_code == 0, measured.output
        report = json.loads(out.read_text())
        assert report["capture_fps"] == 240
        flight = report["jumps"][0]["metrics"]["flight_time_s"]
        assert flight == pytest.approx(motion.truth.flight_s, abs=report["jumps"][0]["uncertainty"]["flight_time_s"])
        # the refusal kept the video's landmarks beside a.json (the same folder): the measurement read them, not
        # tracking again, and its report records them (a file that may be edited is never taken for the video's
        # own: kinemotion.cli._kept_landmarks); so the same request again analyses them again, to the same
        # report. Another capture rate is another measurement (every time scaled otherwise): never the 240 fps
        # report taken for it (at 120 fps its flight lasts about 1 s: slow motion still)
        assert "analysing its landmarks from" in measured.output and "landmarks_file" in report
        args = ["cmj", str(video), "-b", "zz-slowmo", "-q", "-o", str(out)]
        again = CliRunner().invoke(cli, [*args, "--capture-fps", "240"])
        assert again.exit_code == 0 and "analysing its landmarks from" in again.output, again.output
        assert json.loads(out.read_text())["jumps"] == report["jumps"]
        other_rate = CliRunner().invoke(cli, [*args, "--capture-fps", "120"])
        assert "skipped" not in other_rate.output and other_rate.exit_code == 1, other_rate.output
        assert "slow motion or a wrong frame rate" in other_rate.output
    finally:
        kinemotion.unregister_backend(plugin.name)


def _slow_motion_cmj(
    name: str, frames: int, modes: tuple[str, ...] = ("lightweight",), filmed_fps: float = 240, noise: float = 0.001
) -> SeriesPlugin:
    """A backend giving a CMJ filmed at ``filmed_fps`` and saved at 30 (``frames`` frames)."""
    real = np.arange(frames) / filmed_fps
    motion = landmarks(real, cmj_motion(real, 0.5), noise=noise, drop_every=0, seed=2)
    return SeriesPlugin(name, np.arange(frames) / 30, motion, modes=modes)


def test_a_batch_run_again_without_the_capture_rate_says_which_rate_measured_the_slow_motion_clip(
    tmp_path: Path,
) -> None:
    """The analyst's session: a folder of clips with one slow-motion clip, measured by a run of its own with
    --capture-fps 240; a clip is added and the batch run again as at first (no --capture-fps). The slow-motion
    clip is refused again and its 240 fps report set aside. Before: nothing said that report had measured it, nor
    how to have it again; now the refusal names the earlier report, its rate and the command."""
    frames = 840
    plugin = _slow_motion_cmj("zz-slowmo-batch", frames)
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "Header Zoë slowmo.mp4", frames, 30)
        out = tmp_path / "out"
        args = ["cmj", str(video), "-b", "zz-slowmo-batch", "-q", "-o", f"{out}/"]
        measured = CliRunner().invoke(cli, [*args, "--capture-fps", "240"])
        assert measured.exit_code == 0, measured.output
        report = out / "Header Zoë slowmo.cmj.json"
        assert json.loads(report.read_text())["capture_fps"] == 240
        again = CliRunner().invoke(cli, args)  # the batch's command, as at first
        assert again.exit_code == 1, again.output
        said = " ".join(again.output.split())
        previous = out / "Header Zoë slowmo.cmj.json.previous"
        assert json.loads(previous.read_text())["capture_fps"] == 240  # set aside, not lost
        assert f"Its earlier report ({previous}) measured it with --capture-fps 240" in said, said
        assert f"(kinemotion cmj '{video}' -o '{report}' -b zz-slowmo-batch --capture-fps 240)" in said, said
        # the same command again: the report set aside is still named (and a run given the rate says nothing)
        assert "measured it with --capture-fps 240" in " ".join(CliRunner().invoke(cli, args).output.split())
        other = CliRunner().invoke(cli, [*args, "--capture-fps", "120"])  # another rate, slow motion still
        assert other.exit_code == 1 and "measured it with --capture-fps 240" in " ".join(other.output.split())
        same = CliRunner().invoke(cli, [*args, "--capture-fps", "240"])  # the rate that measured it: measured
        assert same.exit_code == 0 and "measured it with" not in same.output, same.output
    finally:
        kinemotion.unregister_backend(plugin.name)


def test_the_command_a_batch_refusal_offers_measures_the_slow_motion_clip_as_the_batch_does(tmp_path: Path) -> None:
    """The command the refusal above gives, pasted as it is: before, it left out the batch's backend and height
    (``kinemotion cmj CLIP -o out --capture-fps 240``), so it tracked the clip again with another backend (auto,
    not the kept landmarks' one) and measured it without metres. Now it analyses the landmarks the refusal kept,
    with the batch's backend, mode and height, and leaves the batch's jump table as it was (``-o out``, the
    folder, wrote a table of this clip alone over it)."""
    frames = 840
    plugin = _slow_motion_cmj("zz-slowmo-paste", frames, modes=("lightweight", "balanced"))
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "slow mo.mp4", frames, 30)
        out = tmp_path / "out"
        args = ["cmj", str(video), "-b", "zz-slowmo-paste", "-m", "balanced", "--height", "1.8", "-o", f"{out}/"]
        assert CliRunner().invoke(cli, [*args, "-q", "--capture-fps", "240"]).exit_code == 0
        refused = CliRunner().invoke(cli, [*args, "-q"])
        assert refused.exit_code == 1, refused.output
        said = " ".join(refused.output.split())
        offered = re.search(r"to this video alone \((kinemotion cmj .+?)\), as the other videos'", said)
        assert offered is not None, said
        words = shlex.split(offered.group(1))
        assert words[:2] == ["kinemotion", "cmj"], words
        batch_table = (out / "cmj-jumps.csv").read_text(encoding="utf-8")
        pasted = CliRunner().invoke(cli, words[1:])
        assert pasted.exit_code == 0, (offered.group(1), pasted.output)
        assert (out / "cmj-jumps.csv").read_text(encoding="utf-8") == batch_table, pasted.output
        assert "analysing its landmarks from" in pasted.output, pasted.output  # the kept ones, not tracked again
        data = json.loads((out / "slow mo.cmj.json").read_text(encoding="utf-8"))
        assert data["capture_fps"] == 240 and data["athlete_height_m"] == 1.8, (data["capture_fps"], data)
        assert (data["backend"]["name"], data["backend"]["mode"]) == ("zz-slowmo-paste", "balanced"), data["backend"]
    finally:
        kinemotion.unregister_backend(plugin.name)


def test_a_batch_s_refusal_of_a_slow_motion_clip_gives_it_its_own_rate_and_the_batch_run_again_lists_every_video(
    tmp_path: Path,
) -> None:
    """A folder of clips, two in slow motion, analysed at once with a session page. Before: the refusal said to
    run `kinemotion cmj` "on this video again, with what this message asks and the same output folder": the
    batch again with --capture-fps 240 refuses the real-time clips, and the clip alone into the same folder
    rewrote the folder's jump table with its rows only (the page too). Now it gives each clip its own rate
    (``--capture-fps 'NAME=240'``), on the page as well; the batch's command run again with what it offers
    measures the slow clips at that rate from their kept landmarks, the real-time one at its file's, and the
    table and the page list every video."""
    frames = 840
    plugin = _slow_motion_cmj("zz-slowmo-first", frames)
    t = np.arange(0, 3.5, 1 / 30)
    real_time = SeriesPlugin("zz-real-time", t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3))
    for backend in (plugin, real_time):
        kinemotion.register_backend(backend)
    try:
        tracked = tmp_path / "ana.landmarks.json"  # a real-time clip of the session, tracked before
        made = CliRunner().invoke(cli, ["track", str(blank_video(tmp_path / "ana.mp4", len(t), 30)), "-b",
                                        "zz-real-time", "-o", str(tracked), "-q"])  # fmt: skip
        assert made.exit_code == 0, made.output
        videos = [blank_video(tmp_path / f"slow {n}.mp4", frames + n, 30) for n in (1, 2)]  # two files, not copies
        out = tmp_path / "out"
        args = ["cmj", *map(str, videos), str(tracked), "-b", "zz-slowmo-first", "--height", "1.8", "-o", f"{out}/"]
        refused = CliRunner().invoke(cli, [*args, "-q", "--report", f"{out}/session.html"])
        assert refused.exit_code == 3, refused.output  # some videos done, some not
        said = " ".join(refused.output.split())
        offered = [
            o.removesuffix(".")
            for o in re.findall(r"give the rate to this clip alone: --capture-fps ('[^']+'|\S+)", said)
        ]
        assert [shlex.split(o)[0] for o in offered] == ["slow 1.mp4=240", "slow 2.mp4=240"], said
        # the page says it too: the terminal's lines are gone when it is read
        html = " ".join((out / "session.html").read_text(encoding="utf-8").split())
        assert "slow 1.mp4=240" in html and "slow 2.mp4=240" in html
        rates = [word for o in offered for word in ("--capture-fps", shlex.split(o)[0])]
        again = CliRunner().invoke(cli, [*args, *rates, "--report", f"{out}/session.html"])
        assert again.exit_code == 0, again.output
        assert again.output.count("analysing its landmarks from") == 2, again.output  # kept, not tracked again
        for n in (1, 2):
            data = json.loads((out / f"slow {n}.cmj.json").read_text(encoding="utf-8"))
            assert data["capture_fps"] == 240 and data["athlete_height_m"] == 1.8, data["capture_fps"]
        assert json.loads((out / "ana.landmarks.cmj.json").read_text(encoding="utf-8")).get("capture_fps") is None
        table = (out / "cmj-jumps.csv").read_text(encoding="utf-8")
        page = (out / "session.html").read_text(encoding="utf-8")
        for name in ("slow 1.mp4", "slow 2.mp4", "ana"):
            assert name in table and name in page, name
        assert not list(out.glob("*.refusal.json"))  # measured now: no refusal left on record
        alone = CliRunner().invoke(
            cli, ["cmj", str(videos[0]), "-b", "zz-slowmo-first", "-o", str(tmp_path / "a"), "-q"]
        )
        assert "give the rate to this clip alone" not in alone.output, alone.output  # one video: plain --capture-fps
    finally:
        kinemotion.unregister_backend(plugin.name)
        kinemotion.unregister_backend(real_time.name)


def test_a_batch_run_again_that_measures_a_slight_slow_motion_clip_at_its_file_rate_keeps_the_measured_report(
    tmp_path: Path,
) -> None:
    """A clip filmed at 48 fps and saved at 30 (1.6 times slower: its hips fall at 0.4 g, within what a jump's
    hips do when the athlete's height is not known, so it is not refused), measured by a run of its own with
    --capture-fps 48; the batch's command run again without it. Before: its report was replaced without a word
    by one on the file's clock (a 0.80 s flight, 0.78 m, of a jump that flew 0.5 s, 0.31 m), the measured
    one deleted. Now the measured report is kept as .previous and a warning names it, its rate and
    the command that measures the clip with it again."""
    plugin = _slow_motion_cmj("zz-slight-slowmo", 168, filmed_fps=48, noise=0.004)
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "slight.mp4", 168, 30)
        out = tmp_path / "out"
        args = ["cmj", str(video), "-b", "zz-slight-slowmo", "-q", "-o", f"{out}/"]
        assert CliRunner().invoke(cli, [*args, "--capture-fps", "48"]).exit_code == 0
        report, previous = out / "slight.cmj.json", out / "slight.cmj.json.previous"
        measured = json.loads(report.read_text(encoding="utf-8"))
        again = CliRunner().invoke(cli, args)
        assert again.exit_code == 0, again.output
        assert "capture_fps" not in json.loads(report.read_text(encoding="utf-8"))  # the file's clock, as asked
        assert json.loads(previous.read_text(encoding="utf-8")) == measured  # the measured one, kept
        said = " ".join(again.output.split())
        assert f"Warning: {video}: measured at its file's frame rate, as this run was given." in said, said
        assert f"Its earlier report ({previous}) measured it with --capture-fps 48" in said, said
        assert f"(kinemotion cmj {video} -o {report} -b zz-slight-slowmo --capture-fps 48)" in said, said
        done = CliRunner().invoke(cli, args)  # run again as it is: done, skipped, nothing more said
        assert done.exit_code == 0 and "skipped" in done.output and "Warning" not in done.output, done.output
    finally:
        kinemotion.unregister_backend(plugin.name)


@pytest.mark.parametrize("given", [480, 960])
def test_slow_motion_given_too_high_a_capture_rate_is_offered_the_rate_that_fits(tmp_path: Path, given: int) -> None:
    """The same 240 fps clip given ``--capture-fps 960`` (a phone's other slow-motion setting): its flights, an
    eighth as long and falling 16 times faster, are no flights. Before: "... if the clip is not slow motion, leave
    --capture-fps out", of a clip that is slow motion, and without it the refusal offered 240 (the header clip at
    960 said the same)."""
    frames = 840
    real = np.arange(frames) / 240
    plugin = SeriesPlugin(
        "zz-slowmo-high",
        np.arange(frames) / 30,
        landmarks(real, cmj_motion(real, 0.5), noise=0.001, drop_every=0, seed=2),
    )
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "slowmo.mp4", frames, 30)
        args = ["cmj", str(video), "-b", "zz-slowmo-high", "-q", "-o", str(tmp_path / "a.json")]
        refused = CliRunner().invoke(cli, [*args, "--capture-fps", str(given)])
        assert refused.exit_code == 1, refused.output
        said = " ".join(refused.output.split())
        assert "its flights fall at g at about 240 frames/s: try --capture-fps 240." in said, said
        assert "leave --capture-fps out" not in said, said
    finally:
        kinemotion.unregister_backend(plugin.name)


def _ramped(slowed_from: float, slowed_to: float, until: float, slow: int) -> np.ndarray:
    """Real times of the frames of a clip saved at 30 fps whose part from ``slowed_from`` to ``slowed_to`` s
    (real time) was filmed at ``30 * slow`` frames/s and plays slowed (a speed ramp), the rest in real time."""
    return np.concatenate(
        [
            np.arange(0, slowed_from, 1 / 30),
            np.arange(slowed_from, slowed_to, 1 / (30 * slow)),
            np.arange(slowed_to, until, 1 / 30),
        ]
    )


def test_a_clip_slowed_in_part_is_refused_as_edited_offering_no_capture_rate() -> None:
    """Before: a clip with a speed ramp over its second jump's flight was refused as slow motion offering
    ``--capture-fps 240``, which makes its other jump fall 64 times faster than gravity: an edited clip (speed
    ramps, cuts) has no one capture rate, and saying so is the only honest answer."""
    real = np.arange(0, 6.5, 1 / 240)
    _, truths = cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])
    ramp = _ramped(truths[1].takeoff_s - 0.7, truths[1].landing_s + 0.3, 6.5, 8)
    motion, _ = cmj_set_motion(ramp, [0.5, 0.5], [1.0, 3.5])
    ys = landmarks(ramp, motion, noise=0.001, drop_every=0, seed=5)
    signals = JumpSignals.from_series(np.arange(len(ramp)) * 1000 / 30, ys)  # the file's clock: 30 fps
    with pytest.raises(AnalysisError) as refused:
        analyze_cmj_set(signals)
    said = str(refused.value)
    assert said.startswith("This clip looks edited (speed changes, cuts)"), said
    assert type(refused.value).__name__ == "EditedClipError" and isinstance(refused.value, SlowMotionError)
    assert refused.value.capture_fps is None and "--capture-fps 2" not in said, said
    assert "at about 2" in said and "no --capture-fps makes it real time" in said, said  # ~240 against ~30


def test_an_edited_clip_refused_on_the_command_line_asks_for_no_run_again(tmp_path: Path) -> None:
    """Before: "This clip looks edited ... nothing in it can be measured. Analyse the camera's own recording,
    unedited. Its landmarks are kept in out/dunk.landmarks.json: `kinemotion cmj` or `kinemotion dropjump` on
    this video again, with what this message asks ... analyses them": a re-run that no option can answer."""
    real = np.arange(0, 6.5, 1 / 240)
    _, truths = cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])
    ramp = _ramped(truths[1].takeoff_s - 0.7, truths[1].landing_s + 0.3, 6.5, 8)
    motion, _ = cmj_set_motion(ramp, [0.5, 0.5], [1.0, 3.5])
    plugin = SeriesPlugin(
        "zz-edited", np.arange(len(ramp)) / 30, landmarks(ramp, motion, noise=0.001, drop_every=0, seed=5)
    )
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "dunk.mp4", len(ramp), 30)
        args = ["cmj", str(video), "-b", "zz-edited", "-q", "-o", f"{tmp_path / 'out'}/"]
        for run in (CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)):  # kept, then read
            said = " ".join(run.output.split())
            assert run.exit_code == 1 and "This clip looks edited" in said, said
            assert "with what this message asks" not in said and "on this video again" not in said, said
            assert f"{tmp_path / 'out' / 'dunk.landmarks.json'} (`kinemotion track`'s landmark JSON" in said, said
    finally:
        kinemotion.unregister_backend(plugin.name)


@pytest.mark.parametrize("capture_fps", [60, 120])
def test_an_edited_clip_given_a_capture_rate_is_refused_at_the_times_a_player_shows(capture_fps: int) -> None:
    """Before: given ``--capture-fps``, the edited clip's refusal gave its flights' times on the claimed clock
    (the slowed flight at 4.62-6.58 s at 60, 2.31-3.29 s at 120; in the file, 9.2-13.2 s) and ended "if the clip
    is not slow motion, leave --capture-fps out", though without it the clip is refused the same."""
    real = np.arange(0, 6.5, 1 / 240)
    _, truths = cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])
    ramp = _ramped(truths[1].takeoff_s - 0.7, truths[1].landing_s + 0.3, 6.5, 8)
    motion, _ = cmj_set_motion(ramp, [0.5, 0.5], [1.0, 3.5])
    tracking = hand_made_tracking(np.arange(len(ramp)) / 30, landmarks(ramp, motion, noise=0.001, drop_every=0, seed=5))
    with pytest.raises(EditedClipError) as without:
        analyze_tracking(tracking, "cmj")
    with pytest.raises(EditedClipError) as given:
        analyze_tracking(tracking, "cmj", capture_fps=capture_fps)
    times = r"airborne phase at ([\d.]+)-([\d.]+) s at about \d+ frames/s, the one at ([\d.]+)-([\d.]+) s"
    found = re.search(times, str(given.value))
    expected = re.search(times, str(without.value))
    assert found is not None and expected is not None, (str(given.value), str(without.value))
    slowed_takeoff_in_file = truths[1].takeoff_s - 0.7 + 8 * 0.7  # 0.7 s of real time slowed 8 times before it
    assert abs(float(found[1]) - slowed_takeoff_in_file) < 0.2, str(given.value)
    for got, want in zip(found.groups(), expected.groups(), strict=True):
        assert abs(float(got) - float(want)) < 0.1, (str(given.value), str(without.value))
    assert "leave --capture-fps out" not in str(given.value), str(given.value)


def test_a_clip_slowed_over_one_jump_given_that_rate_is_refused_as_edited_not_measured_by_that_jump() -> None:
    """Before: given ``--capture-fps 240``, the rate of its slowed second jump, a clip slowed over that jump alone
    was measured: 1 jump, no note (its real-time first jump, timed at 240, lasted 0.06 s: too short to be found,
    so the edited check saw one flight). Its flights are looked for on the file's clock too."""
    real = np.arange(0, 6.5, 1 / 240)
    _, truths = cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])
    ramp = _ramped(truths[1].takeoff_s - 0.7, truths[1].landing_s + 0.3, 6.5, 8)
    motion, _ = cmj_set_motion(ramp, [0.5, 0.5], [1.0, 3.5])
    tracking = hand_made_tracking(np.arange(len(ramp)) / 30, landmarks(ramp, motion, noise=0.001, drop_every=0, seed=5))
    with pytest.raises(EditedClipError, match=r"^This clip looks edited \(speed changes, cuts\)") as refused:
        analyze_tracking(tracking, "cmj", capture_fps=240)
    assert refused.value.capture_fps is None, str(refused.value)
    slowed_throughout = hand_made_tracking(
        np.arange(len(real)) / 30, landmarks(real, cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])[0], noise=0.001,
                                             drop_every=0, seed=5)
    )  # fmt: skip
    assert len(analyze_tracking(slowed_throughout, "cmj", capture_fps=240).jumps) == 2  # one clock: measured


def test_a_clip_slowed_throughout_is_slow_motion_offering_its_rate_not_edited() -> None:
    """The same two jumps filmed at 240 frames/s and saved at 30, all of it: one clock, slowed 8 times."""
    real = np.arange(0, 6.5, 1 / 240)
    motion, _ = cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])
    ys = landmarks(real, motion, noise=0.001, drop_every=0, seed=5)
    signals = JumpSignals.from_series(np.arange(len(real)) * 1000 / 30, ys)
    with pytest.raises(SlowMotionError, match="slow motion or a wrong frame rate") as refused:
        analyze_cmj_set(signals)
    assert type(refused.value) is SlowMotionError and "--capture-fps 240" in str(refused.value)


def test_a_real_time_clip_claimed_to_be_slow_motion_is_refused_naming_the_rate_it_supports(tmp_path: Path) -> None:
    """Before: ``--capture-fps 45`` on a CMJ filmed and saved at 30 fps was measured (a flight 2/3 of the real
    one): the hips then fall at 2.25 g, which the gravity check's range for an athlete of unknown height let
    through. Timed at the rate claimed, a flight must fall at g."""
    t = np.arange(0, 3.5, 1 / 30)
    motion = cmj_motion(t, 0.5)
    plugin = SeriesPlugin("zz-real-time", t, landmarks(t, motion, noise=0.001, drop_every=0, seed=6))
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "cmj.mp4", len(t), 30)
        for height in ([], ["--height", "1.8"]):
            out = tmp_path / "claimed.json"
            claimed = CliRunner().invoke(
                cli, ["cmj", str(video), "-b", "zz-real-time", "-q", "-o", str(out), "--capture-fps", "45", *height]
            )
            assert claimed.exit_code == 1, claimed.output
            assert "--capture-fps 45 does not fit this clip: timed at 45 frames/s, the hips fall at 2." in (
                claimed.output
            )
            said = claimed.output.replace("\n", " ")
            assert re.search(r"they fall at g at about (29|30|31) frames/s, the file's own rate \(30\): the clip", said)
            assert "leave --capture-fps out" in claimed.output and not out.exists()
        real = CliRunner().invoke(cli, ["cmj", str(video), "-b", "zz-real-time", "-q", "-o", str(tmp_path / "r.json")])
        assert real.exit_code == 0, real.output
    finally:
        kinemotion.unregister_backend(plugin.name)


@pytest.mark.parametrize("walk_s", [1.1, 1.5])
@pytest.mark.parametrize("bob_m", [0.0, 0.03])
def test_feet_mistracked_off_the_ground_for_a_second_after_a_set_leave_its_jumps_measured(
    walk_s: float, bob_m: float
) -> None:
    """Three CMJs, then for a second or more the feet are seen 12 cm up while the hips stay level or bob (the
    athlete walking away, the feet mistracked). An airborne phase that long was taken for slow motion, which
    makes every time in the clip untrustworthy: the whole clip was refused. Slow motion is a flight on a slowed
    clock, the hips still rising and falling; these hips do not, so it is no flight, and the jumps stand."""
    t = np.arange(0, 12.0, 1 / 30)
    motion, truths = cmj_set_motion(t, [0.45, 0.5, 0.55], [1.0, 3.5, 6.0])
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=1)
    walking = (t >= 8.5) & (t < 8.5 + walk_s)
    for name in ("left_heel", "right_heel", "left_foot_index", "right_foot_index"):
        y[name] = y[name] - np.where(walking, 0.12 * 0.35, 0.0)  # physics.py: 1 m is 0.35 frame heights
    for name in ("left_hip", "right_hip", "nose", "left_shoulder", "right_shoulder"):
        y[name] = y[name] + np.where(walking, bob_m * 0.35 * np.sin(2 * np.pi * (t - 8.5) / 0.5), 0.0)
    found = analyze_cmj_set(JumpSignals.from_series(t * 1000, y))
    assert len(found.jumps) == len(truths), found.notes
    for jump, truth in zip(found.jumps, truths, strict=True):
        assert jump.flight_time_s == pytest.approx(truth.flight_s, abs=2 / 30)
    assert any("the hips do not rise and fall through it" in note for note in found.notes), found.notes
    said = "the feet were seen off the ground while the body was not in the air (walking away, stepping out of"
    assert any(said in note for note in found.notes), found.notes
    assert any(re.search(r"Not a jump: the airborne phase at 8\.\d\d-\d+\.\d\d s lasts", n) for n in found.notes), (
        found.notes
    )


def test_a_capture_rate_that_does_not_fit_is_refused_naming_the_one_that_does() -> None:
    """Two CMJs filmed at 60 frames/s and saved at 30 (slowed twice), claimed ``--capture-fps 90``: timed at 90
    their hips fall at 2.25 g, so the refusal names the rate at which they fall at g (60), which is not the
    file's own; at 60 they are measured."""
    real = np.arange(0, 6.5, 1 / 60)
    motion, _ = cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])
    ys = landmarks(real, motion, noise=0.001, drop_every=0, seed=5)
    tracking = hand_made_tracking(np.arange(len(real)) / 30, ys)
    with pytest.raises(CaptureRateError) as refused:
        analyze_tracking(tracking, "cmj", capture_fps=90)
    said = str(refused.value)
    assert "over its 2 flights (for an athlete 1.3 to 2.2 m tall; --height judges closer)" in said, said
    assert said.endswith("give --capture-fps 60.") and "the file's own rate" not in said, said
    assert refused.value.supported_fps == pytest.approx(60, rel=0.05)
    assert len(analyze_tracking(tracking, "cmj", capture_fps=60).jumps) == 2


def test_a_capture_rate_is_judged_against_the_athlete_s_own_gravity_when_the_height_is_given() -> None:
    """A CMJ filmed and saved at 30 fps, claimed ``--capture-fps 36``: timed at 36 its hips fall at 1.44 g. For an
    athlete of unknown height (1.3 to 2.2 m) that is within what a hip's fall may be; for the 1.75 m athlete
    filmed (``--height 1.75``) it is not, and the refusal says for whom it judged."""
    t = np.arange(0, 3.5, 1 / 30)
    tracking = hand_made_tracking(t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=6))
    assert len(analyze_tracking(tracking, "cmj", capture_fps=36).jumps) == 1
    with pytest.raises(CaptureRateError) as refused:
        analyze_tracking(tracking, "cmj", athlete_height_m=1.75, capture_fps=36)
    said = str(refused.value)
    assert "the hips fall at 1.4" in said and "over its 1 flight (for an athlete 1.75 m tall)" in said, said
    assert "the file's own rate (30)" in said and refused.value.supported_fps == pytest.approx(30, rel=0.05)


def test_a_slow_motion_refusal_names_the_flight_the_rate_and_how_long_the_flight_lasts_in_the_file() -> None:
    """The refusal of a clip slowed throughout (filmed at 240, saved at 30) carries the rate it offers and how
    long the airborne phase it judged lasts in the file (a set's analyses keep the longest: the surest rate), and
    names that phase by its times."""
    real = np.arange(0, 6.5, 1 / 240)
    motion, truths = cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])
    ys = landmarks(real, motion, noise=0.001, drop_every=0, seed=5)
    with pytest.raises(SlowMotionError) as refused:
        analyze_cmj_set(JumpSignals.from_series(np.arange(len(real)) * 1000 / 30, ys))
    assert refused.value.capture_fps == pytest.approx(240, rel=0.1)
    assert refused.value.flight_s == pytest.approx(8 * 0.5, abs=8 * 2 / 240)
    phase = re.search(r"the airborne phase at ([\d.]+)-([\d.]+) s ", str(refused.value))
    assert phase is not None, str(refused.value)
    assert any(abs(float(phase[1]) - 8 * truth.takeoff_s) < 0.2 for truth in truths), (phase[0], truths)
    assert float(phase[2]) - float(phase[1]) == pytest.approx(refused.value.flight_s, abs=0.01)


def test_an_edited_clip_s_refusal_names_the_real_time_flight_at_its_times_and_how_long_the_slowed_one_lasts() -> None:
    """The clip slowed over its second jump only: the refusal names its first, real-time flight at the times a
    player shows (before the ramp, the file's times are real ones) and carries how long the slowed flight lasts
    in the file (8 x 0.5 s)."""
    real = np.arange(0, 6.5, 1 / 240)
    _, truths = cmj_set_motion(real, [0.5, 0.5], [1.0, 3.5])
    ramp = _ramped(truths[1].takeoff_s - 0.7, truths[1].landing_s + 0.3, 6.5, 8)
    motion, _ = cmj_set_motion(ramp, [0.5, 0.5], [1.0, 3.5])
    ys = landmarks(ramp, motion, noise=0.001, drop_every=0, seed=5)
    with pytest.raises(EditedClipError) as refused:
        analyze_cmj_set(JumpSignals.from_series(np.arange(len(ramp)) * 1000 / 30, ys))
    real_time = re.search(r"the one at ([\d.]+)-([\d.]+) s at about (\d+)\)", str(refused.value))
    assert real_time is not None, str(refused.value)
    assert abs(float(real_time[1]) - truths[0].takeoff_s) < 2 / 30, (real_time[0], truths[0])
    assert abs(float(real_time[2]) - truths[0].landing_s) < 2 / 30, (real_time[0], truths[0])
    assert refused.value.flight_s == pytest.approx(8 * 0.5, abs=0.15)


def test_a_slowed_flight_with_the_hips_unseen_is_slow_motion_offering_no_rate() -> None:
    """A CMJ filmed at 240 and saved at 30 whose hips are hidden through the flight (a flight of seconds in the
    file): no parabola, so no rate at which the hips fall at g; the refusal still says slow motion and asks for
    the rate, offering none."""
    real = np.arange(0, 3.5, 1 / 240)
    motion = cmj_motion(real, 0.5)
    ys = landmarks(real, motion, noise=0.001, drop_every=0, seed=5)
    in_the_air = (real > motion.truth.takeoff_s - 0.05) & (real < motion.truth.landing_s + 0.05)
    for name in ("left_hip", "right_hip"):
        ys[name] = np.where(in_the_air, np.nan, ys[name])
    with pytest.raises(SlowMotionError, match="slow motion or a wrong frame rate") as refused:
        analyze_cmj_set(JumpSignals.from_series(np.arange(len(real)) * 1000 / 30, ys))
    assert refused.value.capture_fps is None
    assert str(refused.value).endswith("If it was filmed at a higher rate, give it with --capture-fps."), refused.value


def test_a_flight_under_a_second_that_falls_far_slower_than_g_is_slow_motion_offering_its_rate() -> None:
    """A 0.4 s CMJ filmed at 60 fps and saved at 30 (slowed twice): 0.8 s in the file, under the second no jump
    lasts, but its hips fall at a quarter of g. Slow motion, judged by the fall, offering the rate that makes it g."""
    real = np.arange(0, 3.5, 1 / 60)
    ys = landmarks(real, cmj_motion(real, 0.4), noise=0.001, drop_every=0, seed=5)
    with pytest.raises(SlowMotionError, match=r"falls at 0\.[23]\d g or less timed at 30\.0 frames/s") as refused:
        analyze_cmj_set(JumpSignals.from_series(np.arange(len(real)) * 1000 / 30, ys))
    said = str(refused.value)
    assert "falls at 0." in said and "--capture-fps 60 (the rate that makes the hips fall at g)" in said, said
    assert refused.value.capture_fps == pytest.approx(60, rel=0.05)
    assert refused.value.flight_s == pytest.approx(0.8, abs=2 / 30)
