"""A flight is ballistic: between take-off and landing the hips fall freely, at g in the athlete's own scale.

A parabola is fitted to the hip height over the samples strictly inside a
flight (least squares, body heights against seconds). Its curvature is the
hips' downward acceleration in body heights per s²; gravity in the same unit
is ``G / metres_per_body_height``, known from the athlete's height when given
(``--height``), else bounded by the heights athletes have (1.3 to 2.2 m).
That tells three things apart:

- a jump: the hips fall at about g (the hip is not the centre of mass, and
  arms and legs move in the air, so between half and twice g);
- slow motion or a wrong frame rate: the hips fall far slower than g, or the
  flight lasts a second or more (a 1 s flight would be a 1.2 m jump). The
  capture rate that makes the fall g is suggested (``--capture-fps``);
- not a flight at all (walking, stepping, standing up, turning): the feet
  were off the ground by the threshold, but the hips do not fall freely.
  A jump also lands where it left (``TRAVEL``): a step lands a step's
  length away.

A hop's flight (under ``HOP_S``) gives the parabola too few samples to judge
(3 to 7 at 30 fps), and a pivot onto the toes to turn round, seen as both
feet off for a tenth of a second, rises and falls like one. A hop lands
facing the way it left; a pivot does not: the hips and shoulders look
narrower or wider in the picture after it (``TURN_WIDTH``).

The parabola also gives the hips' upward velocity at take-off, so a second
jump height that does not depend on when the feet touch: ``v0² / 2g`` with
v0 in metres per second from the parabola's own scale (``G / acceleration``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kinemotion.errors import AnalysisError
from kinemotion.jump.constants import CAMERA_SHIFT_FLAG, NOSE_TO_FEET_PER_HEIGHT, G
from kinemotion.jump.events import Airborne, clearly_airborne, stance_window
from kinemotion.jump.signals import NOISE_SHARE_30FPS, FloatArray, JumpSignals

__all__ = [
    "Ballistic",
    "CaptureRateError",
    "EditedClipError",
    "NotAFlightError",
    "SlowMotionError",
    "check_ballistic",
    "check_capture_rate",
    "common_rate",
    "edited_clip",
    "fit_flight",
    "gravity_range",
]

HEIGHTS_M = (1.3, 2.2)
"""The athletes' heights the analysis allows when not told (m)."""
LOW, HIGH = 0.5, 2.2
"""A jump's hips fall at between these fractions of g (the hip is not the centre of mass)."""
SIGMAS = 2.0
"""How many standard errors of the fitted acceleration a verdict must clear."""
MAX_FLIGHT_S = 1.0
"""No jump stays in the air this long (1.2 m of jump height)."""
RISE_SHARE = 0.25
"""The hips must rise at least this share of ``g t² / 8`` over a flight (noise and arm swing allowed for)."""
MIN_SAMPLES = 4
"""Fewer samples inside a flight do not make a parabola worth judging."""
HOP_S = 0.25
"""A flight shorter than this (a hop: two-foot hops fly 0.13-0.2 s) must land facing the way it left."""
TURN_WIDTH = 0.06
"""The most the hips' plus the shoulders' width in the picture may change over a hop (body heights).

Facing the camera the two measure about 0.3 body heights, so this is a turn of about 11 degrees seen from
the side to 37 facing the camera. The width is in the clip's body heights, so a hop towards or away from
the camera changes it too (by 0.3 x the change of distance over the distance). Over the labelled hops of
the dev set, as filmed and re-encoded (375 flights under 0.25 s, every CPU backend) it changed by 0.028 at
most; a pivot onto the toes to turn on the demo's box changed it by 0.09 to 0.2
(``benchmarks/perturbation_audit.py`` writes those trackings)."""
TURN_WINDOW_S = 0.2
"""The width is read as its median over this long before the take-off and after the landing."""
TRAVEL = 0.25
"""The farthest across the picture a hop (under ``HOP_S``) may land from where it left (body heights, ~41 cm
for a 1.75 m athlete: a body height is the nose-to-feet distance, 0.93 of the stature).

A vertical jump, a hop or a drop jump's rebound lands within a few tens of centimetres of its take-off; a
step lands a step's length away (0.35-0.45 body heights), and a foot lost from view in a walk makes a step
look like both feet off. Over the labelled flights of the dev set, as filmed and re-encoded (615 flights,
every CPU backend), the feet landed at most 0.13 body heights across from where they left (the hand-held
CMJ's, 0.8 s up); the walk-off after the demo's flip, seen by MediaPipe as both feet off for 0.09-0.14 s,
0.43 (``benchmarks/perturbation_audit.py`` writes those trackings). Seen from the front, a step towards
or away from the camera is not measured by this."""
TRAVEL_FLIGHT = 0.35
"""The farthest across the picture a flight of ``HOP_S`` or longer may land from where it left (body heights).

The steps ``TRAVEL`` catches are seen as both feet off for 0.09-0.14 s; a longer flight is judged by its
parabola and by both feet's edges as well. A CMJ with an arm swing may land 30-45 cm forward (0.27-0.29 body
heights for a 1.75 m adult drifting 45 cm, a 1.5 m youth 40 cm, a 1.4 m child 35 cm); 0.35 is 57 cm for a
1.75 m athlete, 46 cm at 1.4 m. A standing broad jump (1-2.5 m) is still refused."""
LANDING_SPEED_SHARE = 0.25
"""The hips of a flight whose parabola cannot show the fall must land falling at this share of their take-off
speed at least (smoothed velocities, scale-free); and no flight's parabola may show them short of it at the
landing by ``SIGMAS`` standard errors (the hips in the air alone: the smoothed velocity at a landing takes in
what the hips do after it).

In the air the hips' velocity falls by ``g t`` from take-off to landing, symmetrically about the apex: they
land falling about as fast as they left rising (landing lower, or higher as in jumping jacks, changes that by
a part). Over the dev set's flights and its re-encoded copies (679 reported, every CPU backend) the smoothed
hips at landing fall at 0.47 to 6 times their take-off speed (1 % under 0.66). A stand-up whose feet are seen
off over its last tenth of a second leaves at the same speed as a short hop but comes to rest at its end:
-0.26 to 0.20 at 30 fps (physics-generated, ``tests/jump/test_stand_up_with_the_feet_seen_off.py``)."""
TRAVEL_WINDOW_S = 0.1
"""Where the feet are is read as their median over this long before the take-off and after the landing."""


CLAIMED_BAND = (0.75, 1.3)
"""With ``--capture-fps``, the hips' fall pooled over the jumps must lie between these fractions of the least
and the most g the athlete's height allows (the hip is not the centre of mass: over the dev set's real-time
clips, pooled per clip, between 0.9 and 1.4 of g for a 1.69 m athlete, 1.2 of the least g and 1.05 of the
most). A rate 1.5 times the true one makes the fall 2.25 g: refused even for an athlete of unknown height."""
SPEED_CHANGE = 2.0
"""Two whole flights of one clip timed as if filmed at rates this far apart (a factor of 4 in their fall) are
no one clock: the clip was edited (a speed ramp). Real-time hops of the dev set stay within 1.8 of each other,
and a slow-motion clip is slowed alike throughout."""
APEX_WITHIN = (0.1, 0.9)
"""A flight's time scale is read only where its parabola's apex lies within these fractions of it: a rise and
a fall both seen (a part of a slowed flight, split by the feet, gives a curvature of the push or the landing:
the header clip's halves put the apex at -0.14 to 0.09 and 1.8 to 5.9 of theirs). The edited dunk's slowed
flight puts it at 0.84 at fp32 on RTMPose, its real-time strides at 0.15 to 0.66."""


class SlowMotionError(AnalysisError):
    """The flights fall far slower than gravity (or last a second or more): slow motion or a wrong frame rate."""

    whole_recording = True
    """Said of the recording, not of one flight: it stands for the whole analysis when no jump is found."""

    def __init__(self, message: str, capture_fps: float | None, flight_s: float = 0.0) -> None:
        super().__init__(message)
        self.capture_fps = capture_fps
        """The capture rate at which the hips fall at g (about 215 for a clip filmed at 240; the message rounds
        it to the camera's rate), to give as ``capture_fps=``; None where no rate measures the clip (an edited
        one)."""
        self.flight_s = flight_s
        """How long the airborne phase judged lasts in the file (the longest gives the surest rate)."""


class EditedClipError(SlowMotionError):
    """The clip's clock changes speed (a speed ramp, cuts): its flights fall as if filmed at different rates, so
    no capture rate makes it real time and nothing in it can be measured."""


class CaptureRateError(AnalysisError):
    """The capture rate given (``--capture-fps``) does not make the hips fall at g in flight."""

    def __init__(self, message: str, supported_fps: float) -> None:
        super().__init__(message)
        self.supported_fps = supported_fps
        """The capture rate at which the jumps' hips fall at g."""


class NotAFlightError(AnalysisError):
    """The feet left the ground, but the hips did not fall freely: walking, stepping, standing up, turning."""


@dataclass(frozen=True)
class Ballistic:
    """The parabola fitted to the hips over one flight."""

    acceleration_bh_s2: float
    """Downward acceleration of the hips (body heights per s²; g in the athlete's scale if a real flight)."""
    acceleration_se: float
    """Its standard error (body heights per s²)."""
    takeoff_velocity_bh_s: float
    """Upward velocity of the hips at take-off (body heights per s)."""
    takeoff_velocity_se: float
    samples: int
    residual_sd: float = 0.0
    """The standard deviation of the hips about the parabola (body heights)."""
    landing_velocity_bh_s: float = 0.0
    """Upward velocity of the hips at the landing, from the parabola (body heights per s; negative: falling)."""
    velocity_cov: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """The fit's variances of the take-off and the landing velocities and their covariance: (take-off's,
    covariance, landing's), in (body heights per s)²."""

    def takeoff_velocity_m_s(self) -> float | None:
        """Take-off velocity in m/s, in the parabola's own scale (its acceleration is g); None if not falling."""
        if not self.acceleration_bh_s2 > 0:
            return None
        return self.takeoff_velocity_bh_s * G / self.acceleration_bh_s2

    def jump_height_m(self) -> float | None:
        """Jump height from the take-off velocity, ``v0² / 2g`` (m); None if the hips do not fall."""
        v0 = self.takeoff_velocity_m_s()
        return None if v0 is None else max(v0, 0.0) ** 2 / (2 * G)

    def takeoff_velocity_se_m_s(self) -> float | None:
        """Standard error of :meth:`takeoff_velocity_m_s` (m/s): ``v0 = G v / a`` changes by ``G / a`` per body
        height per s of ``v`` and by ``-G v / a²`` per body height per s² of ``a``; the fit's errors of the two
        combined in quadrature (their correlation left out: over a flight fitted from its take-off it is
        positive, so the quadrature errs wide). None if the hips do not fall."""
        a, v = self.acceleration_bh_s2, self.takeoff_velocity_bh_s
        if not a > 0:
            return None
        return G / a * math.hypot(self.takeoff_velocity_se, v * self.acceleration_se / a)

    def jump_height_se_m(self) -> float | None:
        """Standard error of :meth:`jump_height_m` (m): that of the take-off velocity carried through ``v0² / 2g``
        (``v0 / g`` per m/s); None if the hips do not fall or do not rise at take-off."""
        v0, se = self.takeoff_velocity_m_s(), self.takeoff_velocity_se_m_s()
        if v0 is None or se is None or not v0 > 0:
            return None
        return v0 / G * se


def gravity_range(athlete_height_m: float | None) -> tuple[float, float]:
    """g in body heights per s²: for the athlete's height when given (±5 %), else for any athlete's."""
    low_m, high_m = HEIGHTS_M if athlete_height_m is None else (athlete_height_m * 0.95, athlete_height_m * 1.05)
    return G / (high_m * NOSE_TO_FEET_PER_HEIGHT), G / (low_m * NOSE_TO_FEET_PER_HEIGHT)


def fit_flight(s: JumpSignals, flight: Airborne) -> Ballistic | None:
    """The parabola through the hip heights strictly inside ``flight``; None with fewer than 4 samples."""
    return fit_between(s, flight.takeoff_s, flight.landing_s)


def fit_between(s: JumpSignals, takeoff_s: float, landing_s: float) -> Ballistic | None:
    """The parabola through the hip heights strictly between ``takeoff_s`` and ``landing_s`` (its time from
    ``takeoff_s``); None with fewer than 4 samples."""
    inside = (s.t > takeoff_s) & (s.t < landing_s) & np.isfinite(s.hip)
    n = int(inside.sum())
    if n < MIN_SAMPLES:
        return None
    t = s.t[inside] - takeoff_s
    (c2, c1, c0), cov = np.polyfit(t, s.hip[inside], 2, cov="unscaled")
    residual = s.hip[inside] - np.polyval((c2, c1, c0), t)
    # the landmark noise (the feet's, as read at 30 fps), at least, even where the parabola happens to fit a few
    # samples perfectly
    sigma2 = max(float(residual @ residual) / max(n - 3, 1), (NOISE_SHARE_30FPS * s.noise) ** 2, 1e-8)
    cov = cov * sigma2
    # velocities at take-off (c1) and landing (c1 + 2 c2 T) as linear forms of (c2, c1, c0)
    duration = landing_s - takeoff_s
    at_takeoff, at_landing = np.array([0.0, 1.0, 0.0]), np.array([2 * duration, 1.0, 0.0])
    return Ballistic(
        acceleration_bh_s2=float(-2 * c2),
        acceleration_se=float(2 * math.sqrt(max(cov[0, 0], 0.0))),
        takeoff_velocity_bh_s=float(c1),
        takeoff_velocity_se=float(math.sqrt(max(cov[1, 1], 0.0))),
        samples=n,
        residual_sd=float(np.std(residual)),
        landing_velocity_bh_s=float(c1 + 2 * c2 * duration),
        velocity_cov=(
            float(at_takeoff @ cov @ at_takeoff),
            float(at_takeoff @ cov @ at_landing),
            float(at_landing @ cov @ at_landing),
        ),
    )


def check_ballistic(s: JumpSignals, flight: Airborne, athlete_height_m: float | None = None) -> Ballistic | None:
    """The flight's parabola, once it is judged a real flight at the clip's frame rate.

    Raises:
        SlowMotionError: the flight lasts a second or more, or the hips fall
            far slower than gravity: slow motion or a wrong frame rate.
        NotAFlightError: the hips do not fall freely (walking, stepping,
            standing up, turning).
    """
    fit = fit_flight(s, flight)
    g_low, g_high = gravity_range(athlete_height_m)
    where = f"the airborne phase at {flight.takeoff_s:.2f}-{flight.landing_s:.2f} s"
    if flight.duration_s >= MAX_FLIGHT_S:
        a = None if fit is None or not fit.acceleration_bh_s2 > 0 else fit.acceleration_bh_s2
        if a is not None and a - SIGMAS * fit.acceleration_se > LOW * g_low:  # type: ignore[union-attr]
            raise NotAFlightError(
                f"Not a jump: {where} lasts {flight.duration_s:.2f} s, longer than any human jump, while the hips "
                "fall at about g (so not slow motion): most likely a cut in the video or the feet lost from view."
            )
        _require_slowed_fall(fit, flight, where)
        raise _slow_motion(s, flight, f"lasts {flight.duration_s:.2f} s (no jump stays up a second)", a, g_low, g_high)
    _require_facing(s, flight, where)
    _require_in_place(s, flight, where)
    _require_rise(s, flight, g_low, where)
    if fit is None:
        _require_fall(s, flight, g_low, where)
        return None
    a, se = fit.acceleration_bh_s2, fit.acceleration_se
    if a + SIGMAS * se < LOW * g_low:
        if a - SIGMAS * se > 0 and flight.duration_s >= 0.5:
            raise _slow_motion(s, flight, f"falls at {a / g_low:.2f} g or less", a, g_low, g_high)
        raise NotAFlightError(
            f"Not a jump: in {where} the hips do not fall freely (they accelerate downwards at "
            f"{a:.1f} ± {se:.1f} body heights/s², gravity is {g_low:.1f}-{g_high:.1f}): walking, stepping, "
            "standing up or turning, not a flight."
        )
    if a - SIGMAS * se > HIGH * g_high:
        raise NotAFlightError(
            f"Not a jump: in {where} the hips fall faster than gravity allows ({a:.1f} ± {se:.1f} body "
            f"heights/s², gravity is {g_low:.1f}-{g_high:.1f}): the body is pulled down, or the camera moves."
        )
    _require_landing_fall(fit, where)
    if a - SIGMAS * se < LOW * g_low:  # a parabola that cannot show the fall: the hips must slow down as a flight's
        _require_fall(s, flight, g_low, where)
    return fit


def _require_landing_fall(fit: Ballistic, where: str) -> None:
    """Refuse a flight whose parabola shows the hips reaching the landing not falling at ``LANDING_SPEED_SHARE``
    of their take-off speed, by ``SIGMAS`` standard errors: a body in the air lands falling about as fast as it
    left rising; hips that come to rest at the top (a stand-up) do not.

    The smoothed velocities :func:`_require_fall` compares take in the hips after the landing too: where a
    stand-up's hips settle as the feet are seen back down (at 60 and 120 fps the landing is placed at the end of
    the rise, within a frame or two), the settling reads as a landing's fall. The parabola sees only the hips in
    the air. Over the flights reported on the dev set and the audit's re-encoded copies it put the landing short
    of that speed by 0.2 standard errors at most (the hips fell faster); physics-generated hops with 2 cm of
    landmark noise at 30-240 fps by 1.75 at most.
    """
    var_up, cov, var_down = fit.velocity_cov
    up, down = fit.takeoff_velocity_bh_s, fit.landing_velocity_bh_s
    # how far the hips at the landing are from falling at the share of their take-off speed (positive: short of it)
    short = down + LANDING_SPEED_SHARE * up
    spread = math.sqrt(max(var_down + 2 * LANDING_SPEED_SHARE * cov + LANDING_SPEED_SHARE**2 * var_up, 0.0))
    if up > 0 and short > SIGMAS * spread:
        raise NotAFlightError(
            f"Not a jump: in {where} the hips' path in the air leaves rising at {up:.2f} body heights/s but reaches "
            f"the landing {'falling at' if down < 0 else 'rising at'} {abs(down):.2f} ± {math.sqrt(var_down):.2f} "
            "(a flight lands falling about as fast as it left): they came to rest at the top, standing up, and the "
            "feet were mistracked."
        )


def _require_slowed_fall(fit: Ballistic | None, flight: Airborne, where: str) -> None:
    """Refuse, as no flight, a long airborne phase whose hips do not clearly slow down through it.

    Slow motion is a flight on a slowed clock: the hips still rise and fall, only slower than g. Hips that
    stay level, bob, or keep rising through a second of "airborne" feet (the feet mistracked off the ground
    as the athlete walks away, or leaves the picture) are no flight at all; taken for slow motion, they made
    every real jump of the clip untrustworthy and the whole clip was refused. Hips unseen there (no parabola)
    are left to the slow-motion verdict, as before.
    """
    if fit is not None and not fit.acceleration_bh_s2 - SIGMAS * fit.acceleration_se > 0:
        raise NotAFlightError(
            f"Not a jump: {where} lasts {flight.duration_s:.2f} s, but the hips do not rise and fall through it "
            f"(they accelerate downwards at {fit.acceleration_bh_s2:.2f} ± {fit.acceleration_se:.2f} body "
            "heights/s²), as they would in a flight, even slowed: the feet were seen off the ground while the "
            "body was not in the air (walking away, stepping out of the picture, the feet mistracked)."
        )


def _change_over(s: JumpSignals, signal: FloatArray, flight: Airborne, window_s: float) -> float | None:
    """How much ``signal`` changed over ``flight``: its median over ``window_s`` after the landing less its
    median over ``window_s`` before the take-off; None where it is not seen on either side."""
    window = window_s + 0.5 / s.fps
    before = signal[(s.t >= flight.takeoff_s - window) & (s.t <= flight.takeoff_s)]
    after = signal[(s.t >= flight.landing_s) & (s.t <= flight.landing_s + window)]
    if not (np.isfinite(before).any() and np.isfinite(after).any()):
        return None
    return float(np.nanmedian(after) - np.nanmedian(before))


def _require_facing(s: JumpSignals, flight: Airborne, where: str) -> None:
    """Refuse a hop after which the body faces another way: a pivot or a step round, not a flight."""
    if s.facing_width is None or flight.duration_s >= HOP_S:
        return
    change = _change_over(s, s.facing_width, flight, TURN_WINDOW_S)
    if change is not None and abs(change) > TURN_WIDTH:
        way = "narrower" if change < 0 else "wider"
        raise NotAFlightError(
            f"Not a jump: in {where} the body turns (the hips and shoulders look {abs(change):.2f} body heights "
            f"{way} after it than before; a hop lands facing the way it left): a pivot or a step round, not a "
            "flight."
        )


def _require_in_place(s: JumpSignals, flight: Airborne, where: str) -> None:
    """Refuse a flight that lands more than ``TRAVEL`` (a hop, under ``HOP_S``) or ``TRAVEL_FLIGHT`` (a longer
    flight) across the picture from where it left: a step."""
    if s.feet_x is None:
        return
    change = _change_over(s, s.feet_x, flight, TRAVEL_WINDOW_S)
    travel = abs(change) if change is not None else 0.0
    limit = TRAVEL if flight.duration_s < HOP_S else TRAVEL_FLIGHT
    if travel > limit:
        raise NotAFlightError(
            f"Not a jump: in {where} the feet land {travel:.2f} body heights across the picture from where they "
            f"left (a jump lands within {limit}): a step, a stride or a run, or a jump for distance, not a jump "
            "in place (or the camera panned during it)."
        )


def _require_rise(s: JumpSignals, flight: Airborne, g_low: float, where: str) -> None:
    """Refuse a flight whose hips do not rise above the mean of their take-off and landing heights.

    A body in the air for ``t`` rises at least ``g t² / 8`` above the mean of
    its heights at take-off and at landing, on level ground (exactly that when
    it lands as high as it left; more when not): the test of a flight too
    short for a parabola to judge (a tracking blip of a few frames), and of
    any other. The mean, not the higher end, holds when one end is placed
    late, near the apex (MediaPipe's feet leaving a rope hop 1.4 frames late).
    The landing's height is taken back to the take-off's ground first when
    the ground moved, as the hips see it (:func:`ground_change`), by more
    than ``CAMERA_SHIFT_FLAG`` (below it they are the same ground, measured
    with noise): a step down off a box only falls, and is refused as before;
    a camera that moved changes nothing. An end the hips are not seen at is
    left out.
    """
    inside = (s.t > flight.takeoff_s) & (s.t < flight.landing_s) & np.isfinite(s.hip)
    if not inside.any():
        return
    at_takeoff = float(np.interp(flight.takeoff_s, s.t, s.hip))
    # one ground unless the ground the hips share moved by more than a level's noise (CAMERA_SHIFT_FLAG)
    moved = ground_change(s, flight)
    shift = moved if abs(moved) > CAMERA_SHIFT_FLAG else 0.0
    at_landing = float(np.interp(flight.landing_s, s.t, s.hip)) - shift
    seen = [h for h in (at_takeoff, at_landing) if math.isfinite(h)]
    if not seen:
        return
    rise = _rise_at_apex(s.t[inside], s.hip[inside], flight, sum(seen) / len(seen), s.fps)
    least = g_low * flight.duration_s**2 / 8  # the rise of the tallest athlete allowed, in body heights
    if rise < RISE_SHARE * least:
        raise NotAFlightError(
            f"Not a jump: in {where} the hips do not rise (by {rise:.3f} body heights; a flight that long lifts "
            f"them by {least:.3f} or more): the feet were lifted or mistracked, the body did not fly."
        )


def ground_change(s: JumpSignals, flight: Airborne) -> float:
    """How much higher the landing's ground is than the take-off's in the picture, as far as the hips share it
    (body heights): the supports' difference (:attr:`Airborne.ground_shift`), no larger than the hips' own
    over the same windows (their median over ``STANCE_WINDOW_S`` before the take-off and after the landing,
    the feet's airborne samples left out), and none where the hips moved the other way.

    A step onto other ground (a box) or a camera that moves shifts the hips as much as the feet (a step down
    more: the landing is absorbed); an athlete who moves towards or away from the camera between hops moves
    the feet in the picture, not hips at about the camera's height, and a support measured over feet that
    never rest (rope skipping: no stance between hops) is known to about 0.01 body heights. On the dev set's
    rope-skip hops (front view), re-encoded, the supports differ by up to 0.03 body heights from one hop to the
    next (standard deviation 0.012) while the hips' windows do not follow (correlation -0.5 to 0); with the
    landing taken back by the feet's difference, four real hops did not "rise" and were refused.
    """
    window = stance_window(s)
    airborne = clearly_airborne(s)
    sides = []
    for start, stop in (
        (flight.first_index - window, flight.first_index),
        (flight.last_index + 1, flight.last_index + 1 + window),
    ):
        idx = np.arange(max(0, start), min(len(s.t), stop))
        hips = s.hip[idx[~airborne[idx]]]
        sides.append(float(np.median(hips[np.isfinite(hips)])) if np.isfinite(hips).any() else math.nan)
    hips_moved = sides[1] - sides[0]
    feet_moved = flight.ground_shift
    if not math.isfinite(hips_moved):
        return feet_moved  # the hips not seen on a side: the feet's, as before
    if hips_moved * feet_moved <= 0:
        return 0.0
    return math.copysign(min(abs(feet_moved), abs(hips_moved)), feet_moved)


def _rise_at_apex(t: FloatArray, hip: FloatArray, flight: Airborne, ends: float, fps: float) -> float:
    """How high the hips rise above ``ends`` in the air: the highest sample, each weighed by how far inside it is.

    A sample less than a frame interval from the take-off or the landing counts by that fraction of its
    height above the ends (a sample at the edge, none): a take-off placed a little earlier or later moves
    the answer by little. The plain highest sample, the rule before, snapped whenever a sample next to an
    edge entered or left the flight: a sub-pixel change of the landmarks (0.3 px of noise) made a turn on the
    spot whose hips only sank, but whose first sample sat at the take-off's height, a jump.
    """
    inside = np.minimum(t - flight.takeoff_s, flight.landing_s - t) * fps
    return float(np.max((hip - ends) * np.clip(inside, 0.0, 1.0)))


def _require_fall(s: JumpSignals, flight: Airborne, g_low: float, where: str) -> None:
    """Refuse a flight whose parabola cannot show the fall (too few samples, or too uncertain) and whose hips do
    not slow down on the way up and back.

    In the air the hips' upward velocity drops by ``g t`` between take-off
    and landing (from rising to falling); standing up, or the hands brushing
    past the feet, keep it rising or flat, or slow it to a stop. The smoothed
    hip velocity must drop by at least ``LOW`` of that (for the tallest
    athlete allowed: the least drop). Judged only where there was no
    parabola (under four samples), it let a stand-up whose feet were seen off over its
    last 0.25 s through as a squat jump (15 of 24 such physics-generated
    stand-ups at 30 fps, 16 at 50: five to eight noisy samples whose curvature,
    0.4 to 0.7 g, no parabola can tell from a fall at g).

    Over the last 0.15 s a stand-up's hips slow by about what a flight's must,
    but they come to rest at the top, where a flight's land falling about as
    fast as they left rising: the hips must also reach the landing falling at
    ``LANDING_SPEED_SHARE`` of their take-off speed (both smoothed alike, so
    no scale enters), judged where the hips are seen at both ends.
    """
    v = s.velocity(s.hip_smooth)
    finite = np.isfinite(v)
    if finite.sum() < 2:
        return
    drop = float(
        np.interp(flight.takeoff_s, s.t[finite], v[finite]) - np.interp(flight.landing_s, s.t[finite], v[finite])
    )
    least = LOW * g_low * flight.duration_s
    if drop < least:
        raise NotAFlightError(
            f"Not a jump: in {where} the hips do not fall freely (their upward velocity drops by {drop:.2f} body "
            f"heights/s; a flight that long takes {least:.2f} or more off it): standing up, or the feet mistracked."
        )
    if not (_seen_at(s.t, v, flight.takeoff_s) and _seen_at(s.t, v, flight.landing_s)):
        return  # the hips unseen at an end (an arm before them): their speed there is not known
    up = float(np.interp(flight.takeoff_s, s.t[finite], v[finite]))
    down = -float(np.interp(flight.landing_s, s.t[finite], v[finite]))
    if up > 0 and down < LANDING_SPEED_SHARE * up:
        raise NotAFlightError(
            f"Not a jump: in {where} the hips leave rising at {up:.2f} body heights/s but reach the landing "
            f"{'falling at' if down > 0 else 'rising at'} {abs(down):.2f} (a flight lands falling about as fast as "
            "it left): they came to rest at the top, standing up, and the feet were mistracked."
        )


def _seen_at(t: FloatArray, v: FloatArray, time_s: float) -> bool:
    """Whether ``v`` is known on both samples around ``time_s``."""
    i = int(np.searchsorted(t, time_s))
    return 0 < i < len(t) and bool(np.isfinite(v[i - 1]) and np.isfinite(v[i]))


def _slow_motion(
    s: JumpSignals, flight: Airborne, what: str, acceleration: float | None, g_low: float, g_high: float
) -> SlowMotionError:
    where = f"the airborne phase at {flight.takeoff_s:.2f}-{flight.landing_s:.2f} s"
    capture = None
    if acceleration is not None:
        # time runs k times slower in the file: the fall looks k² slower
        capture = s.fps * math.sqrt(math.sqrt(g_low * g_high) / acceleration)
    offer = (
        f"If it was filmed at a higher rate, give it: --capture-fps {common_rate(capture)} (the rate that makes "
        "the hips fall at g)."
        if capture is not None
        else "If it was filmed at a higher rate, give it with --capture-fps."
    )
    return SlowMotionError(
        f"This looks like slow motion or a wrong frame rate: {where} {what} timed at {s.fps:.1f} frames/s. " + offer,
        capture,
        flight.duration_s,
    )


def check_capture_rate(
    s: JumpSignals,
    flights_s: Sequence[tuple[float, float]],
    capture_fps: float,
    file_fps: float,
    athlete_height_m: float | None = None,
) -> None:
    """Refuse a capture rate (``--capture-fps``) at which the jumps' hips do not fall at g.

    ``s`` is timed at ``capture_fps``; ``flights_s`` are the jumps' take-offs and landings in it. The hips'
    fall, pooled over the flights that give a parabola (weighted by their errors, the spread between them
    counted), must lie within :data:`CLAIMED_BAND` of the g the athlete's height allows: a real-time clip
    claimed to be slow motion falls too fast, a clip slowed more than claimed too slowly. Nothing is said
    where no flight gives a parabola.

    Raises:
        CaptureRateError: the fall is outside the band, naming the rate at which it is g.
    """
    fits = [f for f in (fit_between(s, a, b) for a, b in flights_s) if f is not None and f.acceleration_se > 0]
    if not fits:
        return
    a = np.array([f.acceleration_bh_s2 for f in fits])
    w = 1 / np.array([f.acceleration_se for f in fits]) ** 2
    pooled = float(np.sum(w * a) / np.sum(w))
    scatter = float(np.sum(w * (a - pooled) ** 2) / (len(fits) - 1)) if len(fits) > 1 else 1.0
    se = math.sqrt(max(scatter, 1.0) / float(np.sum(w)))
    g_low, g_high = gravity_range(athlete_height_m)
    low, high = CLAIMED_BAND[0] * g_low, CLAIMED_BAND[1] * g_high
    if low <= pooled + SIGMAS * se and pooled - SIGMAS * se <= high:
        return
    g_mid = math.sqrt(g_low * g_high)
    supported = capture_fps * math.sqrt(g_mid / pooled) if pooled > 0 else math.inf
    who = (
        "for an athlete 1.3 to 2.2 m tall; --height judges closer"
        if athlete_height_m is None
        else (f"for an athlete {athlete_height_m:g} m tall")
    )
    flights = f"{len(fits)} flight{'s' if len(fits) > 1 else ''}"
    if not math.isfinite(supported):
        fix = "no capture rate makes them fall at g: they are not flights"
    elif abs(supported / file_fps - 1) < 0.15:
        fix = (
            f"they fall at g at about {supported:.0f} frames/s, the file's own rate ({file_fps:.3g}): the clip is "
            "not slow motion; leave --capture-fps out"
        )
    else:
        fix = f"they fall at g at about {supported:.0f} frames/s: give --capture-fps {common_rate(supported)}"
    raise CaptureRateError(
        f"--capture-fps {capture_fps:g} does not fit this clip: timed at {capture_fps:g} frames/s, the hips fall "
        f"at {pooled / g_mid:.2f} times gravity over its {flights} ({who}), and a body in the air falls at g; "
        f"{fix}.",
        supported,
    )


def edited_clip(s: JumpSignals, flights: Sequence[Airborne], file_seconds: float = 1.0) -> EditedClipError | None:
    """The verdict on a clip with a slowed flight whose other flights run at another speed: edited (a speed
    ramp), or None where every whole flight falls as if filmed at one rate (slow motion, or real time).

    Each flight whose hips rise and fall inside it (the apex within :data:`APEX_WITHIN`) gives the capture
    rate at which its fall is g; two that differ by :data:`SPEED_CHANGE` or more, beyond three standard
    errors, are two clocks. ``file_seconds``: the file's seconds in one of ``s``'s (``capture_fps / file fps``
    where a capture rate scaled its times), so the message gives the times a video player shows.
    """
    g_low, g_high = gravity_range(None)
    g_mid = math.sqrt(g_low * g_high)
    timed: list[tuple[tuple[float, float], float, float]] = []  # (take-off, landing), rate, its log's error
    for (takeoff_s, landing_s), fit in _whole_flights(s, flights):
        if not fit.acceleration_bh_s2 - SIGMAS * fit.acceleration_se > 0:
            continue
        apex = fit.takeoff_velocity_bh_s / fit.acceleration_bh_s2 / (landing_s - takeoff_s)
        if APEX_WITHIN[0] <= apex <= APEX_WITHIN[1]:
            rate = s.fps * math.sqrt(g_mid / fit.acceleration_bh_s2)
            timed.append(((takeoff_s, landing_s), rate, fit.acceleration_se / (2 * fit.acceleration_bh_s2)))
    pairs = [
        (fast, slow)
        for fast in timed
        for slow in timed
        if fast[1] >= SPEED_CHANGE * slow[1] and math.log(fast[1] / slow[1]) > 3 * math.hypot(fast[2], slow[2])
    ]
    if not pairs:
        return None
    (high, high_rate, _), (low, low_rate, _) = max(pairs, key=lambda p: p[0][1] / p[1][1])
    return EditedClipError(
        "This clip looks edited (speed changes, cuts): its flights fall as if filmed at different rates (the "
        f"airborne phase at {file_seconds * high[0]:.2f}-{file_seconds * high[1]:.2f} s at about {high_rate:.0f} "
        f"frames/s, the one at {file_seconds * low[0]:.2f}-{file_seconds * low[1]:.2f} s at about {low_rate:.0f}), "
        "so its clock changes speed and no --capture-fps "
        "makes it real time: nothing in it can be measured. Analyse the camera's own recording, unedited.",
        None,
        max(high[1] - high[0], low[1] - low[0]),
    )


def _whole_flights(s: JumpSignals, flights: Sequence[Airborne]) -> list[tuple[tuple[float, float], Ballistic]]:
    """Each flight's parabola, and that of two flights in a row taken as one where the feet were seen down for
    less than either flight lasted and the hips follow one parabola across (within three times the landmark
    noise): in slow motion the feet, moving a pixel a frame, dip under the airborne threshold near the apex
    and split one flight in two halves, neither of which holds its apex."""
    out = [((f.takeoff_s, f.landing_s), fit) for f in flights if (fit := fit_flight(s, f)) is not None]
    for first, second in itertools.pairwise(flights):
        if second.takeoff_s - first.landing_s >= min(first.duration_s, second.duration_s):
            continue
        fit = fit_between(s, first.takeoff_s, second.landing_s)
        if fit is not None and fit.residual_sd <= 3 * max(NOISE_SHARE_30FPS * s.noise, 0.002):
            out.append(((first.takeoff_s, second.landing_s), fit))
    return out


def common_rate(fps: float) -> int:
    """The nearest common capture rate when within 15 %, else the estimate rounded."""
    for common in (60, 120, 240, 480, 960):
        if abs(fps / common - 1) < 0.15:
            return common
    return round(fps)
