"""Resuming a batch: a video whose outputs all exist, from the same request, is not tracked again.

Outputs are written atomically (all of a video's files together), so their
existence means they are whole. The JSON also has to be ours (its schema),
from the same mode and backend options (such as the person to follow), and
from the backend named now (any backend when ``auto``), so changing the
request redoes the work; ``--force`` always does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["existing_report"]


def existing_report(
    outputs: Sequence[Path | None],
    schema: str,
    backend: str | None,
    mode: str,
    options: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """The JSON (``outputs[0]``) when every output exists and it answers this request; else None."""
    planned = [p for p in outputs if p is not None]
    if not planned or not all(p.is_file() for p in planned):
        return None
    try:
        data = json.loads(planned[0].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema") != schema:
        return None
    used = data.get("backend") or {}
    if used.get("mode") != mode or (backend not in (None, "auto") and used.get("name") != backend):
        return None
    if (used.get("options") or {}) != dict(options or {}):
        return None
    return data
