"""Drop jump: phases and metrics of every drop jump in a recording.

Phases of one drop jump: box drop (the last foot leaves the box: the end of
the last stance of at least ``MIN_STANCE_S`` within a band around the box
level before the feet reach the ground; the box level is the feet's median
height over the first 0.5 s, the band the threshold or four times the
tracking noise, whichever is larger), ground contact (the first foot touches
the ground), take-off and landing of the rebound jump (the first flight after
contact, before the athlete is back on the box). A recording may hold several
drop jumps: the athlete steps back onto the box between them.

Events use the same contact level and support levels as the CMJ
(:mod:`kinemotion.jump.events`). The box drop starts from rest, so it is
where the last foot's fall, fitted as a free fall from the box level, began
(when enough of the fall is tracked), and the last frame seen on the box
otherwise.

Metrics: ground contact time (contact to take-off), flight time, jump height
``g t² / 8``, reactive strength index (jump height in m / contact time in s),
and the drop height in body heights (and in metres, with the athlete's
height). Where both feet are tracked through the
drop, the landing's left/right asymmetry: each sole's own first touch of the
ground (the same contact level), which foot touched first
(``first_foot_down``; ``both`` when the two touches are closer than their
uncertainty or a quarter frame) and by how much (``landing_foot_lag_s``).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from kinemotion.errors import AnalysisError
from kinemotion.jump.apex import landing_from_the_apex, take_off_from_the_apex
from kinemotion.jump.ballistic import (
    LOW,
    MAX_FLIGHT_S,
    SIGMAS,
    SlowMotionError,
    check_ballistic,
    edited_clip,
    fit_flight,
    gravity_range,
)
from kinemotion.jump.constants import MIN_STANCE_S, NOSE_TO_FEET_PER_HEIGHT, STANDING_S, THRESHOLD, G
from kinemotion.jump.events import (
    Airborne,
    clearly_airborne,
    clip_edges,
    contact_level,
    find_flights,
    first_touch_sd,
    stance_window,
    support_level,
)
from kinemotion.jump.hip_timing import bracket_by_hips, said_after_the_bracket
from kinemotion.jump.quality import quality_flags, require_same_ground
from kinemotion.jump.result import COVERAGE_Z, JumpResult, JumpSet, collect_jumps, known_metrics
from kinemotion.jump.signals import NOISE_SHARE_30FPS, JumpSignals, check_signals, ground_level, runs, savgol
from kinemotion.jump.stride import STEP_S, check_feet_together

FloatArray = npt.NDArray[np.float64]

__all__ = ["DropJumpResult", "analyze_dropjump", "analyze_dropjump_set", "find_box_drop", "find_box_drops"]


MAX_CONTACT_S = 1.0
"""A drop jump rebounds at once (contacts of 0.15-0.5 s): a rebound this long or more after the ground contact
is a landing, then a separate jump."""
BOX_MIN = 3 * THRESHOLD
"""A box is at least this high (body heights, ~15 cm): lower, the feet's level is not told from the floor's."""
FALL_SLACK_FRAMES = 2.0
"""How many frame intervals the drop may take beyond a free fall from the box (where the step-off and the touch
fall between frames)."""


@dataclass(frozen=True, kw_only=True)
class DropJumpResult(JumpResult):
    """One drop jump: the phases and flags of :class:`JumpResult`, and its metrics."""

    ground_contact_time_s: float
    """First touch after the drop to take-off (s)."""
    flight_time_s: float
    """The rebound's take-off to landing (s)."""
    jump_height_m: float
    """``g·t²/8`` from the flight time (m)."""
    reactive_strength_index: float
    """RSI: ``jump_height_m / ground_contact_time_s`` (m/s)."""
    drop_height_bh: float
    """The box: the feet's level on it above the ground (body heights)."""
    first_foot_down: str | None = None
    """``"left"``, ``"right"`` or ``"both"`` (closer than a quarter frame or than their uncertainty): the foot
    that touched the ground first.

    None unless both feet are tracked through the drop.
    """
    landing_foot_lag_s: float | None = None
    """How long after the first foot the other one touched (s; None unless both feet are tracked)."""
    metres_per_body_height: float | None = None
    """The scale from the athlete's height (None when it was not given: no metre versions)."""
    jump_kind: str = "dropjump"
    """Always ``dropjump``."""

    def metrics(self) -> dict[str, float | None]:
        """The metrics as a flat dict, the drop height in metres included; None where not known (no scale, not
        measured)."""
        scale = self.metres_per_body_height
        return known_metrics(
            {
                "ground_contact_time_s": self.ground_contact_time_s,
                "flight_time_s": self.flight_time_s,
                "jump_height_m": self.jump_height_m,
                "reactive_strength_index": self.reactive_strength_index,
                "drop_height_bh": self.drop_height_bh,
                "landing_foot_lag_s": self.landing_foot_lag_s,
                "drop_height_m": None if scale is None else self.drop_height_bh * scale,
            }
        )

    def findings(self) -> dict[str, str]:
        """``first_foot_down`` when both feet were tracked through the drop."""
        return {} if self.first_foot_down is None else {"first_foot_down": self.first_foot_down}


@dataclass(frozen=True)
class BoxDrop:
    """The drop from the box: leaving it, touching the ground, and the limit of this repetition."""

    drop: Airborne
    box: float
    ground: float
    until_index: int
    """Where the next repetition starts (the athlete back on the box), or the end of the recording."""
    feet_touch_s: tuple[float, float] | None = None
    """When the left and the right sole each touched the ground (None unless both are tracked through the drop)."""
    feet_touch_sd_s: float = 0.0
    """Standard uncertainty of the difference of the two touches."""


def _box_drop_time(s: JumpSignals, stance_start: int, last_on_box: int, contact: int, level: float) -> float:
    """When the last foot left the box at ``level``: the start of its fall from rest.

    Falling from rest, the foot is ``level - a (t - t0)^2`` below the box, so
    ``sqrt(level - foot)`` is a straight line in time that reaches zero at the
    step-off ``t0``; it is fitted to the clearly falling samples (the last
    foot more than the threshold below the box). Without at least three of
    them, tracked from the box on, the last frame seen on the box stands for it.
    """
    upper = np.fmax(s.foot_left, s.foot_right)
    idx = np.arange(last_on_box + 1, contact)
    depth = level - upper[idx]
    falling = np.isfinite(depth) & (depth > THRESHOLD)
    tracked_from_box = falling.any() and np.isfinite(depth[: int(np.argmax(falling)) + 1]).all()
    if falling.sum() >= 3 and tracked_from_box:
        slope, intercept = np.polyfit(s.t[idx[falling]], np.sqrt(depth[falling]), 1)
        if slope > 0:
            start = float(-intercept / slope)
            if s.t[stance_start] <= start <= s.t[idx[falling][0]]:
                return start
    return float(s.t[last_on_box])


def find_box_drops(s: JumpSignals, flights: list[Airborne] | None = None) -> list[BoxDrop]:
    """Every drop from the box onto the ground, in time order.

    ``flights``: :func:`~kinemotion.jump.events.find_flights` of ``s``, when the caller has them already.

    Raises:
        AnalysisError: the athlete is never seen standing still on a box, or
            no drop is tracked from the box to the ground.
        TypeError: ``s`` is not a :class:`~kinemotion.jump.JumpSignals` (naming what was given), or ``flights``
            not a list of :class:`~kinemotion.jump.events.Airborne`.
    """
    check_signals(s, "find_box_drops", "dropjump")
    if flights is not None and not (isinstance(flights, list) and all(isinstance(f, Airborne) for f in flights)):
        raise TypeError(
            f"find_box_drops(flights) takes a list of the flights find_flights(s) found, or None to find them, got "
            f"{type(flights).__name__}: {flights!r:.80}"
        )
    ground = ground_level(s.foot)
    # Stance on the box is judged on the smoothed feet (0.2 s Savitzky–Golay): some
    # backends' foot landmarks jitter by several centimetres from frame to frame.
    smooth = savgol(s.foot, round(MIN_STANCE_S * s.fps) | 1)
    band = max(THRESHOLD, 4 * NOISE_SHARE_30FPS * s.noise)  # 4 x the feet's noise as read at 30 fps
    box = _box_level(s, smooth, ground, band)
    # Finding the stances allows a quarter of the box height (the athlete shifts, the camera
    # drifts); leaving one is judged against that stance's own level.
    wide = max(band, (box - ground) / 4)
    in_band = np.where(np.isfinite(smooth), np.abs(smooth - box) <= wide, False)
    # in a flight that left the ground the feet are not on the box, however near its height they pass (a
    # rebound as high as the box hangs within a quarter of it for 0.25 s: read as a stance on the box, it ended
    # the repetition before its own landing)
    g_low = gravity_range(None)[0]
    for flight in find_flights(s) if flights is None else flights:
        from_ground = max(flight.level_before, flight.level_after) < box - wide and flight.duration_s < MAX_FLIGHT_S
        if from_ground and _falls_freely(s, flight, g_low):
            in_band[(s.t > flight.takeoff_s) & (s.t < flight.landing_s)] = False
    # Down from the box: within the same quarter of the box height above the lowest level, so a
    # camera that moved after the contact (the ground higher or lower in the picture later on)
    # still shows where the fall ended; the contact itself is then placed against the ground
    # measured right after it. (Never empty: the ground level is a median of the lowest samples.)
    near_ground = np.where(np.isfinite(s.foot), s.foot <= ground + wide, False)
    # Standing on the box: a run of at least MIN_STANCE_S at box level (the feet can pass
    # the box level for a frame or two in the air, e.g. in a flip).
    stances = [(a, b) for a, b in runs(in_band) if s.t[b - 1] - s.t[a] >= MIN_STANCE_S]
    if not stances:
        raise AnalysisError(
            "The feet are never seen standing on the box before the drop: a drop jump recording shows the athlete "
            f"still on the box for {STANDING_S:g} s, the feet in view, before stepping off; a jump from "
            'the floor (a counter-movement or squat jump) is analysed as "cmj" (`kinemotion cmj`).'
        )
    airborne = clearly_airborne(s)
    window = stance_window(s)
    upper = np.fmax(s.foot_left, s.foot_right)
    drops: list[BoxDrop] = []
    not_drops: list[str] = []
    for k, (a, b) in enumerate(stances):
        landed = np.flatnonzero(near_ground[b:])
        next_start = stances[k + 1][0] if k + 1 < len(stances) else len(s.t)
        if len(landed) == 0 or b + int(landed[0]) >= next_start:
            continue  # back on the box (or the recording ends) before reaching the ground
        contact_i = b + int(landed[0])
        # Smoothing makes the stance end late; the raw feet show where the fall starts.
        stance_level = float(np.nanmedian(s.foot[a:b]))
        leave_i = min(b - 1, contact_i - 1)
        while leave_i > a and not upper[leave_i] >= stance_level - band:
            leave_i -= 1
        level = support_level(s, contact_i, contact_i + window, airborne)
        touch = first_touch_sd(s, leave_i + 1, level + contact_level(s), highest=contact_i + window)
        if touch is None or not np.isfinite(level):
            continue
        takeoff = _box_drop_time(s, a, leave_i, contact_i, stance_level)
        frame = 1 / s.fps
        landing = touch[0] - s.timing_bias_s[1]  # the backend's declared late touch taken off
        drop = Airborne(takeoff, landing, leave_i + 1, contact_i - 1, stance_level, level, frame, touch[1])
        # off a box the body falls freely: slower than a free fall from that height with the tallest athlete's
        # scale (the slowest fall in body heights), with hips that do not fall at about g, it was no drop (a
        # jump off the box may take longer, but its hips fall freely)
        longest = float(np.sqrt(2 * max(stance_level - level, 0.0) / g_low)) + FALL_SLACK_FRAMES * frame
        falls = _falls_freely(s, drop, g_low)
        feet = _feet_touch(s, leave_i + 1, level + contact_level(s), contact_i + window)
        touches, lag_sd = (None, 0.0) if feet is None else feet
        where = f"the feet came down {stance_level - level:.3f} body heights from {takeoff:.2f} to {landing:.2f} s"
        if drop.duration_s > longest and not falls:
            not_drops.append(
                f"{where}, in {drop.duration_s:.2f} s, with the hips not falling freely: a fall from that height "
                f"takes {longest:.2f} s at most, so that was no drop off a box (a step or a walk down, or the camera "
                "moving)"
            )
            continue
        if touches is not None and abs(touches[0] - touches[1]) >= STEP_S:
            not_drops.append(
                f"{where}, one foot {abs(touches[0] - touches[1]):.2f} s after the other: a step down, not a drop "
                "onto both feet"
            )
            continue
        drops.append(BoxDrop(drop, stance_level, level, next_start, touches, lag_sd))
    if not drops and not_drops:
        raise AnalysisError("No drop from a box found: " + "; ".join(not_drops) + ".")
    if not drops:
        last_on_box = float(s.t[stances[-1][1] - 1])
        raise AnalysisError(
            f"No drop from a box found: the feet stand still {box - ground:.2f} body heights above the ground until "
            f"{last_on_box:.2f} s, but are never seen touching the ground after it (the recording ends, or the feet "
            "leave the picture or are lost by the pose model, before they land). Film the whole drop, the feet in "
            "view from standing on the box to the rebound's landing; a jump from the floor (a counter-movement or "
            'squat jump) is analysed as "cmj" (`kinemotion cmj`).'
        )
    return drops


def _box_level(s: JumpSignals, smooth: FloatArray, ground: float, band: float) -> float:
    """The feet's level on the box: where they stand still for ``STANDING_S``, ``BOX_MIN`` or more above the ground.

    Usually the recording starts there (the median over its first ``STANDING_S``). Where it starts on the floor
    (the camera started before the athlete stepped up onto the box), the first stretch of ``STANDING_S`` whose
    smoothed feet keep within ``band`` of their median at that height is the box.

    Raises:
        AnalysisError: the feet are never still on anything a box high.
    """
    start = float(np.nanmedian(s.foot[s.t <= s.t[0] + STANDING_S]))
    if start - ground >= BOX_MIN:
        return start
    width = max(3, round(STANDING_S * s.fps) + 1)
    if len(smooth) >= width:
        windows = sliding_window_view(smooth, width)
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN window: not a stance
            level = np.nanmedian(windows, axis=1)
            spread = np.nanmax(np.abs(windows - level[:, None]), axis=1)
            seen = np.isfinite(windows).mean(axis=1)
            still = (seen >= 0.8) & (spread <= band) & (level - ground >= BOX_MIN)
        if still.any():
            return float(level[int(np.argmax(still))])
    raise AnalysisError(
        f"The athlete is never seen standing on a box: the feet start {start - ground:.2f} body heights above the "
        f"ground and are never still {BOX_MIN:.2f} or more above it for {STANDING_S:g} s. A drop jump recording "
        "shows the athlete standing still on the box before the drop; a jump from the floor (a counter-movement "
        'or squat jump) is analysed as "cmj" (`kinemotion cmj`).'
    )


def _falls_freely(s: JumpSignals, airborne: Airborne, g_low: float) -> bool:
    """Whether the hips fall at about g over ``airborne`` (the parabola fitted to them, within its error, not
    below ``LOW`` of the least g): False where too few hips are seen for a parabola."""
    fit = fit_flight(s, airborne)
    return fit is not None and fit.acceleration_bh_s2 + SIGMAS * fit.acceleration_se >= LOW * g_low


def _feet_touch(s: JumpSignals, start: int, level: float, highest: int) -> tuple[tuple[float, float], float] | None:
    """Each sole's own first touch of the ground (left, right), when both are tracked from ``start`` on, and
    the standard uncertainty of their difference."""
    stop = min(highest, len(s.t) - 1) + 1
    touches, sds = [], []
    for sole in (s.foot_left, s.foot_right):
        if not np.isfinite(sole[start:stop]).all():
            return None
        touch = first_touch_sd(replace(s, foot=sole), start, level, highest=highest)
        if touch is None:
            return None
        touches.append(touch[0] - s.timing_bias_s[1])
        sds.append(touch[1])
    return (touches[0], touches[1]), float(np.hypot(sds[0], sds[1]))


def _first_foot(touch_s: tuple[float, float], lag_sd_s: float, fps: float) -> str:
    """``"left"``, ``"right"``, or ``"both"`` when the two touches are closer than a quarter frame or than
    their difference's uncertainty (``COVERAGE_Z`` standard deviations): a lag within the noise is no finding."""
    left, right = touch_s
    if abs(left - right) < max(0.25 / fps, COVERAGE_Z * lag_sd_s):
        return "both"
    return "left" if left < right else "right"


def find_box_drop(s: JumpSignals) -> tuple[Airborne, float, float]:
    """The first drop from the box: its airborne phase, the box level and the ground level.

    Raises:
        AnalysisError: as :func:`find_box_drops`.
        TypeError: ``s`` is not a :class:`~kinemotion.jump.JumpSignals` (naming what was given).
    """
    check_signals(s, "find_box_drop", "dropjump")
    first = find_box_drops(s)[0]
    return first.drop, first.box, first.ground


def analyze_dropjump_set(s: JumpSignals, athlete_height_m: float | None = None) -> JumpSet[DropJumpResult]:
    """Every drop jump in ``s``, numbered in time order, with notes on drops without a rebound.

    With ``athlete_height_m`` the drop height is also in metres (``drop_height_m``).

    Raises:
        AnalysisError: no box, no contact, or no drop followed by a rebound flight.
        ValueError: ``athlete_height_m`` is not a height in metres (0.5 to 2.5).
        TypeError: ``s`` is not a :class:`~kinemotion.jump.JumpSignals` (naming what was given).
    """
    from kinemotion.jump.inputs import check_athlete_height  # imported here: inputs imports the analyses

    check_signals(s, "analyze_dropjump_set", "dropjump")
    athlete_height_m = check_athlete_height(athlete_height_m)
    scale = None if athlete_height_m is None else athlete_height_m * NOSE_TO_FEET_PER_HEIGHT
    flights = find_flights(s)
    try:
        drops = find_box_drops(s, flights)
        return collect_jumps(
            drops,
            lambda rep, number: _one_dropjump(s, rep, flights, number, scale),
            lambda rep: f"drop at {rep.drop.takeoff_s:.2f} s",
            "No drop jump found",
        )
    except SlowMotionError as exc:
        raise edited_clip(s, flights) or exc from None  # flights slowed unlike the others: edited, no rate to give


def analyze_dropjump(s: JumpSignals, athlete_height_m: float | None = None) -> DropJumpResult:
    """The first drop jump in ``s`` (see :func:`analyze_dropjump_set` for all of them).

    Raises:
        AnalysisError: no box, no contact, or no rebound flight after the contact.
        ValueError: ``athlete_height_m`` is not a height in metres (0.5 to 2.5).
        TypeError: ``s`` is not a :class:`~kinemotion.jump.JumpSignals` (naming what was given).
    """
    check_signals(s, "analyze_dropjump", "dropjump")
    return analyze_dropjump_set(s, athlete_height_m).jumps[0]


def _first_real_flight(
    s: JumpSignals, candidates: list[Airborne], contact: int
) -> tuple[Airborne | None, list[str], list[str]]:
    """The first of ``candidates`` (time order) that is a flight (from both feet, the hips falling freely), why
    each one before it is not, and the quality flags of an event the hips placed (see
    :mod:`kinemotion.jump.hip_timing`; ``contact``: the sample of the ground contact before it). A blip of
    the feet during the ground contact is passed over.

    Raises:
        SlowMotionError: a candidate falls far slower than gravity (said of the whole recording).
    """
    reasons: list[str] = []
    for candidate in candidates:
        try:
            check_feet_together(s, candidate)
            flight, placed_by_hips = bracket_by_hips(s, candidate, contact)
            if not placed_by_hips:  # within the bracket's bounds: a take-off the flight's parabola rules out
                flight, placed_by_hips = take_off_from_the_apex(s, flight)
            if not placed_by_hips:  # a landing the flight's parabola rules out
                flight, placed_by_hips = landing_from_the_apex(s, flight)
            with said_after_the_bracket(placed_by_hips):
                check_ballistic(s, flight)
        except SlowMotionError:
            raise
        except AnalysisError as exc:
            reasons.append(str(exc))
            continue
        return flight, reasons, placed_by_hips
    return None, reasons, []


def _one_dropjump(
    s: JumpSignals, rep: BoxDrop, flights: list[Airborne], number: int, metres_per_body_height: float | None
) -> DropJumpResult:
    drop = rep.drop
    limit = s.t[rep.until_index] if rep.until_index < len(s.t) else np.inf
    after = [f for f in flights if drop.landing_s < f.takeoff_s and f.landing_s < limit]
    rebound = [f for f in after if f.takeoff_s - drop.landing_s < MAX_CONTACT_S]
    flight, reasons, placed_by_hips = _first_real_flight(s, rebound, int(np.searchsorted(s.t, drop.landing_s)))
    if flight is None:
        late = [f for f in after if f not in rebound]
        if late:
            reasons.append(
                f"The next flight leaves the ground {late[0].takeoff_s - drop.landing_s:.2f} s after the contact "
                f"(at {late[0].takeoff_s:.2f} s): a drop jump's rebound leaves within {MAX_CONTACT_S:g} s, so that "
                "is a landing, then a separate jump."
            )
        cut = clip_edges(s)[1]  # the rebound's landing cut by the clip's end: said (before: only "no rebound")
        if cut is not None:
            reasons.append(f"{cut[0].upper()}{cut[1:]}.")
        raise AnalysisError(
            "No rebound jump found after the ground contact: the athlete must jump up as soon as they land, "
            "with take-off and landing in view." + "".join(f" {reason}" for reason in reasons),
            {"box_drop": drop.takeoff_s, "ground_contact": drop.landing_s},
        )
    require_same_ground(flight)
    contact = flight.takeoff_s - drop.landing_s
    height = G * flight.duration_s**2 / 8
    phases = {
        "box_drop": drop.takeoff_s,
        "ground_contact": drop.landing_s,
        "takeoff": flight.takeoff_s,
        "landing": flight.landing_s,
    }
    contact_sd = float(np.hypot(drop.landing_sd_s, flight.takeoff_sd_s))
    rsi = height / contact
    # RSI = g F² / 8 / C, F = L - T, C = T - G: a later take-off T shortens the flight and lengthens the contact,
    # both lowering RSI, so the two relative errors are not independent: their covariance through T is added
    rsi_relative_sd = math.sqrt(
        (2 * flight.duration_sd_s / flight.duration_s) ** 2
        + (contact_sd / contact) ** 2
        + 2 * (2 / flight.duration_s) * (1 / contact) * flight.takeoff_sd_s**2
    )
    sds = {"box_drop": drop.takeoff_sd_s, "ground_contact": drop.landing_sd_s}
    sds |= {"takeoff": flight.takeoff_sd_s, "landing": flight.landing_sd_s}
    feet = rep.feet_touch_s
    return DropJumpResult(
        first_foot_down=None if feet is None else _first_foot(feet, rep.feet_touch_sd_s, s.fps),
        landing_foot_lag_s=None if feet is None else abs(feet[0] - feet[1]),
        phases_s=phases,
        phases_frame={k: s.frame_at(v) for k, v in phases.items()},
        uncertainty_s={k: COVERAGE_Z * v for k, v in sds.items()},
        metric_uncertainty={
            "ground_contact_time_s": COVERAGE_Z * contact_sd,
            "flight_time_s": COVERAGE_Z * flight.duration_sd_s,
            "jump_height_m": COVERAGE_Z * G * flight.duration_s * flight.duration_sd_s / 4,
            "reactive_strength_index": COVERAGE_Z * rsi * rsi_relative_sd,
        },
        ground_contact_time_s=contact,
        flight_time_s=flight.duration_s,
        jump_height_m=height,
        reactive_strength_index=rsi,
        drop_height_bh=rep.box - rep.ground,
        metres_per_body_height=metres_per_body_height,
        quality=quality_flags(s, flight) + placed_by_hips,
        number=number,
    )
