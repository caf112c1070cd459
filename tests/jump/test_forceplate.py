"""Contact and flight time on real drop jumps, against force plates.

Two real drop jumps from a motion-capture lab (tests/jump/mocap.py) are turned
into the landmark series a side camera would give: at 30 and 60 fps, four
sampling phases against the lab clock, landmark noise of 1 cm, three noise
seeds each. The analysis must match the force plates (vertical force above
20 N) with a median absolute error of at most 20 ms and a bias (mean error)
of at most 15 ms, for contact time and for flight time, at each frame rate.

These two trials are a development set; other trials check the same rule.
Real feet roll (the heel rises long before toe-off, landings start on the
forefoot), which is what a rigid-foot analysis gets wrong by 60-80 ms.
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, analyze_dropjump
from tests.jump.mocap import TRIALS, load_trial, side_camera

PHASES = (0.0, 0.25, 0.5, 0.75)
SEEDS = (0, 1, 2)
MAX_MEDIAN_MS = 20.0
MAX_BIAS_MS = 15.0


def _errors_ms(fps: float, noise_m: float) -> tuple[np.ndarray, np.ndarray]:
    contact, flight = [], []
    for name in TRIALS:
        trial = load_trial(name)
        for phase in PHASES:
            for seed in SEEDS:
                t_ms, xs, ys = side_camera(trial, fps, phase=phase, noise_m=noise_m, seed=seed)
                result = analyze_dropjump(JumpSignals.from_series(t_ms, ys, xs))
                contact.append(result.ground_contact_time_s - trial.truth.contact_time_s)
                flight.append(result.flight_time_s - trial.truth.flight_time_s)
    return 1000 * np.array(contact), 1000 * np.array(flight)


def test_force_plate_truth_is_read_as_published() -> None:
    """PROVENANCE.md gives the force plates' times (20 N): DJ1 750/400 ms, DJAsym1 580/420 ms."""
    expected = {"DJ1": (0.750, 0.400), "DJAsym1": (0.580, 0.420)}
    for name, (contact, flight) in expected.items():
        truth = load_trial(name).truth
        assert truth.contact_time_s == pytest.approx(contact, abs=0.01)
        assert truth.flight_time_s == pytest.approx(flight, abs=0.01)


@pytest.mark.parametrize("fps", [30, 60])
def test_contact_and_flight_time_match_force_plates(fps: int) -> None:
    contact, flight = _errors_ms(fps, noise_m=0.01)
    for label, err in (("contact", contact), ("flight", flight)):
        assert abs(float(np.mean(err))) <= MAX_BIAS_MS, f"{label} time bias {np.mean(err):.1f} ms at {fps} fps"
        assert float(np.median(np.abs(err))) <= MAX_MEDIAN_MS, (
            f"{label} time median error {np.median(np.abs(err)):.1f} ms at {fps} fps"
        )


def test_rigid_foot_reading_would_fail() -> None:
    """The test has teeth: averaging heel and toe (a rigid foot) is off by far more than the bounds."""
    trial = load_trial("DJ1")
    t_ms, xs, ys = side_camera(trial, 60, noise_m=0.0)
    rigid = dict(ys)
    for side in ("left", "right"):
        mean = (ys[f"{side}_heel"] + ys[f"{side}_foot_index"]) / 2
        rigid[f"{side}_heel"] = rigid[f"{side}_foot_index"] = mean
    result = analyze_dropjump(JumpSignals.from_series(t_ms, rigid, xs))
    assert abs(result.ground_contact_time_s - trial.truth.contact_time_s) > MAX_BIAS_MS / 1000
