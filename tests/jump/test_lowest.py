"""The lowest of several noisy foot points sits below the lowest of their true heights, by how much
(``kinemotion.jump.lowest``), and the feet's signal carries it (``JumpSignals.foot_shortfall``)."""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump import JumpSignals
from kinemotion.jump.lowest import expected_shortfall, noise_covariance

# the expected lowest of k independent standard normal values (order statistics tables)
LOWEST_OF_TWO, LOWEST_OF_FOUR = -1 / np.sqrt(np.pi), -1.0294


@pytest.mark.parametrize(("points", "expected"), [(2, LOWEST_OF_TWO), (4, LOWEST_OF_FOUR)])
def test_level_points_with_independent_noise_fall_short_by_the_expected_lowest_of_normals(
    points: int, expected: float
) -> None:
    sigma = 0.01
    shortfall = expected_shortfall([np.zeros(5)] * points, np.eye(points) * sigma**2)
    assert shortfall == pytest.approx(np.full(5, expected * sigma), rel=0.05)


def test_a_point_far_below_the_others_or_noise_they_all_share_makes_no_shortfall() -> None:
    sigma = 0.01
    far = expected_shortfall([np.zeros(3), np.full(3, 10 * sigma), np.full(3, 12 * sigma)], np.eye(3) * sigma**2)
    assert far == pytest.approx(np.zeros(3), abs=1e-12)
    shared = expected_shortfall([np.zeros(3)] * 4, np.full((4, 4), sigma**2))
    assert shared == pytest.approx(np.zeros(3), abs=1e-12)


def test_a_point_not_seen_is_left_out_and_no_point_seen_gives_nan() -> None:
    sigma = 0.01
    two_seen = expected_shortfall([np.zeros(2), np.zeros(2), np.array([0.0, np.nan])], np.eye(3) * sigma**2)
    assert two_seen[1] == pytest.approx(LOWEST_OF_TWO * sigma, rel=0.05)
    none = expected_shortfall([np.array([np.nan]), np.array([np.nan])], np.eye(2) * sigma**2)
    assert np.isnan(none[0])


def test_the_noise_covariance_is_read_from_the_points_noise_despite_outliers() -> None:
    rng = np.random.default_rng(0)
    shared, own = rng.normal(size=4000), rng.normal(size=(2, 4000))
    a, b = (
        0.02 * (np.sqrt(0.6) * shared + np.sqrt(0.4) * own[0]),
        0.01 * (np.sqrt(0.6) * shared + np.sqrt(0.4) * own[1]),
    )
    a[::100] += 1.0  # tracking glitches
    cov = noise_covariance([a, b], [0.02, 0.01])
    assert cov[0, 0] == pytest.approx(0.02**2) and cov[1, 1] == pytest.approx(0.01**2)
    assert cov[0, 1] / (0.02 * 0.01) == pytest.approx(0.6, abs=0.05)


def test_the_feet_s_signal_carries_how_far_its_lowest_point_falls_short_flat_and_pointed() -> None:
    """On a physics-generated CMJ with independent noise on each foot point: standing flat, four points are level
    (the lowest ~1.03 noise deviations short); in the air the heels are far above the toes and two are (~0.56)."""
    from tests.jump.physics import cmj_motion, landmarks

    t = np.arange(0.0, 3.5, 1 / 120)
    motion = cmj_motion(t, 0.5)
    s = JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=0.004, drop_every=0, seed=1))
    assert s.foot_shortfall is not None
    sigma = 0.004 / s.body_height  # each point's noise, body heights
    standing = t < motion.truth.takeoff_s - 1.0
    flying = (t > motion.truth.takeoff_s + 0.1) & (t < motion.truth.landing_s - 0.1)
    assert np.median(s.foot_shortfall[standing]) / sigma == pytest.approx(LOWEST_OF_FOUR, abs=0.15)
    assert np.median(s.foot_shortfall[flying]) / sigma == pytest.approx(LOWEST_OF_TWO, abs=0.15)
