"""Metric accuracy on physics-generated series at 30, 60 and 240 fps, with noise and dropped frames.

Tolerances are derived, not fitted. The feet fly on a parabola, so each flight
end is the root of a quadratic least-squares fit to the airborne samples (feet
more than the threshold above their support). With per-sample noise sigma (m)
on the foot height, the fitted curve's standard error at the event time t_e is
sigma * sqrt(x^T (X^T X)^-1 x), x = (1, t_e, t_e^2), X the design matrix of
the airborne sample times (exact least-squares prediction error, which grows
when the event lies beyond the samples, as at low frame rates); divided by
the vertical foot speed v there it is the event's time error e. A duration uses
two events: we allow 4 x (e1 + e2) (four standard deviations of the sum,
bounding correlated errors). Heights follow from h = g t^2 / 8:
dh = g t dt / 4. RSI = h / c: dRSI <= RSI (dh / h + dc / c).

When too few airborne samples lie on the parabola (few frames, dropped
frames), the analysis falls back to threshold crossings and says so in its
quality flags; an event is then late (or early) by at most the time the feet
take to cover the threshold, THRESHOLD_M / v, plus one frame interval.
Each case runs on 10 noise seeds.
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, analyze_cmj, analyze_dropjump, find_box_drop
from tests.jump.physics import PX_PER_M, G, cmj_motion, dropjump_motion, landmarks

NOISE = 0.002  # frame heights, per landmark coordinate (~6 mm)
# The foot signal is the lower foot, each the mean of heel and toe: sigma / sqrt(2)
# (the lower of two such signals spreads no more than one of them).
FOOT_SIGMA_M = NOISE / PX_PER_M / np.sqrt(2)
FPS = (30, 60, 240)
SEEDS = range(10)
FALLBACK = "threshold crossings only"


def _event_error(t: np.ndarray, airborne: np.ndarray, t_event: float, speed: float, drop_every: int) -> float:
    """Standard error (s) of an event located by a quadratic fit to the airborne samples."""
    kept = airborne.copy()
    kept[drop_every // 2 :: drop_every] = False  # the dropped frames are not fitted
    ts = t[kept] - t_event
    design = np.vander(ts, 3)
    x = np.vander(np.array([0.0]), 3)[0]
    sigma_pred = FOOT_SIGMA_M * float(np.sqrt(x @ np.linalg.inv(design.T @ design) @ x))
    return sigma_pred / speed


def _airborne(feet: np.ndarray, low: float, high: float = np.inf) -> np.ndarray:
    from kinemotion.jump.cmj import THRESHOLD

    margin = THRESHOLD * BODY_M
    return (feet > low + margin) & (feet < high - margin)


def _signals(t: np.ndarray, hip: np.ndarray, feet: np.ndarray, seed: int, drop_every: int) -> JumpSignals:
    ys = landmarks(t, hip, feet, noise=NOISE, drop_every=drop_every, seed=seed)
    return JumpSignals.from_series(t * 1000, ys)


def _fallback(fps: float, speed: float, body_m: float) -> float:
    """Event error bound without the ballistic fit: threshold height / speed + one frame."""
    from kinemotion.jump.cmj import THRESHOLD

    return THRESHOLD * body_m / speed + 1 / fps


BODY_M = 1.61  # nose-to-feet of the synthetic athlete (see physics.py): metres per body height


@pytest.mark.parametrize("fps", FPS)
@pytest.mark.parametrize("flight_s", [0.45, 0.6])
@pytest.mark.parametrize("seed", SEEDS)
def test_cmj_flight_time_and_height(fps: int, flight_s: float, seed: int) -> None:
    t = np.arange(0, 3.5, 1 / fps)
    hip, feet, truth = cmj_motion(t, flight_s)
    result = analyze_cmj(_signals(t, hip, feet, seed=seed, drop_every=20))
    v0 = G * flight_s / 2
    airborne = _airborne(feet, 0.0)
    e1 = _event_error(t, airborne, truth.takeoff_s, v0, 20)
    e2 = _event_error(t, airborne, truth.landing_s, v0, 20)
    if any(FALLBACK in q for q in result.quality):
        e1 = e2 = _fallback(fps, v0, BODY_M) / 4
    tol_t = 4 * (e1 + e2)
    assert abs(result.phases_s["takeoff"] - truth.takeoff_s) < 4 * e1
    assert abs(result.phases_s["landing"] - truth.landing_s) < 4 * e2
    assert abs(result.flight_time_s - truth.flight_s) < tol_t
    true_h = G * flight_s**2 / 8
    assert abs(result.jump_height_flight_m - true_h) < G * flight_s * tol_t / 4
    assert result.phases_s["countermovement_start"] == pytest.approx(1.0, abs=0.1)
    # The bottom is flat: noise moves the minimum by dt where h'' dt^2 / 2 = 2 sigma
    # (h'' = depth (pi / 0.5 s)^2 / 2 for the cosine descent), plus one frame.
    curvature = 0.3 * (np.pi / 0.5) ** 2 / 2
    tol_low = np.sqrt(4 * FOOT_SIGMA_M / curvature) + 1 / fps
    assert result.phases_s["lowest_point"] == pytest.approx(1.5, abs=tol_low)


@pytest.mark.parametrize("fps", FPS)
@pytest.mark.parametrize("seed", SEEDS)
def test_dropjump_contact_time_height_and_rsi(fps: int, seed: int) -> None:
    box, contact, flight = 0.4, 0.22, 0.5
    t = np.arange(0, 3.0, 1 / fps)
    hip, feet, truth = dropjump_motion(t, box, contact, flight)
    assert truth.contact_s is not None
    signals = _signals(t, hip, feet, seed=seed + 100, drop_every=25)
    result = analyze_dropjump(signals)
    fall_s = np.sqrt(2 * box / G)
    # The few falling samples decide the contact; use exactly those the analysis fitted
    # (which ones are within the threshold of the ground depends on the noise).
    drop, _, _ = find_box_drop(signals)
    falling = np.zeros(len(t), bool)
    falling[drop.first_index : drop.last_index + 1] = True
    rebound = _airborne(feet, 0.0) & (t > truth.contact_s)
    e_contact = _event_error(t, falling, truth.contact_s, G * fall_s, 25)
    e_takeoff = _event_error(t, rebound, truth.takeoff_s, G * flight / 2, 25)
    e_landing = _event_error(t, rebound, truth.landing_s, G * flight / 2, 25)
    if any(FALLBACK in q for q in result.quality):
        e_contact = _fallback(fps, G * fall_s, BODY_M) / 4
        e_takeoff = e_landing = _fallback(fps, G * flight / 2, BODY_M) / 4
    tol_c = 4 * (e_contact + e_takeoff)
    tol_t = 4 * (e_takeoff + e_landing)
    assert abs(result.phases_s["ground_contact"] - truth.contact_s) < 4 * e_contact
    assert abs(result.ground_contact_time_s - contact) < tol_c
    assert abs(result.flight_time_s - flight) < tol_t
    h = G * flight**2 / 8
    dh = G * flight * tol_t / 4
    assert abs(result.jump_height_m - h) < dh
    rsi = h / contact
    assert abs(result.reactive_strength_index - rsi) < rsi * (dh / h + tol_c / contact)
    assert result.drop_height_bh == pytest.approx(box * PX_PER_M / result_body(t, hip, feet), rel=0.05)


def result_body(t: np.ndarray, hip: np.ndarray, feet: np.ndarray) -> float:
    """The body height (frame heights) the analysis divides by: median nose-to-feet distance."""
    ys = landmarks(t, hip, feet, noise=0.0, drop_every=0, seed=0)
    foot = np.mean([ys[n] for n in ("left_heel", "right_heel", "left_foot_index", "right_foot_index")], axis=0)
    return float(np.median(foot - ys["nose"]))


def test_tolerances_shrink_with_frame_rate() -> None:
    errors = []
    for fps in FPS:
        t = np.arange(0, 3.5, 1 / fps)
        _, feet, truth = cmj_motion(t, 0.5)
        errors.append(_event_error(t, _airborne(feet, 0.0), truth.landing_s, G * 0.25, 20))
    assert errors[0] > errors[1] > errors[2]
