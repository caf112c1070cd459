"""Jump analysis on landmark series from any backend: counter-movement jump and drop jump.

The analysis depends only on the canonical landmark vocabulary, so every
backend gives comparable results; the backend used is recorded with them.
"""

from __future__ import annotations

from kinemotion.jump.analyses import ANALYSES, Analysis, JumpKind
from kinemotion.jump.ballistic import CaptureRateError, EditedClipError, NotAFlightError, SlowMotionError
from kinemotion.jump.cmj import CMJResult, analyze_cmj, analyze_cmj_set
from kinemotion.jump.dropjump import (
    DropJumpResult,
    analyze_dropjump,
    analyze_dropjump_set,
    find_box_drop,
    find_box_drops,
)
from kinemotion.jump.report import JumpReport, analyze_tracking, analyze_video
from kinemotion.jump.result import JumpResult, JumpSet
from kinemotion.jump.scale import metres_per_frame_height
from kinemotion.jump.signals import JumpSignals

__all__ = [
    "ANALYSES",
    "Analysis",
    "CMJResult",
    "CaptureRateError",
    "DropJumpResult",
    "EditedClipError",
    "JumpKind",
    "JumpReport",
    "JumpResult",
    "JumpSet",
    "JumpSignals",
    "NotAFlightError",
    "SlowMotionError",
    "analyze_cmj",
    "analyze_cmj_set",
    "analyze_dropjump",
    "analyze_dropjump_set",
    "analyze_tracking",
    "analyze_video",
    "find_box_drop",
    "find_box_drops",
    "metres_per_frame_height",
]
