"""Where the CLI writes a video's outputs."""

from __future__ import annotations

from pathlib import Path

__all__ = ["output_path"]


def output_path(option: Path | None, video: Path, name: str, many: bool) -> Path | None:
    """The file for ``video``'s output: ``option`` itself, or ``option/<stem>.<name>`` when
    ``option`` is a folder (exists as one, has no suffix, or several videos share it)."""
    if option is None:
        return None
    if many or option.is_dir() or option.suffix == "":
        return option / f"{video.stem}.{name}"
    return option
