"""Real drop jumps from a motion-capture lab, seen by a virtual side camera, with force-plate truth.

The trials (../shared/assets/mocap/dropjump, PROVENANCE.md) hold marker
trajectories (.trc: metres, Y up, 100 Hz) and ground reaction forces (.mot,
100 Hz). A camera filming from the side sees the sagittal plane (X forward,
Y up): each landmark is the marker at that spot, resampled at the camera's
frame times (any frame rate, any phase against the lab clock), projected
with 1 m = 0.35 frame heights (an athlete about 60 % of the frame high) and
given Gaussian noise, like a pose estimator's jitter.

The truth is the force plates': contact while the total vertical force is
above 20 N, each edge interpolated between the two samples around it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from tests.assets import asset

TRIALS = ("DJ1", "DJAsym1")
FORCE_THRESHOLD_N = 20.0
PX_PER_M = 0.35
FLOOR_Y = 0.9
ASPECT = 16 / 9

# landmark -> marker (the nose has no marker: the head sits above C7, see _NOSE_FROM_C7)
MARKERS = {
    "left_shoulder": "L_Shoulder", "right_shoulder": "R_Shoulder",
    "left_hip": "L_HJC", "right_hip": "R_HJC",
    "left_knee": "L_knee", "right_knee": "r_knee",
    "left_ankle": "L_ankle", "right_ankle": "r_ankle",
    "left_heel": "L_calc", "right_heel": "r_calc",
    "left_foot_index": "L_toe", "right_foot_index": "r_toe",
}  # fmt: skip
_NOSE_FROM_C7 = (0.08, 0.12)  # m forward, m up
FOOT_MARKERS = {"left": ("L_ankle", "L_calc", "L_toe"), "right": ("r_ankle", "r_calc", "r_toe")}


@dataclass(frozen=True)
class ForcePlateTruth:
    contact_s: float
    takeoff_s: float
    landing_s: float

    @property
    def contact_time_s(self) -> float:
        return self.takeoff_s - self.contact_s

    @property
    def flight_time_s(self) -> float:
        return self.landing_s - self.takeoff_s


@dataclass(frozen=True)
class Trial:
    name: str
    time_s: np.ndarray
    markers: dict[str, np.ndarray]  # name -> (n, 3) metres
    truth: ForcePlateTruth


def _read_trc(path: Path) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    lines = path.read_text().splitlines()
    names = [n for n in lines[3].split("\t")[2:] if n]
    rows = []
    for line in lines[5:]:
        if line.strip():
            cells = line.split("\t")[: 2 + 3 * len(names)]
            rows.append([float(c) if c.strip() else np.nan for c in cells])
    data = np.array(rows)
    return data[:, 1], {n: data[:, 2 + 3 * i : 5 + 3 * i] for i, n in enumerate(names)}


def _read_vertical_force(path: Path) -> tuple[np.ndarray, np.ndarray]:
    lines = path.read_text().splitlines()
    header = next(i for i, line in enumerate(lines) if line.strip() == "endheader")
    columns = lines[header + 1].split("\t")
    data = np.array([[float(c) for c in line.split("\t")] for line in lines[header + 2 :] if line.strip()])
    vertical = [j for j, c in enumerate(columns) if c.endswith("_vy")]
    return data[:, 0], data[:, vertical].sum(axis=1)


def force_plate_truth(time_s: np.ndarray, force_n: np.ndarray) -> ForcePlateTruth:
    """First contact, take-off and landing: the force crossing FORCE_THRESHOLD_N (linear interpolation)."""
    on = force_n > FORCE_THRESHOLD_N
    edges = np.flatnonzero(np.diff(on.astype(np.int8)))
    assert len(edges) >= 3, "a drop jump has a contact, a take-off and a landing"

    def cross(i: int) -> float:
        f0, f1 = force_n[i], force_n[i + 1]
        return float(time_s[i] + (FORCE_THRESHOLD_N - f0) / (f1 - f0) * (time_s[i + 1] - time_s[i]))

    contact, takeoff, landing = (cross(int(i)) for i in edges[:3])
    return ForcePlateTruth(contact, takeoff, landing)


def load_trial(name: str) -> Trial:
    time_s, markers = _read_trc(asset(f"mocap/dropjump/{name}.trc"))
    force_t, force = _read_vertical_force(asset(f"mocap/dropjump/{name}_grf.mot"))
    return Trial(name, time_s, markers, force_plate_truth(force_t, force))


def side_camera(
    trial: Trial, fps: float, *, phase: float = 0.0, noise_m: float = 0.01, seed: int = 0
) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Timestamps (ms) and normalised x and y per landmark, as a side camera at ``fps`` would give.

    ``phase`` (0-1 of a frame) shifts the camera's frame times against the lab clock.
    """
    t = trial.time_s
    frames = np.arange(t[0] + phase / fps, t[-1], 1 / fps)
    rng = np.random.default_rng(seed)
    positions = {name: trial.markers[m] for name, m in MARKERS.items()}
    c7 = trial.markers["C7"]
    positions["nose"] = c7 + np.array([_NOSE_FROM_C7[0], _NOSE_FROM_C7[1], 0.0])
    xs, ys = {}, {}
    x0 = float(np.nanmin(trial.markers["L_HJC"][:, 0]))
    for name, xyz in positions.items():
        ok = np.isfinite(xyz[:, 1])
        forward = np.interp(frames, t[ok], xyz[ok, 0])
        up = np.interp(frames, t[ok], xyz[ok, 1])
        ys[name] = FLOOR_Y - PX_PER_M * up + rng.normal(0, noise_m * PX_PER_M, len(frames))
        xs[name] = 0.2 + PX_PER_M / ASPECT * (forward - x0) + rng.normal(0, noise_m * PX_PER_M / ASPECT, len(frames))
    return frames * 1000.0, xs, ys


def delay_foot(trial: Trial, side: str, delay_s: float) -> Trial:
    """``trial`` with one foot's markers (ankle, heel, toes) ``delay_s`` late: that foot leaves the box,
    touches the ground and leaves it ``delay_s`` after the other (it stands still on the box before)."""
    t = trial.time_s
    markers = dict(trial.markers)
    for name in FOOT_MARKERS[side]:
        xyz = trial.markers[name]
        late = np.empty_like(xyz)
        for k in range(3):
            ok = np.isfinite(xyz[:, k])
            late[:, k] = np.interp(t - delay_s, t[ok], xyz[ok, k])  # held at its first value before the start
        markers[name] = late
    return replace(trial, markers=markers)
