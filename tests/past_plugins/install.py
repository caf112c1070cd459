"""Build the past plugins' wheels with their own build backend and install them into a folder.

Each folder beside this file is a distribution as its author published it
(``pyproject.toml``, ``src/``, its own ``tests/``). :func:`build_wheel` runs the
PEP 517 backend the project declares (hatchling) in a subprocess, exactly as
``pip wheel`` or ``uv build`` would; :func:`install_wheel` unpacks the wheel
into a site folder, which is what installing a pure-Python wheel is (its
``.dist-info`` with ``METADATA``, ``entry_points.txt`` and ``RECORD`` comes
from the backend). With that folder on ``PYTHONPATH`` (or ``sys.path``)
``importlib.metadata`` finds the entry points as for ``pip install``. Nothing
is downloaded.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAST_PLUGINS = sorted(p for p in HERE.glob("kinemotion-*") if (p / "pyproject.toml").is_file())
"""Every past plugin's folder."""


def build_wheel(project: Path, out: Path) -> Path:
    """The wheel of ``project``, built by its declared PEP 517 backend into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    code = "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)], cwd=project, capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise RuntimeError(f"building {project.name} failed:\n{done.stdout}{done.stderr}")
    return out / done.stdout.strip().splitlines()[-1]


def install_wheel(wheel: Path, site: Path) -> None:
    """Install a pure-Python wheel into ``site`` (unpacked, as an installer does)."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)


def install_all(site: Path, wheels: Path) -> dict[str, Path]:
    """Build and install every past plugin; returns each folder's name -> its wheel."""
    built = {}
    for project in PAST_PLUGINS:
        wheel = build_wheel(project, wheels)
        install_wheel(wheel, site)
        built[project.name] = wheel
    return built
