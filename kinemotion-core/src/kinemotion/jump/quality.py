"""Quality flags attached to every jump result: what to double-check before trusting it."""

from __future__ import annotations

from kinemotion.errors import AnalysisError
from kinemotion.jump.constants import CAMERA_SHIFT_FLAG, CAMERA_SHIFT_MAX, MAX_HUMAN_FLIGHT_S, STANCE_WINDOW_S
from kinemotion.jump.events import Airborne, contact_level
from kinemotion.jump.signals import JumpSignals

__all__ = ["frame_rate_note", "quality_flags", "require_same_ground", "statement_kinds"]


def frame_rate_note(fps: float) -> str | None:
    """The recording's statement of its frame rate's resolution, under 50 fps (None above): information said of
    every such clip whatever its jumps (a note), not something to check (a flag)."""
    return f"{fps:.0f} fps: each event is located to a fraction of a {1000 / fps:.0f} ms frame" if fps < 50 else None


def statement_kinds(statements: list[str], fps: float) -> list[str]:
    """For each of a recording's ``statements`` (its ``quality``, at ``fps``): ``"note"`` for information (the
    frame rate's resolution), ``"flag"`` for what to check before trusting the numbers. What the report records
    (``quality_kinds``), so that a reader tells them apart without matching their words."""
    note = frame_rate_note(fps)
    return ["note" if statement == note else "flag" for statement in statements]


def quality_flags(s: JumpSignals, *flights: Airborne) -> list[str]:
    """Plain-language warnings about tracking coverage, frame rate, noise and camera motion."""
    flags = []
    if s.tracked_fraction < 0.8:
        flags.append(f"few tracked frames: a pose was found on {s.tracked_fraction:.0%} of frames")
    if s.near_edge_fraction > 0.05:
        flags.append(f"athlete at or beyond the frame edge on {s.near_edge_fraction:.0%} of tracked frames")
    if s.frames_filled:
        flags.append(f"{s.frames_filled} missing frames interpolated (gaps up to 0.1 s)")
    note = frame_rate_note(s.fps)
    if note is not None:
        flags.append(note)
    if contact_level(s) > s.contact_height * 1.01:
        flags.append(
            f"noisy foot landmarks ({s.noise:.3f} body heights frame to frame): contact is taken "
            f"{contact_level(s):.3f} body heights above the ground ({s.contact_height:.3f} on steady tracking): a "
            "take-off may be found a little late and a landing a little early (each event's ± allows for it)"
        )
    for f in flights:
        if f.duration_s > MAX_HUMAN_FLIGHT_S:
            flags.append(
                f"a flight of {f.duration_s:.2f} s is longer than any human jump: most likely a cut in the video or "
                "the feet lost from view; do not use this jump"
            )
        left = float(s.t[-1]) - f.landing_s
        if left < STANCE_WINDOW_S:  # the ground landed on is measured over what the clip shows of it
            flags.append(
                f"the clip ends {left:.2f} s after the landing: the ground the feet land on is measured over that "
                f"only ({STANCE_WINDOW_S:g} s wanted), on feet still settling, so the landing may be placed early and "
                "the flight short; film until the athlete stands still after landing"
            )
        if abs(f.ground_shift) > CAMERA_SHIFT_FLAG:
            flags.append(
                f"camera moved: the ground is {abs(f.ground_shift):.3f} body heights "
                f"{'higher' if f.ground_shift > 0 else 'lower'} in the image at landing than at take-off "
                "(events use the ground level of each side)"
            )
    return flags


def require_same_ground(f: Airborne) -> None:
    """Refuse a flight whose landing ground differs too much in the image from its take-off ground.

    Raises:
        AnalysisError: the athlete landed on another level, or the camera moved too much.
    """
    if abs(f.ground_shift) <= CAMERA_SHIFT_MAX:
        return
    where = "higher" if f.ground_shift > 0 else "lower"
    raise AnalysisError(
        f"The ground at landing is {abs(f.ground_shift):.2f} body heights {where} "
        f"in the image than at take-off (flight at {f.takeoff_s:.2f} s): either the athlete landed on another "
        "level (off or onto a box), or the camera moved too much. Take off and land on the same ground, and keep "
        "the camera still (a tripod, or a phone held against something)."
    )
