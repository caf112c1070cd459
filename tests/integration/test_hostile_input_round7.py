"""Hostile input, round 7: what a seventh outside attack found still broken around the project's promises:
nothing stale or half-written passes as a result, the plugin contract holds for plugins written for earlier
contract versions, and bad input gets one clear error.

Each test reproduces what a careless user, a hand edit or a plugin author could do and checks for one clear
error naming the file, frame, option or backend, or for the right answer.
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
def cmj_backend() -> Iterator[str]:
    """A backend that sees one CMJ, whatever the video (``zz-cmj7``)."""
    t = np.arange(0, 3.5, 1 / FPS)
    plugin = SeriesPlugin("zz-cmj7", t, landmarks(t, cmj_motion(t, 0.4), noise=0.001, drop_every=17, seed=3))
    kinemotion.register_backend(plugin)
    yield plugin.name
    kinemotion.unregister_backend(plugin.name)


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    return blank_video(tmp_path / "clip.mp4", int(3.5 * FPS), FPS)


def _kinemotion(*args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _tracked(clip: Path, backend: str, out: Path) -> Path:
    result = _kinemotion("track", clip, "-b", backend, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    return out


# --- a landmark JSON cut short by hand, still marked complete ------------------------------------------------


def _cut(keep: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Callable[[dict[str, Any]], None]:
    """An edit keeping ``keep(frames)`` of a landmark JSON and recounting ``frames_with_pose`` as an editor who
    knows the layout would."""

    def edit(data: dict[str, Any]) -> None:
        data["frames"] = keep(data["frames"])
        data["frames_with_pose"] = sum(f["landmarks"] is not None for f in data["frames"])

    return edit


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_cut(lambda f: f[:40]), "it is marked complete, but its 40 frames end at 1.30 s, short of the end of"),
        (_cut(lambda f: f[30:]), "frame 0 has index 30: frames are missing, repeated or out of order"),
        (_cut(lambda f: f[:10] + f[40:]), "frame 10 has index 40: frames are missing, repeated or out of order"),
        (lambda d: d.update(frames=d["frames"][:40]), "it counts 99 frames with a pose (frames_with_pose), but its frames hold"),
    ],
)
def test_a_landmark_json_cut_short_but_marked_complete_is_refused_and_tracked_again(
    clip: Path, tmp_path: Path, cmj_backend: str, edit: Callable[[dict[str, Any]], None], says: str
) -> None:
    """Before: frames removed from a landmark JSON by hand (its end, its start, its middle) still marked
    ``"complete": true`` were analysed as the whole video (a wrong jump or 'No flight phase found'), and
    ``kinemotion track`` kept the file as done ('skipped, its outputs exist')."""
    landmarks_file = _tracked(clip, cmj_backend, tmp_path / "clip.landmarks.json")
    data = json.loads(landmarks_file.read_text())
    assert len(data["frames"]) == 105 and data["frames_with_pose"] == 99  # a pose dropped every 17th frame
    edit(data)
    landmarks_file.write_text(json.dumps(data))
    with pytest.raises(TrackingFileError) as caught:
        read_json(landmarks_file)
    assert str(landmarks_file) in str(caught.value) and says in str(caught.value)
    assert "Track the video again" in str(caught.value)
    report = tmp_path / "r.json"
    result = _kinemotion("cmj", landmarks_file, "-o", report)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert says in result.output and not report.exists()
    again = _kinemotion("track", clip, "-b", cmj_backend, "-o", landmarks_file, "-q")
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    assert len(read_json(landmarks_file).timestamps_ms) == 105


def test_a_landmark_json_of_a_clip_trimmed_by_an_edit_list_reads_back_whole(demo_video: Path, tmp_path: Path) -> None:
    """The other side of the rule above: a trimmed clip shows fewer frames than its frame count (hidden ones
    behind an edit list); its landmark JSON, whole, is read back as complete and reused by a re-run."""
    from kinemotion.tracking.decode import VideoReader
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round3 import _trimmed_clip

    trimmed = _trimmed_clip(demo_video, tmp_path)
    with VideoReader(trimmed) as reader:
        assert reader.info.frame_count > 60 and reader.info.presented_duration_ms == pytest.approx(2000, abs=50)
    kinemotion.register_backend(FakePlugin("zz-fake7", priority=-1))
    try:
        out = _tracked(trimmed, "zz-fake7", tmp_path / "t.json")
        result = read_json(out)
        assert result.complete and result.frame_count == 60
        again = _kinemotion("track", trimmed, "-b", "zz-fake7", "-o", out, "-q")
        assert "skipped, its outputs exist" in again.output, again.output
    finally:
        kinemotion.unregister_backend("zz-fake7")
