"""A flight's hips rise for as long as they fall: a take-off placed far earlier than its parabola allows.

In the air the hips follow a parabola: they take as long to rise from their take-off height to the apex as
to fall back to it. At landing they are a little lower than at take-off (the ankles flexed, not pointed), so
the fall lasts a little longer than the rise: on the force plates (hip joint centres, 30 to 100 fps, 1 cm of
noise) the apex comes 4-16 ms before the flight's midpoint, on the labelled dev set's CMJ and squat jump
1.1-1.5 frames before the labelled midpoint. A take-off the feet place well before the parabola allows (its
apex clearly after the flight's midpoint: a foot landmark seen off the ground while the legs still push, as
a hand swinging past the feet makes it) is placed where the parabola puts it, as long before the apex as the
landing is after it: still no later than the take-off, given the lower landing.

A landing placed early makes the rise look long too; it is told apart by the hips after it: still on the
parabola for as long as the rise is too long, the body was still in the air (nothing is moved; the flag that
the two jump heights disagree says the events are off), clearly above it, the legs were absorbing the
landing. The hips fall freely for the first few hundredths of a second after touchdown (the force under the
feet builds up), so a take-off less than about 0.05 s early cannot be told from a landing as early: it is
only flagged. Hips landing higher than they left (the arms, overhead at take-off, lowered in the air, raise
the hips under the body's centre of mass) rise longer than they fall too; they are told apart by the hips
before the take-off the apex gives: already on the parabola, the body was in the air and the feet's take-off
stands; clearly above it, the legs were still pushing. Both are told apart by the feet too, where the hips
cannot (their push reaches the parabola smoothly at toe-off): feet off the ground leave with the body and rise
about as much as the hips over the first frames of the flight, so feet seen off it between the two take-offs
that rose less than half as much as the hips had not left (a foot point held up by a hand over the feet), and
the take-off is placed from the apex (:func:`_hovered`); after a right take-off with a landing placed early, or
hips landing higher, the feet between the two rose with the body. Nor is a flight judged where the camera moved during
it (its two supports differ in the picture by more than ``CAMERA_SHIFT_FLAG``): the hips' path in the picture
is then not the body's.

Only a flight with ``MIN_SAMPLES`` hip samples inside is judged: over a hop's few samples the hips of real
footage are no parabola to a frame (the demo's jumping jacks, 7-9 samples, put the apex up to 2.6 frames
after the labelled midpoint). The take-off's uncertainty then holds the apex's (twice its standard error),
the landing's and ``EARLY_S`` (how much lower the hips may land than they left, in time).

Where the feet's take-off lies within the hips' velocity bracket (:mod:`kinemotion.jump.hip_timing`), this
is the check that catches it: on a deep push the hips' velocity peaks 30-40 ms before the take-off, so a
take-off seen up to 0.11 s early passes the bracket's 0.08 s (physics-generated arm-swing CMJs, a hand passing
the feet just before the take-off, ``tests/jump/test_arm_swing_and_set_endings.py``: the feet 0.05-0.116 s
early are placed within 0.5 frame at 29.97 and 50 fps where the push shows, always from 0.085 s early). On
the labelled dev set, its re-encoded copies and the force plates it moves no event.

The same parabola places a landing the feet put late (a foot point held up after touchdown by a hand over the
feet) where the hips were already braked before it (:func:`landing_from_the_apex`), and, for a jump whose two
heights disagree, widens the interval of the event it doubts (:func:`widened_by_the_apex`).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from kinemotion.jump.constants import CAMERA_SHIFT_FLAG
from kinemotion.jump.events import Airborne, _covering_sd, contact_level
from kinemotion.jump.signals import NOISE_SHARE_30FPS, FloatArray, JumpSignals

__all__ = ["apex_time", "landing_from_the_apex", "take_off_from_the_apex", "widened_by_the_apex"]

MIN_SAMPLES = 10
"""Hip samples inside the flight needed to judge its apex."""
EARLY_S = 0.02
"""The rise lasting this much longer than the fall (and by ``CLEAR_SIGMAS`` of its spread) is a take-off placed
too early."""
CLEAR_SIGMAS = 3.0
"""How clear (in standard deviations) the rise's excess, and the hips' departure after the landing, must be."""
ROUNDS = 3
"""The parabola is fitted again this many times over the flight the last placement gives."""
HOVER_SHARE = 0.5
"""Feet seen off the ground that rise less than this share of what the hips rise over the same samples (by
``CLEAR_SIGMAS`` of the difference's noise) did not leave with the body."""


def _parabola(s: JumpSignals, takeoff_s: float, landing_s: float) -> tuple[FloatArray, FloatArray, float] | None:
    """The parabola through the hips strictly inside the flight (coefficients of time from ``takeoff_s``, their
    unscaled covariance, the variance of a sample about it); None with fewer than ``MIN_SAMPLES`` samples."""
    inside = (s.t > takeoff_s) & (s.t < landing_s) & np.isfinite(s.hip)
    if inside.sum() < MIN_SAMPLES:
        return None
    t = s.t[inside] - takeoff_s
    coeffs, cov = np.polyfit(t, s.hip[inside], 2, cov="unscaled")
    residual = s.hip[inside] - np.polyval(coeffs, t)
    # the landmark noise (the feet's, as read at 30 fps) at least, as for the flight's ballistic fit
    sigma2 = max(float(residual @ residual) / max(len(t) - 3, 1), (NOISE_SHARE_30FPS * s.noise) ** 2, 1e-8)
    return coeffs, cov, sigma2


def apex_time(s: JumpSignals, takeoff_s: float, landing_s: float) -> tuple[float, float] | None:
    """The hips' apex (s) of the parabola through their heights strictly inside the flight, and its standard
    error; None with fewer than ``MIN_SAMPLES`` samples or hips that do not fall."""
    fit = _parabola(s, takeoff_s, landing_s)
    if fit is None:
        return None
    coeffs, cov, sigma2 = fit
    c2, c1 = float(coeffs[0]), float(coeffs[1])
    if not c2 < 0:
        return None
    grad = np.array([c1 / (2 * c2**2), -1 / (2 * c2)])  # d apex / d (c2, c1)
    var = float(grad @ (cov[:2, :2] * sigma2) @ grad)
    return takeoff_s - c1 / (2 * c2), math.sqrt(max(var, 0.0))


def _landed(s: JumpSignals, takeoff_s: float, landing_s: float, until_s: float) -> bool:
    """Whether the hips from the landing to ``until_s`` are clearly above the parabola through the flight (one
    sample by ``CLEAR_SIGMAS`` deviations at least, :func:`_clearly_above`): slowed by the legs, the feet down.
    Hips still on it were still in the air: the landing was placed early, and that is what made the rise look
    long. Their departure grows fast once the force under the feet builds up (as the cube of the time at first), so the
    farthest sample tells, not the mean."""
    return _clearly_above(s, takeoff_s, landing_s, (s.t > landing_s) & (s.t <= until_s))


def _pushed(s: JumpSignals, takeoff_s: float, landing_s: float, since_s: float) -> bool:
    """Whether the hips from ``since_s`` (the feet's take-off) to ``takeoff_s`` are clearly above the parabola
    through the flight from ``takeoff_s`` (one sample by ``CLEAR_SIGMAS`` deviations at least): still
    pushed up by the legs (rising faster than a body in the air decelerates), the feet still down. Hips on it
    were already in the air: the hips only land higher than they left (the arms lowered in the air, which
    raises the hips under the body's centre of mass), and the feet's take-off stands. As at the landing, the
    farthest sample tells."""
    return _clearly_above(s, takeoff_s, landing_s, (s.t >= since_s) & (s.t < takeoff_s))


def _hovered(s: JumpSignals, flight: Airborne, takeoff_s: float) -> bool:
    """Whether the feet, seen off the ground from ``flight``'s take-off to ``takeoff_s`` (the apex's), rose clearly
    less than the hips did over those samples (under ``HOVER_SHARE`` of it, by ``CLEAR_SIGMAS`` deviations of the
    mean difference): feet off the ground leave with the body, at its speed (legs extended, ankles pointed), and
    rise about as much as the hips over the first frames of the flight; feet seen hovering a few centimetres up
    while the hips rise at take-off speed are a foot point pulled onto something else (a hand swinging past the
    feet), the feet still down. Heights are from the support left plus the contact level (where the feet's
    take-off was placed) and from the hips' smoothed height at that take-off. The samples judged start at the first
    one above that level: a foot peeling off slowly is placed leaving a little before its first sample clear of the
    support (on a real CMJ, MediaPipe's first sample after its take-off lay under the level, the hips already up)."""
    seen = flight.takeoff_s + s.timing_bias_s[0]  # where the feet's own signal left (before the backend's bias)
    level = flight.level_before + contact_level(s)
    after = np.flatnonzero((s.t > seen) & (s.t <= takeoff_s) & (s.foot > level))
    if not len(after):
        return False
    inside = (s.t >= s.t[after[0]]) & (s.t <= takeoff_s) & np.isfinite(s.foot) & np.isfinite(s.hip)
    if not inside.any():  # the hips not seen there: nothing to compare the feet with
        return False
    hips = s.hip[inside] - float(np.interp(seen, s.t, s.hip_smooth))
    feet = s.foot[inside] - level
    spread = math.hypot(HOVER_SHARE * s.hip_noise, s.noise) / math.sqrt(int(inside.sum()))
    return bool(float(np.mean(HOVER_SHARE * hips - feet)) > CLEAR_SIGMAS * spread)


def _clearly_above(s: JumpSignals, takeoff_s: float, landing_s: float, where: npt.NDArray[np.bool_]) -> bool:
    """Whether a hip sample ``where`` (outside the flight) is above the parabola through the flight by
    ``CLEAR_SIGMAS`` deviations of the difference: the sample's noise and the parabola's own error where it is
    carried beyond its samples (over a hop's few samples it grows fast: the hips still in the air a frame or
    two past its ends were read as braked or pushed)."""
    fit = _parabola(s, takeoff_s, landing_s)
    where = where & np.isfinite(s.hip)
    if fit is None or not where.any():
        return False
    coeffs, cov, sigma2 = fit
    dt = s.t[where] - takeoff_s
    design = np.vander(dt, 3)
    spread = sigma2 * (1.0 + np.einsum("ij,jk,ik->i", design, cov, design))
    above = (s.hip[where] - np.polyval(coeffs, dt)) / np.sqrt(spread)
    return bool(float(above.max()) > CLEAR_SIGMAS)


def take_off_from_the_apex(s: JumpSignals, flight: Airborne) -> tuple[Airborne, list[str]]:
    """``flight`` with a take-off its hips' parabola rules out placed as long before the apex as the landing is
    after it (see the module), and what was done (a quality flag)."""
    if abs(flight.ground_shift) > CAMERA_SHIFT_FLAG:
        return flight, []  # the camera moved: the hips' path in the picture is not the body's
    found = apex_time(s, flight.takeoff_s, flight.landing_s)
    if found is None:
        return flight, []
    apex, se = found
    if not apex < flight.landing_s:
        return flight, []  # the hips still rise at the landing: no flight's apex to place a take-off from
    early = (apex - flight.takeoff_s) - (flight.landing_s - apex)
    if not early > max(EARLY_S, CLEAR_SIGMAS * 2 * se):
        return flight, []
    takeoff = 2 * apex - flight.landing_s
    for _ in range(ROUNDS):
        again = apex_time(s, takeoff, flight.landing_s)
        if again is None:
            break
        apex, se = again
        takeoff = max(flight.takeoff_s, 2 * apex - flight.landing_s)
    if not flight.takeoff_s < takeoff < apex < flight.landing_s:
        return flight, []
    if _hovered(s, flight, takeoff):
        why = "the feet then hovered, rising far less than the hips"
    elif _landed(s, takeoff, flight.landing_s, flight.landing_s + early) and _pushed(
        s, takeoff, flight.landing_s, flight.takeoff_s
    ):
        why = "the hips were still pushed up by the legs then"
    else:
        return flight, []
    note = (
        f"take-off placed from the hips' flight at {takeoff:.3f} s, as long before their apex ({apex:.3f} s) as the "
        f"landing is after it: the feet were seen leaving at {flight.takeoff_s:.3f} s, so that the hips would rise "
        f"{early:.3f} s longer than they fall, and {why} (a foot landmark seen off the ground while the legs still "
        "pushed, as a hand swinging past the feet makes it: check the overlay)"
    )
    sd = math.hypot(2 * se, flight.landing_sd_s, EARLY_S)
    return replace(flight, takeoff_s=takeoff, takeoff_sd_s=max(sd, flight.takeoff_sd_s)), [note]


def landing_from_the_apex(s: JumpSignals, flight: Airborne) -> tuple[Airborne, list[str]]:
    """``flight`` with a landing its hips' parabola rules out placed as long after the apex as the take-off is
    before it, and what was done (a quality flag).

    A landing placed late (the feet seen up after touchdown: a hand over them taken for a foot point) makes the
    fall look longer than the rise. It is moved only where the hips between the apex's landing and the feet's
    were clearly above the flight's parabola (braked by the legs: the feet were down). A fall longer than the
    rise with the hips still on the parabola is a landing lower than the take-off (knees and ankles flexed: on
    the labelled dev set's CMJ and squat jump the hips fall 0.9-1.5 frames longer than they rise), and stands.
    A landing placed early makes the rise look longer, as a take-off placed early does, and the hips cannot
    always tell the two apart (they fall freely for a few hundredths of a second after touchdown): it is not
    moved here (:func:`widened_by_the_apex`)."""
    if abs(flight.ground_shift) > CAMERA_SHIFT_FLAG:
        return flight, []  # the camera moved: the hips' path in the picture is not the body's
    found = apex_time(s, flight.takeoff_s, flight.landing_s)
    if found is None:
        return flight, []
    apex, se = found
    late = (flight.landing_s - apex) - (apex - flight.takeoff_s)  # the fall longer than the rise
    if not late > max(EARLY_S, CLEAR_SIGMAS * 2 * se):
        return flight, []
    landing = 2 * apex - flight.takeoff_s
    for _ in range(ROUNDS):
        again = apex_time(s, flight.takeoff_s, landing)
        if again is None:
            break
        apex, se = again
        landing = min(flight.landing_s, 2 * apex - flight.takeoff_s)
    if not landing < flight.landing_s:
        return flight, []
    if not _clearly_above(s, flight.takeoff_s, landing, (s.t > landing) & (s.t < flight.landing_s)):
        return flight, []  # the hips still in the air up to the feet's landing: a landing lower than the take-off
    note = (
        f"landing placed from the hips' flight at {landing:.3f} s, as long after their apex ({apex:.3f} s) as the "
        f"take-off is before it: the feet were seen landing at {flight.landing_s:.3f} s, so that the hips would fall "
        f"{late:.3f} s longer than they rise, and the hips were already braked by the legs before then (a foot "
        "landmark seen off the ground after touchdown, as a hand passing over the feet makes it: check the overlay)"
    )
    sd = math.hypot(2 * se, flight.takeoff_sd_s, EARLY_S)
    return replace(flight, landing_s=landing, landing_sd_s=max(sd, flight.landing_sd_s)), [note]


def widened_by_the_apex(s: JumpSignals, flight: Airborne) -> tuple[Airborne, str]:
    """``flight`` with the uncertainty of the end its hips' parabola doubts widened to hold the doubt, for a jump
    whose two heights disagree (the flight time's and the hips' take-off velocity's), and what was done ("" for
    nothing).

    A fall longer than the rise by ``excess`` says the landing may be late by as much (a foot point held up
    after touchdown: a hand over the feet); a rise longer than the fall, the take-off early or the landing early
    by as much, the hips cannot always tell which (they fall freely for a few hundredths of a second after
    touchdown): both are widened. The event itself is not moved: where the hips could tell, the rules above
    did."""
    found = apex_time(s, flight.takeoff_s, flight.landing_s)
    if found is None:
        return flight, ""
    apex, se = found
    excess = (flight.landing_s - apex) - (apex - flight.takeoff_s)
    if not abs(excess) > CLEAR_SIGMAS * 2 * se:
        return flight, ""
    landing_sd = _covering_sd(abs(excess), flight.landing_sd_s)
    if excess > 0:
        said = f"the hips fall {excess:.3f} s longer than they rise: the landing's ± widened to hold that"
        return replace(flight, landing_sd_s=landing_sd), said
    takeoff_sd = _covering_sd(-excess, flight.takeoff_sd_s)
    said = f"the hips rise {-excess:.3f} s longer than they fall: the take-off's and landing's ± widened to hold that"
    return replace(flight, takeoff_sd_s=takeoff_sd, landing_sd_s=landing_sd), said
