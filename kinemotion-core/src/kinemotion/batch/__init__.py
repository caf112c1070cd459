"""Batches of videos: the task a worker runs, the executors that run them, and resuming a batch.

``track``, ``cmj`` and ``dropjump`` share this: workers track and return
results; the one process that owns the outputs writes them, atomically.
"""

from __future__ import annotations

from kinemotion.batch.executors import EXECUTORS, ExecutorName, RayNotInstalledError, execute
from kinemotion.batch.tasks import TaskResult, VideoTask, run_task

__all__ = ["EXECUTORS", "ExecutorName", "RayNotInstalledError", "TaskResult", "VideoTask", "execute", "run_task"]
