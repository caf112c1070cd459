"""While a kept tracker works in the tracking thread, the command's own messages still reach the user.

A backend may silence native logging by pointing file descriptor 2 elsewhere
(MediaPipe does, around creating its graphs); with the tracker kept from
video to video, that can last while the command reports another video's
failure. The real command runs in a subprocess with a real installed test
backend that keeps descriptor 2 on /dev/null for as long as its tracker lives.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tests.cli import run_kinemotion
from tests.core.distributions import env_with, install_backend, write_distribution

SILENCER = """
import os
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def __init__(self):
        self._saved = os.dup(2)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)  # native logging off, for as long as the tracker lives
        os.close(quiet)

    def reset(self):
        pass

    def process_frame(self, frame, timestamp_ms=0):
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}

    def close(self):
        if self._saved is not None:
            os.dup2(self._saved, 2)
            os.close(self._saved)
            self._saved = None
"""


def _video(path: Path, frames: int = 5) -> str:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 30, (64, 48))
    for _ in range(frames):
        writer.write(np.full((48, 64, 3), 90, dtype=np.uint8))
    writer.release()
    return str(path)


def test_a_failure_is_reported_while_the_kept_tracker_silences_native_logging(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_backend(site, "fd-silencer", SILENCER)
    bad = tmp_path / "bad.mp4"
    bad.write_text("not a video\n")
    videos = [_video(tmp_path / "first.mp4"), str(bad), _video(tmp_path / "last.mp4", frames=60)]
    env = env_with(site)
    done = run_kinemotion("track", *videos, "-b", "fd-silencer", "-j", "1", "-o", str(tmp_path / "out"), env=env)
    assert done.returncode == 3, done.stderr
    assert f"Error: {bad} could not be opened as a video" in done.stderr, done.stderr
    assert (tmp_path / "out" / "last.landmarks.json").exists()


COUNTING = """
import os
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def __init__(self):
        with open(os.environ["KINEMOTION_TEST_CREATED"], "a") as log:
            log.write(f"{os.getpid()}\\n")

    def reset(self):
        pass

    def process_frame(self, frame, timestamp_ms=0):
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""


def test_each_worker_process_creates_its_tracker_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_backend(site, "counting", COUNTING)
    created = tmp_path / "created.txt"
    videos = [_video(tmp_path / f"v{i}.mp4") for i in range(6)]
    env = env_with(site, KINEMOTION_TEST_CREATED=str(created))
    done = run_kinemotion("track", *videos, "-b", "counting", "-j", "2", "-o", str(tmp_path / "out"), env=env)
    assert done.returncode == 0, done.stderr
    pids = created.read_text().split()
    assert 1 <= len(pids) <= 2 and len(set(pids)) == len(pids)  # one tracker per worker process, not per video
    assert len(list((tmp_path / "out").glob("*.landmarks.json"))) == 6


LOOKING_AHEAD = """
import os
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def reset(self):
        pass

    def process_frame(self, frame, timestamp_ms=0):
        from kinemotion.batch import tasks
        ahead = tasks._PROCESS_WORKER.decoding_ahead  # what this worker process opened for its next video
        with open(os.environ["KINEMOTION_TEST_AHEAD"], "a") as log:
            log.write(f"{os.getpid()} {ahead.name if ahead else '-'}\\n")
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""


def test_each_worker_process_decodes_its_next_video_while_tracking_the_current_one(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_backend(site, "looking-ahead", LOOKING_AHEAD)
    log = tmp_path / "ahead.txt"
    videos = [_video(tmp_path / f"v{i}.mp4") for i in range(6)]
    env = env_with(site, KINEMOTION_TEST_AHEAD=str(log))
    done = run_kinemotion("track", *videos, "-b", "looking-ahead", "-j", "2", "-o", str(tmp_path / "out"), env=env)
    assert done.returncode == 0, done.stderr
    seen = [line.split() for line in log.read_text().splitlines()]
    processes = {pid for pid, _ in seen}
    ahead = {name for _, name in seen if name != "-"}
    assert len(processes) == 2
    # every video but the first each process was given was opened by its process before its turn
    assert len(ahead) == len(videos) - len(processes), seen
    assert ahead <= {Path(v).name for v in videos}
    assert len(list((tmp_path / "out").glob("*.landmarks.json"))) == 6


def _small_video(path: Path, frames: int) -> Path:
    """A 32x24 video of ``frames`` grey frames at 30 fps: the size the dying test backends die on."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 30, (32, 24))
    for _ in range(frames):
        writer.write(np.full((24, 32, 3), 90, dtype=np.uint8))
    writer.release()
    return path


DIES_ON_SMALL = """
import os
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def reset(self):
        pass

    def process_frame(self, frame, timestamp_ms=0):
        if frame.shape[1] == 32:
            os._exit(1)  # the worker process dies on this video, as on a crash in a native library
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""


def test_a_worker_process_that_dies_fails_its_video_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_backend(site, "dies-on-small", DIES_ON_SMALL)
    small = _small_video(tmp_path / "small.mp4", 5)
    videos = [_video(tmp_path / "a.mp4"), str(small), *(_video(tmp_path / f"{n}.mp4") for n in "bcde")]
    env = env_with(site)
    out = tmp_path / "out"
    done = run_kinemotion("track", *videos, "-b", "dies-on-small", "-j", "2", "-o", str(out), env=env)
    assert done.returncode == 3, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and str(small) in errors[0], done.stderr
    assert "the worker process failed (BrokenProcessPool)" in errors[0]
    assert sorted(p.name for p in out.glob("*.landmarks.json")) == [f"{n}.landmarks.json" for n in "abcde"]


DIES_MID_VIDEO = """
import os
from kinemotion import ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    seen = 0

    def reset(self):
        pass

    def process_frame(self, frame, timestamp_ms=0):
        if frame.shape[1] == 32:
            Tracker.seen += 1
            if Tracker.seen == 4:  # a few frames drawn on its overlay already
                os._exit(1)  # the worker process dies mid-video, as on a native crash or the OOM killer
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}
"""


def test_a_worker_process_that_dies_mid_video_leaves_no_partial_overlay(tmp_path: Path) -> None:
    """``track VIDEOS -j 2 --overlay out``, a worker process dying four frames into a video: before, its partial
    overlay (``out/.small.overlay.PID@HOST.….partial.mp4``) stayed behind after the batch had gone on and ended;
    the dead process is now reaped and what it left removed. The other videos' overlays are written whole."""
    site = tmp_path / "site"
    install_backend(site, "dies-mid-video", DIES_MID_VIDEO)
    small = _small_video(tmp_path / "small.mp4", 40)
    videos = [_video(tmp_path / "a.mp4"), str(small), _video(tmp_path / "b.mp4")]
    out = tmp_path / "out"
    args = ("track", *videos, "-b", "dies-mid-video", "-j", "2", "-o", str(out), "--overlay", str(out))
    done = run_kinemotion(*args, env=env_with(site))
    assert done.returncode == 3, done.stderr
    assert "the worker process failed (BrokenProcessPool)" in done.stderr and str(small) in done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{n}.{what}" for n in "ab" for what in ("landmarks.json", "landmarks.csv", "overlay.mp4")
    )


FALLBACK = """
from kinemotion import Availability, ClosingTracker, ModelDownloadError, REQUIRED_LANDMARKS


class Tracker(ClosingTracker):
    def process_frame(self, frame, timestamp_ms=0):
        return {n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}


class Offline:
    name = "zz-offline"
    priority = 100_000
    modes = ("lightweight",)

    def probe(self):
        return Availability.yes("models download on first use")

    def create(self, mode="lightweight", **options):
        raise ModelDownloadError("Could not download zz.onnx: no network")


class Here:
    name = "zz-here"
    priority = 99_999
    modes = ("lightweight",)

    def probe(self):
        return Availability.yes("bundled model")

    def create(self, mode="lightweight", **options):
        return Tracker()
"""


def test_a_run_where_auto_moves_past_a_backend_names_the_one_it_tracked_with(tmp_path: Path) -> None:
    """Offline, auto's first pick cannot download its model: the user is told which backend tracked instead.

    Before: two "could not start, trying the next one" warnings, then "demo.mp4: wrote out/demo.json and
    out/demo.csv", and nothing said that MediaPipe, not RTMPose, had tracked the video.
    """
    site = tmp_path / "site"
    write_distribution(
        site,
        "zz-fallback",
        "1.0",
        {"zz-offline": "zz_fallback:Offline", "zz-here": "zz_fallback:Here"},
        {"zz_fallback": FALLBACK},
    )
    shipped = "rtmpose-cuda,rtmpose-coreml,rtmpose-openvino,rtmpose-cpu,mediapipe"
    env = env_with(site, KINEMOTION_DISABLED_BACKENDS=shipped)
    env.pop("POSE_TRACKER_BACKEND", None)
    video = _video(tmp_path / "demo.mp4")
    done = run_kinemotion("track", video, "-o", str(tmp_path / "out" / "demo.json"), "-q", env=env)
    assert done.returncode == 0, done.stderr
    assert "Backend 'zz-offline' could not start, trying the next one" in done.stderr
    assert "Using pose backend 'zz-here' ('zz-offline' could not start)." in done.stderr
    assert f"{video} [zz-here]: wrote " in done.stdout
