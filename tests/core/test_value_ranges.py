"""Range checks of landmark values, one coordinate at a time.

Every place that range-checks what a backend returns must look at x and y
separately: a point with a valid x and a y far outside the frame (or the
reverse) is as wrong as one bad in both. Two places check values: the
tracking pipeline (:class:`~kinemotion.tracking.names_check.LandmarkNameCheck`,
which stops the run) and the conformance kit (:func:`kinemotion.testing.check_plugin`,
which reports the plugin).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kinemotion.errors import BackendError
from kinemotion.testing import check_plugin
from kinemotion.tracking.names_check import LandmarkNameCheck
from tests.core.fakes import FakePlugin, FakeTracker, standing_person

# The pipeline allows a point up to a frame outside the picture: [-1, 2] on each axis.
PIPELINE_OUTSIDE = [(0.5, 2.5), (0.5, -1.5), (2.5, 0.5), (-1.5, 0.5)]
PIPELINE_INSIDE = [(0.5, 1.95), (0.5, -0.95), (1.95, 0.5), (-0.95, 0.5), (-1.0, 2.0)]
# The kit is stricter, for a standing person in view: [-0.5, 1.5] on each axis.
KIT_OUTSIDE = [(0.5, 1.7), (0.5, -0.7), (1.7, 0.5), (-0.7, 0.5)]


def _ids(points: list[tuple[float, float]]) -> list[str]:
    return [f"x={x:g},y={y:g}" for x, y in points]


@pytest.mark.parametrize("point", PIPELINE_OUTSIDE, ids=_ids(PIPELINE_OUTSIDE))
def test_the_pipeline_stops_on_one_coordinate_outside_the_frame(point: tuple[float, float]) -> None:
    landmarks = standing_person()
    landmarks["left_knee"] = (*point, 0.9)
    with pytest.raises(BackendError, match=r"'left_knee' on frame 7: x, y = .* are not normalised to the frame"):
        LandmarkNameCheck("zz").check(landmarks, 7)


@pytest.mark.parametrize("point", PIPELINE_INSIDE, ids=_ids(PIPELINE_INSIDE))
def test_the_pipeline_keeps_a_point_off_the_frame_by_less_than_a_frame(point: tuple[float, float]) -> None:
    landmarks = standing_person()
    landmarks["left_knee"] = (*point, 0.9)
    check = LandmarkNameCheck("zz")
    check.check(landmarks, 7)
    assert check.problems == []


@pytest.mark.parametrize("visibility", [-0.1, 1.1])
def test_the_pipeline_stops_on_a_visibility_outside_0_1(visibility: float) -> None:
    landmarks = standing_person()
    landmarks["nose"] = (0.5, 0.1, visibility)
    with pytest.raises(BackendError, match=rf"'nose' on frame 0: visibility {visibility:g} is outside \[0, 1\]"):
        LandmarkNameCheck("zz").check(landmarks, 0)


class _OneBadPoint(FakeTracker):
    point: tuple[float, float, float] = (0.5, 0.5, 0.9)

    def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
        out = super().process_frame(frame, timestamp_ms)
        if out is not None:
            out["left_heel"] = self.point
        return out


def _kit_failures(point: tuple[float, float, float]) -> list[str]:
    class Tracker(_OneBadPoint):
        pass

    Tracker.point = point

    frame = np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    return check_plugin(FakePlugin("one-bad-point", tracker=Tracker), person_frame=frame).failures


@pytest.mark.parametrize("point", KIT_OUTSIDE, ids=_ids(KIT_OUTSIDE))
def test_the_kit_reports_one_coordinate_outside_the_frame(point: tuple[float, float]) -> None:
    failures = _kit_failures((*point, 0.9))
    normalised = [f for f in failures if "x, y must be normalised to the frame" in f]
    assert len(normalised) == 1 and f"left_heel=({point[0]:.3g}, {point[1]:.3g})" in normalised[0], failures


@pytest.mark.parametrize("visibility", [-0.1, 1.1])
def test_the_kit_reports_a_visibility_outside_0_1(visibility: float) -> None:
    failures = _kit_failures((0.5, 0.05, visibility))
    assert any(f"visibility must lie in [0, 1]: left_heel={visibility:.3g}" in f for f in failures), failures


def test_the_kit_accepts_a_point_a_little_off_the_frame() -> None:
    """A heel just below the bottom edge (feet cut off by the frame): not a failure."""
    assert _kit_failures((0.45, 1.05, 0.9)) == []


def test_tracking_stops_naming_the_frame_where_the_value_first_went_wrong(tmp_path: Path) -> None:
    """Frame i of the clip is grey level 7 i: the backend goes wrong from frame 9 (level 63) on."""
    import kinemotion
    from kinemotion.tracking import track_video
    from tests.jump.physics_backend import blank_video

    class WrongFromFrame9(FakeTracker):
        def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
            out = standing_person()
            if frame.mean() > 60:
                out["left_ankle"] = (0.5, 2.5, 0.9)
            return out

    class Plugin(FakePlugin):
        def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
            return WrongFromFrame9(self.name, mode, options)

    video = blank_video(tmp_path / "v.mp4", 12, 30)
    kinemotion.register_backend(Plugin("zz-wrong-from-9", priority=-5))
    try:
        with pytest.raises(BackendError, match=r"'left_ankle' on frame 9: x, y = \(0.5, 2.5\) are not normalised"):
            track_video(video, "zz-wrong-from-9", progress=False)
    finally:
        kinemotion.unregister_backend("zz-wrong-from-9")
