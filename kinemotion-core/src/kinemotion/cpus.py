"""The CPUs this process may use, and the variable that sets how many threads the model runtimes use.

Backends size their thread pools from these (``kinemotion_rtmpose.cpu_cores``);
the batch executors set the variable in their workers so that several workers
share the CPUs instead of each taking all of them.
"""

from __future__ import annotations

import os

__all__ = ["THREADS_ENV", "max_threads"]

THREADS_ENV = "KINEMOTION_ORT_THREADS"
"""Threads for each model runtime (the name is older than the OpenVINO backend, which reads it too)."""


def max_threads() -> int:
    """The most threads worth asking for: the logical CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
