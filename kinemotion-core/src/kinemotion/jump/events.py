"""Airborne phases of the feet: found, then located to a fraction of a frame.

Finding: the feet are *clearly* airborne where the lower sole (see
:mod:`kinemotion.jump.signals`) is more than ``THRESHOLD`` above a running
low percentile of itself over ``BASELINE_WINDOW_S``. That baseline follows
the ground where a moving camera shifts it in the image, so a pan or a tilt
between jumps does not hide or invent a flight.

Locating: each flight is bounded by the support it leaves and the one it lands
on, each measured where it is: the median sole height over ``STANCE_WINDOW_S``
before take-off and after landing (the two can differ in the image when the
camera moves; the difference is reported). Take-off is where the lower sole
last leaves ``support + contact level`` (toe-off: both feet must have left),
landing where it first comes down to it (first touch: either foot lands).
Each is placed by a hinge fitted to the samples around the edge (at rest on
the support, then moving away at a steady speed), averaged over every corner
the samples allow by how likely each is given the landmark noise, with
weights that taper smoothly: the event is a continuous function of the
landmarks, so a sub-pixel change (another CPU's rounding) moves it by a small
fraction of a frame, never by the frame that picking one crossing sample can.
Each event's standard uncertainty holds the fit's spread, where on the foot
contact is, a frame's spread, and the lowest point's noise bias: the lower sole
is the lowest of four noisy points, biased low by more where the feet are flat
(four points level) than where they are pointed (two toes), so a flat-footed
support sits lower under the edge's samples than it should and flights come out
long (:mod:`kinemotion.jump.lowest`). That bias does not shrink with the frame
interval; each edge's interval holds it (at 120 fps it was most of a flight's
error, and the flight's ± held the truth in 79 % of noisy synthetic CMJs).
The contact level (``CONTACT_LEVEL``, ~2 cm, for markers on the shoe;
``POSE_CONTACT_LEVEL``, ~3.5 cm, for a video pose model's foot points; raised to 1.5 x the landmark
noise on noisy tracking) is how far a loaded foot sinks into its shoe and the
ground: the height above its resting level at which a landmark first touches
and last leaves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from kinemotion.jump.constants import (
    BASELINE_WINDOW_S,
    CAMERA_SHIFT_FLAG,
    MIN_FLIGHT_S,
    STANCE_WINDOW_S,
    THRESHOLD,
)
from kinemotion.jump.result import COVERAGE_Z
from kinemotion.jump.signals import NOISE_SHARE_30FPS, JumpSignals, runs

__all__ = [
    "Airborne",
    "baseline",
    "clearly_airborne",
    "clip_edges",
    "contact_level",
    "crossing_time",
    "find_flights",
    "first_touch",
    "first_touch_sd",
    "last_contact",
    "last_contact_sd",
    "stance_window",
    "support_level",
]

NOISE_FACTOR = 1.5 * NOISE_SHARE_30FPS
"""On noisy tracking the contact level is raised to this many landmark noise standard deviations (1.5 of the
noise as read at 30 fps, ``NOISE_SHARE_30FPS``: about 1.22)."""
CLEAR_NOISE = 0.5 * NOISE_SHARE_30FPS
"""A sample's weight in the edge line ramps up over this many noise standard deviations above the contact level
(0.5 of the noise as read at 30 fps) ..."""
RAMP = 0.002
"""... and over this height at least (body heights, ~3 mm)."""
EDGE_BAND = 0.05
"""Samples up to this far above the contact level (body heights, ~8 cm) inform the edge line."""
CONTACT_SPREAD = 0.5
"""Where on a foot landmark contact happens is known to this fraction of the contact level (one standard deviation)."""
NOISE_FLOOR = 0.002
"""The landmark noise (body heights) the edge fit assumes at least, even on noiseless series."""
APEX_SHARE = 0.5
"""... and no higher than this share of the flight's apex above the level (a short hop's top is not an edge)."""
EDGE_SAMPLES = 2.5
"""The edge fit takes in this many airborne samples' worth (a sample just off the support counts partly) ..."""
LINE_S = 0.03
"""... or this long of them at high frame rates."""
EDGE_GROUND_S = 0.1
"""The edge fit takes in this long of samples on the support before the edge."""
LOWEST_SHIFT_SHARE = 2.0
"""An edge's interval holds this many times the shift that taking the lowest point's noise bias off the feet's
signal makes (:func:`find_flights`): that correction alone moves the edges of physics-generated CMJs half to
all the way back from where their noise pushes them (the landing half: a foot landing on its toes sits above
its flat-footed support for a tenth of a second, which the hinge also reads)."""

END_SAMPLES = 2
"""A landing is placed only where the clip holds this many frames from it (its time, or later) to the clip's end.
With one (the clip ends on the landing's frame), the support landed on is read from that frame alone, a foot
still settling (the toes compressing, the heel coming down), higher than it rests, and the landing came out
early: physics-generated two-foot hops (0.3 s flights, 30 fps) cut there measured 0.257 s. Two frames are
enough to place it within a frame (the force plates' drop jumps end 0.11-0.12 s after their landing, two
frames at 25 fps; a landing within the stance window of the clip's end is flagged, :mod:`kinemotion.jump.quality`)."""

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Airborne:
    """One airborne phase: leaving one support, touching down on another."""

    takeoff_s: float
    landing_s: float
    first_index: int
    """First sample clearly airborne."""
    last_index: int
    """Last sample clearly airborne."""
    level_before: float
    """Sole height of the support left (body heights, as in the signals)."""
    level_after: float
    """Sole height of the support landed on."""
    takeoff_sd_s: float = 0.0
    """Standard uncertainty of the take-off time (the edge fit's spread and where on the foot contact is)."""
    landing_sd_s: float = 0.0
    """Standard uncertainty of the landing time."""

    @property
    def duration_sd_s(self) -> float:
        """Standard uncertainty of the flight time (the two edges' errors taken as independent)."""
        return float(np.hypot(self.takeoff_sd_s, self.landing_sd_s))

    @property
    def duration_s(self) -> float:
        """Flight time."""
        return self.landing_s - self.takeoff_s

    def in_air(self, s: JumpSignals) -> npt.NDArray[np.intp]:
        """The samples from take-off to landing (at least the clearly airborne ones).

        The feet may dip under the airborne threshold for a sample or two in the air
        (a noisy foot landmark), which splits the clearly airborne run; the body is in
        the air from the take-off to the landing all the same.
        """
        inside = np.flatnonzero((s.t >= self.takeoff_s) & (s.t <= self.landing_s))
        clear = np.arange(self.first_index, self.last_index + 1)
        return np.union1d(inside, clear)

    @property
    def ground_shift(self) -> float:
        """How much higher the landing support is in the image than the take-off one (body heights)."""
        return self.level_after - self.level_before


def contact_level(s: JumpSignals) -> float:
    """Height above its support at which a sole touches or leaves it (body heights)."""
    return max(s.contact_height, NOISE_FACTOR * s.noise)


def crossing_time(t: FloatArray, y: FloatArray, i: int, level: float) -> float:
    """Time where ``y`` crosses ``level`` between samples ``i`` and ``i + 1`` (linear)."""
    y0, y1 = y[i], y[i + 1]
    if y1 == y0:
        return float(t[i])
    frac = float(np.clip((level - y0) / (y1 - y0), 0.0, 1.0))
    return float(t[i] + frac * (t[i + 1] - t[i]))


def baseline(s: JumpSignals, percentile: float = 20.0) -> FloatArray:
    """Running ``percentile`` of the lower sole over ``BASELINE_WINDOW_S`` (centred): the ground, locally."""
    half = max(1, round(BASELINE_WINDOW_S * s.fps / 2))
    padded = np.pad(s.foot, half, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    out = np.full(len(s.foot), np.nan)
    enough = np.isfinite(windows).sum(axis=1) >= 3
    if enough.any():
        out[enough] = np.nanpercentile(windows[enough], percentile, axis=1)
    return out


def clearly_airborne(s: JumpSignals) -> BoolArray:
    """Per sample: the lower sole more than ``THRESHOLD`` above the local ground (:func:`baseline`)."""
    return np.where(np.isfinite(s.foot), s.foot > baseline(s) + THRESHOLD, False)


def stance_window(s: JumpSignals) -> int:
    """``STANCE_WINDOW_S`` in samples (at least 2): how far a support level is measured."""
    return max(2, round(STANCE_WINDOW_S * s.fps))


def support_level(s: JumpSignals, start: int, stop: int, airborne: BoolArray | None = None) -> float:
    """Median sole height over samples ``start..stop-1`` (clipped; airborne ones left out); NaN if none."""
    start, stop = max(0, start), min(len(s.foot), stop)
    seg = s.foot[start:stop]
    keep = np.isfinite(seg)
    if airborne is not None:
        keep &= ~airborne[start:stop]
    return float(np.median(seg[keep])) if keep.any() else float("nan")


def _taper(x: float, ramp: float) -> float:
    """Smoothstep from 0 (``x <= 0``) to 1 (``x >= ramp``): a weight that no small change can switch."""
    u = min(1.0, max(0.0, x / ramp))
    return u * u * (3 - 2 * u)


def _guessed_at(s: JumpSignals, level: float) -> BoolArray:
    """The samples of ``s.foot`` filled across a gap whose measured ends lie on either side of ``level``.

    A gap (frames with no foot seen) is filled by a straight line: a good guess where the foot moves
    steadily across it (in the air, on the ground), a wrong one where the feet left or landed inside it,
    the corner cut by the line. Taken for measurements there, a frame missing on the landing sample made
    the landing 20-30 ms late at 25 fps (3/4 of a frame), while the airborne samples before the gap place it.
    """
    n = len(s.foot)
    out = np.zeros(n, dtype=bool)
    if s.foot_filled is None:
        return out
    for a, b in runs(s.foot_filled):
        if a > 0 and b < n and (s.foot[a - 1] <= level) != (s.foot[b] <= level):
            out[a:b] = True
    return out


def _edge_time(s: JumpSignals, last_on: int, step: int, stop: int, level: float) -> tuple[float, float] | None:
    """Where the feet leave (or reach) ``level``: a hinge fitted to the samples around the edge.

    The model: the sole rests at its support (``level`` less the contact
    level) until a corner, then moves away at a steady speed; the event is
    where that line crosses ``level``. ``last_on`` is the last sample at or
    below ``level`` before the feet leave (``step`` +1, a take-off) or the
    first after they come down (``step`` -1, a landing, read backwards in
    time). The samples are weighted by least squares over ``EDGE_GROUND_S``
    on the support before the crossing and ``EDGE_SAMPLES`` samples' worth
    (or up to ``EDGE_BAND``) off it. Every weight tapers smoothly, and the
    corner is not the single best one (a foot that leaves gradually fits
    several about as well, and the best can jump between them for a
    sub-pixel change) but all corners averaged by how likely the samples
    make each, given the landmark noise. So the event is a continuous
    function of the landmarks: no frame boundary snaps it. Returns the time
    and its standard uncertainty: the spread of those corners, where on the
    foot contact is (``CONTACT_SPREAD`` of the contact level) at the speed
    the foot leaves, and the model's own (a frame interval's spread: real
    feet peel off and settle, they are not hinges). None when the fit does not move away from the
    support.
    """
    support = level - contact_level(s)
    ramp = max(RAMP, CLEAR_NOISE * s.noise)
    frame = 1 / s.fps
    want = max(EDGE_SAMPLES, LINE_S * s.fps)
    n = len(s.foot)
    off = last_on + step
    if not (0 <= off < n and np.isfinite(s.foot[off])):
        return None
    anchor = step * (crossing_time(s.t, s.foot, min(last_on, off), level) - s.t[last_on])
    filled = _guessed_at(s, level)
    idx: list[int] = []
    weights: list[float] = []
    j = last_on
    while 0 <= j < n and np.isfinite(s.foot[j]):  # the support side, back from the edge
        before = anchor - step * (s.t[j] - s.t[last_on])
        w = _taper(EDGE_GROUND_S + frame - before, frame)
        if w <= 0:
            break
        if not filled[j]:
            idx.append(j)
            weights.append(w)
        j -= step
    idx.reverse()
    weights.reverse()
    risen = 0.0
    # the rising (falling) flank only: below half the flight's apex, where a line can follow the foot
    span = np.arange(off, stop, step)
    span = span[(span >= 0) & (span < n)]
    apex = float(np.nanmax(s.foot[span])) if len(span) and np.isfinite(s.foot[span]).any() else level
    band = min(EDGE_BAND, max(APEX_SHARE * (apex - level), ramp))
    j = off
    while (j < stop if step > 0 else j > stop) and 0 <= j < n and np.isfinite(s.foot[j]):  # off the support
        if filled[j]:
            # not fitted, but part of the stretch beside the edge the line follows: counted as the sample it
            # stands in for, so a missing frame does not make the fit reach further into the flight, where
            # the foot's path bends under gravity (a straight line through it there put the landing late)
            risen += _taper(float(s.foot[j]) - level, ramp)
            j += step
            continue
        above = float(s.foot[j]) - level
        w = max(_taper(want - risen, 1.0), _taper(band - above, ramp))
        if w <= 0:
            break
        idx.append(j)
        weights.append(w)
        risen += _taper(above, ramp)
        j += step
    # the first measured sample off the support (past a filled one)
    first_off = next((i for i in idx if step * (i - last_on) > 0), None)
    if first_off is None or not any(step * (i - last_on) <= 0 for i in idx):
        return None
    t = step * (s.t[idx] - s.t[last_on])  # time away from the support, whatever the direction
    h = s.foot[idx] - support
    w_arr = np.asarray(weights)
    candidates = t[0] + np.arange(0.0, 1.0 + 1e-9, 0.02) * (t[-1] - t[0])
    lag = candidates[:, None] - t[None, :]  # how long before each candidate corner a sample is
    u = np.maximum(0.0, -lag)
    # a foot settling into (or lifting off) its loaded level just beside the edge is not yet at rest there
    ww = w_arr[None, :] * np.where(lag > 0, np.clip(lag / frame, 0.0, 1.0) ** 2, 1.0)
    uu = (ww * u * u).sum(axis=1)
    v = np.where(uu > 0, (ww * u * h).sum(axis=1) / np.where(uu > 0, uu, 1.0), 0.0)
    sse = (ww * (h - v[:, None] * u) ** 2).sum(axis=1)
    # the noise as read at 30 fps, where the likelihood's width was set (the noise itself moves the dev set's
    # events by up to 0.03 frames, better on MediaPipe's demo hops, worse on some rope hops)
    sigma = max(NOISE_SHARE_30FPS * s.noise, NOISE_FLOOR)
    likely = np.exp(-(sse - sse.min()) / (2 * sigma**2)) * (v > 0)
    if not likely.any():
        return None
    away_each = candidates + (level - support) / np.where(v > 0, v, 1.0)
    p = likely / likely.sum()
    away = float((p * away_each).sum())
    if not -2 * frame <= away <= t[-1]:
        return None
    spread = float(np.sqrt((p * (away_each - away) ** 2).sum()))
    # the first sample off the support is above the level: the feet left (are yet to land) before it. A
    # hinge fitted to a foot that leaves fast and hangs (a hop's tucked feet) can put the edge beyond it; it
    # is pulled back, by a weight that grows with how clearly that sample is above (no snap at the level)
    beyond = max(0.0, away - abs(float(s.t[first_off] - s.t[last_on])))
    away -= _taper(float(s.foot[first_off]) - level, ramp) * beyond
    speed = float((p * v).sum())
    where = CONTACT_SPREAD * (level - support) / speed
    # the hinge is a model: real feet peel and settle, so the corner is known to a frame's spread at best
    shape = frame / np.sqrt(12)
    return float(s.t[last_on] + step * away), float(np.sqrt(spread**2 + where**2 + shape**2))


def _normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def _covering_sd(bias: float, sd: float) -> float:
    """The standard uncertainty whose ``COVERAGE_Z`` multiple covers an error of ``bias`` plus normal noise of
    ``sd`` as often as ``COVERAGE_Z`` times ``sd`` covers the noise alone (``COVERAGE``, 90 %).

    The half-width ``h`` with ``P(|bias + sd Z| <= h) = COVERAGE`` (found by bisection), over ``COVERAGE_Z``:
    ``sd`` with no bias, about ``(bias + 1.28 sd) / COVERAGE_Z`` once the bias is a standard deviation or more;
    a bias small beside the noise widens the interval by little (half a standard deviation of it, by 12 %).
    """
    if bias <= 0 or sd <= 0:
        return sd + max(0.0, bias) / COVERAGE_Z
    target = 2 * _normal_cdf(COVERAGE_Z) - 1

    def covered(h: float) -> float:
        return _normal_cdf((h - bias) / sd) - _normal_cdf((-h - bias) / sd)

    low, high = COVERAGE_Z * sd, COVERAGE_Z * sd + bias
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (mid, high) if covered(mid) < target else (low, mid)
    return high / COVERAGE_Z


def _lowest_shift(
    debiased: JumpSignals, start: int, stop: int, apex: int, events: tuple[float, float], airborne: BoolArray
) -> tuple[float, float]:
    """How far (s, at most a frame) the take-off and the landing ``events`` move when the flight's edges are
    placed again on ``debiased``: the feet's signal with the lowest point's noise bias taken off
    (``foot_shortfall``), each support measured again on it."""
    window = stance_window(debiased)
    cl = contact_level(debiased)
    lifted = support_level(debiased, start - window, start, airborne) + cl
    landed = support_level(debiased, stop, stop + window, airborne) + cl
    off = last_contact_sd(debiased, apex, lifted, lowest=max(0, start - window))
    on = first_touch_sd(debiased, apex, landed, highest=stop + window)
    frame = 1 / debiased.fps
    return (
        0.0 if off is None else min(abs(off[0] - events[0]), frame),
        0.0 if on is None else min(abs(on[0] - events[1]), frame),
    )


def last_contact(s: JumpSignals, apex: int, level: float, lowest: int = 0) -> float | None:
    """Take-off before sample ``apex``: where the lower sole leaves ``level`` for the last time.

    Located by :func:`_edge_time` around the last sample at or below
    ``level``; where that fails, by linear interpolation between that sample
    and the next. When the feet were not tracked right after leaving, the
    last frame seen on the support stands for the event. None when no sample
    at or below ``level`` is found back to ``lowest``.
    """
    found = last_contact_sd(s, apex, level, lowest)
    return None if found is None else found[0]


def first_touch(s: JumpSignals, apex: int, level: float, highest: int | None = None) -> float | None:
    """Landing after sample ``apex``: where the lower sole first comes down to ``level``.

    Located as :func:`last_contact` is, around the first sample at or below
    ``level``. When the feet were not tracked right before touching, the
    first frame seen on the support stands for the event. None when the feet
    do not come down to ``level`` up to ``highest``.
    """
    found = first_touch_sd(s, apex, level, highest)
    return None if found is None else found[0]


def last_contact_sd(s: JumpSignals, apex: int, level: float, lowest: int = 0) -> tuple[float, float] | None:
    """:func:`last_contact` and its standard uncertainty (s)."""
    k = apex
    while k > lowest and not s.foot[k] <= level:
        k -= 1
    if not s.foot[k] <= level or k + 1 >= len(s.foot):
        return None  # never on the support, or still on it at the last sample
    frame = 1 / s.fps
    if not np.isfinite(s.foot[k + 1]):
        return float(s.t[k]), frame  # left unseen: some time in the frame or two after
    edge = _edge_time(s, k, 1, apex + 1, level)
    return (crossing_time(s.t, s.foot, k, level), frame / np.sqrt(12)) if edge is None else edge


def first_touch_sd(s: JumpSignals, apex: int, level: float, highest: int | None = None) -> tuple[float, float] | None:
    """:func:`first_touch` and its standard uncertainty (s)."""
    end = len(s.foot) - 1 if highest is None else min(highest, len(s.foot) - 1)
    m = apex
    while m < end and not s.foot[m] <= level:
        m += 1
    if not s.foot[m] <= level or m == 0:
        return None
    frame = 1 / s.fps
    if not np.isfinite(s.foot[m - 1]):
        return float(s.t[m]), frame
    edge = _edge_time(s, m, -1, apex - 1, level)
    return (crossing_time(s.t, s.foot, m - 1, level), frame / np.sqrt(12)) if edge is None else edge


def find_flights(s: JumpSignals, *, min_duration_s: float = MIN_FLIGHT_S) -> list[Airborne]:
    """Every flight of the feet from a support and back onto one, in time order.

    See :func:`flights_and_overlaps`: a flight overlapping the one before it is the same flight again, left out.
    """
    return [flight for flight, _ in flights_and_overlaps(s, min_duration_s=min_duration_s)]


def flights_and_overlaps(
    s: JumpSignals, *, min_duration_s: float = MIN_FLIGHT_S
) -> list[tuple[Airborne, Airborne | None]]:
    """Every flight of the feet from a support and back onto one, in time order, each with the longer flight that
    overlaps it (its take-off found before the first one's landing), if any.

    A flight is kept when its take-off and landing are both in view and it
    lasts at least ``min_duration_s``. A moment untracked in the air splits
    the airborne samples in two; the part before the gap has no support after
    it and is passed over, the part after it finds the take-off back across
    the gap, so the flight is found whole.

    Each edge's standard uncertainty is the edge fit's (:func:`_edge_time`), widened to hold
    ``LOWEST_SHIFT_SHARE`` times the shift the lowest point's noise bias makes (``s.foot_shortfall``):
    a bias that does not shrink with the frame interval as the fit's spread does.
    """
    above = clearly_airborne(s)
    # the lowest point's noise bias is not corrected (on real tracking which points are level is not known well
    # enough: taken off, the labelled dev set's events moved both ways); each edge's interval holds it instead
    debiased = None if s.foot_shortfall is None else replace(s, foot=s.foot - np.nan_to_num(s.foot_shortfall))
    found: list[Airborne] = []
    longer: list[Airborne | None] = []
    for start, stop in runs(above):
        if start == 0 or stop == len(s.foot):
            continue  # take-off or landing out of view (clip_edges says so)
        edges = _edges(s, start, stop, above)
        if edges is None:
            continue
        before, after, apex, takeoff, landing = edges
        if takeoff is None or landing is None or landing[0] - takeoff[0] < min_duration_s:
            continue
        if _frames_from(s, landing[0]) < END_SAMPLES:
            continue  # too near the clip's end to be placed (clip_edges says so)
        again = bool(found) and takeoff[0] < found[-1].landing_s
        if again and (longer[-1] is not None or landing[0] - takeoff[0] <= found[-1].duration_s):
            continue  # the same flight again (the feet dipped below the threshold in the air)
        takeoff = _sunk_support(s, start, before, above, apex, takeoff)
        if debiased is not None:
            shift_off, shift_on = _lowest_shift(debiased, start, stop, apex, (takeoff[0], landing[0]), above)
            takeoff = (takeoff[0], _covering_sd(LOWEST_SHIFT_SHARE * shift_off, takeoff[1]))
            landing = (landing[0], _covering_sd(LOWEST_SHIFT_SHARE * shift_on, landing[1]))
        flight = Airborne(takeoff[0], landing[0], start, stop - 1, before, after, takeoff[1], landing[1])
        if again:  # the same flight again, but longer: what it is if the first is no flight (a blip before it)
            longer[-1] = flight
            continue
        found.append(flight)
        longer.append(None)
    return [(_unbiased(s, f), None if g is None else _unbiased(s, g)) for f, g in zip(found, longer, strict=True)]


def _edges(
    s: JumpSignals, start: int, stop: int, above: BoolArray
) -> tuple[float, float, int, tuple[float, float] | None, tuple[float, float] | None] | None:
    """For the clearly airborne samples ``start..stop-1``: the support levels before and after them, the feet's
    highest sample, and the take-off and landing (each with its standard uncertainty, None where not found);
    None when a support is not seen."""
    window = stance_window(s)
    cl = contact_level(s)
    before = support_level(s, start - window, start, above)
    after = support_level(s, stop, stop + window, above)
    if not (np.isfinite(before) and np.isfinite(after)):
        return None
    apex = start + int(np.argmax(s.foot[start:stop]))
    takeoff = last_contact_sd(s, apex, before + cl, lowest=max(0, start - window))
    landing = first_touch_sd(s, apex, after + cl, highest=stop + window)
    return before, after, apex, takeoff, landing


def _frames_from(s: JumpSignals, time_s: float) -> int:
    """How many frames of the clip lie at or after ``time_s``."""
    return len(s.t) - int(np.searchsorted(s.t, time_s))


def clip_edges(s: JumpSignals) -> tuple[str | None, str | None]:
    """What the clip's first and last frames cut off: (start, end), each a sentence or None.

    The feet clearly airborne on the first frame (the clip starts in the air: that take-off is not in view), and
    on the last frame or fewer than ``END_SAMPLES`` frames before it (the clip ends in the air, or before the
    feet settle on the ground: that landing cannot be placed). :func:`flights_and_overlaps` leaves such an airborne
    phase out; these say so, so that a jump cut by the clip is not lost without a word.
    """
    above = clearly_airborne(s)
    spans = runs(above)
    n = len(s.foot)
    start = end = None
    if spans and spans[0][0] == 0:
        start = (
            f"the clip starts with the feet off the ground (up to {s.t[spans[0][1] - 1]:.2f} s): that take-off is "
            "not in view, its flight is not analysed"
        )
    if not spans or spans[-1][0] == 0:
        return start, end
    first, stop = spans[-1]
    edges = None if stop == n else _edges(s, first, stop, above)
    landing = None if edges is None else edges[4]
    if stop == n:
        end = (
            f"the clip ends with the feet off the ground (seen leaving by {s.t[first]:.2f} s, still off on the "
            f"last frame at {s.t[-1]:.2f} s): the landing is not in view, that flight is not analysed; film "
            "until the athlete stands still after landing"
        )
    elif landing is not None and (frames := _frames_from(s, landing[0])) < END_SAMPLES:
        end = (
            f"the clip has only {frames} frame{'s' if frames != 1 else ''} from the feet's touch-down at "
            f"{landing[0]:.2f} s to its end: too few to place the landing (the feet still settling), that flight "
            "is not analysed; film until the athlete stands still after landing"
        )
    return start, end


SINK_S = 0.1
"""The last stretch of a stance before the feet leave where a sole sunk under its support says the picture moved."""


def _sunk_support(
    s: JumpSignals, start: int, before: float, airborne: BoolArray, apex: int, takeoff: tuple[float, float]
) -> tuple[float, float]:
    """``takeoff`` (time, standard uncertainty) with its uncertainty widened to hold the take-off the feet's last
    level on the ground gives, where the sole sank under its support while standing there: the picture moved.

    A foot on the ground cannot go below it; its sole seen lower over the last ``SINK_S`` of the stance than
    its support (the median over ``STANCE_WINDOW_S``) by more than ``CAMERA_SHIFT_FLAG`` and three deviations of
    the feet's noise is a camera tilting or panning while the feet stand (a hand-held camera following the
    athlete up): the support is then partly the ground's old place in the picture, above where the feet stand
    when they leave, and the take-off comes late by as long as the feet take to rise through the difference.
    Which level is the ground's at the take-off the feet alone cannot tell from their own movement (the hips
    move with the picture too), so the take-off is not moved: its interval is widened to hold the one the
    sunk level gives (the lowest the sole stood over the stance's last ``SINK_S``; its median there is what tells
    that it sank)."""
    n = max(2, round(SINK_S * s.fps))
    idx = np.arange(max(0, start - n), start)
    seg = s.foot[idx][~airborne[idx]]
    seg = seg[np.isfinite(seg)]
    if not len(seg):
        return takeoff
    if not before - float(np.median(seg)) > max(CAMERA_SHIFT_FLAG, 3 * s.noise):
        return takeoff
    sunk = float(np.min(seg))  # the lowest they stood
    other = last_contact_sd(s, apex, sunk + contact_level(s), lowest=max(0, start - stance_window(s)))
    if other is None:
        return takeoff
    return takeoff[0], _covering_sd(abs(other[0] - takeoff[0]), takeoff[1])


def _unbiased(s: JumpSignals, flight: Airborne) -> Airborne:
    """``flight`` with the backend's declared foot timing bias taken off its take-off and landing."""
    late_off, late_on = s.timing_bias_s
    if late_off == 0 and late_on == 0:
        return flight
    return replace(flight, takeoff_s=flight.takeoff_s - late_off, landing_s=flight.landing_s - late_on)
