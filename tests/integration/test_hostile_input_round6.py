"""Hostile input, round 6: what a sixth outside attack found still broken, each once a stale result, a traceback
or an unclear message, most of them around the newest surface: a landmark JSON (``kinemotion track``'s) given
to ``kinemotion cmj`` / ``dropjump`` in place of its video.

Each test reproduces what a careless user, a hand edit or a misbehaving plugin could do and checks for one
clear error naming the file, frame, option or backend, or for the right answer.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.errors import TrackingFileError
from kinemotion.jump.schema import JUMP_SCHEMA_PATH
from kinemotion.tracking import read_json
from tests.integration.processes import kill_once_marked, still_running_after
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
    jsonschema.validate(json.loads(report.read_text()), json.loads(JUMP_SCHEMA_PATH.read_text()))

    result = _kinemotion("cmj", clip, "-b", high, "-o", report, "-q")
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    assert _flight(report) > low_flight + 0.1  # the video tracked by the high backend, not the edited file
    assert "landmarks_file" not in json.loads(report.read_text())
    result = _kinemotion("cmj", clip, "-b", high, "-o", report, "-q")
    assert "skipped, its report exists" in result.output  # a report of the video itself is reused as before


# --- a landmark JSON edited by hand: one message naming the file and what is wrong --------------------------


def _landmark_json(tmp_path: Path, series: tuple[str, str]) -> dict[str, Any]:
    clip = blank_video(tmp_path / "cmj.mp4", int(3.5 * FPS), FPS)
    data: dict[str, Any] = json.loads(_tracked(clip, series[0], tmp_path / "cmj.json").read_text())
    return data


def _first_pose(data: dict[str, Any]) -> dict[str, Any]:
    pose: dict[str, Any] = next(f for f in data["frames"] if f["landmarks"])
    return pose


def _point(value: list[object]) -> Callable[[dict[str, Any]], None]:
    return lambda d: _first_pose(d)["landmarks"].update(left_ankle=value)


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        # each once analysed as if it were a number (float("0.7"), True as 1.0) or a traceback
        (_point([0.5, "0.7", 0.9]), "landmark 'left_ankle' is [0.5, '0.7', 0.9], not [x, y, visibility]"),
        (_point([0.5, True, 0.9]), "landmark 'left_ankle' is [0.5, True, 0.9], not [x, y, visibility]"),
        (lambda d: _first_pose(d).update(landmarks=[[0.5, 0.5, 0.9]]), "landmarks is list, not an object"),
        (lambda d: d["frames"][10].update(timestamp_ms="333"), "frame 10: timestamp_ms is '333', not a number"),
        (
            lambda d: d["frames"][11].update(timestamp_ms=d["frames"][10]["timestamp_ms"]),
            "its timestamps do not increase: frame 11 is at",
        ),
        (lambda d: d["landmark_names"].append("nose"), "landmark_names names 'nose' more than once"),
        (lambda d: d["video"].update(path=5), "video.path is 5, not a text"),
        (lambda d: d["video"].update(fps=-30), "video.fps is -30, not a number of frames per second"),
        (lambda d: d["backend"].update(name=None), "backend.name is None, not a text"),
        (lambda d: d["backend"].update(options=["person"]), "backend.options is ['person'], not an object of texts"),
        (lambda d: d["backend"].update(foot_timing_bias_s=0.01), "backend.foot_timing_bias_s is 0.01, not [take-off"),
        (lambda d: d.update(error=5), "error is 5, not a text or null"),
    ],
)
def test_a_landmark_json_with_a_value_of_the_wrong_kind_is_refused_naming_it(
    tmp_path: Path, series: tuple[str, str], damage: Callable[[dict[str, Any]], None], says: str
) -> None:
    data = _landmark_json(tmp_path, series)
    damage(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    with pytest.raises(TrackingFileError) as caught:
        read_json(path)
    assert str(path) in str(caught.value) and says in str(caught.value)
    result = _kinemotion("cmj", path, "-o", tmp_path / "r.json")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # not a traceback
    assert says in result.output and not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_or_infinity_in_a_landmark_json_is_said_to_be_no_json_value(
    tmp_path: Path, series: tuple[str, str], constant: str
) -> None:
    """Python's reader takes ``NaN`` (no JSON value): a NaN x with a y and visibility was analysed as a frame
    half without a pose, a NaN timestamp as 'timestamps do not increase'."""
    data = _landmark_json(tmp_path, series)
    _first_pose(data)["landmarks"]["left_ankle"] = [0.5, "@", 0.9]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data).replace('"@"', constant))
    with pytest.raises(TrackingFileError) as caught:
        read_json(path)
    assert f"it holds {constant}, which is no JSON value" in str(caught.value)


def test_a_landmark_json_of_a_newer_layout_says_to_upgrade(tmp_path: Path, series: tuple[str, str]) -> None:
    """Before: 'its schema is ...tracking/2, not ...tracking/1. Track the video again', as for a damaged file."""
    data = _landmark_json(tmp_path, series)
    data["schema"] = "kinemotion.tracking/2"
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data))
    with pytest.raises(TrackingFileError, match=r"made by a newer kinemotion .*`pip install --upgrade kinemotion`"):
        read_json(path)


# --- kinemotion report on a hand-edited report ------------------------------------------------------------


@pytest.mark.parametrize("value", [[1e300, 0.5, 0.9], [0.5, -1e6, 0.9], [0.5, 0.5, 7.0]])
def test_a_pose_far_outside_the_frame_is_a_damaged_report_not_an_opencv_traceback(
    clip: Path, tmp_path: Path, series: tuple[str, str], value: list[float]
) -> None:
    """Before: ``cv2.error: Can't parse 'center'`` (x of 1e300 drawn on the still frame), exit 1 with a traceback."""
    report = tmp_path / "r.json"
    assert _kinemotion("cmj", clip, "-b", series[0], "-o", report, "-q").exit_code == 0
    data = json.loads(report.read_text())
    data["jumps"][0]["poses"]["takeoff"]["landmarks"]["nose"] = value
    report.write_text(json.dumps(data))
    page = tmp_path / "page.html"
    result = _kinemotion("report", report, "-o", page, "-q")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"{report}: an incomplete or damaged jump report: jumps[0].poses.takeoff.landmarks.nose" in result.output
    assert not page.exists()


# --- a plugin whose tracker returns text or true/false for numbers ----------------------------------------


def _track_with(tmp_path: Path, plugin: kinemotion.BackendPlugin) -> Any:
    """``kinemotion track`` of a 10-frame blank video to ``tmp_path/v.json`` with ``plugin`` registered meanwhile."""
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "v.mp4", 10, FPS)
        return _kinemotion("track", video, "-b", plugin.name, "-o", tmp_path / "v.json", "-q")
    finally:
        kinemotion.unregister_backend(plugin.name)


@pytest.mark.parametrize("point", [("0.5", "0.5", "0.9"), (0.5, 0.5, True), (b"0.5", 0.5, 0.9)])
def test_a_backend_returning_text_or_true_for_a_coordinate_is_named_with_the_rule(
    tmp_path: Path, point: tuple[object, ...]
) -> None:
    """Before: float("0.5") and float(True) made numbers of them, and the landmarks were written (exit 0)."""
    from tests.core.fakes import FakePlugin, FakeTracker, standing_person

    class TextTracker(FakeTracker):
        def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> Any:
            return {**standing_person(), "nose": point}

    result = _track_with(tmp_path, FakePlugin("zz-text", priority=-1, tracker=TextTracker))
    assert result.exit_code == 1, result.output
    assert f"backend 'zz-text' returned an impossible value for 'nose' on frame 0: not numbers: {point!r}" in (
        result.output
    )
    assert "contract rule tracker.landmarks" in result.output and not (tmp_path / "v.json").exists()


def test_numpy_scalars_are_still_numbers(tmp_path: Path) -> None:
    """What a backend reading a numpy array returns (np.float32 per coordinate) is tracked as before."""
    from tests.core.fakes import FakePlugin, FakeTracker, standing_person

    class NumpyTracker(FakeTracker):
        def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> Any:
            return {k: tuple(np.float32(c) for c in v) for k, v in standing_person().items()}

    result = _track_with(tmp_path, FakePlugin("zz-numpy", priority=-1, tracker=NumpyTracker))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "v.json").read_text())["frames_with_pose"] == 10


# --- kill -9: the partial files of a run killed outright ---------------------------------------------------


def _killed_while_writing(tmp_path: Path, videos: list[Path], jobs: str) -> tuple[Path, dict[str, str], set[int]]:
    """``kinemotion track VIDEOS --overlay`` with a slow backend, killed with SIGKILL a few frames in; the output
    folder, the environment that finds the backend, and the processes that tracked."""
    from tests.core.distributions import env_with, install_backend
    from tests.integration.test_hostile_input_round4 import SLOW_TRACKER

    site = tmp_path / "site"
    install_backend(site, "zz-slow-frames", SLOW_TRACKER)
    marks = tmp_path / "tracked-by"
    env = env_with(site, KINEMOTION_TEST_WORKERS=str(marks))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kinemotion", "track", *map(str, videos), "-b", "zz-slow-frames", "-q"]
    process = subprocess.Popen([*command, "-j", jobs, "-o", str(out), "--overlay", str(out)], env=env)
    kill_once_marked(process, marks, 3)  # a few frames in
    return out, env, {int(pid) for pid in marks.read_text().split()}


def test_the_hidden_partial_file_of_a_run_killed_outright_is_removed_by_the_next_run(tmp_path: Path) -> None:
    """Before: ``.clip.overlay.XXXX.partial.mp4`` stayed beside the overlay for good (each killed run added one)."""
    video = blank_video(tmp_path / "clip.mp4", 40, FPS)
    out, env, _ = _killed_while_writing(tmp_path, [video], "1")
    left = [p.name for p in out.iterdir()]
    assert len(left) == 1 and left[0].startswith(".clip.overlay.") and ".partial" in left[0], left  # never complete
    # another writer of the same folder, still running, keeps its file
    running = out / f".clip.overlay.{os.getpid()}@{socket.gethostname()}.abcdefgh.partial.mp4"
    running.write_bytes(b"being written")
    again = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", str(video), "-b", "zz-slow-frames", "-q", "-o", str(out),
         "--overlay", str(out), "--force"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [running.name, "clip.landmarks.json", "clip.landmarks.csv", "clip.overlay.mp4"]
    )


def test_a_worker_of_a_batch_killed_outright_stops_and_writes_nothing(tmp_path: Path) -> None:
    """Before: the ``-j 2`` worker process, orphaned by ``kill -9`` of the command, tracked its video to the end
    and wrote its overlay for a run that was over."""
    videos = [blank_video(tmp_path / f"v{i}.mp4", 40, FPS) for i in range(2)]
    out, _, trackers = _killed_while_writing(tmp_path, videos, "2")
    left = still_running_after(trackers, 30)
    assert not left, f"worker processes left running: {left} of {trackers}"
    time.sleep(1)
    assert not [p.name for p in out.iterdir() if ".partial" not in p.name], list(out.iterdir())


# --- the command line and a landmark JSON -------------------------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--overlay"])
def test_an_output_naming_the_landmark_file_read_says_it_is_the_input(
    clip: Path, tmp_path: Path, series: tuple[str, str], option: str
) -> None:
    """Before: 'lm.json is given as an input, but it is where lm.json's output goes (an earlier run's output,
    caught by a wildcard such as ./*?): give only the videos (e.g. ./*.json)'."""
    landmarks_file = _tracked(clip, series[0], tmp_path / "lm.json")
    before = landmarks_file.read_bytes()
    args = ["-o", tmp_path / "r.json"] if option != "-o" else []
    result = _kinemotion("cmj", landmarks_file, option, landmarks_file, *args)
    assert result.exit_code == 1, result.output
    assert f"refusing to write {landmarks_file}: it is the landmark file {landmarks_file} given as the input" in (
        result.output
    )
    assert "wildcard" not in result.output and landmarks_file.read_bytes() == before


def test_tracking_options_a_landmark_file_was_not_tracked_with_are_said_to_be_ignored(
    clip: Path, tmp_path: Path, series: tuple[str, str]
) -> None:
    """Before: ``cmj lm.json clip.mp4 -b zz-low`` silently mixed the file's backend with the one asked for in one
    table, and ``--person center`` on a file tracked with the largest person said nothing."""
    high, low = series
    landmarks_file = _tracked(clip, high, tmp_path / "lm.json")
    out = tmp_path / "out"
    result = _kinemotion("cmj", landmarks_file, clip, "-b", low, "--person", "center", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    warning = (
        f"Warning: {landmarks_file} was tracked with backend 'zz-high', not 'zz-low', person 'largest', not 'center': "
        "a landmark JSON is analysed as it was tracked"
    )
    assert warning in result.output and result.output.count("Warning") == 1
    result = _kinemotion("cmj", landmarks_file, "-b", high, "-o", tmp_path / "same.json", "-q")
    assert result.exit_code == 0 and "Warning" not in result.output  # tracked as asked: nothing to say


# --- bench: a usage error exits 2 as in every other command ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-b", "nope"], "Invalid value for --backend: Unknown backend 'nope'"),
        (["-b", "zz-high", "-b", "nope"], "Invalid value for --backend: Unknown backend 'nope'"),
        (["-b", "zz-high", "--mode", "turbo"], "Invalid value for --mode: backend 'zz-high' has no mode 'turbo'"),
    ],
)
def test_bench_with_a_backend_or_mode_that_does_not_exist_is_a_wrong_option(
    clip: Path, series: tuple[str, str], args: list[str], says: str
) -> None:
    """Before: exit 1 and a table row 'error: Unknown backend', where track/cmj/dropjump exit 2 (a usage error)."""
    result = _kinemotion("bench", clip, "--frames", "2", *args)
    assert result.exit_code == 2, result.output
    assert says in result.output and "frames/s" not in result.output  # nothing timed


# --- a video read only in part: said once ---------------------------------------------------------------


@pytest.mark.parametrize("command", ["track", "cmj"])
def test_a_video_read_only_in_part_is_said_once(tmp_path: Path, jump_set: str, command: str) -> None:
    """Before: the pipeline's log line ('WARNING kinemotion.tracking.pipeline: ... decoding failed at frame 189
    ...; keeping the 189 frames') and the command's own 'Warning: ...' said it twice."""
    from tests.integration.test_resume_round3 import _partly_readable

    video = _partly_readable(tmp_path / "set.avi", 255, 0.75)
    result = _kinemotion(command, video, "-o", tmp_path / "out", "-b", jump_set, "-q")
    assert result.exit_code == 3, result.output
    assert result.output.count("decoding failed at frame") == 1, result.output
    assert f"Warning: {video}: decoding failed at frame" in result.output


def test_an_overlay_from_a_landmark_file_finds_its_video_recorded_by_a_relative_path(
    clip: Path, tmp_path: Path, series: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cd videos; kinemotion track clip.mp4`` records ``clip.mp4``; ``cmj videos/clip.landmarks.json --overlay``
    from the folder above said 'tracked from clip.mp4, which is not there' while it lay beside the file."""
    monkeypatch.chdir(clip.parent)
    _tracked(Path(clip.name), series[0], Path("clip.landmarks.json"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    overlay = elsewhere / "o.mp4"
    result = _kinemotion("cmj", clip.parent / "clip.landmarks.json", "-o", elsewhere / "r.json", "--overlay", overlay)
    assert result.exit_code == 0, result.output
    assert overlay.stat().st_size > 0
    page = elsewhere / "page.html"
    result = _kinemotion("cmj", clip.parent / "clip.landmarks.json", "-o", elsewhere / "r/", "--report", page, "-q")
    assert result.exit_code == 0 and "no still frames" not in result.output, result.output  # stills found too
    (clip.parent / "other.mp4").write_bytes(clip.read_bytes() + b"\0")  # another file under its name: refused
    clip.unlink()
    (clip.parent / "other.mp4").rename(clip)
    result = _kinemotion("cmj", clip.parent / "clip.landmarks.json", "-o", elsewhere / "r2.json", "--overlay", overlay)
    assert result.exit_code == 1 and "has changed since" in result.output


@pytest.mark.parametrize("alias", [False, True])
def test_an_overlay_over_the_video_a_landmark_file_stands_for_is_refused_before_any_work(
    clip: Path, tmp_path: Path, series: tuple[str, str], alias: bool
) -> None:
    """Before: ``cmj clip.landmarks.json --overlay clip.mp4`` analysed, was refused only when drawing, and the
    failed run then moved the recording itself aside as an earlier output (clip.mp4 -> clip.mp4.previous)."""
    landmarks_file = _tracked(clip, series[0], tmp_path / "clip.landmarks.json")
    recording = clip.read_bytes()
    target = clip
    if alias:
        target = tmp_path / "alias.mp4"
        target.symlink_to(clip.name)
    report = tmp_path / "r.json"
    result = _kinemotion("cmj", landmarks_file, "-o", report, "--overlay", target)
    assert result.exit_code == 1, result.output
    assert f"refusing to write {target}: it is {clip}, the video {landmarks_file} was tracked from" in result.output
    assert clip.read_bytes() == recording and not (tmp_path / "clip.mp4.previous").exists()
    assert not report.exists()


def test_a_capture_rate_faster_than_the_analysis_takes_is_refused_at_the_option(
    tmp_path: Path, series: tuple[str, str]
) -> None:
    """Before: ``--capture-fps 100000`` passed the option's range, the video was tracked, and the analysis then
    said 'The timestamps are 0.01 ms apart: they look like seconds, not milliseconds; give the times in
    milliseconds (timestamps_ms)', about an option the user never saw."""
    landmarks_file = _tracked(blank_video(tmp_path / "cmj.mp4", int(3.5 * FPS), FPS), series[0], tmp_path / "lm.json")
    result = _kinemotion("cmj", landmarks_file, "-o", tmp_path / "r.json", "--capture-fps", "50000")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--capture-fps'" in result.output and "between 1 and 10000" in result.output
    assert "milliseconds" not in result.output


def test_backends_takes_the_mode_as_track_does_and_refuses_one_no_backend_offers(series: tuple[str, str]) -> None:
    """Before: ``backends --mode Balanced`` and ``--mode turbo`` both said 'auto (...): no backend can run here'
    (exit 0), where ``track -m Balanced`` tracks in balanced and ``-m turbo`` is a wrong option."""
    same = _kinemotion("backends", "--mode", " Lightweight ")
    assert same.exit_code == 0 and "auto (lightweight) picks:" in same.output, same.output
    wrong = _kinemotion("backends", "--mode", "turbo")
    assert wrong.exit_code == 2
    assert "Invalid value for --mode: no installed backend offers mode 'turbo'; they offer:" in wrong.output


@pytest.mark.parametrize("attribute", ["provider", "foot_timing_bias_s", "model_time_s", "stage_times_s"])
def test_an_optional_tracker_attribute_that_raises_when_read_is_named_not_a_traceback(
    tmp_path: Path, attribute: str
) -> None:
    """Before: a plugin's property that raised (``provider``, ``foot_timing_bias_s`` in track; each of them in
    bench) came out as the plugin's bare RuntimeError traceback."""
    from tests.core.fakes import FakePlugin, FakeTracker

    def broken(self: object) -> object:
        raise RuntimeError("kaboom")

    tracker = type("BrokenTracker", (FakeTracker,), {attribute: property(broken)})
    plugin = FakePlugin("zz-broken-attribute", priority=-1, tracker=tracker)
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "v.mp4", 10, FPS)
        tracked = _kinemotion("track", video, "-b", plugin.name, "-o", tmp_path / "v.json", "-q")
        benched = _kinemotion("bench", video, "-b", plugin.name, "--frames", "3")
    finally:
        kinemotion.unregister_backend(plugin.name)
    said = f"reading BrokenTracker.{attribute} raised RuntimeError: kaboom [contract rule tracker.{attribute}"
    # the provider is recorded by both; the bias is used by tracking only, the model and stage times by bench only
    reads = {"provider": (tracked, benched), "foot_timing_bias_s": (tracked,)}.get(attribute, (benched,))
    for result in reads:
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert said in result.output
    for result in {tracked, benched} - set(reads):
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ['"0.7"', "NaN", "true"])
def test_a_landmark_json_the_jump_commands_refuse_is_not_kept_as_done_by_track(
    clip: Path, tmp_path: Path, series: tuple[str, str], value: str
) -> None:
    """Before: ``cmj clip.landmarks.json`` said 'Track the video again with kinemotion track', and ``kinemotion
    track`` then said 'skipped, its outputs exist' and kept the damaged file."""
    landmarks_file = _tracked(clip, series[0], tmp_path / "clip.landmarks.json")
    data = json.loads(landmarks_file.read_text())
    _first_pose(data)["landmarks"]["left_ankle"] = [0.5, "@", 0.9]
    landmarks_file.write_text(json.dumps(data).replace('"@"', value))
    refused = _kinemotion("cmj", landmarks_file, "-o", tmp_path / "r.json")
    assert refused.exit_code == 1 and "Track the video again" in refused.output
    again = _kinemotion("track", clip, "-b", series[0], "-o", landmarks_file, "-q")
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    assert _kinemotion("cmj", landmarks_file, "-o", tmp_path / "r.json", "-q").exit_code == 0


# --- a named pipe where a JSON file goes ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["cmj", "dropjump", "report"])
def test_a_named_pipe_given_as_a_json_file_is_refused_not_waited_on(tmp_path: Path, command: str) -> None:
    """Before: ``cmj pipe.json`` opened the named pipe and waited for a writer forever (``report`` said 'no such
    file or folder' about a file that is there)."""
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    out = tmp_path / ("out.html" if command == "report" else "out.json")
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", command, str(pipe), "-o", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert f"{pipe}: is not a file (a pipe or a device)" in done.stderr


# --- long file names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["track", "cmj"])
def test_an_output_name_too_long_for_the_filesystem_is_one_clear_error(
    tmp_path: Path, series: tuple[str, str], command: str
) -> None:
    """A 248-character video name (fine) gives ``NAME.cmj.json``, 257 bytes. Before: a bare ``OSError: [Errno 36]
    File name too long`` traceback."""
    video = blank_video(tmp_path / ("j" * 248 + ".mp4"), 10, FPS)
    result = _kinemotion(command, video, "-b", series[0], "-q")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "its name is too long for the filesystem" in result.output and "shorter output name with -o" in (
        result.output
    )


def test_an_output_whose_name_fits_is_written_even_when_its_temporary_name_would_not(
    tmp_path: Path, series: tuple[str, str]
) -> None:
    """``.NAME.overlay.XXXXXXXX.partial.mp4`` is longer than ``NAME.overlay.mp4``. Before: 'cannot write
    ov/NAME.overlay.mp4: File name too long' for a name that fits."""
    video = blank_video(tmp_path / ("k" * 230 + ".mp4"), 10, FPS)
    out = tmp_path / "ov"
    result = _kinemotion("track", video, "-b", series[0], "-q", "-o", out, "--overlay", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{video.stem}.{end}" for end in ("landmarks.json", "landmarks.csv", "overlay.mp4")
    )


# --- a plugin's entry point that is not module:Class ---------------------------------------------------------


def test_an_entry_point_value_that_is_not_module_colon_class_is_named_as_such(tmp_path: Path) -> None:
    """Before: "Backend plugin 'zz-badref' failed to load: 'NoneType' object has no attribute 'group'"
    (importlib's own failure to parse the value)."""
    from tests.core.distributions import env_with, write_distribution

    site = tmp_path / "site"
    write_distribution(site, "zz-badref", "1.0", {"zz-badref": "zz badref::"}, {})
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "backends"], env=env_with(site), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "its entry point zz-badref = 'zz badref::' is not 'module:Class'" in done.stderr + done.stdout
    assert "NoneType" not in done.stderr + done.stdout


# --- an empty argument (an unset shell variable) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("cmj", "give a video's path"),
        ("track", "give a video's path"),
        ("bench", "give a video's path"),
        ("report", "give the reports or their folder"),
    ],
)
def test_an_empty_input_is_refused_not_read_as_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, says: str
) -> None:
    """``kinemotion report "$DIR"`` with DIR unset read every report below the current folder and wrote a page of
    them (exit 0); ``cmj ""`` said '.: is a folder, not a video file'."""
    monkeypatch.chdir(tmp_path)
    result = _kinemotion(command, "")
    assert result.exit_code == 2, result.output
    assert f"is empty (an unset shell variable?): {says}" in result.output
    assert not list(tmp_path.iterdir())  # nothing written here
