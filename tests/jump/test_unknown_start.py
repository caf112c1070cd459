"""A countermovement whose start is not seen: its time to take-off is unknown (null, flagged), never a number
timed from where the search happened to stop, and its start is never drawn or named as a countermovement's.

Two ways a start goes unseen: the clip starts in the movement (no standing before the first jump), or the
hip is already below its standing level where the jump's search window starts (the last landing: a rope
skip's hops land low and go straight into the next dip).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from kinemotion.cli.main import cli
from kinemotion.jump import analyze_tracking
from kinemotion.jump.overlay import phase_at
from kinemotion.tracking import TrackingResult, write_json
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import hand_made_tracking


def _late_start(fps: float = 30.0, lead_s: float = 0.6) -> TrackingResult:
    """A CMJ filmed from ``lead_s`` before its take-off: the countermovement started before the clip."""
    t = np.arange(0.0, 3.0, 1 / fps)
    motion = cmj_motion(t, 0.5)
    y = landmarks(t, motion, noise=0.0003, drop_every=0, seed=1)
    keep = t >= motion.truth.takeoff_s - lead_s
    return hand_made_tracking(t[keep] - t[keep][0], {n: v[keep] for n, v in y.items()}, fps)


def test_a_start_before_the_clip_is_an_unknown_event_and_the_overlay_never_says_standing() -> None:
    """Before: the overlay captioned the clip's first frames "standing" (before a countermovement start the
    analysis says it does not know) though the athlete was already in the dip."""
    report = analyze_tracking(_late_start(), "cmj")
    (jump,) = report.jumps
    assert jump.jump_kind == "cmj"
    assert jump.unknown_events == ("countermovement_start",)
    assert "countermovement_start" in jump.phases_s  # kept: the overlay names phases by counting events
    start = float(report.signals.t[0])
    assert phase_at(report, start) == (1, "countermovement")
    assert phase_at(report, jump.phases_s["lowest_point"] + 1e-3)[1] == "propulsion"
    data = report.to_json_dict()
    assert data["jumps"][0]["unknown_events"] == ["countermovement_start"]
    assert data["jumps"][0]["metrics"]["time_to_takeoff_s"] is None


def test_the_session_page_does_not_draw_a_countermovement_start_the_analysis_does_not_know(tmp_path: Path) -> None:
    """Before: the JSON's ``countermovement_start`` was drawn on the page's chart, labelled "countermovement",
    beside a time to take-off the same page called unknown."""
    landmarks_file = write_json(_late_start(), tmp_path / "late.json")
    out, page = tmp_path / "out", tmp_path / "page.html"
    run = CliRunner().invoke(cli, ["cmj", str(landmarks_file), "-o", str(out), "--report", str(page), "-q"])
    assert run.exit_code == 0, run.output
    (report,) = out.glob("*.cmj.json")
    assert json.loads(report.read_text())["jumps"][0]["unknown_events"] == ["countermovement_start"]
    chart = re.search(r'<svg class="chart".*?</svg>', page.read_text(encoding="utf-8"), re.S)
    assert chart
    labels = re.findall(r'<text class="event"[^>]*>([^<]+)</text>', chart[0])
    assert labels == ["lowest point", "take-off", "landing"], labels
    assert len(re.findall(r'<line class="event"', chart[0])) == 3


def test_a_rope_skip_hop_without_a_countermovement_start_has_no_time_to_takeoff(
    tracked: Callable[[str, str], TrackingResult],
) -> None:
    """The rope-skip clip's hops 5-15 land with the hip already below standing: the search found no start and
    timed the take-off from the last landing, a lower bound shown as a plain value (0.26-0.30 s, mRSI from it),
    with no ± (before). Now unknown and flagged, as a start before the clip is; a hop whose start is seen keeps
    its time, with its uncertainty."""
    report = analyze_tracking(tracked("rope_skip_front_30fps.mp4", "rtmpose-openvino"), "cmj")
    unseen = [j for j in report.jumps if "countermovement_start" in j.unknown_events]
    assert len(unseen) >= 8, [j.number for j in unseen]
    for jump in report.jumps:
        metrics = jump.metrics()
        if jump in unseen:
            assert metrics["time_to_takeoff_s"] is None and metrics["modified_reactive_strength_index"] is None
            assert "countermovement_start" not in jump.uncertainty_s
            assert any("time to take-off and RSImod are unknown" in q for q in jump.quality), jump.quality
        else:  # seen: timed, with its ± (from a crossing of the standing level)
            assert metrics["time_to_takeoff_s"] is not None and "time_to_takeoff_s" in jump.metric_uncertainty
    # the set's summary counts only the hops timed
    assert report.jump_set.summary()["time_to_takeoff_s"]["count"] == len(report.jumps) - len(unseen)


def test_a_note_every_hop_of_a_rope_skip_shares_is_said_once_with_its_jumps(
    tracked: Callable[[str, str], TrackingResult], tmp_path: Path
) -> None:
    """Before: `cmj` printed "no countermovement start seen" once per hop (eleven lines differing only in the
    last landing's time, the jump before's), and the page repeated it in every hop and eleven times in the
    overview's flag cell. Now the words are the same for each hop, said once with the jumps they are said of, in
    the terminal and on the page; the JSON keeps them on every jump."""
    landmarks_file = write_json(tracked("rope_skip_front_30fps.mp4", "rtmpose-openvino"), tmp_path / "rope.json")
    out, page = tmp_path / "out", tmp_path / "page.html"
    run = CliRunner().invoke(cli, ["cmj", str(landmarks_file), "-o", str(out), "--report", str(page)])
    assert run.exit_code == 0, run.output
    words = "no countermovement start seen"
    (said,) = [line for line in run.output.splitlines() if words in line]
    (report,) = out.glob("*.cmj.json")
    jumps = json.loads(report.read_text(encoding="utf-8"))["jumps"]
    unseen = [j["number"] for j in jumps if any(words in q for q in j["quality"])]
    assert len(unseen) >= 8, unseen
    assert said.startswith(f"  note (jumps {unseen[0]}-") and said.count(", ") <= 2, said
    html = page.read_text(encoding="utf-8")
    section = html[html.index('<section class="video"') :]
    assert section.count(words) == 1 + len(unseen)  # the video's box, then a pointer in each hop
    assert section.count("already below its standing level at the last landing") == 1
    (cell,) = re.findall(r'<td class="flag-cell"[^>]*title="([^"]*)"', html)
    assert cell.count(words) == 1, cell
