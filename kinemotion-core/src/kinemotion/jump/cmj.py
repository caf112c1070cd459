"""Counter-movement jump: phases and metrics of every jump in a recording.

Each flight of the feet (see :mod:`kinemotion.jump.events`; an event the
hips rule out is placed from them, :mod:`kinemotion.jump.hip_timing`) in
which the hips fall freely (:mod:`kinemotion.jump.ballistic`: not a walk, a
step or slow motion) is one jump: a counter-movement jump when the hip drops first
and turns straight into the push, a squat jump when it does not drop, holds
the squat for ``SQUAT_HOLD_S`` before the push, or pushes from a held squat
(still, knees bent below ``SQUAT_KNEE_DEG``) even after a dip (``jump_kind``,
and a quality flag, say which). Its phases: start of the
countermovement (the hip leaves its standing level by more than 1 % of body
height), lowest point (lowest hip between the previous landing and take-off),
take-off (toe-off) and landing (first touch).

The standing level of a jump is the hip's median over the longest still
stretch (hip speed below 0.2 body heights/s for at least 0.2 s) between the
previous landing (or the start) and the lowest point; in a continuous set
with no rest between jumps it is the higher of the standing level of the
recording's start (the first 0.5 s) and the hip's highest point since the
previous landing (touchdown, legs extended), and the jump says so in its flags.

Metrics: flight time; jump height from flight time ``h = g t² / 8``; jump
height from the hips' take-off velocity (the flight's parabola, ``v0² / 2g``;
a flag when the two disagree); jump height from hip displacement (hip apex in flight minus hip at take-off);
countermovement depth (standing hip minus lowest hip); time to take-off
(countermovement start to take-off); the modified reactive strength index
(jump height from flight time / time to take-off, m/s: how fast the athlete
turns the countermovement into height); peak concentric velocity (highest hip
velocity between the lowest point and take-off). Lengths are in body heights
(nose-to-feet) and, with ``athlete_height_m``, in metres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from kinemotion.errors import AnalysisError
from kinemotion.jump.apex import landing_from_the_apex, take_off_from_the_apex, widened_by_the_apex
from kinemotion.jump.ballistic import SlowMotionError, check_ballistic, edited_clip, gravity_range
from kinemotion.jump.constants import NOSE_TO_FEET_PER_HEIGHT, SQUAT_KNEE_DEG, STANDING_S, G
from kinemotion.jump.events import Airborne, clip_edges, crossing_time, flights_and_overlaps
from kinemotion.jump.hip_spread import crossing_sd, depth_sd, hip_rise_sd, lowest_point_sd, peak_velocity_sd
from kinemotion.jump.hip_timing import bracket_by_hips, said_after_the_bracket, velocity_noise
from kinemotion.jump.posture import jump_angles
from kinemotion.jump.quality import quality_flags, require_same_ground
from kinemotion.jump.result import COVERAGE_Z, JumpResult, JumpSet, collect_jumps, known_metrics
from kinemotion.jump.signals import JumpSignals, check_signals, ground_level, runs, savgol
from kinemotion.jump.stride import check_feet_together

__all__ = ["CMJResult", "analyze_cmj", "analyze_cmj_set", "ground_level"]

STILL_SPEED = 0.2
"""Hip speed (body heights/s) below which the athlete counts as standing still."""
MIN_DEPTH = 0.02
"""A countermovement lowers the hip by at least this much (body heights)."""
SQUAT_BAND = 0.02
"""Within this much of its lowest point (body heights) the hip is at the bottom of the squat ..."""
SQUAT_HOLD_S = 0.4
"""... and a jump whose hip stays there this long before the push is a squat jump: the countermovement, if
any, ended in a static squat, so the push is concentric only."""


@dataclass(frozen=True, kw_only=True)
class CMJResult(JumpResult):
    """One counter-movement jump: the phases and flags of :class:`JumpResult`, and its metrics."""

    flight_time_s: float
    """Last toe off the ground to the first foot touching it (s)."""
    jump_height_flight_m: float
    """``g·t²/8`` from the flight time (m: it needs no athlete's height)."""
    jump_height_hip_bh: float
    """The hip's highest point in flight above its take-off height (body heights)."""
    countermovement_depth_bh: float
    """Standing hip height minus its lowest point (body heights; 0 for a strict squat jump, NaN where the clip
    starts in the movement: :meth:`metrics` says None)."""
    time_to_takeoff_s: float
    """Start of the countermovement (a squat jump: the hip leaving its lowest level) to take-off (s; NaN where
    the start is not seen: before the clip, or before the last landing; see :attr:`unknown_events`)."""
    peak_concentric_velocity_bh_s: float
    """The hip's fastest upward speed between the lowest point and take-off (body heights/s)."""
    metres_per_body_height: float | None
    """The scale from the athlete's height (None when it was not given: no metre versions)."""
    jump_kind: str = "cmj"
    """``cmj`` (a countermovement before take-off) or ``squat_jump`` (none: the hip only rises)."""
    jump_height_takeoff_velocity_m: float | None = None
    """Jump height from the hips' take-off velocity (the flight's parabola), ``v0² / 2g``: a second way."""
    takeoff_velocity_m_s: float | None = None
    """The hips' upward velocity at take-off, from the flight's parabola (its own scale: it falls at g)."""

    def metrics(self) -> dict[str, float | None]:
        """The metrics as a flat dict, metre versions included when a scale is known; None where not known."""
        scale = self.metres_per_body_height
        out: dict[str, float | None] = {
            "flight_time_s": self.flight_time_s,
            "jump_height_flight_m": self.jump_height_flight_m,
            "jump_height_hip_bh": self.jump_height_hip_bh,
            "countermovement_depth_bh": self.countermovement_depth_bh,
            "time_to_takeoff_s": self.time_to_takeoff_s,
            "modified_reactive_strength_index": (
                self.jump_height_flight_m / self.time_to_takeoff_s if self.time_to_takeoff_s > 0 else None
            ),
            "peak_concentric_velocity_bh_s": self.peak_concentric_velocity_bh_s,
            "jump_height_takeoff_velocity_m": self.jump_height_takeoff_velocity_m,
            "takeoff_velocity_m_s": self.takeoff_velocity_m_s,
        }
        out["jump_height_hip_m"] = None if scale is None else self.jump_height_hip_bh * scale
        out["countermovement_depth_m"] = None if scale is None else self.countermovement_depth_bh * scale
        out["peak_concentric_velocity_m_s"] = None if scale is None else self.peak_concentric_velocity_bh_s * scale
        out.update(self.joint_angles_deg)
        return known_metrics(out)


def analyze_cmj_set(s: JumpSignals, athlete_height_m: float | None = None) -> JumpSet[CMJResult]:
    """Every counter-movement (or squat) jump in ``s``, numbered in time order, with notes on flights left out.

    Raises:
        SlowMotionError: any airborne phase is slow motion (the clip's clock
            is not real time, at least in part); an :class:`EditedClipError`
            where whole flights fall as if filmed at different rates (edited).
        AnalysisError: no flight at all, or none that is a jump (the message
            of a single flight's problem is kept).
        ValueError: ``athlete_height_m`` is not a height in metres (0.5 to 2.5).
        TypeError: ``s`` is not a :class:`~kinemotion.jump.JumpSignals` (naming what was given).
    """
    from kinemotion.jump.inputs import check_athlete_height  # imported here: inputs imports the analyses

    check_signals(s, "analyze_cmj_set", "cmj")
    athlete_height_m = check_athlete_height(athlete_height_m)
    with_overlaps = flights_and_overlaps(s)
    flights = [flight for flight, _ in with_overlaps]
    overlaps = {flight: longer for flight, longer in with_overlaps if longer is not None}
    # a flight the clip's first or last frame cuts is not analysed, but said (before: lost without a word)
    cut_start, cut_end = clip_edges(s)
    cut = [note for note in (cut_start, cut_end) if note is not None]
    if not flights:
        raise AnalysisError(
            "No flight phase found: "
            + ("; ".join(cut) + ". No other airborne phase has its" if cut else "the feet never leave the ground for a")
            + " full take-off and landing in view"
            + " (check the whole jump is filmed and tracked, e.g. `kinemotion track --overlay`, and that the clip "
            f"starts with the athlete standing still for {STANDING_S:g} s: the feet's resting level is measured "
            "there)."
        )
    # Each jump's window starts where the previous flight landed.
    starts = [0] + [int(np.searchsorted(s.t, f.landing_s)) for f in flights[:-1]]
    slow: list[SlowMotionError] = []

    # An airborne phase refused just before a take-off while the hips rose all through it (the push going on: a
    # foot point snapped onto a swinging hand, the feet seen up, then down for a frame or two) is no flight: the
    # flight overlapping it is the jump, and the jump's countermovement lies before it (its window reaches back)
    back_start, back_pushed = 0, False  # where a window may reach back to; whether the phases refused since were
    # all in the push

    def one(item: tuple[Airborne, int], number: int) -> CMJResult:
        nonlocal back_start, back_pushed
        flight, start = item
        if not back_pushed:  # after a jump from the flight overlapping a refused phase: from where that one landed
            start = max(start, back_start)
        elif back_start < start and _rising_all_through(s, start, flight.takeoff_s):
            start = back_start  # after refused phases in the push: the countermovement lies before them
        used = flight
        try:
            try:
                found = _one_jump(s, flight, start, number, athlete_height_m)
            except _NoCountermovementSeenError:
                if not (back_pushed and back_start < start):
                    raise
                found = _one_jump(s, flight, back_start, number, athlete_height_m)
            except AnalysisError:
                alternative = overlaps.get(flight)
                if alternative is None or not _in_the_push(s, flight):
                    raise
                found = _one_jump(s, alternative, start, number, athlete_height_m)
                used = alternative
        except SlowMotionError as exc:
            slow.append(exc)
            raise
        except AnalysisError:
            pushed = _in_the_push(s, flight)
            if pushed and not back_pushed:  # after refused phases in the push too, the window starts before them all
                back_start = start
            back_pushed = pushed
            raise
        back_start, back_pushed = int(np.searchsorted(s.t, used.landing_s)), False
        return found

    try:
        found = collect_jumps(
            zip(flights, starts, strict=True),
            one,
            lambda item: f"flight at {item[0].takeoff_s:.2f}-{item[0].landing_s:.2f} s",
            "No counter-movement jump found",
        )
    except SlowMotionError as exc:
        raise edited_clip(s, flights) or exc from None  # flights slowed unlike the others: edited, no rate to give
    except AnalysisError as exc:
        if cut and exc.args:
            exc.args = (f"{exc.args[0]} Also: {'; '.join(cut)}.", *exc.args[1:])
        raise
    if slow:  # the clip's clock is not real time, at least in part (a speed ramp): no time in it can be trusted
        edited = edited_clip(s, flights)
        if edited is not None:
            raise edited
        surest = max(slow, key=lambda e: e.flight_s)
        others = ", ".join(f"{j.phases_s['takeoff']:.2f} s" for j in found.jumps)
        raise SlowMotionError(
            f"{surest} The other airborne phases (at {others}) are not measured either: in a clip that is "
            "slowed even in part, no time can be trusted as real time.",
            surest.capture_fps,
            surest.flight_s,
        )
    if cut:
        found = replace(
            found, notes=(*([cut_start] if cut_start else []), *found.notes, *([cut_end] if cut_end else []))
        )
    return found


def analyze_cmj(s: JumpSignals, athlete_height_m: float | None = None) -> CMJResult:
    """The highest counter-movement jump in ``s`` (see :func:`analyze_cmj_set` for all of them).

    Raises:
        AnalysisError: no flight phase, or no countermovement before it.
        ValueError: ``athlete_height_m`` is not a height in metres (0.5 to 2.5).
        TypeError: ``s`` is not a :class:`~kinemotion.jump.JumpSignals` (naming what was given).
    """
    check_signals(s, "analyze_cmj", "cmj")
    return max(analyze_cmj_set(s, athlete_height_m).jumps, key=lambda j: j.flight_time_s)


def _still_stretch(s: JumpSignals, start: int, lowest: int) -> tuple[int, int] | None:
    """The longest still stretch of the hip (``(a, b)``, b exclusive, at least 0.2 s) from ``start`` to ``lowest``."""
    slow = savgol(s.hip, max(5, round(0.25 * s.fps) | 1))
    with np.errstate(invalid="ignore"):
        still = np.abs(np.gradient(slow, s.t)) < STILL_SPEED
    still[:start] = False
    still[lowest:] = False
    stretches = [(a, b) for a, b in runs(still) if s.t[b - 1] - s.t[a] >= 0.2]
    return max(stretches, key=lambda r: r[1] - r[0]) if stretches else None


def _held_squat_knee(s: JumpSignals, stretch: tuple[int, int] | None) -> float | None:
    """The knee angle (degrees) of a held squat: ``stretch`` lasting ``SQUAT_HOLD_S`` with the knees bent
    below ``SQUAT_KNEE_DEG``; None when it is not one (or the knees are not known)."""
    if stretch is None or s.knee_angle_deg is None:
        return None
    a, b = stretch
    knee = s.knee_angle_deg[a:b]
    if s.t[b - 1] - s.t[a] < SQUAT_HOLD_S or np.isfinite(knee).sum() < 0.5 * (b - a):
        return None
    angle = float(np.nanmedian(knee))
    return angle if angle < SQUAT_KNEE_DEG else None


def _standing_level(s: JumpSignals, start: int, lowest: int, stretch: tuple[int, int] | None) -> tuple[float, bool]:
    """The hip's standing level before a jump, and whether it was seen in this jump's own window (``stretch``:
    the hip's longest still stretch from ``start`` to ``lowest``, :func:`_still_stretch`)."""
    if stretch is not None:
        a, b = stretch
        return float(np.nanmedian(s.hip_smooth[a:b])), True
    # the standing start, up to the lowest point: a clip that starts in the push has its take-off (and the hips
    # in the air) within the first STANDING_S, and they do not stand
    window = s.hip_smooth[: max(lowest, 1)][s.t[: max(lowest, 1)] <= s.t[0] + STANDING_S]
    start_level = float(np.nanmedian(window)) if np.isfinite(window).any() else float("nan")
    if start > 0 and lowest > start and np.isfinite(s.hip_smooth[start:lowest]).any():
        # no pause since the last landing: the countermovement starts from the hip at touchdown (legs
        # extended), which in a continuous set can sit above or below the standing level of the start
        return max(start_level, float(np.nanmax(s.hip_smooth[start:lowest]))), False
    return start_level, start == 0


def _held_at_bottom(s: JumpSignals, start: int, lowest: int, takeoff_s: float) -> float:
    """How long (s) the hip stays within ``SQUAT_BAND`` of its lowest point before the push to take-off."""
    bottom = float(s.hip_smooth[lowest])
    near = np.where(np.isfinite(s.hip_smooth), s.hip_smooth <= bottom + SQUAT_BAND, False)
    a = lowest
    while a > start and near[a - 1]:
        a -= 1
    b = lowest
    while b + 1 < len(s.t) and s.t[b + 1] < takeoff_s and near[b + 1]:
        b += 1
    return float(s.t[b] - s.t[a])


PUSH_RISE = 0.03
"""Hips rising by this much (body heights, three noise deviations at least) from an airborne phase's take-off to its
landing rose through it: the legs still pushing, that phase was no flight."""


def _in_the_push(s: JumpSignals, flight: Airborne) -> bool:
    """Whether the hips rose through ``flight`` (see ``PUSH_RISE``)."""
    rise = float(np.interp(flight.landing_s, s.t, s.hip_smooth) - np.interp(flight.takeoff_s, s.t, s.hip_smooth))
    return rise > max(PUSH_RISE, 3 * s.noise)


def _rising_all_through(s: JumpSignals, start: int, takeoff_s: float) -> bool:
    """Whether the hips are lowest at the window's first sample (``start`` up to the take-off), rising all
    through it, or the window holds fewer than three samples: no countermovement in it (the window began at
    the landing of a phase refused in the push, a few frames before the take-off)."""
    before = np.flatnonzero((s.t < takeoff_s) & (np.arange(len(s.t)) >= start))
    hips = s.hip_smooth[before]
    if len(before) < 3 or not np.isfinite(hips).any():
        return True
    return int(np.nanargmin(hips)) == 0


class _NoCountermovementSeenError(AnalysisError):
    """Fewer than three samples from the window's start to the take-off."""


def _one_jump(s: JumpSignals, flight: Airborne, start: int, number: int, athlete_height_m: float | None) -> CMJResult:
    check_feet_together(s, flight)  # a step (one foot leaves or lands apart from the other) is no jump
    flight, placed_by_hips = bracket_by_hips(s, flight, start)  # feet the hips rule out: events from the hips
    if not placed_by_hips:  # within the bracket's bounds: a take-off the flight's parabola rules out
        flight, placed_by_hips = take_off_from_the_apex(s, flight)
    if not placed_by_hips:  # a landing the flight's parabola rules out
        flight, placed_by_hips = landing_from_the_apex(s, flight)
    with said_after_the_bracket(placed_by_hips):
        ballistic = check_ballistic(s, flight, athlete_height_m)  # a walk, a step or slow motion goes no further
        require_same_ground(flight)
    before = np.flatnonzero((s.t < flight.takeoff_s) & (np.arange(len(s.t)) >= start))
    if len(before) < 3 or not np.isfinite(s.hip_smooth[before]).any():
        frames = f"{len(before)} frame{'' if len(before) == 1 else 's'}"
        raise _NoCountermovementSeenError(
            f"No countermovement found before take-off: the clip starts only {frames} before it, too few to place "
            "the take-off or to see the countermovement; film 0.5 s of standing first."
            if start == 0
            else f"No countermovement found before take-off: only {frames} from the last landing (at "
            f"{s.t[start]:.2f} s) to it."
        )
    lowest_i = int(before[np.nanargmin(s.hip_smooth[before])])
    stretch = _still_stretch(s, start, lowest_i)
    standing, own = _standing_level(s, start, lowest_i, stretch)
    depth = standing - float(s.hip_smooth[lowest_i])
    held_knee = _held_squat_knee(s, stretch)
    held_s = _held_at_bottom(s, start, lowest_i, flight.takeoff_s)
    started_low = s.t[lowest_i] - s.t[0] < STANDING_S
    # the first jump, its lowest point within the first STANDING_S, and the hips never still (0.2 s) from the
    # clip's start to its take-off (a held squat is still; noisy hips standing long before are not low): where the
    # movement started and how deep it went happened before the clip
    unseen_start = (
        start == 0 and started_low and _still_stretch(s, 0, int(np.searchsorted(s.t, flight.takeoff_s))) is None
    )
    squat = (
        # a start before the clip shows no still hold: only a hold seen at the bottom makes it a squat jump (the hip
        # "dropping 0 before take-off" from the clip's first frame, in the push, is no evidence of one)
        held_s >= SQUAT_HOLD_S
        if unseen_start
        else held_knee is not None or not depth >= MIN_DEPTH or held_s >= SQUAT_HOLD_S
    )
    if squat:  # a squat jump: no countermovement, the movement starts where the hip leaves its lowest level
        # from a held squat, a dip before the push is what there was of a countermovement: reported
        depth = max(depth, 0.0) if held_knee is not None else 0.0
        level = float(s.hip_smooth[lowest_i]) + 0.01
        start_i = lowest_i
        while start_i + 1 < len(s.t) and s.t[start_i + 1] < flight.takeoff_s and not s.hip_smooth[start_i + 1] > level:
            start_i += 1
        start_s = float(s.t[start_i])
        start_read = "sample"  # the last sample not yet above the level
    else:
        level = standing - 0.01
        start_i = lowest_i
        while start_i > start and not (s.hip_smooth[start_i - 1] >= level):
            start_i -= 1
        start_s = s.t[start_i] if start_i == start else crossing_time(s.t, s.hip_smooth, start_i - 1, level)
        start_read = "window" if start_i == start else "crossing"  # "window": no crossing, the window's start
    velocity = s.velocity(s.hip_smooth)
    concentric = np.flatnonzero((s.t >= s.t[lowest_i]) & (s.t <= flight.takeoff_s))
    pushing = velocity[concentric]
    # NaN (not a warning) when the hips were never seen during the push
    peak_i = int(concentric[np.nanargmax(pushing)]) if np.isfinite(pushing).any() else None
    peak_velocity = float("nan") if peak_i is None else float(velocity[peak_i])
    takeoff_hip = float(np.interp(flight.takeoff_s, s.t, s.hip_smooth))
    apex_hip = float(np.nanmax(s.hip[flight.in_air(s)]))
    flight_time = flight.duration_s
    phases = {
        "countermovement_start": float(start_s),
        "lowest_point": float(s.t[lowest_i]),
        "takeoff": flight.takeoff_s,
        "landing": flight.landing_s,
    }
    quality = quality_flags(s, flight) + placed_by_hips
    if held_knee is not None and depth >= MIN_DEPTH:
        quality.append(
            f"squat jump from a held squat (knees flexed {180 - held_knee:.0f} degrees), but the hip dips "
            f"{depth:.3f} body heights from the hold before the push: a strict squat jump has no countermovement; "
            "time to take-off is from the hip leaving its lowest level"
        )
    elif squat:
        quality.append(
            f"squat jump: no countermovement (the hip drops only {standing - float(s.hip_smooth[lowest_i]):.3f} "
            "body heights before take-off, or holds the squat before the push); time to take-off is from the hip "
            "leaving its lowest level"
        )
    height_v = None if ballistic is None else ballistic.jump_height_m()
    height_flight = G * flight_time**2 / 8
    if ballistic is not None and height_v is not None:
        spread = ballistic.jump_height_se_m() or 0.0
        if abs(height_v - height_flight) > max(0.03, 3 * spread):
            quality.append(
                f"the two jump heights disagree: {height_flight:.3f} m from the flight time, {height_v:.3f} m "
                f"(± {COVERAGE_Z * spread:.3f}, 90 %) from the hips' take-off velocity: the feet's take-off or "
                "landing may be misplaced, or the hips are not following the body's centre"
            )
            flight, widened = widened_by_the_apex(s, flight)
            if widened:
                quality[-1] += f" ({widened})"
    if not own and not squat:
        quality.append("no standing still before this jump: depth measured from the standing level at the start")
    time_to_takeoff = flight.takeoff_s - float(start_s)
    unknown_events: tuple[str, ...] = ()
    if unseen_start:  # where the movement started and how deep it went are not reported
        depth, time_to_takeoff = float("nan"), float("nan")
        # a countermovement's start is before the clip; a squat jump's push start (after its lowest point) is seen
        unknown_events = () if squat else ("countermovement_start",)
        quality.append(
            f"the clip starts in the movement (its lowest point {s.t[lowest_i] - s.t[0]:.2f} s in, no standing "
            "still before it): the countermovement depth, the time to take-off and RSImod are unknown (not reported)"
            + (
                ""
                if squat
                else " and it is counted as a counter-movement jump (a squat jump needs its held squat in view)"
            )
            # the feet's resting levels come from the first STANDING_S: a heel already rising there is read as resting
            # up to POSE_CONTACT_LEVEL high, and a 0.5 s flight measured 0.56-0.69 s (docs/accuracy.md: not fixed)
            + "; the feet's resting levels are read from that moving start, so the take-off and landing may be "
            "misplaced by several frames (check them on the overlay); film 0.5 s of standing first"
        )
    elif start_read == "window":
        # the hip below its standing level all the way from the window's start (the last landing, or the clip's
        # start) to the lowest point: the countermovement began before it, and a time from there is only a lower
        # bound: unknown, as a start before the clip is (a rope skip's hops land already low)
        time_to_takeoff = float("nan")
        unknown_events = ("countermovement_start",)
        # no time in the words (the last landing's is the jump before's): every hop of a set that lands low says
        # the same, said once for them all (``cmj``'s notes, the session page)
        where = "the clip's start" if start == 0 else "the last landing (the jump before's)"
        quality.append(
            f"no countermovement start seen: the hip is already below its standing level at {where}: the time to "
            "take-off and RSImod are unknown (not reported: timed from there, the time would be only a lower bound)"
        )
    metric_uncertainty = {
        "flight_time_s": COVERAGE_Z * flight.duration_sd_s,
        "jump_height_flight_m": COVERAGE_Z * G * flight_time * flight.duration_sd_s / 4,
    }
    if ballistic is not None and (spread_v0 := ballistic.takeoff_velocity_se_m_s()) is not None:
        metric_uncertainty["takeoff_velocity_m_s"] = COVERAGE_Z * spread_v0
    if ballistic is not None and (spread_v := ballistic.jump_height_se_m()) is not None:
        metric_uncertainty["jump_height_takeoff_velocity_m"] = COVERAGE_Z * spread_v
    takeoff_speed = (
        ballistic.takeoff_velocity_bh_s
        if ballistic is not None
        else float(np.interp(flight.takeoff_s, s.t, np.nan_to_num(velocity)))
    )
    # g in the athlete's scale: the flight's parabola's, else the most any athlete allowed gives
    gravity_bh = ballistic.acceleration_bh_s2 if ballistic is not None else gravity_range(athlete_height_m)[1]
    spreads_bh = {
        "jump_height_hip": hip_rise_sd(s, flight.takeoff_sd_s, abs(takeoff_speed), gravity_bh),
        # a strict squat jump's depth is 0 by definition, not measured
        "countermovement_depth": depth_sd(s) if np.isfinite(depth) and (held_knee is not None or not squat) else None,
        "peak_concentric_velocity": (None if peak_i is None else peak_velocity_sd(s, velocity_noise(s), gravity_bh)),
    }
    scale = _metres_per_bh(athlete_height_m)
    for name, sd in spreads_bh.items():
        if sd is not None and math.isfinite(sd):
            unit = ("_bh_s", "_m_s") if name == "peak_concentric_velocity" else ("_bh", "_m")
            metric_uncertainty[name + unit[0]] = COVERAGE_Z * sd
            if scale is not None:
                metric_uncertainty[name + unit[1]] = COVERAGE_Z * sd * scale
    event_sds = {"takeoff": flight.takeoff_sd_s, "landing": flight.landing_sd_s}
    lowest_sd = lowest_point_sd(s, lowest_i)
    if math.isfinite(lowest_sd):
        event_sds["lowest_point"] = lowest_sd
    start_sd = (
        crossing_sd(s, float(np.interp(start_s, s.t, np.nan_to_num(velocity))), interpolated=start_read == "crossing")
        if start_read != "window" and math.isfinite(time_to_takeoff)
        else math.inf
    )
    if math.isfinite(start_sd):
        event_sds["countermovement_start"] = start_sd
        ttt_sd = math.hypot(start_sd, flight.takeoff_sd_s)
        metric_uncertainty["time_to_takeoff_s"] = COVERAGE_Z * ttt_sd
        if time_to_takeoff > 0:  # RSImod = h / T: relative errors in quadrature, plus their covariance
            # through the take-off, which ends the time to take-off and starts the flight: a later one makes the
            # flight shorter and the time longer, both lowering RSImod (counted apart, its error was too small)
            flight_height_sd = G * flight_time * flight.duration_sd_s / 4
            rsi = height_flight / time_to_takeoff
            shared = 2 * (2 / flight_time) * (1 / time_to_takeoff) * flight.takeoff_sd_s**2
            metric_uncertainty["modified_reactive_strength_index"] = (
                COVERAGE_Z
                * rsi
                * math.sqrt((flight_height_sd / height_flight) ** 2 + (ttt_sd / time_to_takeoff) ** 2 + shared)
            )
    angles, angle_spreads = jump_angles(s, flight.takeoff_s, flight.landing_s, float(s.t[lowest_i]), event_sds)
    metric_uncertainty |= angle_spreads
    return CMJResult(
        phases_s=phases,
        phases_frame={k: s.frame_at(v) for k, v in phases.items()},
        uncertainty_s={k: COVERAGE_Z * v for k, v in event_sds.items()},
        metric_uncertainty=metric_uncertainty,
        flight_time_s=flight_time,
        jump_height_flight_m=height_flight,
        jump_height_hip_bh=apex_hip - takeoff_hip,
        countermovement_depth_bh=depth,
        time_to_takeoff_s=time_to_takeoff,
        peak_concentric_velocity_bh_s=peak_velocity,
        metres_per_body_height=scale,
        quality=quality,
        number=number,
        unknown_events=unknown_events,
        jump_kind="squat_jump" if squat else "cmj",
        joint_angles_deg=angles,
        jump_height_takeoff_velocity_m=height_v,
        takeoff_velocity_m_s=None if ballistic is None else ballistic.takeoff_velocity_m_s(),
    )


def _metres_per_bh(athlete_height_m: float | None) -> float | None:
    return None if athlete_height_m is None else athlete_height_m * NOSE_TO_FEET_PER_HEIGHT
