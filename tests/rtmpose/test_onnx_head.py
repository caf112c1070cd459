"""rtmpose-cuda's detector: YOLOX cut before its box decoding and NMS (kinemotion_rtmpose.onnx_head).

The cut runs on the CPU provider here: the same code as on the GPU, only the device differs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from kinemotion.models import cache_dir, sha256_of
from kinemotion_rtmpose import RTMPoseCUDAPlugin
from kinemotion_rtmpose.detector import PersonDetector
from kinemotion_rtmpose.fp16 import recipe
from kinemotion_rtmpose.onnx_head import cut_at_head, head_outputs
from kinemotion_rtmpose.runtime import CPU, TINY_MODEL, make_session
from kinemotion_rtmpose.yolox import GraphNMS, HeadOutputs
from tests.assets import YOLOX_TINY, asset, frames_by_index


class CudaCodeOnCPU(RTMPoseCUDAPlugin):
    """``rtmpose-cuda`` with the CPU provider in place of CUDA."""

    provider: ClassVar[str] = CPU


def _cpu_session(path: Path) -> object:
    return make_session(path, CPU)


@pytest.mark.models
def test_the_cut_head_finds_the_graph_s_boxes_on_real_frames(demo_video: Path) -> None:
    """The head's maps decoded here give the exported graph's boxes and scores (its NMS, its thresholds)."""
    yolox = asset(YOLOX_TINY)
    runner = head_outputs(yolox, _cpu_session, 0.3)
    assert isinstance(runner, HeadOutputs) and runner.fits_aspect is False  # the graph's square input
    head = PersonDetector(runner, 416)
    graph = PersonDetector(GraphNMS(make_session(yolox, CPU)), 416)
    people = 0
    for frame in frames_by_index(demo_video, list(range(0, 230, 23))).values():
        boxes, scores = head(frame)
        expected_boxes, expected_scores = graph(frame)
        assert len(boxes) == len(expected_boxes)
        np.testing.assert_allclose(boxes, expected_boxes, atol=0.05)
        np.testing.assert_allclose(scores, expected_scores, atol=1e-4)
        people += len(boxes)
    assert people >= 10  # the athlete in every frame (and the people around them in some)


@pytest.mark.models
def test_the_cut_is_made_once_and_kept_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path))
    yolox = asset(YOLOX_TINY)
    assert head_outputs(yolox, _cpu_session, 0.3) is not None
    (cut,) = (cache_dir() / "fp16").glob("*.head.*.onnx")
    stamp = cut.stat().st_mtime_ns
    assert head_outputs(yolox, _cpu_session, 0.3) is not None
    assert cut.stat().st_mtime_ns == stamp  # not cut again
    session = make_session(cut, CPU)
    assert len(session.get_outputs()) == 9 and list(session.get_inputs()[0].shape) == [1, 3, 416, 416]


def test_a_detector_file_without_yolox_s_head_is_not_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "cache"))
    other = tmp_path / "other.onnx"
    other.write_bytes(TINY_MODEL)
    assert cut_at_head(other) is None
    assert head_outputs(other, _cpu_session, 0.3) is None
    assert not list((tmp_path / "cache").rglob("*.onnx"))  # no copy left behind


@pytest.mark.models
def test_rtmpose_cuda_runs_the_cut_head_by_default_and_the_graph_when_asked() -> None:
    plugin, yolox = CudaCodeOnCPU(), asset(YOLOX_TINY)
    assert isinstance(plugin.detector_runner(yolox, None, {}, 0.3), HeadOutputs)
    assert isinstance(plugin.detector_runner(yolox, None, {"detector": "graph"}, 0.3), GraphNMS)
    assert "detector" in plugin.options
    with pytest.raises(ValueError, match="detector must be 'head' or 'graph'"):
        plugin.create(detector="fast", model_path="/nonexistent/pose.onnx")  # refused before any model is read


def test_the_cuda_probe_never_imports_torch(tmp_path: Path) -> None:
    """Importing torch only to ask it about CUDA cost seconds of every start on a GPU machine; the probe
    session decides alone. A ``torch`` that records its import stands beside onnxruntime-gpu here."""
    fake = tmp_path / "torch"
    fake.mkdir()
    marker = tmp_path / "imported"
    (fake / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    code = (
        "import kinemotion_rtmpose.runtime as r\n"
        "r.installed_ort_distributions = lambda: ['onnxruntime-gpu']\n"  # what a CUDA install has (no GPU here)
        "print(r.probe_provider(r.CUDA))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(("(False, ", "(True, "))  # it answered (False without a GPU)
    assert not marker.exists(), "probe_provider(CUDA) imported torch"


@pytest.mark.models
def test_rtmpose_cuda_s_default_detector_tracks_as_rtmpose_cpu(demo_video: Path) -> None:
    """Whole tracking with the cut head: the boxes differ from the graph's by float rounding only, so the
    keypoints are the CPU backend's (a rare one a SimCC bin away, under a pixel)."""
    from kinemotion_rtmpose import RTMPoseCPUPlugin
    from tests.assets import RTMPOSE_S

    models = {"model_path": asset(RTMPOSE_S), "detector_path": asset(YOLOX_TINY)}
    frames = frames_by_index(demo_video, list(range(90, 150)))
    found: list[dict[int, np.ndarray]] = []
    for plugin in (RTMPoseCPUPlugin(), CudaCodeOnCPU()):
        with plugin.create(**models) as tracker:
            keypoints = {i: tracker.keypoints(frame) for i, frame in frames.items()}
            found.append({i: k[0] for i, k in keypoints.items() if k is not None})
    reference, tracked = found
    assert sorted(tracked) == sorted(reference) and len(reference) == len(frames)
    gaps = np.concatenate([np.linalg.norm(tracked[i] - reference[i], axis=1) for i in reference])
    assert np.median(gaps) < 0.01 and gaps.max() < 1.5


def test_a_detector_file_onnx_cannot_read_fails_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A detector_path that is no ONNX model (garbage, a copy cut short) is left to the exported graph's path,
    whose refusal names the file. Before, rtmpose-cuda's default detector failed with protobuf's "DecodeError:
    Error parsing message with type 'onnx.ModelProto'", naming nothing."""
    from kinemotion.errors import KinemotionError

    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "cache"))
    broken = tmp_path / "detector.onnx"
    broken.write_bytes(b"not an onnx model\n" * 10)
    assert cut_at_head(broken) is None
    with pytest.raises(KinemotionError, match=r"could not load .*detector\.onnx"):
        CudaCodeOnCPU().detector_runner(broken, None, {}, 0.3)
    assert not list((tmp_path / "cache").rglob("*.onnx"))


@pytest.mark.models
def test_a_cache_that_cannot_be_written_still_gives_the_cut_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The cache folder cannot be made (here: under a file; read-only elsewhere): the cut is made for this run,
    with a warning naming the folder and KINEMOTION_CACHE_DIR. Before, rtmpose-cuda could not be created
    ("NotADirectoryError: ... models/fp16")."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level("WARNING", logger="kinemotion_rtmpose.fp16"):
        runner = head_outputs(asset(YOLOX_TINY), _cpu_session, 0.3)
    assert isinstance(runner, HeadOutputs)
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert str(blocker / "cache") in warning and "KINEMOTION_CACHE_DIR" in warning


@pytest.mark.models
def test_a_copy_the_cache_cannot_take_is_made_for_this_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Writing the cut into the cache fails (a full disk, a read-only folder; here a folder stands at the copy's
    name, which root cannot write over either): nothing half-written is left there, and the cut is made for
    this run. Before: the OSError ("[Errno 27] File too large" on a full disk), the backend not created."""
    from kinemotion_rtmpose.fp16 import cached_copy

    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "cache"))
    yolox = asset(YOLOX_TINY)
    expected = cut_at_head(yolox)
    assert expected is not None
    in_the_way = cache_dir() / "fp16" / f"{yolox.stem}.{sha256_of(yolox)[:16]}.head.{recipe()}.onnx"
    (in_the_way / "something").mkdir(parents=True)
    with caplog.at_level("WARNING", logger="kinemotion_rtmpose.fp16"):
        copy = cached_copy(yolox, "head", lambda path: expected)
    assert copy.read_bytes() == expected and copy.parent != in_the_way.parent
    assert sorted(p.name for p in in_the_way.parent.iterdir()) == sorted([in_the_way.name, in_the_way.name + ".lock"])
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert in_the_way.name in warning and "KINEMOTION_CACHE_DIR" in warning
