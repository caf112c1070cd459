"""``--backend-option``/``-O KEY=VALUE``: backend options from the command line, as ``track_video(**options)``
takes them from Python: read, passed to the backend's ``create()``, recorded, and compared by a re-run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from tests.core.fakes import FakePlugin
from tests.jump.physics_backend import blank_video


@pytest.fixture
def plugin() -> Iterator[FakePlugin]:
    fake = FakePlugin("zz-options", priority=-5, options=frozenset({"threads", "threshold", "precision", "fast"}))
    kinemotion.register_backend(fake)
    yield fake
    kinemotion.unregister_backend("zz-options")


def test_options_reach_the_backend_read_as_numbers_words_and_yes_no(tmp_path: Path, plugin: FakePlugin) -> None:
    video = blank_video(tmp_path / "v.mp4", 5, 30)
    out = tmp_path / "r.json"
    args = ["track", str(video), "-b", "zz-options", "-q", "-o", str(out)]
    options = ["-O", "threads=2", "--backend-option", "threshold=0.25", "-O", "precision=fp32", "-O", "fast=True"]
    result = CliRunner().invoke(cli, [*args, *options])
    assert result.exit_code == 0, result.output
    assert plugin.created[-1].options == {"threads": 2, "threshold": 0.25, "precision": "fp32", "fast": True}
    recorded = json.loads(out.read_text())["backend"]["options"]
    assert recorded == {"threads": "2", "threshold": "0.25", "precision": "fp32", "fast": "True"}


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump", "bench"])
def test_every_command_that_tracks_passes_them(tmp_path: Path, plugin: FakePlugin, command: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    args = [command, str(video), "-b", "zz-options", "-O", "precision=fp32", "-O", "threads=1"]
    if command == "bench":
        args += ["--frames", "2"]
    else:
        args += ["-q", "-o", str(tmp_path / "out") + "/"]
    CliRunner().invoke(cli, args)
    assert plugin.created and plugin.created[-1].options == {"precision": "fp32", "threads": 1}


@pytest.mark.parametrize("command", ["track", "cmj", "bench"])
def test_an_option_the_backend_does_not_take_is_one_line_naming_it(
    tmp_path: Path, plugin: FakePlugin, command: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    args = [command, str(video), "-b", "zz-options", "-O", "num_poses=3"]
    args += ["--frames", "2"] if command == "bench" else ["-q", "-o", str(tmp_path / "out") + "/"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Backend 'zz-options' does not take the option(s) num_poses=3" in result.output
    assert "Leave the option out" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("precision", "is not KEY=VALUE"),
        ("=fp32", "is not KEY=VALUE"),
        ("person=center", "'person' is no backend option: give it with --person"),
        ("progress=false", "'progress' is no backend option: give it with -q/--quiet"),
        ("mode=balanced", "'mode' is no backend option: give it with -m/--mode"),
        ("warmup=3", "'warmup' is no backend option: leave it out"),
    ],
)
def test_a_malformed_option_is_a_usage_error_before_any_work(
    tmp_path: Path, plugin: FakePlugin, given: str, said: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 5, 30)
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-options", "-O", given])
    assert result.exit_code == 2 and said in result.output, result.output
    assert not plugin.created


def test_an_option_given_twice_is_a_usage_error(tmp_path: Path, plugin: FakePlugin) -> None:
    video = blank_video(tmp_path / "v.mp4", 5, 30)
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-options", "-O", "threads=1", "-O", "threads=2"])
    assert result.exit_code == 2 and "'threads' is given twice" in result.output, result.output


def test_a_rerun_with_the_same_options_is_skipped_and_with_another_value_tracked_again(
    tmp_path: Path, plugin: FakePlugin
) -> None:
    """A run with precision=fp32 must never be served outputs made with bf16 (nor a run without the option)."""
    video = blank_video(tmp_path / "v.mp4", 5, 30)
    out = tmp_path / "r.json"
    base = ["track", str(video), "-b", "zz-options", "-q", "-o", str(out)]
    runner = CliRunner()
    assert runner.invoke(cli, [*base, "-O", "precision=bf16", "-O", "threads=2"]).exit_code == 0
    again = runner.invoke(cli, [*base, "-O", "precision=bf16", "-O", "threads=2"])  # numbers recorded as text
    assert again.exit_code == 0 and "skipped" in again.output, again.output
    made = len(plugin.created)
    other = runner.invoke(cli, [*base, "-O", "precision=fp32", "-O", "threads=2"])
    assert other.exit_code == 0 and "skipped" not in other.output, other.output
    assert len(plugin.created) == made + 1
    assert json.loads(out.read_text())["backend"]["options"]["precision"] == "fp32"
    fewer = runner.invoke(cli, base)
    assert fewer.exit_code == 0 and "skipped" not in fewer.output, fewer.output
    assert json.loads(out.read_text())["backend"]["options"] == {}


def test_a_real_backend_takes_threads_and_refuses_what_it_does_not_take(tmp_path: Path, real_models: Path) -> None:
    pytest.importorskip("onnxruntime")
    video = blank_video(tmp_path / "v.mp4", 3, 30)
    out = tmp_path / "r.json"
    args = ["track", str(video), "-b", "rtmpose-cpu", "-q", "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "-O", "threads=1"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["backend"]["options"] == {"threads": "1"}
    refused = CliRunner().invoke(cli, [*args, "-O", "num_poses=2"])
    assert refused.exit_code == 1
    assert "Backend 'rtmpose-cpu' does not take the option(s) num_poses=2" in refused.output


# --- a backend's error stopping a batch: said once -------------------------------------------------------


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump"])
def test_a_backend_that_refuses_an_option_in_a_batch_says_it_once_with_the_videos_it_stopped(
    tmp_path: Path, plugin: FakePlugin, command: str
) -> None:
    """Before: the same "does not take the option(s)" paragraph once per video, three times for three."""
    videos = [str(blank_video(tmp_path / f"v{i}.mp4", 6, 30)) for i in range(3)]
    args = [command, *videos, "-b", "zz-options", "-O", "num_poses=1", "-q", "-o", f"{tmp_path}/out/"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.output.count("does not take the option(s) num_poses=1") == 1, result.output
    said = next(line for line in result.output.splitlines() if "does not take" in line)
    assert said.startswith("Error: Backend 'zz-options' does not take")
    assert said.endswith(f"It stopped all 3 videos: {', '.join(videos)}.")
    assert "0 of 3 videos done; 3 failed" in result.output  # the summary and exit code as before


def test_a_backend_error_of_one_video_is_said_after_its_name_as_before(tmp_path: Path, plugin: FakePlugin) -> None:
    video = str(blank_video(tmp_path / "v.mp4", 6, 30))
    result = CliRunner().invoke(cli, ["track", video, "-b", "zz-options", "-O", "num_poses=1", "-q"])
    assert result.exit_code == 1, result.output
    assert f"Error: {video}: Backend 'zz-options' does not take the option(s) num_poses=1" in result.output
    assert "It stopped" not in result.output


@pytest.mark.parametrize("command", ["track", "cmj"])
def test_worker_processes_of_a_real_backend_refusing_an_option_say_it_once_in_the_order_given(
    tmp_path: Path, real_models: Path, command: str
) -> None:
    """``-j 2``: the workers fail as they finish, in any order; the one line names the videos as given."""
    pytest.importorskip("onnxruntime")
    videos = [str(blank_video(tmp_path / f"v{i}.mp4", 3, 30)) for i in range(3)]
    args = [command, *videos, "-b", "rtmpose-cpu", "-O", "num_poses=1", "-q", "-j", "2", "-o", f"{tmp_path}/out/"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.output.count("Backend 'rtmpose-cpu' does not take the option(s) num_poses=1") == 1, result.output
    assert f"It stopped all 3 videos: {', '.join(videos)}." in result.output


def test_a_landmark_file_tracked_with_other_options_is_said_to_be_analysed_as_it_was(
    tmp_path: Path, plugin: FakePlugin
) -> None:
    """``cmj lm.json -O precision=fp32`` on landmarks tracked with bf16 (or without the option): a warning says
    the file is analysed as it was tracked, as for ``-b`` and ``--person``."""
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    landmarks = tmp_path / "lm.json"
    tracked = ["track", str(video), "-b", "zz-options", "-q", "-O", "precision=bf16", "-o", str(landmarks)]
    assert CliRunner().invoke(cli, tracked).exit_code == 0
    args = ["cmj", str(landmarks), "-q", "-o", str(tmp_path / "r.json"), "-O", "precision=fp32", "-O", "threads=2"]
    result = CliRunner().invoke(cli, args)
    warning = f"Warning: {landmarks} was tracked with precision 'bf16', not 'fp32', threads unset, not '2': "
    assert warning in result.output, result.output
    same = CliRunner().invoke(
        cli, ["cmj", str(landmarks), "-q", "-o", str(tmp_path / "s.json"), "-O", "precision=bf16"]
    )
    assert "was tracked with" not in same.output, same.output


def test_the_command_a_refusal_suggests_for_one_video_keeps_the_backend_options() -> None:
    """The command that analyses one clip alone at its capture rate repeats -b, -m and --person: now -O too,
    so it reads the landmarks tracked with them (its kept landmarks are reused only for the same options)."""
    from kinemotion.cli._options import TrackingRequest
    from kinemotion.cli.jump_cmd import _alone_at_rate

    request = TrackingRequest("rtmpose-openvino", "lightweight", None, True, (("precision", "fp32"), ("fast", True)))
    command = _alone_at_rate("cmj", Path("a.mp4"), Path("out/a.cmj.json"), None, request, 240.0)
    assert command == (
        "kinemotion cmj a.mp4 -o out/a.cmj.json -b rtmpose-openvino -O precision=fp32 -O fast=true --capture-fps 240"
    )
