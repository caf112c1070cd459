"""Overlay video for a jump: skeleton plus the name of the current phase on every frame."""

from __future__ import annotations

from pathlib import Path

from kinemotion.errors import VideoReadError
from kinemotion.jump.report import JumpReport
from kinemotion.overlay_video import OverlayWriter
from kinemotion.video import VideoReader

__all__ = ["phase_at", "write_overlay"]

_NAMES = {
    "cmj": ("standing", "countermovement", "propulsion", "flight", "landing"),
    "dropjump": ("on the box", "drop", "ground contact", "flight", "landing"),
}


def phase_at(report: JumpReport, time_s: float) -> str:
    """Name of the phase at ``time_s`` (phases begin at the events, in order)."""
    events = list(report.result.phases_s.values())
    names = _NAMES[report.kind]
    index = sum(time_s >= e for e in events)
    return names[min(index, len(names) - 1)]


def write_overlay(report: JumpReport, video: str | Path, path: str | Path) -> Path:
    """Decode ``video`` again and write the annotated copy to ``path`` (mp4, atomically)."""
    with VideoReader(video) as reader, OverlayWriter(path, reader.info.fps) as out:
        try:
            for frame in reader:
                if frame.index >= report.tracking.frame_count:
                    break
                t = report.signals.t[frame.index]
                caption = f"{report.kind.upper()}: {phase_at(report, t)}  t={t:.3f} s"
                out.write(frame.image, report.tracking.frame(frame.index), caption)
        except VideoReadError:
            pass  # the tracking already recorded where decoding stops
        out.commit()
    return Path(path)
