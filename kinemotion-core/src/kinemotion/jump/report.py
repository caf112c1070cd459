"""Running a jump analysis on a video, and its JSON report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from kinemotion.jump.cmj import CMJResult, analyze_cmj
from kinemotion.jump.dropjump import DropJumpResult, analyze_dropjump
from kinemotion.jump.signals import JumpSignals
from kinemotion.tracking import TrackingResult, track_video

__all__ = ["JumpKind", "JumpReport", "analyze_tracking", "analyze_video"]

JumpKind = Literal["cmj", "dropjump"]


@dataclass(frozen=True)
class JumpReport:
    """A jump analysis with the tracking it came from (backend and video recorded)."""

    kind: JumpKind
    tracking: TrackingResult
    signals: JumpSignals
    result: CMJResult | DropJumpResult

    def to_json_dict(self) -> dict[str, Any]:
        """Metrics, phases (s and frame), quality flags, backend and video metadata."""
        from kinemotion import __version__

        return {
            "schema": "kinemotion.jump/1",
            "kinemotion_version": __version__,
            "kind": self.kind,
            "video": asdict(self.tracking.video),
            "backend": asdict(self.tracking.backend),
            "tracking_complete": self.tracking.complete,
            "metrics": self.result.metrics(),
            "phases_s": self.result.phases_s,
            "phases_frame": {k: round(v, 2) for k, v in self.result.phases_frame.items()},
            "quality": self.result.quality,
            "frame_rate": round(self.signals.fps, 3),
            "tracked_fraction": round(self.signals.tracked_fraction, 4),
        }


def analyze_tracking(tracking: TrackingResult, kind: JumpKind, athlete_height_m: float | None = None) -> JumpReport:
    """Analyse an already tracked video."""
    signals = JumpSignals.from_tracking(tracking)
    result: CMJResult | DropJumpResult
    result = analyze_cmj(signals, athlete_height_m) if kind == "cmj" else analyze_dropjump(signals)
    return JumpReport(kind, tracking, signals, result)


def analyze_video(
    path: str | Path,
    kind: JumpKind,
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    athlete_height_m: float | None = None,
    progress: bool | None = None,
) -> JumpReport:
    """Track ``path`` with ``backend`` (see :func:`kinemotion.create_tracker`) and analyse the jump."""
    return analyze_tracking(track_video(path, backend, mode, progress=progress), kind, athlete_height_m)
