"""What a JSON output written from Python may replace (kinemotion.tracking.json_output)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_report_written_to_a_named_pipe_never_waits_to_read_it(tmp_path: Path) -> None:
    """``report.write_json("feed.json")`` where feed.json is a named pipe (another program reading the report as
    it comes): the check that it is no landmark JSON opened the pipe to read its first bytes and waited for a
    writer for ever, no word said. A pipe holds no landmarks: nothing is read from it, and the write is refused
    in words as for any pipe."""
    pipe = tmp_path / "feed.json"
    os.mkfifo(pipe)
    code = (
        "import sys\n"
        "from kinemotion.errors import OutputError\n"
        "from kinemotion.jump.report import write_report_json\n"
        "try:\n"
        "    write_report_json({'kind': 'cmj', 'video': {'path': 'clip.mp4'}}, sys.argv[1])\n"
        "except OutputError as exc:\n"
        "    print(exc)\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(pipe)], capture_output=True, text=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"write_report_json({pipe}) still waiting after 30 s: it opened the pipe to read it")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"cannot write {pipe}: it is a pipe, not a file;"), done.stdout
