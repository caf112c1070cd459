"""Checking the landmark names a backend returns, while a video is tracked.

A backend that returns a name outside the canonical vocabulary (a typo such
as ``left_foot_idx``, or a native name left unmapped) would otherwise lose
that landmark silently, and the jump analysis would later blame the missing
one. Each problem is reported once per run, naming the backend and the names:
names outside the vocabulary, and required landmarks missing on a frame
where a person was found.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from kinemotion.landmarks import LANDMARK_NAMES, REQUIRED_LANDMARKS

__all__ = ["LandmarkNameCheck"]

logger = logging.getLogger(__name__)

_KNOWN = frozenset(LANDMARK_NAMES)


class LandmarkNameCheck:
    """Collects name problems frame by frame; logs each kind once, keeps them in :attr:`problems`."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.problems: list[str] = []
        self._unknown: set[str] = set()
        self._missing: set[str] = set()

    def check(self, names: Iterable[str], frame_index: int) -> None:
        """Check the names returned for one frame where a person was found."""
        names = set(names)
        unknown = names - _KNOWN - self._unknown
        if unknown:
            self._unknown |= unknown
            self._report(
                f"backend {self.backend!r} returned landmark names outside the canonical vocabulary: "
                f"{sorted(unknown)} (first on frame {frame_index}); they are dropped. Map them to names in "
                "kinemotion.landmarks.LANDMARK_NAMES (see kinemotion.keypoints for standard sets)."
            )
        missing = {n for n in REQUIRED_LANDMARKS if n not in names} - self._missing
        if missing:
            self._missing |= missing
            self._report(
                f"backend {self.backend!r} found a person but returned no {sorted(missing)} "
                f"(first on frame {frame_index}); every backend must return the required landmarks "
                "(kinemotion.landmarks.REQUIRED_LANDMARKS), which jump analysis needs."
            )

    def _report(self, message: str) -> None:
        self.problems.append(message)
        logger.warning(message)
