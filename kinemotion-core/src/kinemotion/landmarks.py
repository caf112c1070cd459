"""The canonical landmark vocabulary shared by every backend.

A :class:`~kinemotion.pose.PoseTracker` returns a mapping from the names defined
here to ``(x, y, visibility)``. Backends map their native keypoints onto these
names; each backend documents its mapping (see ``NATIVE_TO_CANONICAL`` in the
plugin packages). A backend need not produce every name, but every backend
must produce :data:`REQUIRED_LANDMARKS`, which is what the jump analysis uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "LANDMARKS",
    "LANDMARK_NAMES",
    "REQUIRED_LANDMARKS",
    "Landmark",
    "LandmarkDict",
    "LandmarkPoint",
]

LandmarkPoint = tuple[float, float, float]
"""``(x, y, visibility)``: x and y normalised to the frame width and height
(0 = left/top edge, 1 = right/bottom edge; slightly outside for off-frame
points), visibility (confidence) in [0, 1]."""

LandmarkDict = dict[str, LandmarkPoint]
"""What a tracker returns for one frame: canonical name -> point."""


@dataclass(frozen=True)
class Landmark:
    """One canonical landmark: its name and what point of the body it is."""

    name: str
    description: str


def _side(stem: str, description: str) -> tuple[Landmark, Landmark]:
    return (
        Landmark(f"left_{stem}", f"{description} (athlete's left)"),
        Landmark(f"right_{stem}", f"{description} (athlete's right)"),
    )


_ALL: tuple[Landmark, ...] = (
    Landmark("nose", "tip of the nose"),
    *_side("eye", "centre of the eye"),
    *_side("eye_inner", "inner corner of the eye"),
    *_side("eye_outer", "outer corner of the eye"),
    *_side("ear", "ear (tragus)"),
    *_side("mouth", "corner of the mouth"),
    Landmark("head_top", "top of the head"),
    Landmark("neck", "base of the neck, between the shoulders"),
    *_side("shoulder", "shoulder joint centre"),
    *_side("elbow", "elbow joint centre"),
    *_side("wrist", "wrist joint centre"),
    *_side("pinky", "knuckle of the little finger"),
    *_side("index", "knuckle of the index finger"),
    *_side("thumb", "tip of the thumb"),
    Landmark("mid_hip", "pelvis centre, between the hip joints"),
    *_side("hip", "hip joint centre"),
    *_side("knee", "knee joint centre"),
    *_side("ankle", "ankle joint centre (malleoli)"),
    *_side("heel", "back of the heel"),
    *_side("foot_index", "tip of the big toe"),
    *_side("small_toe", "tip of the little toe"),
)

LANDMARKS: Final[Mapping[str, Landmark]] = MappingProxyType({lm.name: lm for lm in _ALL})
"""Every canonical landmark, by name, in a stable order."""

LANDMARK_NAMES: Final[tuple[str, ...]] = tuple(LANDMARKS)
"""Every canonical landmark name, in a stable order."""

REQUIRED_LANDMARKS: Final[tuple[str, ...]] = (
    "nose",
    "left_shoulder",
    "right_shoulder",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
"""The 13 landmarks every backend must produce (what jump analysis needs)."""
