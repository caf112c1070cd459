"""`import kinemotion` and listing backends stay light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("cv2", "mediapipe", "onnxruntime", "torch", "numpy", "click", "tqdm")


def _modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        env={**os.environ, **(env or {})},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_import_kinemotion_loads_no_heavy_module() -> None:
    loaded = _modules_after("import kinemotion")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


LIST = "import kinemotion; infos = kinemotion.list_backends(); assert len(infos) >= 4"


def test_listing_backends_does_not_import_model_runtimes() -> None:
    # The ONNX Runtime CPU and MediaPipe probes use find_spec and metadata only.
    loaded = _modules_after(LIST, env={"KINEMOTION_DISABLED_BACKENDS": "rtmpose-openvino"})
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_the_openvino_probe_loads_only_openvino() -> None:
    # OpenVINO's probe compiles a one-node model (the only way to know the CPU plugin works);
    # that brings openvino and numpy, and nothing of the other backends.
    loaded = _modules_after(LIST)
    assert "openvino" in loaded
    assert not loaded & (set(HEAVY) - {"numpy"}), loaded & set(HEAVY)


def test_every_error_is_importable_from_kinemotion() -> None:
    """The guide's ``except kinemotion.TrackingFileError``: each error of kinemotion.errors is re-exported."""
    import kinemotion
    import kinemotion.errors

    missing = [name for name in kinemotion.errors.__all__ if name not in kinemotion.__all__]
    assert not missing, f"in kinemotion.errors but not importable from kinemotion: {missing}"
    for name in kinemotion.errors.__all__:
        assert getattr(kinemotion, name) is getattr(kinemotion.errors, name)


def test_listing_backends_with_the_example_plugin_installed_stays_light(tmp_path: Path) -> None:
    """The plugin guide's rule, "import heavy modules inside probe/create, never at module import", kept by the
    example it shows as all a plugin takes. Before: the example imported numpy at its top, so a plugin copied
    from it made every `kinemotion backends` and `auto` load numpy."""

    from tests.core.distributions import write_distribution

    example = Path(__file__).resolve().parents[2] / "examples" / "kinemotion-example-hog" / "src"
    source = (example / "kinemotion_example_hog" / "__init__.py").read_text(encoding="utf-8")
    write_distribution(
        tmp_path,
        "kinemotion-example-hog",
        "0.1.0",
        {"example-hog": "example_hog_copy:ExampleHogPlugin"},
        {"example_hog_copy": source},
    )
    code = "import kinemotion; infos = kinemotion.list_backends(); assert 'example-hog' in [i.name for i in infos]"
    env = {"KINEMOTION_DISABLED_BACKENDS": "rtmpose-openvino", "PYTHONPATH": str(tmp_path)}
    loaded = _modules_after(code, env=env)
    assert "example_hog_copy" in loaded  # its module was imported, as listing imports every plugin's
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
