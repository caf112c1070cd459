"""Which pip command brings in each backend the project knows about."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

KNOWN_EXTRAS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "mediapipe": "mediapipe",
        "rtmpose-cpu": "rtmpose-cpu",
        "rtmpose-cuda": "rtmpose-cuda",
        "rtmpose-coreml": "rtmpose-coreml",
        "rtmpose-openvino": "rtmpose-openvino",
    }
)
"""Backend name -> the ``kinemotion[...]`` extra that installs it."""


def install_hint(backend: str) -> str | None:
    """The pip command that installs ``backend``, or None if it is not one of ours."""
    extra = KNOWN_EXTRAS.get(backend)
    if extra is None:
        return None
    return f'pip install "kinemotion[{extra}]"'
