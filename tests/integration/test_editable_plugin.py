"""An editable plugin (``pip install -e``, as the plugin guide recommends) edited at the same version is another
release: a resumed batch tracks again instead of keeping what the old code made (round 14's first defect).

The plugin is a real project in a temporary folder, built by its declared PEP 517 backend (hatchling's
``build_editable``, PEP 660) and installed as an installer does it: the editable wheel unpacked into a site
folder, with the ``direct_url.json`` (PEP 610, ``dir_info.editable``) pip and uv write. ``kinemotion track`` runs
in a process of its own each time (a new process, as the user's next command is).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.jump.physics_backend import blank_video

PYPROJECT = """
[build-system]
requires = ["hatchling>=1.18"]
build-backend = "hatchling.build"

[project]
name = "kinemotion-zz-editable"
version = "1.2.0"
requires-python = ">=3.10"
dependencies = ["kinemotion"]

[project.entry-points."kinemotion.backends"]
zz-editable = "kinemotion_zz_editable:Plugin"

[tool.hatch.build.targets.wheel]
packages = ["src/kinemotion_zz_editable"]

[tool.hatch.build]
dev-mode-dirs = ["src"]  # the editable wheel puts src/ on sys.path (a .pth file; no `editables` needed)
"""

MODULE = """
from kinemotion import REQUIRED_LANDMARKS, Availability

X = {x}


class Tracker:
    def process_frame(self, frame, timestamp_ms=0):
        return {{n: (X, 0.5, 1.0) for n in REQUIRED_LANDMARKS}}

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Plugin:
    name = "zz-editable"
    priority = -10
    modes = ("lightweight",)

    def probe(self):
        return Availability.yes("editable test backend")

    def create(self, mode="lightweight", **options):
        return Tracker()
"""

RUN = (
    "import runpy, site, sys; site.addsitedir(sys.argv.pop(1)); sys.argv[0] = 'kinemotion'; "
    "runpy.run_module('kinemotion', run_name='__main__')"
)


def _install_editable(project: Path, site: Path) -> None:
    """What ``pip install -e project`` does: build the editable wheel, unpack it, record the direct URL."""
    code = "import sys; from hatchling.build import build_editable; print(build_editable(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(project / "dist")], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(project / "dist" / done.stdout.strip().splitlines()[-1]) as wheel:
        wheel.extractall(site)
    (info,) = site.glob("kinemotion_zz_editable-*.dist-info")
    (info / "direct_url.json").write_text(json.dumps({"url": project.as_uri(), "dir_info": {"editable": True}}))


def _track(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "POSE_TRACKER_BACKEND"}
    return subprocess.run(
        [sys.executable, "-c", RUN, str(site), "track", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


def _write_module(project: Path, x: float) -> None:
    module = project / "src" / "kinemotion_zz_editable" / "__init__.py"
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(textwrap.dedent(MODULE.format(x=x)))


@pytest.fixture
def editable_plugin(tmp_path: Path) -> tuple[Path, Path]:
    """(project folder, site folder) of the editable plugin ``zz-editable`` (its landmarks at x = 0.5)."""
    project = tmp_path / "kinemotion-zz-editable"
    project.mkdir()
    (project / "pyproject.toml").write_text(PYPROJECT)
    _write_module(project, 0.5)
    site = tmp_path / "site"
    site.mkdir()
    _install_editable(project, site)
    return project, site


def test_editing_an_editable_plugin_tracks_again_and_unchanged_code_is_skipped(
    tmp_path: Path, editable_plugin: tuple[Path, Path]
) -> None:
    project, site = editable_plugin
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "out"
    args = (str(video), "-o", str(out), "-b", "zz-editable", "-q")

    first = _track(site, *args)
    assert first.returncode == 0, first.stdout + first.stderr
    data = json.loads((out / "v.landmarks.json").read_text())
    assert data["backend"]["version"].startswith("1.2.0+editable.")
    assert data["frames"][0]["landmarks"]["left_hip"][0] == 0.5

    same = _track(site, *args)
    assert same.returncode == 0 and "skipped" in same.stdout + same.stderr  # unchanged code: reused

    _write_module(project, 0.25)  # the plugin author fixes their code, same version
    edited = _track(site, *args)
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert "skipped" not in edited.stdout + edited.stderr
    again = json.loads((out / "v.landmarks.json").read_text())
    assert again["frames"][0]["landmarks"]["left_hip"][0] == 0.25
    assert again["backend"]["version"] != data["backend"]["version"]
