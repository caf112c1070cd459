"""The hips bracket the feet's take-off and landing: a check on gross errors of the foot landmarks.

On the ground the legs push the body up until the force under the feet
falls below body weight, a few hundredths of a second before the toes leave:
the hips' upward velocity peaks then. After touchdown the body keeps falling
until the force exceeds body weight: the hips' downward velocity peaks a few
hundredths of a second after the first touch. Measured: on the force-plate
drop jumps (tests/jump/mocap.py, hip joint centres at 30 to 100 fps) the
upward peak comes 19-39 ms before take-off and the downward one 18-44 ms
after landing. On the labelled real footage (503 jumps: the dev set on
every CPU backend, mirrored, downscaled, recompressed, cropped, on a wider
canvas, darker) the labelled take-off lies -0.045 to +0.085 s from the
upward peak (median +0.04) and the labelled landing -0.12 to +0.07 s from
the downward one (median -0.06): a pose model's hips, smoothed, follow the
body less closely than hip joint centres, MediaPipe's on a small athlete
least, and least at the landing's sudden stop. The bounds leave room for
that spread: ``TAKEOFF_TOO_EARLY_S``, ``LANDING_TOO_LATE_S`` and
``TOO_FAR_S``. The hips' top, and the peaks either side of it, are looked
for over the whole flight from the feet's take-off to their landing; a
peak is only one where the hips were seen around it, and all the way from
the feet's event to it, and moved the way looked for. Hips that never rise
(or fall) as fast as the shortest flight leaves (lands) mean no flight.

So the feet's take-off lies just after the hips' upward peak and their
landing just before the downward one. A take-off found far before the upward
peak (the feet seen off the ground while the legs still push: a foot point
pulled up by a swinging arm, the far foot guessed behind the near one) or far
after it, and a landing likewise, is a gross error of the foot landmarks,
not of timing: the event is placed from the hips instead (``HIP_LEAD_S``
from the peak), with the wider uncertainty that has, and the jump says so.
Within the bounds the feet decide: they place an event to a fraction of a
frame, the hips to a few hundredths of a second. Beyond them too, unless the
hips were clearly faster at their peak than at the feet's event
(``CLEAR_SIGMAS`` standard deviations of their velocity's noise): the fastest
sample of noisy hips over a stretch of about one speed is no evidence.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import numpy as np

from kinemotion.errors import AnalysisError
from kinemotion.jump.ballistic import MAX_FLIGHT_S, NotAFlightError, gravity_range
from kinemotion.jump.constants import MIN_FLIGHT_S
from kinemotion.jump.events import Airborne
from kinemotion.jump.hip_spread import hip_noise, velocity_gain
from kinemotion.jump.signals import JumpSignals

__all__ = ["HIP_LEAD_S", "bracket_by_hips", "hip_velocity_peaks", "said_after_the_bracket", "velocity_noise"]

HIP_LEAD_S = 0.035
"""How long the hips' upward velocity peaks before take-off, and their downward velocity after landing (s)."""
HIP_LEAD_SD_S = 0.02
"""The spread of that lead from jump to jump (s, one standard deviation)."""
TAKEOFF_TOO_EARLY_S = 0.08
"""A take-off found this much or more before the hips' upward peak is not believed: the legs still pushed."""
LANDING_TOO_LATE_S = 0.12
"""A landing found this much or more after the hips' downward peak is not believed: the ground already slowed them."""
TOO_FAR_S = 0.17
"""Nor an event found this much or more on the other side of its peak (a take-off after the upward peak, a
landing before the downward one): the push and the absorption never last that long past the peak."""
CLEAR_SIGMAS = 3.0
"""The hips overrule an event only where they move faster at their peak than at the feet's event by this many
standard deviations of the difference's noise (:func:`velocity_noise`): on noisy hips the fastest sample of a
stretch where they move at about one speed can lie anywhere in it, and is no evidence against the feet."""
SEARCH_S = 0.3
"""The peaks are looked for from this long before the take-off found (after the previous landing) to the
flight's top, and from the top to this long after the landing found."""


def _peak_time(t: np.ndarray, v: np.ndarray, sign: float) -> float | None:
    """Time of the largest ``sign * v`` (a sub-sample vertex through the best sample and its neighbours).

    None when the best sample borders an unseen one (the hips may have been faster still while unseen) or
    does not move the way looked for (hips that never fall have no downward peak): it is no peak.
    """
    finite = np.isfinite(v)
    if finite.sum() < 3:
        return None
    k = int(np.nanargmax(sign * v))
    if (k > 0 and not finite[k - 1]) or (k < len(v) - 1 and not finite[k + 1]) or not sign * v[k] > 0:
        return None
    if 0 < k < len(v) - 1:  # both neighbours seen (checked above): the vertex through the three
        a, b, c = sign * v[k - 1], sign * v[k], sign * v[k + 1]
        curvature = a - 2 * b + c
        if curvature < 0:
            shift = float(np.clip(0.5 * (a - c) / curvature, -0.5, 0.5))
            return float(np.interp(k + shift, np.arange(len(t)), t))
    return float(t[k])


def _seen_up_to(s: JumpSignals, event: float, peak: float | None) -> float | None:
    """``peak`` (s), or None when the hips were not seen at every sample from ``event`` to it."""
    if peak is None:
        return None
    between = (s.t >= min(event, peak)) & (s.t <= max(event, peak))
    return peak if bool(np.isfinite(s.hip[between]).all()) else None


def _windows(
    s: JumpSignals, flight: Airborne, earliest: int, v: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The samples the upward and the downward peak are looked for in, and the hips' velocity ``v`` where it is
    read (NaN where not: unseen, or next to an unseen moment); None when the hips are not seen in the air."""
    airborne = flight.in_air(s)
    if not np.isfinite(s.hip[airborne]).any():
        return None
    top = int(airborne[np.nanargmax(s.hip[airborne])])
    # the smoothing runs on each seen stretch alone, mirrored at its ends: next to an unseen moment the
    # velocity is flattened towards zero, and rises away from it as if to a peak; it is not read there
    guard = max(2, s.smooth_window // 2)  # half the smoothing window, as long at any frame rate
    near_unseen = np.convolve(~np.isfinite(s.hip_smooth), np.ones(2 * guard + 1), mode="same") > 0
    v = np.where(near_unseen, np.nan, v)
    before = np.flatnonzero((s.t >= flight.takeoff_s - SEARCH_S) & (np.arange(len(s.t)) >= earliest))
    before = before[before <= top]
    after = np.flatnonzero((s.t <= flight.landing_s + SEARCH_S) & (np.arange(len(s.t)) >= top))
    return before, after, v


def hip_velocity_peaks(s: JumpSignals, flight: Airborne, earliest: int = 0) -> tuple[float | None, float | None]:
    """When the hips rise fastest before ``flight``'s top and fall fastest after it (s); None where not seen.

    The upward peak is looked for from ``SEARCH_S`` before the take-off (not before sample ``earliest``,
    the previous landing) to the hips' top in the air; the downward one from that top to ``SEARCH_S``
    after the landing. Each is None unless the hips were seen all the way from the feet's event to it: hips
    unseen in between may have moved faster there, nearer the event, and the fastest they were seen moving
    beyond would overrule right feet.
    """
    windows = _windows(s, flight, earliest, s.velocity(s.hip_smooth))
    return (None, None) if windows is None else _peaks(s, flight, windows)


def _peaks(
    s: JumpSignals, flight: Airborne, windows: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[float | None, float | None]:
    """:func:`hip_velocity_peaks` in the windows :func:`_windows` gave."""
    before, after, v = windows
    up = _peak_time(s.t[before], v[before], 1.0)
    down = _peak_time(s.t[after], v[after], -1.0)
    return _seen_up_to(s, flight.takeoff_s, up), _seen_up_to(s, flight.landing_s, down)


def _fastest_seen(v: np.ndarray, window: np.ndarray, sign: float) -> float | None:
    """The fastest ``sign * v`` over ``window`` when the hips' velocity is read at every sample of it (three at
    least), else None: hips unseen there may have moved faster."""
    if len(window) < 3 or not bool(np.isfinite(v[window]).all()):
        return None
    return float(np.max(sign * v[window]))


def velocity_noise(s: JumpSignals) -> float:
    """Standard deviation of the noise in the hips' smoothed velocity (body heights/s).

    The hips' landmark noise (the robust spread of what the smoothing takes off them, scaled back up by the
    share of a sample's own noise the smoothing keeps) carried through the smoothing and the differencing
    that give the velocity.
    """
    return hip_noise(s) * velocity_gain(s)


def bracket_by_hips(s: JumpSignals, flight: Airborne, earliest: int = 0) -> tuple[Airborne, list[str]]:
    """``flight`` with an event the hips rule out placed from the hips instead, and what was done (quality flags).

    ``earliest``: the sample of the previous landing (the upward peak is not looked for before it). A
    flight of ``MAX_FLIGHT_S`` or more is left as it is: no jump lasts that long, so the clip is slowed or
    cut, which :func:`~kinemotion.jump.ballistic.check_ballistic` says, and its clock cannot time the hips.

    Raises:
        NotAFlightError: the hips never rose, or never fell, as fast as a flight of ``MIN_FLIGHT_S`` leaves
            and lands (in the scale of the tallest athlete), or leave less than ``MIN_FLIGHT_S`` between the
            events they allow: the feet were seen off the ground, the body did not fly. (Both events ruled out
            is not that: the hips then give the flight, which :func:`~kinemotion.jump.ballistic.check_ballistic`
            judges.)
    """
    if flight.duration_s >= MAX_FLIGHT_S:
        return flight, []  # no human flight: slow motion or a cut, judged by the flight's fall, not timed here
    v = s.velocity(s.hip_smooth)
    windows = _windows(s, flight, earliest, v)
    up, down = (None, None) if windows is None else _peaks(s, flight, windows)
    # a body up for t leaves the ground at g t / 2 and lands as fast (on the same ground): its hips move that
    # fast first; slower, the feet's airborne phase is no flight (a squat, a stand-up, noise taken for a peak).
    # Hips seen throughout that never move the way looked for (still rising when the feet come down) have no
    # peak, and are no flight either
    least = gravity_range(None)[0] * MIN_FLIGHT_S / 2
    for peak, sign, what, side in ((up, 1.0, "rose", 0), (down, -1.0, "fell", 1)):
        if peak is not None:
            speed: float | None = sign * float(np.interp(peak, s.t, v))
        else:
            speed = None if windows is None else _fastest_seen(windows[2], windows[side], sign)
        if speed is not None and speed < least:
            raise NotAFlightError(
                f"Not a jump: the feet were seen off the ground from {flight.takeoff_s:.3f} to "
                f"{flight.landing_s:.3f} s, but the hips never {what} "
                + (f"faster than {speed:.2f} body heights/s" if speed > 0 else "at all")
                + f" around it (a body up {MIN_FLIGHT_S:g} s leaves and lands at {least:.2f} or more): the feet "
                "mistracked, the body did not fly."
            )
    notes: list[str] = []
    model = math.hypot(HIP_LEAD_SD_S, 1 / (s.fps * math.sqrt(12)))
    # the hips' speed at the peak and at the feet's event, each with its noise: only a clear difference is evidence
    clear = CLEAR_SIGMAS * math.sqrt(2) * velocity_noise(s)

    seen = np.isfinite(v)  # the hips seen all the way from the event to its peak, but maybe not beyond

    def faster_at(peak: float, event: float, sign: float) -> bool:
        return sign * float(np.interp(peak, s.t[seen], v[seen]) - np.interp(event, s.t[seen], v[seen])) > clear

    takeoff, takeoff_sd = flight.takeoff_s, flight.takeoff_sd_s
    if up is not None and not -TAKEOFF_TOO_EARLY_S < takeoff - up < TOO_FAR_S and faster_at(up, flight.takeoff_s, 1.0):
        takeoff, takeoff_sd = up + HIP_LEAD_S, max(model, takeoff_sd)
        notes.append(
            f"take-off placed from the hips at {takeoff:.3f} s: the feet were seen leaving at "
            f"{flight.takeoff_s:.3f} s, {_apart(flight.takeoff_s - up)} the hips stopped accelerating upwards "
            f"({up:.3f} s), which no push allows: the foot landmarks are likely wrong there (check the overlay)"
        )
    landing, landing_sd = flight.landing_s, flight.landing_sd_s
    if (
        down is not None
        and not -LANDING_TOO_LATE_S < down - landing < TOO_FAR_S
        and faster_at(down, flight.landing_s, -1.0)
    ):
        landing, landing_sd = down - HIP_LEAD_S, max(model, landing_sd)
        notes.append(
            f"landing placed from the hips at {landing:.3f} s: the feet were seen touching down at "
            f"{flight.landing_s:.3f} s, {_apart(flight.landing_s - down)} the hips were slowed by the ground "
            f"({down:.3f} s), which no landing allows: the foot landmarks are likely wrong there (check the overlay)"
        )
    if not notes:
        return flight, []
    if landing - takeoff < MIN_FLIGHT_S:
        raise NotAFlightError(
            f"Not a jump: the feet were seen off the ground from {flight.takeoff_s:.3f} to {flight.landing_s:.3f} s, "
            f"but the hips leave {max(0.0, landing - takeoff):.3f} s in the air at most (a flight lasts "
            f"{MIN_FLIGHT_S:g} s or more): " + "; ".join(notes)
        )
    placed = replace(flight, takeoff_s=takeoff, landing_s=landing, takeoff_sd_s=takeoff_sd, landing_sd_s=landing_sd)
    return placed, notes


@contextmanager
def said_after_the_bracket(notes: list[str]) -> Iterator[None]:
    """Refusals raised inside say which events the hips placed (``notes``, from :func:`bracket_by_hips`) first.

    A check after the bracket names the flight by the events it judged, which the hips may have moved: without
    this the refusal's times differ from the feet's airborne phase the analysis reports it under.
    """
    try:
        yield
    except AnalysisError as exc:
        if notes and exc.args:
            exc.args = (f"{exc.args[0]} (judged after the hips' bracket: {'; '.join(notes)})", *exc.args[1:])
        raise


def _apart(seconds: float) -> str:
    return f"{abs(seconds):.2f} s {'after' if seconds > 0 else 'before'}"
