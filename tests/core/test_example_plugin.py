"""The README's example third-party plugin passes the conformance kit on real footage."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from kinemotion.testing import assert_conforms

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kinemotion-example-hog" / "src"


@pytest.mark.models
def test_example_hog_plugin_conforms(person_frame: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(EXAMPLE))
    from kinemotion_example_hog import ExampleHogPlugin

    report = assert_conforms(ExampleHogPlugin(), person_frame=person_frame)
    assert report.available
    sys.modules.pop("kinemotion_example_hog", None)
