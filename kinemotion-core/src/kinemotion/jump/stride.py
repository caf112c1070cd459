"""A jump leaves the ground on both feet and lands on both; a step does not.

The analysis finds a flight where *both* soles are off the ground. Walking,
turning on the spot and stepping off have no such moment, but a pose model
can make one: the swinging foot is off, and the planted one is seen a few
centimetres up for a frame or two. What tells them apart is the other foot.
In a jump the two feet leave within a fraction of a second of each other and
touch down as close together; in a step one foot left (or lands) a whole
swing phase apart from the other: 0.3-0.5 s in walking. A foot held off the
ground for longer than ``HELD_S`` (a single-leg jump's free foot) is not a
step and is not judged.

Seen from the side one foot hides behind the other, and a pose model guesses
where the hidden one is: on the labelled side-on squat jump RTMPose sees the
far foot leave 0.13-0.16 s before the near one, MediaPipe 0.18 s on one copy.
A step seen from the side has its feet a step apart when the trailing one
leaves and when the leading one lands (its swing foot passes the other only
midway); a foot that leaves (or lands) apart from the other while the two
are one behind the other in the picture (``HIDDEN_APART``), at its own edge
and at the flight's, is not judged.
"""

from __future__ import annotations

import numpy as np

from kinemotion.jump.ballistic import NotAFlightError
from kinemotion.jump.events import Airborne, contact_level
from kinemotion.jump.signals import FloatArray, JumpSignals

__all__ = ["STEP_S", "check_feet_together", "own_edges"]

STEP_S = 0.2
"""A foot leaving (or touching down) more than this long apart from the flight's take-off (landing) makes a step."""
HELD_S = 1.0
"""A foot off the ground for longer than this before take-off (or after landing) is held up: not a step."""
HIDDEN_APART = 0.04
"""Feet closer than this across the picture (body heights, ~7 cm) are one behind the other: the hidden one's
timing is a guess. Side by side facing the camera they are a foot's width apart at least (0.05-0.10 around
the rope skipping's labelled events, every CPU backend); from the side, 0.03 at most around the squat jump's;
a walking step, 0.35-0.45."""
EDGE_WINDOW_S = 0.05
"""How far apart the feet are is read over this long either side of an edge (its largest value)."""
SIDE_ON_WIDTH = 0.2
"""The widest the hips plus the shoulders may look (``JumpSignals.facing_width``, body heights, the median
near an edge) for the feet to be taken for one behind the other: side-on 0.06-0.14 (the squat jump, every
backend and copy of the audit), facing the camera 0.30-0.39 (the rope skipping, the demo's hops), the
front-oblique CMJ 0.20-0.26. Facing the camera (or away from it) a walker's feet are side by side across the
picture at the step's width, 5-12 cm: not hidden, and a step towards the camera is seen only by them."""


def own_edges(s: JumpSignals, sole: FloatArray, flight: Airborne) -> tuple[float | None, float | None]:
    """When one foot (``sole``) left its support before ``flight`` and touched down after it (s).

    Read back from the take-off and on from the landing while the sole stays
    above the flight's contact levels: a foot still on the ground at the
    take-off (landing) gives the take-off (landing) itself. Midway between the
    last sample on the ground and the first off it (half a frame's precision).
    None where the foot is off the ground (or untracked) to the start (end) of
    the recording: when it left (lands) is not known.
    """
    up_before = flight.level_before + contact_level(s)
    up_after = flight.level_after + contact_level(s)
    n = len(sole)
    i = int(np.searchsorted(s.t, flight.takeoff_s))  # first sample after take-off
    k = i - 1
    while k >= 0 and not sole[k] <= up_before:
        k -= 1
    left = None if k < 0 else (flight.takeoff_s if k == i - 1 else float(s.t[k] + s.t[k + 1]) / 2)
    j = int(np.searchsorted(s.t, flight.landing_s))  # first sample at or after landing
    m = j
    while m < n and not sole[m] <= up_after:
        m += 1
    touched = None if m >= n else (flight.landing_s if m == j else float(s.t[m - 1] + s.t[m]) / 2)
    return left, touched


def check_feet_together(s: JumpSignals, flight: Airborne) -> None:
    """Refuse ``flight`` when one foot left or landed a step apart from the other.

    A foot held up since ``HELD_S`` or more before the take-off (a
    single-leg jump's free foot) is not judged, at take-off or at landing,
    nor one that leaves (lands) while the feet look one behind the other
    (``HIDDEN_APART``: the hidden foot's timing is a guess).

    Raises:
        NotAFlightError: a foot left the ground ``STEP_S`` to ``HELD_S`` before
            the take-off, or touched down that long after the landing.
    """
    where = f"the airborne phase at {flight.takeoff_s:.2f}-{flight.landing_s:.2f} s"
    for side, sole in (("left", s.foot_left), ("right", s.foot_right)):
        left, touched = own_edges(s, sole, flight)
        if left is None:
            continue  # off the ground since the recording began: a foot held up, not a step
        lead = flight.takeoff_s - left
        if STEP_S < lead < HELD_S and not _one_behind_the_other(s, left, flight.takeoff_s):
            raise NotAFlightError(
                f"Not a jump: in {where} the {side} foot left the ground {lead:.2f} s before the other: a step "
                "(walking, turning, stepping off) or a take-off from one foot (a running jump), not a take-off "
                "from both feet."
            )
        if lead >= HELD_S or touched is None:
            continue  # held up before the take-off (a single-leg jump's free foot), or not seen landing
        lag = touched - flight.landing_s
        if STEP_S < lag < HELD_S and not _one_behind_the_other(s, flight.landing_s, touched):
            raise NotAFlightError(
                f"Not a jump: after {where} the {side} foot touched down {lag:.2f} s after the other: a step "
                "(walking, turning, stepping off) or a landing on one foot, not a landing on both feet."
            )


def _one_behind_the_other(s: JumpSignals, *times_s: float) -> bool:
    """Whether the feet look one behind the other (``HIDDEN_APART``) throughout the moments around ``times_s``.

    Read at the foot's own edge and at the flight's: a walking step's swing foot passes the other (one behind
    the other for a moment), but the feet are a step apart when the trailing one leaves and when the leading
    one lands. Every sample there must agree: a model that swaps the left and right feet from frame to frame
    (seen from the side) makes them look level and a step apart by turns. The body must be seen from the side
    there too (``SIDE_ON_WIDTH``): facing the camera, feet close across the picture are side by side.
    """
    if s.feet_apart is None:
        return False
    for at in times_s:
        close = np.abs(s.t - at) <= EDGE_WINDOW_S + 0.5 / s.fps
        near = s.feet_apart[close]
        if not (np.isfinite(near).any() and np.nanmax(near) < HIDDEN_APART):
            return False
        width = None if s.facing_width is None else s.facing_width[close]
        if width is not None and np.isfinite(width).any() and np.nanmedian(width) >= SIDE_ON_WIDTH:
            return False  # facing the camera (or away): feet side by side, a narrow step's width apart
    return True
