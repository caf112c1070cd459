"""Constants of the jump analysis, shared by the CMJ and drop-jump analyses.

Lengths are in *body heights* (the nose-to-feet distance of the athlete,
about 0.93 of standing height), so no calibration is needed; times in seconds.
"""

from __future__ import annotations

__all__ = [
    "BASELINE_WINDOW_S",
    "CAMERA_SHIFT_FLAG",
    "CAMERA_SHIFT_MAX",
    "CONTACT_LEVEL",
    "MAX_HUMAN_FLIGHT_S",
    "MIN_FLIGHT_S",
    "MIN_STANCE_S",
    "NOSE_TO_FEET_PER_HEIGHT",
    "STANCE_WINDOW_S",
    "STANDING_S",
    "THRESHOLD",
    "G",
]

G = 9.81
"""Gravity, m/s²."""

THRESHOLD = 0.03
"""Feet count as clearly airborne above this height over their support (~5 cm)."""

CONTACT_LEVEL = 0.0125
"""A foot point touches its support while within this height of its loaded level (~2 cm).

Shoe sole and soft tissue compress under load and a foot rolls over its
toes, so at the first touch of a landing, and at toe-off, a landmark sits
about this much above where it rests when the foot carries the body. In
motion capture of drop jumps the toe marker is 2.0-2.4 cm above its loaded
height at the instant the force plate reads 20 N. Events are the times the
feet cross this level (raised to 1.5 x the landmark noise on noisy tracking).
"""

STANDING_S = 0.5
"""The recording starts with the athlete still for this long (standing, or on the box)."""

MIN_STANCE_S = 0.2
"""Standing on a box counts when the feet stay at box level at least this long."""

MIN_FLIGHT_S = 0.15
"""Shorter airborne phases are not jumps (a stumble, a foot lifted, tracking jitter).

Feet that clear ``THRESHOLD`` (5 cm) on a ballistic flight stay up at least 0.2 s.
"""

MAX_HUMAN_FLIGHT_S = 1.0
"""Flag a flight longer than this: 1 s is a 1.23 m jump, beyond any standing jump (world-class CMJs: ~0.9 s)."""

STANCE_WINDOW_S = 0.4
"""The support level of a take-off (landing) is measured over this long before (after) it."""

BASELINE_WINDOW_S = 2.0
"""Flights are first found above a running low percentile of the feet over this window."""

CAMERA_SHIFT_FLAG = 0.02
"""Flag a jump whose ground level differs by more than this between take-off and landing."""

CAMERA_SHIFT_MAX = 0.15
"""Refuse a jump whose ground level differs by more than this: the camera moved too much."""

NOSE_TO_FEET_PER_HEIGHT = 0.93
"""Nose-to-feet distance as a fraction of standing height (for metres from ``athlete_height_m``)."""
