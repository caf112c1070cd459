"""Resume never serves another video's data, nor another request's (issue 24 items 1, 2, 8; issue 26).

A re-run skips a video only when its outputs came from this very file (the
path as given, its size and a digest of its content) and from the same
request (backend, including one named by ``POSE_TRACKER_BACKEND``; mode;
every option, one more or one less). A report that claims the schema but is
malformed is analysed again, never tabulated.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.jump.report import jumps_csv
from kinemotion.tracking.files import json_text
from kinemotion.versions import recorded_version, requirement_versions
from tests.core.fakes import FakePlugin
from tests.jump.physics_backend import blank_video

FLIGHTS = [0.45, 0.55, 0.5]
STARTS = [1.0, 3.5, 6.0]
JUMPS_BY_FRAMES = {105: 1, 180: 2, 255: 3}
"""Videos of the three-jump set cut after its first, second and third jump (frames at 30 fps) -> jumps in them."""


def _invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.fixture
def fakes() -> Iterator[None]:
    kinemotion.register_backend(FakePlugin("zz-fake", priority=-1))
    kinemotion.register_backend(FakePlugin("zz-other", priority=-1))
    yield
    kinemotion.unregister_backend("zz-fake")
    kinemotion.unregister_backend("zz-other")


def _jump_video(path: Path, jumps: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = {n: f for f, n in JUMPS_BY_FRAMES.items()}[jumps]
    return blank_video(path, frames, 30)


def _rows(table: Path) -> list[dict[str, str]]:
    with table.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- which video an output came from ---------------------------------------------------------------


def test_track_redoes_another_video_of_the_same_name_into_the_same_folder(tmp_path: Path, fakes: None) -> None:
    for day in ("day1", "day2"):
        (tmp_path / day).mkdir()
    day1 = blank_video(tmp_path / "day1" / "jump.mp4", 6, 30)
    day2 = blank_video(tmp_path / "day2" / "jump.mp4", 9, 30)
    out = tmp_path / "out"
    assert _invoke("track", str(day1), "-o", str(out), "-b", "zz-fake", "-q").exit_code == 0
    again = _invoke("track", str(day2), "-o", str(out), "-b", "zz-fake", "-q")
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    data = json.loads((out / "jump.landmarks.json").read_text())
    assert data["video"]["path"] == str(day2) and len(data["frames"]) == 9
    # day1's landmarks were replaced without a word: said, with the folder that keeps both
    warning = next(line for line in again.output.splitlines() if line.startswith("Warning:"))
    assert f"{out / 'jump.landmarks.json'} is the landmarks of another video, {day1}" in warning
    assert f"track {day2} into another folder (-o {out / 'day2'})" in warning
    assert _invoke("track", str(day2), "-o", str(out), "-b", "zz-fake", "-q").output.count("skipped") == 1


def test_track_redoes_a_file_output_made_from_another_video(tmp_path: Path, fakes: None) -> None:
    a, b = blank_video(tmp_path / "a.mp4", 6, 30), blank_video(tmp_path / "b.mp4", 8, 30)
    report = tmp_path / "a.json"
    assert _invoke("track", str(a), "-o", str(report), "-b", "zz-fake", "-q").exit_code == 0
    again = _invoke("track", str(b), "-o", str(report), "-b", "zz-fake", "-q")
    assert "skipped" not in again.output and json.loads(report.read_text())["video"]["path"] == str(b)


def test_track_redoes_a_video_replaced_under_the_same_path(tmp_path: Path, fakes: None) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    report = tmp_path / "v.json"
    assert _invoke("track", str(video), "-o", str(report), "-b", "zz-fake", "-q").exit_code == 0
    recorded = json.loads(report.read_text())["video"]
    assert recorded["size_bytes"] == video.stat().st_size and recorded["fingerprint"].startswith("sha256:")
    assert "skipped" in _invoke("track", str(video), "-o", str(report), "-b", "zz-fake", "-q").output
    blank_video(video, 7, 30)  # a new recording saved under the old name
    again = _invoke("track", str(video), "-o", str(report), "-b", "zz-fake", "-q")
    assert "skipped" not in again.output and len(json.loads(report.read_text())["frames"]) == 7


def test_cmj_redoes_tuesdays_video_of_mondays_name_and_the_csv_tells_them_apart(tmp_path: Path, jump_set: str) -> None:
    monday = _jump_video(tmp_path / "monday" / "athlete1.mp4", 1)
    tuesday = _jump_video(tmp_path / "tuesday" / "athlete1.mp4", 3)
    out = tmp_path / "out"
    first = _invoke("cmj", str(monday), "-b", jump_set, "-o", str(out), "-q")
    assert first.exit_code == 0, first.output
    assert [r["video_path"] for r in _rows(out / "cmj-jumps.csv")] == [str(monday)]
    second = _invoke("cmj", str(tuesday), "-b", jump_set, "-o", str(out), "-q")
    assert second.exit_code == 0 and "skipped" not in second.output, second.output
    report = json.loads((out / "athlete1.cmj.json").read_text())
    assert report["video"]["path"] == str(tuesday) and report["jump_count"] == 3
    rows = _rows(out / "cmj-jumps.csv")
    assert [(r["video"], r["video_path"], r["jump"]) for r in rows] == [
        ("athlete1.mp4", str(tuesday), "1"),
        ("athlete1.mp4", str(tuesday), "2"),
        ("athlete1.mp4", str(tuesday), "3"),
    ]


def test_each_result_of_a_partly_resumed_batch_is_written_under_its_own_video(tmp_path: Path, jump_set: str) -> None:
    """Issue 26: some videos skipped, others analysed: every report and CSV row belongs to its own video."""
    videos = {n: _jump_video(tmp_path / f"v{n}.mp4", n) for n in (1, 2, 3)}
    out = tmp_path / "out"
    assert _invoke("cmj", str(videos[2]), "-b", jump_set, "-o", str(out), "-q").exit_code == 0
    batch = _invoke("cmj", *(str(videos[n]) for n in (1, 2, 3)), "-b", jump_set, "-o", str(out), "-q")
    assert batch.exit_code == 0, batch.output
    assert batch.output.count("skipped") == 1 and f"{videos[2]}: skipped" in batch.output
    for n, video in videos.items():
        report = json.loads((out / f"v{n}.cmj.json").read_text())
        assert (report["video"]["path"], report["jump_count"]) == (str(video), n)
    counts: dict[str, int] = {}
    for row in _rows(out / "cmj-jumps.csv"):
        counts[row["video_path"]] = counts.get(row["video_path"], 0) + 1
    assert counts == {str(videos[n]): n for n in (1, 2, 3)}


# --- which request made it -------------------------------------------------------------------------


def test_the_backend_named_by_the_environment_is_compared_on_resume(tmp_path: Path, fakes: None) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    report = tmp_path / "v.json"
    args = ("track", str(video), "-o", str(report), "-q")
    assert _invoke(*args, env={"POSE_TRACKER_BACKEND": "zz-fake"}).exit_code == 0
    assert "skipped" in _invoke(*args, env={"POSE_TRACKER_BACKEND": "zz-fake"}).output
    switched = _invoke(*args, env={"POSE_TRACKER_BACKEND": "zz-other"})
    assert switched.exit_code == 0 and "skipped" not in switched.output, switched.output
    assert json.loads(report.read_text())["backend"]["name"] == "zz-other"


def test_a_report_made_with_person_is_not_reused_without_it(tmp_path: Path, fakes: None, jump_set: str) -> None:
    """Issue 26: dropping ``--person`` is another request (the default person), not the same one."""
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    report = tmp_path / "v.json"
    args = ("track", str(video), "-o", str(report), "-b", "zz-fake", "-q")
    assert _invoke(*args, "--person", "center").exit_code == 0
    dropped = _invoke(*args)
    assert dropped.exit_code == 0 and "skipped" not in dropped.output
    assert json.loads(report.read_text())["backend"]["options"] == {}
    assert "skipped" not in _invoke(*args, "--person", "0.2,0.5").output  # and added again: redone too
    jump = _jump_video(tmp_path / "j.mp4", 1)
    cmj = ("cmj", str(jump), "-b", jump_set, "-q")
    assert _invoke(*cmj, "--person", "center").exit_code == 0
    assert "skipped" not in _invoke(*cmj).output


# --- outputs that are not what they claim ----------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(backend="zz-fake"),
        lambda d: d["backend"].update(options=["person"]),
        lambda d: d.update(video=None),
        lambda d: d["video"].update(fingerprint=7),
        lambda d: d.pop("frames"),
        lambda d: d.update(landmark_names="nose"),
    ],
    ids=["backend-not-an-object", "options-not-an-object", "no-video", "fingerprint-not-text", "no-frames", "names"],
)
def test_a_malformed_tracking_json_at_the_output_is_tracked_again(tmp_path: Path, fakes: None, damage) -> None:  # type: ignore[no-untyped-def]
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    report = tmp_path / "v.json"
    args = ("track", str(video), "-o", str(report), "-b", "zz-fake", "-q")
    assert _invoke(*args).exit_code == 0
    data = json.loads(report.read_text())
    damage(data)
    report.write_text(json.dumps(data))
    again = _invoke(*args)
    assert again.exit_code == 0 and "skipped" not in again.output and again.exception is None, again.output
    assert json.loads(report.read_text())["backend"]["name"] == "zz-fake"


@pytest.mark.parametrize("damage", ["no-jumps", "jumps-not-a-list", "jump-without-metrics", "no-quality"])
def test_a_jump_report_without_its_jumps_is_analysed_again(tmp_path: Path, jump_set: str, damage: str) -> None:
    videos = [_jump_video(tmp_path / "a.mp4", 1), _jump_video(tmp_path / "b.mp4", 2)]
    out = tmp_path / "out"
    args = ("cmj", *map(str, videos), "-b", jump_set, "-o", str(out), "-q")
    assert _invoke(*args).exit_code == 0
    path = out / "a.cmj.json"
    data = json.loads(path.read_text())
    if damage == "no-jumps":
        del data["jumps"]
    elif damage == "jumps-not-a-list":
        data["jumps"] = "1"
    elif damage == "jump-without-metrics":
        del data["jumps"][0]["metrics"]
    else:
        del data["quality"]
    path.write_text(json.dumps(data))
    again = _invoke(*args)
    assert again.exit_code == 0 and again.exception is None, again.output
    assert again.output.count("skipped") == 1 and f"{videos[1]}: skipped" in again.output
    assert [r["video"] for r in _rows(out / "cmj-jumps.csv")] == ["a.mp4", "b.mp4", "b.mp4"]
    assert json.loads(path.read_text())["jumps"][0]["metrics"]
    with pytest.raises(ValueError, match=r"cannot be tabulated"):
        jumps_csv([data])


def test_an_output_from_before_videos_were_recorded_is_redone(tmp_path: Path, fakes: None) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    report = tmp_path / "v.json"
    args = ("track", str(video), "-o", str(report), "-b", "zz-fake", "-q")
    assert _invoke(*args).exit_code == 0
    data = json.loads(report.read_text())
    for key in ("size_bytes", "fingerprint"):
        del data["video"][key]  # what an older kinemotion wrote: which file it came from is unknown
    report.write_text(json.dumps(data))
    assert "skipped" not in _invoke(*args).output


def test_a_copy_of_the_video_elsewhere_is_another_video(tmp_path: Path, fakes: None) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    (tmp_path / "copy").mkdir()
    copy = Path(shutil.copy(video, tmp_path / "copy" / "v.mp4"))
    out = tmp_path / "out"
    assert _invoke("track", str(video), "-o", str(out), "-b", "zz-fake", "-q").exit_code == 0
    again = _invoke("track", str(copy), "-o", str(out), "-b", "zz-fake", "-q")
    assert "skipped" not in again.output  # the outputs name the file they came from
    assert json.loads((out / "v.landmarks.json").read_text())["video"]["path"] == str(copy)


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ((), "kinemotion_version", "0.9.0"),  # made by an older kinemotion: its analysis may differ
        (("backend",), "version", "0.0.1"),  # by an older release of the backend: its landmarks may differ
        (("backend",), "distribution", "kinemotion-not-installed"),
        (("backend",), "runtime", {"numpy": "0.1"}),  # by another release of what the backend requires
    ],
)
def test_an_output_made_by_another_release_is_redone(
    tmp_path: Path, fakes: None, where: tuple[str, ...], key: str, value: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    report = tmp_path / "v.json"
    args = ("track", str(video), "-o", str(report), "-b", "zz-fake", "-q")
    assert _invoke(*args).exit_code == 0
    data = json.loads(report.read_text())
    data["backend"].update(  # a plugin's record
        distribution="kinemotion", version=recorded_version("kinemotion"), runtime=requirement_versions("kinemotion")
    )
    report.write_text(json_text(data))  # as kinemotion writes it
    assert "skipped" in _invoke(*args).output  # the same releases: reused
    target = data
    for part in where:
        target = target[part]
    target[key] = value
    report.write_text(json_text(data))
    assert "skipped" not in _invoke(*args).output
