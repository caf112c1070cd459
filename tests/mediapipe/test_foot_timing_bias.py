"""Each measured MediaPipe model declares its own foot timing bias (contract 1.3), by the model file it loads.

The values are measured by ``benchmarks/foot_timing_bias.py`` (docs/accuracy.md); here: which tracker
declares which, and that the full model's reaches the outputs and comes off the events.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from kinemotion.jump import analyze_tracking
from kinemotion.pose.contract import foot_timing_bias_of
from kinemotion.tracking import read_json
from kinemotion_mediapipe import MediaPipePlugin
from kinemotion_mediapipe.plugin import FULL_FOOT_TIMING_BIAS_S, LITE_FOOT_TIMING_BIAS_S
from tests.assets import JUMP_CLIPS, MP_FULL, MP_LITE, asset

pytestmark = pytest.mark.models


@pytest.fixture
def real_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """``balanced`` finds its pinned full model in the real assets, never online."""
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(asset(MP_FULL).parent))
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")


@pytest.fixture(params=["commented", "same size"])
def unknown_model(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A pose landmarker MediaPipe loads that is none of the pinned bundles: the lite one with its zip commented
    (another size), or of the lite one's size and other bytes (its first member's time stamp moved by two seconds:
    only its sha256 tells it from the lite model)."""
    path = tmp_path / "my_pose_landmarker.task"
    shutil.copyfile(asset(MP_LITE), path)
    if request.param == "commented":
        with zipfile.ZipFile(path, "a") as bundle:
            bundle.comment = b"retrained on my own footage"
        return path
    with zipfile.ZipFile(path) as bundle:
        first = bundle.infolist()[0].header_offset
    data = bytearray(path.read_bytes())
    assert data[first : first + 4] == b"PK\x03\x04"  # a local file header: its time (2 bytes) at +10
    data[first + 10] ^= 1  # DOS time counts seconds in twos: one tick
    path.write_bytes(bytes(data))
    assert path.stat().st_size == asset(MP_LITE).stat().st_size
    return path


def test_the_full_model_declares_its_measured_bias_in_balanced_mode_or_given_as_model_path(real_models: None) -> None:
    assert FULL_FOOT_TIMING_BIAS_S != LITE_FOOT_TIMING_BIAS_S  # else nothing below tells the two apart
    with MediaPipePlugin().create("balanced") as full:
        assert Path(full.model_path).name == "pose_landmarker_full.task"
        assert foot_timing_bias_of(full) == FULL_FOOT_TIMING_BIAS_S
    with MediaPipePlugin().create(model_path=asset(MP_FULL)) as given:  # the default mode, but the full model's file
        assert foot_timing_bias_of(given) == FULL_FOOT_TIMING_BIAS_S


def test_the_bias_follows_the_model_file_not_the_mode(real_models: None) -> None:
    with MediaPipePlugin().create("balanced", model_path=asset(MP_LITE)) as lite:
        assert foot_timing_bias_of(lite) == LITE_FOOT_TIMING_BIAS_S


@pytest.mark.parametrize("mode", ["lightweight", "balanced"])
def test_a_model_file_of_ones_own_declares_none(real_models: None, unknown_model: Path, mode: str) -> None:
    with MediaPipePlugin().create(mode, model_path=unknown_model) as own:
        assert foot_timing_bias_of(own) is None


def test_the_full_models_bias_is_recorded_and_taken_off_the_events(real_models: None, tmp_path: Path) -> None:
    """``track --mode balanced`` records the full model's bias; ``cmj`` on that tracking records it again and
    reports each take-off and landing that much earlier than the same tracking with no bias declared."""
    clip = asset(JUMP_CLIPS["cmj_front_oblique_handheld_30fps.mp4"].rel)
    tracked = tmp_path / "track.json"
    run = CliRunner().invoke(
        cli, ["track", str(clip), "-b", "mediapipe", "--mode", "balanced", "-o", str(tracked), "-q"]
    )
    assert run.exit_code == 0, run.output
    assert json.loads(tracked.read_text())["backend"]["foot_timing_bias_s"] == list(FULL_FOOT_TIMING_BIAS_S)
    run = CliRunner().invoke(cli, ["cmj", str(tracked), "-o", str(tmp_path / "cmj"), "-q"])
    assert run.exit_code == 0, run.output
    report = json.loads(next((tmp_path / "cmj").glob("*.cmj.json")).read_text())
    assert report["backend"]["foot_timing_bias_s"] == list(FULL_FOOT_TIMING_BIAS_S)
    tracking = read_json(tracked)
    undeclared = analyze_tracking(replace(tracking, backend=replace(tracking.backend, foot_timing_bias_s=None)), "cmj")
    assert len(report["jumps"]) == len(undeclared.jumps) == 1
    takeoff_bias, landing_bias = FULL_FOOT_TIMING_BIAS_S
    phases = report["jumps"][0]["phases_s"]
    assert phases["takeoff"] == pytest.approx(undeclared.jumps[0].phases_s["takeoff"] - takeoff_bias, abs=1e-6)
    assert phases["landing"] == pytest.approx(undeclared.jumps[0].phases_s["landing"] - landing_bias, abs=1e-6)


def test_the_readme_states_the_biases_the_plugin_declares() -> None:
    """Issue 23 asks the README to say which backends are corrected, and by how much: the numbers it gives must be
    the plugin's (a re-measured constant with a stale README would tell users the wrong correction)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert LITE_FOOT_TIMING_BIAS_S[0] < 0 < LITE_FOOT_TIMING_BIAS_S[1]  # the README's words: early, late
    lite_off, lite_on = (round(abs(v) * 1000, 1) for v in LITE_FOOT_TIMING_BIAS_S)
    full_off, full_on = (round(v * 1000, 1) for v in FULL_FOOT_TIMING_BIAS_S)
    assert f"lite: take-off {lite_off} ms early, landing {lite_on} ms late" in readme
    assert f"full: {full_off} and +{full_on} ms" in readme
