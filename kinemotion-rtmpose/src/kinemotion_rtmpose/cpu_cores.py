"""How many physical CPU cores this process may use (for the model runtimes' thread pools)."""

from __future__ import annotations

import logging
import os
import platform
import subprocess
from functools import cache

from kinemotion.cpus import THREADS_ENV, max_threads

__all__ = ["THREADS_ENV", "max_threads", "physical_cores", "threads_override"]


logger = logging.getLogger(__name__)


@cache
def threads_override() -> int | None:
    """``KINEMOTION_ORT_THREADS`` when valid (capped at :func:`max_threads`), else None; problems are logged once."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:  # "²" is a digit int() refuses
        logger.warning("%s=%r is not a positive whole number; ignoring it (using the physical cores)", THREADS_ENV, raw)
        return None
    value, limit = int(raw), max_threads()
    if value > limit:
        logger.warning(
            "%s=%d is more than the %d CPUs this process may use; using %d", THREADS_ENV, value, limit, limit
        )
        return limit
    return value


def _linux_physical_cores(allowed: set[int]) -> int | None:
    cores: set[tuple[str, str]] = set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            blocks = fh.read().split("\n\n")
    except OSError:
        return None
    for block in blocks:
        fields = dict(line.split(":", 1) for line in block.splitlines() if ":" in line)
        fields = {k.strip(): v.strip() for k, v in fields.items()}
        if "processor" not in fields or int(fields["processor"]) not in allowed:
            continue
        cores.add((fields.get("physical id", "0"), fields.get("core id", fields["processor"])))
    return len(cores) or None


@cache
def physical_cores() -> int:
    """Physical cores available to this process (hyper-threads not counted), at least 1.

    Linux: the cores of the CPUs in the process's affinity mask; macOS:
    ``hw.physicalcpu``; elsewhere ``os.cpu_count()``. A valid ``KINEMOTION_ORT_THREADS``
    overrides the result (see :func:`threads_override`).
    """
    override = threads_override()
    if override is not None:
        return override
    if hasattr(os, "sched_getaffinity"):
        allowed = os.sched_getaffinity(0)
        found = _linux_physical_cores(allowed)
        return max(1, min(found or len(allowed), len(allowed)))
    if platform.system() == "Darwin":
        try:
            out = subprocess.run(["sysctl", "-n", "hw.physicalcpu"], capture_output=True, text=True, check=True)
            return max(1, int(out.stdout.strip()))
        except (OSError, ValueError, subprocess.CalledProcessError):
            pass
    return max(1, os.cpu_count() or 1)
