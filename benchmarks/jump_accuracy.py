"""Accuracy of the jump metrics: the README's tables.

1. Real drop jumps against force plates (tests/jump/mocap.py): the two
   development trials seen by a virtual side camera at several frame rates
   and landmark noise levels, 8 sampling phases x 5 noise seeds each.
2. Physics-generated series with rolling, compressing feet
   (tests/jump/physics.py): noise 0.002 frame heights (~6 mm) per landmark,
   every 20th (CMJ) or 25th (drop jump) frame dropped, 40 seeds per frame rate.

Usage: python benchmarks/jump_accuracy.py   (needs ../shared/assets or $KINEMOTION_TEST_ASSETS, and pytest:
the trials are read through tests/assets.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kinemotion.jump import JumpSignals, analyze_cmj, analyze_dropjump
from tests.jump.mocap import TRIALS, load_trial, side_camera
from tests.jump.physics import G, cmj_motion, dropjump_motion, landmarks

SEEDS = 40


def force_plates() -> None:
    print(
        "| fps | landmark noise | contact time error, ms: bias / median abs / max abs | flight time error, ms: same |"
    )
    print("|---|---|---|---|")
    trials = [load_trial(name) for name in TRIALS]
    for fps in (30, 60, 120):
        for noise_cm in (0.0, 0.5, 1.0, 2.0):
            contact, flight = [], []
            for trial in trials:
                for phase in np.arange(8) / 8:
                    for seed in range(5 if noise_cm else 1):
                        t_ms, xs, ys = side_camera(trial, fps, phase=phase, noise_m=noise_cm / 100, seed=seed)
                        r = analyze_dropjump(JumpSignals.from_series(t_ms, ys, xs))
                        contact.append(1000 * (r.ground_contact_time_s - trial.truth.contact_time_s))
                        flight.append(1000 * (r.flight_time_s - trial.truth.flight_time_s))
            cells = [
                f"{np.mean(e):+.1f} / {np.median(np.abs(e)):.1f} / {np.max(np.abs(e)):.1f}" for e in (contact, flight)
            ]
            print(f"| {fps} | {noise_cm:.1f} cm | {cells[0]} | {cells[1]} |")


def physics() -> None:
    print(
        "| fps | CMJ flight time error, ms (mean / max) | CMJ height error, cm (mean / max) "
        "| DJ contact time error, ms (mean / max) | DJ RSI error, m/s (mean / max) |"
    )
    print("|---|---|---|---|---|")
    for fps in (30, 60, 120, 240):
        flight, height, contact, rsi = [], [], [], []
        for seed in range(SEEDS):
            t = np.arange(0, 3.5, 1 / fps)
            cmj = landmarks(t, cmj_motion(t, 0.5), noise=0.002, drop_every=20, seed=seed)
            r = analyze_cmj(JumpSignals.from_series(t * 1000, cmj))
            flight.append(abs(r.flight_time_s - 0.5) * 1000)
            height.append(abs(r.jump_height_flight_m - G * 0.25 / 8) * 100)
            t = np.arange(0, 3.0, 1 / fps)
            dj = landmarks(t, dropjump_motion(t, 0.4, 0.22, 0.5), noise=0.002, drop_every=25, seed=seed)
            d = analyze_dropjump(JumpSignals.from_series(t * 1000, dj))
            contact.append(abs(d.ground_contact_time_s - 0.22) * 1000)
            rsi.append(abs(d.reactive_strength_index - (G * 0.25 / 8) / 0.22))
        print(
            f"| {fps} | {np.mean(flight):.2f} / {np.max(flight):.2f} | {np.mean(height):.2f} / {np.max(height):.2f} "
            f"| {np.mean(contact):.2f} / {np.max(contact):.2f} | {np.mean(rsi):.3f} / {np.max(rsi):.3f} |"
        )


if __name__ == "__main__":
    print("Real drop jumps (DJ1, DJAsym1) against force plates (20 N):\n")
    force_plates()
    print("\nPhysics-generated series:\n")
    physics()
