"""Hostile input, round 8: what an eighth outside attack found still broken around the project's promises:
nothing stale or half-written passes as a result, a plugin written for an earlier release still constructs (or
says what it lacks), and bad input gets one clear error.

Each test reproduces what a careless user, a hand edit or a plugin author could do and checks for one clear
error naming the file, option or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import kinemotion
from kinemotion.errors import TrackingFileError
from kinemotion.tracking import read_json
from tests.integration.test_hostile_input_round6 import _kinemotion
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin

FPS = 30


@pytest.fixture
def cmj_backend() -> Iterator[str]:
    """A backend that sees one CMJ, whatever the video (``zz-cmj8``)."""
    t = np.arange(0, 3.5, 1 / FPS)
    plugin = SeriesPlugin("zz-cmj8", t, landmarks(t, cmj_motion(t, 0.4), noise=0.001, drop_every=17, seed=3))
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


def _tracked(clip: Path, backend: str, out: Path) -> Path:
    result = _kinemotion("track", clip, "-b", backend, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    return out


# --- a landmark JSON marked complete that records an error -------------------------------------------------


def test_a_landmark_json_marked_complete_with_an_error_is_refused_and_tracked_again(
    clip: Path, tmp_path: Path, cmj_backend: str
) -> None:
    """Before: ``"complete": true`` beside an ``error`` text (a hand edit turning an incomplete file complete, or
    another program's) was analysed as the whole video, and ``kinemotion track`` kept it as done."""
    landmarks_file = _tracked(clip, cmj_backend, tmp_path / "clip.landmarks.json")
    data = json.loads(landmarks_file.read_text())
    data["error"] = "clip.mp4: the video could not be decoded after frame 60 (cut short?)."
    landmarks_file.write_text(json.dumps(data))
    says = "it is marked complete, but records an error"
    with pytest.raises(TrackingFileError) as caught:
        read_json(landmarks_file)
    assert str(landmarks_file) in str(caught.value) and says in str(caught.value)
    assert "decoded after frame 60" in str(caught.value) and "Track the video again" in str(caught.value)
    report = tmp_path / "r.json"
    result = _kinemotion("cmj", landmarks_file, "-o", report)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert says in result.output and not report.exists()
    again = _kinemotion("track", clip, "-b", cmj_backend, "-o", landmarks_file, "-q")
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    assert read_json(landmarks_file).error is None
