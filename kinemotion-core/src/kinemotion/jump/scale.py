"""The picture's scale from the athlete's height: metres per frame height, as the jump metrics in metres use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinemotion.jump.constants import NOSE_TO_FEET_PER_HEIGHT
from kinemotion.jump.inputs import check_athlete_height
from kinemotion.jump.signals import JumpSignals

if TYPE_CHECKING:
    from kinemotion.tracking import TrackingResult

__all__ = ["metres_per_frame_height"]


def metres_per_frame_height(result: TrackingResult, athlete_height_m: float) -> float:
    """How many metres one frame height spans where the athlete stands, from their height.

    The athlete's upright nose-to-feet distance in the picture (:attr:`~kinemotion.jump.JumpSignals.body_height`,
    frame heights: the frames whose knees are not bent into a squat) is ``NOSE_TO_FEET_PER_HEIGHT`` (0.93) of
    their height, the same scale the jump metrics in metres are given in.

    Raises:
        ValueError: ``athlete_height_m`` is not a height in metres (0.5 to 2.5).
        AnalysisError: the athlete cannot be measured in ``result`` (too short, no person found, no head or
            shoulders with the feet: as the jump analysis says).
    """
    height = check_athlete_height(athlete_height_m)
    if height is None:
        raise ValueError("athlete_height_m is needed (a height in metres, e.g. 1.80)")
    signals = JumpSignals.from_tracking(result)
    return height * NOSE_TO_FEET_PER_HEIGHT / signals.body_height
