"""A clip that ends in the movement: a flight the clip's end cuts is said, never measured short or lost unsaid.

The mirror of ``test_late_start.py``. A clip cut in the air has no landing in view; cut on the landing's frame or
one after it, the ground landed on is read from a foot still settling (the toes compressing, the heel coming
down), higher than it rests, and the landing came out early: physics-generated hops of 0.3 s measured 0.257 s
(cut on the landing's frame) and 0.284 s (one frame later) at 30 fps, unflagged. A landing now needs two frames
from it to the clip's end, and one within 0.4 s of it is flagged. A single jump cut in the air was
refused as "the feet never leave the ground".
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set, analyze_dropjump
from tests.jump.physics import cmj_motion, dropjump_motion, hop_set_motion, landmarks


def _cut(t: np.ndarray, y: dict[str, np.ndarray], end_s: float) -> JumpSignals:
    """``y`` up to ``end_s`` (the clip's last frame the last sample at or before it)."""
    keep = t <= end_s + 1e-9
    return JumpSignals.from_series(t[keep] * 1000, {n: v[keep] for n, v in y.items()})


def _hops(fps: float, seed: int = 1) -> tuple[np.ndarray, dict[str, np.ndarray], list[float], list[float]]:
    """Four two-foot hops (0.3 s flights, 0.25 s contacts) with 2 mm-ish landmark noise: time, landmarks, the
    take-offs and the landings (s)."""
    t = np.arange(0.0, 4.0, 1 / fps)
    motion, truths = hop_set_motion(t, 0.3, 0.25, 4)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=seed)
    return t, y, [x.takeoff_s for x in truths], [x.landing_s for x in truths]


@pytest.mark.parametrize("fps", [30.0, 60.0])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hops_cut_on_their_last_landing_s_frame_are_refused_or_flagged(fps: float, seed: int) -> None:
    """Before: the last hop came out 0.257 s for 0.3 (30 fps), nothing said. Now it is left out with a note (the
    clip holds one frame from the touch-down, or none: still in the air), or measured from two frames and
    flagged (0.277-0.286 s at 60 fps, where the landing falls on a frame)."""
    t, y, _, landings = _hops(fps, seed)
    jumps = analyze_cmj_set(_cut(t, y, landings[-1]))
    assert [j.flight_time_s for j in jumps.jumps[:3]] == pytest.approx([0.3] * 3, abs=1 / fps)
    if len(jumps.jumps) == 3:
        note = jumps.notes[-1]
        assert "the landing is not in view" in note or "too few to place the landing" in note
        assert "film until the athlete stands still" in note
    else:
        assert any(q.startswith("the clip ends 0.0") for q in jumps.jumps[-1].quality), jumps.jumps[-1].quality


def test_a_hop_cut_two_frames_after_its_landing_is_measured_and_flagged() -> None:
    # 60 fps, the clip ending on the frame after the landing's: two frames from the landing, placed within one
    t, y, _, landings = _hops(60.0)
    jumps = analyze_cmj_set(_cut(t, y, landings[-1] + 1 / 60))
    assert [j.flight_time_s for j in jumps.jumps] == pytest.approx([0.3] * 4, abs=1 / 60)
    assert any(q.startswith("the clip ends 0.0") for q in jumps.jumps[-1].quality), jumps.jumps[-1].quality
    assert not any(q.startswith("the clip ends") for q in jumps.jumps[0].quality)


@pytest.mark.parametrize("fps", [30.0, 60.0])
def test_hops_cut_in_the_air_say_the_last_landing_is_not_in_view(fps: float) -> None:
    """Before: the hop in the air at the clip's end was left out without a word (no note, no flag)."""
    t, y, takeoffs, _ = _hops(fps)
    jumps = analyze_cmj_set(_cut(t, y, takeoffs[-1] + 0.1))
    assert len(jumps.jumps) == 3
    assert "the clip ends with the feet off the ground" in jumps.notes[-1]
    assert "the landing is not in view" in jumps.notes[-1]


@pytest.mark.parametrize("fps", [30.0, 60.0])
@pytest.mark.parametrize("in_air_s", [0.1, 0.4])
def test_a_single_jump_cut_in_the_air_is_refused_saying_why(fps: float, in_air_s: float) -> None:
    """Before: "No flight phase found: the feet never leave the ground", of a clip whose feet were seen leaving."""
    t = np.arange(0.0, 3.0, 1 / fps)
    motion = cmj_motion(t, 0.5)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=1)
    with pytest.raises(AnalysisError, match="the clip ends with the feet off the ground") as caught:
        analyze_cmj_set(_cut(t, y, motion.truth.takeoff_s + in_air_s))
    assert "never leave the ground" not in str(caught.value)


@pytest.mark.parametrize("fps", [30.0, 60.0])
def test_a_landing_near_the_clip_s_end_is_measured_and_flagged(fps: float) -> None:
    # three frames and more after the landing: placed (within a frame here), and flagged, as the ground it lands on
    # is read over less than the stance window
    t = np.arange(0.0, 3.0, 1 / fps)
    motion = cmj_motion(t, 0.5)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=1)
    for after_s in (3 / fps, 0.2):
        (jump,) = analyze_cmj_set(_cut(t, y, motion.truth.landing_s + after_s)).jumps
        assert jump.flight_time_s == pytest.approx(0.5, abs=1 / fps)
        assert any(q.startswith("the clip ends") and "after the landing" in q for q in jump.quality), jump.quality
    (jump,) = analyze_cmj_set(_cut(t, y, motion.truth.landing_s + 1.0)).jumps
    assert not any(q.startswith("the clip ends") for q in jump.quality)


@pytest.mark.parametrize("fps", [30.0, 60.0])
def test_a_drop_jump_whose_rebound_is_cut_says_the_clip_ends(fps: float) -> None:
    """Before: "No rebound jump found ... with take-off and landing in view", the landing cut off unsaid."""
    t = np.arange(0.0, 4.0, 1 / fps)
    motion = dropjump_motion(t, 0.4, 0.25, 0.45)
    y = landmarks(t, motion, noise=0.002, drop_every=0, seed=1)
    with pytest.raises(AnalysisError, match="The clip ends with the feet off the ground"):
        analyze_dropjump(_cut(t, y, motion.truth.landing_s - 0.1))
    with pytest.raises(AnalysisError, match="too few to place the landing"):
        analyze_dropjump(_cut(t, y, motion.truth.landing_s))


@pytest.mark.parametrize("fps", [30.0, 60.0])
def test_hops_filmed_from_inside_the_first_flight_say_that_take_off_is_not_in_view(fps: float) -> None:
    """The mirror at the start. Before: the first hop, its take-off before the clip, was left out without a word."""
    t, y, takeoffs, _ = _hops(fps)
    keep = t >= takeoffs[0] + 0.1
    jumps = analyze_cmj_set(JumpSignals.from_series((t[keep] - t[keep][0]) * 1000, {n: v[keep] for n, v in y.items()}))
    assert [j.flight_time_s for j in jumps.jumps] == pytest.approx([0.3] * 3, abs=1 / fps)
    assert jumps.notes[0].startswith("the clip starts with the feet off the ground")


def test_a_take_off_a_frame_or_two_into_the_clip_is_refused_saying_how_many_frames_there_are() -> None:
    """Before: "the recording starts too late", without what it lacked; the take-off is not placed from one or two
    samples of ground (tried: the audit's rope hop so measured was 2.3 frames off)."""
    t, y, takeoffs, _ = _hops(30.0)
    keep = t >= takeoffs[0] - 1 / 30
    jumps = analyze_cmj_set(JumpSignals.from_series((t[keep] - t[keep][0]) * 1000, {n: v[keep] for n, v in y.items()}))
    assert len(jumps.jumps) == 3
    assert "the clip starts only 2 frames before it" in jumps.notes[0] and "film 0.5 s of standing" in jumps.notes[0]
