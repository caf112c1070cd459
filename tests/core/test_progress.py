"""When a progress bar shows: on a terminal and in a Jupyter notebook, never into a log."""

from __future__ import annotations

import io
import sys
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
