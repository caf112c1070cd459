"""MediaPipe tracker behaviour: conformance, inputs, timestamps, options, models."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from kinemotion import BackendError, BackendUnavailableError, ModelDownloadError, UnsupportedModeError, create_tracker
from kinemotion.models import ModelFile, cache_dir
from kinemotion.testing import assert_conforms, empty_frame
from kinemotion_mediapipe import MODEL_FILES, MediaPipePlugin
from kinemotion_mediapipe.landmark_map import BLAZEPOSE_TO_CANONICAL
from tests.assets import MP_LITE, asset
from tests.conftest import crop_athlete
from tests.httpserver import local_http_server

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def tracker():  # type: ignore[no-untyped-def]
    with MediaPipePlugin().create() as t:
        yield t


def test_conforms(person_frame: np.ndarray) -> None:
    report = assert_conforms(MediaPipePlugin(), person_frame=person_frame)
    assert report.available


def test_all_33_landmarks_mapped_to_the_vocabulary(tracker, demo_frames) -> None:  # type: ignore[no-untyped-def]
    result = None
    for i in range(40, 50):
        result = tracker.process_frame(demo_frames[i], 0)
    assert result is not None and set(result) == set(BLAZEPOSE_TO_CANONICAL)
    assert len(set(BLAZEPOSE_TO_CANONICAL)) == 33


def test_none_on_frames_with_nobody() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (480, 640, 3), dtype=np.uint8)
    black = np.zeros((480, 640, 3), np.uint8)
    with MediaPipePlugin().create() as t:
        assert t.process_frame(empty_frame()) is None
        assert t.process_frame(noise) is None
        assert t.process_frame(black) is None


def test_bgr_order_matters(demo_frames) -> None:  # type: ignore[no-untyped-def]
    # The same frames fed as RGB (wrong order) must not give identical output:
    # proof that the BGR -> RGB conversion happens.
    frames = [crop_athlete(demo_frames[i]) for i in range(40, 46)]
    with MediaPipePlugin().create() as a, MediaPipePlugin().create() as b:
        ra = [a.process_frame(f, 0) for f in frames][-1]
        rb = [b.process_frame(np.ascontiguousarray(f[:, :, ::-1]), 0) for f in frames][-1]
    assert ra is not None and ra != rb


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (None, "frame is None"),
        (np.zeros((48, 64, 3), np.float32), "dtype uint8"),
        (np.zeros((0, 64, 3), np.uint8), "empty"),
        (np.zeros((48, 64, 2), np.uint8), "H x W x 3"),
        ([[1, 2, 3]], "numpy array"),
    ],
)
def test_bad_frames_give_clear_errors(tracker, frame: object, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        tracker.process_frame(frame, 0)


def test_grayscale_bgra_and_views_are_handled(person_frame: np.ndarray) -> None:
    gray = person_frame.mean(axis=2).astype(np.uint8)
    bgra = np.dstack([person_frame, np.full(person_frame.shape[:2], 255, np.uint8)])
    view = person_frame[:, ::-1]  # not contiguous
    with MediaPipePlugin().create() as t:
        results = [t.process_frame(frame, 0) for frame in (gray, gray[:, :, None], bgra, view)]
    for result in results:
        assert result is not None and len(result) == 33
    # the mirrored view puts the person's nose on the other side of the frame
    assert results[3] is not None and results[2] is not None
    assert results[3]["nose"][0] == pytest.approx(1 - results[2]["nose"][0], abs=0.05)


def test_timestamps_zero_repeated_and_backwards(demo_frames) -> None:  # type: ignore[no-untyped-def]
    with MediaPipePlugin().create() as t:
        for i in range(3):
            t.process_frame(demo_frames[i], 0)
        t.process_frame(demo_frames[3], 5000)
        with pytest.raises(ValueError, match="must increase.*got 4000 after 5000"):
            t.process_frame(demo_frames[4], 4000)
        with pytest.raises(ValueError, match="must increase"):
            t.process_frame(demo_frames[4], 5000)
        t.process_frame(demo_frames[5], 5033)


def test_closed_tracker_refuses_frames(person_frame: np.ndarray) -> None:
    t = MediaPipePlugin().create()
    t.close()
    t.close()
    with pytest.raises(RuntimeError, match="closed"):
        t.process_frame(person_frame)


def test_options_are_checked() -> None:
    plugin = MediaPipePlugin()
    with pytest.raises(ValueError, match="min_tracking_confidence"):
        plugin.create(min_tracking_confidence=1.5)
    with pytest.raises(ValueError, match="num_poses"):
        plugin.create(num_poses=0)
    with pytest.raises(TypeError, match="unknown options \\['confidence'\\]"):
        plugin.create(confidence=0.3)
    with pytest.raises(UnsupportedModeError):
        plugin.create("turbo")


def test_num_poses_one_with_strict_confidences(demo_frames) -> None:  # type: ignore[no-untyped-def]
    with create_tracker("mediapipe", num_poses=1, min_pose_detection_confidence=0.7) as t:
        results = [t.process_frame(crop_athlete(demo_frames[i]), 0) for i in range(40, 60)]
    assert sum(r is not None for r in results) >= 15


def test_bundled_lite_model_works_offline(monkeypatch: pytest.MonkeyPatch, person_frame) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    assert MediaPipePlugin().probe().reason == "MediaPipe Tasks, lite model bundled"
    with create_tracker("mediapipe") as t:
        assert t.model_path.parent.name == "models"  # type: ignore[attr-defined]


def _serve_real_task(server, monkeypatch: pytest.MonkeyPatch, body: bytes) -> ModelFile:  # type: ignore[no-untyped-def]
    real = asset(MP_LITE).read_bytes()
    spec = ModelFile(
        filename="pose_landmarker_full.task",
        url=server.serve("/pose_landmarker_full.task", body),
        sha256=hashlib.sha256(real).hexdigest(),
        size=len(real),
    )
    monkeypatch.setitem(MODEL_FILES, "balanced", spec)
    return spec


def test_balanced_model_downloads_on_first_use(monkeypatch: pytest.MonkeyPatch, demo_frames) -> None:  # type: ignore[no-untyped-def]
    real = asset(MP_LITE).read_bytes()
    with local_http_server() as server:
        _serve_real_task(server, monkeypatch, real)
        with create_tracker("mediapipe", mode="balanced", progress=False) as t:
            assert t.model_path == cache_dir() / "pose_landmarker_full.task"  # type: ignore[attr-defined]
            results = [t.process_frame(demo_frames[i], 0) for i in range(40, 45)]
        assert results[-1] is not None
        create_tracker("mediapipe", mode="balanced", progress=False).close()
        assert server.hits["/pose_landmarker_full.task"] == 1


@pytest.mark.parametrize("damage", ["truncated", "corrupted"])
def test_bad_download_is_a_clear_error_and_leaves_no_file(monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    real = asset(MP_LITE).read_bytes()
    body = real[: len(real) // 2] if damage == "truncated" else real[:100] + b"\0" + real[101:]
    with local_http_server() as server:
        _serve_real_task(server, monkeypatch, body)
        with pytest.raises(ModelDownloadError, match="pose_landmarker_full.task"):
            create_tracker("mediapipe", mode="balanced", progress=False)
    leftovers = [p.name for p in cache_dir().glob("*") if not p.name.endswith(".lock")]
    assert leftovers == []


def test_explicit_model_path(tmp_path: Path, person_frame: np.ndarray) -> None:
    with create_tracker("mediapipe", model_path=asset(MP_LITE)) as t:
        assert t.model_path == asset(MP_LITE)  # type: ignore[attr-defined]
    with pytest.raises(ModelDownloadError, match="does not exist"):
        create_tracker("mediapipe", model_path=tmp_path / "missing.task")


def test_probe_without_mediapipe(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "mediapipe" else real_find_spec(name, *a),
    )
    availability = MediaPipePlugin().probe()
    assert not availability.available and 'pip install "kinemotion[mediapipe]"' in availability.reason
    with pytest.raises(BackendUnavailableError, match="mediapipe is not installed"):
        create_tracker("mediapipe")


def test_the_lite_model_declares_its_measured_foot_timing_bias_also_given_as_model_path() -> None:
    """Contract 1.3: the bundled lite model's bias (measured by benchmarks/foot_timing_bias.py), also when its
    file is given as model_path (known by its content); the full model's and a model of one's own:
    tests/mediapipe/test_foot_timing_bias.py."""
    from kinemotion.pose.contract import foot_timing_bias_of
    from kinemotion_mediapipe.plugin import LITE_FOOT_TIMING_BIAS_S

    with MediaPipePlugin().create() as lite:
        assert foot_timing_bias_of(lite) == LITE_FOOT_TIMING_BIAS_S
    takeoff, landing = LITE_FOOT_TIMING_BIAS_S
    assert takeoff < 0 < landing  # MediaPipe sees the feet leave early and land late
    with MediaPipePlugin().create(model_path=asset(MP_LITE)) as given:
        assert foot_timing_bias_of(given) == LITE_FOOT_TIMING_BIAS_S


def test_a_model_path_that_is_not_a_pose_landmarker_names_the_file(tmp_path: Path) -> None:
    """Before: "failed to create a 'lightweight' tracker: RuntimeError: Unable to open zip archive." (no file)."""
    wrong = tmp_path / "yolox.onnx"
    wrong.write_bytes(b"\x08\x07not a task bundle")
    with pytest.raises(BackendError, match=rf"MediaPipe could not load {wrong} as a pose landmarker model"):
        create_tracker("mediapipe", model_path=wrong)
