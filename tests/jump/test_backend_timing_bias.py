"""A backend that sees the feet early or late says so (contract 1.3), and the analysis takes it off its events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.errors import BackendError
from kinemotion.jump import analyze_tracking
from kinemotion.tracking import track_video
from kinemotion.tracking.files import TRACKING_SCHEMA_PATH
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, SeriesTracker, blank_video

FPS = 30
EARLY_S = 0.015  # the "early" backend's feet run this far ahead of the truth


class _DeclaringPlugin(SeriesPlugin):
    bias: object = None

    def create(self, mode: str = "lightweight", **options: object) -> SeriesTracker:
        tracker = super().create(mode, **options)
        tracker.foot_timing_bias_s = self.bias  # type: ignore[attr-defined]
        return tracker


def _early_feet(t: np.ndarray) -> dict[str, np.ndarray]:
    """The same jump, but the foot points move ``EARLY_S`` ahead of the body (as a model that anticipates)."""
    body = landmarks(t, cmj_motion(t, 0.5), noise=0.0005, drop_every=0, seed=5)
    ahead = landmarks(t + EARLY_S, cmj_motion(t + EARLY_S, 0.5), noise=0.0005, drop_every=0, seed=5)
    feet = ("left_heel", "right_heel", "left_foot_index", "right_foot_index")
    return {n: (ahead[n] if n in feet else y) for n, y in body.items()}


@pytest.fixture
def backends(tmp_path: Path) -> Iterator[Path]:
    t = np.arange(0, 3.5, 1 / FPS)
    truthful = SeriesPlugin("zz-truthful", t, landmarks(t, cmj_motion(t, 0.5), noise=0.0005, drop_every=0, seed=5))
    early = _DeclaringPlugin("zz-early-undeclared", t, _early_feet(t))
    declared = _DeclaringPlugin("zz-early-declared", t, _early_feet(t))
    declared.bias = (-EARLY_S, -EARLY_S)
    plugins = [truthful, early, declared]
    for p in plugins:
        kinemotion.register_backend(p)
    yield blank_video(tmp_path / "cmj.mp4", len(t), FPS)
    for p in plugins:
        kinemotion.unregister_backend(p.name)


def _events(video: Path, backend: str) -> tuple[float, float]:
    jump = analyze_tracking(track_video(video, backend, progress=False), "cmj").jumps[0]
    return jump.phases_s["takeoff"], jump.phases_s["landing"]


def test_a_declared_bias_brings_the_events_back_to_the_unbiased_backend(backends: Path) -> None:
    truth = _events(backends, "zz-truthful")
    undeclared = _events(backends, "zz-early-undeclared")
    declared = _events(backends, "zz-early-declared")
    # the early feet really move the events (else this test would prove nothing) ...
    assert all(u < tr - 0.6 * EARLY_S for u, tr in zip(undeclared, truth, strict=True)), (undeclared, truth)
    # ... and declaring it takes exactly the declared amount off
    assert declared == pytest.approx((undeclared[0] + EARLY_S, undeclared[1] + EARLY_S), abs=1e-9)
    assert declared == pytest.approx(truth, abs=0.004)


def test_the_declared_bias_is_recorded_in_the_tracking_and_the_jump_outputs(backends: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for command in ("track", "cmj"):
        result = CliRunner().invoke(
            cli, [command, str(backends), "-b", "zz-early-declared", "-o", str(out / command), "-q"]
        )
        assert result.exit_code == 0, result.output
    tracking = json.loads(next((out / "track").glob("*.json")).read_text())
    jsonschema.validate(tracking, json.loads(TRACKING_SCHEMA_PATH.read_text()))
    assert tracking["backend"]["foot_timing_bias_s"] == [-EARLY_S, -EARLY_S]
    report = json.loads(next((out / "cmj").glob("*.json")).read_text())
    assert report["backend"]["foot_timing_bias_s"] == [-EARLY_S, -EARLY_S]


def test_a_backend_that_declares_none_records_none(backends: Path) -> None:
    assert track_video(backends, "zz-truthful", progress=False).backend.foot_timing_bias_s is None


@pytest.mark.parametrize("bias", [(0.2, 0.0), (float("nan"), 0.0), ("early", "late"), (0.01,), 0.01, (True, 0.0)])
def test_a_malformed_declaration_is_a_backend_error_naming_the_backend_and_the_rule(
    backends: Path, bias: object
) -> None:
    t = np.arange(0, 3.5, 1 / FPS)
    bad = _DeclaringPlugin("zz-bad-bias", t, _early_feet(t))
    bad.bias = bias
    kinemotion.register_backend(bad)
    try:
        with pytest.raises(BackendError, match=r"zz-bad-bias.*tracker\.foot_timing_bias_s"):
            track_video(backends, "zz-bad-bias", progress=False)
    finally:
        kinemotion.unregister_backend("zz-bad-bias")


def test_each_declared_bias_comes_off_its_own_events_in_both_analyses() -> None:
    """A backend late by 10 ms at take-off and 25 ms at touch-down: the take-off (a foot leaving) comes 10 ms
    earlier than without the declaration, every landing and the drop jump's ground contact (a foot touching)
    25 ms earlier; the metrics follow (the contact time loses 10 - 25 ms, the flight time 25 - 10)."""
    from kinemotion.jump import JumpSignals, analyze_cmj, analyze_dropjump
    from tests.jump.physics import dropjump_motion

    late_off, late_on = 0.010, 0.025
    t = np.arange(0, 4.0, 1 / 60)
    cmj_y = landmarks(t, cmj_motion(t, 0.5), noise=0.0005, drop_every=0, seed=5)
    drop_y = landmarks(t, dropjump_motion(t, 0.4, 0.25, 0.5), noise=0.0005, drop_every=0, seed=5)
    plain = analyze_cmj(JumpSignals.from_series(t * 1000, cmj_y))
    biased = analyze_cmj(JumpSignals.from_series(t * 1000, cmj_y, timing_bias_s=(late_off, late_on)))
    assert biased.phases_s["takeoff"] == pytest.approx(plain.phases_s["takeoff"] - late_off, abs=1e-9)
    assert biased.phases_s["landing"] == pytest.approx(plain.phases_s["landing"] - late_on, abs=1e-9)
    plain_drop = analyze_dropjump(JumpSignals.from_series(t * 1000, drop_y))
    biased_drop = analyze_dropjump(JumpSignals.from_series(t * 1000, drop_y, timing_bias_s=(late_off, late_on)))
    for event, late in (("ground_contact", late_on), ("takeoff", late_off), ("landing", late_on)):
        assert biased_drop.phases_s[event] == pytest.approx(plain_drop.phases_s[event] - late, abs=1e-9), event
    assert biased_drop.ground_contact_time_s == pytest.approx(plain_drop.ground_contact_time_s + late_on - late_off)
    assert biased_drop.flight_time_s == pytest.approx(plain_drop.flight_time_s + late_off - late_on)
