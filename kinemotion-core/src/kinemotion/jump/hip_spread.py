"""How far a CMJ's hip metrics and events may be off: the hips' landmark noise and the frame interval.

Each function gives a standard uncertainty (one standard deviation, body
heights or body heights per second); the analysis reports ``COVERAGE_Z``
times it as the 90 % half-width, as for every other metric.

- The hips' landmark noise ``sigma`` (:func:`hip_noise`, per sample) is the
  robust spread of what their smoothing takes off them, scaled back up by the
  share of a sample's own noise the smoothing keeps; a smoothed hip height
  keeps ``sigma * sqrt(kept)`` of it (:func:`smoothed_hip_noise`: the
  smoothing is a local least-squares fit, whose weights' squares sum to the
  weight of the sample itself).
- The hip's rise in flight is the highest raw hip sample in the air minus
  the smoothed hip at take-off: a raw sample's noise and what picking the
  highest of those near the apex adds, the smoothed one's, and the
  take-off's own uncertainty times the hips' take-off speed (a take-off
  placed late starts the rise higher up).
- The countermovement depth is a smoothed standing level minus the smoothed
  lowest hip: the smoothed noise of each.
- The peak concentric velocity is the highest smoothed velocity of the push:
  the velocity's noise (:func:`~kinemotion.jump.hip_timing.velocity_noise`)
  and the frame interval's share: the peak comes as the feet leave, where
  the hips turn from pushing to falling at g, and the samples (smoothed over
  a sixth of a second) miss it by up to about one frame of that fall,
  ``g / fps`` (noise-free synthetic CMJs at 25 to 120 fps: 0.8 to 1.1 times
  it, always low), counted as a standard uncertainty of ``g / (fps √2)``.
- The hip events' times (:func:`crossing_sd`, :func:`lowest_point_sd`): a
  level crossed is off by the heights' noise over the hip's speed there; a
  lowest sample may be any within the noise of a flat bottom.
"""

from __future__ import annotations

import math

import numpy as np

from kinemotion.jump.signals import JumpSignals, kept_share, savgol

__all__ = [
    "HIP_NOISE_FLOOR",
    "crossing_sd",
    "depth_sd",
    "hip_noise",
    "hip_rise_sd",
    "lowest_point_sd",
    "peak_velocity_sd",
    "smoothed_hip_noise",
    "velocity_gain",
]

HIP_NOISE_FLOOR = 0.002
"""The hips' landmark noise (body heights, ~3.5 mm) an uncertainty assumes at least, as the feet's edge fit does
(:data:`kinemotion.jump.events.NOISE_FLOOR`): a pose model that smooths its landmarks over time (MediaPipe's
video mode) leaves the hips' frame-to-frame spread near zero, which is not their error (a squat jump's depth
read ±0.0002 body heights, a third of a millimetre, on MediaPipe)."""


def _kept(s: JumpSignals) -> float:
    """The share of a sample's own value its smoothed value keeps (the smoothing's central weight)."""
    return kept_share(s.smooth_window)


def hip_noise(s: JumpSignals) -> float:
    """Standard deviation of each hip sample's landmark noise (body heights): :attr:`JumpSignals.hip_noise`,
    read once per signals."""
    return s.hip_noise


def _uncertain_noise(s: JumpSignals) -> float:
    """The hips' noise an uncertainty is made from: :func:`hip_noise`, :data:`HIP_NOISE_FLOOR` at least."""
    return max(hip_noise(s), HIP_NOISE_FLOOR)


def velocity_gain(s: JumpSignals) -> float:
    """How much of a hip sample's noise reaches one smoothed velocity (1/s): the root sum of squares of every
    sample's weight in it (the smoothing, then the differencing)."""
    w = s.smooth_window
    impulse = np.zeros(4 * w + 1)
    impulse[2 * w] = 1.0
    gain = np.gradient(savgol(impulse, w), 1 / s.fps)
    return float(np.sqrt(np.sum(gain**2)))


def smoothed_hip_noise(s: JumpSignals) -> float:
    """Standard deviation of the landmark noise left in a smoothed hip height (body heights), from the hips'
    noise or :data:`HIP_NOISE_FLOOR`, whichever is larger."""
    return _uncertain_noise(s) * math.sqrt(_kept(s))


def hip_rise_sd(s: JumpSignals, takeoff_sd_s: float, takeoff_speed_bh_s: float, gravity_bh_s2: float) -> float:
    """Standard uncertainty (body heights) of the hip's rise in flight: the highest raw sample's noise, with what
    picking the highest adds (the ``n`` samples within the noise of the apex, where the hips falling at
    ``gravity_bh_s2`` drop less than it, stand out by about ``sqrt(2 ln n)`` of it), the smoothed take-off
    height's noise, and the take-off's uncertainty ``takeoff_sd_s`` times the hips' speed then."""
    sigma = _uncertain_noise(s)
    near_apex = 1.0 + 2.0 * s.fps * math.sqrt(2.0 * sigma / gravity_bh_s2) if gravity_bh_s2 > 0 else 1.0
    apex = sigma * math.hypot(1.0, math.sqrt(2.0 * math.log(near_apex)))
    return math.hypot(apex, smoothed_hip_noise(s), takeoff_speed_bh_s * takeoff_sd_s)


def depth_sd(s: JumpSignals) -> float:
    """Standard uncertainty (body heights) of the countermovement depth: two smoothed hip heights' noise."""
    return math.sqrt(2.0) * smoothed_hip_noise(s)


def peak_velocity_sd(s: JumpSignals, noise_bh_s: float, gravity_bh_s2: float) -> float:
    """Standard uncertainty (body heights/s) of the smoothed velocity's peak in the push: its noise
    ``noise_bh_s`` and, in quadrature, the frame interval's share: the peak comes as the feet leave, when the
    hips turn to fall at g, and the smoothed samples miss it by up to about one frame of that fall
    (``gravity_bh_s2 / fps``), counted as ``1 / sqrt(2)`` of it so that the 90 % half-width holds 1.16 frames.
    The noise is what :data:`HIP_NOISE_FLOOR` gives through the velocity at least."""
    noise = max(noise_bh_s, HIP_NOISE_FLOOR * velocity_gain(s))
    return math.hypot(noise, gravity_bh_s2 / s.fps / math.sqrt(2.0))


def crossing_sd(s: JumpSignals, speed_bh_s: float, *, interpolated: bool) -> float:
    """Standard uncertainty (s) of where the smoothed hip crosses a level set from another smoothed hip height
    (the countermovement's start: 1 % of body height below the standing level, or above the squat's lowest):
    the two heights' noise (:func:`depth_sd`) over the hip's speed there, and the frame interval's share: a
    frame's spread (``1 / (fps √12)``) for a crossing interpolated between samples, the root mean square of a
    whole frame (``1 / (fps √3)``) for one read at the last sample before it. Infinite where the hip is still."""
    frame = 1 / (s.fps * math.sqrt(12.0 if interpolated else 3.0))
    speed = abs(speed_bh_s)
    return math.hypot(depth_sd(s) / speed, frame) if speed > 0 else math.inf


def lowest_point_sd(s: JumpSignals, lowest: int) -> float:
    """Standard uncertainty (s) of the time of the smoothed hip's lowest sample ``lowest``: within the noise of
    the bottom (``sqrt(2 sigma / c)`` either side, ``c`` the hip's upward acceleration there, from a parabola
    through the smoothed hips a smoothing window either side) any sample may be the lowest; and a frame's spread.
    Infinite where the bottom is flat or not seen."""
    w = s.smooth_window
    a, b = max(lowest - w, 0), min(lowest + w + 1, len(s.t))
    t, y = s.t[a:b] - s.t[lowest], s.hip_smooth[a:b]
    finite = np.isfinite(y)
    if finite.sum() < 3:
        return math.inf
    curvature = 2 * float(np.polyfit(t[finite], y[finite], 2)[0])
    if not curvature > 0:
        return math.inf
    return math.hypot(math.sqrt(2 * smoothed_hip_noise(s) / curvature), 1 / (s.fps * math.sqrt(12.0)))
