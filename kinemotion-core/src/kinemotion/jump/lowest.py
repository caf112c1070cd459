"""The lowest of several noisy foot points, without the low bias that taking the lowest adds.

The sole (:mod:`kinemotion.jump.signals`) is the lowest of a foot's heel and toe, the feet's the lowest of
the two soles. Each point carries its own landmark noise, and the lowest of several noisy values sits below
the lowest of their true values: by 0.56 of a point's noise for two points level with each other, by 1.03
for four, by nothing for a point far below the others. That shortfall depends on how the foot is held, and
the feet are held differently at the edges of a flight than where a support's level is measured: flat on
the ground (four points level: the level read 1.03 noise deviations low) but pointed as they leave and land
(the two toes alone near the ground: 0.56 low). The airborne samples beside an edge looked higher above
their support than they were, by about half a point's noise: take-off early and landing late, flights long
by 10-13 ms with 7 mm of landmark noise, whatever the frame rate, where the events' uncertainty shrinks with
the frame interval (at 120 fps the flight's ± covered the truth in 62 % of synthetic CMJs).

Only noise a point has on its own biases the lowest: noise shared by every point (the whole foot found a
little higher or lower) moves the lowest with it. Pose models' foot points share much of theirs (residual
correlations of 0.1-0.9 on the labelled dev set), so the shortfall is computed from each point's own part:
its noise times ``sqrt(1 - rho)``, ``rho`` the median correlation of the points' noise.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt


__all__ = ["expected_shortfall", "shared_noise_share"]

FloatArray = npt.NDArray[np.float64]

_GRID = np.linspace(-6.0, 6.0, 97)
"""Where the lowest's survival function is integrated: within six noise deviations of the lowest point."""


def _normal_cdf(z: FloatArray) -> FloatArray:
    """The standard normal distribution function (Abramowitz and Stegun 7.1.26: within 1.5e-7)."""
    x = np.abs(z) / math.sqrt(2.0)
    k = 1.0 / (1.0 + 0.3275911 * x)
    poly = k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429))))
    erf = 1.0 - poly * np.exp(-x * x)
    return np.asarray(0.5 * (1.0 + np.sign(z) * erf), dtype=np.float64)


def _spread(r: FloatArray) -> float:
    """Robust standard deviation (1.4826 x median absolute deviation) of the finite values."""
    r = r[np.isfinite(r)]
    return float(1.4826 * np.median(np.abs(r - np.median(r)))) if len(r) else 0.0


def shared_noise_share(residuals: list[FloatArray]) -> float:
    """The median correlation (0 to 1) of the points' sample-to-sample noise, pair by pair.

    ``residuals``: each point's noise (what a smoothing takes off it). A pair's correlation is read robustly
    from the spreads of the sum and the difference of their noises, each scaled to unit spread. 0 when fewer
    than two points have noise to read.
    """
    scaled = [r / spread for r in residuals if (spread := _spread(r)) > 0]
    shares = []
    for i in range(len(scaled)):
        for j in range(i + 1, len(scaled)):
            plus, minus = _spread(scaled[i] + scaled[j]), _spread(scaled[i] - scaled[j])
            if plus > 0 or minus > 0:
                shares.append((plus**2 - minus**2) / (plus**2 + minus**2))
    return float(np.clip(np.median(shares), 0.0, 1.0)) if shares else 0.0


def expected_shortfall(means: list[FloatArray], own_noise: list[float], kept: float = 0.0) -> FloatArray:
    """Per sample, how far the lowest of several noisy points is expected to sit below the lowest of ``means``.

    ``means``: each point's value per sample (NaN where it is not seen), a smoothing of its noisy samples
    that keeps a share ``kept`` of their noise; ``own_noise``: the standard deviation of the noise each
    point has on its own. Points level with each other look apart by that kept noise: each point's height
    above the lowest is shrunk by twice its kept noise (to 0 at least) first, so level points are taken for
    level. The expected lowest of independent normal values is the integral of their joint survival function;
    a noiseless point cuts it off at its value. NaN where no point is seen; 0 where one point alone is, or no
    point has noise of its own.
    """
    sd = np.asarray(own_noise, dtype=np.float64)
    raw = np.stack(means)
    n = raw.shape[1]
    seen = np.isfinite(raw)
    any_seen = seen.any(axis=0)
    out = np.where(any_seen, 0.0, np.nan)
    if not (sd > 0).any():
        return out
    lowest = np.min(np.where(seen, raw, np.inf), axis=0)
    unresolved = 2.0 * sd * math.sqrt(max(0.0, kept))
    mu = lowest[None, :] + np.maximum(0.0, raw - lowest[None, :] - unresolved[:, None])
    widest = float(sd.max())
    step = widest * float(_GRID[1] - _GRID[0])
    for start in range(0, n, 2048):  # in chunks: samples x grid x points at once
        stop = min(n, start + 2048)
        keep = any_seen[start:stop]
        if not keep.any():
            continue
        low = lowest[start:stop][keep]
        x = low[:, None] + widest * _GRID[None, :]  # samples x grid
        survive = np.ones_like(x)
        for k in range(len(means)):
            m = mu[k, start:stop][keep][:, None]
            if sd[k] > 0:
                above = 1.0 - _normal_cdf((x - m) / sd[k])
            else:
                above = (x < m).astype(np.float64)
            survive *= np.where(np.isfinite(m), above, 1.0)
        # E[min] = x0 + the integral of P(min > x) from x0 (where it is 1) to beyond where it is 0
        expected = x[:, 0] + step * (survive[:, :-1] + survive[:, 1:]).sum(axis=1) / 2
        out[start:stop][keep] = np.minimum(0.0, expected - low)
    return out
