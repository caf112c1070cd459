"""Joint angles of a tracking, and the files OpenSim, Pose2Sim and Sports2D read.

- :mod:`~kinemotion.kinematics.angles`: :func:`joint_angles`, per-frame 2D ankle, knee and hip angles of each side
  and the trunk's inclination, in Sports2D's convention (:data:`ANGLES` defines each).
- :mod:`~kinemotion.kinematics.motion_files`: the angles as a CSV (:func:`write_angles_csv`) or an OpenSim motion
  file (:func:`write_mot`), the landmarks as a TRC marker file (:func:`write_trc`).
"""

from __future__ import annotations

from kinemotion.kinematics.angles import (
    ANGLES,
    MIN_VISIBILITY,
    AngleDefinition,
    JointAngles,
    joint_angles,
    missing_points,
)
from kinemotion.kinematics.motion_files import marker_name, write_angles_csv, write_mot, write_trc

__all__ = [
    "ANGLES",
    "MIN_VISIBILITY",
    "AngleDefinition",
    "JointAngles",
    "joint_angles",
    "marker_name",
    "missing_points",
    "write_angles_csv",
    "write_mot",
    "write_trc",
]
