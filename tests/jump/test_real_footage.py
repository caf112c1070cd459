"""Jumps in backflip-demo.mp4, found on real tracking, against frames read by eye.

Where the events are, decided by looking at the frames (crops around the
athlete's feet; the camera is hand-held and tilts):

- Four jumping-jack hops on the box (both CPU backends; they must also agree
  within one frame on each). For each, the first frame with both feet
  clearly off the box and the first frame with a foot back on it:
  off 13, 30, 47, 65; on 20, 37, 56, 72. A take-off therefore lies between
  ``off - 1`` and ``off``, a landing between ``on - 1`` and ``on``.
- The jump off the box: the toes still touch the box edge in frame 166, are
  lifting in 167 and clearly in the air in 168, so take-off is frame 167; the
  toes touch the grass in frame 189 and the feet are flat in 190, so landing
  is frame 189. (The settled labels of tests/jump/labels, from a fresh look,
  see the shoes still in the air in 189 and first touch in 190: within this
  test's two frames either way. It is a dive and flip off the box, not a drop jump: there is
  no rebound, and the analysis says so.)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from kinemotion import AnalysisError
from kinemotion.jump import JumpSignals, analyze_dropjump, find_box_drop
from kinemotion.jump.constants import POSE_CONTACT_LEVEL
from kinemotion.jump.events import find_flights
from kinemotion.tracking import TrackingResult

pytestmark = pytest.mark.models

TAKEOFF_FRAME, LANDING_FRAME = 167, 189
HOPS_OFF = (13, 30, 47, 65)
HOPS_ON = (20, 37, 56, 72)
FRAMES = 2.0  # the bar: within 2 frames of an independent reference
BACKENDS = ("rtmpose-cpu", "rtmpose-openvino", "mediapipe")


@pytest.fixture(scope="module")
def trackings(tracked: Callable[[str, str], TrackingResult]) -> dict[str, TrackingResult]:
    return {b: tracked("backflip-demo.mp4", b) for b in BACKENDS}


@pytest.fixture(scope="module")
def rtmpose_tracking(trackings: dict[str, TrackingResult]) -> TrackingResult:
    return trackings["rtmpose-cpu"]


def _hops(tracking: TrackingResult) -> list[tuple[float, float]]:
    signals = JumpSignals.from_tracking(tracking)
    flights = [f for f in find_flights(signals) if signals.frame_at(f.landing_s) < 80]
    return [(signals.frame_at(f.takeoff_s), signals.frame_at(f.landing_s)) for f in flights]


@pytest.mark.parametrize("backend", BACKENDS)
def test_hops_on_the_box_found_within_two_frames(trackings: dict[str, TrackingResult], backend: str) -> None:
    hops = _hops(trackings[backend])
    assert len(hops) == 4
    for (takeoff, landing), off, on in zip(hops, HOPS_OFF, HOPS_ON, strict=True):
        assert off - 1 - FRAMES <= takeoff <= off + FRAMES, (takeoff, off)
        assert on - 1 - FRAMES <= landing <= on + FRAMES, (landing, on)


@pytest.mark.parametrize("other", ["mediapipe", "rtmpose-openvino"])
def test_the_cpu_backends_agree_on_each_hop_within_a_frame(trackings: dict[str, TrackingResult], other: str) -> None:
    for a, b in zip(_hops(trackings["rtmpose-cpu"]), _hops(trackings[other]), strict=True):
        assert abs(a[0] - b[0]) <= 1.0 and abs(a[1] - b[1]) <= 1.0, (a, b)


def _quantised(tracking: TrackingResult, step_px: float, offset_px: float) -> list[tuple[float, float]]:
    """The hops found after rounding every landmark to a grid of ``step_px`` pixels (moved ``offset_px``)."""
    h = tracking.video.height
    ys = {n: tracking.series(n)[:, 1].astype(np.float64) for n in tracking.landmark_names}
    xs = {n: tracking.series(n)[:, 0].astype(np.float64) for n in tracking.landmark_names}
    ys = {n: ((np.round(y * h / step_px + offset_px) - offset_px) * step_px / h) for n, y in ys.items()}
    bias = tracking.backend.foot_timing_bias_s or (0.0, 0.0)  # as from_tracking carries it
    signals = JumpSignals.from_series(
        tracking.timestamps_ms, ys, xs, contact_height=POSE_CONTACT_LEVEL, timing_bias_s=bias
    )
    flights = [f for f in find_flights(signals) if signals.frame_at(f.landing_s) < 80]
    return [(signals.frame_at(f.takeoff_s), signals.frame_at(f.landing_s)) for f in flights]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_sub_pixel_change_of_the_landmarks_moves_no_hop_event_by_a_third_of_a_frame(
    trackings: dict[str, TrackingResult], backend: str
) -> None:
    """What separates two builds of one model (fp32 against bf16, AVX-512 against AMX) is a fraction of a
    pixel: rounding every landmark to a whole or a half pixel (up to 0.5 px) must not move an event by a
    frame, as the choice of one crossing sample did (one hop's take-off at 63.0 on one CPU, 64.43 on another)."""
    hops = np.array(_hops(trackings[backend]))
    for step, offset in ((1.0, 0.0), (1.0, 0.25), (0.5, 0.0), (0.5, 0.25)):
        moved = np.array(_quantised(trackings[backend], step, offset))
        assert moved.shape == hops.shape, (step, offset, moved, hops)
        assert np.abs(moved - hops).max() < 0.3, (step, offset, moved - hops)


def test_flight_off_the_box_found_within_a_few_frames(rtmpose_tracking: TrackingResult) -> None:
    signals = JumpSignals.from_tracking(rtmpose_tracking)
    drop, box, ground = find_box_drop(signals)
    frame = signals.frame_at
    # RTMPose loses the athlete from frame 165 (upside down): the last frame seen on the box stands for take-off.
    assert abs(frame(drop.takeoff_s) - TAKEOFF_FRAME) <= 4, frame(drop.takeoff_s)
    assert abs(frame(drop.landing_s) - LANDING_FRAME) <= FRAMES, frame(drop.landing_s)
    assert box - ground > 1.0  # the box is about 1.35 body heights high here
    with pytest.raises(AnalysisError, match="No rebound jump") as info:
        analyze_dropjump(signals)
    assert set(info.value.phases_s) == {"box_drop", "ground_contact"}


def test_each_jump_landmark_is_nearest_its_namesake_in_the_other_backend(
    trackings: dict[str, TrackingResult],
) -> None:
    """Landmark identity from the footage itself: a left/right or heel/toe swap in either backend fails."""
    from kinemotion.landmarks import REQUIRED_LANDMARKS

    rtm, mp = trackings["rtmpose-cpu"], trackings["mediapipe"]
    aspect = rtm.video.width / rtm.video.height
    both = [i for i in range(160) if rtm.found[i] and mp.found[i]]  # the athlete on the box
    assert len(both) > 100

    def points(result: TrackingResult, i: int) -> np.ndarray:
        xy = np.array([result.series(n)[i, :2] for n in REQUIRED_LANDMARKS], dtype=np.float64)
        return xy * np.array([aspect, 1.0])

    distances = np.stack([
        np.linalg.norm(points(rtm, i)[:, None, :] - points(mp, i)[None, :, :], axis=2) for i in both
    ])  # fmt: skip
    median = np.median(distances, axis=0)  # [rtmpose landmark, mediapipe landmark]
    for k, name in enumerate(REQUIRED_LANDMARKS):
        nearest = REQUIRED_LANDMARKS[int(np.argmin(median[k]))]
        assert nearest == name, f"rtmpose {name} lies nearest mediapipe {nearest}"
