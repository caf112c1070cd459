"""``rtmpose-openvino``: the same pipeline as ``rtmpose-cpu`` on OpenVINO, exact on synthetic models,
within a pixel of ONNX Runtime at fp32 on real footage, and bf16's difference measured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kinemotion import BackendUnavailableError, explain_auto
from kinemotion.pose import select_backend
from kinemotion.testing import check_plugin
from kinemotion_rtmpose import RTMPoseCPUPlugin, RTMPoseOpenVINOPlugin
from kinemotion_rtmpose.openvino_runtime import make_openvino_session, probe_openvino
from tests.assets import RTMPOSE_S, asset, frames_by_index
from tests.rtmpose.synthetic import POSE_H, POSE_W, detector_model, pose_model

RNG = np.random.default_rng(11)
X_BINS = RNG.integers(0, POSE_W * 2, 26)
Y_BINS = RNG.integers(0, POSE_H * 2, 26)
HAS_BF16 = "bf16" in probe_openvino()[1]


def _synthetic(tmp_path: Path, box: np.ndarray, **options: object):  # type: ignore[no-untyped-def]
    (tmp_path / "pose.onnx").write_bytes(pose_model(X_BINS, Y_BINS))
    (tmp_path / "det.onnx").write_bytes(detector_model(box[None] * (416 / 640), np.array([0.9])))
    return RTMPoseOpenVINOPlugin().create(
        model_path=tmp_path / "pose.onnx", detector_path=tmp_path / "det.onnx", redetect_interval=1, **options
    )


@pytest.mark.parametrize("precision", ["fp32", "auto"])
def test_synthetic_keypoints_match_onnx_runtime_exactly(tmp_path: Path, precision: str) -> None:
    """Same models, same frame: OpenVINO's keypoints are ONNX Runtime's (the SimCC peaks are exact bins)."""
    box = np.array([200.0, 100.0, 320.0, 420.0])
    frame = RNG.integers(0, 255, (480, 640, 3), dtype=np.uint8)
    with _synthetic(tmp_path, box, precision=precision) as ov:
        found = ov.keypoints(frame)
        expected_provider = "OpenVINO CPU " + ("bf16" if precision == "auto" and HAS_BF16 else "fp32")
        assert ov.provider == expected_provider
    with RTMPoseCPUPlugin().create(
        model_path=tmp_path / "pose.onnx", detector_path=tmp_path / "det.onnx", redetect_interval=1
    ) as ort:
        reference = ort.keypoints(frame)
    assert found is not None and reference is not None
    np.testing.assert_allclose(found[0], reference[0], atol=0.01)
    # bf16 keeps 8 bits of mantissa: 0.9 comes back as 0.8984
    np.testing.assert_allclose(found[1], reference[1], atol=2e-3 if precision == "auto" else 1e-6)


def test_precision_is_checked_before_any_model_is_fetched(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"precision must be one of auto, bf16, fp32, got 'int4'"):
        RTMPoseOpenVINOPlugin().create(precision="int4", model_path=tmp_path / "missing.onnx")
    with pytest.raises(TypeError, match=r"unknown options \['precision'\]"):
        RTMPoseCPUPlugin().create(precision="fp32")


def test_a_file_that_is_not_a_model_is_refused_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "broken.onnx"
    bad.write_bytes(b"not an onnx file")
    with pytest.raises(BackendUnavailableError, match=r"OpenVINO could not compile .*broken\.onnx"):
        make_openvino_session(bad)


def test_probe_runs_a_model_and_names_the_precision() -> None:
    ok, reason = probe_openvino()
    assert ok, reason
    assert reason.startswith("OpenVINO 20") and (", bf16, " in reason or ", fp32, " in reason), reason


def test_without_openvino_the_probe_says_how_to_install_it() -> None:
    """In a fresh interpreter where ``import openvino`` finds nothing (as when it is not installed)."""
    code = (
        "import sys; sys.modules['openvino'] = None\n"  # Python's own 'this import is blocked'
        "from kinemotion_rtmpose import RTMPoseOpenVINOPlugin\n"
        "print(RTMPoseOpenVINOPlugin().probe())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert 'OpenVINO is not installed: pip install "kinemotion[rtmpose-openvino]"' in out.stdout, out


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_conformance(person_frame: np.ndarray) -> None:
    report = check_plugin(RTMPoseOpenVINOPlugin(), person_frame=person_frame, require_available=True)
    assert report.ok, report.failures


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_auto_prefers_openvino_over_onnx_runtime_on_this_cpu() -> None:
    selection = select_backend()
    tracker, name = selection.tracker, selection.info.name
    tracker.close()
    assert name == "rtmpose-openvino"
    choice = explain_auto()
    assert choice.winner is not None and choice.winner.name == "rtmpose-openvino"
    assert [name for name, _ in choice.skipped] == ["rtmpose-cuda", "rtmpose-coreml"]


@pytest.fixture(scope="module")
def demo_frames(demo_video: Path) -> dict[int, np.ndarray]:
    return frames_by_index(demo_video, list(range(90, 210)))


def _keypoints(plugin: object, frames: dict[int, np.ndarray], **options: object) -> dict[int, np.ndarray]:
    out = {}
    pose, det = asset(RTMPOSE_S), asset(RTMPOSE_S).parent / "yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx"
    options = {"redetect_interval": 1, **options}
    with plugin.create(model_path=pose, detector_path=det, **options) as tracker:  # type: ignore[attr-defined]
        for i, frame in frames.items():
            found = tracker.keypoints(frame)
            if found is not None:
                out[i] = found[0]
    return out


def _median_distance(a: dict[int, np.ndarray], b: dict[int, np.ndarray]) -> tuple[float, int]:
    both = sorted(set(a) & set(b))
    return float(np.median(np.concatenate([np.linalg.norm(a[i] - b[i], axis=1) for i in both]))), len(both)


@pytest.mark.models
def test_fp32_is_within_a_pixel_of_onnx_runtime_on_real_footage(demo_frames: dict[int, np.ndarray]) -> None:
    """The issue's bar: parity within 1 px median at fp32 (demo frames 90-209, 1768x994, detector every frame)."""
    reference = _keypoints(RTMPoseCPUPlugin(), demo_frames)
    fp32 = _keypoints(RTMPoseOpenVINOPlugin(), demo_frames, precision="fp32", detector="graph")
    median, frames = _median_distance(fp32, reference)
    assert frames >= 100, frames
    assert median < 1.0, median  # measured: 2e-5 px (the same detector graph: the runtimes agree)


@pytest.mark.models
@pytest.mark.skipif(not HAS_BF16, reason="this CPU computes in fp32 only (no native bf16)")
def test_bf16_moves_keypoints_by_a_few_pixels_at_most(demo_frames: dict[int, np.ndarray]) -> None:
    reference = _keypoints(RTMPoseCPUPlugin(), demo_frames)
    bf16 = _keypoints(RTMPoseOpenVINOPlugin(), demo_frames, precision="bf16", detector="graph")
    median, frames = _median_distance(bf16, reference)
    assert frames >= 100, frames
    assert median < 3.0, median  # measured: 1.96 px (AVX-512 BF16, OpenVINO 2026.4)


@pytest.mark.models
def test_the_default_moves_keypoints_by_a_few_pixels_at_most(demo_frames: dict[int, np.ndarray]) -> None:
    """As a user runs it: default precision, YOLOX's head at the frame's aspect, the detector when needed."""
    reference = _keypoints(RTMPoseCPUPlugin(), demo_frames, redetect_interval=30)
    default = _keypoints(RTMPoseOpenVINOPlugin(), demo_frames, redetect_interval=30)
    median, frames = _median_distance(default, reference)
    assert frames >= 95, frames  # both lose the athlete upside down in the flip (about 18 frames)
    assert median < 3.0, median  # measured: 1.8 px with bf16 (0.7 px at fp32: the detector's part)


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_a_tracker_made_again_loads_what_the_first_compiled(
    person_frame: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compiled models (the pose model, the detector's head at this frame's size) are kept in
    KINEMOTION_CACHE_DIR/openvino: the next tracker, in this process or another, loads them, and they answer
    exactly as the compiled ones did."""
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path))
    with RTMPoseOpenVINOPlugin().create() as first:
        expected = [first.process_frame(person_frame, ts) for ts in (1, 34, 67)]
        assert not first._pose.session.loaded_from_cache  # type: ignore[union-attr]
    blobs = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "openvino").glob("*.blob")}
    assert len(blobs) >= 2
    with RTMPoseOpenVINOPlugin().create() as again:
        assert [again.process_frame(person_frame, ts) for ts in (1, 34, 67)] == expected
        assert again._pose.session.loaded_from_cache  # type: ignore[union-attr]
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "openvino").glob("*.blob")} == blobs  # none compiled anew
