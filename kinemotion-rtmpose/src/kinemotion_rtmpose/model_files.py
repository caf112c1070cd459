"""RTMPose and YOLOX model files per mode, with their official download locations.

``lightweight`` = RTMPose-s Halpe26 (256x192) + YOLOX-tiny HumanArt (416x416),
sha256 and sizes pinned. ``balanced`` = RTMPose-m Halpe26 + YOLOX-m HumanArt
(640x640); OpenMMLab publishes no checksums for those and we have not pinned
them, so they are verified only by their zip's integrity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kinemotion.models import ModelFile

__all__ = ["MODE_MODELS", "ModeModels"]

_BASE = "https://download.openmmlab.com/mmpose/v1/projects/rtmposev1/onnx_sdk"


@dataclass(frozen=True)
class ModeModels:
    """The two models of a mode and the detector's square input size."""

    pose: ModelFile
    detector: ModelFile
    detector_input: int


def _zip(stem: str, *, sha256: str | None = None, size: int | None = None, option: str = "model_path") -> ModelFile:
    return ModelFile(
        filename=f"{stem}.onnx",
        url=f"{_BASE}/{stem}.zip",
        sha256=sha256,
        size=size,
        archive_member="end2end.onnx",
        path_option=option,  # the create() option that gives this file (named in errors)
    )


MODE_MODELS: Final[dict[str, ModeModels]] = {
    "lightweight": ModeModels(
        pose=_zip(
            "rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605",
            sha256="85c5d669aa0b0c7969799ea9e0620d3b8c1d3c2b6878243e98a1ef8351457986",
            size=22793379,
        ),
        detector=_zip(
            "yolox_tiny_8xb8-300e_humanart-6f3252f9",
            sha256="ceb11c07298f95c50d7c5abeb906d03340c85f23aa79e3e66966e7fb6c307250",
            size=20283006,
            option="detector_path",
        ),
        detector_input=416,
    ),
    "balanced": ModeModels(
        pose=_zip("rtmpose-m_simcc-body7_pt-body7-halpe26_700e-256x192-4d3e73dd_20230605"),
        detector=_zip("yolox_m_8xb8-300e_humanart-c2c7a14a", option="detector_path"),
        detector_input=640,
    ),
}
