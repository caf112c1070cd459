"""Airborne phases of the feet, located to a fraction of a frame.

The foot signal (body heights, up positive) is compared with support levels
(the ground, or a box top). A phase is airborne while the feet are more than
``threshold`` above the support they left and the one they land on. Its ends
are first found where the signal crosses the threshold band, by linear
interpolation between the two frames around the crossing; then, when at least
four airborne samples lie on a parabola (the feet fly ballistically; fit
residual below ``threshold / 2``), the ends are refined to where that parabola
meets the support levels, which removes the delay of the threshold itself and
most of the frame quantisation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kinemotion.jump.signals import runs

__all__ = ["Airborne", "airborne_between", "crossing_time", "flights_above"]

MAX_LEAD_S = 0.15

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Airborne:
    """One airborne phase: leaving one support, touching down on another."""

    takeoff_s: float
    landing_s: float
    first_index: int
    """First airborne sample."""
    last_index: int
    """Last airborne sample."""
    refined: bool
    """True when the ends come from the ballistic fit, False for threshold crossings."""

    @property
    def duration_s(self) -> float:
        """Flight time."""
        return self.landing_s - self.takeoff_s


def crossing_time(t: FloatArray, y: FloatArray, i: int, level: float) -> float:
    """Time where ``y`` crosses ``level`` between samples ``i`` and ``i + 1`` (linear)."""
    y0, y1 = y[i], y[i + 1]
    if y1 == y0:
        return float(t[i])
    frac = float(np.clip((level - y0) / (y1 - y0), 0.0, 1.0))
    return float(t[i] + frac * (t[i + 1] - t[i]))


def _parabola_ends(
    t: FloatArray, y: FloatArray, start_level: float, end_level: float, threshold: float
) -> tuple[float, float] | None:
    """Where a parabola fitted to ``(t, y)`` leaves ``start_level`` and meets ``end_level``.

    A drop from rest touches the start level only at its vertex (a double
    root): when the fitted parabola peaks within ``threshold`` of the start
    level, the vertex is the take-off.
    """
    if len(t) < 4:
        return None
    t0 = t[0]
    a, b, c = np.polyfit(t - t0, y, 2)
    if a >= 0:
        return None
    residual = float(np.sqrt(np.mean((np.polyval([a, b, c], t - t0) - y) ** 2)))
    if residual > threshold / 2:
        return None
    vertex_t, vertex_y = -b / (2 * a), c - b * b / (4 * a)
    disc_up = b * b - 4 * a * (c - start_level)
    if abs(vertex_y - start_level) <= threshold:
        start = vertex_t  # stepped off from rest: the apex is the take-off
    elif disc_up >= 0:
        start = (-b + np.sqrt(disc_up)) / (2 * a)  # a < 0: the earlier root
    else:
        return None
    disc_down = b * b - 4 * a * (c - end_level)
    if disc_down < 0:
        return None
    end = (-b - np.sqrt(disc_down)) / (2 * a)  # the later root
    return float(t0 + start), float(t0 + end)


def airborne_between(
    t: FloatArray, foot: FloatArray, first: int, last: int, start_level: float, end_level: float, threshold: float
) -> Airborne | None:
    """The airborne phase whose samples are ``first..last`` (both above their supports).

    ``first - 1`` must be on the start support and ``last + 1`` on the end
    support (finite samples), or None is returned. Untracked samples (NaN)
    inside are left out of the fit; if the feet are not tracked right after
    leaving (before touching down), the last (first) frame seen on the
    support stands for the event.
    """
    if first < 1 or last + 1 >= len(t) or not (np.isfinite(foot[first - 1]) and np.isfinite(foot[last + 1])):
        return None
    if np.isfinite(foot[first]):
        leaving_up = foot[first] > start_level  # a jump leaves upwards, a drop from a box downwards
        takeoff = crossing_time(t, foot, first - 1, start_level + (threshold if leaving_up else -threshold))
    else:  # not tracked right after leaving: the last frame seen on the support
        takeoff = float(t[first - 1])
    landing = crossing_time(t, foot, last, end_level + threshold) if np.isfinite(foot[last]) else float(t[last + 1])
    seg_t, seg_y = t[first : last + 1], foot[first : last + 1]
    ok = np.isfinite(seg_y)
    roots = _parabola_ends(seg_t[ok], seg_y[ok], start_level, end_level, threshold)
    # The support is reached before the threshold crossing at take-off and after it at
    # landing, by the time the feet take to cover `threshold` (at >= 0.3 m/s, <= MAX_LEAD_S).
    dt = float(np.median(np.diff(t)))
    lead = max(1.5 * dt, MAX_LEAD_S)
    if roots is not None and takeoff - lead <= roots[0] <= takeoff and landing <= roots[1] <= landing + lead:
        return Airborne(roots[0], roots[1], first, last, True)
    return Airborne(takeoff, landing, first, last, False)


def flights_above(
    t: FloatArray, foot: FloatArray, ground: float, threshold: float, min_duration_s: float = 0.08
) -> list[Airborne]:
    """Every phase with the feet more than ``threshold`` above ``ground``, take-off and landing both seen."""
    above = np.where(np.isfinite(foot), foot > ground + threshold, False)
    found = []
    for start, stop in runs(above):
        if not np.isfinite(foot[start:stop]).all():
            continue  # a tracking gap inside the flight: not trustworthy
        phase = airborne_between(t, foot, start, stop - 1, ground, ground, threshold)
        if phase is not None and phase.duration_s >= min_duration_s:
            found.append(phase)
    return found
