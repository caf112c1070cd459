"""`kinemotion bench`: a table and JSON per backend on the same frames."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.core.fakes import FakePlugin

pytestmark = pytest.mark.models


@pytest.mark.usefixtures("real_models")
def test_bench_json_and_table(demo_video: Path) -> None:
    kinemotion.register_backend(FakePlugin("zz-fake", priority=-1))
    try:
        args = [
            "bench",
            str(demo_video),
            "-b",
            "rtmpose-cpu",
            "-b",
            "zz-fake",
            "-b",
            "rtmpose-cuda",
            "--start",
            "40",
            "--frames",
            "12",
        ]
        result = CliRunner().invoke(cli, [*args, "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert (data["start"], data["frames"]) == (40, 12)  # timed: 40-51, after warm-up on 37-39
        by_name = {r["backend"]: r for r in data["results"]}
        rtm = by_name["rtmpose-cpu"]
        assert rtm["frames"] == 12 and rtm["fps"] > 0 and rtm["ms_p50"] <= rtm["ms_p90"]
        assert rtm["provider"] == "CPUExecutionProvider" and 0 < rtm["model_ms"] <= 1000 / rtm["fps"]
        assert by_name["zz-fake"]["model_ms"] is None and by_name["zz-fake"]["found"] == 12
        from kinemotion_rtmpose.tracker import STAGES

        stages = rtm["stages_ms"]
        assert list(stages) == list(STAGES) and all(v >= 0 for v in stages.values())
        assert stages["pose model"] + stages["detector model"] == pytest.approx(rtm["model_ms"], rel=1e-6)
        assert sum(stages.values()) <= 1000 / rtm["fps"]  # the stages are inside process_frame
        assert by_name["zz-fake"]["stages_ms"] is None
        assert "no CUDA support" in by_name["rtmpose-cuda"]["error"]
        table = CliRunner().invoke(cli, [*args, "--stages"]).output
        assert "frames 40-51 timed after 3 warm-up frames" in table.splitlines()[0]
        assert "rtmpose-cpu (ms per frame): detector input and boxes " in table and ", outside them " in table
        assert "zz-fake: no stage times (the backend does not report them)" in table
        assert "frames/s" in table and "rtmpose-cpu" in table and "error:" in table
    finally:
        kinemotion.unregister_backend("zz-fake")


@pytest.mark.usefixtures("real_models")
def test_table_gives_each_backend_as_a_multiple_of_mediapipe(demo_video: Path) -> None:
    args = ["bench", str(demo_video), "-b", "rtmpose-openvino", "-b", "mediapipe", "--start", "40", "--frames", "8"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()[1:]
    columns = header.split()
    fps_at = columns.index("frames/s")
    assert columns[fps_at + 1 : fps_at + 3] == ["vs", "mediapipe"]
    found = {row.split()[0]: re.search(r" (\d+\.\d) +(\d+\.\d\d)x ", row) for row in rows}
    fps = {name: float(m.group(1)) for name, m in found.items() if m}
    ratio = {name: float(m.group(2)) for name, m in found.items() if m}
    assert ratio["mediapipe"] == 1.0
    assert ratio["rtmpose-openvino"] == pytest.approx(fps["rtmpose-openvino"] / fps["mediapipe"], abs=0.02)


@pytest.mark.usefixtures("real_models")
def test_all_says_which_backends_it_left_out_and_why(demo_video: Path) -> None:
    """Before: ``-b all`` timed the available backends that offer the mode and said nothing of the others
    (here rtmpose-cuda and rtmpose-coreml, and every backend without the mode): a user could not tell an
    unavailable backend from a missing one. Now each is named with the registry's reason, as ``kinemotion
    backends`` gives it."""
    kinemotion.register_backend(FakePlugin("zz-gone", available=False, reason="no fake accelerator here"))
    kinemotion.register_backend(FakePlugin("zz-here", modes=("performance",)))
    try:
        args = ["bench", str(demo_video), "-b", "all", "-m", "performance", "--start", "40", "--frames", "2"]
        table = CliRunner().invoke(cli, args)
        assert table.exit_code == 0, table.output
        assert "left out zz-gone: unavailable: no fake accelerator here" in table.output
        assert "left out rtmpose-cpu: offers no mode 'performance' (its modes: lightweight, balanced)" in table.output
        assert "left out zz-here" not in table.output and "left out mediapipe" not in table.output
        listed = CliRunner().invoke(cli, [*args, "--json"])
        assert listed.exit_code == 0, listed.output
        data = json.loads(listed.output)
        assert {r["backend"] for r in data["results"]} == {"mediapipe", "zz-here"}
        left_out = {entry["backend"]: entry["reason"] for entry in data["left_out"]}
        assert left_out["zz-gone"] == "unavailable: no fake accelerator here"
        assert "rtmpose-openvino" in left_out and not set(left_out) & {"mediapipe", "zz-here"}
    finally:
        kinemotion.unregister_backend("zz-gone")
        kinemotion.unregister_backend("zz-here")
