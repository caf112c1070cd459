"""Round 19 of the hostile-input attack: what a careless or hostile user (or plugin) does must end in one clear
line naming the file, frame or backend and the fix, never a bare traceback or partial output looking complete.

Each test was watched failing before its fix (or is marked as holding).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.jump.physics_backend import blank_video

_NFD, _NFC = unicodedata.normalize("NFD", "Jérôme.mp4"), unicodedata.normalize("NFC", "Jérôme.mp4")


def test_a_capture_rate_for_a_clip_named_in_the_other_unicode_form_applies_to_it(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj Jérôme.mp4 --capture-fps Jérôme.mp4=60`` with the file named on a Mac (accent apart, NFD) and the
    name typed on a keyboard (NFC): "Jérôme.mp4=60 names none of this run's videos (Jérôme.mp4)", two names alike
    to the eye, where the athlete list already matched either form. One clip of that name: it is that clip."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video, out = blank_video(tmp_path / _NFD, int(3.5 * 30), 30), tmp_path / "out"
    result = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q", "--capture-fps", f"{_NFC}=60")
    assert result.exit_code != 2, result.output  # not a usage error
    assert "With --capture-fps" in result.output  # the clip is measured at 60 (refused here: too fast a fall)
    refusal = json.loads((out / f"{_NFD.removesuffix('.mp4')}.cmj.refusal.json").read_text())
    assert refusal["request"]["capture_fps"] == 60


def test_a_capture_rate_naming_two_clips_whose_names_differ_only_in_form_is_still_the_exact_one(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Held with the fix: two recordings whose names differ only in Unicode form are two clips; the rate typed
    exactly as one of them is that one's alone."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    (tmp_path / "mac").mkdir()
    (tmp_path / "linux").mkdir()
    decomposed = blank_video(tmp_path / "mac" / _NFD, int(3.5 * 30), 30)
    composed = blank_video(tmp_path / "linux" / _NFC, int(3.5 * 30) + 1, 30)
    result = _kinemotion("cmj", decomposed, composed, "-b", cmj_backend, "-q", "-j", "1", "--capture-fps", f"{_NFC}=60")
    assert result.exit_code == 3, result.output  # the composed one refused at 60, the decomposed one measured
    assert (tmp_path / "mac" / f"{_NFD.removesuffix('.mp4')}.cmj.json").is_file()
    assert (tmp_path / "linux" / f"{_NFC.removesuffix('.mp4')}.cmj.refusal.json").is_file()


@pytest.mark.parametrize(
    ("declared", "fix"), [(1, '"1.0"'), (2, '"2.0"'), ("1", '"1.0"'), (" 1 ", '"1.0"'), ("v1", '"1.0"')]
)
def test_a_contract_version_written_as_a_whole_number_is_refused_with_a_fix_that_works(
    declared: object, fix: str
) -> None:
    """``contract_version = 1`` (a number, or the text "1") was refused with the fix ``write it in quotes,
    contract_version = "1"``, itself refused: the fix names the version as MAJOR.MINOR."""
    from kinemotion.pose.contract import plugin_problems
    from tests.core.fakes import FakePlugin

    plugin = FakePlugin("zz-whole")
    plugin.contract_version = declared  # type: ignore[attr-defined]
    (problem,) = plugin_problems(plugin)
    assert f"contract_version = {fix}" in problem, problem
    fixed = FakePlugin("zz-whole")
    fixed.contract_version = json.loads(fix)  # type: ignore[attr-defined]
    assert plugin_problems(fixed) == [] or "2.0" in fix  # the fix given works (2.0: a newer major, refused as such)


def test_a_landmark_json_whose_video_size_was_cut_out_by_hand_does_not_say_the_video_changed(
    tmp_path: Path, cmj_backend: str
) -> None:
    """A landmark JSON edited by hand (``video.size_bytes`` set to null, its digest kept) said of the very file it
    was tracked from "which has changed since (its content differs)": its content is the digest's."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    landmarks = tmp_path / "clip.landmarks.json"
    assert _kinemotion("track", video, "-b", cmj_backend, "-o", landmarks, "-q").exit_code == 0
    data = json.loads(landmarks.read_text())
    data["video"]["size_bytes"] = None
    landmarks.write_text(json.dumps(data))
    result = _kinemotion("cmj", landmarks, "-o", tmp_path / "out/", "-q")
    assert result.exit_code == 0, result.output
    assert "changed since" not in result.output

    video.write_bytes(video.read_bytes()[:-1])  # now another file: said so
    assert "which has changed since" in _kinemotion("cmj", landmarks, "-o", tmp_path / "out/", "-q").output


def test_a_plugin_whose_shares_models_raises_tracks_its_batch_in_worker_processes_with_a_warning(
    tmp_path: Path, registered: list[str]
) -> None:
    """``track a.mp4 b.mp4 -j 2`` with a plugin whose ``shares_models`` (contract 1.4) is a property that raises
    (it asks its runtime whether a GPU is there, and that fails): a bare traceback of the plugin's error before any
    video. Reading it is the plugin's bug: said once, naming the backend and the rule, and the batch goes on
    without streams."""
    import kinemotion
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round6 import _kinemotion

    class Asking(FakePlugin):
        @property
        def shares_models(self) -> bool:
            raise RuntimeError("no GPU runtime")

    kinemotion.register_backend(Asking("zz-asking", priority=-1))
    registered.append("zz-asking")
    videos = [blank_video(tmp_path / f"v{i}.mp4", 4, 30) for i in range(2)]
    result = _kinemotion("track", *videos, "-b", "zz-asking", "-o", f"{tmp_path / 'out'}/", "-q", "-j", "2")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "'zz-asking'" in result.output and "shares_models raised RuntimeError: no GPU runtime" in result.output
    assert "[contract rule tracker.streams, since 1.4]" in result.output
    from kinemotion.batch.shared import may_share_models

    assert may_share_models("zz-asking") is False  # worker processes, not one process's shared streams


def test_an_athlete_list_naming_one_clip_twice_as_dot_slash_and_by_name_is_refused_not_read_for_one(
    tmp_path: Path, cmj_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An athlete list made with ``find . -name '*.mp4'`` names ``./clip.mp4``; a row added by hand names
    ``clip.mp4``, another athlete at another height. Both name the one clip, but the list was read as naming two
    videos: the clip was measured at the first row's height whether given as ``clip.mp4`` or ``./clip.mp4``, the
    other row silently unused. It is the list's "names two athletes for clip.mp4", as for two rows alike."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete,height_m\n./clip.mp4,Ana,1.62\nclip.mp4,Bea,1.80\n")
    monkeypatch.chdir(tmp_path)
    result = _kinemotion("cmj", "clip.mp4", "-b", cmj_backend, "--athlete", athletes, "-o", "out/", "-q")
    assert result.exit_code == 1, result.output
    assert "the athlete list names two athletes for clip.mp4: 'Ana' and 'Bea'" in result.output
    assert not (tmp_path / "out").exists()


def test_an_output_folder_replaced_by_a_file_during_the_run_is_said_to_be_a_file(
    tmp_path: Path, registered: list[str]
) -> None:
    """The output folder removed while the video is tracked and a file saved under its name (a sync tool, another
    program): "cannot write out/v.landmarks.json: File exists", the reason of a mkdir the user never asked for.
    It is said as the check before the work says it: out is a file, not a folder."""
    import shutil

    import kinemotion
    from tests.core.fakes import FakePlugin, FakeTracker
    from tests.integration.test_hostile_input_round6 import _kinemotion

    out = tmp_path / "out"

    class Replacing(FakeTracker):
        def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
            if len(self.timestamps) == 2 and out.is_dir():
                shutil.rmtree(out)
                out.write_text("not a folder")
            return super().process_frame(frame, timestamp_ms)

    kinemotion.register_backend(FakePlugin("zz-replacing-folder", priority=-1, tracker=Replacing))
    registered.append("zz-replacing-folder")
    out.mkdir()
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    result = _kinemotion("track", video, "-b", "zz-replacing-folder", "-o", f"{out}/", "-q")
    assert result.exit_code == 1, result.output
    assert f"cannot write {out / 'v.landmarks.json'}: {out} is a file, not a folder" in result.output
    assert "File exists" not in result.output
    assert out.read_text() == "not a folder"


def test_an_athlete_list_row_naming_a_landmark_json_names_its_athlete_where_its_height_is_used(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj out/clip.landmarks.json --athlete list.csv`` with a row naming the file given (``clip.landmarks.json,
    Bea,1.90``): the clip was measured at Bea's height, but the table's athlete cell was empty and the page named
    the clip by its file name, and `kinemotion report --athlete` said the row named no report: the list applied
    by half. The report's landmark file names its athlete as its height."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    landmarks = tmp_path / "clip.landmarks.json"
    assert _kinemotion("track", video, "-b", cmj_backend, "-o", landmarks, "-q").exit_code == 0
    athletes = tmp_path / "athletes.csv"
    athletes.write_text("video,athlete,height_m\nclip.landmarks.json,Bea,1.90\n")
    out = tmp_path / "out"
    result = _kinemotion("cmj", landmarks, "--athlete", athletes, "-o", f"{out}/", "--report", f"{out}/", "-q")
    assert result.exit_code == 0, result.output
    assert json.loads((out / "clip.landmarks.cmj.json").read_text())["athlete_height_m"] == 1.9
    (row,) = (out / "cmj-jumps.csv").read_text().splitlines()[1:]
    assert row.startswith("Bea,"), row
    assert ">Bea <span" in (out / "session.html").read_text()
    again = _kinemotion("report", out, "--athlete", athletes, "-o", tmp_path / "page.html")
    assert again.exit_code == 0, again.output
    assert "none of these reports" not in again.output and ">Bea <span" in (tmp_path / "page.html").read_text()
