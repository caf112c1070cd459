"""Airborne phases of the feet: found, then located to a fraction of a frame.

Finding: the feet are *clearly* airborne where the lower sole (see
:mod:`kinemotion.jump.signals`) is more than ``THRESHOLD`` above a running
low percentile of itself over ``BASELINE_WINDOW_S``. That baseline follows
the ground where a moving camera shifts it in the image, so a pan or a tilt
between jumps does not hide or invent a flight.

Locating: each flight is bounded by the support it leaves and the one it lands
on, each measured where it is: the median sole height over ``STANCE_WINDOW_S``
before take-off and after landing (the two can differ in the image when the
camera moves; the difference is reported). Take-off is where the lower sole
last rises through ``support + contact level`` (toe-off: both feet must have
left), landing where it first comes down through it (first touch: either foot
lands), interpolated linearly between the two frames around the crossing.
The contact level (``CONTACT_LEVEL``, ~2 cm, raised to 1.5 x the landmark
noise on noisy tracking) is how far a loaded foot sinks into its shoe and the
ground: the height above its resting level at which a landmark first touches
and last leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kinemotion.jump.constants import (
    BASELINE_WINDOW_S,
    CONTACT_LEVEL,
    MIN_FLIGHT_S,
    STANCE_WINDOW_S,
    THRESHOLD,
)
from kinemotion.jump.signals import JumpSignals, runs

__all__ = [
    "Airborne",
    "baseline",
    "clearly_airborne",
    "contact_level",
    "crossing_time",
    "find_flights",
    "first_touch",
    "last_contact",
    "stance_window",
    "support_level",
]

NOISE_FACTOR = 1.5
"""On noisy tracking the contact level is raised to this many landmark noise standard deviations."""
CLEAR_NOISE = 0.5
"""A sample less than this many noise standard deviations above the contact level still counts as on it."""
LINE_S = 0.03
"""The line that finds a contact is fitted to this long of airborne samples (2 samples at least)."""

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Airborne:
    """One airborne phase: leaving one support, touching down on another."""

    takeoff_s: float
    landing_s: float
    first_index: int
    """First sample clearly airborne."""
    last_index: int
    """Last sample clearly airborne."""
    level_before: float
    """Sole height of the support left (body heights, as in the signals)."""
    level_after: float
    """Sole height of the support landed on."""

    @property
    def duration_s(self) -> float:
        """Flight time."""
        return self.landing_s - self.takeoff_s

    @property
    def ground_shift(self) -> float:
        """How much higher the landing support is in the image than the take-off one (body heights)."""
        return self.level_after - self.level_before


def contact_level(s: JumpSignals) -> float:
    """Height above its support at which a sole touches or leaves it (body heights)."""
    return max(CONTACT_LEVEL, NOISE_FACTOR * s.noise)


def crossing_time(t: FloatArray, y: FloatArray, i: int, level: float) -> float:
    """Time where ``y`` crosses ``level`` between samples ``i`` and ``i + 1`` (linear)."""
    y0, y1 = y[i], y[i + 1]
    if y1 == y0:
        return float(t[i])
    frac = float(np.clip((level - y0) / (y1 - y0), 0.0, 1.0))
    return float(t[i] + frac * (t[i + 1] - t[i]))


def baseline(s: JumpSignals, percentile: float = 20.0) -> FloatArray:
    """Running ``percentile`` of the lower sole over ``BASELINE_WINDOW_S`` (centred): the ground, locally."""
    half = max(1, round(BASELINE_WINDOW_S * s.fps / 2))
    padded = np.pad(s.foot, half, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    out = np.full(len(s.foot), np.nan)
    enough = np.isfinite(windows).sum(axis=1) >= 3
    if enough.any():
        out[enough] = np.nanpercentile(windows[enough], percentile, axis=1)
    return out


def clearly_airborne(s: JumpSignals) -> BoolArray:
    """Per sample: the lower sole more than ``THRESHOLD`` above the local ground (:func:`baseline`)."""
    return np.where(np.isfinite(s.foot), s.foot > baseline(s) + THRESHOLD, False)


def stance_window(s: JumpSignals) -> int:
    """``STANCE_WINDOW_S`` in samples (at least 2): how far a support level is measured."""
    return max(2, round(STANCE_WINDOW_S * s.fps))


def support_level(s: JumpSignals, start: int, stop: int, airborne: BoolArray | None = None) -> float:
    """Median sole height over samples ``start..stop-1`` (clipped; airborne ones left out); NaN if none."""
    start, stop = max(0, start), min(len(s.foot), stop)
    seg = s.foot[start:stop]
    keep = np.isfinite(seg)
    if airborne is not None:
        keep &= ~airborne[start:stop]
    return float(np.median(seg[keep])) if keep.any() else float("nan")


def _line_to_support(s: JumpSignals, airborne: list[int], level: float, bounds: tuple[float, float]) -> float:
    """Where a line fitted to the ``airborne`` samples nearest the support meets ``level``, within ``bounds``.

    Just off the ground the feet move fast and nearly straight, and on it they
    stop or start abruptly: following the airborne side's motion down to the
    support beats interpolating across the frame where contact happens, and
    leaves out the samples whose noise straddles the contact level.
    """
    lo, hi = bounds
    if len(airborne) >= 2:
        slope, intercept = np.polyfit(s.t[airborne] - s.t[airborne[0]], s.foot[airborne], 1)
        if slope != 0:
            return float(np.clip(s.t[airborne[0]] + (level - intercept) / slope, lo, hi))
    return float(np.clip((lo + hi) / 2, lo, hi))


def _airborne_samples(s: JumpSignals, start: int, step: int, stop: int, level: float) -> list[int]:
    """Up to ``LINE_S`` worth (at least 2) of finite samples above ``level``, from ``start`` by ``step``.

    ``start`` is the first sample past the support (the caller has already
    counted a sample within ``CLEAR_NOISE`` noise of the level as on it).
    """
    want = max(2, round(LINE_S * s.fps))
    found: list[int] = []
    i = start
    while (i < stop if step > 0 else i > stop) and len(found) < want:
        if not np.isfinite(s.foot[i]):
            break
        if s.foot[i] > level:
            found.append(i)
        i += step
    return found


def last_contact(s: JumpSignals, apex: int, level: float, lowest: int = 0) -> float | None:
    """Take-off before sample ``apex``: the lower sole's last upward crossing of ``level``.

    When the feet were not tracked right after leaving, the last frame seen on
    the support stands for the event. None when no sample at or below
    ``level`` is found back to ``lowest``.
    """
    k = apex
    while k > lowest and not s.foot[k] <= level:
        k -= 1
    if not s.foot[k] <= level:
        return None
    if not np.isfinite(s.foot[k + 1]):
        return float(s.t[k])
    while k + 2 < apex and s.foot[k + 1] <= level + CLEAR_NOISE * s.noise:
        k += 1  # on the support, lifted by noise
    airborne = _airborne_samples(s, k + 1, 1, apex + 1, level)
    if not airborne:
        return crossing_time(s.t, s.foot, k, level)
    return _line_to_support(s, airborne, level, (float(s.t[k]), float(s.t[k + 1])))


def first_touch(s: JumpSignals, apex: int, level: float, highest: int | None = None) -> float | None:
    """Landing after sample ``apex``: the lower sole's first downward crossing of ``level``.

    When the feet were not tracked right before touching, the first frame seen
    on the support stands for the event. None when the feet do not come down
    to ``level`` up to ``highest``.
    """
    end = len(s.foot) - 1 if highest is None else min(highest, len(s.foot) - 1)
    m = apex
    while m < end and not s.foot[m] <= level:
        m += 1
    if not s.foot[m] <= level or m == 0:
        return None
    if not np.isfinite(s.foot[m - 1]):
        return float(s.t[m])
    while m - 2 > apex and s.foot[m - 1] <= level + CLEAR_NOISE * s.noise:
        m -= 1  # on the support, lifted by noise
    airborne = _airborne_samples(s, m - 1, -1, apex - 1, level)
    if not airborne:
        return crossing_time(s.t, s.foot, m - 1, level)
    return _line_to_support(s, airborne, level, (float(s.t[m - 1]), float(s.t[m])))


def find_flights(s: JumpSignals, *, min_duration_s: float = MIN_FLIGHT_S) -> list[Airborne]:
    """Every flight of the feet from a support and back onto one, in time order.

    A flight is kept when its take-off and landing are both in view and it
    lasts at least ``min_duration_s``. A moment untracked in the air splits
    the airborne samples in two; the part before the gap has no support after
    it and is passed over, the part after it finds the take-off back across
    the gap, so the flight is found whole.
    """
    above = clearly_airborne(s)
    window = stance_window(s)
    cl = contact_level(s)
    found: list[Airborne] = []
    for start, stop in runs(above):
        if start == 0 or stop == len(s.foot):
            continue  # take-off or landing out of view
        before = support_level(s, start - window, start, above)
        after = support_level(s, stop, stop + window, above)
        if not (np.isfinite(before) and np.isfinite(after)):
            continue
        apex = start + int(np.argmax(s.foot[start:stop]))
        takeoff = last_contact(s, apex, before + cl, lowest=max(0, start - window))
        landing = first_touch(s, apex, after + cl, highest=stop + window)
        if takeoff is None or landing is None or landing - takeoff < min_duration_s:
            continue
        if found and takeoff < found[-1].landing_s:
            continue  # the same flight again (the feet dipped below the threshold in the air)
        found.append(Airborne(takeoff, landing, start, stop - 1, before, after))
    return found
