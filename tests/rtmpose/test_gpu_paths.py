"""The GPU pipeline's code, run on the CPU provider: fp16 copy, I/O binding, batching across videos, options.

``rtmpose-cuda`` runs these exact functions with the CUDA provider; here the
provider is the CPU's (``CudaCodeOnCPU`` below changes nothing but that), so
everything but the device is tested in CI. ``benchmarks/gpu_check.sh`` runs
the same on a GPU.
"""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from kinemotion.models import cache_dir
from kinemotion_rtmpose import RTMPoseCPUPlugin, RTMPoseCUDAPlugin
from kinemotion_rtmpose.batching import BatchingSession
from kinemotion_rtmpose.bound_session import BoundSession, SessionWrapper
from kinemotion_rtmpose.fp16 import fp16_copy
from kinemotion_rtmpose.gpu_sessions import GpuPoseOptions
from kinemotion_rtmpose.runtime import CPU, CUDA, TENSORRT, GpuSettings, make_session, provider_entries
from kinemotion_rtmpose.streams import sibling, tracker_streams
from tests.assets import RTMPOSE_S, YOLOX_TINY, asset, frames_by_index


class CudaCodeOnCPU(RTMPoseCUDAPlugin):
    """``rtmpose-cuda`` with the CPU provider in place of CUDA: the same code, another device."""

    provider: ClassVar[str] = CPU


@pytest.fixture(scope="module")
def demo_frames(demo_video: Path) -> dict[int, np.ndarray]:
    return frames_by_index(demo_video, list(range(90, 150)))


def _track(tracker: object, frames: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
    out = {}
    for i, frame in frames.items():
        found = tracker.keypoints(frame)  # type: ignore[attr-defined]
        if found is not None:
            out[i] = found[0]
    return out


def _models() -> dict[str, object]:
    return {"model_path": asset(RTMPOSE_S), "detector_path": asset(YOLOX_TINY)}


def _median_px(a: dict[int, np.ndarray], b: dict[int, np.ndarray]) -> float:
    both = sorted(set(a) & set(b))
    assert len(both) >= 0.9 * max(len(a), len(b)), (len(a), len(b), len(both))
    return float(np.median(np.concatenate([np.linalg.norm(a[i] - b[i], axis=1) for i in both])))


# --- options -------------------------------------------------------------------------------------


def test_gpu_options_default_to_fp32_on_a_cuda_graph_and_are_checked() -> None:
    default = GpuPoseOptions.parse({})
    assert (default.precision, default.io_binding, default.cuda_graph) == ("fp32", True, True)
    plain = GpuPoseOptions.parse({"cuda_graph": False})
    assert (plain.io_binding, plain.cuda_graph) == (False, False)
    assert default.tensorrt is False  # the tensorrt package is not installed here
    assert GpuPoseOptions.parse({"precision": "fp32"}).precision == "fp32"
    for bad, match in (
        ({"precision": "half"}, "precision must be one of auto, fp16, fp32"),
        ({"tensorrt": "yes"}, "tensorrt must be 'auto', True or False"),
        ({"io_binding": 1}, "io_binding must be True or False"),
        ({"cuda_graph": True, "io_binding": False}, "cuda_graph=True needs io_binding=True"),
    ):
        with pytest.raises(ValueError, match=match):
            GpuPoseOptions.parse(bad)


def test_cuda_plugin_refuses_a_bad_gpu_option_before_fetching_any_model() -> None:
    with pytest.raises(ValueError, match="precision must be"):
        RTMPoseCUDAPlugin().create(precision="int4")
    assert not (cache_dir()).exists()  # nothing was downloaded or converted


def test_tensorrt_goes_first_with_its_caches_in_the_user_cache() -> None:
    entries = provider_entries(CUDA, GpuSettings(tensorrt=True, fp16=True, cuda_graph=True))
    names = [e[0] if isinstance(e, tuple) else e for e in entries]
    assert names == [TENSORRT, CUDA, CPU]
    trt = entries[0][1]
    assert trt["trt_fp16_enable"] is True and trt["trt_engine_cache_enable"] is True
    assert Path(trt["trt_engine_cache_path"]) == cache_dir().parent / "tensorrt" == Path(trt["trt_timing_cache_path"])
    assert entries[1][1]["enable_cuda_graph"] is True
    plain = provider_entries(CUDA)
    assert [e[0] if isinstance(e, tuple) else e for e in plain] == [CUDA, CPU]
    assert "enable_cuda_graph" not in plain[0][1]


def test_the_cuda_provider_computes_in_full_fp32_unless_tf32_is_asked_for() -> None:
    """TF32 (ONNX Runtime's default) made batched crops differ from single ones on an H200: up to 1.5 px and
    0.02 of score, failing the conformance kit's streams check; with it off they were identical (docs/gpu.md)."""
    for settings in (GpuSettings(), GpuSettings(cuda_graph=True), GpuSettings(tensorrt=True)):
        cuda = dict(e for e in provider_entries(CUDA, settings) if isinstance(e, tuple))[CUDA]
        assert cuda["use_tf32"] == 0
    cuda = dict(e for e in provider_entries(CUDA, GpuSettings(tf32=True)) if isinstance(e, tuple))[CUDA]
    assert cuda["use_tf32"] == 1
    assert GpuPoseOptions.parse({}).tf32 is False
    assert GpuPoseOptions.parse({"tf32": True}).tf32 is True
    with pytest.raises(ValueError, match="tf32 must be True or False"):
        RTMPoseCUDAPlugin().create(tf32="yes")
    assert not cache_dir().exists()  # refused before any model was fetched


# --- fp16 ----------------------------------------------------------------------------------------


def test_fp16_copy_is_made_once_keeps_float32_io_and_follows_the_source(tmp_path: Path) -> None:
    import onnx

    source = tmp_path / Path(RTMPOSE_S).name
    source.write_bytes(asset(RTMPOSE_S).read_bytes())
    first = fp16_copy(source)
    stamp = first.stat().st_mtime_ns
    assert fp16_copy(source) == first and first.stat().st_mtime_ns == stamp  # cached, not converted again
    model = onnx.load(str(first))
    float32 = onnx.TensorProto.FLOAT
    assert [i.type.tensor_type.elem_type for i in model.graph.input] == [float32]
    assert {o.type.tensor_type.elem_type for o in model.graph.output} == {float32}
    assert any(t.data_type == onnx.TensorProto.FLOAT16 for t in model.graph.initializer)
    assert first.stat().st_size < 0.6 * source.stat().st_size
    source.write_bytes(source.read_bytes() + b"")  # same content: same copy
    assert fp16_copy(source) == first
    data = bytearray(source.read_bytes())
    data[-1] ^= 1  # another file under the same name gets its own copy
    source.write_bytes(bytes(data))
    assert fp16_copy(source) != first


@pytest.mark.models
def test_fp16_pose_model_stays_within_a_pixel_of_fp32_on_real_footage(demo_frames: dict[int, np.ndarray]) -> None:
    """The bar for fp16 on the GPU (median within 1 px of fp32), checked with the same code on the CPU."""
    with CudaCodeOnCPU().create(**_models(), precision="fp32", redetect_interval=1) as tracker:
        fp32 = _track(tracker, demo_frames)
        assert tracker.provider == "CPUExecutionProvider fp32"
    with CudaCodeOnCPU().create(**_models(), precision="fp16", redetect_interval=1) as tracker:
        fp16 = _track(tracker, demo_frames)
        assert tracker.provider == "CPUExecutionProvider fp16"
    assert _median_px(fp16, fp32) < 1.0


# --- I/O binding ---------------------------------------------------------------------------------


def test_bound_session_gives_the_plain_session_outputs_and_reuses_its_buffers() -> None:
    plain = make_session(asset(RTMPOSE_S), CPU)
    bound = BoundSession(make_session(asset(RTMPOSE_S), CPU))
    assert bound.device == "cpu"
    rng = np.random.default_rng(0)
    for batch in (1, 3, 1):
        blob = rng.standard_normal((batch, 3, 256, 192)).astype(np.float32)
        expected = plain.run(None, {"input": blob})
        got = bound.run(["simcc_x", "simcc_y"], {"input": blob})
        for e, g in zip(expected, got, strict=True):
            np.testing.assert_array_equal(g, e)
        assert bound.run(["simcc_y"], {"input": blob})[0].shape == expected[1].shape
    assert sorted(bound._slots) == [(1, 3, 256, 192), (3, 3, 256, 192)]  # one set of buffers per shape
    with pytest.raises(ValueError, match="expected the one input 'input'"):
        bound.run(None, {"x": blob})


@pytest.mark.models
def test_a_graph_session_s_first_plain_run_stays_out_of_the_graph_and_a_short_answer_is_named() -> None:
    """The run that learns the output shapes asks for no CUDA graph (ONNX Runtime's gpu_graph_id -1): measured on
    an H200, the bare benchmark's graph session gave fewer outputs on that first plain run than the model has."""
    seen: list[str | None] = []

    class Recording:  # the real session, recording the graph id each plain run asks for
        def __init__(self, session: object, answer_short: bool = False) -> None:
            self.session, self.answer_short = session, answer_short

        def __getattr__(self, name: str) -> object:
            return getattr(self.session, name)

        def run(self, names: object, feeds: object, options: object = None) -> list[np.ndarray]:
            try:
                seen.append(options.get_run_config_entry("gpu_graph_id"))  # type: ignore[attr-defined]
            except (AttributeError, RuntimeError):  # no options, or no graph id asked for
                seen.append(None)
            outputs = self.session.run(names, feeds, options)  # type: ignore[attr-defined]
            return outputs[:1] if self.answer_short else outputs

    blob = np.random.default_rng(1).standard_normal((1, 3, 256, 192)).astype(np.float32)
    real = make_session(asset(RTMPOSE_S), CPU)
    expected = real.run(None, {"input": blob})
    got = BoundSession(Recording(real), cuda_graph=True).run(None, {"input": blob})
    assert seen == ["-1"]
    for e, g in zip(expected, got, strict=True):
        np.testing.assert_array_equal(g, e)
    with pytest.raises(
        RuntimeError, match=r"gave 1 outputs for the 2 of the model \(simcc_x, simcc_y\).*io_binding=False"
    ):
        BoundSession(Recording(real, answer_short=True)).run(None, {"input": blob})


@pytest.mark.models
def test_the_cuda_code_path_tracks_like_rtmpose_cpu_at_fp32(demo_frames: dict[int, np.ndarray]) -> None:
    """I/O binding changes nothing in the numbers: fp32 through the bound session equals the plain session."""
    with RTMPoseCPUPlugin().create(**_models()) as plain:
        reference = _track(plain, demo_frames)
    # The default pose session (fp32, bound, the batch-1 graph copy); the detector as the CPU backend runs it
    # (the default cut head finds the same boxes to 1e-4 px: tests/rtmpose/test_onnx_head.py).
    with CudaCodeOnCPU().create(**_models(), detector="graph") as tracker:
        session = tracker.models[1].session
        assert isinstance(session, BoundSession) and session.get_inputs()[0].shape[0] == 1
        bound = _track(tracker, demo_frames)
    assert sorted(bound) == sorted(reference)
    for i in reference:
        np.testing.assert_allclose(bound[i], reference[i], atol=1e-3)


# --- batching across videos ----------------------------------------------------------------------


@pytest.mark.models
def test_streams_batch_the_crops_of_several_videos_and_change_no_result(
    demo_frames: dict[int, np.ndarray],
) -> None:
    """Three 'videos' (three stretches of the demo) tracked in three threads through one batched pose model
    give each video what it gives alone."""
    stretches = [dict(list(demo_frames.items())[k * 20 : (k + 1) * 20]) for k in range(3)]
    with CudaCodeOnCPU().create(**_models(), cuda_graph=False) as base:
        alone = [_track(sibling(base), stretch) for stretch in stretches]
        streams = tracker_streams(base, 3, max_wait_s=1.0)
        batching = streams[0].models[1].session
        assert isinstance(batching, BatchingSession)
        assert all(s.models[1].session is batching for s in streams)
        together: list[dict[int, np.ndarray]] = [{} for _ in stretches]
        errors: list[BaseException] = []

        def run(k: int) -> None:
            try:
                with batching.stream():
                    together[k] = _track(streams[k], stretches[k])
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(k,)) for k in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    assert not errors, errors
    for k in range(3):
        assert sorted(together[k]) == sorted(alone[k])
        for i in alone[k]:
            np.testing.assert_allclose(together[k][i], alone[k][i], atol=1e-3)
    assert batching.rows == sum(len(a) for a in alone) or batching.rows >= 50
    assert batching.calls < batching.rows  # crops of different videos shared calls
    assert batching.rows / batching.calls > 2.0  # mostly all three at once


@pytest.mark.models
def test_streams_refuse_a_fixed_batch_pose_model_naming_the_option() -> None:
    with CudaCodeOnCPU().create(**_models()) as tracker, pytest.raises(ValueError, match="cuda_graph=False"):
        tracker_streams(tracker, 2)


def test_a_failed_batch_reaches_every_stream_in_it() -> None:
    class Broken:
        def get_inputs(self) -> list[object]:
            return [type("I", (), {"name": "input"})()]

        def run(self, names: object, feeds: object) -> list[np.ndarray]:
            raise RuntimeError("device lost")

    batching = BatchingSession(Broken(), max_batch=2, max_wait_s=1.0)
    failures: list[str] = []

    def call() -> None:
        with batching.stream():
            try:
                batching.run(None, {"input": np.zeros((1, 3, 4, 4), np.float32)})
            except RuntimeError as exc:
                failures.append(str(exc))

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert failures == ["device lost", "device lost"]
    with pytest.raises(ValueError, match="one row"):
        batching.run(None, {"input": np.zeros((2, 3, 4, 4), np.float32)})


class _RecordingSession(SessionWrapper):
    """The real session, run as it is; each run's thread and batch size are written down."""

    def __init__(self, session: object) -> None:
        self.session = session
        self.runs: list[tuple[int, int]] = []

    def run(self, names: list[str] | None, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        self.runs.append((threading.get_ident(), next(iter(feeds.values())).shape[0]))
        return self.session.run(names, feeds)  # type: ignore[attr-defined, no-any-return]


class _RecordingRunner:
    """The real detector runner, run as it is; each run's thread is written down."""

    def __init__(self, runner: object) -> None:
        self.runner = runner
        self.fits_aspect = runner.fits_aspect  # type: ignore[attr-defined]
        self.threads: list[int] = []

    def __call__(self, blob: np.ndarray) -> object:
        self.threads.append(threading.get_ident())
        return self.runner(blob)  # type: ignore[operator]

    def prepare(self, rows: int, columns: int) -> None:
        self.threads.append(threading.get_ident())
        self.runner.prepare(rows, columns)  # type: ignore[attr-defined]


def _in_streams(
    batching: BatchingSession, work: list[object], *, timeout: float = 300
) -> tuple[list[object], list[BaseException | None], list[int]]:
    """``work[k]()`` in thread k inside ``batching.stream()``, all started together: results, errors, threads."""
    results: list[object] = [None] * len(work)
    errors: list[BaseException | None] = [None] * len(work)
    idents = [0] * len(work)
    start = threading.Barrier(len(work))

    def run(k: int) -> None:
        idents[k] = threading.get_ident()
        try:
            with batching.stream():
                start.wait()
                results[k] = work[k]()  # type: ignore[operator]
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors[k] = exc

    threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(len(work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a stream never finished"
    return results, errors, idents


@pytest.mark.models
def test_a_row_of_a_padded_batch_equals_the_crop_run_alone(demo_frames: dict[int, np.ndarray]) -> None:
    """Three crops sent at once run as one batch padded to four; each crop's outputs and keypoints are
    those it gets run alone."""
    from kinemotion_rtmpose.pose_model import PoseModel

    with RTMPoseCPUPlugin().create(**_models()) as tracker:
        detector = tracker.models[0]
        plain = tracker.models[1].session
        picked = [demo_frames[i] for i in (95, 120, 145)]
        boxes = [detector(frame)[0][0] for frame in picked]
        alone = [PoseModel(plain)(frame, box) for frame, box in zip(picked, boxes, strict=True)]
        recording = _RecordingSession(plain)
        batching = BatchingSession(recording, max_batch=4, max_wait_s=60.0)
        models = [PoseModel(batching) for _ in picked]
        work = [lambda k=k: models[k](picked[k], boxes[k]) for k in range(3)]
        together, errors, _ = _in_streams(batching, work)
        batching.close()
    assert errors == [None] * 3
    assert [size for _, size in recording.runs] == [4]  # one call, padded from three rows to four
    assert (batching.calls, batching.rows) == (1, 3)  # padding is no row
    assert batching.model_s > 0.0
    for (points, scores), (ref_points, ref_scores) in zip(together, alone, strict=True):  # type: ignore[misc]
        np.testing.assert_allclose(points, ref_points, atol=1e-3)
        np.testing.assert_allclose(scores, ref_scores, atol=1e-5)


@pytest.mark.models
def test_streams_run_every_model_call_on_one_device_thread_in_few_warmed_shapes(
    demo_frames: dict[int, np.ndarray],
) -> None:
    """Three videos in three threads: the pose model and the detector run only on the session's device
    thread, at bucket sizes set up before the first frame, and the crops of the videos share calls."""
    stretches = [dict(list(demo_frames.items())[k * 20 : (k + 1) * 20]) for k in range(3)]
    with RTMPoseCPUPlugin().create(**_models()) as base:
        alone = [_track(sibling(base), stretch) for stretch in stretches]
        detector, pose = base.models
        recording = _RecordingSession(pose.session)
        pose.session = recording
        detector.runner = _RecordingRunner(detector.runner)  # type: ignore[assignment]
        streams = tracker_streams(base, 3, max_wait_s=1.0)
        batching = streams[0].models[1].session
        assert isinstance(batching, BatchingSession)
        warm = [size for _, size in recording.runs]
        work = [lambda k=k: _track(streams[k], stretches[k]) for k in range(3)]
        together, errors, stream_threads = _in_streams(batching, work)
    assert errors == [None] * 3
    for k in range(3):
        assert sorted(together[k]) == sorted(alone[k])  # type: ignore[call-overload]
        for i in alone[k]:
            np.testing.assert_allclose(together[k][i], alone[k][i], atol=1e-3)  # type: ignore[index]
    pose_threads = {ident for ident, _ in recording.runs}
    detector_threads = set(detector.runner.threads)  # type: ignore[attr-defined]
    assert len(pose_threads) == 1 and not pose_threads & set(stream_threads)
    assert detector_threads == pose_threads  # the detector runs on the same device thread
    assert warm == [1, 2, 3]  # every bucket once, before the streams started
    assert {size for _, size in recording.runs[len(warm) :]} <= {1, 2, 3}
    assert batching.rows / batching.calls > 1.5  # the videos' crops shared calls


@pytest.mark.models
def test_a_stream_that_fails_mid_video_does_not_hold_up_the_others(demo_frames: dict[int, np.ndarray]) -> None:
    """A batch waits up to a minute for every registered stream's crop: once a stream has failed and left,
    the others' batches no longer wait for it."""
    stretches = [dict(list(demo_frames.items())[k * 20 : (k + 1) * 20]) for k in range(3)]
    with RTMPoseCPUPlugin().create(**_models()) as base:
        streams = tracker_streams(base, 3, max_wait_s=60.0)
        batching = streams[0].models[1].session
        assert isinstance(batching, BatchingSession)

        def failing() -> object:
            for n, frame in enumerate(stretches[1].values()):
                if n == 5:
                    time.sleep(1.0)  # the others' frame-5 crops are in: the batch waits for this stream's
                    raise OSError("video.mp4: frame 5 could not be decoded")
                streams[1].keypoints(frame)
            return None

        work = [lambda: _track(streams[0], stretches[0]), failing, lambda: _track(streams[2], stretches[2])]
        start = time.monotonic()
        together, errors, _ = _in_streams(batching, work, timeout=120)
    assert time.monotonic() - start < 50  # no batch waited its minute for the stream that left
    assert errors[0] is None and errors[2] is None
    assert isinstance(errors[1], OSError)
    assert len(together[0]) == len(together[2]) == 20  # type: ignore[arg-type]


@pytest.mark.models
def test_close_stops_the_device_thread_and_later_calls_say_so() -> None:
    plain = make_session(asset(RTMPOSE_S), CPU)
    batching = BatchingSession(plain, max_batch=2)
    batching.run(None, {"input": np.zeros((1, 3, 256, 192), np.float32)})
    thread = batching.thread
    assert thread is not None and thread.is_alive() and thread.daemon
    with pytest.raises(ValueError, match=r"rows of shape \(3, 256, 192\); got \(3, 128, 96\)"):
        batching.run(None, {"input": np.zeros((1, 3, 128, 96), np.float32)})  # refused, not batched with others
    batching.close()
    assert not thread.is_alive()
    batching.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        batching.run(None, {"input": np.zeros((1, 3, 256, 192), np.float32)})


@pytest.mark.models
def test_the_device_thread_ends_once_the_stream_trackers_are_closed_and_dropped() -> None:
    with RTMPoseCPUPlugin().create(**_models()) as base:
        streams = tracker_streams(base, 2)
        thread = streams[0].models[1].session.thread  # type: ignore[attr-defined]
        assert thread is not None and thread.is_alive()  # it ran the warm-up
        for tracker in streams:
            tracker.close()
        del streams
        gc.collect()
        thread.join(timeout=10)
        assert not thread.is_alive()


# --- on a GPU (benchmarks/gpu_check.sh runs these; without one they skip) ---------------------------


def _cuda_runs() -> bool:
    from kinemotion_rtmpose.runtime import probe_provider

    return probe_provider(CUDA)[0]


@pytest.mark.models
@pytest.mark.skipif(not _cuda_runs(), reason="no NVIDIA GPU with onnxruntime-gpu here (run benchmarks/gpu_check.sh)")
@pytest.mark.parametrize("precision", ["fp32", "fp16"])
def test_rtmpose_cuda_tracks_like_rtmpose_cpu_on_real_footage(
    demo_frames: dict[int, np.ndarray], precision: str
) -> None:
    with RTMPoseCPUPlugin().create(**_models()) as cpu:
        reference = _track(cpu, demo_frames)
    with RTMPoseCUDAPlugin().create(**_models(), precision=precision) as gpu:
        assert gpu.provider == f"CUDAExecutionProvider {precision}"
        tracked = _track(gpu, demo_frames)
    assert _median_px(tracked, reference) < 1.0  # measured on an H100: 0.60 px fp32, 0.66 px fp16 (demo)


def test_a_copy_changed_in_place_in_the_cache_is_made_again_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A copy in the cache (the fp16 or batch-1 pose model, the cut detector) with one bit flipped since it was
    made (a failing disk, a sync tool writing into it). Before: the copy was used as it was, whatever its content
    (only its name, the source's digest, was checked): ONNX Runtime loads changed weights as any others, and the
    rtmpose-cuda tracking was recorded as it always is. Now its recorded digest differs: it is made again, said in
    a warning naming it."""
    from kinemotion_rtmpose.fp16 import cached_copy

    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "model.onnx"
    source.write_bytes(b"the source model")
    made: list[bytes] = []

    def make(path: Path) -> bytes:
        made.append(path.read_bytes())
        return b"the copy made from " + path.read_bytes()

    first = cached_copy(source, "fp16", make)
    assert cached_copy(source, "fp16", make) == first and len(made) == 1  # made once, then kept
    data = bytearray(first.read_bytes())
    data[5] ^= 0x01
    first.write_bytes(bytes(data))
    with caplog.at_level("WARNING", logger="kinemotion_rtmpose.fp16"):
        again = cached_copy(source, "fp16", make)
    assert again == first and again.read_bytes() == b"the copy made from the source model" and len(made) == 2
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert first.name in warning and "has changed since it was made" in warning
    assert cached_copy(source, "fp16", make) == first and len(made) == 2  # whole again: kept
