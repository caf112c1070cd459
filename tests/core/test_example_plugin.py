"""The README's example third-party plugin passes the conformance kit on real footage."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from kinemotion.testing import assert_conforms
from tests.docs import snippet

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kinemotion-example-hog" / "src"


@pytest.mark.models
def test_example_hog_plugin_conforms(person_frame: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(EXAMPLE))
    from kinemotion_example_hog import ExampleHogPlugin

    report = assert_conforms(ExampleHogPlugin(), person_frame=person_frame)
    assert report.available
    sys.modules.pop("kinemotion_example_hog", None)


@pytest.mark.models
def test_readme_conformance_example_runs_as_written_with_shipped_fixtures(tmp_path: Path) -> None:
    """A plugin author's test file, exactly the documentation's, with no fixture of its own (no conftest)."""
    import os
    import subprocess

    from tests.assets import SHARED

    test_file = tmp_path / "test_my_plugin.py"
    test_file.write_text(
        "from kinemotion_example_hog import ExampleHogPlugin\n\n"
        + snippet("plugins/conformance.md", "with no fixture of your own:")
    )
    env = {**os.environ, "PYTHONPATH": str(EXAMPLE), "KINEMOTION_TEST_ASSETS": str(SHARED)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
