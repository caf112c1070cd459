"""The angles and the landmarks in the files OpenSim, Pose2Sim and Sports2D read: a CSV and an OpenSim motion file
(``.mot``) of the angles, and a marker trajectory file (``.trc``) of the landmarks.

Every file appears whole or not at all (:mod:`kinemotion.tracking.atomic`), never over the video it comes from.

The TRC follows the layout OpenSim's ``TRCFileAdapter`` and Pose2Sim read (five header lines: ``PathFileType``,
the names ``DataRate CameraRate NumFrames NumMarkers Units OrigDataRate OrigDataStartFrame OrigNumFrames``,
their values, ``Frame# Time`` and the marker names each over three columns, ``X1 Y1 Z1 ...``; a blank line; then
one tab-separated row per frame, frames numbered from 1). Markers are named as Pose2Sim names them (``RKnee``,
``LBigToe``, ``Hip``: :func:`marker_name`); X runs right and Y up from the bottom-left corner of the picture, Z
is 0 (one camera). A point missing on a frame, or seen below the visibility threshold, is ``NaN`` in its three
columns, as OpenSim writes a marker not seen and reads it back (inverse kinematics skips it on that frame); a blank
would not do: OpenSim's reader drops an empty last field, so a row whose last marker were blank would be one field
short and the file refused (``RowLengthMismatch``).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kinemotion.kinematics.angles import MIN_VISIBILITY, JointAngles
from kinemotion.tracking.atomic import atomic_path, check_named_as, refuse_to_replace

if TYPE_CHECKING:
    from kinemotion.tracking import TrackingResult

__all__ = ["marker_name", "write_angles_csv", "write_mot", "write_trc"]

_POSE2SIM_NAMES = {"foot_index": "BigToe", "head_top": "Head", "mid_hip": "Hip"}
"""Canonical names Pose2Sim spells otherwise than by camel-casing them (its HALPE_26 skeleton)."""


def marker_name(landmark: str) -> str:
    """A canonical landmark's marker name as Pose2Sim writes it: ``right_knee`` -> ``RKnee``, ``left_foot_index``
    -> ``LBigToe`` (the big toe), ``mid_hip`` -> ``Hip``, ``head_top`` -> ``Head``, ``nose`` -> ``Nose``."""
    side = ""
    for prefix, letter in (("left_", "L"), ("right_", "R")):
        if landmark.startswith(prefix):
            side, landmark = letter, landmark[len(prefix) :]
    stem = _POSE2SIM_NAMES.get(landmark) or "".join(part.capitalize() for part in landmark.split("_"))
    return side + stem


def _number(value: float, digits: int) -> str:
    return "" if math.isnan(value) else f"{value:.{digits}f}"


def write_angles_csv(angles: JointAngles, path: str | os.PathLike[str], video: str | None = None) -> Path:
    """One row per frame: ``frame``, ``time_s``, then each angle in degrees (empty where not measured).

    ``video``: the video the angles come from, which ``path`` may not be.

    Raises:
        OutputError: ``path`` is named as another kind of file, or is the video.
    """
    refuse_to_replace(path, [video])
    check_named_as(path, "angle CSV", (".csv", ".txt"))
    with atomic_path(path, keep=[video]) as partial, partial.open("w", newline="", encoding="utf-8") as fh:
        fh.write(",".join(["frame", "time_s", *angles.names]) + "\n")
        for i in range(angles.frame_count):
            values = [_number(float(v), 2) for v in angles.degrees[i]]
            fh.write(",".join([str(i), f"{angles.time_s[i]:.6f}", *values]) + "\n")
    return Path(path)


def write_mot(angles: JointAngles, path: str | os.PathLike[str], video: str | None = None) -> Path:
    """The angles as an OpenSim motion file: a header (name, ``version=1``, ``nRows``, ``nColumns`` counting the
    time column, ``inDegrees=yes``, ``endheader``), then a tab-separated ``time`` column and one column per angle
    (``NaN`` where not measured), as Sports2D writes its angles.

    ``video``: the video the angles come from, which ``path`` may not be.

    Raises:
        OutputError: ``path`` is named as another kind of file, or is the video.
    """
    refuse_to_replace(path, [video])
    check_named_as(path, "OpenSim motion file", (".mot", ".sto"))
    header = [
        Path(path).stem,
        "version=1",
        f"nRows={angles.frame_count}",
        f"nColumns={len(angles.names) + 1}",
        "inDegrees=yes",
        "endheader",
        "\t".join(["time", *angles.names]),
    ]
    with atomic_path(path, keep=[video]) as partial, partial.open("w", newline="\n", encoding="utf-8") as fh:
        fh.write("\n".join(header) + "\n")
        for i in range(angles.frame_count):
            values = ["NaN" if math.isnan(v) else f"{v:.4f}" for v in angles.degrees[i]]
            fh.write("\t".join([f"{angles.time_s[i]:.6f}", *values]) + "\n")
    return Path(path)


def write_trc(
    result: TrackingResult,
    path: str | os.PathLike[str],
    metres_per_frame_height: float | None = None,
    min_visibility: float = MIN_VISIBILITY,
) -> Path:
    """Every landmark of ``result`` as a TRC marker file (see the module docstring for the layout).

    Args:
        result: the tracking.
        path: the ``.trc`` file to write.
        metres_per_frame_height: the scale, metres per frame height (:func:`kinemotion.jump.metres_per_frame_height`
            gives it from the athlete's height); the coordinates are in metres (``Units`` ``m``) with it, in
            pixels of the video (``Units`` ``px``) without it.
        min_visibility: points seen with a lower visibility are ``NaN``, as points not found.

    The rates (``DataRate``, ``CameraRate``) are the video's frame rate; each row's ``Time`` is its frame's time in
    the video (s), from the container.

    Raises:
        OutputError: ``path`` is named as another kind of file, or is the video.
        ValueError: ``metres_per_frame_height`` is not a positive number, or the frame size is not known.
    """
    refuse_to_replace(path, [result.video.path])
    check_named_as(path, "TRC marker file", (".trc",))
    width, height = result.video.width, result.video.height
    if not (width > 0 and height > 0):
        raise ValueError(f"the landmarks of {result.video.path} record no frame size ({width}x{height})")
    if metres_per_frame_height is None:
        units, scale_x, scale_y, digits = "px", float(width), float(height), 2
    elif not (isinstance(metres_per_frame_height, (int, float)) and metres_per_frame_height > 0):
        raise ValueError(f"metres_per_frame_height must be a positive number, not {metres_per_frame_height!r}")
    else:
        units, digits = "m", 5
        scale_x, scale_y = metres_per_frame_height * width / height, float(metres_per_frame_height)
    names = result.landmark_names
    points = result.landmarks.astype(np.float64)
    with np.errstate(invalid="ignore"):
        unseen = ~(points[:, :, 2] >= min_visibility)
    x = np.where(unseen, np.nan, points[:, :, 0] * scale_x)
    y = np.where(unseen, np.nan, (1.0 - points[:, :, 1]) * scale_y)
    rate = result.video.fps
    frames = result.frame_count
    header = [
        f"PathFileType\t4\t(X/Y/Z)\t{Path(path).name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
        f"{rate:g}\t{rate:g}\t{frames}\t{len(names)}\t{units}\t{rate:g}\t1\t{frames}",
        "\t".join(["Frame#", "Time", *(f"{marker_name(n)}\t\t" for n in names)]),
        "\t".join(["", "", *(f"X{k}\tY{k}\tZ{k}" for k in range(1, len(names) + 1))]),
        "",
    ]
    with atomic_path(path, keep=[result.video.path]) as partial, partial.open("w", newline="\n") as fh:
        fh.write("\n".join(header) + "\n")
        for i in range(frames):
            row = [str(i + 1), f"{result.timestamps_ms[i] / 1000.0:.6f}"]
            for j in range(len(names)):
                if math.isnan(x[i, j]):
                    row += ["NaN", "NaN", "NaN"]
                else:
                    row += [_number(x[i, j], digits), _number(y[i, j], digits), "0"]
            fh.write("\t".join(row) + "\n")
    return Path(path)
