"""Quality flags attached to every jump result: what to double-check before trusting it."""

from __future__ import annotations

from kinemotion.jump.events import Airborne
from kinemotion.jump.signals import JumpSignals

__all__ = ["quality_flags"]


def quality_flags(s: JumpSignals, *flights: Airborne) -> list[str]:
    """Plain-language warnings about tracking coverage, frame rate and event precision."""
    flags = []
    if s.tracked_fraction < 0.8:
        flags.append(f"few tracked frames: a pose was found on {s.tracked_fraction:.0%} of frames")
    if s.near_edge_fraction > 0.05:
        flags.append(f"athlete at or beyond the frame edge on {s.near_edge_fraction:.0%} of tracked frames")
    if s.frames_filled:
        flags.append(f"{s.frames_filled} missing frames interpolated (gaps up to 0.1 s)")
    if s.fps < 50:
        flags.append(f"{s.fps:.0f} fps: each event is located to a fraction of a {1000 / s.fps:.0f} ms frame")
    for f in flights:
        if not f.refined:
            flags.append("flight ends from threshold crossings only (the feet did not follow a clean parabola)")
            break
    return flags
