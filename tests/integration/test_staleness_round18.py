"""Round 18 of the staleness attack: what reuses earlier work must never serve a stale result as current.

Each test is a way an earlier result passed as this run's (watched failing before its fix).
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from tests.assets import MP_FULL, MP_LITE, asset
from tests.cli import run_kinemotion
from tests.core.distributions import env_with, write_distribution
from tests.jump.physics_backend import blank_video

_MODEL_PLUGIN = """
import os
from kinemotion import Availability, REQUIRED_LANDMARKS

class Tracker:
    def __init__(self, files):
        self.model_files = files
    def process_frame(self, frame, timestamp_ms=0):
        if frame.std() == 0:
            return None
        return {{n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}}
    def close(self):
        pass
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.close()

class Plugin:
    name = "zz-models"
    priority = -5
    modes = ("lightweight",)
    contract_version = {contract!r}
    def probe(self):
        return Availability.yes("test backend")
    def create(self, mode="lightweight", **options):
        if mode not in self.modes:
            raise ValueError(mode)
        return Tracker({files})
"""


def _model_plugin(tmp_path: Path, contract: str = "1.5", files: str = '[os.environ["ZZ_MODEL"]]') -> Path:
    """A plugin whose tracker declares ``files`` as its ``model_files`` (by default the file ``$ZZ_MODEL``)."""
    site = tmp_path / "site"
    source = _MODEL_PLUGIN.format(contract=contract, files=files)
    write_distribution(site, "zz-models", "1.0", {"zz-models": "zz_models:Plugin"}, {"zz_models": source})
    return site


def test_a_model_file_the_plugin_declares_replaced_since_is_tracked_again(tmp_path: Path) -> None:
    """A backend loads a model file from a path its user chose (a retrained model saved over the last one). Outputs
    recorded the backend, mode and releases, not the model: the resumed batch said "skipped, its outputs exist"
    for every video tracked by the old model. A tracker may now declare its ``model_files`` (contract 1.5); each
    one's size and sha256 is recorded and a re-run tracks again when one is no longer that file."""
    model = tmp_path / "model.bin"
    model.write_bytes(b"weights, first training")
    env = env_with(_model_plugin(tmp_path), ZZ_MODEL=str(model))
    video, out = blank_video(tmp_path / "v.mp4", 6, 30), tmp_path / "out"
    args = ("track", str(video), "-o", f"{out}/", "-b", "zz-models", "-q")
    assert run_kinemotion(*args, env=env).returncode == 0
    recorded = json.loads((out / "v.landmarks.json").read_text())["backend"]["model_files"]
    assert [(r["path"], r["size"]) for r in recorded] == [(str(model), model.stat().st_size)]
    assert "skipped" in run_kinemotion(*args, env=env).stdout  # nothing changed: reused

    model.write_bytes(b"weights, retrained!!!!")  # the same size, another model
    again = run_kinemotion(*args, env=env)
    assert again.returncode == 0, again.stderr
    assert "skipped" not in again.stdout + again.stderr
    assert "wrote" in again.stdout


def test_model_files_on_a_plugin_written_for_contract_1_4_are_its_own_and_not_read(tmp_path: Path) -> None:
    """The contract's promise: a plugin written for 1.4 runs unchanged. A ``model_files`` of its own (here not
    even a list of paths) is not the contract's: it is neither read nor refused, and nothing is recorded."""
    env = env_with(_model_plugin(tmp_path, contract="1.4", files="42"))
    video, out = blank_video(tmp_path / "v.mp4", 6, 30), tmp_path / "out"
    done = run_kinemotion("track", str(video), "-o", f"{out}/", "-b", "zz-models", "-q", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "v.landmarks.json").read_text())["backend"]["model_files"] == []


def test_model_files_naming_no_file_is_one_line_naming_the_backend_and_the_rule(tmp_path: Path) -> None:
    """A plugin that lies about its model files (a path that is not there) is a bug in the plugin: one line naming
    the backend, the attribute and the contract rule, no traceback, and no output left looking complete."""
    env = env_with(_model_plugin(tmp_path, files='["/nonexistent/model.onnx"]'))
    video, out = blank_video(tmp_path / "v.mp4", 6, 30), tmp_path / "out"
    failed = run_kinemotion("track", str(video), "-o", f"{out}/", "-b", "zz-models", "-q", env=env)
    assert failed.returncode != 0
    assert "Traceback" not in failed.stderr
    assert "'zz-models'" in failed.stderr and "model_files names /nonexistent/model.onnx" in failed.stderr
    assert "[contract rule tracker.model_files, since 1.5]" in failed.stderr
    assert not (out / "v.landmarks.json").exists()


@pytest.mark.models
def test_mediapipe_s_heavy_model_replaced_in_the_model_folder_is_tracked_again(tmp_path: Path) -> None:
    """MediaPipe's heavy model (``-m performance``) is not pinned: any file named ``pose_landmarker_heavy.task`` in
    ``KINEMOTION_MODEL_DIR`` or the cache is used. A copy replaced by another model (a new download) was not seen
    on resume: its outputs recorded no model file. Now the tracker declares it, and the re-run tracks again."""
    models = tmp_path / "models"
    models.mkdir()
    heavy = models / "pose_landmarker_heavy.task"
    shutil.copy(asset(MP_FULL), heavy)  # stands in for the heavy model: an unpinned file found by its name
    env = env_with(tmp_path / "nothing", KINEMOTION_MODEL_DIR=str(models), KINEMOTION_OFFLINE="1")
    video, out = blank_video(tmp_path / "v.mp4", 6, 30), tmp_path / "out"
    args = ("track", str(video), "-o", f"{out}/", "-b", "mediapipe", "-m", "performance", "-q")
    assert run_kinemotion(*args, env=env).returncode == 0
    assert "skipped" in run_kinemotion(*args, env=env).stdout

    shutil.copy(asset(MP_LITE), heavy)  # another model under the same name
    again = run_kinemotion(*args, env=env)
    assert again.returncode == 0, again.stderr
    assert "skipped" not in again.stdout
    (recorded,) = json.loads((out / "v.landmarks.json").read_text())["backend"]["model_files"]
    assert recorded["path"] == str(heavy) and recorded["size"] == asset(MP_LITE).stat().st_size


@pytest.mark.models
def test_mediapipe_run_with_the_model_folder_pointed_elsewhere_is_tracked_again(tmp_path: Path) -> None:
    """``KINEMOTION_MODEL_DIR`` set to another folder holding another ``pose_landmarker_heavy.task``: the re-run
    loads that file, and the outputs made with the first one (still there, unchanged) must not pass as its."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(asset(MP_FULL), first / "pose_landmarker_heavy.task")
    shutil.copy(asset(MP_LITE), second / "pose_landmarker_heavy.task")
    video, out = blank_video(tmp_path / "v.mp4", 6, 30), tmp_path / "out"
    args = ("track", str(video), "-o", f"{out}/", "-b", "mediapipe", "-m", "performance", "-q")
    assert run_kinemotion(*args, env=env_with(tmp_path, KINEMOTION_MODEL_DIR=str(first))).returncode == 0
    again = run_kinemotion(*args, env=env_with(tmp_path, KINEMOTION_MODEL_DIR=str(second), KINEMOTION_OFFLINE="1"))
    assert again.returncode == 0, again.stderr
    assert "skipped" not in again.stdout
    (recorded,) = json.loads((out / "v.landmarks.json").read_text())["backend"]["model_files"]
    assert recorded["path"] == str(second / "pose_landmarker_heavy.task")


# --- landmarks kept by a refused run, the video tracked again with another backend ----------------------------


def _refused_then(tmp_path: Path, first: str, second: str) -> tuple[Path, Path, object]:
    """``cmj clip.mp4 -b FIRST -o out/`` (refused: nobody jumps), then the same with ``-b SECOND``."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    out = tmp_path / "out"
    refused = _kinemotion("cmj", video, "-b", first, "-o", f"{out}/", "-q")
    assert refused.exit_code == 1 and "Its landmarks are kept in" in refused.output, refused.output
    assert json.loads((out / "clip.landmarks.json").read_text())["backend"]["name"] == first
    return video, out, _kinemotion("cmj", video, "-b", second, "-o", f"{out}/", "-q")


def test_a_refused_run_with_another_backend_replaces_the_landmarks_an_earlier_refusal_kept(
    tmp_path: Path, fake: str, registered: list[str]
) -> None:
    """``cmj clip.mp4 -b A -o out/`` refused (its landmarks kept for a re-run), then ``-b B`` refused too: A's
    landmarks stayed as ``out/clip.landmarks.json`` beside B's refusal, and every later run with B tracked the
    video again. The refusal now records the landmarks it kept; a later run replaces that file (and no other)."""
    import kinemotion
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round6 import _kinemotion

    kinemotion.register_backend(FakePlugin("zz-other", priority=-1))
    registered.append("zz-other")
    video, out, second = _refused_then(tmp_path, fake, "zz-other")
    assert second.exit_code == 1
    assert "Its landmarks are kept in" in second.output, second.output
    assert json.loads((out / "clip.landmarks.json").read_text())["backend"]["name"] == "zz-other"
    third = _kinemotion("cmj", video, "-b", "zz-other", "-o", f"{out}/", "-q")
    assert "analysing its landmarks from" in third.output  # B's, kept: not tracked again


def test_a_jump_found_with_another_backend_after_a_refusal_keeps_its_own_landmarks(
    tmp_path: Path, fake: str, cmj_backend: str
) -> None:
    """Refused with one backend, then measured with another: the report's landmarks beside it were still the
    refused backend's (a reader of ``clip.landmarks.json`` got other landmarks than the report's)."""
    _video, out, measured = _refused_then(tmp_path, fake, cmj_backend)
    assert measured.exit_code == 0, measured.output
    kept = json.loads((out / "clip.landmarks.json").read_text())
    assert kept["backend"]["name"] == cmj_backend
    report = json.loads((out / "clip.cmj.json").read_text())
    assert report["outputs"]["landmarks"]["size_bytes"] == (out / "clip.landmarks.json").stat().st_size


def test_landmarks_a_refusal_kept_then_edited_are_never_replaced(
    tmp_path: Path, fake: str, registered: list[str]
) -> None:
    """What the refusal kept, edited since (by hand, another program), is no longer kinemotion's: never replaced."""
    import kinemotion
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round6 import _kinemotion

    kinemotion.register_backend(FakePlugin("zz-other", priority=-1))
    registered.append("zz-other")
    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    out = tmp_path / "out"
    assert _kinemotion("cmj", video, "-b", fake, "-o", f"{out}/", "-q").exit_code == 1
    kept = out / "clip.landmarks.json"
    edited = kept.read_text().replace('"zz-fake"', '"zz-fake" ', 1)
    kept.write_text(edited)
    assert _kinemotion("cmj", video, "-b", "zz-other", "-o", f"{out}/", "-q").exit_code == 1
    assert kept.read_text() == edited


# --- one clip under both Unicode forms of its name ------------------------------------------------------------

_NFD, _NFC = unicodedata.normalize("NFD", "Jérôme.mp4"), unicodedata.normalize("NFC", "Jérôme.mp4")


def _names(folder: Path) -> list[tuple[str, bool]]:
    """The files of ``folder``: each name, and whether it is composed (NFC)."""
    return sorted((p.name, unicodedata.is_normalized("NFC", p.name)) for p in folder.iterdir())


@pytest.mark.parametrize("first", ["cmj", "refused"])
def test_a_clip_analysed_under_both_unicode_forms_leaves_one_landmarks_file(
    tmp_path: Path, first: str, cmj_backend: str, fake: str
) -> None:
    """ "Jérôme.mp4" named on a Mac (NFD) and analysed into ``out/``, then composed (NFC) by a copy and analysed
    again: the earlier report went, but its landmarks stayed under the decomposed name beside the new ones (two
    landmarks files of one clip, one of them stale), and after a refusal under the other form, its refusal
    record stayed beside the new report too. Both are that clip's earlier outputs, set aside as its report is."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    decomposed, out = blank_video(tmp_path / _NFD, int(3.5 * 30), 30), tmp_path / "out"
    backend = cmj_backend if first == "cmj" else fake
    assert _kinemotion("cmj", decomposed, "-b", backend, "-o", f"{out}/", "-q").exit_code == (first != "cmj")
    composed = decomposed.rename(tmp_path / _NFC)
    again = _kinemotion("cmj", composed, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert again.exit_code == 0, again.output
    stem = _NFC.removesuffix(".mp4")
    assert _names(out) == [(f"{stem}.cmj.json", True), (f"{stem}.landmarks.json", True), ("cmj-jumps.csv", True)]


def test_a_clip_tracked_under_both_unicode_forms_leaves_one_set_of_landmarks(tmp_path: Path, fake: str) -> None:
    """The same with ``kinemotion track -o out/``: the decomposed name's JSON and CSV stayed beside the composed
    ones (two trackings of one clip; `cmj out/*.landmarks.json` analysed it twice)."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    decomposed, out = blank_video(tmp_path / _NFD, 6, 30), tmp_path / "out"
    assert _kinemotion("track", decomposed, "-b", fake, "-o", f"{out}/", "-q").exit_code == 0
    composed = decomposed.rename(tmp_path / _NFC)
    assert _kinemotion("track", composed, "-b", fake, "-o", f"{out}/", "-q").exit_code == 0
    stem = _NFC.removesuffix(".mp4")
    assert _names(out) == [(f"{stem}.landmarks.csv", True), (f"{stem}.landmarks.json", True)]


def test_two_clips_whose_names_differ_only_in_unicode_form_keep_their_own_landmarks(tmp_path: Path, fake: str) -> None:
    """Held: two recordings whose names differ only in form (both there, other files) are two clips, each
    tracked into its own outputs; neither is set aside as the other's."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    decomposed, composed = blank_video(tmp_path / _NFD, 6, 30), blank_video(tmp_path / _NFC, 7, 30)
    out = tmp_path / "out"
    assert _kinemotion("track", decomposed, "-b", fake, "-o", f"{out}/", "-q").exit_code == 0
    assert _kinemotion("track", composed, "-b", fake, "-o", f"{out}/", "-q").exit_code == 0
    assert len(_names(out)) == 4


# --- a video written to while it is tracked --------------------------------------------------------------------


def test_a_video_rewritten_in_place_while_it_is_tracked_is_marked_incomplete_not_whole(
    tmp_path: Path, registered: list[str]
) -> None:
    """A clip still being copied onto the disk (or re-exported over itself) is tracked while it changes: its
    frames after the change came from other bytes, and the landmarks were written marked complete under the
    digest taken when it was opened, so a re-run skipped it as done. The reader now sees, at its end, that the
    file opened was written to since: the frames read are kept, marked incomplete (never skipped as done)."""
    import kinemotion
    from tests.core.fakes import FakePlugin, FakeTracker
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "v.mp4", 12, 30)

    class Appending(FakeTracker):
        """Sees a person; on the fourth frame, the file it is reading grows (a copy still under way)."""

        def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
            if len(self.timestamps) == 3:
                with video.open("ab") as fh:
                    fh.write(b"\0" * 1000)
            return super().process_frame(frame, timestamp_ms)

    kinemotion.register_backend(FakePlugin("zz-appending", priority=-1, tracker=Appending))
    registered.append("zz-appending")
    out = tmp_path / "v.landmarks.json"
    result = _kinemotion("track", video, "-b", "zz-appending", "-o", out, "-q")
    assert result.exit_code == 3, result.output  # read only in part
    assert "changed while it was read" in result.output and "marked incomplete" in result.output
    assert json.loads(out.read_text())["complete"] is False
    again = _kinemotion("track", video, "-b", "zz-appending", "-o", out, "-q")
    assert "skipped" not in again.output


def test_a_video_renamed_over_while_it_is_tracked_is_tracked_whole_as_the_file_opened(
    tmp_path: Path, registered: list[str]
) -> None:
    """Held: another file renamed over the clip (``mv``) while it is read leaves the one opened readable whole:
    its landmarks are complete and record that file; the re-run sees another file there and tracks it again."""
    import kinemotion
    from tests.core.fakes import FakePlugin, FakeTracker
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "v.mp4", 12, 30)
    other = blank_video(tmp_path / "other.mp4", 9, 30)

    class Replacing(FakeTracker):
        def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
            if len(self.timestamps) == 3 and other.exists():
                other.replace(video)
            return super().process_frame(frame, timestamp_ms)

    kinemotion.register_backend(FakePlugin("zz-replacing", priority=-1, tracker=Replacing))
    registered.append("zz-replacing")
    out = tmp_path / "v.landmarks.json"
    assert _kinemotion("track", video, "-b", "zz-replacing", "-o", out, "-q").exit_code == 0
    data = json.loads(out.read_text())
    assert data["complete"] is True and len(data["frames"]) == 12
    again = _kinemotion("track", video, "-b", "zz-replacing", "-o", out, "-q")
    assert again.exit_code == 0 and "skipped" not in again.output
    assert len(json.loads(out.read_text())["frames"]) == 9


def test_landmarks_a_dropjump_refusal_kept_are_replaced_by_cmj_with_another_backend(
    tmp_path: Path, fake: str, cmj_backend: str
) -> None:
    """The kept file is one for both jump commands (``out/clip.landmarks.json``): ``dropjump -b A`` refused kept
    A's landmarks, ``cmj -b B`` measured the clip and left A's beside B's report (only its own kind's refusal was
    read for what it kept)."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    out = tmp_path / "out"
    assert _kinemotion("dropjump", video, "-b", fake, "-o", f"{out}/", "-q").exit_code == 1
    assert json.loads((out / "clip.landmarks.json").read_text())["backend"]["name"] == fake
    measured = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert measured.exit_code == 0, measured.output
    assert json.loads((out / "clip.landmarks.json").read_text())["backend"]["name"] == cmj_backend


def test_a_model_file_replaced_during_a_batch_is_not_recorded_for_the_videos_its_tracker_ran_before_it(
    tmp_path: Path, registered: list[str]
) -> None:
    """A batch keeps one tracker from video to video. Its model file replaced on disk mid-batch (a download
    finishing, a retrained model saved over it) is not what that tracker runs, yet each video recorded the file
    there when it started: the later videos' outputs claimed the new model, and a resumed run with the new model
    skipped them. The files a tracker declares are fingerprinted when it is first used."""
    import kinemotion
    from tests.core.fakes import FakePlugin, model_replaced_at_first_frame
    from tests.integration.test_hostile_input_round6 import _kinemotion

    model = tmp_path / "model.bin"
    model.write_bytes(b"first model")

    plugin = FakePlugin("zz-loading", priority=-1, tracker=model_replaced_at_first_frame(model))
    plugin.contract_version = "1.5"  # type: ignore[attr-defined]
    kinemotion.register_backend(plugin)
    registered.append("zz-loading")
    videos = [blank_video(tmp_path / f"v{i}.mp4", 6, 30) for i in range(2)]
    out = tmp_path / "out"
    result = _kinemotion("track", *videos, "-b", "zz-loading", "-o", f"{out}/", "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert len(plugin.created) == 1  # one tracker for the batch
    size = len(b"first model")
    for name in ("v0", "v1"):
        (recorded,) = json.loads((out / f"{name}.landmarks.json").read_text())["backend"]["model_files"]
        assert recorded["size"] == size, name
    again = _kinemotion("track", *videos, "-b", "zz-loading", "-o", f"{out}/", "-q", "-j", "1")
    assert "skipped" not in again.output  # made with the first model: the file there now is another


def test_an_identical_copy_of_the_model_in_another_model_folder_is_the_same_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held with the check above, without its cost: ``KINEMOTION_MODEL_DIR`` moved to another folder holding the
    very same model file (a copy) finds the same model by its name, so what it made is reused; only another
    model under that name (or none) is another model."""
    from kinemotion.tracking.model_files import model_file_record, same_model_file

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "m.onnx").write_bytes(b"the model")
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(first))
    recorded = model_file_record(first / "m.onnx")
    assert recorded["looked_up"] is True
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(second))
    assert not same_model_file(recorded)  # nothing of that name there now (nor in the cache)
    (second / "m.onnx").write_bytes(b"the model")
    assert same_model_file(recorded)  # an identical copy: the same model
    (second / "m.onnx").write_bytes(b"another!!")
    assert not same_model_file(recorded)
