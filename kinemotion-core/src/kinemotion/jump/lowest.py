"""How far the lowest of several noisy foot points is expected to sit below the lowest of their true heights.

The sole (:mod:`kinemotion.jump.signals`) is the lowest of a foot's heel and toe, the feet's the lowest of
the two soles. Each point carries its own landmark noise, and the lowest of several noisy values sits below
the lowest of their true values: by 0.56 of a point's noise for two points level with each other, by 1.03
for four, by nothing for a point far below the others. That shortfall depends on how the foot is held, and
the feet are held differently at the edges of a flight than where a support's level is measured: flat on
the ground (four points level: the level read 1.03 noise deviations low) but pointed as they leave and land
(the two toes alone near the ground: 0.56 low). The airborne samples beside an edge look higher above their
support than they are, by about half a point's noise: take-off early and landing late, flights long by
10-13 ms with 7 mm of landmark noise whatever the frame rate, where the events' uncertainty shrinks with the
frame interval (:mod:`kinemotion.jump.events` widens each edge's interval by it).

Only noise a point has on its own biases the lowest: noise shared by every point (the whole foot found a
little higher or lower) moves the lowest with it. Pose models' foot points share much of theirs, and not
evenly (residual correlations on the labelled dev set: a heel and its toe 0.04-0.9, the two toes 0.1-0.65,
by backend and view), so the shortfall is computed from the points' noise covariance, read from the clip.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["expected_shortfall", "noise_covariance"]

FloatArray = npt.NDArray[np.float64]

_DRAWS = np.random.default_rng(0).standard_normal((256, 8))
"""Fixed standard normal draws (with their mirror images, 512 in all): the expectation is a smooth, repeatable
function of the points' heights, as every event is of the landmarks."""
_DRAWS = np.concatenate([_DRAWS, -_DRAWS])
_CHUNK = 1024


def _spread(r: FloatArray) -> float:
    """Robust standard deviation (1.4826 x median absolute deviation) of the finite values."""
    r = r[np.isfinite(r)]
    return float(1.4826 * np.median(np.abs(r - np.median(r)))) if len(r) else 0.0


def noise_covariance(residuals: list[FloatArray], scale: list[float]) -> FloatArray:
    """The covariance of the points' sample-to-sample noise, read robustly.

    ``residuals``: each point's noise (what a smoothing takes off it); ``scale``: each point's noise standard
    deviation. A pair's correlation is read from the spreads of the sum and the difference of their noises,
    each scaled to unit spread (so an outlier does not make it); the matrix is made positive semi-definite
    (negative eigenvalues set to 0). A point with no noise to read is uncorrelated with the others.
    """
    k = len(residuals)
    spreads = [_spread(r) for r in residuals]
    corr = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            if spreads[i] > 0 and spreads[j] > 0:
                a, b = residuals[i] / spreads[i], residuals[j] / spreads[j]
                plus, minus = _spread(a + b), _spread(a - b)
                if plus > 0 or minus > 0:
                    corr[i, j] = corr[j, i] = (plus**2 - minus**2) / (plus**2 + minus**2)
    values, vectors = np.linalg.eigh(corr)
    corr = (vectors * np.maximum(values, 0.0)) @ vectors.T
    sd = np.asarray(scale, dtype=np.float64)
    return np.asarray(corr * np.outer(sd, sd), dtype=np.float64)


def expected_shortfall(means: list[FloatArray], covariance: FloatArray, kept: float = 0.0) -> FloatArray:
    """Per sample, how far the lowest of several noisy points is expected to sit below the lowest of ``means``.

    ``means``: each point's value per sample (NaN where it is not seen), a smoothing of its noisy samples
    that keeps a share ``kept`` of their noise; ``covariance``: the points' noise covariance. Points level
    with each other look apart by the kept share of the noise they do not share: each point's height above
    the lowest is first shrunk by twice that (to 0 at least), so level points are taken for level. The
    expectation is over fixed normal draws of the noise. NaN where no point is seen; 0 where one point alone
    is, or the points have no noise of their own.
    """
    raw = np.stack(means)
    k, n = raw.shape
    seen = np.isfinite(raw)
    any_seen: npt.NDArray[np.bool_] = np.asarray(seen.any(axis=0), dtype=bool)
    out = np.where(any_seen, 0.0, np.nan)
    var = np.diag(covariance)
    others = (covariance.sum(axis=1) - var) / max(1, k - 1)
    own = np.sqrt(np.maximum(0.0, var - others)) if k > 1 else np.zeros(1)
    if not (own > 0).any():
        return out
    lowest = np.min(np.where(seen, raw, np.inf), axis=0)
    unresolved = 2.0 * np.sqrt(max(0.0, kept)) * own
    mu = np.where(seen, lowest[None, :] + np.maximum(0.0, raw - lowest[None, :] - unresolved[:, None]), np.inf)
    values, vectors = np.linalg.eigh(covariance)
    root = vectors * np.sqrt(np.maximum(values, 0.0))  # root @ root.T = covariance
    noise = _DRAWS[:, :k] @ root.T  # draws x points
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        keep = any_seen[start:stop]
        if keep.any():
            m = mu[:, start:stop][:, keep]  # points x samples
            drawn = np.min(m.T[:, None, :] + noise[None, :, :], axis=2)  # samples x draws
            out[start:stop][keep] = np.minimum(0.0, drawn.mean(axis=1) - lowest[start:stop][keep])
    return out
