"""Constants of the jump analysis, shared by the CMJ and drop-jump analyses.

Lengths are in *body heights* (the nose-to-feet distance of the athlete,
about 0.93 of standing height), so no calibration is needed; times in seconds.
"""

from __future__ import annotations

__all__ = [
    "ATHLETE_HEIGHT_RANGE_M",
    "BASELINE_WINDOW_S",
    "CAMERA_SHIFT_FLAG",
    "CAMERA_SHIFT_MAX",
    "CAPTURE_FPS_RANGE",
    "CONTACT_LEVEL",
    "MAX_HUMAN_FLIGHT_S",
    "MIN_FLIGHT_S",
    "MIN_STANCE_S",
    "NOSE_TO_FEET_PER_HEIGHT",
    "POSE_CONTACT_LEVEL",
    "SQUAT_KNEE_DEG",
    "STANCE_WINDOW_S",
    "STANDING_S",
    "THRESHOLD",
    "G",
]

G = 9.81
"""Gravity, m/s²."""

ATHLETE_HEIGHT_RANGE_M = (0.5, 2.5)
"""The athlete's heights accepted (m): any person, never a typo in centimetres or a negative number."""

CAPTURE_FPS_RANGE = (1.0, 10_000.0)
"""The capture rates accepted (frames/s, ``--capture-fps``): any camera a jump is filmed with, high-speed ones
included, up to the fastest frame rate the analysis takes (frames 0.1 ms apart: a faster rate was refused only
after the tracking, as timestamps 'in seconds, not milliseconds'); never zero, negative, NaN or infinite
(which would scale every time to nothing)."""

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

POSE_CONTACT_LEVEL = 0.02
"""The contact level of foot landmarks from a video pose model (body heights, ~3.5 cm).

On the labelled real-footage dev set (tests/jump/labels), at the labelled
instant of toe-off and of first touch the lower sole of every CPU backend
sits this far above its resting level (medians over all labelled events
0.018-0.023 for rtmpose-openvino, rtmpose-cpu and mediapipe): a pose
model's toe and heel points lie inside the shoe and rise as the foot
pitches onto its tip, more than a marker on the shoe does. On two clips
(the squat jump, side-on; the demo's hops, facing the camera against the
sun) MediaPipe's sit higher still at take-off (0.03-0.07, against 0.02-0.03
for RTMPose): a backend corrects its own timing by declaring
``foot_timing_bias_s`` (plugin contract 1.3), one constant per model.
"""

STANDING_S = 0.5
"""The recording starts with the athlete still for this long (standing, or on the box)."""

MIN_STANCE_S = 0.2
"""Standing on a box counts when the feet stay at box level at least this long."""

MIN_FLIGHT_S = 0.09
"""Shorter airborne phases are not jumps (a stumble, a foot lifted, tracking jitter).

Two-foot hops (rope skipping) fly 0.13-0.2 s, the shortest flights a jump
analysis meets, and at 30 fps are measured up to a frame and a bit shorter
(0.094 s for a 4-frame hop on the dev set). Shorter blips are tracking
noise; longer ones that are not flights fail the hips' tests, and a pivot
onto the toes, which shows both feet off for about this long, fails the
turn test (:mod:`kinemotion.jump.ballistic`).
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

SQUAT_KNEE_DEG = 140.0
"""A still stretch before the push with the straighter knee bent below this angle (180: straight) is a held
squat: the jump is a squat jump (:mod:`kinemotion.jump.cmj`), and a dip of the hip from that hold before the
push is reported as its countermovement depth, with a flag (a strict squat jump has none). Read from the side;
from the front a bent knee looks straighter, so a held squat filmed from the front may not be recognised. A
frame with the knee bent below it does not show the athlete upright, so it does not measure their size
(:mod:`kinemotion.jump.signals`)."""
