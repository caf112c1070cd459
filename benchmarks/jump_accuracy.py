"""Accuracy of the jump metrics on physics-generated series: the README's fps-vs-error table.

Same generator as the tests (tests/jump/physics.py): noise 0.002 frame heights
(~6 mm) per landmark, every 20th frame dropped, 40 seeds per frame rate.
Usage: python benchmarks/jump_accuracy.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kinemotion.jump import JumpSignals, analyze_cmj, analyze_dropjump
from tests.jump.physics import G, cmj_motion, dropjump_motion, landmarks

SEEDS = 40


def main() -> None:
    print(
        "| fps | CMJ flight time error, ms (mean / max) | CMJ height error, cm (mean / max) "
        "| DJ contact time error, ms (mean / max) | DJ RSI error (mean / max) |"
    )
    print("|---|---|---|---|---|")
    for fps in (30, 60, 120, 240):
        flight, height, contact, rsi = [], [], [], []
        for seed in range(SEEDS):
            t = np.arange(0, 3.5, 1 / fps)
            hip, feet, _truth = cmj_motion(t, 0.5)
            r = analyze_cmj(
                JumpSignals.from_series(t * 1000, landmarks(t, hip, feet, noise=0.002, drop_every=20, seed=seed))
            )
            flight.append(abs(r.flight_time_s - 0.5) * 1000)
            height.append(abs(r.jump_height_flight_m - G * 0.25 / 8) * 100)
            t = np.arange(0, 3.0, 1 / fps)
            hip, feet, _ = dropjump_motion(t, 0.4, 0.22, 0.5)
            d = analyze_dropjump(
                JumpSignals.from_series(t * 1000, landmarks(t, hip, feet, noise=0.002, drop_every=25, seed=seed))
            )
            contact.append(abs(d.ground_contact_time_s - 0.22) * 1000)
            rsi.append(abs(d.reactive_strength_index - (G * 0.25 / 8) / 0.22))
        print(
            f"| {fps} | {np.mean(flight):.2f} / {np.max(flight):.2f} | {np.mean(height):.2f} / {np.max(height):.2f} "
            f"| {np.mean(contact):.2f} / {np.max(contact):.2f} | {np.mean(rsi):.3f} / {np.max(rsi):.3f} |"
        )


if __name__ == "__main__":
    main()
