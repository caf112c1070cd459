"""Hostile input, round 6: what a sixth outside attack found still broken, each once a stale result, a traceback
or an unclear message, most of them around the newest surface: a landmark JSON (``kinemotion track``'s) given
to ``kinemotion cmj`` / ``dropjump`` in place of its video.

Each test reproduces what a careless user, a hand edit or a misbehaving plugin could do and checks for one
clear error naming the file, frame, option or backend, or for the right answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.errors import TrackingFileError
from kinemotion.tracking import read_json
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video

FPS = 30


@pytest.fixture
def series() -> Iterator[tuple[str, str]]:
    """Two backends that see one CMJ each, whatever the video: a high one (``zz-high``) and a low one
    (``zz-low``), so a report of the one is told from the other's by its flight time."""
    t = np.arange(0, 3.5, 1 / FPS)
    plugins = [
        SeriesPlugin(name, t, landmarks(t, cmj_motion(t, height), noise=0.001, drop_every=17, seed=3))
        for name, height in (("zz-high", 0.5), ("zz-low", 0.3))
    ]
    for plugin in plugins:
        kinemotion.register_backend(plugin)
    yield plugins[0].name, plugins[1].name
    for plugin in plugins:
        kinemotion.unregister_backend(plugin.name)


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    return blank_video(tmp_path / "clip.mp4", int(3.5 * FPS), FPS)


def _kinemotion(*args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _flight(report: Path) -> float:
    flight: float = json.loads(report.read_text())["jumps"][0]["metrics"]["flight_time_s"]
    return flight


def _tracked(clip: Path, backend: str, out: Path) -> Path:
    result = _kinemotion("track", clip, "-b", backend, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    return out


# --- a report analysed from a landmark file is never a run on the video's ---------------------------------


def test_a_report_from_an_edited_landmark_file_is_never_reused_for_the_video(
    clip: Path, tmp_path: Path, series: tuple[str, str]
) -> None:
    """Before: landmarks of another backend, relabelled by hand as the named one, were analysed into r.json;
    ``cmj clip.mp4 -b zz-high -o r.json`` then said 'skipped, its report exists' and kept their numbers."""
    high, low = series
    edited = json.loads(_tracked(clip, low, tmp_path / "low.json").read_text())
    edited["backend"]["name"] = high  # as if the high backend had tracked it
    landmarks_file = tmp_path / "edited.json"
    landmarks_file.write_text(json.dumps(edited))
    report = tmp_path / "r.json"
    assert _kinemotion("cmj", landmarks_file, "-o", report, "-q").exit_code == 0
    low_flight = _flight(report)
    recorded = json.loads(report.read_text())["landmarks_file"]
    assert recorded["path"] == str(landmarks_file) and recorded["size_bytes"] == landmarks_file.stat().st_size

    result = _kinemotion("cmj", clip, "-b", high, "-o", report, "-q")
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    assert _flight(report) > low_flight + 0.1  # the video tracked by the high backend, not the edited file
    assert "landmarks_file" not in json.loads(report.read_text())
    result = _kinemotion("cmj", clip, "-b", high, "-o", report, "-q")
    assert "skipped, its report exists" in result.output  # a report of the video itself is reused as before
