"""Probes, provider checks, conformance, options and model downloads of the RTMPose plugins."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kinemotion import BackendUnavailableError, ModelDownloadError, create_tracker
from kinemotion.models import ModelFile, cache_dir
from kinemotion.pose import select_backend
from kinemotion.testing import check_plugin
from kinemotion_rtmpose import MODE_MODELS, RTMPoseCoreMLPlugin, RTMPoseCPUPlugin, RTMPoseCUDAPlugin
from kinemotion_rtmpose.cpu_cores import max_threads, physical_cores, threads_override
from kinemotion_rtmpose.model_files import ModeModels
from kinemotion_rtmpose.runtime import COREML, CPU, CUDA, installed_ort_distributions, make_session, probe_provider
from tests.core.distributions import on_sys_path, write_distribution
from tests.httpserver import local_http_server, unused_port_url
from tests.rtmpose.synthetic import detector_model, pose_model


@pytest.fixture(autouse=True)
def _fresh_probe_cache():  # type: ignore[no-untyped-def]
    probe_provider.cache_clear()
    yield
    probe_provider.cache_clear()


ORT_GPU = "onnxruntime-gpu" in installed_ort_distributions()


@pytest.mark.skipif(ORT_GPU, reason="onnxruntime-gpu is installed here (the GPU check): its probe is tested there")
def test_cuda_probe_says_why_not_on_this_machine() -> None:
    availability = RTMPoseCUDAPlugin().probe()
    assert not availability.available
    assert "no CUDA support" in availability.reason and "kinemotion[rtmpose-cuda]" in availability.reason


def test_coreml_probe_says_why_not_on_linux() -> None:
    availability = RTMPoseCoreMLPlugin().probe()
    assert not availability.available and "macOS on Apple Silicon" in availability.reason


def test_both_onnxruntimes_installed_is_detected(tmp_path: Path) -> None:
    write_distribution(tmp_path, "onnxruntime" if ORT_GPU else "onnxruntime-gpu", "1.31.1", {}, {})
    with on_sys_path(tmp_path):
        for plugin in (RTMPoseCPUPlugin(), RTMPoseCUDAPlugin()):
            probe_provider.cache_clear()
            reason = plugin.probe().reason
            assert "both installed" in reason and "pip uninstall -y onnxruntime onnxruntime-gpu" in reason


def test_session_on_a_missing_provider_is_refused() -> None:
    # This CPU build of ONNX Runtime would silently run a CUDA request on the CPU.
    model = pose_model(np.zeros(26, int), np.zeros(26, int))
    for provider in (COREML,) if ORT_GPU else (CUDA, COREML):  # onnxruntime-gpu may run CUDA (the GPU check)
        with pytest.raises(BackendUnavailableError, match=f"asked ONNX Runtime for {provider}.*CPUExecutionProvider"):
            make_session(model, provider)
    assert make_session(model, CPU).get_providers()[0] == CPU


@pytest.mark.skipif(ORT_GPU, reason="onnxruntime-gpu is installed here (the GPU check)")
def test_named_cuda_backend_fails_loudly_with_the_fix() -> None:
    with pytest.raises(BackendUnavailableError, match=r'pip install "kinemotion\[rtmpose-cuda\]"'):
        create_tracker("rtmpose-cuda")


def test_probing_cpu_does_not_import_onnxruntime() -> None:
    import subprocess
    import sys

    code = "import sys, kinemotion_rtmpose as k; k.RTMPoseCPUPlugin().probe(); print('onnxruntime' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_threads_follow_physical_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    physical_cores.cache_clear()
    cores = physical_cores()
    assert 1 <= cores <= len(os.sched_getaffinity(0))
    monkeypatch.setenv("KINEMOTION_ORT_THREADS", "1")
    physical_cores.cache_clear()
    threads_override.cache_clear()
    assert physical_cores() == 1
    physical_cores.cache_clear()
    threads_override.cache_clear()


@pytest.mark.parametrize(
    ("value", "expected", "logged"),
    [("99999", "max", "more than the"), ("-4", "auto", "not a positive whole number"), ("lots", "auto", "not a")],
)
def test_thread_override_is_capped_or_reported(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, value: str, expected: str, logged: str
) -> None:
    physical_cores.cache_clear()
    threads_override.cache_clear()
    auto = physical_cores()
    monkeypatch.setenv("KINEMOTION_ORT_THREADS", value)
    physical_cores.cache_clear()
    threads_override.cache_clear()
    with caplog.at_level("WARNING"):
        got = physical_cores()
    assert got == (max_threads() if expected == "max" else auto)
    assert logged in caplog.text and "KINEMOTION_ORT_THREADS" in caplog.text
    physical_cores.cache_clear()
    threads_override.cache_clear()
    with pytest.raises(ValueError, match="more than the"):
        RTMPoseCPUPlugin().create("lightweight", threads=max_threads() + 1)


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
@pytest.mark.parametrize("plugin_cls", [RTMPoseCPUPlugin, RTMPoseCUDAPlugin, RTMPoseCoreMLPlugin])
def test_conformance(plugin_cls, person_frame: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    plugin = plugin_cls()
    report = check_plugin(plugin, person_frame=person_frame, require_available=plugin_cls is RTMPoseCPUPlugin)
    assert report.ok, report.failures
    if plugin_cls is RTMPoseCPUPlugin:
        assert report.available and "close() is idempotent" in report.passed


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_auto_picks_rtmpose_cpu_when_openvino_is_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINEMOTION_DISABLED_BACKENDS", "rtmpose-openvino,rtmpose-cuda")  # as on a CPU machine
    selection = select_backend()
    tracker, name = selection.tracker, selection.info.name
    tracker.close()
    assert name == "rtmpose-cpu"


def test_options_are_checked(tmp_path: Path) -> None:
    plugin = RTMPoseCPUPlugin()
    with pytest.raises(TypeError, match="unknown options"):
        plugin.create(batch=4)
    with pytest.raises(ValueError, match="redetect_interval"):
        plugin.create(redetect_interval=0)
    with pytest.raises(ValueError, match="color_order"):
        plugin.create(color_order="hsv")
    with pytest.raises(ModelDownloadError, match="does not exist"):
        plugin.create(model_path=tmp_path / "missing.onnx")


def test_each_model_file_s_error_names_the_option_that_gives_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline with the pose model at hand but not the detector. Before: the error said to "pass its path as
    model_path=", the pose model's option, of the detector (``detector_path=``); a missing ``detector_path=``
    file was said to be "given as model_path="."""
    lightweight = MODE_MODELS["lightweight"]
    (tmp_path / "models").mkdir()
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(tmp_path / "models"))  # an offline folder without the detector
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "cache"))
    pose = tmp_path / "pose.onnx"  # given: both files are found before either is loaded
    pose.write_bytes(b"not loaded")
    with pytest.raises(ModelDownloadError) as offline:
        RTMPoseCPUPlugin().create(model_path=pose)
    said = str(offline.value)
    assert lightweight.detector.filename in said and "pass its path to the backend as detector_path=" in said, said
    with pytest.raises(ModelDownloadError, match=r"does not exist \(given as detector_path=\)"):
        RTMPoseCPUPlugin().create(model_path=pose, detector_path=tmp_path / "missing.onnx")


def _zip(member: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(member, data)
    return buf.getvalue()


def _serve_balanced(
    server,
    monkeypatch: pytest.MonkeyPatch,
    pose_body: bytes,
    det_body: bytes,  # type: ignore[no-untyped-def]
    pose: bytes,
    det: bytes,
) -> None:
    def spec(name: str, body: bytes, real: bytes) -> ModelFile:
        return ModelFile(
            filename=f"{name}.onnx",
            url=server.serve(f"/{name}.zip", body),
            sha256=hashlib.sha256(real).hexdigest(),
            size=len(real),
            archive_member="end2end.onnx",
        )

    monkeypatch.setitem(
        MODE_MODELS,
        "balanced",
        ModeModels(pose=spec("pose-m", pose_body, pose), detector=spec("det-m", det_body, det), detector_input=416),
    )


def _synthetic_pair() -> tuple[bytes, bytes]:
    pose = pose_model(np.full(26, 192), np.full(26, 256))
    det = detector_model(np.array([[100.0, 50.0, 200.0, 300.0]]), np.array([0.9]))
    return pose, det


def test_balanced_models_download_from_zip_archives(monkeypatch: pytest.MonkeyPatch) -> None:
    pose, det = _synthetic_pair()
    with local_http_server() as server:
        _serve_balanced(
            server,
            monkeypatch,
            _zip("rtmpose-m/20230605/end2end.onnx", pose),
            _zip("yolox-m/end2end.onnx", det),
            pose,
            det,
        )
        with create_tracker("rtmpose-cpu", mode="balanced", progress=False) as tracker:
            landmarks = tracker.process_frame(np.zeros((416, 416, 3), np.uint8))
        assert landmarks is not None
        assert (cache_dir() / "pose-m.onnx").read_bytes() == pose
        create_tracker("rtmpose-cpu", mode="balanced", progress=False).close()
        assert server.hits == {"/pose-m.zip": 1, "/det-m.zip": 1}


@pytest.mark.parametrize("damage", ["truncated", "corrupted"])
def test_bad_downloads_fail_clearly_and_leave_nothing(monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    pose, det = _synthetic_pair()
    archive = _zip("end2end.onnx", pose)
    if damage == "truncated":
        bad = archive[: len(archive) // 2]
    else:
        other = bytearray(pose)
        other[len(other) // 2] ^= 0xFF
        bad = _zip("end2end.onnx", bytes(other))
    with local_http_server() as server:
        _serve_balanced(server, monkeypatch, bad, _zip("end2end.onnx", det), pose, det)
        if damage == "truncated":
            server.routes["/pose-m.zip"].announce = len(archive)
        with pytest.raises(ModelDownloadError, match="pose-m.onnx"):
            create_tracker("rtmpose-cpu", mode="balanced", progress=False)
    assert not (cache_dir() / "pose-m.onnx").exists()
    assert [p.name for p in cache_dir().glob("*.part")] == []


def test_server_down_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ModelFile(filename="pose-m.onnx", url=unused_port_url(), archive_member="end2end.onnx")
    monkeypatch.setitem(MODE_MODELS, "balanced", ModeModels(pose=spec, detector=spec, detector_input=416))
    with pytest.raises(ModelDownloadError, match="Could not download pose-m.onnx.*KINEMOTION_MODEL_DIR"):
        create_tracker("rtmpose-cpu", mode="balanced", progress=False)
