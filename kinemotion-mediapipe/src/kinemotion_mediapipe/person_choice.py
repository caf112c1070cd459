"""Which of several detected people the tracker follows.

Rule: at the start (or after the followed person has been lost for more than
``forget_after_ms``) take the largest person, by the area of the bounding box
of their landmarks. After that, take the person whose hip centre is nearest
to where the followed person was last seen, provided it is within
``base_radius + max_speed * seconds_since_last_seen`` (in frame heights);
if nobody is that close the followed person is lost in this frame and the
tracker returns None rather than jump to a bystander.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Candidate", "PersonSelector"]


@dataclass(frozen=True)
class Candidate:
    """One detected person: hip centre in frame-height units, and landmark box area."""

    center: tuple[float, float]
    area: float


class PersonSelector:
    """Keeps following the same person across frames (see the module docstring)."""

    def __init__(self, base_radius: float = 0.15, max_speed: float = 1.5, forget_after_ms: int = 1000):
        self.base_radius = base_radius
        self.max_speed = max_speed
        self.forget_after_ms = forget_after_ms
        self._last: tuple[float, float] | None = None
        self._last_ms = 0

    def choose(self, candidates: list[Candidate], timestamp_ms: int) -> int | None:
        """Index of the candidate to return for this frame, or None if the person is lost."""
        if not candidates:
            return None
        elapsed = timestamp_ms - self._last_ms
        if self._last is None or elapsed > self.forget_after_ms:
            index = max(range(len(candidates)), key=lambda i: candidates[i].area)
        else:
            last = self._last
            index = min(range(len(candidates)), key=lambda i: math.dist(candidates[i].center, last))
            reach = self.base_radius + self.max_speed * max(elapsed, 0) / 1000.0
            if math.dist(candidates[index].center, last) > reach:
                return None
        self._last = candidates[index].center
        self._last_ms = timestamp_ms
        return index
