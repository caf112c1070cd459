"""Which detected person is the athlete: one rule for every backend.

A backend finds candidates (a box per person, from its detector or from the
landmarks it found) and asks a :class:`PersonPolicy` which one to follow; the
backend keeps what is its own (when to run a detector, how to crop), the
policy decides who. The same candidates at the same times give the same
answer whichever backend found them.

Units: boxes are normalised to the frame (x / width, y / height); distances
and sizes are measured in *frame heights* (x scaled by width / height), times
in milliseconds.

Rules:

- **Acquire** (at the start, or when the followed person has not been seen
  for ``forget_after_ms``, 1 s): the user's choice, :class:`PersonChoice` --
  ``largest`` (default: the largest box, the athlete filmed for analysis),
  ``center`` (the box whose centre is nearest the frame's centre), or a
  point ``x,y`` (normalised; the box whose centre is nearest to it, for
  "the one standing there").
- **Follow**: the candidate overlapping the last box most (IoU at least
  0.1); else the nearest whose centre is within ``(0.5 + 3/s x time since
  last seen) x last box height`` (so it scales with how large the person
  appears). If nobody is, the person is not in this frame: the backend
  returns ``None`` rather than a bystander.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kinemotion.pose.contract import checked_timestamp

__all__ = ["Candidate", "PersonChoice", "PersonPolicy", "PersonRule", "box_iou"]

PersonRule = Literal["largest", "center", "point"]
"""How :class:`PersonChoice` picks whom to acquire: the largest person, the one nearest the frame's centre, or
the one nearest :attr:`PersonChoice.point`."""
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PersonChoice:
    """Whom to follow when (re)acquiring: ``largest``, ``center`` or the one nearest ``point``."""

    rule: PersonRule = "largest"
    point: tuple[float, float] | None = None
    """For ``rule="point"``: normalised (x, y) in the frame, e.g. (0.3, 0.6)."""

    def __post_init__(self) -> None:
        if self.rule not in ("largest", "center", "point"):
            raise ValueError(f"person rule must be 'largest', 'center' or 'point', got {self.rule!r}")
        if (self.rule == "point") != (self.point is not None):
            raise ValueError("a point is given with rule='point', and only then")
        if self.point is not None:
            _check_point(self.point, self.point)

    @classmethod
    def parse(cls, value: PersonChoice | str | tuple[float, float] | None) -> PersonChoice:
        """``None``/``"largest"``, ``"center"``, ``"0.3,0.6"`` or ``(0.3, 0.6)`` as a choice.

        Raises:
            ValueError: anything else, naming the accepted forms.
        """
        if value is None:
            return cls()
        if isinstance(value, PersonChoice):
            return value
        if isinstance(value, tuple | list):
            return cls("point", _check_point(value, value))
        text = str(value).strip().lower()
        if text in ("largest", "center", "centre"):
            return cls("center" if text.startswith("cent") else "largest")
        return cls("point", _check_point(text.split(","), value))

    def describe(self) -> str:
        """As recorded in outputs: ``largest``, ``center`` or ``point 0.300,0.600``."""
        if self.point is None:
            return self.rule
        return f"point {self.point[0]:.3f},{self.point[1]:.3f}"


def _check_point(parts: Sequence[object], given: object) -> tuple[float, float]:
    """``parts`` as a point ``(x, y)``: two finite numbers, each a fraction of the frame (0-1).

    Raises:
        ValueError: anything else, naming what was ``given`` and the accepted forms.
    """
    try:
        if len(parts) != 2 or any(isinstance(v, bool) for v in parts):
            raise ValueError
        x, y = (float(v) for v in parts)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(
            f"person must be 'largest', 'center' or a point 'x,y' / (x, y) (fractions of the frame's width and "
            f"height, e.g. 0.3,0.6), got {given!r}"
        ) from None
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):  # False for nan too
        raise ValueError(f"a person point is a fraction of the frame (0-1, 0-1), got {given!r}")
    return (x, y)


@dataclass(frozen=True)
class Candidate:
    """One person a backend found: a normalised box ``(x1, y1, x2, y2)`` and a confidence."""

    box: Box
    score: float = 1.0


def box_iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes ``(x1, y1, x2, y2)``."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


class PersonPolicy:
    """Follows one person across frames (see the module docstring for the rules).

    Args:
        choice: whom to acquire (see :class:`PersonChoice`; strings are parsed).
        forget_after_ms: after this long unseen, the person is acquired anew.
        speed: how fast (box heights per second) the person may move while unseen.
    """

    MIN_IOU = 0.1
    BASE_REACH = 0.5
    """In box heights: how far the person may be from the last box on the very next frame."""

    def __init__(
        self, choice: PersonChoice | str | None = None, *, forget_after_ms: float = 1000.0, speed: float = 3.0
    ) -> None:
        self.choice = PersonChoice.parse(choice)
        self.forget_after_ms = forget_after_ms
        self.speed = speed
        self.aspect = 1.0
        self._last: Box | None = None
        self._last_ms = 0.0

    @property
    def last_box(self) -> Box | None:
        """Where the followed person was last seen (normalised), or None."""
        return self._last

    def is_following(self, timestamp_ms: float) -> bool:
        """True while someone is followed at ``timestamp_ms`` (seen, and not forgotten yet)."""
        return self._last is not None and timestamp_ms - self._last_ms <= self.forget_after_ms

    def _center(self, box: Box) -> tuple[float, float]:
        return ((box[0] + box[2]) / 2 * self.aspect, (box[1] + box[3]) / 2)

    def _acquire_key(self, box: Box) -> float:
        if self.choice.rule == "largest":
            return -(box[2] - box[0]) * self.aspect * (box[3] - box[1])
        target = (0.5, 0.5) if self.choice.point is None else self.choice.point
        return math.dist(self._center(box), (target[0] * self.aspect, target[1]))

    def choose(self, candidates: Sequence[Candidate], timestamp_ms: float, aspect: float | None = None) -> int | None:
        """Index of the candidate who is the athlete in this frame, or None. Does not change state.

        ``aspect`` is the frame's width / height (kept from the last call when omitted).

        Raises:
            ValueError: ``timestamp_ms`` is not a finite number.
        """
        timestamp_ms = checked_timestamp(timestamp_ms)
        if aspect is not None:
            self.aspect = aspect
        if not candidates:
            return None
        boxes = [c.box for c in candidates]
        if not self.is_following(timestamp_ms):
            return min(range(len(boxes)), key=lambda i: self._acquire_key(boxes[i]))
        last = self._last
        assert last is not None
        overlaps = [box_iou(last, b) for b in boxes]
        best = max(range(len(boxes)), key=lambda i: overlaps[i])
        if overlaps[best] >= self.MIN_IOU:
            return best
        center = self._center(last)
        distances = [math.dist(self._center(b), center) for b in boxes]
        nearest = min(range(len(boxes)), key=lambda i: distances[i])
        elapsed_s = max(0.0, timestamp_ms - self._last_ms) / 1000.0
        reach = (self.BASE_REACH + self.speed * elapsed_s) * (last[3] - last[1])
        return nearest if distances[nearest] <= reach else None

    def found(self, box: Box, timestamp_ms: float) -> None:
        """The athlete is at ``box`` (normalised) at ``timestamp_ms``."""
        self._last = box
        self._last_ms = timestamp_ms

    def pick(self, candidates: Sequence[Candidate], timestamp_ms: float, aspect: float | None = None) -> int | None:
        """:meth:`choose`, then :meth:`found` with the chosen box: the one call most backends need."""
        index = self.choose(candidates, timestamp_ms, aspect)
        if index is not None:
            self.found(candidates[index].box, timestamp_ms)
        return index
