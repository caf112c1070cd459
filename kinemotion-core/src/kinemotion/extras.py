"""The ``kinemotion[...]`` extras: the one place a ``pip install`` command shown to a user is built."""

from __future__ import annotations

from typing import Final

__all__ = ["SHIPPED_BACKENDS", "install_hint", "pip_install"]

SHIPPED_BACKENDS: Final[frozenset[str]] = frozenset(
    {"mediapipe", "rtmpose-cpu", "rtmpose-cuda", "rtmpose-coreml", "rtmpose-openvino"}
)
"""The backends kinemotion ships; each is installed by the extra of the same name."""


def pip_install(extra: str) -> str:
    """The command that installs ``kinemotion[extra]`` (a backend's, or ``plot``, ``ray``, ``all``)."""
    return f'pip install "kinemotion[{extra}]"'


def install_hint(backend: str) -> str | None:
    """The pip command that installs ``backend``, or None if kinemotion does not ship it."""
    return pip_install(backend) if backend in SHIPPED_BACKENDS else None
