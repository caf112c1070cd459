"""Each quality flag appears when its condition holds, and a clean recording has none."""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, analyze_cmj
from kinemotion.jump.ballistic import NotAFlightError
from kinemotion.jump.events import find_flights
from tests.jump.physics import cmj_motion, landmarks


def _quality(fps: int = 60, noise: float = 0.001, drop_every: int = 0, **change: object) -> list[str]:
    t = np.arange(0, 3.5, 1 / fps)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=noise, drop_every=drop_every, seed=1)
    xs = {n: np.full_like(y, 0.5) for n, y in ys.items()}
    if change.get("untracked"):
        for y in ys.values():
            y[t > 2.6] = np.nan  # the last 0.9 s of 3.5 s untracked, after the landing
    if change.get("edge"):
        for name in xs:
            xs[name][: len(t) // 5] = 0.005  # at the left edge for a fifth of the clip
    return analyze_cmj(JumpSignals.from_series(t * 1000, ys, xs)).quality


def test_a_clean_recording_has_no_flags() -> None:
    assert _quality() == []


@pytest.mark.parametrize(
    ("kwargs", "flag"),
    [
        ({"untracked": True}, "few tracked frames: a pose was found on 75% of frames"),
        ({"edge": True}, "athlete at or beyond the frame edge on 20% of tracked frames"),
        ({"drop_every": 20}, "missing frames interpolated"),
        ({"fps": 30}, "30 fps: each event is located to a fraction of a 33 ms frame"),
        ({"noise": 0.02}, "noisy foot landmarks"),
    ],
)
def test_each_flag_when_its_condition_holds(kwargs: dict[str, object], flag: str) -> None:
    flags = _quality(**kwargs)  # type: ignore[arg-type]
    assert any(flag in f for f in flags), flags
    assert len(flags) == 1, flags  # and only that one


def test_a_flight_longer_than_any_human_jump_is_refused_as_a_cut_when_the_hips_fall_at_g() -> None:
    """1.1 s in the air (a 1.5 m jump) while the hips fall at g: not slow motion, so a cut or lost feet."""
    t = np.arange(0, 4.0, 1 / 60)
    signals = JumpSignals.from_series(t * 1000, landmarks(t, cmj_motion(t, 1.1), noise=0.001, drop_every=0, seed=1))
    with pytest.raises(NotAFlightError, match=r"lasts 1\.1\d s, longer than any human jump") as caught:
        analyze_cmj(signals)
    assert "not slow motion" in str(caught.value)
    assert str(caught.value).endswith("most likely a cut in the video or the feet lost from view."), caught.value
    assert not any("human jump" in f for f in _quality())  # a 0.5 s flight is not


def test_a_raised_contact_level_finds_the_take_off_later_and_the_landing_earlier_as_the_noise_flag_says() -> None:
    """The noisy-landmarks flag says which way its raised contact level moves the events (it said the
    opposite): a sole taken to touch higher up leaves it later and comes down to it sooner."""
    t = np.arange(0, 3.5, 1 / 30)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.0005, drop_every=0, seed=0)
    (steady,), (raised,) = (
        find_flights(JumpSignals.from_series(t * 1000, ys, contact_height=level)) for level in (0.02, 0.03)
    )
    assert raised.takeoff_s > steady.takeoff_s and raised.landing_s < steady.landing_s, (steady, raised)
    (flag,) = [q for q in _quality(noise=0.02) if q.startswith("noisy foot landmarks")]
    assert "take-off may be found a little late and a landing a little early" in flag
