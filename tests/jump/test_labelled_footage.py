"""Every CPU backend against the labelled real-footage dev set (tests/jump/labels/real_jumps.json).

The bars (issue 23): every labelled jump found and none invented; take-off
and landing within 1.5 frames of the labels; flight within 1 frame (median
over a clip's jumps) and 2 (max); the backends within 1 frame of each other
on every jump. A slow-motion clip is refused, offering ``--capture-fps``; a
clip with cuts and slowed segments is refused (its slowed flight says the
clock is not real time) or every number it gives is flagged.

Where a bar is not met yet, the case is an expected failure with the numbers
measured (``python -m tests.jump.labelled`` is not needed: the reason of each
mark is what the assertion prints). A strict mark turns into a failure the
day the bar is met, so the table below must then be updated. Marks are
strict except where the measured value lies within 0.2 frame of its bar:
there another CPU's arithmetic (AMD AVX-512 against Intel AMX) could move it
across, and the test command must pass on both. OpenVINO runs at fp32 here
(tests/jump/conftest.py: its bf16 rounds differently on the two).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set, analyze_tracking
from kinemotion.jump.ballistic import CaptureRateError, EditedClipError, SlowMotionError
from kinemotion.tracking import TrackingResult
from tests.jump.labelled import Score, labelled_jumps, labels, reported_flights, score, timing_clips

pytestmark = pytest.mark.models

BACKENDS = ("rtmpose-openvino", "rtmpose-cpu", "mediapipe")
EVENT_FRAMES = 1.5
FLIGHT_MEDIAN_FRAMES = 1.0
FLIGHT_MAX_FRAMES = 2.0
AGREE_FRAMES = 1.0

# (clip, backend, bar) -> what was measured when the bar was not met (frames)
NOT_YET: dict[tuple[str, str, str], str] = {}
NOT_YET_LOOSE: dict[tuple[str, str, str], str] = {
    ("backflip-demo.mp4", "mediapipe", "flight"): "flights long: median +0.82, max 2.07 after MediaPipe's declared "
    "foot timing bias (-5.2, +8.0 ms); on this clip (facing the camera, against the sun) its feet leave earlier "
    "still (-15 ms)",
    ("cmj_front_oblique_handheld_30fps.mp4", "rtmpose-openvino", "flight"): "flight +1.04 frames at fp32 (+0.90 in "
    "bf16 on an Intel AMX CPU; rtmpose-cpu +0.95, mediapipe +0.87): every backend sees the feet touch down about "
    "half a frame after the labels' midpoint; the labels re-checked stand, and against the clip's contact mat (789 "
    "ms) every backend is within 12 ms (the mat's test below): the midpoints make most of it",
}
NOT_YET_AGREE: dict[str, tuple[str, bool]] = {}


def _case(clip: str, backend: str, bar: str) -> pytest.param:  # type: ignore[valid-type]
    marks = []
    if (reason := NOT_YET.get((clip, backend, bar))) is not None:
        marks.append(pytest.mark.xfail(strict=True, reason=reason))
    if (reason := NOT_YET_LOOSE.get((clip, backend, bar))) is not None:
        marks.append(pytest.mark.xfail(strict=False, reason=reason))
    return pytest.param(clip, backend, marks=marks, id=f"{clip[:-4]}-{backend}")


def _cases(bar: str) -> list[pytest.param]:  # type: ignore[valid-type]
    return [_case(clip, backend, bar) for clip in timing_clips() for backend in BACKENDS]


@pytest.fixture(scope="module")
def scores(tracked: Callable[[str, str], TrackingResult]) -> Callable[[str, str], Score]:
    cache: dict[tuple[str, str], Score] = {}

    def get(clip: str, backend: str) -> Score:
        if (clip, backend) not in cache:
            cache[clip, backend] = score(clip, reported_flights(JumpSignals.from_tracking(tracked(clip, backend))))
        return cache[clip, backend]

    return get


@pytest.mark.parametrize(("clip", "backend"), _cases("found"))
def test_every_labelled_jump_is_found_and_none_invented(
    scores: Callable[[str, str], Score], clip: str, backend: str
) -> None:
    result = scores(clip, backend)
    assert result.found == result.labelled and not result.invented, result.describe()


@pytest.mark.parametrize(("clip", "backend"), _cases("events"))
def test_take_off_and_landing_within_one_and_a_half_frames(
    scores: Callable[[str, str], Score], clip: str, backend: str
) -> None:
    result = scores(clip, backend)
    assert result.takeoff, result.describe()
    assert max(np.abs(result.takeoff)) <= EVENT_FRAMES, result.describe()
    assert max(np.abs(result.landing)) <= EVENT_FRAMES, result.describe()


@pytest.mark.parametrize(("clip", "backend"), _cases("flight"))
def test_flight_within_a_frame_median_and_two_at_most(
    scores: Callable[[str, str], Score], clip: str, backend: str
) -> None:
    result = scores(clip, backend)
    assert result.flight, result.describe()
    assert float(np.median(np.abs(result.flight))) <= FLIGHT_MEDIAN_FRAMES, result.describe()
    assert max(np.abs(result.flight)) <= FLIGHT_MAX_FRAMES, result.describe()


@pytest.mark.parametrize(
    "clip",
    [
        pytest.param(
            c,
            marks=[pytest.mark.xfail(strict=NOT_YET_AGREE[c][1], reason=NOT_YET_AGREE[c][0])]
            if c in NOT_YET_AGREE
            else [],
        )
        for c in timing_clips()
    ],
)
def test_the_backends_agree_within_a_frame_on_every_jump(scores: Callable[[str, str], Score], clip: str) -> None:
    found = {b: scores(clip, b).matched for b in BACKENDS}
    for i, jump in enumerate(labelled_jumps(clip)):
        events = np.array([m[i] for m in found.values() if m[i] is not None])
        if len(events) < 2:
            continue  # missed by all but one: the finding test says so
        spread = events.max(axis=0) - events.min(axis=0)
        assert spread.max() <= AGREE_FRAMES, (clip, jump, {b: m[i] for b, m in found.items()})


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_hand_held_cmj_s_flight_matches_its_contact_mat_within_half_a_frame(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    """The hand-held CMJ was jumped on a contact mat (789 ms): an instrument, where a label only bounds each event
    to a frame interval. The labels (take-off between frames 11 and 12, landing between 34 and 35; re-checked
    by the protocol) bound the flight to 22-24 frames and hold the mat's 23.6; their midpoints give 23 frames
    (768 ms), 0.64 frame short of the mat, which is most of the "+1.04 frames" the flight bar measures (a loose
    expected failure above). The analysis is held to the mat: within half a frame, and its 90 % interval holding
    it (measured: 801.2, 798.5 and 795.7 ms on rtmpose-openvino, rtmpose-cpu and mediapipe, each ± 25-26 ms)."""
    clip = "cmj_front_oblique_handheld_30fps.mp4"
    (label,) = labelled_jumps(clip)
    mat_s = label["mat_flight_ms"] / 1000
    frame_s = 1 / labels()[clip]["fps"]
    assert (
        (label["landing"] - label["takeoff"] - 1) * frame_s
        <= mat_s
        <= (label["landing"] - label["takeoff"] + 1) * frame_s
    )
    signals = JumpSignals.from_tracking(tracked(clip, backend))
    (jump,) = analyze_cmj_set(signals).jumps
    error = jump.flight_time_s - mat_s
    assert abs(error) <= 0.5 / signals.fps, f"{backend}: flight {jump.flight_time_s * 1000:.1f} ms, mat 789 ms"
    assert abs(error) <= jump.metric_uncertainty["flight_time_s"], (error, jump.metric_uncertainty["flight_time_s"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_slow_motion_clip_is_refused_offering_its_capture_rate(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    """Header jump filmed in slow motion, saved at 30 fps: its flight lasts ~5.6 s in the file."""
    with pytest.raises(SlowMotionError, match="slow motion or a wrong frame rate") as caught:
        analyze_cmj_set(JumpSignals.from_tracking(tracked("header_jump_slowmo_a.mp4", backend)))
    assert "--capture-fps" in str(caught.value)
    assert caught.value.capture_fps is not None and caught.value.capture_fps > 150  # ~8x slowed (about 240 fps)
    assert "--capture-fps 240" in str(caught.value)  # the longest airborne phase, rounded to a common rate


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_slow_motion_clip_at_its_capture_rate_is_timed_and_flagged_as_starting_in_the_movement(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    """At ``--capture-fps 240`` the header clip's flight is timed against its labels (167 file frames), and, as the
    clip starts 0.05 s before take-off, the jump says so: no standing was seen to judge the countermovement by."""
    clip = "header_jump_slowmo_a.mp4"
    (label,) = labels()[clip]["jumps"]
    (jump,) = analyze_cmj_set(JumpSignals.from_tracking(tracked(clip, backend), capture_fps=240.0)).jumps
    # 240 fps is the rate the hips' fall gives (the labellers judged ~8x slowed), not a known one: within 5 %
    assert jump.flight_time_s == pytest.approx((label["landing"] - label["takeoff"]) / 240.0, rel=0.05)
    assert any("the clip starts in the movement" in q for q in jump.quality), jump.quality
    # no still squat is in the clip, so nothing makes it a squat jump (before: "squat jump", the hip "dropping
    # 0.000 body heights" from the clip's first frame, in the push, beside "the kind of jump may be wrong")
    assert jump.jump_kind == "cmj" and jump.unknown_events == ("countermovement_start",), jump.quality
    assert not any(q.startswith("squat jump") for q in jump.quality), jump.quality


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_clip_with_cuts_and_slowed_parts_is_refused_as_edited_offering_no_capture_rate(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    """A running dunk, edited: speed ramps (the flight is slowed), cuts to other angles, a moving camera.

    Before: refused as slow motion offering ``--capture-fps 183`` (its slowed flight's rate), which makes no
    sense for an edited clip: its other flights run in real time. Given a rate all the same, it is still edited.
    """
    tracking = tracked("dunk_moving_camera_cuts.mp4", backend)
    with pytest.raises(EditedClipError, match=r"^This clip looks edited \(speed changes, cuts\)") as refused:
        analyze_cmj_set(JumpSignals.from_tracking(tracking))
    assert refused.value.capture_fps is None and "give it: --capture-fps" not in str(refused.value)
    with pytest.raises(EditedClipError, match="looks edited"):
        analyze_tracking(tracking, "cmj", capture_fps=240)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_real_time_clip_claimed_to_be_slow_motion_is_refused_and_the_slow_motion_clip_measured(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    """``--capture-fps 45`` on the squat jump filmed at 30 fps: its hips would fall at over 2 g, refused naming
    the file's own rate; the header clip at the 240 frames/s its refusal offers passes the same check."""
    with pytest.raises(CaptureRateError, match=r"--capture-fps 45 does not fit this clip") as refused:
        analyze_tracking(tracked("squat_jump_side_30fps.mp4", backend), "cmj", capture_fps=45)
    assert "the file's own rate" in str(refused.value) and "leave --capture-fps out" in str(refused.value)
    assert 25 < refused.value.supported_fps < 36
    report = analyze_tracking(tracked("header_jump_slowmo_a.mp4", backend), "cmj", capture_fps=240)
    assert len(report.jumps) == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_reported_uncertainty_covers_the_labels_in_nine_events_of_ten(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    """An event's interval (its time ± its 90 % half-width) must overlap the labelled frame interval."""
    hits = []
    for clip in timing_clips():
        signals = JumpSignals.from_tracking(tracked(clip, backend))
        try:
            jumps = analyze_cmj_set(signals).jumps
        except AnalysisError:
            continue
        for label in labelled_jumps(clip):
            for jump in jumps:
                a, b = jump.phases_frame["takeoff"], jump.phases_frame["landing"]
                if min(b, label["landing"]) - max(a, label["takeoff"] - 1) <= 0:
                    continue
                for event in ("takeoff", "landing"):
                    half = jump.uncertainty_s[event] * signals.fps
                    hits.append(abs(jump.phases_frame[event] - (label[event] - 0.5)) <= half + 0.5)
                break
    assert len(hits) >= 30, len(hits)
    assert np.mean(hits) >= 0.9, f"{np.mean(hits):.2f} of {len(hits)} events covered"


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_squat_jump_clip_is_a_squat_jump_and_the_cmj_clip_a_cmj(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    """The labelled kinds: one squat jump from a held squat (a small dip before the push), one CMJ."""
    kinds = {}
    for clip in ("squat_jump_side_30fps.mp4", "cmj_front_oblique_handheld_30fps.mp4"):
        jumps = analyze_cmj_set(JumpSignals.from_tracking(tracked(clip, backend))).jumps
        kinds[clip] = [j.jump_kind for j in jumps]
    assert kinds == {"squat_jump_side_30fps.mp4": ["squat_jump"], "cmj_front_oblique_handheld_30fps.mp4": ["cmj"]}


SUB_PIXEL = 0.3
"""Landmark noise (pixels, one standard deviation, every coordinate of every frame) too small to see."""
SUB_PIXEL_SEEDS = range(8)
SUB_PIXEL_FRAMES = 0.3
"""Issue 23's bar: a sub-pixel change moves an event by less than this (frames) ..."""
SUB_PIXEL_SHARE = 0.99
"""... here, this share of the events at least (measured: 0.998 of 1,008; the rest by 0.5 frame at most, each a
foot settling slowly onto the ground) ..."""
SUB_PIXEL_MOST = 0.75
"""... and none by this much: no frame boundary snaps an event."""


def _jittered(result: TrackingResult, seed: int) -> TrackingResult:
    rng = np.random.default_rng(seed)
    landmarks = result.landmarks.copy()
    shape = landmarks.shape[:2]
    landmarks[:, :, 0] += rng.normal(0, SUB_PIXEL / result.video.width, shape).astype(np.float32)
    landmarks[:, :, 1] += rng.normal(0, SUB_PIXEL / result.video.height, shape).astype(np.float32)
    return replace(result, landmarks=landmarks)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_sub_pixel_change_of_the_landmarks_finds_the_same_jumps_at_the_same_frames(
    tracked: Callable[[str, str], TrackingResult], backend: str
) -> None:
    """0.3 px of noise on every landmark (another CPU's rounding is of that order) finds and refuses the same jumps
    and moves their events by a small fraction of a frame.

    Before: on MediaPipe's demo one seed in eight made a turn on the box a jump: its hips only sank, but the
    take-off, placed 0.4 frame earlier, took in one more sample, at the take-off's height, and the hips' rise
    was their highest sample's.
    """
    moves = []
    for clip in timing_clips():
        result = tracked(clip, backend)
        found = np.array(reported_flights(JumpSignals.from_tracking(result)))
        for seed in SUB_PIXEL_SEEDS:
            again = np.array(reported_flights(JumpSignals.from_tracking(_jittered(result, seed))))
            assert again.shape == found.shape, (clip, seed, found.tolist(), again.tolist())
            moves.extend(np.abs(again - found).ravel())
    assert np.mean(np.array(moves) < SUB_PIXEL_FRAMES) >= SUB_PIXEL_SHARE, sorted(moves)[-10:]
    assert max(moves) < SUB_PIXEL_MOST, sorted(moves)[-10:]
