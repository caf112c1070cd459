"""Synthetic landmark series generated from physics, with known answers.

An athlete of 1.75 m (nose 1.63 m above the floor when standing) filmed so
that 1 m spans 0.35 frame heights, floor at y = 0.9. Feet fly ballistically
(g = 9.81 m/s²) between take-off and landing; noise is Gaussian on every
landmark coordinate; dropped frames are NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

G = 9.81
PX_PER_M = 0.35  # frame heights per metre
FLOOR_Y = 0.9
HIP_STAND = 0.95  # m
NOSE_ABOVE_HIP = 0.68


@dataclass(frozen=True)
class Truth:
    takeoff_s: float
    landing_s: float
    contact_s: float | None = None  # drop jump: first ground contact

    @property
    def flight_s(self) -> float:
        return self.landing_s - self.takeoff_s


def _hermite(s: np.ndarray, y0: float, y1: float, v0: float, v1: float, dur: float) -> np.ndarray:
    h00, h10 = 2 * s**3 - 3 * s**2 + 1, s**3 - 2 * s**2 + s
    h01, h11 = -2 * s**3 + 3 * s**2, s**3 - s**2
    return h00 * y0 + h10 * dur * v0 + h01 * y1 + h11 * dur * v1


def cmj_motion(t: np.ndarray, flight_s: float, depth: float = 0.3) -> tuple[np.ndarray, np.ndarray, Truth]:
    """Hip and feet height (m) for a CMJ: still 1 s, 0.5 s down, 0.3 s up, flight, landing."""
    v0 = G * flight_s / 2
    t_cm, t_low, t_to = 1.0, 1.5, 1.8
    t_land = t_to + flight_s
    hip_to = HIP_STAND + 0.05
    hip = np.full_like(t, HIP_STAND)
    feet = np.zeros_like(t)
    m = (t >= t_cm) & (t < t_low)
    hip[m] = HIP_STAND - depth * (1 - np.cos(np.pi * (t[m] - t_cm) / (t_low - t_cm))) / 2
    m = (t >= t_low) & (t < t_to)
    hip[m] = _hermite((t[m] - t_low) / (t_to - t_low), HIP_STAND - depth, hip_to, 0.0, v0, t_to - t_low)
    m = (t >= t_to) & (t < t_land)
    tau = t[m] - t_to
    hip[m] = hip_to + v0 * tau - G * tau**2 / 2
    feet[m] = v0 * tau - G * tau**2 / 2
    m = t >= t_land
    tau = t[m] - t_land
    hip[m] = HIP_STAND - 0.15 * np.sin(np.pi * np.clip(tau / 0.6, 0, 1))
    return hip, feet, Truth(t_to, t_land)


def dropjump_motion(t: np.ndarray, box_m: float, contact_s: float, flight_s: float):  # type: ignore[no-untyped-def]
    """Standing on a box 1 s, step off (free fall from rest), contact, rebound flight, landing."""
    t_off = 1.0
    fall = np.sqrt(2 * box_m / G)
    t_contact = t_off + fall
    t_to = t_contact + contact_s
    t_land = t_to + flight_s
    v0 = G * flight_s / 2
    feet = np.zeros_like(t)
    feet[t < t_off] = box_m
    m = (t >= t_off) & (t < t_contact)
    feet[m] = box_m - G * (t[m] - t_off) ** 2 / 2
    m = (t >= t_to) & (t < t_land)
    tau = t[m] - t_to
    feet[m] = v0 * tau - G * tau**2 / 2
    hip = feet + HIP_STAND
    m = (t >= t_contact) & (t < t_to)
    hip[m] = HIP_STAND - 0.2 * np.sin(np.pi * (t[m] - t_contact) / contact_s)
    return hip, feet, Truth(t_to, t_land, t_contact)


def landmarks(
    t: np.ndarray, hip: np.ndarray, feet: np.ndarray, *, noise: float, drop_every: int, seed: int
) -> dict[str, np.ndarray]:
    """y (frame heights) per landmark, with noise and every ``drop_every``-th frame missing."""
    rng = np.random.default_rng(seed)
    heights = {
        "nose": hip + NOSE_ABOVE_HIP, "left_shoulder": hip + 0.5, "right_shoulder": hip + 0.5,
        "left_hip": hip, "right_hip": hip, "left_knee": (hip + feet) / 2 + 0.04, "right_knee": (hip + feet) / 2 + 0.04,
        "left_ankle": feet + 0.08, "right_ankle": feet + 0.08, "left_heel": feet + 0.03, "right_heel": feet + 0.03,
        "left_foot_index": feet + 0.01, "right_foot_index": feet + 0.01,
    }  # fmt: skip
    out = {}
    for name, h in heights.items():
        y = FLOOR_Y - PX_PER_M * h + rng.normal(0, noise, len(t))
        if drop_every:
            y[drop_every // 2 :: drop_every] = np.nan
        out[name] = y
    return out
