"""A capture rate slower than the file plays at is refused from the file's header, before any tracking.

Before: ``analyze_video(clip, "cmj", capture_fps=20)`` and ``kinemotion cmj clip --capture-fps 20`` tracked the
whole clip (9.7 s for a 12 s clip with MediaPipe on two cores; minutes with RTMPose on a long one, each video of
a batch) and only then said that 20 frames/s is slower than the 30 the file plays at, which its header says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion import AnalysisError
from kinemotion.cli.main import cli
from kinemotion.jump import analyze_video
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, SeriesTracker, blank_video

FPS = 30


class _Counted(SeriesPlugin):
    """A backend that counts the frames it is given."""

    frames = 0

    def create(self, mode: str = "lightweight", **options: object) -> SeriesTracker:
        plugin, tracker = self, super().create(mode, **options)
        seen = tracker.process_frame

        def counted(frame: np.ndarray, timestamp_ms: int = 0) -> kinemotion.LandmarkDict | None:
            type(plugin).frames += 1
            return seen(frame, timestamp_ms)

        tracker.process_frame = counted  # type: ignore[method-assign]
        return tracker


@pytest.fixture
def counted(tmp_path: Path) -> Iterator[tuple[type[_Counted], Path]]:
    t = np.arange(0, 3.5, 1 / FPS)
    plugin = _Counted("zz-counted", t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=4))
    _Counted.frames = 0
    kinemotion.register_backend(plugin)
    try:
        yield _Counted, blank_video(tmp_path / "clip.mp4", len(t), FPS)
    finally:
        kinemotion.unregister_backend(plugin.name)


SLOWER = "--capture-fps 20 is slower than the 30 frames/s the file plays at"


def test_from_python_it_is_refused_before_tracking(counted: tuple[type[_Counted], Path]) -> None:
    plugin, clip = counted
    with pytest.raises(AnalysisError, match=SLOWER):
        analyze_video(clip, "cmj", backend="zz-counted", capture_fps=20)
    assert plugin.frames == 0
    analyze_video(clip, "cmj", backend="zz-counted", capture_fps=29.97)  # one rate, written two ways: measured
    assert plugin.frames > 0


def test_on_the_command_line_it_is_refused_before_tracking(
    counted: tuple[type[_Counted], Path], tmp_path: Path
) -> None:
    plugin, clip = counted
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cmj", str(clip), "-b", "zz-counted", "-o", f"{out}/", "--capture-fps", "20"])
    assert result.exit_code == 1, result.output
    assert f"{clip}: {SLOWER}" in result.output
    assert plugin.frames == 0
    assert not (out / "clip.landmarks.json").exists()  # nothing tracked, nothing kept


def test_a_clip_refused_for_its_rate_before_tracking_is_recorded_for_the_session_page(
    counted: tuple[type[_Counted], Path], tmp_path: Path
) -> None:
    """``--capture-fps clip.mp4=20`` in a batch: the clip is refused from its header, before tracking. Before: no
    refusal record (only a tracked clip's refusal was recorded), so `kinemotion report out` showed the other clip
    alone, as if this one had never been given; the analysis refused it (``analyze_video`` raises the same
    ``AnalysisError``), and it is listed as not measured like any other refusal."""
    from kinemotion.jump.refusal import read_refusal
    from kinemotion.report_html.sources import read_session

    plugin, clip = counted
    other = blank_video(tmp_path / "other.mp4", 105, FPS)
    out = tmp_path / "out"
    args = ["cmj", str(clip), str(other), "-b", "zz-counted", "-o", f"{out}/", "--capture-fps", "clip.mp4=20"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3, result.output
    assert plugin.frames == 105  # the other clip alone was tracked
    record = read_refusal(out / "clip.cmj.refusal.json")
    assert SLOWER in record.reason and record.capture_fps == 20 and record.landmarks_file is None
    assert [r.video for r in read_session(out).refusals] == [str(clip)]
