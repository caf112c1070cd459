"""Per-frame 2D joint and segment angles of a tracking, in Sports2D's convention (degrees).

Each angle is measured in the picture, x scaled by the frame's aspect (landmarks are fractions of the frame's
width and height: a vector is ``(dx * width / height, dy)`` in frame heights), so a right angle on the screen
is 90 degrees whatever the frame's shape. From the side it is the body's angle; seen at a slant it is its
projection (a bent knee seen from the front looks straight).

The joint angles follow Sports2D's and Pose2Sim's "flexion" convention: 0 when the two segments are in line
(the leg straight, the trunk in line with the thigh), growing as the joint bends. They are unsigned (the
picture alone does not say which way the athlete faces): a knee bent backwards (hyperextended) reads as a small
flexion, not a negative one. The ankle is the one signed angle, and needs no facing direction: the shank
against the foot (heel to big toe), 0 when they are at right angles, positive when the shank leans over the
toes (dorsiflexion), negative when the foot points down (plantar flexion, on the toes).

A point that is missing on a frame (no pose, or a backend that did not give it) or seen with a visibility
below :data:`MIN_VISIBILITY` makes every angle that uses it NaN on that frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from kinemotion.errors import AnalysisError

if TYPE_CHECKING:
    from kinemotion.tracking import TrackingResult

__all__ = ["ANGLES", "MIN_VISIBILITY", "AngleDefinition", "JointAngles", "joint_angles", "missing_points"]

FloatArray = npt.NDArray[np.float64]

MIN_VISIBILITY = 0.3
"""A point seen with a lower visibility (confidence) is not used: the threshold under which the overlay does not
draw a point (:func:`kinemotion.tracking.drawing.draw_pose`) and Sports2D drops a keypoint."""


@dataclass(frozen=True)
class AngleDefinition:
    """One angle: its column name (with its unit), the landmarks it is measured on, and how."""

    column: str
    """Column name in the CSV and ``.mot`` outputs, e.g. ``right_knee_flexion_deg``."""
    points: tuple[str, ...]
    """Canonical landmark names (:mod:`kinemotion.landmarks`) the angle is measured on, in :attr:`kind`'s order."""
    kind: str
    """``"flexion"``: ``points`` are (a, vertex, b); 180 minus the angle a-vertex-b. ``"dorsiflexion"``: (knee,
    ankle, heel, toe); 90 minus the angle between ankle->knee and heel->toe. ``"inclination"``: (left shoulder,
    right shoulder, left hip, right hip); the angle of the hips' midpoint -> shoulders' midpoint from upright."""
    description: str
    """What the angle is, in words (the guide and ``--help``)."""


def _side(side: str) -> tuple[AngleDefinition, ...]:
    s = side
    return (
        AngleDefinition(
            f"{s}_ankle_dorsiflexion_deg",
            (f"{s}_knee", f"{s}_ankle", f"{s}_heel", f"{s}_foot_index"),
            "dorsiflexion",
            f"{s} ankle: 90 minus the angle between the shank (ankle to knee) and the foot (heel to big toe); 0 at "
            "right angles, positive with the shank over the toes, negative on the toes",
        ),
        AngleDefinition(
            f"{s}_knee_flexion_deg",
            (f"{s}_hip", f"{s}_knee", f"{s}_ankle"),
            "flexion",
            f"{s} knee: 180 minus the hip-knee-ankle angle; 0 with the leg straight",
        ),
        AngleDefinition(
            f"{s}_hip_flexion_deg",
            (f"{s}_shoulder", f"{s}_hip", f"{s}_knee"),
            "flexion",
            f"{s} hip: 180 minus the shoulder-hip-knee angle; 0 with the trunk in line with the thigh",
        ),
    )


ANGLES: tuple[AngleDefinition, ...] = (
    *_side("right"),
    *_side("left"),
    AngleDefinition(
        "trunk_inclination_deg",
        ("left_shoulder", "right_shoulder", "left_hip", "right_hip"),
        "inclination",
        "trunk: the angle of the line from the hips' midpoint to the shoulders' midpoint from upright (0), either way",
    ),
)
"""Every angle :func:`joint_angles` measures, in its column order."""


@dataclass(frozen=True)
class JointAngles:
    """The angles of one tracking: ``degrees[i, k]`` is angle ``names[k]`` on frame ``i`` (NaN where not seen)."""

    names: tuple[str, ...]
    """The columns, as in :data:`ANGLES` (each name ends with its unit, ``_deg``)."""
    time_s: FloatArray
    """Each frame's time in the video (s), from the container's timestamps."""
    degrees: FloatArray
    """``(frames, angles)``, degrees."""
    backend: str
    """The backend that tracked the landmarks."""

    def __getitem__(self, name: str) -> FloatArray:
        """One angle over time (degrees), by its column name."""
        if name not in self.names:
            raise KeyError(f"no angle {name!r}; the angles are {', '.join(self.names)}")
        column: FloatArray = self.degrees[:, self.names.index(name)]
        return column

    @property
    def frame_count(self) -> int:
        """Frames measured (every frame of the tracking)."""
        return len(self.time_s)


def missing_points(names: tuple[str, ...] | list[str]) -> dict[str, list[str]]:
    """The landmarks each angle needs that ``names`` lacks, by angle column (empty when none is missing)."""
    have = set(names)
    return {a.column: [p for p in a.points if p not in have] for a in ANGLES if not have.issuperset(a.points)}


def _between(u: FloatArray, v: FloatArray) -> FloatArray:
    """The unsigned angle between vectors ``u`` and ``v`` (each ``(frames, 2)``), degrees in [0, 180]; NaN where
    either is missing or of zero length."""
    cross = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
    dot = (u * v).sum(axis=1)
    angle = np.degrees(np.arctan2(np.abs(cross), dot))
    zero = (np.hypot(u[:, 0], u[:, 1]) == 0) | (np.hypot(v[:, 0], v[:, 1]) == 0)
    return np.where(zero, np.nan, angle)


def _measure(definition: AngleDefinition, p: Mapping[str, FloatArray]) -> FloatArray:
    """One angle from the points (``(frames, 2)`` each, frame heights, NaN where not used)."""
    if definition.kind == "flexion":
        a, vertex, b = (p[n] for n in definition.points)
        return 180.0 - _between(a - vertex, b - vertex)
    if definition.kind == "dorsiflexion":
        knee, ankle, heel, toe = (p[n] for n in definition.points)
        return 90.0 - _between(knee - ankle, toe - heel)
    left_shoulder, right_shoulder, left_hip, right_hip = (p[n] for n in definition.points)
    trunk = (left_shoulder + right_shoulder) / 2 - (left_hip + right_hip) / 2
    up = np.broadcast_to(np.array([0.0, -1.0]), trunk.shape)  # the picture's y grows downwards
    return _between(trunk, up)


def joint_angles(result: TrackingResult, min_visibility: float = MIN_VISIBILITY) -> JointAngles:
    """Every angle of :data:`ANGLES` on every frame of ``result`` (see the module docstring for the convention).

    Args:
        result: a tracking (:func:`~kinemotion.tracking.track_video`, :func:`~kinemotion.tracking.read_json`).
        min_visibility: points seen with a lower visibility are not used (their angles are NaN on that frame).

    Raises:
        AnalysisError: the tracking lacks landmarks the angles need (naming them, the angles and the backend), or
            its frame size is not known (the aspect is needed to measure an angle).
    """
    missing = missing_points(list(result.landmark_names))
    if missing:
        lacking = sorted({p for points in missing.values() for p in points})
        raise AnalysisError(
            f"The landmarks of {result.video.path} (backend {result.backend.name!r}) lack {', '.join(lacking)}, "
            f"needed for {', '.join(missing)}. Every kinemotion backend gives them "
            "(kinemotion.landmarks.REQUIRED_LANDMARKS): track the video again with one (`kinemotion backends` "
            "lists them), or map the other tool's keypoints onto these names."
        )
    width, height = result.video.width, result.video.height
    if not (width > 0 and height > 0):
        raise AnalysisError(
            f"The landmarks of {result.video.path} record no frame size ({width}x{height}): an angle needs the "
            "frame's aspect (x and y are fractions of its width and height). Track the video again."
        )
    aspect = width / height
    needed = {p for a in ANGLES for p in a.points}
    points: dict[str, FloatArray] = {}
    for name in needed:
        series = result.series(name).astype(np.float64)
        xy = np.stack([series[:, 0] * aspect, series[:, 1]], axis=1)
        with np.errstate(invalid="ignore"):
            unseen = ~(series[:, 2] >= min_visibility)  # NaN visibility: no pose on that frame
        xy[unseen] = np.nan
        points[name] = xy
    with np.errstate(invalid="ignore"):
        degrees = np.stack([_measure(a, points) for a in ANGLES], axis=1)
    return JointAngles(
        names=tuple(a.column for a in ANGLES),
        time_s=np.asarray(result.timestamps_ms, dtype=np.float64) / 1000.0,
        degrees=degrees,
        backend=result.backend.name,
    )
