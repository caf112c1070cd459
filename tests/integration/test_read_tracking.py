"""A landmark JSON read back (``kinemotion.tracking.read_json``): track once, analyse again without tracking."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.errors import TrackingFileError
from kinemotion.jump import analyze_tracking
from kinemotion.tracking import read_json, track_video, write_json
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, SeriesTracker, blank_video

FPS = 30
BIAS = (-0.01, 0.02)


class _BiasedPlugin(SeriesPlugin):
    def create(self, mode: str = "lightweight", **options: object) -> SeriesTracker:
        tracker = super().create(mode, **options)
        tracker.foot_timing_bias_s = BIAS  # type: ignore[attr-defined]
        return tracker


@pytest.fixture
def video(tmp_path: Path) -> Iterator[Path]:
    t = np.arange(0, 3.5, 1 / FPS)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=17, seed=3)  # some frames without a pose
    plugin = _BiasedPlugin("zz-read-back", t, ys, extra=("left_eye",))
    kinemotion.register_backend(plugin)
    yield blank_video(tmp_path / "cmj.mp4", len(t), FPS)
    kinemotion.unregister_backend(plugin.name)


def test_what_is_written_reads_back_as_the_same_result(video: Path, tmp_path: Path) -> None:
    tracked = track_video(video, "zz-read-back", progress=False)
    assert not tracked.found.all()  # frames without a pose come back as such
    back = read_json(write_json(tracked, tmp_path / "cmj.json"))
    assert back.video == tracked.video
    assert back.backend == tracked.backend
    assert back.backend.foot_timing_bias_s == BIAS
    assert back.landmark_names == tracked.landmark_names
    assert back.complete and back.error is None
    np.testing.assert_allclose(back.timestamps_ms, tracked.timestamps_ms, atol=1e-3)
    np.testing.assert_array_equal(back.found, tracked.found)
    np.testing.assert_allclose(back.landmarks, tracked.landmarks, atol=1e-6)


def test_the_analysis_of_the_file_is_the_analysis_of_the_video(video: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-read-back", "-o", str(out / "cmj.json"), "-q"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", "zz-read-back", "-o", str(out / "report.json"), "-q"])
    assert result.exit_code == 0, result.output
    from_video = json.loads((out / "report.json").read_text())["jumps"][0]["metrics"]
    from_file = analyze_tracking(read_json(out / "cmj.json"), "cmj").to_json_dict()["jumps"][0]["metrics"]
    assert from_file.keys() == from_video.keys()
    for name, value in from_video.items():
        if value is None:  # metres, without --height
            assert from_file[name] is None, name
        else:
            assert from_file[name] == pytest.approx(value, rel=1e-4, abs=1e-6), name


def _written(video: Path, tmp_path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        write_json(track_video(video, "zz-read-back", progress=False), tmp_path / "ok.json").read_text()
    )
    return data


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda d: d.update(schema="kinemotion.report/1"), "its schema is 'kinemotion.report/1'"),
        (lambda d: d.pop("frames"), "it has no frames"),
        (lambda d: d["frames"][3]["landmarks"].update(tail=[0.1, 0.2, 0.9]), "frame 3 has landmark 'tail'"),
        (lambda d: d["frames"][3]["landmarks"].update(nose=[0.1, 0.2]), "frame"),
        (lambda d: d["frames"][5].update(timestamp_ms=0.0), "timestamps do not increase"),
        (lambda d: d.update(video="cmj.mp4"), "video is str"),
        (lambda d: d["backend"].update(foot_timing_bias_s=[5.0, 0.0]), "foot_timing_bias_s"),
    ],
)
def test_a_file_not_of_the_layout_is_refused_naming_the_file_and_the_fault(
    video: Path, tmp_path: Path, damage: object, says: str
) -> None:
    data = _written(video, tmp_path)
    damage(data)  # type: ignore[operator]
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data))
    with pytest.raises(TrackingFileError) as caught:
        read_json(path)
    assert str(path) in str(caught.value) and says in str(caught.value)
    assert "kinemotion track" in str(caught.value)


def test_a_missing_or_non_json_file_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(TrackingFileError, match=r"none\.json: no such file \(the landmark JSON does not exist"):
        read_json(tmp_path / "none.json")
    (tmp_path / "video.json").write_bytes(b"\x00\x00ftypisom")
    with pytest.raises(TrackingFileError, match="not JSON"):
        read_json(tmp_path / "video.json")
    (tmp_path / "list.json").write_text("[1, 2]")
    with pytest.raises(TrackingFileError, match="the top level is list"):
        read_json(tmp_path / "list.json")


def _track(video: Path, out: Path) -> Path:
    result = CliRunner().invoke(cli, ["track", str(video), "-b", "zz-read-back", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_the_jump_commands_analyse_a_landmark_file_without_tracking(video: Path, tmp_path: Path) -> None:
    landmarks = _track(video, tmp_path / "t" / "cmj.json")
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", "zz-read-back", "-o", str(tmp_path / "v.json"), "-q"])
    assert result.exit_code == 0, result.output
    kinemotion.unregister_backend("zz-read-back")  # nothing left to track with: the file must be enough
    result = CliRunner().invoke(
        cli, ["cmj", str(landmarks), "-o", str(tmp_path / "f.json"), "--overlay", str(tmp_path / "f.mp4")]
    )
    assert result.exit_code == 0, result.output
    from_video = json.loads((tmp_path / "v.json").read_text())
    from_file = json.loads((tmp_path / "f.json").read_text())
    assert from_file["video"] == from_video["video"] and from_file["backend"] == from_video["backend"]
    assert from_file["jumps"][0]["metrics"]["flight_time_s"] == pytest.approx(
        from_video["jumps"][0]["metrics"]["flight_time_s"], abs=1e-6
    )
    assert (tmp_path / "f.mp4").stat().st_size > 0  # drawn on the video the landmarks were tracked from


def test_a_landmark_file_and_a_video_together_are_one_set(video: Path, tmp_path: Path) -> None:
    landmarks = _track(video, tmp_path / "t" / "first.json")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cmj", str(landmarks), str(video), "-b", "zz-read-back", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "first.cmj.json").is_file() and (out / "cmj.cmj.json").is_file()
    rows = (out / "cmj-jumps.csv").read_text().splitlines()
    assert len(rows) == 3  # the header and one jump of each input


def test_an_overlay_needs_the_very_video_the_landmarks_came_from(video: Path, tmp_path: Path) -> None:
    landmarks = _track(video, tmp_path / "t" / "cmj.json")
    with video.open("ab") as fh:
        fh.write(b"\0" * 16)  # another file under the same name now
    report = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["cmj", str(landmarks), "-o", str(report), "--overlay", str(tmp_path / "o.mp4")])
    assert result.exit_code == 1
    assert "has changed since" in result.output and str(landmarks) in result.output
    assert not report.exists() and not (tmp_path / "o.mp4").exists()
    video.unlink()
    result = CliRunner().invoke(cli, ["cmj", str(landmarks), "-o", str(report), "--overlay", str(tmp_path / "o.mp4")])
    assert result.exit_code == 1 and "which is not there" in result.output
    result = CliRunner().invoke(cli, ["cmj", str(landmarks), "-o", str(report)])  # no overlay: no video needed
    assert result.exit_code == 0, result.output
    assert report.is_file()


def test_no_overlay_on_a_video_the_landmarks_cannot_vouch_for(video: Path, tmp_path: Path) -> None:
    landmarks = _track(video, tmp_path / "t" / "cmj.json")
    data = json.loads(landmarks.read_text())
    data["video"].pop("fingerprint")  # as a file written before fingerprints were recorded
    landmarks.write_text(json.dumps(data))
    overlay = tmp_path / "o.mp4"
    result = CliRunner().invoke(cli, ["cmj", str(landmarks), "-o", str(tmp_path / "r.json"), "--overlay", str(overlay)])
    assert result.exit_code == 1 and "does not record which file" in result.output
    assert not overlay.exists()


def test_a_json_that_is_not_landmarks_is_an_error_naming_it(video: Path, tmp_path: Path) -> None:
    _track(video, tmp_path / "t" / "cmj.json")
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", "zz-read-back", "-o", str(tmp_path / "r.json"), "-q"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["dropjump", str(tmp_path / "r.json")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'r.json'}: is a cmj report" in result.output and "not a landmark JSON" in result.output


def test_track_given_a_landmark_file_says_which_commands_read_it(video: Path, tmp_path: Path) -> None:
    landmarks = _track(video, tmp_path / "t" / "cmj.json")
    result = CliRunner().invoke(cli, ["track", str(landmarks), "-b", "zz-read-back", "-o", str(tmp_path / "again")])
    assert result.exit_code == 1
    assert f"{landmarks} is a JSON file, not a video" in result.output and "kinemotion cmj" in result.output
