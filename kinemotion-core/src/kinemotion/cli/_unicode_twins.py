"""An earlier run's outputs of a video named in the other Unicode form: the same clip's, under another name.

macOS names a file ``Jérôme.mp4`` with the accent apart (NFD); a copy made on
Linux, or by a tool that composes names (NFC), is the same name to the eye and
the same clip. On Linux the two forms are two names: a run on the composed clip
wrote ``out/Jérôme.cmj.json`` (composed) beside the decomposed one an earlier
run wrote, and ``kinemotion report out`` showed the clip twice, the earlier
(another height, another backend) as one of the session's results. Such a
*twin* is the earlier run's output of this very video, and is set aside as one
(:class:`~kinemotion.cli._earlier.EarlierOutputs`), unless a clip of the twin's
name is there as a file of its own, or the twin records a video that is there
and is another file: two clips whose names differ only in form keep a report
each.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

__all__ = ["unicode_twins"]

_READ_AT_MOST = 50 * 2**20
"""A twin report larger than this is not read for the video it records (it is no report of ours): kept."""


def _other_form(name: str) -> str:
    """``name`` in the other Unicode form than it is written in (NFC when it is not, else NFD)."""
    composed = unicodedata.normalize("NFC", name)
    return composed if composed != name else unicodedata.normalize("NFD", name)


def _twin(path: Path) -> Path | None:
    """The file at ``path``'s name in the other Unicode form, when it is there as another file (None: no such
    name, none there, or the same file: a filesystem that takes both forms as one name, as macOS's does)."""
    other = path.with_name(_other_form(path.name))
    try:
        if other == path or not other.is_file():
            return None
    except OSError:  # a name the folder cannot hold (decomposed, it takes more bytes): no such file there
        return None
    try:
        return None if path.exists() and os.path.samefile(path, other) else other
    except OSError:
        return None


def _is_another_file(path: Path, video: Path) -> bool:
    """Whether ``path`` is a file there that is not ``video``."""
    try:
        return path.is_file() and not os.path.samefile(path, video)
    except OSError:
        return False


def _records_another_video(report: Path, video: Path) -> bool:
    """Whether ``report`` (a JSON) records a video that is there and is not ``video`` (unreadable, or no
    report of ours: treated so, and kept)."""
    from kinemotion.tracking.text_files import TooLargeError, read_text

    try:
        data = json.loads(read_text(report, _READ_AT_MOST))
    except (OSError, ValueError, RecursionError, TooLargeError):
        return True
    recorded = (
        data.get("video", {}).get("path") if isinstance(data, dict) and isinstance(data.get("video"), dict) else None
    )
    if not isinstance(recorded, str):
        return True
    return _is_another_file(Path(recorded), video)


def unicode_twins(
    outputs: tuple[Path | None, ...], video: Path, refusal: Path | None = None, kept: Path | None = None
) -> list[Path]:
    """The earlier outputs of ``video`` named as ``outputs`` (the report first, then the plot and overlay asked
    for), as its ``refusal`` record and as its ``kept`` landmarks in the other Unicode form: none when neither
    the report nor the refusal has a twin, a clip of ``video``'s name in the other form is there as a file of its
    own, or the twin report (else refusal) records a video there that is another file. The kept landmarks' twin
    is among them unless it records a video there that is another file: a run on the clip refused (or measured)
    under the other form kept them, and the clip analysed under both forms left two landmarks files."""
    report = outputs[0]
    twins = [_twin(p) if p is not None else None for p in (report, refusal)]
    anchor = next((t for t in twins if t is not None), None)
    if anchor is None:
        return []
    if _is_another_file(video.with_name(_other_form(video.name)), video) or _records_another_video(anchor, video):
        return []
    companions = [_twin(p) for p in outputs[1:] if p is not None]
    landmarks = None if kept is None else _twin(kept)
    if landmarks is not None and _records_another_video(landmarks, video):
        landmarks = None
    return [t for t in (*twins, *companions, landmarks) if t is not None]
