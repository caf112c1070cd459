"""Overlay video for a jump analysis: skeleton, jump number and the name of the current phase on every frame."""

from __future__ import annotations

from pathlib import Path

from kinemotion.errors import VideoReadError
from kinemotion.jump.report import JumpReport
from kinemotion.jump.result import JumpResult
from kinemotion.tracking.decode import VideoReader
from kinemotion.tracking.overlay import OverlayWriter

__all__ = ["caption_at", "phase_at", "write_overlay"]


def phase_at(report: JumpReport, time_s: float) -> tuple[int, str]:
    """The jump (its number) and the name of its phase at ``time_s``.

    Phases begin at the events, in order; a jump lasts until the first event
    of the next one. An event whose time is not known (``unknown_events``: a
    countermovement that started before the clip) counts as passed: the phase
    after it is named from the jump's start, never the one before it.
    """
    current = _jump_at(report, time_s)
    names = report.analysis.phase_names_of(current)  # a squat jump's own: it has no countermovement
    index = sum(time_s >= e or k in current.unknown_events for k, e in current.phases_s.items())
    return current.number, names[min(index, len(names) - 1)]


def _jump_at(report: JumpReport, time_s: float) -> JumpResult:
    """The jump whose first event is the last one at or before ``time_s`` (the first jump before any)."""
    current = report.jumps[0]
    for jump in report.jumps:
        if time_s >= min(jump.phases_s.values()):
            current = jump
    return current


def caption_at(report: JumpReport, time_s: float) -> str:
    """The overlay's caption at ``time_s``: kind (the jump's own, a squat jump's), jump number (when several),
    phase and time."""
    number, phase = phase_at(report, time_s)
    own = report.analysis.kind_names(_jump_at(report, time_s))
    kind = report.kind.upper() if own is None else own.caption
    jump = f" jump {number}/{len(report.jumps)}" if len(report.jumps) > 1 else ""
    return f"{kind}{jump}: {phase}  t={time_s:.3f} s"


def write_overlay(report: JumpReport, video: str | Path, path: str | Path) -> Path:
    """Decode ``video`` again and write the annotated copy to ``path`` (mp4, atomically).

    Raises:
        VideoReadError: ``video`` is not the video the report was made from (another file, or the same name
            recorded over since): its landmarks and phases would be drawn on someone else's frames.
    """
    with VideoReader(video) as reader:
        recorded, now = report.tracking.video, reader.info
        if recorded.fingerprint is not None and (recorded.fingerprint, recorded.size_bytes) != (
            now.fingerprint,
            now.size_bytes,
        ):
            raise VideoReadError(
                f"{video} is not the video this report was made from ({recorded.path}: another size or content): "
                "its landmarks would be drawn on another video's frames; give the video it was made from"
            )
        with OverlayWriter(path, reader.info.fps, source=video) as out:
            try:
                for frame in reader:
                    if frame.index >= report.tracking.frame_count:
                        break
                    caption = caption_at(report, float(report.signals.t[frame.index]))
                    out.write(frame.image, report.tracking.frame(frame.index), caption)
            except VideoReadError:
                pass  # the tracking already recorded where decoding stops
            out.commit()
    return Path(path)
