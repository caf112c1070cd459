"""Hostile input and careless plugins: nothing silently wrong, nothing lost, nothing hangs (issue 13).

Each test reproduces one case that used to end in a traceback, a hang, a lost or
overwritten file, or an exit 0 with wrong data.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion import BackendError, OutputError, create_tracker
from kinemotion.cli.main import cli
from kinemotion.tracking import track_video
from kinemotion.tracking.atomic import atomic_path, atomic_paths
from tests.cli import restore_sigint, run_kinemotion, short_clip
from tests.core.distributions import plugin_module, write_distribution
from tests.core.fakes import FakePlugin, FakeTracker, standing_person
from tests.jump.physics_backend import blank_video


class _Scripted(FakeTracker):
    """Behaves as ``behaviour(frame)`` says: 'ok', 'inf', 'x5', 'vis7' or 'raise'."""

    behaviour = staticmethod(lambda frame: "ok")

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        what = self.behaviour(frame)
        out = standing_person()
        if what == "raise":
            raise IndexError("list index out of range (a bug in the plugin)")
        if what == "inf":
            out["nose"] = (float("inf"), 0.1, 0.9)
        if what == "x5":
            out["left_knee"] = (5.0, 0.7, 0.9)
        if what == "vis7":
            out["left_hip"] = (0.5, 0.5, 7.0)
        return out


@pytest.fixture
def scripted() -> Iterator[type[_Scripted]]:
    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return _Scripted(self.name, mode, options)

    kinemotion.register_backend(Plugin("zz-scripted", priority=-5))
    yield _Scripted
    _Scripted.behaviour = staticmethod(lambda frame: "ok")
    kinemotion.unregister_backend("zz-scripted")


# --- outputs never destroy inputs or each other -------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--overlay"])
def test_an_output_that_is_the_input_is_refused(tmp_path: Path, scripted: type[_Scripted], option: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    before = video.read_bytes()
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-scripted", "-q", option, str(video)])
    assert result.exit_code == 1 and "it is the input video" in result.output
    assert video.read_bytes() == before


def test_two_videos_with_one_name_into_one_folder_are_refused_before_any_work(
    tmp_path: Path, scripted: type[_Scripted]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = blank_video(tmp_path / "a" / "v.mp4", 6, 30), blank_video(tmp_path / "b" / "v.mp4", 6, 30)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["track", str(a), str(b), "-b", "zz-scripted", "-q", "-o", str(out)])
    assert result.exit_code == 1 and "would both write" in result.output
    assert str(a) in result.output and str(b) in result.output
    assert not out.exists() or not list(out.iterdir())


def test_two_videos_whose_names_differ_only_in_case_into_one_folder_are_refused(
    tmp_path: Path, scripted: type[_Scripted]
) -> None:
    # Jump.mp4 and jump.mp4 (two cameras, a renamed copy) write Jump.json and jump.json: one file on macOS,
    # Windows or a USB drive, where the second would replace the first without a word
    a = blank_video(tmp_path / "Jump.mp4", 6, 30)
    (tmp_path / "b").mkdir()
    b = blank_video(tmp_path / "b" / "jump.mp4", 6, 30)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["track", str(a), str(b), "-b", "zz-scripted", "-q", "-o", str(out)])
    assert result.exit_code == 1 and "where the case of a name does not count" in result.output
    assert str(a) in result.output and str(b) in result.output
    assert not out.exists() or not list(out.iterdir())
    # one of them alone is tracked into that folder
    result = CliRunner().invoke(cli, ["track", str(a), "-b", "zz-scripted", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output


def test_a_planted_symlink_at_a_temporary_name_is_never_followed(tmp_path: Path, scripted: type[_Scripted]) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in (".r.partial.json", ".r.partial.csv", ".r.json.partial", ".r.partial"):
        (tmp_path / name).symlink_to(victim)  # the names the old writer used, and variants
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-scripted", "-q", "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious" and json.loads((tmp_path / "r.json").read_text())["frames"]
    with atomic_path(tmp_path / "x.bin") as first, atomic_path(tmp_path / "y.bin") as second:
        assert first.parent == tmp_path and first.name != ".x.partial.bin" and first.name != second.name


def test_json_and_csv_are_committed_together(tmp_path: Path) -> None:
    json_path, csv_path = tmp_path / "r.json", tmp_path / "r.csv"
    json_path.write_text("old json")
    csv_path.write_text("old csv")
    with (
        pytest.raises(OutputError, match="no space is left on its disk"),
        atomic_paths([json_path, csv_path]) as (j, _csv),
    ):
        j.write_text("new json")
        raise OSError(28, "No space left on device")  # the CSV could not be written
    assert json_path.read_text() == "old json" and csv_path.read_text() == "old csv"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.json"]


def test_a_missing_video_with_an_old_output_is_a_failure_not_partial_success(tmp_path: Path) -> None:
    stale = tmp_path / "r.json"
    stale.write_text('{"old": true}')
    result = CliRunner().invoke(cli, ["track", str(tmp_path / "missing.mp4"), "-o", str(stale), "-q"])
    assert result.exit_code == 1 and "missing.mp4: no such file" in result.output
    assert "incomplete" not in result.output and not stale.exists()  # never taken for this run's result
    assert (tmp_path / "r.json.previous").read_text() == '{"old": true}'  # kept, aside
    assert f"moved {stale} to {stale}.previous" in result.output


@pytest.mark.parametrize("option", ["-o", "--overlay"])
def test_an_output_under_a_file_is_refused_before_tracking(
    tmp_path: Path, scripted: type[_Scripted], option: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    (tmp_path / "notafolder").write_text("x")
    target = tmp_path / "notafolder" / "out.mp4"
    seen: list[int] = []
    scripted.behaviour = staticmethod(lambda frame: seen.append(1) or "ok")  # type: ignore[func-returns-value]
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-scripted", "-q", option, str(target)])
    assert result.exit_code == 1 and "is a file, not a folder" in result.output
    assert not seen, "nothing is tracked when an output cannot be written"
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- full disk ------------------------------------------------------------------------------------


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_overlay_on_a_full_disk_fails_and_sets_the_previous_overlay_aside(demo_video: Path, tmp_path: Path) -> None:
    clip = short_clip(demo_video, tmp_path, frames=30)
    overlay = tmp_path / "good.mp4"
    overlay.write_bytes(b"a previous, good overlay")
    done = run_kinemotion(
        "track", str(clip), "-b", "mediapipe", "-q", "-o", str(tmp_path / "r.json"), "--overlay", str(overlay),
        limit_bytes=400_000,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    # the cause and the fix, not "was not written completely: the file cannot be decoded (disk full?)"
    assert f"cannot write the overlay video {overlay}: it is larger than the file-size limit allows" in done.stderr
    assert "lift the limit, or write the outputs to another disk (-o, --overlay), and run again" in done.stderr
    assert not overlay.exists()  # the earlier overlay is never taken for this run's: kept whole, aside
    assert (tmp_path / "good.mp4.previous").read_bytes() == b"a previous, good overlay"
    assert f"moved {overlay} to {overlay}.previous" in done.stderr
    assert not list(tmp_path.glob(".*partial*"))


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_json_on_a_full_disk_is_a_clear_error(demo_video: Path, tmp_path: Path) -> None:
    clip = short_clip(demo_video, tmp_path, frames=30)
    done = run_kinemotion(
        "track", str(clip), "-b", "mediapipe", "-q", "-o", str(tmp_path / "r.json"), limit_bytes=2_000
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "r.csv").exists()
    # one line: the file the limit stopped, the cause and the fix. Before: "cannot write r.json, r.csv: cannot
    # write .r.2922@host.x.partial.csv: File too large" (a hidden temporary name, the words twice, no advice)
    (said,) = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert said.count("cannot write") == 1 and "partial" not in said and "File too large" not in said, said
    assert f"cannot write {tmp_path / 'r.csv'}: it is larger than the file-size limit allows" in said, said
    assert said.endswith("lift the limit, or write the outputs to another disk (-o, --overlay), and run again")


# --- what a backend returns, and how it fails ---------------------------------------------------


@pytest.mark.parametrize(
    ("behaviour", "fragment"), [("inf", "not finite"), ("x5", "not normalised"), ("vis7", "visibility 7")]
)
def test_impossible_landmark_values_stop_the_run_naming_the_backend(
    tmp_path: Path, scripted: type[_Scripted], behaviour: str, fragment: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    scripted.behaviour = staticmethod(lambda frame: behaviour)
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-scripted", "-q", "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 1 and "'zz-scripted'" in result.output and fragment in result.output
    assert not (tmp_path / "r.json").exists()


def test_a_plugin_crash_names_backend_and_frame_and_the_batch_goes_on(
    tmp_path: Path, scripted: type[_Scripted]
) -> None:
    crashing = blank_video(tmp_path / "crash.mp4", 12, 30)  # frame i is grey level 7 i: > 60 from frame 9
    fine = blank_video(tmp_path / "fine.mp4", 4, 30)
    scripted.behaviour = staticmethod(lambda frame: "raise" if frame.mean() > 60 else "ok")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["track", str(crashing), str(fine), "-b", "zz-scripted", "-q", "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert "backend 'zz-scripted' failed on frame 9" in result.output and "IndexError" in result.output
    assert (out / "fine.landmarks.json").exists() and not (out / "crash.landmarks.json").exists()
    with pytest.raises(BackendError, match="failed on frame 9"):
        track_video(crashing, "zz-scripted", progress=False)


def test_backend_argument_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="backend must be a backend name"):
        create_tracker(5)  # type: ignore[arg-type]


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_a_valid_onnx_of_the_wrong_kind_is_refused_at_load() -> None:
    from kinemotion_rtmpose.errors import ModelShapeError
    from tests.assets import YOLOX_TINY, asset

    with pytest.raises(ModelShapeError, match=r"yolox.*\(pose model\): not an RTMPose SimCC model"):
        create_tracker("rtmpose-cpu", model_path=asset(YOLOX_TINY))


# --- plugins that hang or exit --------------------------------------------------------------------


def _with_plugin(tmp_path: Path, dist: str, name: str, module_source: str) -> dict[str, str]:
    write_distribution(
        tmp_path, dist, "1.0", {name: f"{dist.replace('-', '_')}:Plugin"}, {dist.replace("-", "_"): module_source}
    )
    return {**os.environ, "PYTHONPATH": str(tmp_path)}


def test_a_probe_that_hangs_is_reported_after_its_deadline(tmp_path: Path) -> None:
    env = _with_plugin(tmp_path, "zz-hang", "zz-hang", plugin_module("zz-hang", probe="import time; time.sleep(600)"))
    env["KINEMOTION_PROBE_TIMEOUT"] = "1"
    started = time.monotonic()
    done = run_kinemotion("backends", env=env)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 60
    assert "probe did not answer in 1 s" in done.stdout


def test_sys_exit_at_a_plugins_import_is_isolated(tmp_path: Path) -> None:
    env = _with_plugin(tmp_path, "zz-exit", "zz-exit", "import sys\nsys.exit(3)\n")
    done = run_kinemotion("backends", env=env)
    assert done.returncode == 0, done.stderr
    assert "zz-exit" in done.stdout and "SystemExit" in done.stdout and "mediapipe" in done.stdout


def test_a_third_party_distribution_cannot_take_over_a_shipped_backend_name(tmp_path: Path) -> None:
    env = _with_plugin(tmp_path, "aaa-evil", "mediapipe", plugin_module("mediapipe", priority=10_000))
    done = run_kinemotion("backends", "--json", env=env)
    data = json.loads(done.stdout)
    (mp,) = [b for b in data["backends"] if b["name"] == "mediapipe"]
    assert mp["distribution"] == "kinemotion-mediapipe"
    assert "aaa-evil" in done.stderr and "kinemotion-mediapipe" in done.stderr


# --- odd but valid input -------------------------------------------------------------------------


def test_a_variable_frame_rate_mkv_is_complete(demo_video: Path, tmp_path: Path, scripted: type[_Scripted]) -> None:
    import imageio_ffmpeg

    mkv = tmp_path / "vfr.mkv"
    setpts = "setpts='if(lt(N,30),N,30+2*(N-30))/(30*TB)'"  # the second half at 15 fps
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(demo_video), "-frames:v", "60",
         "-vf", f"scale=320:180,{setpts}", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", str(mkv)],
        check=True,
    )  # fmt: skip
    result = track_video(mkv, "zz-scripted", progress=False)
    assert result.complete and result.frame_count == 60 and result.error is None
    assert result.timestamps_ms[-1] - result.timestamps_ms[0] == pytest.approx(2900, abs=40)


@pytest.mark.models
def test_bench_start_past_the_end_is_a_clear_error(demo_video: Path) -> None:
    result = CliRunner().invoke(cli, ["bench", str(demo_video), "--start", "5000", "-b", "mediapipe"])
    assert result.exit_code == 2 and "has 230 frames: --start 5000 is past its end" in result.output


# --- interrupting a parallel batch ---------------------------------------------------------------


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_ctrl_c_stops_a_parallel_batch_and_writes_nothing(demo_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    videos = [str(short_clip(demo_video, tmp_path, frames=230, name=f"v{i}.mp4")) for i in range(2)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kinemotion", "track", *videos, "-b", "mediapipe", "-j", "2", "-o", str(out),
         "--overlay", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=restore_sigint,
        text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not (out.exists() and list(out.glob(".*partial*"))):  # the workers are writing overlays
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert time.monotonic() - started < 30
    # nothing at all: no output, and no partial file of a video the workers were tracking (they were killed
    # before they could remove them: .v1.overlay.*.partial.mp4 stayed behind)
    assert not list(out.iterdir()), list(out.iterdir())


def test_a_worker_killed_before_it_removes_its_partial_overlay_leaves_nothing_behind(
    demo_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stopped batch gives each worker process a grace period to remove its partial overlay, then kills it;
    on a loaded machine the kill can come first (seen in CI-like runs: ``.v1.overlay.PID@HOST.….partial.mp4``
    left). The batch then removes what its killed workers left. Here the grace period is none at all."""
    from kinemotion.batch import executors
    from kinemotion.batch.tasks import VideoTask

    monkeypatch.setattr(executors, "TERMINATE_GRACE_S", 0.0)
    out = tmp_path / "out"
    out.mkdir()
    videos = [short_clip(demo_video, tmp_path, frames=230, name=f"v{i}.mp4") for i in range(2)]
    tasks = [VideoTask(str(v), "mediapipe", "lightweight", overlay=str(out / f"{v.stem}.overlay.mp4")) for v in videos]

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    def when_writing() -> None:
        deadline = time.monotonic() + 120
        while not list(out.glob(".*partial*")) and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGUSR1)

    previous = signal.signal(signal.SIGUSR1, interrupt)
    watcher = threading.Thread(target=when_writing, daemon=True)
    try:
        with pytest.raises(KeyboardInterrupt):
            watcher.start()
            for _ in executors.execute(tasks, jobs=2, progress=False):
                pass
    finally:
        watcher.join(130)
        signal.signal(signal.SIGUSR1, previous)
    assert not list(out.iterdir()), list(out.iterdir())


# --- permissions (root can read everything: the denial is simulated where the OS reports it) -----


def test_an_unreadable_folder_or_file_is_named_as_a_permission_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kinemotion import VideoReadError
    from kinemotion.tracking.decode import VideoReader, unreadable_reason

    video = blank_video(tmp_path / "v.mp4", 3, 30)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != video and real_access(p, mode, **kw))
    with pytest.raises(VideoReadError, match="no permission to read it"):
        VideoReader(video)
    assert unreadable_reason(video) == f"{video}: no permission to read it (check the file's permissions)"

    real_stat = Path.stat

    def denied(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        if self == video:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", denied)
    with pytest.raises(VideoReadError, match="no permission to read the folder"):
        VideoReader(video)
    assert unreadable_reason(video) == (
        f"{video}: no permission to read the folder {tmp_path}; check the folder's permissions"
    )
