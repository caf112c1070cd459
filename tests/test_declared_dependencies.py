"""Every third-party module a distribution imports is one of its declared requirements.

A module that happens to be installed through another distribution (``filelock`` through ``kinemotion``
for the RTMPose plugin) works until that one drops it; each distribution names what it imports itself.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11's tomllib")

ROOT = Path(__file__).resolve().parents[1]
DISTRIBUTIONS = ("kinemotion-core", "kinemotion-mediapipe", "kinemotion-rtmpose")
OWN_MODULES = {"kinemotion": "kinemotion"}
"""Our own packages, installed editable (not always in ``packages_distributions``): module -> distribution."""
OPENCV = {"opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"}
"""The wheels that each provide ``cv2`` (whichever one is installed here, a requirement of any names it)."""
ALLOWED = {
    ("kinemotion-core", "pytest"): "only in kinemotion.testing.pytest_plugin, which pytest itself loads",
    ("kinemotion-mediapipe", "cv2"): "MediaPipe requires OpenCV (opencv-contrib-python); declaring the headless "
    "build too would install two copies of cv2",
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(folder: str) -> set[str]:
    project = tomllib.loads((ROOT / folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    requirements += [r for extra in project.get("optional-dependencies", {}).values() for r in extra]
    return {_normal(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def _imported(folder: str) -> set[str]:
    source = ROOT / folder / "src"
    own = {p.name for p in source.iterdir() if p.is_dir()}
    modules: set[str] = set()
    for file in source.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m not in own and m != "__future__"}


@pytest.mark.parametrize("folder", DISTRIBUTIONS)
def test_every_third_party_import_is_a_declared_requirement(folder: str) -> None:
    declared, providers = _declared(folder), packages_distributions()
    undeclared = []
    for module in sorted(_imported(folder)):
        if (folder, module) in ALLOWED:
            continue
        names = {_normal(d) for d in providers.get(module, [])} | {_normal(OWN_MODULES.get(module, module))}
        names |= OPENCV if module == "cv2" else set()
        if not names & declared:
            undeclared.append(f"{module} (from {', '.join(sorted(names))})")
    assert not undeclared, f"{folder} imports what its pyproject.toml does not require: {undeclared}"


def test_the_check_sees_an_import_that_is_not_declared() -> None:
    """The check itself: the RTMPose plugin imports filelock, which its requirements must name."""
    assert "filelock" in _imported("kinemotion-rtmpose")
    assert "filelock" in _declared("kinemotion-rtmpose")
    assert "filelock" not in _declared("kinemotion-mediapipe")
