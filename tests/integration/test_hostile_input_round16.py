"""Hostile input, round 16: what a sixteenth outside attack (runs killed between two files, plugins named as a
command-line word, files planted at an output's path, a clip's name in both Unicode forms, damaged inputs and
plugins that misbehave) found still broken.

Each test reproduces what a user or a plugin author could do and checks for one clear error naming the file,
frame or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import kinemotion
from kinemotion import LandmarkDict
from kinemotion.pose.registry import default_registry
from tests.core.distributions import on_sys_path, plugin_module, write_distribution
from tests.core.fakes import FakePlugin, FakeTracker
from tests.integration.test_hostile_input_round6 import _kinemotion
from tests.jump.physics_backend import blank_video

_ROOT = Path(__file__).resolve().parents[2]

# --- a run killed between the plot and the report ---------------------------------------------------------------------

_KILLED_WRITING_THE_REPORT = textwrap.dedent(
    """
    import os, signal, sys

    import numpy as np

    import kinemotion
    import kinemotion.jump.report as report
    from kinemotion.cli.main import cli
    from tests.jump.physics import cmj_motion, landmarks
    from tests.jump.physics_backend import SeriesPlugin

    t = np.arange(0, 3.5, 1 / 30)
    series = landmarks(t, cmj_motion(t, 0.4), noise=0.001, drop_every=17, seed=3)
    kinemotion.register_backend(SeriesPlugin("zz-cmj", t, series))
    report.write_report_json = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)  # killed as it writes it
    cli(sys.argv[1:])
    """
)


def test_a_run_killed_as_it_writes_the_report_leaves_no_plot_or_overlay_without_it(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj clip.mp4 -o out/ --plot out/ --overlay out/`` killed outright (``kill -9``, the out-of-memory killer)
    once the plot and overlay are made, as the report is written. Before: ``out/clip.cmj.png`` and
    ``clip.cmj.mp4`` were left with no report beside them, looking like this run's results (the overlay takes
    seconds to encode: a kill then left the plot alone). Now they are renamed into place with the report; the
    next run removes their hidden temporary files."""
    video, out = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30), tmp_path / "out"
    script = tmp_path / "killed.py"
    script.write_text(_KILLED_WRITING_THE_REPORT, encoding="utf-8")
    args = ["cmj", video, "-b", "zz-cmj", "-o", f"{out}/", "--plot", f"{out}/", "--overlay", f"{out}/", "-q"]
    done = subprocess.run(
        [sys.executable, script, *map(str, args)],
        env={**os.environ, "PYTHONPATH": str(_ROOT)},
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert not [p.name for p in out.iterdir() if not p.name.startswith(".")]
    again = _kinemotion(*(cmj_backend if a == "zz-cmj" else a for a in args))
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.iterdir()) == [
        "clip.cmj.json",
        "clip.cmj.mp4",
        "clip.cmj.png",
        "clip.landmarks.json",  # its landmarks, kept with the report (written with it: none after the kill)
        "cmj-jumps.csv",
    ]


def test_the_temporary_file_of_a_staged_plot_a_killed_run_left_is_removed_with_it(tmp_path: Path) -> None:
    """A run killed while matplotlib wrote the plot staged under a temporary name leaves two hidden files: the
    staged one and matplotlib's own temporary file of it. Before the staging there was one level; the next run
    writing the plot removes both (its writer is gone)."""
    from kinemotion.tracking.atomic import remove_abandoned

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    writer = f"{gone.stdout.strip()}@{__import__('socket').gethostname()}"
    staged = tmp_path / f".clip.cmj.{writer}.abcd1234.partial.png"
    inner = tmp_path / f".{staged.stem}.{writer}.efgh5678.partial.png"
    for path in (staged, inner):
        path.write_bytes(b"")
    assert sorted(remove_abandoned(tmp_path / "clip.cmj.png")) == sorted([staged, inner])
    assert not list(tmp_path.iterdir())


# --- a backend named `all` --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["all", "ALL", " All "])
def test_register_backend_refuses_the_name_bench_takes_for_every_backend(name: str) -> None:
    """``register_backend`` of a plugin named ``all``. Before: registered; then ``kinemotion bench -b all`` timed
    every backend (never it alone) while ``-b ALL`` timed it alone, and the table could not tell which."""
    with pytest.raises(TypeError, match=r"is the word for every backend .*bench --backend all.*choose another"):
        kinemotion.register_backend(FakePlugin(name))
    assert "all" not in {i.name for i in kinemotion.list_backends()}


def test_an_installed_plugin_named_all_still_loads_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A published plugin named ``all`` keeps loading (the contract is a promise), warned about with the fix."""
    site = tmp_path / "site"
    write_distribution(site, "acme-all", "1.0", {"all": "acme_all:Plugin"}, {"acme_all": plugin_module("all")})
    with on_sys_path(site), caplog.at_level(logging.WARNING):
        default_registry().refresh()
        try:
            names = {i.name for i in kinemotion.list_backends()}
        finally:
            default_registry().refresh()
    assert "all" in names
    assert "'all' is the word for every backend" in caplog.text
    assert "bench times it only with every backend" in caplog.text


@pytest.mark.parametrize("word", ["ALL", " all"])
def test_bench_takes_all_in_any_case_as_every_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: str, word: str
) -> None:
    """``kinemotion bench clip.mp4 -b ALL`` (names are case-insensitive: ``-b MediaPipe`` is mediapipe). Before:
    "Unknown backend 'ALL'" (exit 2), or the plugin named ``all`` alone where one was installed."""
    monkeypatch.setenv("KINEMOTION_DISABLED_BACKENDS", "mediapipe,rtmpose-cpu,rtmpose-openvino,rtmpose-cuda")
    video = blank_video(tmp_path / "clip.mp4", 20, 30)
    done = _kinemotion("bench", video, "-b", word, "--frames", "4", "--json")
    assert done.exit_code == 0, done.output
    assert fake in {r["backend"] for r in json.loads(done.output)["results"]}


# --- a large file planted at an output's path -------------------------------------------------------------------------

_WITH_A_FAKE_BACKEND = textwrap.dedent(
    """
    import sys

    import kinemotion
    from kinemotion.cli.main import cli
    from tests.core.fakes import FakePlugin

    kinemotion.register_backend(FakePlugin("zz-fake", priority=-1))
    try:
        cli(sys.argv[1:])
    finally:  # how many bytes this process read from files (Linux), last on stderr
        with open("/proc/self/io", encoding="ascii") as io:
            print(next(line for line in io if line.startswith("rchar:")), file=sys.stderr)
    """
)


def _in_a_process(tmp_path: Path, *args: object) -> subprocess.CompletedProcess[str]:
    """``kinemotion ARGS`` in a process of its own, with the ``zz-fake`` backend registered; the last line of its
    stderr says how many bytes it read (``rchar: N``, from Linux's ``/proc/self/io``)."""
    script = tmp_path / "with_fake.py"
    script.write_text(_WITH_A_FAKE_BACKEND, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    return subprocess.run(
        [sys.executable, script, *map(str, args)], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="counts the bytes read from Linux's /proc/self/io")
def test_a_large_file_planted_at_the_landmarks_path_is_not_read_whole_to_see_if_it_is_done(tmp_path: Path) -> None:
    """``out/clip.landmarks.json`` is a 2 GB file that is no JSON (a recording copied over it, a disk image; here
    sparse), with a CSV beside it. Before: ``track clip.mp4 -o out/`` read it whole to see whether the video was
    done (15 s and 4.2 GB of memory here; one larger than the memory free killed the run). Now a file that does
    not open as JSON is read no further than its start, and replaced."""
    video, out = blank_video(tmp_path / "clip.mp4", 20, 30), tmp_path / "out"
    out.mkdir()
    with open(out / "clip.landmarks.json", "wb") as fh:
        fh.truncate(2 << 30)
    (out / "clip.landmarks.csv").write_text("frame\n", encoding="utf-8")
    done = _in_a_process(tmp_path, "track", video, "-b", "zz-fake", "-o", f"{out}/", "-q")
    assert done.returncode == 0, done.stderr
    assert int(done.stderr.split()[-1]) < 200 << 20  # bytes read: far less than the 2 GB planted
    assert (out / "clip.landmarks.json").stat().st_size < 1 << 20


# --- one clip named in both Unicode forms -----------------------------------------------------------------------------

_DECOMPOSED, _COMPOSED = unicodedata.normalize("NFD", "Jérôme.mp4"), unicodedata.normalize("NFC", "Jérôme.mp4")


def test_a_clip_analysed_again_under_its_name_s_other_unicode_form_leaves_one_report(
    tmp_path: Path, cmj_backend: str
) -> None:
    """ "Jérôme.mp4" named on a Mac (the accents apart: NFD) and analysed into ``out/``, then composed (NFC) by a
    copy, and analysed again with ``--height``. Before: ``out/`` held both reports, the earlier (no height) shown
    beside the new one by ``kinemotion report out`` as another result ("Jérôme.mp4 is in 2 cmj reports"), and the
    run warned that the table and page dropped a video "not in this run" whose report was still there."""
    clips, out = tmp_path / "clips", tmp_path / "out"
    clips.mkdir()
    video = blank_video(clips / _DECOMPOSED, int(3.5 * 30), 30)
    page = tmp_path / "s.html"
    assert _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "--report", page, "-q").exit_code == 0
    video = video.rename(clips / _COMPOSED)
    again = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "--report", page, "--height", "1.8")
    assert again.exit_code == 0, again.output
    assert "not in this run" not in again.output
    # one report; the landmarks kept under each form of the name are landmarks, no result (never shown, and the
    # report records the ones it was written with)
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".landmarks.json")) == sorted(
        [_COMPOSED.replace(".mp4", ".cmj.json"), "cmj-jumps.csv"]
    )
    assert json.loads((out / _COMPOSED.replace(".mp4", ".cmj.json")).read_text())["athlete_height_m"] == 1.8
    made = _kinemotion("report", out, "-o", page)
    assert made.exit_code == 0 and "in 2 cmj reports" not in made.output, made.output


def test_two_clips_whose_names_differ_only_in_unicode_form_keep_a_report_each(tmp_path: Path, cmj_backend: str) -> None:
    """Where both forms are there as files of their own (Linux), each is its own clip: neither report is set
    aside when the other is analysed."""
    clips, out = tmp_path / "clips", tmp_path / "out"
    clips.mkdir()
    for name in (_DECOMPOSED, _COMPOSED):
        video = blank_video(clips / name, int(3.5 * 30), 30)
        assert _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q").exit_code == 0
    assert {p.name for p in out.glob("*.cmj.json")} == {
        n.replace(".mp4", ".cmj.json") for n in (_DECOMPOSED, _COMPOSED)
    }


# --- a landmark JSON edited by hand -----------------------------------------------------------------------------------


def _edited_landmarks(tmp_path: Path, backend: str, edit: Callable[[dict[str, Any]], None]) -> Path:
    """The landmarks ``kinemotion track`` wrote of a clip, edited by ``edit``, as ``edited.landmarks.json``."""
    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    tracked = tmp_path / "clip.landmarks.json"
    assert _kinemotion("track", video, "-b", backend, "-o", tracked, "-q").exit_code == 0
    data = json.loads(tracked.read_text(encoding="utf-8"))
    edit(data)
    edited = tmp_path / "edited.landmarks.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    return edited


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        inner: Any = data
        for key in path[:-1]:
            inner = inner[key]
        inner[path[-1]] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (_set(("frames", 4, "timestamp_ms"), 10**400), "frame 4: timestamp_ms is 1000000000"),
        (_set(("frames", 4, "landmarks", "nose"), [0.5, 10**400, 0.9]), "frame 4: landmark 'nose' is [0.5, 1000"),
        (_set(("video", "path"), "clip\x00.mp4"), "video.path is 'clip\\x00.mp4', not a text (a path: no NUL"),
        (_set(("frames", 0, "timestamp_ms"), -1e9), "frame 0 is at -1e+09 ms, before the video starts (0 ms)"),
    ],
    ids=["a-time-beyond-any-float", "a-landmark-beyond-any-float", "a-nul-in-the-video-path", "a-time-before-0"],
)
def test_a_landmark_json_edited_beyond_what_kinemotion_writes_is_named_not_a_traceback_or_a_frame_rate(
    tmp_path: Path, cmj_backend: str, edit: Callable[[dict[str, Any]], None], said: str
) -> None:
    """A landmark JSON whose frame time or landmark is a whole number of 400 digits (another program's
    output, an edit), whose video path holds a NUL, or whose first frame is at -1e9 ms. Before: a bare
    ``OverflowError: int too large to convert to float`` or ``ValueError: embedded null byte`` traceback; the time
    before 0 was refused as "The frame rate is too low (0.0 frames/s)", with a refusal record saying so. Now each
    is named as the file's problem, with the fix."""
    edited = _edited_landmarks(tmp_path, cmj_backend, edit)
    done = _kinemotion("cmj", edited, "-o", f"{tmp_path}/out/")
    assert done.exit_code == 1, done.output
    assert f"Error: {edited}: not a landmark JSON that kinemotion can read" in done.output
    assert said in done.output and "Track the video again" in done.output
    assert not isinstance(done.exception, OverflowError | ValueError)
    assert not list((tmp_path / "out").glob("*.refusal.json"))


# --- a jump report holding a number no float holds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "said"),
    [
        (("jumps", 0, "metrics", "flight_time_s"), "jumps[0].metrics.flight_time_s is not a number or null"),
        (("jumps", 0, "phases_s", "takeoff"), "jumps[0].phases_s.takeoff is not a time in seconds"),
        (("athlete_height_m",), "athlete_height_m is not a number or null"),
        (("series", "time_s", 3), "series.time_s is not a list of numbers (or nulls)"),
    ],
    ids=["metric", "phase", "height", "series"],
)
def test_a_jump_report_holding_a_number_no_float_holds_is_named_as_damaged(
    tmp_path: Path, one_report: Path, path: tuple[str | int, ...], said: str
) -> None:
    """A jump report whose flight time, phase time, height or chart series was written as a whole number of 400
    digits (another program's output, an edit). Before: ``kinemotion report`` ended in a bare ``OverflowError: int
    too large to convert to float`` traceback (the page, its charts); now the report is named as damaged, with
    the field and the fix."""
    report = one_report / "clip01.cmj.json"
    data = json.loads(report.read_text(encoding="utf-8"))
    _set(path, 10**400)(data)
    report.write_text(json.dumps(data), encoding="utf-8")
    done = _kinemotion("report", one_report, "-o", tmp_path / "s.html")
    assert done.exit_code == 1, done.output
    assert f"{report}: an incomplete or damaged jump report: {said}" in done.output
    assert not isinstance(done.exception, OverflowError)


# --- the Python API given the wrong thing -----------------------------------------------------------------------------


def test_unregister_backend_given_an_installed_plugin_s_name_says_it_removes_nothing() -> None:
    """``kinemotion.unregister_backend("mediapipe")`` to keep a script's runs off MediaPipe. Before: nothing
    happened, silently, and auto still picked it; now it says that only in-process registrations are removed, and
    how to keep a run from an installed backend. A name neither registered nor installed still passes (a
    teardown's)."""
    with pytest.raises(
        ValueError, match=r"'mediapipe' is an installed plugin .*KINEMOTION_DISABLED_BACKENDS=mediapipe"
    ):
        kinemotion.unregister_backend("MediaPipe")
    assert "mediapipe" in {i.name for i in kinemotion.list_backends()}
    kinemotion.unregister_backend("zz-never-registered")


def test_unregister_backend_removes_an_in_process_replacement_of_an_installed_plugin(registered: list[str]) -> None:
    kinemotion.register_backend(FakePlugin("mediapipe", priority=-1), replace=True)
    kinemotion.unregister_backend("mediapipe")
    assert next(i for i in kinemotion.list_backends() if i.name == "mediapipe").distribution != "<in-process>"


@pytest.mark.parametrize("given", ["clip.landmarks.json", {"frames": []}, None])
def test_to_json_dict_given_something_else_than_a_tracking_says_what_it_takes(given: object) -> None:
    """``to_json_dict(path)`` or of a dict read from the file. Before: ``AttributeError: 'str' object has no
    attribute 'frame_count'``."""
    from kinemotion.tracking import to_json_dict

    with pytest.raises(TypeError, match=r"to_json_dict takes a TrackingResult \(what track_video or read_json"):
        to_json_dict(given)  # type: ignore[arg-type]


def test_render_session_given_a_folder_says_to_read_it(tmp_path: Path) -> None:
    """``render_session(folder)`` (as ``build_report`` is told already). Before: ``AttributeError: 'PosixPath'
    object has no attribute 'entries'``."""
    from kinemotion.report_html import render_session

    with pytest.raises(TypeError, match=r"expected a Session .*render_session\(read_session\("):
        render_session(tmp_path)  # type: ignore[arg-type]


# --- a plugin leaking a BaseException that is no Exception ------------------------------------------------------------


class _Leaking(FakeTracker):
    """A tracker whose ``process_frame`` leaks what its own asyncio or generator code raised."""

    leaked: BaseException = asyncio.CancelledError()

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        raise self.leaked


@pytest.mark.parametrize("leaked", [asyncio.CancelledError(), GeneratorExit()], ids=["cancelled", "generator-exit"])
def test_a_backend_leaking_cancelled_error_from_process_frame_is_named_not_a_traceback(
    tmp_path: Path, registered: list[str], leaked: BaseException
) -> None:
    """A plugin that calls an inference server through asyncio, whose timeout leaks ``asyncio.CancelledError`` (a
    BaseException since Python 3.8) out of ``process_frame``; or a ``GeneratorExit``. Before: the batch ended in a
    bare traceback, no failure said. Now the backend, the frame and the video are named, as for any error of the
    backend's."""
    tracker = type("Leaking", (_Leaking,), {"leaked": leaked})
    registered.append(kinemotion.register_backend(FakePlugin("zz-leaking", priority=-1, tracker=tracker)))
    video = blank_video(tmp_path / "clip.mp4", 10, 30)
    done = _kinemotion("track", video, "-b", "zz-leaking", "-o", f"{tmp_path}/out/")
    assert done.exit_code == 1, done.output
    said = f"backend 'zz-leaking' failed on frame 0 of {video}: {type(leaked).__name__} (a BaseException"
    assert said in done.output and "Try another backend" in done.output
    assert isinstance(done.exception, SystemExit)  # the command's own exit, not the leaked exception


def test_a_backend_whose_create_leaks_cancelled_error_is_named(tmp_path: Path, registered: list[str]) -> None:
    registered.append(kinemotion.register_backend(FakePlugin("zz-leaking", create_error=asyncio.CancelledError())))
    video = blank_video(tmp_path / "clip.mp4", 10, 30)
    done = _kinemotion("track", video, "-b", "zz-leaking", "-o", f"{tmp_path}/out/")
    assert done.exit_code == 1, done.output
    assert (
        "Backend 'zz-leaking' failed to create a 'lightweight' tracker: CancelledError (a BaseException" in done.output
    )
    assert isinstance(done.exception, SystemExit)


def test_an_error_without_a_message_is_named_by_its_kind_alone(tmp_path: Path, registered: list[str]) -> None:
    """``raise MemoryError()`` in ``process_frame``. Before: "...: MemoryError: . Try another backend"."""
    tracker = type("Leaking", (_Leaking,), {"leaked": MemoryError()})
    registered.append(kinemotion.register_backend(FakePlugin("zz-leaking", priority=-1, tracker=tracker)))
    video = blank_video(tmp_path / "clip.mp4", 10, 30)
    done = _kinemotion("track", video, "-b", "zz-leaking", "-o", f"{tmp_path}/out/")
    assert f"failed on frame 0 of {video}: MemoryError. Try another backend" in done.output, done.output


# --- an output named as kinemotion names another kind of file ---------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "name", "instead"),
    [
        ("dropjump", "clip.cmj.json", "clip.dropjump.json"),
        ("cmj", "clip.dropjump.json", "clip.cmj.json"),
        ("cmj", "clip.landmarks.json", "clip.cmj.json"),
        ("cmj", "clip.cmj.refusal.json", "clip.cmj.json"),
        ("track", "clip.cmj.json", "clip.landmarks.json"),
        ("track", "clip.refusal.json", "clip.landmarks.json"),
    ],
)
def test_an_output_named_as_kinemotion_names_another_kind_of_file_is_refused_with_the_name_to_give(
    tmp_path: Path, cmj_backend: str, command: str, name: str, instead: str
) -> None:
    """``kinemotion dropjump clip.mp4 -o clip.cmj.json`` (the cmj command edited into a dropjump one), or
    ``track clip.mp4 -o clip.cmj.json``. Before: written (exit 0), a dropjump report or landmarks under a cmj
    report's name, which ``kinemotion report`` then took for one ("not a kinemotion jump report"), a refusal
    record's name taken for a record; the earlier cmj report there was set aside. Now refused before any work,
    naming the name to give."""
    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    done = _kinemotion(command, video, "-b", cmj_backend, "-o", tmp_path / name)
    assert done.exit_code == 1, done.output
    assert f"as {tmp_path / name}: a ." in done.output and f"name it {tmp_path / instead}" in done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4"]


@pytest.mark.parametrize("given", ["mediapipe", Path("acme_pose/__init__.py")], ids=["name", "path"])
def test_the_conformance_kit_given_a_backend_s_name_says_to_pass_the_plugin(given: object) -> None:
    """``check_plugin("acme-pose")`` (the name the plugin is chosen by). Before: a report failing the plugin on
    every attribute a str lacks (`name`, `priority`, `modes`, `probe`, `create`), as if the plugin were broken;
    the caller's mistake is a ValueError, as a wrong ``person_frame`` is."""
    from kinemotion.testing import check_plugin

    with pytest.raises(ValueError, match=r"check_plugin takes the plugin itself .*import it and pass it"):
        check_plugin(given)  # type: ignore[arg-type]


# --- kinemotion's own overlays caught by a pattern --------------------------------------------------------------------


def test_the_overlays_written_beside_the_clips_are_not_analysed_as_clips_by_the_next_run(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj clips/*.mp4 --overlay clips/ -o out/``, then ``cmj clips/*.mp4 -o out/`` again (the pattern now
    catches ``a.cmj.mp4``). Before: each annotated copy was analysed as a recording of its own (a pose backend
    sees the athlete in it too), its jumps listed beside the clip's in the table and on the page: 2 jumps became
    4. Now a video named as the overlay of another one given is left out, saying so."""
    clips, out = tmp_path / "clips", tmp_path / "out"
    clips.mkdir()
    for name in ("a.mp4", "b.mp4"):
        blank_video(clips / name, int(3.5 * 30), 30)
    first = _kinemotion("cmj", *sorted(clips.glob("*.mp4")), "-b", cmj_backend, "--overlay", clips, "-o", out, "-q")
    assert first.exit_code == 0, first.output
    assert {p.name for p in clips.glob("*.mp4")} == {"a.mp4", "b.mp4", "a.cmj.mp4", "b.cmj.mp4"}
    again = _kinemotion("cmj", *sorted(clips.glob("*.mp4")), "-b", cmj_backend, "-o", out, "-q")
    assert again.exit_code == 0, again.output
    said = f"{clips / 'a.cmj.mp4'}: named as the overlay kinemotion draws of {clips / 'a.mp4'} (given too), so left out"
    assert said in again.output
    assert sorted(p.name for p in out.glob("*.cmj.json")) == ["a.cmj.json", "b.cmj.json"]
    assert len((out / "cmj-jumps.csv").read_text(encoding="utf-8").splitlines()) == 3  # the header and 2 jumps


def test_an_overlay_given_alone_is_still_analysed(tmp_path: Path, cmj_backend: str) -> None:
    video = blank_video(tmp_path / "a.cmj.mp4", int(3.5 * 30), 30)
    blank_video(tmp_path / "a.mp4", int(3.5 * 30), 30)
    done = _kinemotion("cmj", video, "-b", cmj_backend, "-o", tmp_path / "out.cmj.json", "-q")
    assert done.exit_code == 0 and (tmp_path / "out.cmj.json").is_file(), done.output


@pytest.mark.parametrize("given", [[5], [None], 5, [b"out"]], ids=["int", "none", "int-alone", "bytes"])
def test_read_session_given_something_else_than_paths_names_it(given: object) -> None:
    """``read_session([5])`` or of ``[None]`` (an unset variable). Before: pathlib's "expected str, bytes or
    os.PathLike object, not int", naming neither the function nor what it takes."""
    from kinemotion.report_html import read_session

    with pytest.raises(TypeError, match=r"each of read_session's inputs \(a report or a folder of them\) must be one"):
        read_session(given)  # type: ignore[arg-type]


@pytest.mark.parametrize("which", ["html", "pdf"])
def test_write_pdf_given_none_for_a_path_names_which(tmp_path: Path, which: str) -> None:
    from kinemotion.report_html import write_pdf

    page, pdf = (None, tmp_path / "s.pdf") if which == "html" else (tmp_path / "s.html", None)
    with pytest.raises(
        TypeError, match=r"write_pdf's (page|PDF).* must be one path \(str or pathlib.Path\), got NoneType"
    ):
        write_pdf(page, pdf)  # type: ignore[arg-type]
