"""Round 17 of the staleness attack: what reuses earlier work must never serve a stale result as current.

Each test is a way an earlier result passed as this run's (watched failing before its fix).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import run_kinemotion
from tests.core.distributions import env_with, plugin_module
from tests.jump.physics_backend import blank_video


def _install(site: Path, dist: str, version: str, requires: tuple[str, ...] = (), backend: str | None = None) -> None:
    """A distribution as pip leaves it: its METADATA (with what it requires), its entry point and module."""
    module = dist.replace("-", "_")
    info = site / f"{module}-{version}.dist-info"
    info.mkdir(parents=True)
    metadata = [f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}", *(f"Requires-Dist: {r}" for r in requires)]
    (info / "METADATA").write_text("\n".join(metadata) + "\n")
    records = [f"{info.name}/METADATA,,"]
    if backend is not None:
        (info / "entry_points.txt").write_text(f"[kinemotion.backends]\n{backend} = {module}:Plugin\n")
        (site / f"{module}.py").write_text(plugin_module(backend, priority=-5))
        records += [f"{info.name}/entry_points.txt,,", f"{module}.py,,"]
    (info / "RECORD").write_text("\n".join(records) + "\n")


def test_landmarks_made_before_the_backend_s_runtime_was_upgraded_are_tracked_again(tmp_path: Path) -> None:
    """``pip install -U mediapipe`` (or onnxruntime, openvino: often pulled in by upgrading something else) changes
    the landmarks a backend computes, and leaves the plugin's own version as it was. Outputs recorded the
    plugin's release, not its runtime's: a resumed batch skipped every video done before the upgrade and mixed
    two runtimes' landmarks in one table. Now each output records the versions of what the backend's
    distribution requires (``backend.runtime``); another version there is another release."""
    site = tmp_path / "site"
    _install(site, "acme-pose", "1.0", ("acme-runtime>=1", "acme-extra; extra == 'gpu'"), backend="zz-acme")
    _install(site, "acme-runtime", "1.0")
    video, out = blank_video(tmp_path / "v.mp4", 6, 30), tmp_path / "out"
    args = ("track", str(video), "-o", f"{out}/", "-b", "zz-acme", "-q")
    first = run_kinemotion(*args, env=env_with(site))
    assert first.returncode == 0, first.stderr
    assert json.loads((out / "v.landmarks.json").read_text())["backend"]["runtime"] == {"acme-runtime": "1.0"}
    again = run_kinemotion(*args, env=env_with(site))
    assert "skipped" in again.stdout + again.stderr  # nothing changed: reused

    (site / "acme_runtime-1.0.dist-info").rename(site / "acme_runtime-1.1.dist-info")  # pip install -U acme-runtime
    metadata = site / "acme_runtime-1.1.dist-info" / "METADATA"
    metadata.write_text(metadata.read_text().replace("Version: 1.0", "Version: 1.1"))
    upgraded = run_kinemotion(*args, env=env_with(site))
    assert upgraded.returncode == 0, upgraded.stderr
    assert "skipped" not in upgraded.stdout + upgraded.stderr
    assert json.loads((out / "v.landmarks.json").read_text())["backend"]["runtime"] == {"acme-runtime": "1.1"}


def test_landmarks_of_a_video_replaced_since_are_analysed_with_a_warning_that_it_changed(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``kinemotion track clip.mp4 -o lm/``, then another recording saved as ``clip.mp4``, then ``kinemotion cmj
    lm/clip.landmarks.json -o out/``. Before: analysed without a word, and the jump table's row named
    ``clip.mp4``, the file there now, with the numbers of the recording tracked before (with ``--overlay`` the
    same run is refused: "its landmarks do not belong to the video there now"). The landmarks are still analysed
    (they are what was asked), with a warning that the video changed since and whose numbers they are."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    landmarks = tmp_path / "lm" / "clip.landmarks.json"
    assert _kinemotion("track", video, "-b", cmj_backend, "-o", landmarks, "-q").exit_code == 0
    blank_video(tmp_path / "other.mp4", int(3.5 * 30) + 3, 30).replace(video)  # another recording, same name
    result = _kinemotion("cmj", landmarks, "-o", f"{tmp_path / 'out'}/", "-q")
    assert result.exit_code == 0, result.output
    assert f"Warning: {landmarks} was tracked from {video}, which has changed since" in result.output
    assert "not of the file there now" in result.output
