"""Processes a test started indirectly (a command's worker processes): whether they are gone."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

__all__ = ["kill_once_marked", "still_running_after"]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def still_running_after(pids: Iterable[int], timeout_s: float) -> set[int]:
    """Those of ``pids`` still running once they have all ended or ``timeout_s`` has passed (empty: all ended)."""
    waiting = set(pids)
    deadline = time.monotonic() + timeout_s
    while waiting and time.monotonic() < deadline:
        waiting = {pid for pid in waiting if not _gone(pid)}
        if waiting:
            time.sleep(0.2)
    return {pid for pid in waiting if not _gone(pid)}


def kill_once_marked(process: subprocess.Popen[bytes], marks: Path, lines: int, timeout_s: float = 120) -> None:
    """Kill ``process`` outright (SIGKILL) once ``marks`` holds ``lines`` lines (a test backend writes one a frame
    or a process: the work under way), and wait for it; fail if it ends or ``timeout_s`` passes first."""
    try:
        deadline = time.monotonic() + timeout_s
        while not marks.exists() or len(marks.read_text().split()) < lines:
            assert process.poll() is None and time.monotonic() < deadline, "tracking never started"
            time.sleep(0.1)
        process.kill()
    finally:
        process.kill()
        process.wait()
