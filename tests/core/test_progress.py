"""When a progress bar shows: on a terminal and in a Jupyter notebook, never into a log."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from kinemotion.tracking import track_video
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video


class OutStream(io.StringIO):
    """Stands in for a Jupyter kernel's stderr (``ipykernel.iostream.OutStream``): shown under the cell, and no
    terminal (``isatty()`` False), as the kernel's is."""


OutStream.__module__ = "ipykernel.iostream"


def _track(tmp_path: Path, stderr: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> str:
    t = np.arange(0, 1.0, 1 / 30)
    plugin = SeriesPlugin("zz-progress", t, landmarks(t, cmj_motion(t, 0.3), noise=0.001, drop_every=0, seed=1))
    kinemotion.register_backend(plugin)
    monkeypatch.setattr(sys, "stderr", stderr)
    try:
        track_video(blank_video(tmp_path / "clip.mp4", len(t), 30), "zz-progress")
    finally:
        kinemotion.unregister_backend(plugin.name)
        monkeypatch.undo()
    return stderr.getvalue()


def test_a_notebook_cell_shows_the_tracking_s_progress_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``analyze_video``/``track_video`` in a notebook showed no progress (the kernel's stderr is no
    terminal), minutes of silence on a long clip unless ``progress=True`` was known."""
    said = _track(tmp_path, OutStream(), monkeypatch)
    assert "clip.mp4" in said and "frame" in said, said


def test_a_log_gets_no_progress_bar_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _track(tmp_path, io.StringIO(), monkeypatch) == ""


def test_the_bar_ends_at_the_frames_read_when_the_header_counts_others(monkeypatch: pytest.MonkeyPatch) -> None:
    """The handheld CMJ clip's header says 80 frames; 54 decode. Before: the bar's total stayed 80, so a
    tracking that read every frame ended at 54/80 (68 %), as if cut short. Now its total becomes the frames
    read: it ends at 54/54, 100 %."""
    import cv2

    from tests.assets import JUMP_CLIPS, asset

    clip = asset(JUMP_CLIPS["cmj_front_oblique_handheld_30fps.mp4"].rel)
    header = int(cv2.VideoCapture(str(clip)).get(cv2.CAP_PROP_FRAME_COUNT))
    t = np.arange(0, 3.0, 1 / 30)
    plugin = SeriesPlugin("zz-progress", t, landmarks(t, cmj_motion(t, 0.3), noise=0.001, drop_every=0, seed=1))
    kinemotion.register_backend(plugin)
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    try:
        result = track_video(clip, "zz-progress", progress=True)
    finally:
        kinemotion.unregister_backend(plugin.name)
        monkeypatch.undo()
    read = result.frame_count
    assert result.complete and header != read, (header, read)  # the clip this test needs: a header that is wrong
    shown = [line for line in stderr.getvalue().split("\r") if line.strip()]  # each state of the bar
    assert f"{read}/{read}" in shown[-1] and "100%" in shown[-1], shown


@pytest.fixture
def series_backend() -> Iterator[tuple[SeriesPlugin, int]]:
    t = np.arange(0, 1.0, 1 / 30)
    plugin = SeriesPlugin("zz-types", t, landmarks(t, cmj_motion(t, 0.3), noise=0.001, drop_every=0, seed=1))
    kinemotion.register_backend(plugin)
    yield plugin, len(t)
    kinemotion.unregister_backend(plugin.name)


def _tracked_by(function: str) -> Callable[..., object]:
    from kinemotion.jump import analyze_video
    from kinemotion.tracking.worker import TrackingWorker

    if function == "analyze_video":
        return lambda video, backend, **kw: analyze_video(video, "cmj", backend, **kw)
    if function == "TrackingWorker.track":
        return lambda video, backend, **kw: TrackingWorker().track(video, backend, **kw)
    return track_video


@pytest.mark.parametrize("function", ["track_video", "analyze_video", "TrackingWorker.track"])
@pytest.mark.parametrize("progress", [5, "no", 0.0])
def test_a_progress_that_is_no_bool_is_refused_naming_the_argument(
    function: str, progress: object, series_backend: tuple[SeriesPlugin, int], tmp_path: Path
) -> None:
    """Before: ``track_video(..., progress=5)`` (or ``"no"``) was taken for true, silently: a bar was drawn."""
    plugin, frames = series_backend
    video = blank_video(tmp_path / "clip.mp4", frames, 30)
    with pytest.raises(TypeError) as caught:
        _tracked_by(function)(video, plugin.name, progress=progress)
    said = str(caught.value)
    assert said.startswith(f"{function}(progress=...) takes True (a progress bar), False (none) or None"), said
    assert f"got {type(progress).__name__}: {progress!r}" in said


@pytest.mark.parametrize("function", ["track_video", "analyze_video", "TrackingWorker.track"])
def test_a_mode_that_is_no_str_is_a_type_error_not_a_missing_mode(
    function: str, series_backend: tuple[SeriesPlugin, int], tmp_path: Path
) -> None:
    """Before: ``mode=3`` said "No installed pose backend has a mode 3" (an UnsupportedModeError), as if 3 were a
    mode's name."""
    plugin, frames = series_backend
    video = blank_video(tmp_path / "clip.mp4", frames, 30)
    with pytest.raises(TypeError, match=r"mode must be a backend mode \(str: .*got int: 3"):
        _tracked_by(function)(video, plugin.name, mode=3)


def test_the_argument_types_are_checked_before_the_video_is_opened() -> None:
    """A call with a wrong ``progress`` is refused as such, not after the video (missing here) is looked for."""
    with pytest.raises(TypeError, match=r"track_video\(progress=\.\.\.\)"):
        track_video("no-such-clip.mp4", progress=1)  # type: ignore[arg-type]


def test_the_session_page_and_the_model_download_refuse_a_progress_that_is_no_bool(tmp_path: Path) -> None:
    from kinemotion.models import ModelFile, ensure_model
    from kinemotion.report_html import build_report, render_session
    from kinemotion.report_html.sources import Session

    session = Session()
    with pytest.raises(TypeError, match=r"^render_session\(progress=\.\.\.\) takes True"):
        render_session(session, progress="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^build_report\(progress=\.\.\.\) takes True"):
        build_report(session, tmp_path / "page.html", progress=1)  # type: ignore[arg-type]
    assert not (tmp_path / "page.html").exists()
    model = tmp_path / "pose.onnx"
    model.write_bytes(b"x")
    with pytest.raises(TypeError, match=r"^ensure_model\(progress=\.\.\.\) takes True"):
        ensure_model(ModelFile("pose.onnx", "https://example.org/pose.onnx"), model, progress="no")  # type: ignore[arg-type]
