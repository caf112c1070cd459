"""The reported uncertainty of each event and metric covers the truth in at least 90 % of force-plate jumps.

Each event carries the half-width of its 90 % interval (``uncertainty_s``),
from the spread of the edge fit's corners (landmark noise), the frame
interval (an edge seen on one side only) and where on the foot contact is;
the metrics carry theirs (``metric_uncertainty``), in their own units. On
the force-plate drop jumps (tests/jump/mocap.py: 2 trials, 4 sampling
phases, 3 noise seeds, at 30 and 60 fps) the interval must hold the plates'
contact and flight times in at least 90 % of the jumps. The labelled real
footage is checked the same way in test_labelled_footage.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from kinemotion.jump import JumpSignals, analyze_dropjump
from kinemotion.jump.constants import G
from tests.jump.mocap import TRIALS, load_trial, side_camera

COVERED = 0.9


@pytest.mark.parametrize("fps", [30, 60])
def test_the_uncertainty_covers_the_force_plates_in_nine_jumps_of_ten(fps: int) -> None:
    hits: dict[str, list[bool]] = {"flight_time_s": [], "ground_contact_time_s": [], "jump_height_m": []}
    widths = []
    for name in TRIALS:
        trial = load_trial(name)
        truth = {
            "flight_time_s": trial.truth.flight_time_s,
            "ground_contact_time_s": trial.truth.contact_time_s,
            "jump_height_m": G * trial.truth.flight_time_s**2 / 8,
        }
        for phase in (0.0, 0.25, 0.5, 0.75):
            for seed in (0, 1, 2):
                t_ms, xs, ys = side_camera(trial, fps, phase=phase, noise_m=0.01, seed=seed)
                result = analyze_dropjump(JumpSignals.from_series(t_ms, ys, xs))
                metrics = result.metrics()
                for metric, value in truth.items():
                    half = result.metric_uncertainty[metric]
                    hits[metric].append(abs(metrics[metric] - value) <= half)  # type: ignore[operator]
                widths.append(result.metric_uncertainty["flight_time_s"])
                assert set(result.uncertainty_s) == set(result.phases_s)
    for metric, covered in hits.items():
        assert np.mean(covered) >= COVERED, (metric, np.mean(covered))
    # honest, not huge: the flight interval stays within two frames either side
    assert np.median(widths) < 2 / fps, np.median(widths)
