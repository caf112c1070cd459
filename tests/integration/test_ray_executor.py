"""``--executor ray``: a Ray started by the test on 127.0.0.1, real clips, a bad video, a killed worker.

The kinemotion command runs in a subprocess, as a user runs it; Ray's
workers are processes of that Ray, so a test backend that kills its own
process is discovered by them through ``PYTHONPATH`` (a real installed
distribution, written by the test).
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from tests.cli import restore_sigint, run_kinemotion, short_clip
from tests.core.distributions import env_with, install_backend

ray = pytest.importorskip("ray", reason='needs Ray: pip install "kinemotion[ray]" (the test session installs it)')

pytestmark = [pytest.mark.models, pytest.mark.usefixtures("real_models")]

CRASH_ONCE = """
import os
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def process_frame(self, frame, timestamp_ms=0):
        marker = os.environ["KINEMOTION_TEST_CRASH_MARKER"]
        if not os.path.exists(marker):  # the first attempt: the worker process dies mid-video
            open(marker, "w").close()
            os._exit(1)
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""


SLOW = """
import os, time
from pathlib import Path
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def process_frame(self, frame, timestamp_ms=0):
        beat = Path(os.environ["KINEMOTION_TEST_HEARTBEAT"])
        beat.write_text(str(time.time()))  # still working
        time.sleep(0.5)
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""

THREADS_SEEN = """
import os
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def __init__(self):
        with open(os.environ["KINEMOTION_TEST_THREADS_LOG"], "a") as log:
            log.write(os.environ.get("KINEMOTION_ORT_THREADS", "unset") + "\\n")  # the model threads it would use

    def reset(self):
        pass

    def process_frame(self, frame, timestamp_ms=0):
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""


KILLED_ON_ITS_SECOND_VIDEO = """
import os, signal
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    videos = 1

    def __init__(self):
        with open(os.environ["KINEMOTION_TEST_TRACKERS"], "a") as log:
            log.write(f"{os.getpid()}\\n")

    def reset(self):
        Tracker.videos += 1

    def process_frame(self, frame, timestamp_ms=0):
        marker = os.environ["KINEMOTION_TEST_KILL_MARKER"]
        if Tracker.videos == 2 and not os.path.exists(marker):  # its second video: the worker is killed
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""

ALWAYS_KILLED = """
import os, signal
from kinemotion import ClosingTracker

class Tracker(ClosingTracker):
    def __init__(self):
        with open(os.environ["KINEMOTION_TEST_TRACKERS"], "a") as log:
            log.write(f"{os.getpid()}\\n")

    def process_frame(self, frame, timestamp_ms=0):
        os.kill(os.getpid(), signal.SIGKILL)
"""


@contextmanager
def _local_ray(site: Path, cpus: int, **variables: str) -> Iterator[None]:
    """A Ray started in this process with ``cpus`` CPUs; its workers see the backends of ``site``."""
    env = {"PYTHONPATH": _env(site)["PYTHONPATH"], **variables}
    runtime_env = {"env_vars": env}
    ray.init(address="local", num_cpus=cpus, include_dashboard=False, log_to_driver=False, runtime_env=runtime_env)
    try:
        yield
    finally:
        ray.shutdown()


@contextmanager
def _ray_head(env: dict[str, str]) -> Iterator[str]:
    """A Ray head on 127.0.0.1 (2 CPUs) with ``env`` (its workers' too); its address."""
    port = _free_port()
    ray_cli = str(Path(sys.executable).with_name("ray"))
    start = [ray_cli, "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(port), "--num-cpus", "2"]
    options = ["--include-dashboard", "false", "--disable-usage-stats"]
    subprocess.run([*start, *options], env=env, check=True, capture_output=True, timeout=180)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([ray_cli, "stop", "--force"], env=env, capture_output=True, timeout=120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    install_backend(site, "crash-once", CRASH_ONCE)
    install_backend(site, "slow-test", SLOW)
    install_backend(site, "threads-seen", THREADS_SEEN)
    install_backend(site, "killed-on-its-second-video", KILLED_ON_ITS_SECOND_VIDEO)
    install_backend(site, "always-killed", ALWAYS_KILLED)
    return site


def _env(site: Path, **extra: str) -> dict[str, str]:
    env = env_with(site, RAY_AUTH_MODE="disabled")  # a throw-away Ray on 127.0.0.1
    env.pop("RAY_ADDRESS", None)
    return {**env, **extra}


@pytest.fixture
def ray_head(plugin_site: Path) -> Iterator[str]:
    """A Ray head on 127.0.0.1 (2 CPUs) for the test; its address."""
    with _ray_head(_env(plugin_site)) as address:
        yield address


@pytest.fixture
def clips(demo_video: Path, tmp_path: Path) -> list[Path]:
    bad = tmp_path / "bad.mp4"
    bad.write_text("not a video\n")
    return [short_clip(demo_video, tmp_path, 12, "a.mp4"), bad, short_clip(demo_video, tmp_path, 8, "b.mp4")]


def test_ray_batch_equals_the_local_run_reports_the_bad_video_and_resumes(
    ray_head: str, clips: list[Path], plugin_site: Path, tmp_path: Path
) -> None:
    videos = [str(c) for c in clips]
    env = _env(plugin_site, RAY_ADDRESS=ray_head)
    on_ray = run_kinemotion(
        "track", *videos, "-o", str(tmp_path / "ray"), "--executor", "ray", "-b", "rtmpose-cpu", env=env
    )
    assert on_ray.returncode == 3, on_ray.stderr
    assert "Traceback" not in on_ray.stderr
    assert "bad.mp4 could not be opened as a video" in on_ray.stderr
    assert sorted(p.name for p in (tmp_path / "ray").iterdir()) == [
        "a.landmarks.csv", "a.landmarks.json", "b.landmarks.csv", "b.landmarks.json",
    ]  # fmt: skip
    local = run_kinemotion("track", *videos, "-o", str(tmp_path / "local"), "-b", "rtmpose-cpu", env=_env(plugin_site))
    assert local.returncode == 3, local.stderr
    for name in ("a", "b"):
        from_ray = json.loads((tmp_path / "ray" / f"{name}.landmarks.json").read_text())
        from_here = json.loads((tmp_path / "local" / f"{name}.landmarks.json").read_text())
        assert from_ray["frames"] == from_here["frames"]
        assert from_ray["video"] == from_here["video"]  # the user's path, not a worker's copy
        assert from_ray["backend"]["name"] == "rtmpose-cpu"
        assert (tmp_path / "ray" / f"{name}.landmarks.csv").read_text() == (
            tmp_path / "local" / f"{name}.landmarks.csv"
        ).read_text()
    # Re-running the same command skips the videos already done; the bad one fails again.
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "ray").iterdir()}
    again = run_kinemotion(
        "track", *videos, "-o", str(tmp_path / "ray"), "--executor", "ray", "-b", "rtmpose-cpu", env=env
    )
    assert again.returncode == 3, again.stderr
    assert again.stdout.count("skipped, its outputs exist") == 2
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "ray").iterdir()} == stamps


def test_a_killed_worker_is_retried_on_a_local_ray_and_leaves_no_partial_file(
    demo_video: Path, plugin_site: Path, tmp_path: Path
) -> None:
    clip = short_clip(demo_video, tmp_path, 6, "c.mp4")
    marker = tmp_path / "crashed-once"
    env = _env(plugin_site, KINEMOTION_TEST_CRASH_MARKER=str(marker))  # no RAY_ADDRESS: a local Ray is started
    out = tmp_path / "out"
    done = run_kinemotion(
        "track", str(clip), "-o", str(out / "c.json"), "--overlay", str(out / "c.mp4"), "--executor", "ray",
        "-b", "crash-once", env=env,
    )  # fmt: skip
    assert marker.exists()  # the first attempt really died
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["c.csv", "c.json", "c.mp4"]  # the overlay came back as bytes
    data = json.loads((out / "c.json").read_text())
    assert data["frames_with_pose"] == 6 and data["backend"]["name"] == "crash-once"


def test_a_ray_task_asks_for_the_cpus_of_a_small_node_and_its_model_threads_follow(
    demo_video: Path, plugin_site: Path, tmp_path: Path
) -> None:
    """As -j auto on a machine of up to 4 CPUs: one task at a time with all of them (one worker's start-up)."""
    log = tmp_path / "threads.txt"
    clips = [str(short_clip(demo_video, tmp_path, 3, f"{n}.mp4")) for n in ("p", "q", "r")]
    with _ray_head(_env(plugin_site, KINEMOTION_TEST_THREADS_LOG=str(log))) as address:  # 2 CPUs
        env = _env(plugin_site, RAY_ADDRESS=address)
        done = run_kinemotion("-v", "track", *clips, "-o", str(tmp_path / "out"), "--executor", "ray",
                              "-b", "threads-seen", env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Tracking 3 videos on Ray, 2 CPUs per task (model threads)" in done.stderr
    assert log.read_text().split() == ["2"]  # one worker, made once, with both CPUs' threads


def test_without_ray_the_executor_says_how_to_install_it(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['ray'] = None\n"  # Python's own 'this import is blocked'
        "from kinemotion.cli.main import main\n"
        f"sys.argv = ['kinemotion', 'track', {str(tmp_path / 'x.mp4')!r}, '--executor', 'ray']\n"
        "main()\n"
    )
    (tmp_path / "x.mp4").write_bytes(b"\0" * 10)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        'Error: --executor ray needs Ray: pip install "kinemotion[ray]" (or --executor local, the default)'
    )


def test_an_unreachable_cluster_is_one_clear_line(tmp_path: Path, plugin_site: Path) -> None:
    (tmp_path / "x.mp4").write_bytes(b"\0" * 10)
    address = f"127.0.0.1:{_free_port()}"
    done = run_kinemotion(
        "track", str(tmp_path / "x.mp4"), "--executor", "ray", env=_env(plugin_site, RAY_ADDRESS=address)
    )
    assert done.returncode == 1
    assert f"could not join the Ray cluster at RAY_ADDRESS={address}: nothing answers" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_cancels_the_tasks_on_the_cluster_and_writes_nothing(
    demo_video: Path, plugin_site: Path, tmp_path: Path
) -> None:
    beat = tmp_path / "heartbeat"
    env = _env(plugin_site, KINEMOTION_TEST_HEARTBEAT=str(beat))
    with _ray_head(env) as address:
        clip = short_clip(demo_video, tmp_path, 60, "long.mp4")  # 30 s of work at 0.5 s a frame
        run = [sys.executable, "-m", "kinemotion", "track", str(clip), "-o", str(tmp_path / "out.json")]
        proc = subprocess.Popen(
            [*run, "--executor", "ray", "-b", "slow-test", "-q"],
            env={**env, "RAY_ADDRESS": address},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=restore_sigint,
        )
        deadline = time.monotonic() + 120
        while not beat.exists():  # the task is running on the cluster
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        assert proc.returncode == 130, proc.communicate()
        time.sleep(3)  # a task still running would beat every 0.5 s
        last = beat.stat().st_mtime
        time.sleep(2)
        assert beat.stat().st_mtime == last, "the task went on after Ctrl-C"
        assert not (tmp_path / "out.json").exists() and not (tmp_path / "out.csv").exists()


REPLAY = """
import os
import numpy as np
from kinemotion import ClosingTracker

class Tracker(ClosingTracker):
    def __init__(self):
        data = np.load(os.environ["KINEMOTION_TEST_SERIES"])
        self.t = data["t"]
        self.ys = {k: data[k] for k in data.files if k != "t"}
    def process_frame(self, frame, timestamp_ms=0):
        i = int(np.argmin(np.abs(self.t * 1000 - (timestamp_ms - 1))))  # track_video adds 1 ms
        out = {n: (0.5, float(y[i]), 0.9) for n, y in self.ys.items() if np.isfinite(y[i])}
        return out if "nose" in out else None
"""


def test_cmj_on_ray_reports_the_same_jumps_as_the_local_run(tmp_path: Path) -> None:
    """Two videos of a three-jump CMJ set, seen by a backend installed on the workers (a physics series)."""
    from tests.jump.physics import cmj_set_motion, landmarks
    from tests.jump.physics_backend import blank_video

    t = np.arange(0, 8.5, 1 / 30)
    motion, _ = cmj_set_motion(t, [0.45, 0.55, 0.5], [1.0, 3.5, 6.0])
    series = tmp_path / "series.npz"
    np.savez(series, t=t, **landmarks(t, motion, noise=0.001, drop_every=0, seed=4))
    site = tmp_path / "site"
    install_backend(site, "series-replay", REPLAY)
    videos = [str(blank_video(tmp_path / "set.mp4", len(t), 30)), str(blank_video(tmp_path / "one.mp4", 105, 30))]
    env = _env(site, KINEMOTION_TEST_SERIES=str(series))
    outs = {}
    for executor in ("local", "ray"):
        out = tmp_path / executor
        done = run_kinemotion("cmj", *videos, "-b", "series-replay", "-o", str(out), "--executor", executor, env=env)
        assert done.returncode == 0, done.stderr
        outs[executor] = out
    assert (outs["ray"] / "cmj-jumps.csv").read_text() == (outs["local"] / "cmj-jumps.csv").read_text()
    for name in ("set", "one"):
        local = json.loads((outs["local"] / f"{name}.cmj.json").read_text())
        remote = json.loads((outs["ray"] / f"{name}.cmj.json").read_text())
        assert remote == local
    assert json.loads((outs["ray"] / "set.cmj.json").read_text())["jump_count"] == 3


def test_a_local_worker_process_that_dies_fails_its_videos_with_a_reason(
    demo_video: Path, plugin_site: Path, tmp_path: Path
) -> None:
    """The local executor (-j 2) has no retries: the video a worker process died on fails, one line, no traceback."""
    clips = [str(short_clip(demo_video, tmp_path, 4, f"{n}.mp4")) for n in ("d", "e")]
    env = _env(plugin_site, KINEMOTION_TEST_CRASH_MARKER=str(tmp_path / "crashed-once"))
    done = run_kinemotion("track", *clips, "-o", str(tmp_path / "out"), "-j", "2", "-b", "crash-once", env=env)
    assert "Traceback" not in done.stderr
    assert "the worker process failed (BrokenProcessPool)" in done.stderr
    written = sorted((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else []
    assert all(p.with_suffix(".csv") in written for p in written if p.suffix == ".json")  # whole or nothing
    assert done.returncode == (3 if written else 1), done.stderr  # some failed, or every one did


def test_a_killed_ray_worker_loses_no_video_and_tracks_none_twice(
    demo_video: Path, plugin_site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two tasks at a time (a local Ray of 8 CPUs: 4 a task), six queued ahead; the first worker process to
    reach its second video is killed there: each video comes back once, tracked."""
    from kinemotion.batch import VideoTask, execute

    clips = [str(short_clip(demo_video, tmp_path, 3, f"k{n}.mp4")) for n in range(6)]
    trackers, marker = tmp_path / "trackers.txt", tmp_path / "killed"
    tasks = [VideoTask(clip, "killed-on-its-second-video", "lightweight") for clip in clips]
    with (
        caplog.at_level("INFO", logger="kinemotion"),
        _local_ray(plugin_site, 8, KINEMOTION_TEST_TRACKERS=str(trackers), KINEMOTION_TEST_KILL_MARKER=str(marker)),
    ):
        results = list(execute(tasks, executor="ray", progress=False))
    assert marker.exists()  # a worker process really was killed mid-batch
    assert "Tracking 6 videos on Ray, 4 CPUs per task (model threads)" in caplog.text
    assert sorted(index for index, _ in results) == list(range(6))  # each video once
    for index, result in results:
        assert result.tracking is not None, result.error
        assert result.tracking.video.path == clips[index]
        assert len(result.tracking.timestamps_ms) == 3
    assert len(set(trackers.read_text().split())) >= 2  # the killed process's video was tracked by another


def test_a_video_that_kills_its_ray_worker_each_time_fails_after_the_retries(
    demo_video: Path, plugin_site: Path, tmp_path: Path
) -> None:
    from kinemotion.batch import VideoTask, execute
    from kinemotion.batch.executors import RAY_RETRIES

    clip = str(short_clip(demo_video, tmp_path, 2, "poison.mp4"))
    trackers = tmp_path / "trackers.txt"
    with _local_ray(plugin_site, 2, KINEMOTION_TEST_TRACKERS=str(trackers)):
        results = list(execute([VideoTask(clip, "always-killed", "lightweight")], executor="ray", progress=False))
    [(index, result)] = results
    assert index == 0 and result.tracking is None
    assert result.error is not None and result.error.startswith(f"{clip}: the Ray task failed (")
    assert "Traceback" not in result.error and "\n" not in result.error  # one line
    tries = trackers.read_text().split()  # the process of each try that got as far as creating its tracker
    # a new worker process for each try, no more (under heavy load a retried worker can die before it creates the
    # tracker: the error then says how the last try ended)
    assert len(set(tries)) == len(tries) == RAY_RETRIES + 1, (tries, result.error)


START_A_LOCAL_RAY = """
import logging
from kinemotion.batch.executors import _import_ray, _start_ray
ray = _import_ray()
_start_ray(ray)
logging.getLogger("ray").error("a real Ray error")
ray.shutdown()
"""


def test_a_local_rays_own_warnings_stay_off_the_terminal_and_its_errors_do_not(tmp_path: Path) -> None:
    """Before: ``--executor ray`` without a cluster printed Ray's own ``WARNING ... Token authentication is enabled
    for this Ray cluster. Set RAY_AUTH_MODE=disabled to opt out...`` among kinemotion's lines. Ray's errors
    still reach the terminal."""
    env = {k: v for k, v in env_with(tmp_path).items() if k not in ("RAY_ADDRESS", "RAY_AUTH_MODE")}
    env["HOME"] = str(tmp_path)  # no token of the user's: the new local Ray makes one and says so
    done = subprocess.run(
        [sys.executable, "-c", START_A_LOCAL_RAY], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "a real Ray error" in done.stderr
    assert "Token authentication" not in done.stderr + done.stdout and "WARNING" not in done.stderr, done.stderr
