"""The README's example third-party plugin passes the conformance kit on real footage."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from kinemotion.testing import assert_conforms
from tests.docs import shown, snippet

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
    test_file.write_text(snippet("plugins/conformance.md", "with no fixture of your own:"))
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


def test_the_example_plugin_and_its_conformance_test_type_check_under_mypy_strict(tmp_path: Path) -> None:
    """A plugin author who copies the example and the conformance kit's test, then runs ``mypy --strict``.

    Before: ``assert_conforms(ExampleHogPlugin(), ...)`` (and ``register_backend``) was a type error, "modes:
    expected tuple[str, ...], got tuple[str, str]": ``BackendPlugin`` declared ``modes`` settable, which a class
    attribute ``modes = ("lightweight", "balanced")`` is not to a type checker; and the example called
    ``cv2.HOGDescriptor_getDefaultPeopleDetector``, a name OpenCV's stubs lack.
    """
    from mypy import api as mypy_api

    test_file = tmp_path / "test_my_plugin.py"
    test_file.write_text(snippet("plugins/conformance.md", "with no fixture of your own:"), encoding="utf-8")
    registered = tmp_path / "register.py"
    registered.write_text(
        "import kinemotion\nfrom kinemotion_example_hog import ExampleHogPlugin\n\n"
        "kinemotion.register_backend(ExampleHogPlugin())\n",
        encoding="utf-8",
    )
    (tmp_path / "mypy.ini").write_text(f"[mypy]\nmypy_path = {EXAMPLE}\n", encoding="utf-8")
    options = ["--strict", "--config-file", str(tmp_path / "mypy.ini"), "--cache-dir", str(tmp_path / ".mypy")]
    module = EXAMPLE / "kinemotion_example_hog" / "__init__.py"
    out, err, status = mypy_api.run([*options, str(module), str(test_file), str(registered)])
    assert status == 0, out + err


@pytest.mark.models
def test_the_plugin_guide_shows_a_whole_plugin_that_conforms(person_frame: np.ndarray) -> None:
    """A plugin author copies what ``docs/plugins/index.md`` shows: the pyproject and the module, as the site has them.

    Before: the page showed the plugin class alone (the tracker it creates, its
    imports and the landmark proportions were "above it in the same file", not
    on the page), so the code on the page could not run.
    """
    import re
    import types

    pyproject = shown("plugins/index.md", "`pyproject.toml` (complete", "toml")
    entry = re.search(r'^\[project\.entry-points\."kinemotion\.backends"\]\n([\w-]+) = "(\w+):(\w+)"', pyproject, re.M)
    assert entry, pyproject
    name, module_name, attribute = entry.groups()
    module = types.ModuleType(module_name)
    exec(compile(shown("plugins/index.md", "The module, `src/"), f"<docs: {module_name}>", "exec"), module.__dict__)
    plugin = getattr(module, attribute)
    assert plugin.name == name
    report = assert_conforms(plugin, person_frame=person_frame)
    assert report.available
