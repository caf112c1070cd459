"""YOLOX cut at its head (rtmpose-openvino's detector): the decoding, the frame-aspect canvas, the search window,
and when the tracker searches a window rather than the whole frame."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from kinemotion_rtmpose import RTMPoseOpenVINOPlugin
from kinemotion_rtmpose.detection_schedule import TrackingSettings
from kinemotion_rtmpose.detector import PersonDetector
from kinemotion_rtmpose.openvino_runtime import make_openvino_session, yolox_head_sessions
from kinemotion_rtmpose.tracker import RTMPoseTracker
from kinemotion_rtmpose.yolox import STRIDES, GraphNMS, HeadOutputs, decode_head
from tests.assets import RTMPOSE_S, asset, frames_by_index

DETECTOR = "yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx"


def _iou(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
    return float(w * h / union)


# -- decoding by hand ------------------------------------------------------------------------------


def _maps(rows: int, columns: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Head maps for a ``rows x columns`` input with every score far below any threshold."""
    return [
        (
            np.full((1, 2, rows // s, columns // s), -10.0, np.float32),
            np.zeros((1, 4, rows // s, columns // s), np.float32),
            np.full((1, 1, rows // s, columns // s), -10.0, np.float32),
        )
        for s in STRIDES
    ]


def test_a_point_decodes_to_its_box_and_nms_keeps_the_better_of_two_overlapping() -> None:
    maps = _maps(64, 96)
    cls, reg, obj = maps[1]  # stride 16
    cls[0, 1, 2, 3] = 4.0  # the best class counts: sigmoid(4) = 0.982
    obj[0, 0, 2, 3] = 4.0
    reg[0, :, 2, 3] = [0.5, -0.25, np.log(4.0), np.log(2.0)]  # centre (3.5, 1.75) x 16, size (64, 32)
    cls8, reg8, obj8 = maps[0]  # stride 8: the same person, a little worse
    cls8[0, 0, 4, 7], obj8[0, 0, 4, 7] = 3.0, 3.0
    reg8[0, :, 4, 7] = [0.0, 0.0, np.log(8.0), np.log(4.0)]  # centre (56, 32), size (64, 32)
    boxes, scores = decode_head(maps, 0.3)
    sigmoid = 1 / (1 + np.exp(-4.0))
    np.testing.assert_allclose(boxes, [[56 - 32, 28 - 16, 56 + 32, 28 + 16]], atol=1e-4)
    np.testing.assert_allclose(scores, [sigmoid * sigmoid], rtol=1e-6)


def test_nothing_above_the_threshold_is_no_box() -> None:
    boxes, scores = decode_head(_maps(32, 64), 0.3)
    assert boxes.shape == (0, 4) and scores.shape == (0,)


# -- the search window, with a runner that records what it is asked ---------------------------------


class _Runner:
    """Takes any input (as the head does) and finds one box at a fixed place of its input."""

    fits_aspect = True

    def __init__(self) -> None:
        self.shapes: list[tuple[int, int]] = []
        self.prepared: list[tuple[int, int]] = []

    def prepare(self, rows: int, columns: int) -> None:
        self.prepared.append((rows, columns))

    def __call__(self, blob: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self.shapes.append((blob.shape[2], blob.shape[3]))
        return np.array([[10.0, 20.0, 50.0, 100.0]], np.float32), np.array([0.9], np.float32)


def test_the_canvas_follows_the_frame_and_the_window_is_ready_before_the_first_search() -> None:
    runner = _Runner()
    detector = PersonDetector(runner, 416)
    frame = np.zeros((994, 1768, 3), np.uint8)  # scale 416/1768: 416 x 233 -> 416 x 256
    boxes, _ = detector(frame)
    assert runner.shapes == [(256, 416)]
    assert runner.prepared == [(192, 192)]  # compiled with the first frame, not in the middle of the video
    np.testing.assert_allclose(boxes[0], np.array([10.0, 20.0, 50.0, 100.0]) * 1768 / 416)
    detector(frame)
    assert runner.prepared == [(192, 192)]


@pytest.mark.parametrize("fits_aspect", [True, False])
def test_a_frame_a_pixel_high_still_reaches_the_detector(fits_aspect: bool) -> None:
    runner = _Runner()
    runner.fits_aspect = fits_aspect
    boxes, _ = PersonDetector(runner, 416)(np.zeros((1, 4000, 3), np.uint8))
    assert runner.shapes == [(32, 416) if fits_aspect else (416, 416)] and len(boxes) == 1


def test_a_window_search_maps_its_boxes_back_to_the_frame() -> None:
    runner = _Runner()
    detector = PersonDetector(runner, 416)
    frame = np.zeros((994, 1768, 3), np.uint8)
    around = np.array([900.0, 300.0, 1100.0, 700.0])
    window = detector.window(994, 1768, around)
    assert window is not None
    left, top, right, bottom = window
    assert right - left == bottom - top == int(192 * 1768 / 416)  # 192 detector pixels at the frame's scale
    assert left <= 900 and right >= 1100 and top <= 300 and bottom >= 700
    assert (left + right) / 2 == pytest.approx(1000, abs=1) and (top + bottom) / 2 == pytest.approx(500, abs=1)
    boxes, _ = detector(frame, around)
    assert runner.shapes[-1] == (192, 192)
    np.testing.assert_allclose(boxes[0], np.array([10.0, 20.0, 50.0, 100.0]) * 1768 / 416 + [left, top, left, top])


@pytest.mark.parametrize(
    ("around", "expected"),
    [
        (np.array([0.0, 0.0, 100.0, 200.0]), (0, 0)),  # at the top-left corner: kept inside the frame
        (np.array([1700.0, 800.0, 1760.0, 990.0]), (1768 - 816, 994 - 816)),  # bottom-right
    ],
)
def test_the_window_stays_inside_the_frame(around: np.ndarray, expected: tuple[int, int]) -> None:
    window = PersonDetector(_Runner(), 416).window(994, 1768, around)
    assert window is not None
    assert window[:2] == pytest.approx(expected, abs=1)
    assert window[0] >= 0 and window[2] <= 1768 and window[1] >= 0 and window[3] <= 994


def test_no_window_for_a_box_too_large_for_it_or_a_detector_of_one_input_size() -> None:
    assert PersonDetector(_Runner(), 416).window(994, 1768, np.array([100.0, 50.0, 500.0, 900.0])) is None

    class Square(_Runner):
        fits_aspect = False

    assert PersonDetector(Square(), 416).window(994, 1768, np.array([900.0, 300.0, 1100.0, 700.0])) is None


# -- when the tracker searches a window -----------------------------------------------------------


class _Detector:
    """Finds the person (a fixed box) while ``visible``; records where it was asked to look."""

    def __init__(self) -> None:
        self.visible = True
        self.asked: list[np.ndarray | None] = []
        self.last_run_s = 0.0

    def __call__(self, frame: np.ndarray, around: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        self.asked.append(around)
        if not self.visible:
            return np.zeros((0, 4)), np.zeros(0, np.float32)
        return np.array([[400.0, 100.0, 600.0, 500.0]]), np.array([0.9], np.float32)


class _Pose:
    """Keypoints filling the box, confident while ``confident``."""

    def __init__(self) -> None:
        self.confident = True
        self.last_run_s = 0.0

    def __call__(self, frame: np.ndarray, box: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = np.linspace(0, 1, 26)[:, None]
        points = box[:2] + t * (box[2:] - box[:2])
        return points, np.full(26, 0.9 if self.confident else 0.1, np.float32)


def test_a_lost_person_is_searched_for_around_where_they_were_last_found_and_every_third_time_everywhere() -> None:
    detector, pose = _Detector(), _Pose()
    settings = TrackingSettings(lost_patience=0, lost_redetect_interval=1)
    tracker = RTMPoseTracker(detector, pose, provider="test", settings=settings)  # type: ignore[arg-type]
    frame = np.zeros((720, 1280, 3), np.uint8)
    assert tracker.keypoints(frame) is not None
    assert detector.asked == [None]  # nobody seen yet: the whole frame
    last = tracker._last_box
    assert last is not None
    pose.confident, detector.visible = False, False
    for _ in range(7):
        assert tracker.keypoints(frame) is None
    searches = detector.asked[1:]  # the first unsure frame still used the box from the keypoints: no search
    assert [None if a is None else "window" for a in searches] == ["window", "window", None, "window", "window", None]
    assert all(np.array_equal(a, last) for a in searches if a is not None)


def test_a_tracked_person_is_re_detected_in_the_whole_frame() -> None:
    detector, pose = _Detector(), _Pose()
    tracker = RTMPoseTracker(detector, pose, provider="test", settings=TrackingSettings(redetect_interval=2))  # type: ignore[arg-type]
    frame = np.zeros((720, 1280, 3), np.uint8)
    for _ in range(5):
        assert tracker.keypoints(frame) is not None
    assert len(detector.asked) == 3 and all(a is None for a in detector.asked)


def test_the_detector_option_is_checked_before_any_model_is_fetched(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"detector must be 'head' or 'graph', got 'fast'"):
        RTMPoseOpenVINOPlugin().create(detector="fast", model_path=tmp_path / "missing.onnx")


# -- the real YOLOX-tiny --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def detector_path() -> Path:
    return asset(RTMPOSE_S).parent / DETECTOR


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_the_default_detector_is_yolox_cut_at_its_head_and_graph_keeps_the_exported_graph(
    detector_path: Path,
) -> None:
    """A configuration test: on people both give the same boxes, so only the runner's kind tells them apart."""
    plugin = RTMPoseOpenVINOPlugin()
    assert isinstance(plugin.detector_runner(detector_path, 1, {}, 0.3), HeadOutputs)
    assert isinstance(plugin.detector_runner(detector_path, 1, {"detector": "head"}, 0.3), HeadOutputs)
    assert isinstance(plugin.detector_runner(detector_path, 1, {"detector": "graph"}, 0.3), GraphNMS)
    with plugin.create(threads=1) as tracker:  # as `-b rtmpose-openvino` makes it
        assert tracker._detector is not None and isinstance(tracker._detector.runner, HeadOutputs)
    with plugin.create(threads=1, detector="graph") as tracker:
        assert tracker._detector is not None and isinstance(tracker._detector.runner, GraphNMS)


@pytest.fixture(scope="module")
def frames(demo_video: Path) -> dict[int, np.ndarray]:
    return frames_by_index(demo_video, list(range(0, 230, 12)))


@pytest.mark.models
def test_the_head_decoded_here_is_the_exported_graph(detector_path: Path, frames: dict[int, np.ndarray]) -> None:
    graph = make_openvino_session(detector_path, precision="fp32")
    sessions = yolox_head_sessions(detector_path, precision="fp32")
    assert sessions is not None
    head = sessions((416, 416))
    compared = 0
    for image in frames.values():
        blob = np.full((1, 3, 416, 416), 114, np.float32)
        blob[0, :, :233] = cv2.resize(image, (416, 233)).transpose(2, 0, 1)
        dets = graph.run(None, {graph.get_inputs()[0].name: blob})[0][0]
        dets = dets[dets[:, 4] > 0.3]
        outputs = head.run(None, {head.get_inputs()[0].name: blob})
        boxes, scores = decode_head([(outputs[i], outputs[3 + i], outputs[6 + i]) for i in range(3)], 0.3)
        order = np.argsort(-scores)
        np.testing.assert_allclose(boxes[order], dets[:, :4], atol=1e-3)
        np.testing.assert_allclose(scores[order], dets[:, 4], atol=1e-5)
        compared += len(dets)
    assert compared >= len(frames)  # the athlete, and the walker where they pass


@pytest.mark.models
def test_at_the_frames_aspect_and_in_a_window_the_same_people_are_found(
    detector_path: Path, frames: dict[int, np.ndarray]
) -> None:
    sessions = yolox_head_sessions(detector_path, precision="fp32")
    assert sessions is not None
    head = PersonDetector(HeadOutputs(sessions, 0.3), 416)
    graph = PersonDetector(GraphNMS(make_openvino_session(detector_path, precision="fp32")), 416)
    overlaps = []
    for index, image in frames.items():
        expected, expected_scores = graph(image)
        found, scores = head(image)
        # The same people: every clear detection of either has its match in the other (a person near the
        # score threshold may be in one only: 3 of the demo's 230 frames).
        for boxes, clear, others in ((expected, expected_scores > 0.5, found), (found, scores > 0.5, expected)):
            for box in boxes[clear]:
                best = max((_iou(box, other) for other in others), default=0.0)
                assert best > 0.5, (index, box, others)
                overlaps.append(best)
        if len(expected) and head.window(*image.shape[:2], expected[0]) is not None:
            # With less of the scene around them YOLOX draws people tighter (measured IoU 0.6-0.99 here):
            # the same person, whom the person policy then recognises among the boxes.
            in_window, _ = head(image, expected[0])
            assert max(_iou(box, expected[0]) for box in in_window) > 0.5, (index, in_window, expected[0])
    assert np.median(overlaps) > 0.95  # the boxes themselves move by a few pixels (padding, less of it)
