"""`import kinemotion` and listing backends stay light."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("cv2", "mediapipe", "onnxruntime", "torch", "numpy", "click", "tqdm")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_import_kinemotion_loads_no_heavy_module() -> None:
    loaded = _modules_after("import kinemotion")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_listing_backends_does_not_import_model_runtimes() -> None:
    # With the shipped plugins installed: their probes use find_spec and metadata only.
    loaded = _modules_after("import kinemotion; infos = kinemotion.list_backends(); assert len(infos) >= 4")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
