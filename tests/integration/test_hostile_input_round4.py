"""Hostile input, round 4: what a fourth outside attack found still broken, each once a wrong number, a traceback
or an unclear message.

Each test reproduces what a user new to the tool could do (a hand-built tracking, an option in the wrong case,
a phone clip) and checks for one clear error naming the value, option or file, or for the right answer.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kinemotion.jump.report import analyze_tracking
from kinemotion.tracking.decode import VideoInfo
from kinemotion.tracking.result import BackendRecord, TrackingResult
from tests.jump.physics import cmj_motion, landmarks


def _cmj_tracking() -> TrackingResult:
    """A tracking of one CMJ (3.5 s at 30 fps, 0.5 s flight), as the pipeline would give it."""
    t = np.arange(0, 3.5, 1 / 30)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3)
    names = tuple(ys)
    points = np.stack([np.stack([np.full(len(t), 0.5), ys[n], np.full(len(t), 0.9)], -1) for n in names], 1)
    info = VideoInfo(path="cmj.mp4", width=640, height=480, fps=30.0, frame_count=len(t), rotation=0, codec="mp4v")
    backend = BackendRecord("hand-made", "lightweight", None, None, None)
    return TrackingResult(info, backend, names, t * 1000.0, points.astype(np.float32))


# --- a foot timing bias given by hand ---------------------------------------------------------------


@pytest.mark.parametrize(
    "bias",
    [(0.2, -0.2), (40.0, -40.0), (float("nan"), 0.0), ("0.01", "0.02"), (0.01,), 0.01],
    ids=["200ms", "milliseconds", "nan", "strings", "one-value", "a-number"],
)
def test_a_foot_timing_bias_outside_the_contract_is_refused_not_taken_off_every_event(bias: object) -> None:
    """Before: (0.2, -0.2) on a hand-built record silently lengthened a 0.49 s flight by 0.4 s; NaN gave 'no
    countermovement found'; strings, one value or a bare number a ValueError/IndexError/TypeError from numpy."""
    record = BackendRecord("hand-made", "lightweight", None, None, None)
    with pytest.raises(ValueError, match=r"foot_timing_bias_s of backend 'hand-made' must be \(take-off, landing\)"):
        dataclasses.replace(record, foot_timing_bias_s=bias)


def test_a_foot_timing_bias_within_the_contract_is_taken_off_the_events() -> None:
    tracking = _cmj_tracking()
    plain = analyze_tracking(tracking, "cmj").result.metrics()["flight_time_s"]
    biased = dataclasses.replace(tracking.backend, foot_timing_bias_s=[0.02, -0.02])  # a list, as read from JSON
    assert biased.foot_timing_bias_s == (0.02, -0.02)
    flight = analyze_tracking(dataclasses.replace(tracking, backend=biased), "cmj").result.metrics()["flight_time_s"]
    assert flight == pytest.approx(plain + 0.04, abs=1e-6)
