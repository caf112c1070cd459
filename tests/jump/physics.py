"""Synthetic landmark series generated from physics, with known answers.

An athlete of 1.75 m (nose 1.63 m above the floor when standing) filmed so
that 1 m spans 0.35 frame heights, floor at y = 0.9. The body flies
ballistically (g = 9.81 m/s²) between take-off and landing; noise is Gaussian
on every landmark coordinate; dropped frames are NaN.

Feet are not rigid blocks, they roll and compress as real feet do (seen in
motion capture of drop jumps with force plates, ../shared/assets/mocap):

- the heel rises during the last ``HEEL_RISE_S`` before toe-off, the foot
  leaves the ground pointed (heel ``HEEL_LIFT`` above the toes) and lands on
  the forefoot, the heel coming down over ``HEEL_DROP_S``;
- a loaded foot sinks ``COMPRESSION`` into its shoe and the ground: the toes
  first touch (and last leave) the ground ``COMPRESSION`` above where they rest
  under load, and take ``LOAD_S`` to settle (or lift).

The truth is the force plate's: contact from the first touch to the last
toe-off, i.e. the toes crossing ``COMPRESSION``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

G = 9.81
PX_PER_M = 0.35  # frame heights per metre
FLOOR_Y = 0.9
HIP_STAND = 0.95  # m
NOSE_ABOVE_HIP = 0.68
COMPRESSION = 0.02  # m (the toe marker of real drop jumps: 2.0-2.4 cm at 20 N)
LOAD_S = 0.03
HEEL_RISE_S = 0.25
HEEL_DROP_S = 0.12
HEEL_LIFT = 0.08  # m
HEEL_MARK, TOE_MARK = 0.03, 0.01  # landmark heights above the sole on a flat, loaded foot (m)


@dataclass(frozen=True)
class Truth:
    takeoff_s: float
    landing_s: float
    contact_s: float | None = None  # drop jump: first ground contact
    box_drop_s: float | None = None  # drop jump: leaving the box
    lowest_s: float | None = None  # CMJ: lowest hip
    countermovement_start_s: float | None = None  # CMJ: hip leaves its standing level
    depth_m: float | None = None  # CMJ: standing hip minus lowest hip
    hip_rise_m: float | None = None  # CMJ: hip apex in flight minus hip at take-off
    peak_velocity_m_s: float | None = None  # CMJ: highest hip velocity from the lowest point to take-off

    @property
    def flight_s(self) -> float:
        return self.landing_s - self.takeoff_s


@dataclass(frozen=True)
class Motion:
    """Heights (m) of the hip, the toes and the heels over time, with the truth."""

    hip: np.ndarray
    toe: np.ndarray
    heel: np.ndarray
    truth: Truth


def _hermite(s: np.ndarray, y0: float, y1: float, v0: float, v1: float, dur: float) -> np.ndarray:
    h00, h10 = 2 * s**3 - 3 * s**2 + 1, s**3 - 2 * s**2 + s
    h01, h11 = -2 * s**3 + 3 * s**2, s**3 - s**2
    return h00 * y0 + h10 * dur * v0 + h01 * y1 + h11 * dur * v1


def _quintic(s: np.ndarray, y0: float, y1: float, v0: float, v1: float, a0: float, a1: float, dur: float) -> np.ndarray:
    """Position on [0, 1] (times ``dur``) with given end positions, velocities and accelerations."""
    m = np.array(
        [
            [1, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0],
            [0, 0, 2, 0, 0, 0],
            [1, 1, 1, 1, 1, 1],
            [0, 1, 2, 3, 4, 5],
            [0, 0, 2, 6, 12, 20],
        ],
        dtype=float,
    )
    c = np.linalg.solve(m, [y0, v0 * dur, a0 * dur**2, y1, v1 * dur, a1 * dur**2])
    return np.polyval(c[::-1], s)


def _stance(t: np.ndarray, touch: float, leave: float, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Toe and heel over one stance on a support at ``level``: (mask, toe, heel)."""
    m = (t >= touch) & (t < leave)
    tt = t[m]
    settled = np.minimum(np.clip((tt - touch) / LOAD_S, 0, 1), np.clip((leave - tt) / LOAD_S, 0, 1))
    toe = level + COMPRESSION * (1 - settled)
    lift = np.maximum(
        HEEL_LIFT * np.clip(1 - (tt - touch) / HEEL_DROP_S, 0, 1),
        HEEL_LIFT * np.clip(1 - (leave - tt) / HEEL_RISE_S, 0, 1) ** 2,
    )
    return m, toe, toe + lift


def _feet(t: np.ndarray, stances: list[tuple[float, float, float]], flights: list[tuple[float, float, float, float]]):  # type: ignore[no-untyped-def]
    """Toe and heel heights from stances (touch, leave, level) and ballistic flights (start, end, toe height, v0)."""
    toe = np.full_like(t, np.nan)
    heel = np.full_like(t, np.nan)
    for touch, leave, level in stances:
        m, a, b = _stance(t, touch, leave, level)
        toe[m], heel[m] = a, b
    for start, end, y0, v0 in flights:
        m = (t >= start) & (t < end)
        tau = t[m] - start
        toe[m] = y0 + v0 * tau - G * tau**2 / 2
        heel[m] = toe[m] + HEEL_LIFT
    return toe, heel


def cmj_motion(
    t: np.ndarray,
    flight_s: float,
    depth: float = 0.3,
    start_s: float = 1.0,
    down_s: float = 0.5,
    push_s: float = 0.3,
    soft_landing: bool = False,
) -> Motion:
    """A CMJ: still, ``down_s`` down, ``push_s`` up, flight, landing (absorbed over 0.6 s), still.

    The landing's hips drop 5 cm at touchdown (to the standing height) unless ``soft_landing``: then they go on
    from the flight's height and speed, falling at g at first (no force yet), braked to 15 cm below standing in
    0.25 s, and rise back to standing over 0.45 s."""
    v0 = G * flight_s / 2
    t_cm, t_low, t_to = start_s, start_s + down_s, start_s + down_s + push_s
    t_land = t_to + flight_s
    hip_to = HIP_STAND + 0.05
    hip = np.full_like(t, HIP_STAND)
    m = (t >= t_cm) & (t < t_low)
    hip[m] = HIP_STAND - depth * (1 - np.cos(np.pi * (t[m] - t_cm) / (t_low - t_cm))) / 2
    # Propulsion: from the bottom (at rest, accelerating upwards as the descent ended) to
    # take-off at v0, where the force on the ground has fallen to zero (acceleration -g).
    bottom_acc = depth * (np.pi / (t_low - t_cm)) ** 2 / 2
    dur = t_to - t_low
    m = (t >= t_low) & (t < t_to)
    hip[m] = _quintic((t[m] - t_low) / dur, HIP_STAND - depth, hip_to, 0.0, v0, bottom_acc, -G, dur)
    m = (t >= t_to) & (t < t_land)
    tau = t[m] - t_to
    hip[m] = hip_to + v0 * tau - G * tau**2 / 2
    m = t >= t_land
    tau = t[m] - t_land
    hip[m] = HIP_STAND - 0.15 * np.sin(np.pi * np.clip(tau / 0.6, 0, 1))
    if soft_landing:
        hip[m] = _absorbed(tau, hip_to, v0)
    toe, heel = _feet(t, [(-np.inf, t_to, 0.0), (t_land, np.inf, 0.0)], [(t_to, t_land, COMPRESSION, v0)])
    # The hip leaves its standing level by 1 % of body height (as the analysis defines the start).
    cm_start = t_cm + down_s / np.pi * np.arccos(1 - 2 * 0.0161 / depth)
    fine = np.linspace(0.0, 1.0, 2001)
    rise = _quintic(fine, HIP_STAND - depth, hip_to, 0.0, v0, bottom_acc, -G, dur)
    peak = float(np.max(np.gradient(rise, fine * dur)))
    truth = Truth(
        t_to,
        t_land,
        lowest_s=t_low,
        countermovement_start_s=cm_start,
        depth_m=depth,
        hip_rise_m=v0**2 / (2 * G),
        peak_velocity_m_s=peak,
    )
    return Motion(hip, toe, heel, truth)


def _absorbed(tau: np.ndarray, hip_land: float, v_land: float, depth: float = 0.15) -> np.ndarray:
    """The hips ``tau`` s after a touchdown at ``hip_land`` m falling at ``v_land`` m/s: falling at g at first,
    braked to ``depth`` below standing in 0.25 s, back up to standing over 0.45 s (m)."""
    down, up = 0.25, 0.45
    low = HIP_STAND - depth
    out = np.full_like(tau, HIP_STAND)
    m = tau < down
    out[m] = _quintic(tau[m] / down, hip_land, low, -v_land, 0.0, -G, 0.0, down)
    m = (tau >= down) & (tau < down + up)
    u = (tau[m] - down) / up
    out[m] = low + depth * (3 * u**2 - 2 * u**3)
    return out


def arms_lowered_in_flight(t: np.ndarray, flight_s: float, raise_m: float) -> Motion:
    """A CMJ whose hips rise ``raise_m`` relative to the body's centre of mass over the flight, evenly (the arms,
    overhead at take-off, lowered by the landing: about 5 cm for arms swung from overhead to the sides), landing
    stiff: the force under the feet builds from none to 4 g over 30 ms after touchdown, until the hips stop.

    The hips' path in the air is still a parabola (falling at g), its apex ``raise_m / (g * flight_s)`` after
    the flight's midpoint: they rise longer than they fall, the take-off right."""
    m = cmj_motion(t, flight_s)
    to, land = m.truth.takeoff_s, m.truth.landing_s
    v0 = G * flight_s / 2
    hip = m.hip + np.where(t >= to, raise_m * np.clip((t - to) / flight_s, 0.0, 1.0), 0.0)
    dt = 1e-4
    tau = np.arange(0.0, 1.5, dt)
    acc = -G + 5 * G * np.minimum(tau / 0.03, 1.0)
    v = -(v0 - raise_m / flight_s) + np.cumsum(acc) * dt
    v[np.argmax(v >= 0) :] = 0.0
    after = t >= land
    hip[after] = np.interp(t[after] - land, tau, HIP_STAND + 0.05 + raise_m + np.cumsum(v) * dt)
    return Motion(hip, m.toe, m.heel, m.truth)


def cmj_set_motion(t: np.ndarray, flights_s: list[float], starts_s: list[float]) -> tuple[Motion, list[Truth]]:
    """Several CMJs with rests between them: jump k starts its countermovement at ``starts_s[k]``."""
    parts = [cmj_motion(t, f, start_s=s) for f, s in zip(flights_s, starts_s, strict=True)]
    hip, toe, heel = parts[0].hip.copy(), parts[0].toe.copy(), parts[0].heel.copy()
    for part, start in zip(parts[1:], starts_s[1:], strict=True):
        m = t >= start - 0.05  # standing still since the previous landing
        hip[m], toe[m], heel[m] = part.hip[m], part.toe[m], part.heel[m]
    return Motion(hip, toe, heel, parts[0].truth), [p.truth for p in parts]


def rebound_cmj_set_motion(
    t: np.ndarray,
    flights_s: list[float],
    depth: float = 0.3,
    start_s: float = 1.0,
    down_s: float = 0.5,
    push_s: float = 0.3,
) -> tuple[Motion, list[Truth]]:
    """CMJs in a row with no pause: after the first (from standing), each landing's absorption is the next
    jump's countermovement, the hips going straight down from touchdown to ``depth`` below standing (in
    ``down_s``, from the landing's speed to rest, still braking) and up again into the next take-off."""
    first = cmj_motion(t, flights_s[0], depth, start_s, down_s, push_s)
    hip, toe, heel = first.hip.copy(), first.toe.copy(), first.heel.copy()
    truths = [first.truth]
    stances: list[tuple[float, float, float]] = [(-np.inf, first.truth.takeoff_s, 0.0)]
    air: list[tuple[float, float, float, float]] = []
    hip_air = HIP_STAND + 0.05  # the hips at take-off and touchdown, legs extended
    bottom_acc = depth * (np.pi / down_s) ** 2 / 2
    landing = first.truth.landing_s
    for k, flight_s in enumerate(flights_s):
        v0 = G * flight_s / 2
        takeoff = truths[-1].takeoff_s
        landing = takeoff + flight_s
        air.append((takeoff, landing, COMPRESSION, v0))
        m = (t >= takeoff) & (t < landing)
        tau = t[m] - takeoff
        hip[m] = hip_air + v0 * tau - G * tau**2 / 2
        if k + 1 == len(flights_s):
            break
        low, next_takeoff = landing + down_s, landing + down_s + push_s
        v1 = G * flights_s[k + 1] / 2
        m = (t >= landing) & (t < low)
        hip[m] = _quintic((t[m] - landing) / down_s, hip_air, HIP_STAND - depth, -v0, 0.0, -G, bottom_acc, down_s)
        m = (t >= low) & (t < next_takeoff)
        hip[m] = _quintic((t[m] - low) / push_s, HIP_STAND - depth, hip_air, 0.0, v1, bottom_acc, -G, push_s)
        stances.append((landing, next_takeoff, 0.0))
        truths.append(Truth(next_takeoff, next_takeoff + flights_s[k + 1], lowest_s=low, depth_m=depth))
    m = t >= landing
    tau = t[m] - landing
    hip[m] = HIP_STAND - 0.15 * np.sin(np.pi * np.clip(tau / 0.6, 0, 1))
    stances.append((landing, np.inf, 0.0))
    toe, heel = _feet(t, stances, air)
    return Motion(hip, toe, heel, truths[0]), truths


def hop_set_motion(
    t: np.ndarray, flight_s: float, contact_s: float, hops: int, start_s: float = 1.0
) -> tuple[Motion, list[Truth]]:
    """Continuous two-foot hops: standing, a quick dip, then ``hops`` flights of ``flight_s`` with ground
    contacts of ``contact_s`` between them (the hips dip as fast as they land and rise as fast as they leave),
    then standing."""
    v0 = G * flight_s / 2
    hip_air = HIP_STAND + 0.03  # the hips at take-off and landing, the feet pointed
    hip = np.full_like(t, HIP_STAND)
    m = (t >= start_s - contact_s) & (t < start_s)
    u = (t[m] - (start_s - contact_s)) / contact_s
    hip[m] = HIP_STAND + 0.03 * u - v0 * contact_s / np.pi * np.sin(np.pi * u)
    stances, flights, truths = [(-np.inf, start_s, 0.0)], [], []
    takeoff = start_s
    for k in range(hops):
        landing = takeoff + flight_s
        flights.append((takeoff, landing, COMPRESSION, v0))
        truths.append(Truth(takeoff, landing))
        m = (t >= takeoff) & (t < landing)
        tau = t[m] - takeoff
        hip[m] = hip_air + v0 * tau - G * tau**2 / 2
        leave = landing + contact_s if k < hops - 1 else np.inf
        stances.append((landing, leave, 0.0))
        m = (t >= landing) & (t < landing + contact_s)
        hip[m] = hip_air - v0 * contact_s / np.pi * np.sin(np.pi * (t[m] - landing) / contact_s)
        takeoff = landing + contact_s
    hip[t >= takeoff] = HIP_STAND
    toe, heel = _feet(t, stances, flights)
    return Motion(hip, toe, heel, truths[0]), truths


def dropjump_motion(t: np.ndarray, box_m: float, contact_s: float, flight_s: float, off_s: float = 1.0) -> Motion:
    """Standing on a box, step off (free fall from rest), contact, rebound flight, landing."""
    fall = np.sqrt(2 * (box_m - COMPRESSION) / G)
    t_contact = off_s + fall
    t_to = t_contact + contact_s
    t_land = t_to + flight_s
    v0 = G * flight_s / 2
    toe, heel = _feet(
        t,
        [(-np.inf, off_s, box_m), (t_contact, t_to, 0.0), (t_land, np.inf, 0.0)],
        [(off_s, t_contact, box_m, 0.0), (t_to, t_land, COMPRESSION, v0)],
    )
    hip = toe + HIP_STAND
    m = t < off_s
    hip[m] = box_m + HIP_STAND
    m = (t >= t_contact) & (t < t_to)
    hip[m] = HIP_STAND - 0.2 * np.sin(np.pi * (t[m] - t_contact) / contact_s)
    m = t >= t_land
    hip[m] = HIP_STAND - 0.1 * np.sin(np.pi * np.clip((t[m] - t_land) / 0.5, 0, 1))
    return Motion(hip, toe, heel, Truth(t_to, t_land, t_contact, box_drop_s=off_s))


def landmarks(
    t: np.ndarray,
    motion: Motion,
    *,
    noise: float,
    drop_every: int,
    seed: int,
    camera_y: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """y (frame heights) per landmark, with noise, every ``drop_every``-th frame missing, and camera motion.

    ``camera_y`` (frame heights per sample) moves the whole picture, as a
    camera that tilts or is carried does.
    """
    rng = np.random.default_rng(seed)
    hip, toe, heel = motion.hip, motion.toe, motion.heel
    heights = {
        "nose": hip + NOSE_ABOVE_HIP, "left_shoulder": hip + 0.5, "right_shoulder": hip + 0.5,
        "left_hip": hip, "right_hip": hip, "left_knee": (hip + toe) / 2 + 0.04, "right_knee": (hip + toe) / 2 + 0.04,
        "left_ankle": (heel + toe) / 2 + 0.07, "right_ankle": (heel + toe) / 2 + 0.07,
        "left_heel": heel + HEEL_MARK, "right_heel": heel + HEEL_MARK,
        "left_foot_index": toe + TOE_MARK, "right_foot_index": toe + TOE_MARK,
    }  # fmt: skip
    shift = np.zeros_like(t) if camera_y is None else camera_y
    out = {}
    for name, h in heights.items():
        y = FLOOR_Y - PX_PER_M * h + shift + rng.normal(0, noise, len(t))
        if drop_every:
            y[drop_every // 2 :: drop_every] = np.nan
        out[name] = y
    return out


ANKLE_ABOVE_M = 0.07  # the ankle over the sole's midpoint, as landmarks() draws it
SEGMENT_M = (HIP_STAND - ANKLE_ABOVE_M) / 2 / np.sin(np.radians(87.5))
"""Thigh and shank, equal: the standing leg (hip over ankle) is then 175 degrees straight."""


def knees_from_the_side(y: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """x of every point of ``landmarks()``'s ``y``, as filmed from the side: 0.5, the knees forward as two equal
    segments bend to span the hip-ankle distance (each knee's y, in ``y``, put halfway between its hip and ankle,
    where two equal segments put it)."""
    span = (y["left_ankle"] - y["left_hip"]) / PX_PER_M  # hip over ankle (m)
    forward = np.sqrt(np.clip(SEGMENT_M**2 - (span / 2) ** 2, 0.0, None)) * PX_PER_M
    xs = {n: np.full_like(v, 0.5) for n, v in y.items()}
    for side in ("left", "right"):
        xs[f"{side}_knee"] = 0.5 + forward
        y[f"{side}_knee"] = (y[f"{side}_hip"] + y[f"{side}_ankle"]) / 2
    return xs


def lift_foot(y: dict[str, np.ndarray], side: str, t: np.ndarray, start: float, stop: float, metres: float) -> None:
    """Raise one foot's heel and toe by ``metres`` between ``start`` and ``stop`` (in place): lifted at speed
    (a foot leaves the ground fast), held, and put down as fast."""
    m = (t >= start) & (t < stop)
    arc = metres * np.minimum(1.0, 3 * np.sin(np.pi * (t[m] - start) / (stop - start)))
    for point in ("heel", "foot_index"):
        y[f"{side}_{point}"][m] -= arc * PX_PER_M


def tucked_hop(t: np.ndarray, flight_s: float, seed: int) -> tuple[Motion, dict[str, np.ndarray]]:
    """A short CMJ whose feet tuck up 8 cm in the air (a hop: the hips alone rise only ``g t² / 8``, 1 cm)."""
    motion = cmj_motion(t, flight_s, depth=0.12)
    y = landmarks(t, motion, noise=0.0003, drop_every=0, seed=seed)
    for side in ("left", "right"):
        lift_foot(y, side, t, motion.truth.takeoff_s, motion.truth.landing_s, 0.08)
    return motion, y


def step_up_first(t: np.ndarray, y: dict[str, np.ndarray], box_m: float, step_s: float, off_s: float) -> None:
    """Put a drop jump's start on the floor (in place): the athlete stands there, then steps up onto the box at
    ``step_s`` (the left foot first, over 0.3 s in an arc 12 cm above the straight path, the right foot 0.35 s
    later; the hips rise with the mean of the feet over a quarter second), as when the camera started before they
    climbed on. ``y`` is ``landmarks()`` of a ``dropjump_motion`` stepping off at ``off_s``."""

    def foot(start: float) -> np.ndarray:
        s = np.clip((t - start) / 0.3, 0.0, 1.0)
        return box_m * s + 0.12 * np.sin(np.pi * s)

    left, right = foot(step_s), foot(step_s + 0.35)
    window = max(3, round(0.25 / float(np.median(np.diff(t)))) | 1)
    hips = np.convolve(np.pad((left + right) / 2, window // 2, mode="edge"), np.ones(window) / window, "valid")
    before = t < off_s
    for name, values in y.items():
        lifted = (left if name.startswith("left_") else right) if name.endswith(("heel", "foot_index")) else hips
        values[before] += (box_m - lifted[before]) * PX_PER_M


CAMERA_HEIGHT_M = 1.0
"""The camera's height above the floor (m): the horizon lies ``FLOOR_Y - PX_PER_M * CAMERA_HEIGHT_M`` down."""
CAMERA_DISTANCE_M = 4.0
"""How far from the camera the athlete jumps (m): its focal length is ``PX_PER_M * CAMERA_DISTANCE_M`` frame
heights, so a point ``h`` m up ``d`` m away is seen ``PX_PER_M * CAMERA_DISTANCE_M * (CAMERA_HEIGHT_M - h) / d``
below the horizon (``landmarks()``'s picture at ``d = CAMERA_DISTANCE_M``)."""
HIP_WIDTH_M, SHOULDER_WIDTH_M = 0.17, 0.35


def deep_landing_and_stand_up(
    t: np.ndarray, motion: Motion, landing: Truth, depth: float = 0.35, hold_s: float = 0.8, rise_s: float = 0.9
) -> Motion:
    """``motion`` with its ``landing`` absorbed deep (the hips going on from the flight's height and speed down to
    ``depth`` m below standing over 0.4 s), held crouched for ``hold_s``, then a stand-up over ``rise_s`` (the
    feet flat on the ground throughout)."""
    hip = motion.hip.copy()
    tau = t - landing.landing_s
    v_land = G * landing.flight_s / 2
    m = (tau >= 0) & (tau < 0.4)
    hip[m] = _quintic(tau[m] / 0.4, HIP_STAND + 0.05, HIP_STAND - depth, -v_land, 0.0, -G, 0.0, 0.4)
    up = np.clip((tau - 0.4 - hold_s) / rise_s, 0.0, 1.0)
    m = tau >= 0.4
    hip[m] = HIP_STAND - depth * (1 - (3 * up[m] ** 2 - 2 * up[m] ** 3))
    return Motion(hip, motion.toe, motion.heel, motion.truth)


def walk_away(
    t: np.ndarray,
    motion: Motion,
    *,
    turn_s: float,
    walk_s: float,
    noise: float,
    seed: int,
    speed_m_s: float = 1.3,
    cycle_s: float = 1.1,
    lift_m: float = 0.08,
    bob_m: float = 0.02,
    cycles: float | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """y and x (frame heights, as ``landmarks()`` draws them) of ``motion`` filmed from the side, after which the
    athlete turns away from the camera (over 0.4 s from ``turn_s``) and walks away from it from ``walk_s`` on
    (for ``cycles`` gait cycles, then stands there; None: to the end).

    A walk has one foot on the ground at every moment: each foot swings for ``0.36 * cycle_s`` (lifted up to
    ``lift_m``) and stands for the rest, so both stand together twice a cycle. The hips bob ``bob_m`` (highest
    in single support). Seen by a fixed camera (``CAMERA_HEIGHT_M`` up, the athlete ``CAMERA_DISTANCE_M`` away
    at first) everything shrinks as it recedes, and each planted foot is seen higher in the picture than the
    one before (a step's length farther, nearer the horizon): the floor rises in the picture, step by step.
    """
    rng = np.random.default_rng(seed)
    focal = PX_PER_M * CAMERA_DISTANCE_M
    horizon = FLOOR_Y - PX_PER_M * CAMERA_HEIGHT_M
    walking = t >= walk_s
    tau = np.where(walking, t - walk_s, 0.0)
    if cycles is not None:
        tau = np.minimum(tau, cycles * cycle_s)
    body_d = CAMERA_DISTANCE_M + speed_m_s * tau
    hip = motion.hip + np.where(walking, bob_m * (np.cos(4 * np.pi * tau / cycle_s) - 1) / 2, 0.0)
    swing = 0.36 * cycle_s
    stride = speed_m_s * cycle_s
    feet: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for k, side in enumerate(("left", "right")):
        # each foot swings once a cycle, the right half a cycle after the left; after its m-th swing the left
        # stands a stride times (m - 1/2) farther than at the start, the right a stride times m
        since = tau - k * cycle_s / 2
        n = np.floor(since / cycle_s)
        u = np.clip((since - n * cycle_s) / swing, 0.0, 1.0)
        swinging = walking & (since >= 0) & (u < 1)

        def planted(m: np.ndarray, k: int = k) -> np.ndarray:
            return np.where(m >= 1, stride * (m - 0.5 + 0.5 * k), 0.0)

        done = np.where(since >= 0, n, -1.0)  # swings begun
        d = CAMERA_DISTANCE_M + planted(done) + (planted(done + 1) - planted(done)) * (3 * u**2 - 2 * u**3)
        d = np.where(walking & (since >= 0), d, CAMERA_DISTANCE_M)
        up = np.where(swinging, lift_m * np.sin(np.pi * u), 0.0)
        feet[side] = (d, up)
    turned = np.clip((t - turn_s) / 0.4, 0.0, 1.0)
    heights = {
        "nose": (hip + NOSE_ABOVE_HIP, body_d), "left_shoulder": (hip + 0.5, body_d),
        "right_shoulder": (hip + 0.5, body_d), "left_hip": (hip, body_d), "right_hip": (hip, body_d),
        "left_knee": ((hip + motion.toe) / 2 + 0.04 + feet["left"][1] / 2, (body_d + feet["left"][0]) / 2),
        "right_knee": ((hip + motion.toe) / 2 + 0.04 + feet["right"][1] / 2, (body_d + feet["right"][0]) / 2),
        "left_ankle": ((motion.heel + motion.toe) / 2 + 0.07 + feet["left"][1], feet["left"][0]),
        "right_ankle": ((motion.heel + motion.toe) / 2 + 0.07 + feet["right"][1], feet["right"][0]),
        "left_heel": (motion.heel + HEEL_MARK + feet["left"][1], feet["left"][0]),
        "right_heel": (motion.heel + HEEL_MARK + feet["right"][1], feet["right"][0]),
        "left_foot_index": (motion.toe + TOE_MARK + feet["left"][1], feet["left"][0]),
        "right_foot_index": (motion.toe + TOE_MARK + feet["right"][1], feet["right"][0]),
    }  # fmt: skip
    across = {  # metres to the athlete's left, as the camera sees it: side-on at first, then from behind
        "shoulder": SHOULDER_WIDTH_M / 2 * turned, "hip": HIP_WIDTH_M / 2 * turned,
        "knee": 0.06 * turned, "ankle": 0.06 * turned, "heel": 0.06 * turned, "foot_index": 0.06 * turned,
    }  # fmt: skip
    ys, xs = {}, {}
    for name, (h, d) in heights.items():
        side, _, joint = name.partition("_")
        lateral = 0.0 if name == "nose" else (across[joint] if side == "left" else -across[joint])
        ys[name] = horizon + focal * (CAMERA_HEIGHT_M - h) / d + rng.normal(0, noise, len(t))
        xs[name] = 0.5 + focal * lateral / d + rng.normal(0, noise, len(t))
    return ys, xs


FOOT_FORWARD_M = {"heel": -0.15, "foot_index": 0.1}
"""Where a foot's landmarks lie along it, seen from the side (m forward of the ankle's foot of the perpendicular)."""


def hand_past_the_feet(
    t: np.ndarray,
    y: dict[str, np.ndarray],
    passing_s: float,
    above_m: float,
    speed_m_s: float,
    reach_m: float = 0.1,
    *,
    snap: bool = False,
) -> dict[str, np.ndarray]:
    """``y`` (``landmarks()``, seen from the side) with a hand swinging forward past the feet, as in a deep
    arm-swing CMJ, and a pose model that confuses it with them.

    The hand moves forward at ``speed_m_s`` on a shallow arc, lowest (``above_m`` over the floor) at
    ``passing_s`` right over the feet. A pose model that sees a hand near a foot point is pulled towards it:
    each foot point is seen at ``w`` of the way to the hand, ``w = exp(-(distance / reach_m)^2)``, a heatmap
    with a second peak on the hand. ``snap``: each foot point within ``reach_m`` of the hand is seen fully on it,
    as a model that reads a keypoint at its heatmap's single strongest spot (RTMPose's SimCC argmax) sees it when
    the hand's peak is the stronger. The hand in the picture is not returned: the analysis does not read it.
    """
    forward = speed_m_s * (t - passing_s)
    hand = above_m + 0.5 * forward**2  # metres over the floor
    out = dict(y)
    for side in ("left", "right"):
        for point, along in FOOT_FORWARD_M.items():
            name = f"{side}_{point}"
            seen = (FLOOR_Y - y[name]) / PX_PER_M
            distance = np.hypot(forward - along, hand - seen)
            w = (distance < reach_m).astype(float) if snap else np.exp(-((distance / reach_m) ** 2))
            out[name] = y[name] - w * (hand - seen) * PX_PER_M
    return out
