"""MediaPipe backend for kinemotion (entry point ``mediapipe``).

MediaPipe Tasks ``PoseLandmarker`` in VIDEO running mode; the 33 BlazePose
landmarks are mapped to kinemotion's vocabulary (see :mod:`.landmark_map`).
"""

from __future__ import annotations

from kinemotion_mediapipe.landmark_map import BLAZEPOSE_TO_CANONICAL
from kinemotion_mediapipe.model_files import MODEL_FILES
from kinemotion_mediapipe.plugin import MediaPipePlugin

__all__ = ["BLAZEPOSE_TO_CANONICAL", "MODEL_FILES", "MediaPipePlugin"]
