"""Processes a test started indirectly (a command's worker processes): whether they are gone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

__all__ = ["still_running_after"]


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
