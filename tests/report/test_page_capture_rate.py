"""The session page of a clip timed at ``--capture-fps``: the rate given, and the file's own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from kinemotion.cli.main import cli
from kinemotion.jump import analyze_tracking
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import hand_made_tracking


def _facts(html: str) -> str:
    """The line of facts under the video's name (jumps, frame rate, pose found, height), tags removed."""
    line = re.search(r"counter-movement jump[^<]*frames/s[^<]*", html)
    assert line, "no facts line on the page"
    return line[0]


def test_a_clip_timed_at_a_capture_rate_says_so_beside_the_file_s_own(tmp_path: Path) -> None:
    """Before: the page said "240 frames/s" for a file that plays at 30, timed at ``--capture-fps 240``, as it
    said it for a clip filmed and saved at 240: a coach could not tell that the times rest on a rate typed in
    (a wrong one scales every time), nor check it against the phone's slow-motion setting."""
    real = np.arange(0, 3.5, 1 / 240)  # filmed at 240 frames/s, saved to play at 30
    seen = landmarks(real, cmj_motion(real, 0.5), noise=0.001, drop_every=0, seed=5)
    slowed = analyze_tracking(hand_made_tracking(real * 8, seen), "cmj", None, capture_fps=240)
    report = tmp_path / "slowmo.cmj.json"
    report.write_text(json.dumps(slowed.to_json_dict()), encoding="utf-8")
    page = tmp_path / "page.html"
    run = CliRunner().invoke(cli, ["report", str(report), "-o", str(page), "-q"])
    assert page.exists(), run.output  # exit 3: no still frames, the physics series has no video
    facts = _facts(page.read_text(encoding="utf-8"))
    assert "240 frames/s" in facts and "--capture-fps" in facts and "plays at 30" in facts, facts


def test_a_clip_at_its_own_rate_names_no_capture_rate(tmp_path: Path) -> None:
    t = np.arange(0, 3.5, 1 / 30)
    plain = analyze_tracking(
        hand_made_tracking(t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=5)), "cmj"
    )
    report = tmp_path / "plain.cmj.json"
    report.write_text(json.dumps(plain.to_json_dict()), encoding="utf-8")
    page = tmp_path / "page.html"
    run = CliRunner().invoke(cli, ["report", str(report), "-o", str(page), "-q"])
    assert page.exists(), run.output  # exit 3: no still frames, the physics series has no video
    facts = _facts(page.read_text(encoding="utf-8"))
    assert "30 frames/s" in facts and "capture" not in facts, facts
