"""Checking what a backend returns, while a video is tracked: names and values.

A backend that returns a name outside the canonical vocabulary (a typo such
as ``left_foot_idx``, or a native name left unmapped) would otherwise lose
that landmark silently, and the jump analysis would later blame the missing
one. Each problem is reported once per run, naming the backend and the names:
names outside the vocabulary, and required landmarks missing on a frame
where a person was found.

Values that cannot be right stop the run with a :class:`~kinemotion.errors.BackendError`
naming the backend, the frame and the landmark, instead of being written
(``Infinity`` is not valid JSON; x=5 is not in the frame): a coordinate that
is not a finite number or lies more than a frame outside the picture
(outside [-1, 2]), a visibility outside [0, 1].
"""

from __future__ import annotations

import inspect
import logging
import math
from collections.abc import Mapping

import numpy as np

from kinemotion.errors import BackendError
from kinemotion.landmarks import LANDMARK_NAMES, REQUIRED_LANDMARKS
from kinemotion.pose.contract import XY_RANGE
from kinemotion.pose.rules import RULES
from kinemotion.wording import first_and_more

__all__ = ["LandmarkNameCheck"]

logger = logging.getLogger(__name__)

_KNOWN = frozenset(LANDMARK_NAMES)
_LOW, _HIGH = XY_RANGE


class LandmarkNameCheck:
    """Collects name problems frame by frame; logs each kind once, keeps them in :attr:`problems`."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.problems: list[str] = []
        self._unknown: set[str] = set()
        self._missing: set[str] = set()
        self.frames_with_person = 0
        """Frames on which the backend returned landmarks (a person found)."""
        self.frames_with_known_names = 0
        """Of those, frames with at least one landmark named in the vocabulary."""

    def check(self, result: object, frame_index: int) -> None:
        """Check what ``process_frame`` returned for one frame (anything but None).

        Raises:
            BackendError: not a dict of landmarks, or a value that cannot be right (see the module docstring).
        """
        if not isinstance(result, Mapping) or not all(isinstance(k, str) for k in result):
            if inspect.iscoroutine(result):
                result.close()  # an `async def process_frame`: never awaited, said here, not by Python at exit
            raise BackendError(
                f"backend {self.backend!r} returned {_returned(result)} from process_frame on frame "
                f"{frame_index}: a backend returns a dict {{landmark name: (x, y, visibility)}}, or None when "
                "nobody is in view. The backend is broken; try another one (`kinemotion backends`) and report "
                f"it to its authors [{RULES['tracker.process_frame'].cite()}]."
            )
        self._check_values(result, frame_index)
        names = set(result)
        self.frames_with_person += 1
        self.frames_with_known_names += bool(names & _KNOWN)
        unknown = names - _KNOWN - self._unknown
        if unknown:
            self._unknown |= unknown
            self._report(
                f"backend {self.backend!r} returned landmark names outside the canonical vocabulary: "
                f"{first_and_more(sorted(unknown), NAMED_AT_MOST, show=str)} (first on frame {frame_index}); they "
                "are dropped. Map them to names in kinemotion.landmarks.LANDMARK_NAMES (see kinemotion.keypoints "
                "for standard sets)."
            )
        missing = {n for n in REQUIRED_LANDMARKS if n not in names} - self._missing
        if missing:
            self._missing |= missing
            self._report(
                f"backend {self.backend!r} found a person but returned no {sorted(missing)} "
                f"(first on frame {frame_index}); every backend must return the required landmarks "
                "(kinemotion.landmarks.REQUIRED_LANDMARKS), which jump analysis needs."
            )

    def require_known_names(self) -> None:
        """Refuse a tracking in which the backend found a person but never named a landmark kinemotion knows: its
        landmark file would hold no landmark at all, and look complete.

        Raises:
            BackendError: naming the backend and its names.
        """
        if self.frames_with_person and not self.frames_with_known_names:
            raise BackendError(
                f"backend {self.backend!r} found a person on {self.frames_with_person} frames but named none of "
                f"its landmarks in kinemotion's vocabulary (it returned "
                f"{first_and_more(sorted(self._unknown), NAMED_AT_MOST, show=str)}): nothing could be written. "
                "Map its names to kinemotion.landmarks.LANDMARK_NAMES (kinemotion.keypoints has the standard sets), "
                f"or try another backend (`kinemotion backends`) [{RULES['tracker.landmarks'].cite()}]."
            )

    def _check_values(self, result: Mapping[str, object], frame_index: int) -> None:
        for name, point in result.items():
            if _plainly_right(point):
                continue
            problem = _value_problem(point)
            if problem is not None:
                raise BackendError(
                    f"backend {self.backend!r} returned an impossible value for {name!r} on frame {frame_index}: "
                    f"{problem}. The backend is broken; try another one (`kinemotion backends`) and report it "
                    f"to its authors [{RULES['tracker.landmarks'].cite()}]."
                )

    def _report(self, message: str) -> None:
        self.problems.append(message)
        logger.warning(message)


NAMED_AT_MOST = 10
"""Names listed in a warning about a backend's names (then how many more: a backend returning its whole
output as names printed a line of 100,000)."""


def _plainly_right(point: object) -> bool:
    """A tuple of three floats within the ranges: what most backends return, checked at a fifth of the cost of
    :func:`_value_problem` (NaN fails every comparison here and is left to it, as is anything else)."""
    if type(point) is not tuple or len(point) != 3:
        return False
    x, y, vis = point
    return (
        isinstance(x, float)
        and isinstance(y, float)
        and isinstance(vis, float)
        and _LOW <= x <= _HIGH
        and _LOW <= y <= _HIGH
        and 0.0 <= vis <= 1.0
    )


def _returned(result: object) -> str:
    """What ``process_frame`` returned, for the message: its type, or a dict's first key that is no name."""
    if isinstance(result, Mapping):
        key = next(k for k in result if not isinstance(k, str))
        return f"a dict keyed by {type(key).__name__} ({key!r:.40}) instead of landmark names (str)"
    if inspect.iscoroutine(result):
        return "a coroutine (its process_frame is `async def`: the contract's is a plain `def`)"
    return type(result).__name__


def _value_problem(point: object) -> str | None:
    if isinstance(point, np.ndarray) and point.shape == (3,):  # a row of the model's (N, 3) output
        return (
            f"expected a tuple (x, y, visibility), got a numpy array {point.tolist()!r:.80}: return tuple(row.tolist())"
        )
    if not (isinstance(point, tuple | list) and len(point) == 3):
        return f"expected (x, y, visibility), got {point!r:.80}"
    if any(isinstance(v, str | bytes | bool | np.bool_) for v in point):
        return f"not numbers: {point!r}"  # float("0.5") and float(True) would pass text and true/false
    try:
        x, y, vis = (float(v) for v in point)  # numpy scalars (and 0-d arrays) are numbers
    except (TypeError, ValueError):
        return f"not numbers: {point!r}"
    except OverflowError:  # an int beyond any float (10**400)
        return f"not finite: {point!r:.80}"
    if not all(math.isfinite(v) for v in (x, y, vis)):
        return f"not finite: {point!r}"
    if not (_LOW <= x <= _HIGH and _LOW <= y <= _HIGH):
        return f"x, y = ({x!r}, {y!r}) are not normalised to the frame"
    if not 0.0 <= vis <= 1.0:
        return f"visibility {vis!r} is outside [0, 1]"  # exact: 1.0000001 is not 'visibility 1'
    return None
