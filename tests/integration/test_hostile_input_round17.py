"""Hostile input, round 17: what a seventeenth outside attack (model folders holding damaged or other models,
runs into one folder at once, read-only and full filesystems, videos replaced or re-pointed between runs, phone
clips with rotation or a variable frame rate, interrupts at each stage) found still broken.

Each test reproduces what a user or a plugin author could do and checks for one clear error naming the file,
frame or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

# --- a model file of the right name in KINEMOTION_MODEL_DIR, cut short or another model ------------------------------


def test_a_model_folder_holding_a_model_cut_short_says_so_not_that_it_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``KINEMOTION_MODEL_DIR`` holding the RTMPose model under its name, but cut short (a copy interrupted, a
    download saved half-way) or another model renamed, with downloads off. Before: the backend was unavailable
    because "KINEMOTION_MODEL_DIR=... has no rtmpose-s_...onnx", which the user can see it has: the file is
    there. Now the message says what is wrong with the file there and to replace it."""
    from kinemotion.models import ModelFile, offline_advice

    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "pose.onnx").write_bytes(b"x" * 4)  # 4 bytes where the model has 10
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(folder))
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    spec = ModelFile(filename="pose.onnx", url="https://example.org/pose.onnx", sha256="0" * 64, size=10)
    advice = offline_advice(spec)
    assert "has no pose.onnx" not in advice
    assert f"{folder / 'pose.onnx'} has 4 bytes, expected 10" in advice
    assert "replace it" in advice


def test_rtmpose_with_its_model_cut_short_in_the_model_folder_is_unavailable_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same seen from ``kinemotion backends`` (and ``track -b rtmpose-cpu``): "rtmpose-s_...onnx not in
    KINEMOTION_MODEL_DIR or the cache ... (KINEMOTION_MODEL_DIR=... has no rtmpose-s_...onnx)" of a folder
    holding it, cut short."""
    from kinemotion_rtmpose.model_files import MODE_MODELS
    from kinemotion_rtmpose.plugin import RTMPoseCPUPlugin

    light = MODE_MODELS["lightweight"]
    folder = tmp_path / "models"
    folder.mkdir()
    for spec in (light.pose, light.detector):
        (folder / spec.filename).write_bytes(b"cut short")
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(folder))
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    availability = RTMPoseCPUPlugin().probe()
    assert not availability.available
    assert " has no " not in availability.reason and " not in KINEMOTION_MODEL_DIR" not in availability.reason
    assert f"{folder / light.pose.filename} has 9 bytes, expected {light.pose.size}" in availability.reason


@pytest.mark.parametrize("folder_variable", ["KINEMOTION_MODEL_DIR", "KINEMOTION_CACHE_DIR"])
def test_a_damaged_mediapipe_model_found_in_a_folder_is_named_with_where_it_was_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder_variable: str
) -> None:
    """``-m performance`` with ``pose_landmarker_heavy.task`` damaged in the model folder or the cache (the heavy
    model is not pinned: nothing checks it before MediaPipe opens it). Before: "MediaPipe could not load ...: give
    a pose_landmarker_*.task file as model_path, or leave it out for the bundled one", of a ``model_path`` nobody
    gave and a bundled model this mode does not have. Now: where the file was found, that it is damaged, and to
    delete or replace it."""
    from kinemotion import BackendError
    from kinemotion_mediapipe.plugin import MediaPipePlugin

    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv(folder_variable, str(tmp_path if folder_variable == "KINEMOTION_CACHE_DIR" else folder))
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    damaged = folder / "pose_landmarker_heavy.task"
    damaged.write_bytes(b"PK\x03\x04 not a whole zip")
    with pytest.raises(BackendError) as info:
        MediaPipePlugin().create("performance")
    message = str(info.value)
    assert "model_path" not in message and "bundled" not in message
    assert f"{damaged}" in message
    assert ("model cache" if folder_variable == "KINEMOTION_CACHE_DIR" else "KINEMOTION_MODEL_DIR") in message
    assert "delete it" in message.lower() and "pose_landmarker_heavy.task" in message


# --- a file of another kind given to rtmpose-openvino as its model ----------------------------------------------------


def test_a_mediapipe_model_given_to_rtmpose_openvino_is_one_error_without_native_log_lines(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """``create_tracker("rtmpose-openvino", model_path="pose_landmarker_lite.task")`` (the other backend's model,
    a .task bundle: a zip). Before: OpenVINO tried its other frontends on it, and TensorFlow's printed a dozen
    native lines ("WARNING: All log messages before absl::InitializeLog() ...", "E0000 ... text_format.cc:417]
    Error parsing text-format tensorflow.GraphDef ...") before the error, itself OpenVINO's multi-line C++
    trace. Now: one error naming the file as no ONNX model, nothing else on stderr."""
    from kinemotion import BackendUnavailableError
    from kinemotion_rtmpose import RTMPoseOpenVINOPlugin
    from tests.rtmpose.synthetic import detector_model

    bundle = tmp_path / "pose_landmarker_lite.task"
    bundle.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)  # a zip's header, then no protobuf
    detector = tmp_path / "det.onnx"
    detector.write_bytes(detector_model(np.array([[20.0, 10.0, 300.0, 400.0]]), np.array([0.9])))
    capfd.readouterr()
    with pytest.raises(BackendUnavailableError) as info:
        RTMPoseOpenVINOPlugin().create(model_path=bundle, detector_path=detector)
    assert f"{bundle}" in str(info.value) and "not an ONNX model" in str(info.value)
    assert "\n" not in str(info.value)
    out, err = capfd.readouterr()
    assert "GraphDef" not in out + err and "absl" not in out + err, err


def test_an_onnx_model_cut_short_given_to_rtmpose_openvino_is_said_in_one_line(tmp_path: Path) -> None:
    """An RTMPose ONNX cut short (an interrupted copy) as ``model_path``: the error was OpenVINO's C++ trace over
    five lines ("Exception from src/inference/src/cpp/core.cpp:84:", "Check 'm_model->ParseFromIstream(...)'
    failed at src/frontends/...", ...), which breaks a log into lines no longer naming the file. Now one line."""
    from kinemotion import BackendUnavailableError
    from kinemotion_rtmpose.openvino_runtime import make_openvino_session
    from tests.rtmpose.synthetic import POSE_H, POSE_W, pose_model

    whole = pose_model(np.arange(26) % (POSE_W * 2), np.arange(26) % (POSE_H * 2))
    cut = tmp_path / "pose.onnx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BackendUnavailableError) as info:
        make_openvino_session(cut)
    message = str(info.value)
    assert message.startswith(f"OpenVINO could not compile {cut}: ") and "\n" not in message.strip(), message
    assert "src/" not in message, message


# --- the copy of a video a Ray worker killed outright left in the temporary folder ------------------------------------


def test_the_video_copy_a_killed_ray_worker_left_is_removed_by_the_next_task_on_that_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: str
) -> None:
    """A Ray worker gets the video's bytes and writes them to a temporary folder to decode them. One killed
    outright (out of memory on a long 4K clip; Ray retries it, and each try is killed again) never removed its
    folder: a whole copy of the video stayed in the node's /tmp for each try, for good (this machine's /tmp held
    990 such folders, 282 MB, from the test suite's killed workers). A task's folder now names its worker
    (``kinemotion-task-PID@HOST-...``); the next task on the machine removes those of workers that are gone, and
    leaves a running worker's."""
    import socket
    import subprocess
    import sys
    import tempfile

    from kinemotion.batch import VideoTask
    from kinemotion.batch.tasks import run_task
    from kinemotion.tracking import TrackingWorker
    from tests.jump.physics_backend import blank_video

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = socket.gethostname()
    killed = temp / f"kinemotion-task-{gone.stdout.strip()}@{host}-k1ll3d_x"
    running = temp / f"kinemotion-task-{os.getpid()}@{host}-running1"
    for folder in (killed, running):
        (folder / "input").mkdir(parents=True)
        (folder / "input" / "long.mp4").write_bytes(b"a copy of the video")
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    with TrackingWorker() as worker:
        result = run_task(VideoTask(str(video), fake, "lightweight"), video.read_bytes(), worker=worker)
    assert result.tracking is not None, result.error
    assert sorted(p.name for p in temp.iterdir()) == [running.name]  # the gone worker's removed; this task's too


# --- two runs writing one output, started with different temporary folders ---------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="a machine-wide lock folder is a POSIX one (/tmp)")
def test_a_run_started_with_another_temporary_folder_is_still_refused_an_output_a_running_one_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ``kinemotion cmj`` into one folder at once, one of them started by a job scheduler that gives each job
    its own ``TMPDIR`` (SLURM, PBS, a CI runner), or by another analyst's account on the same machine. Before:
    the lock each run takes on its outputs was a file of ``$TMPDIR/kinemotion-UID-outputs``, so neither saw the
    other's: both wrote, and each said it wrote its own. The locks are now in one folder of the machine."""
    import subprocess
    import sys
    import tempfile

    from kinemotion.cli._busy import OutputBusyError, outputs_held

    report = tmp_path / "out" / "clip.cmj.json"
    for job in ("job-1", "job-2"):
        (tmp_path / job).mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from kinemotion.cli._busy import outputs_held\n"
            "with outputs_held([Path(sys.argv[1])]):\n    print('held', flush=True); sys.stdin.read()",
            str(report),
        ],
        env={**os.environ, "TMPDIR": str(tmp_path / "job-1")},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "job-2"))
        with pytest.raises(OutputBusyError, match="another kinemotion run is writing"), outputs_held([report]):
            pass
    finally:
        holder.communicate("")
    with outputs_held([report]):  # the first run ended: free
        pass


# --- a model cache in the home folder of no user ----------------------------------------------------------------------


def test_a_cache_folder_in_a_home_that_cannot_be_found_leaves_the_backends_usable_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_models: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``KINEMOTION_CACHE_DIR=~analyst/cache`` copied from another machine's setup, on one with no such user (or a
    container run as a user id with no home: ``docker run --user 1234`` without ``HOME``, where the default cache
    is in ``~``). Before: every RTMPose backend was unavailable, ``rtmpose-openvino`` because "OpenVINO failed its
    probe: RuntimeError: Could not determine home directory" (with "To install or repair it: pip install ..."),
    ``rtmpose-cpu`` because its "probe() raised RuntimeError" against a contract rule, although the models were
    at hand in ``KINEMOTION_MODEL_DIR``. Now the cache is kept in the temporary folder for the while, with one
    warning naming the variable and the fix, and the backends run."""
    import logging
    import tempfile

    from kinemotion.models import cache_dir
    from kinemotion_rtmpose import RTMPoseCPUPlugin

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", "~no-such-user-k17/cache")
    with caplog.at_level(logging.WARNING):
        folder = cache_dir()
        availability = RTMPoseCPUPlugin().probe()
    assert availability.available, availability.reason
    assert folder.is_relative_to(tmp_path)
    said = [r.getMessage() for r in caplog.records if "KINEMOTION_CACHE_DIR" in r.getMessage()]
    assert len(said) == 1 and "~no-such-user-k17/cache" in said[0] and f"{folder.parent}" in said[0], said


# --- a model file this user cannot read ----------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file: run as another user")
def test_a_model_file_this_user_cannot_read_is_named_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model folder an administrator filled, its files readable by their owner alone (``chmod 600``). Before:
    "failed to create a 'lightweight' tracker: PermissionError: [Errno 13] Permission denied: '...onnx'",
    Python's words and no fix. Now: the file cannot be read by this user, and what to do."""
    from kinemotion import ModelDownloadError
    from kinemotion.models import ModelFile, ensure_model

    folder = tmp_path / "models"
    folder.mkdir()
    model = folder / "pose.onnx"
    model.write_bytes(b"x" * 10)
    model.chmod(0o200)
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(folder))
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    spec = ModelFile(filename="pose.onnx", url="https://example.org/pose.onnx", sha256="0" * 64, size=10)
    with pytest.raises(ModelDownloadError) as info:
        ensure_model(spec, progress=False)
    message = str(info.value)
    assert f"{model} cannot be read" in message and "Permission denied" in message
    assert "chmod a+r" in message and "KINEMOTION_MODEL_DIR" in message
