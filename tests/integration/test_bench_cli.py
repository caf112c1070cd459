"""`kinemotion bench`: a table and JSON per backend on the same frames."""

from __future__ import annotations

import json
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
        by_name = {r["backend"]: r for r in data["results"]}
        rtm = by_name["rtmpose-cpu"]
        assert rtm["frames"] == 12 and rtm["fps"] > 0 and rtm["ms_p50"] <= rtm["ms_p90"]
        assert rtm["provider"] == "CPUExecutionProvider" and 0 < rtm["model_ms"] <= 1000 / rtm["fps"]
        assert by_name["zz-fake"]["model_ms"] is None and by_name["zz-fake"]["found"] == 12
        assert "no CUDA support" in by_name["rtmpose-cuda"]["error"]
        table = CliRunner().invoke(cli, args).output
        assert "frames/s" in table and "rtmpose-cpu" in table and "error:" in table
    finally:
        kinemotion.unregister_backend("zz-fake")
