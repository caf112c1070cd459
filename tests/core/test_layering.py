"""The import rules of docs/architecture.md, checked on the source: each package imports only what it may."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "kinemotion-core" / "src" / "kinemotion"

BASE = {"errors", "landmarks", "extras", "cpus", "progress", "terminal", "wording", "deprecation", "versions"}
BASE |= {"file_status", "athletes"}
ALLOWED: dict[str, set[str]] = {
    **{name: set() for name in BASE},
    "keypoints": {"landmarks"},
    "pose": {"errors", "landmarks", "extras"},
    "file_digest": {"file_status"},
    "models": {"errors", "progress", "file_status", "file_digest"},
    "tracking": {
        "pose",
        "landmarks",
        "errors",
        "file_status",
        "file_digest",
        "progress",
        "terminal",
        "wording",
        "versions",
        "models",  # where the model folders find a model file by name (tracking/model_files.py, plugin contract 1.5)
        "__init__",
    },
    "jump": {"tracking", "landmarks", "errors", "extras", "versions", "athletes", "__init__"},
    "batch": {"tracking", "pose", "cpus", "errors", "extras", "progress", "versions"},
    "report_html": {"jump", "tracking", "landmarks", "errors", "progress", "wording", "athletes", "__init__"},
    "testing": {"pose", "landmarks", "models", "tracking"},
    "cli": {
        "__init__",
        "athletes",  # docs/architecture.md: "everything above" (cmj --athlete matches a list's rows as the page does)
        "batch",
        "errors",
        "extras",
        "file_status",
        "jump",
        "pose",
        "report_html",
        "terminal",
        "tracking",
    }
    | {"wording"},
    "__init__": {"errors", "landmarks", "pose", "versions"},
    "__main__": {"cli"},
}
"""Package (or top-level module) of kinemotion -> the others it may import ("__init__": ``kinemotion`` itself)."""

BACKEND_MAY_IMPORT = {"kinemotion.pose.contract", "kinemotion.pose.person", "kinemotion.landmarks"}
BACKEND_MAY_IMPORT |= {"kinemotion.keypoints", "kinemotion.models", "kinemotion.extras", "kinemotion.cpus"}
BACKEND_MAY_IMPORT |= {"kinemotion.errors", "kinemotion", "kinemotion.file_status"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _part(module: str) -> str | None:
    """The kinemotion package an absolute module name is in ("__init__" for kinemotion itself)."""
    if module == "kinemotion":
        return "__init__"
    if module.startswith("kinemotion."):
        return module.split(".")[1]
    return None


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE)))
def test_each_core_module_imports_only_what_its_package_may(path: Path) -> None:
    rel = path.relative_to(CORE)
    package = rel.parts[0] if len(rel.parts) > 1 else rel.stem
    allowed = ALLOWED[package] | {package}
    wrong = sorted(m for m in _imports(path) if (p := _part(m)) is not None and p not in allowed)
    assert not wrong, f"{rel} ({package}) imports {wrong}; it may import {sorted(allowed)} (docs/architecture.md)"
    heavy = sorted(m for m in _imports(path) if m.split(".")[0] in {"mediapipe", "onnxruntime", "openvino", "torch"})
    assert not heavy, f"{rel} imports a backend's dependency: {heavy}"


@pytest.mark.parametrize(
    ("source", "other"),
    [("kinemotion-mediapipe/src/kinemotion_mediapipe", "kinemotion_rtmpose"),
     ("kinemotion-rtmpose/src/kinemotion_rtmpose", "kinemotion_mediapipe"),
     ("examples/kinemotion-example-hog/src/kinemotion_example_hog", "kinemotion_")],
)  # fmt: skip
def test_a_backend_uses_only_the_plugin_side_of_the_core_and_never_another_backend(source: str, other: str) -> None:
    own = Path(source).name
    for path in sorted((ROOT / source).rglob("*.py")):
        modules = _imports(path)
        core = sorted(m for m in modules if _part(m) is not None and m not in BACKEND_MAY_IMPORT)
        assert not core, f"{path.relative_to(ROOT)} reaches into the core: {core}"
        others = sorted(m for m in modules if m.startswith(other) and not m.startswith(own))
        assert not others, f"{path.relative_to(ROOT)} imports another backend: {others}"
