"""Review of the changes since 85dff3b: defects found, each watched failing before its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.jump.physics_backend import blank_video


def test_streams_record_the_model_their_tracker_loaded_not_one_saved_over_it_later(tmp_path: Path) -> None:
    """``track -j N`` through a tracker's streams (contract 1.4): every stream runs the models the shared tracker
    loaded when the batch began. Each stream's ``model_files`` were fingerprinted the first time it tracked a
    video, so a model saved over the file mid-batch was recorded by the stream that replaced one closed after a
    failed video (and by any stream starting after it): outputs made with the old model recorded the new one, and
    a re-run with the new model skipped them as current."""
    import kinemotion
    from kinemotion.batch import VideoTask, execute
    from tests.core.fakes import FakePlugin, standing_person
    from tests.core.test_shared_streams import _white_video

    model = tmp_path / "model.bin"
    model.write_bytes(b"first model")

    class Stream:
        """Runs the shared tracker's model; a white frame is a backend bug, after which a new model is saved."""

        model_files = (model,)

        def process_frame(self, frame: Any, timestamp_ms: int = 0) -> dict[str, tuple[float, float, float]]:
            if frame.mean() > 250:
                model.write_bytes(b"second model, saved over the first mid-batch")
                raise RuntimeError("a backend bug on a white frame")
            return standing_person()

        def reset(self) -> None:
            pass

        def close(self) -> None:
            pass

        def __enter__(self) -> Stream:
            return self

        def __exit__(self, *exc: object) -> None:
            self.close()

    class Offering(Stream):
        def streams(self, count: int) -> list[Stream]:
            return [Stream() for _ in range(count)]

    class Plugin(FakePlugin):
        shares_models = True
        contract_version = "1.5"

        def create(self, mode: str = "lightweight", **options: object) -> Any:
            tracker = Offering()
            self.created.append(tracker)  # type: ignore[arg-type]
            return tracker

    plugin = Plugin("zz-model-streams")
    kinemotion.register_backend(plugin)
    try:
        videos = [_white_video(tmp_path / "white.mp4")]
        videos += [str(blank_video(tmp_path / f"v{i}.mp4", 6, 30)) for i in range(4)]
        tasks = [VideoTask(video, "zz-model-streams", "lightweight") for video in videos]
        results = dict(execute(tasks, jobs=2, progress=False))
    finally:
        kinemotion.unregister_backend("zz-model-streams")
    assert len(plugin.created) == 1  # one tracker loaded the model; every video ran on its streams
    assert results[0].tracking is None and "white frame" in str(results[0].error)
    for k in range(1, 5):
        tracking = results[k].tracking
        assert tracking is not None, results[k].error
        (recorded,) = tracking.backend.model_files
        assert recorded["size"] == len(b"first model"), (videos[k], recorded)


def test_the_command_report_suggests_for_a_corrected_height_quotes_the_athlete_lists_path(tmp_path: Path) -> None:
    """The command in `kinemotion report --athlete`'s warning is shell-quoted (copied into a shell, it runs as
    said), but the athlete list's path was appended as it is: a list in a folder named with a space ("team
    lists/athletes.csv") gave `--athlete .../team lists/athletes.csv`, two words, and the command failed."""
    import shlex

    from click.testing import CliRunner

    from kinemotion.cli.main import cli
    from tests.integration.test_newuser20 import _cmj_report

    out = tmp_path / "out"
    out.mkdir()
    _cmj_report(out, "ben", 1.75)
    athletes = tmp_path / "team lists" / "athletes.csv"
    athletes.parent.mkdir()
    athletes.write_text("video,athlete,height_m\nben.mp4,Ben,1.85\n", encoding="utf-8")
    page = tmp_path / "page.html"
    run = CliRunner().invoke(cli, ["report", str(out), "--athlete", str(athletes), "-o", str(page), "-q"])
    (line,) = [line for line in run.output.splitlines() if "measured at" in line]
    words = shlex.split(line.split("`")[1])
    assert words[-2:] == ["--athlete", str(athletes)], words


@pytest.mark.parametrize(
    ("path", "looked_up"),
    [("/models/pose\u0000.onnx", False), (f"/models/{'m' * 300}.onnx", True)],
    ids=["nul-in-path", "name-too-long-looked-up"],
)
def test_an_output_recording_a_model_path_no_filesystem_takes_is_tracked_again_not_a_traceback(
    tmp_path: Path, registered: list[str], path: str, looked_up: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-run compares each model file an output records (``backend.model_files``, contract 1.5) with the file
    there now, before anything else of the output is trusted. A recorded path with a NUL in it (``os.stat``
    raises ValueError) or, looked up by name in the model folders, a name longer than the filesystem takes
    (``Path.is_file`` raises "File name too long") ended the re-run in a bare traceback; such a record is not
    the file there now: the video is tracked again."""
    import json

    import kinemotion
    from tests.core.fakes import FakePlugin, FakeTracker
    from tests.integration.test_hostile_input_round6 import _kinemotion

    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(tmp_path / "models"))  # a model folder there to look in
    (tmp_path / "models").mkdir()
    model = tmp_path / "model.bin"
    model.write_bytes(b"a model")

    class Loading(FakeTracker):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            self.model_files = [model]

    plugin = FakePlugin("zz-recorded-model", priority=-1, tracker=Loading)
    plugin.contract_version = "1.5"  # type: ignore[attr-defined]
    kinemotion.register_backend(plugin)
    registered.append("zz-recorded-model")
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "out"
    first = _kinemotion("track", video, "-b", "zz-recorded-model", "-o", f"{out}/", "-q")
    assert first.exit_code == 0, first.output
    landmarks = out / "v.landmarks.json"
    data = json.loads(landmarks.read_text(encoding="utf-8"))
    data["backend"]["model_files"][0].update(path=path, looked_up=looked_up)
    landmarks.write_text(json.dumps(data), encoding="utf-8")
    again = _kinemotion("track", video, "-b", "zz-recorded-model", "-o", f"{out}/", "-q")
    assert again.exception is None or isinstance(again.exception, SystemExit), repr(again.exception)
    assert again.exit_code == 0, again.output
    assert "skipped" not in again.output
    assert json.loads(landmarks.read_text(encoding="utf-8"))["backend"]["model_files"][0]["path"] == str(model)


def test_a_relative_model_option_typed_in_another_folder_tracks_again(
    tmp_path: Path, registered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-O model_path=m.onnx`` is resolved by the backend from the folder the command runs in. A re-run from
    another folder, whose ``m.onnx`` is another model, skipped the video: the options recorded are the same
    words, and the model file recorded (the first folder's) is still there, unchanged, so the outputs the first
    model made passed as current for a request that loads the second."""
    import json
    import os

    import kinemotion
    from tests.core.fakes import FakePlugin, FakeTracker
    from tests.integration.test_hostile_input_round6 import _kinemotion

    first, second = tmp_path / "first", tmp_path / "second"
    for folder, content in ((first, b"the first model"), (second, b"another model, the second")):
        folder.mkdir()
        (folder / "m.onnx").write_bytes(content)

    detector = tmp_path / "det.onnx"  # a second model, not named by the option (RTMPose loads two)
    detector.write_bytes(b"the detector")

    class Loading(FakeTracker):
        """Loads the model its ``model_path`` option names, from the folder it runs in (as RTMPose's does), and a
        detector of its own."""

        def __init__(self, name: str, mode: str, options: dict[str, object]) -> None:
            super().__init__(name, mode, options)
            self.model_files = [os.path.abspath(str(options["model_path"])), str(detector)]

    plugin = FakePlugin("zz-model-option", priority=-1, tracker=Loading, options=frozenset({"model_path"}))
    plugin.contract_version = "1.5"  # type: ignore[attr-defined]
    kinemotion.register_backend(plugin)
    registered.append("zz-model-option")
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "out"
    asked = ("track", video, "-b", "zz-model-option", "-O", "model_path=m.onnx", "-o", f"{out}/", "-q")
    monkeypatch.chdir(first)
    assert _kinemotion(*asked).exit_code == 0
    again = _kinemotion(*asked)
    assert "skipped" in again.output, again.output  # the same folder: the same model, done
    monkeypatch.chdir(second)
    elsewhere = _kinemotion(*asked)
    assert elsewhere.exit_code == 0, elsewhere.output
    assert "skipped" not in elsewhere.output, elsewhere.output
    recorded, _ = json.loads((out / "v.landmarks.json").read_text(encoding="utf-8"))["backend"]["model_files"]
    assert recorded["path"] == str(second / "m.onnx")


def test_the_page_does_not_say_a_refusal_s_landmarks_are_kept_once_another_run_replaced_them(
    tmp_path: Path, fake: str, registered: list[str]
) -> None:
    """``dropjump`` refused a clip and kept its landmarks (backend zz-fake); ``cmj`` with another backend, refused
    too, replaced that file with its own tracking (a refusal's kept landmarks are replaced by a later run of the
    clip, whichever jump command it is). The page still said of the drop jump refusal "Its landmarks are in
    clip.landmarks.json: kinemotion dropjump run again ... with the same backend ... analyses them": false, that
    file is the other backend's tracking, and the run it names tracks the video again."""
    import re

    import kinemotion
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round6 import _kinemotion

    kinemotion.register_backend(FakePlugin("zz-fake-two", priority=-1))
    registered.append("zz-fake-two")
    video = blank_video(tmp_path / "clip.mp4", 30, 30)
    out = tmp_path / "out"
    _kinemotion("dropjump", video, "-b", fake, "-o", f"{out}/")  # refused (a standing pose), landmarks kept
    _kinemotion("cmj", video, "-b", "zz-fake-two", "-o", f"{out}/")  # refused, the kept file replaced
    assert (out / "clip.dropjump.refusal.json").is_file() and (out / "clip.cmj.refusal.json").is_file()
    page = tmp_path / "page.html"
    _kinemotion("report", out, "-o", page, "-q")
    said = {
        re.sub("<[^>]+>", "", part).split(":", 1)[0]: re.sub("<[^>]+>", "", part)
        for part in page.read_text(encoding="utf-8").split('<span class="context">')[1:]
    }
    drop = said["(drop jump, zz-fake"]
    assert "Its landmarks are in" not in drop and "analyses them as they are there" not in drop, drop
    assert "no longer the landmarks kept" in drop, drop
    assert "Its landmarks are in" in said["(CMJ, zz-fake-two"]  # the file is cmj's own, as kept


def test_cmj_on_a_clip_with_a_long_name_is_not_stopped_by_the_name_dropjump_would_give_its_refusal(
    tmp_path: Path, fake: str, registered: list[str]
) -> None:
    """Before keeping a refused clip's landmarks where a file is already, ``cmj`` looks for an earlier refusal of
    the clip that kept them there, its own and ``dropjump``'s (``NAME.dropjump.refusal.json``, five characters
    longer than ``NAME.cmj.refusal.json``). A clip whose name leaves room for cmj's outputs but not for that
    name (a 235-character name) ended the run, after tracking it, with "Error: .../NAME.dropjump.refusal.json:
    too long for the filesystem", a file cmj was never asked to write: no such record can be there."""
    import kinemotion
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round6 import _kinemotion

    kinemotion.register_backend(FakePlugin("zz-fake-two", priority=-1))
    registered.append("zz-fake-two")
    video = blank_video(tmp_path / f"{'a' * 235}.mp4", 30, 30)
    out = tmp_path / "out"
    assert _kinemotion("track", video, "-b", fake, "-o", f"{out}/", "-q").exit_code == 0  # landmarks there
    refused = _kinemotion("cmj", video, "-b", "zz-fake-two", "-o", f"{out}/", "-q")
    assert "too long" not in refused.output, refused.output
    assert "No flight phase found" in refused.output, refused.output  # the clip's own refusal, said
    assert (out / f"{'a' * 235}.cmj.refusal.json").is_file()


@pytest.mark.parametrize("command", ["track", "cmj"])
def test_a_clip_whose_name_in_the_other_unicode_form_is_too_long_is_analysed_again(
    tmp_path: Path, fake: str, command: str
) -> None:
    """Each run looks for the earlier outputs of its clip named in the other Unicode form (``Jérôme.mp4`` named on
    a Mac). A name of accented letters takes more bytes decomposed (``é``: 2 composed, 3 decomposed): a clip of
    100 of them fits the filesystem's 255 bytes, the decomposed name of its outputs does not, and looking for it
    ended the run with "...landmarks.json: too long for the filesystem" (a name the user never gave) once the
    output folder existed: ``track`` on such a clip worked at 85dff3b (it looks for the twins since); ``cmj``
    failed before already. No file of that name can be there."""
    import unicodedata

    from tests.integration.test_hostile_input_round6 import _kinemotion

    name = unicodedata.normalize("NFC", "é" * 100)
    video = blank_video(tmp_path / f"{name}.mp4", 30, 30)
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):
        run = _kinemotion(command, video, "-b", fake, "-o", f"{out}/", "-q")
        assert "too long" not in run.output, run.output
        assert run.exit_code == (0 if command == "track" else 1), run.output  # cmj: a standing pose, refused


def test_an_option_name_written_with_dashes_is_named_with_its_fix(tmp_path: Path) -> None:
    """``-O min-keypoint-score=0.2`` (dashes, as command-line options are written) is KEY=VALUE; the error said
    "'min-keypoint-score=0.2' is not KEY=VALUE", which it is, and named neither the key nor the fix: a backend's
    option is a Python keyword (``min_keypoint_score``)."""
    from click.testing import CliRunner

    from kinemotion.cli.main import cli

    video = blank_video(tmp_path / "v.mp4", 5, 30)
    result = CliRunner().invoke(cli, ["track", str(video), "-O", "min-keypoint-score=0.2"])
    assert result.exit_code == 2, result.output
    assert "is not KEY=VALUE" not in result.output, result.output
    assert "'min-keypoint-score' is no option name" in result.output, result.output
    assert "-O min_keypoint_score=0.2" in result.output, result.output
