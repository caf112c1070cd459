"""Exact geometry and SimCC decoding, through real ONNX Runtime sessions on synthetic models."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kinemotion_rtmpose import RTMPoseCPUPlugin
from kinemotion_rtmpose.geometry import BOX_PADDING, crop_transform
from kinemotion_rtmpose.halpe26 import HALPE26_TO_CANONICAL
from tests.rtmpose.synthetic import POSE_H, POSE_W, detector_model, pose_model

RNG = np.random.default_rng(7)
X_BINS = RNG.integers(0, POSE_W * 2, 26)
Y_BINS = RNG.integers(0, POSE_H * 2, 26)


def _expected_pixels(box: np.ndarray) -> np.ndarray:
    """Where bin (bx, by) lands, derived independently: the padded, aspect-corrected
    box is spread linearly over the model input (192 x 256, 2 bins per pixel)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    w, h = (box[2] - box[0]) * BOX_PADDING, (box[3] - box[1]) * BOX_PADDING
    w = max(w, h * POSE_W / POSE_H)
    h = w * POSE_H / POSE_W
    xs = cx - w / 2 + (X_BINS / 2) / POSE_W * w
    ys = cy - h / 2 + (Y_BINS / 2) / POSE_H * h
    return np.stack([xs, ys], axis=1)


def _tracker(tmp_path: Path, frame_shape: tuple[int, int], box: np.ndarray, *, det_size: int = 416):  # type: ignore[no-untyped-def]
    h, w = frame_shape
    ratio = min(det_size / h, det_size / w)
    (tmp_path / "pose.onnx").write_bytes(pose_model(X_BINS, Y_BINS))
    (tmp_path / "det.onnx").write_bytes(detector_model(box[None] * ratio, np.array([0.9]), det_size))
    return RTMPoseCPUPlugin().create(
        model_path=tmp_path / "pose.onnx", detector_path=tmp_path / "det.onnx", redetect_interval=1
    )


@pytest.mark.parametrize(
    ("frame_shape", "box"),
    [
        ((480, 640), np.array([200.0, 100.0, 320.0, 420.0])),  # landscape, box inside
        ((1280, 720), np.array([100.0, 300.0, 600.0, 1200.0])),  # portrait phone video
        ((994, 1768), np.array([1500.0, 600.0, 1768.0, 994.0])),  # box on the bottom-right border
        ((360, 1280), np.array([0.0, 0.0, 90.0, 360.0])),  # very wide frame, box at top-left corner
    ],
)
def test_keypoints_land_on_expected_pixels(tmp_path: Path, frame_shape: tuple[int, int], box: np.ndarray) -> None:
    frame = RNG.integers(0, 255, (*frame_shape, 3), dtype=np.uint8)
    with _tracker(tmp_path, frame_shape, box) as tracker:
        found = tracker.keypoints(frame)
        landmarks = tracker.process_frame(frame)
    assert found is not None and landmarks is not None
    points, scores = found
    expected = _expected_pixels(box)
    # float32 detector outputs and the detector's resize ratio limit exactness to ~1e-3 px
    np.testing.assert_allclose(points, expected, atol=0.01)
    np.testing.assert_allclose(scores, 0.9, atol=1e-6)
    h, w = frame_shape
    for i, name in enumerate(HALPE26_TO_CANONICAL):
        x, y, vis = landmarks[name]
        assert x == pytest.approx(expected[i, 0] / w, abs=1e-4)
        assert y == pytest.approx(expected[i, 1] / h, abs=1e-4)
        assert vis == pytest.approx(0.9, abs=1e-6)


def test_crop_transform_puts_a_frame_pixel_where_expected() -> None:
    frame = np.zeros((600, 900, 3), np.uint8)
    box = np.array([300.0, 100.0, 450.0, 500.0])
    dot = (380, 260)
    frame[dot[1], dot[0]] = 255
    matrix, k, center = crop_transform(box, POSE_W, POSE_H)
    crop = cv2.warpAffine(frame, matrix, (POSE_W, POSE_H), flags=cv2.INTER_LINEAR)
    y, x = np.unravel_index(crop[:, :, 0].argmax(), crop.shape[:2])
    assert abs(x - (k * (dot[0] - center[0]) + POSE_W / 2)) <= 0.5
    assert abs(y - (k * (dot[1] - center[1]) + POSE_H / 2)) <= 0.5
    assert k == pytest.approx(POSE_H / (400 * BOX_PADDING))  # tall box: height sets the scale


def test_detector_boxes_map_back_to_frame(tmp_path: Path) -> None:
    from kinemotion_rtmpose.detector import PersonDetector
    from kinemotion_rtmpose.runtime import CPU, make_session
    from kinemotion_rtmpose.yolox import GraphNMS

    boxes = np.array([[10.0, 20.0, 110.0, 220.0], [200.0, 40.0, 260.0, 160.0], [0, 0, 5, 5]])
    model = detector_model(boxes, np.array([0.5, 0.95, 0.1]))
    detector = PersonDetector(GraphNMS(make_session(model, CPU)), 416)
    frame = np.zeros((832, 1248, 3), np.uint8)  # ratio 1/3
    found, scores = detector(frame)
    np.testing.assert_allclose(found, boxes[[1, 0]] * 3, rtol=1e-6)  # best first, low score dropped
    np.testing.assert_allclose(scores, [0.95, 0.5], rtol=1e-6)


def test_no_detection_means_no_person(tmp_path: Path) -> None:
    (tmp_path / "pose.onnx").write_bytes(pose_model(X_BINS, Y_BINS))
    (tmp_path / "det.onnx").write_bytes(detector_model(np.array([[1.0, 1, 50, 50]]), np.array([0.1])))
    with RTMPoseCPUPlugin().create(model_path=tmp_path / "pose.onnx", detector_path=tmp_path / "det.onnx") as t:
        assert t.process_frame(np.zeros((100, 100, 3), np.uint8)) is None


def test_simcc_score_is_the_mean_of_the_x_and_y_peaks_and_locations_are_the_argmax() -> None:
    from kinemotion_rtmpose.simcc import decode_simcc

    simcc_x = np.zeros((2, 384), np.float32)
    simcc_y = np.zeros((2, 512), np.float32)
    simcc_x[0, 100], simcc_y[0, 300] = 0.6, 0.9  # keypoint 0: x peak 0.6, y peak 0.9
    simcc_x[1, 250], simcc_y[1, 20] = 0.9, 0.3
    simcc_x[1, 10] = 0.2  # a lower peak elsewhere is not the location
    points, scores = decode_simcc(simcc_x, simcc_y, 1.0, np.array([96.0, 128.0]), 192, 256)
    np.testing.assert_allclose(scores, [0.75, 0.6], atol=1e-6)
    # bins / 2 are model-input pixels; k = 1 about the crop centre: x = bin/2 - 96 + 96
    np.testing.assert_allclose(points, [[50.0, 150.0], [125.0, 10.0]])


def test_simcc_scores_are_clipped_to_0_1_as_float32_and_points_keep_float64_precision() -> None:
    from kinemotion_rtmpose.simcc import decode_simcc

    simcc_x = np.full((3, 384), -2.0, np.float32)
    simcc_y = np.full((3, 512), -2.0, np.float32)
    simcc_x[0, 7], simcc_y[0, 9] = 1.6, 1.8  # over-confident: 1.7 -> 1.0
    simcc_x[1, 7], simcc_y[1, 9] = -0.2, -0.4  # below zero everywhere: -0.3 -> 0.0
    simcc_x[2, 7], simcc_y[2, 9] = 0.5, 0.7
    # a crop scale that leaves fractions float32 would round: 1/3 px steps about a large centre
    points, scores = decode_simcc(simcc_x, simcc_y, 3.0, np.array([100000.0, 200000.0]), 192, 256)
    assert scores.dtype == np.float32 and points.dtype == np.float64
    np.testing.assert_allclose(scores, [1.0, 0.0, 0.6], atol=1e-6)
    np.testing.assert_allclose(points[0], [(3.5 - 96) / 3 + 100000.0, (4.5 - 128) / 3 + 200000.0], rtol=0, atol=1e-9)
