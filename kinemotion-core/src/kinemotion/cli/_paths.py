"""Where the CLI writes a video's outputs, and the checks made before any work starts."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from kinemotion.errors import OutputError
from kinemotion.tracking.atomic import check_writable

__all__ = ["check_outputs", "output_path", "with_video_name"]


def with_video_name(message: str, video: str | Path) -> str:
    """``message`` starting with the video's path (prefixed unless it already names it first)."""
    from kinemotion.tracking.decode import shown

    for name in (str(video), shown(video)):
        if message.startswith(name):
            return message
    return f"{shown(video)}: {message}"


def output_path(option: Path | None, video: Path, name: str, many: bool) -> Path | None:
    """The file for ``video``'s output: ``option`` itself, or ``option/<stem>.<name>`` when
    ``option`` is a folder (exists as one, has no suffix, or several videos share it)."""
    if option is None:
        return None
    if many or option.is_dir() or option.suffix == "":
        return option / f"{video.stem}.{name}"
    return option


def _same_file_key(path: Path) -> Path:
    """``path`` with its symbolic links followed, to tell when two names are one file (a link loop, which
    cannot be followed, stays as it is: reading it says what is wrong)."""
    return Path(os.path.realpath(path))


def check_outputs(videos: Sequence[Path], outputs: Sequence[Sequence[Path | None]]) -> None:
    """No output overwrites an input or another output, and every output can be written.

    ``outputs[i]`` are the files planned for ``videos[i]``.

    Raises:
        OutputError: naming the clash or the unwritable file, and what to do.
    """
    inputs = {_same_file_key(v): v for v in videos}
    seen: dict[Path, Path] = {}
    for video, planned in zip(videos, outputs, strict=True):
        for path in planned:
            if path is None:
                continue
            key = _same_file_key(path)
            if key in inputs:
                raise OutputError(
                    f"refusing to write {path}: it is the input video {inputs[key]}; choose another output name"
                )
            if key in seen and seen[key] == video:
                raise OutputError(
                    f"{path} is named for two of {video}'s outputs (report, table, plot, overlay or page); "
                    "give each its own name"
                )
            if key in seen:
                raise OutputError(
                    f"{seen[key]} and {video} would both write {path} (same file name in one output folder); "
                    "track them into different folders or rename one"
                )
            seen[key] = video
            check_writable(path)
