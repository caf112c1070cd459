"""Hostile input, round 10: what a tenth outside attack (a sports scientist, a coach's analyst, a plugin author)
found still broken: a file saved by a Windows editor refused as "not JSON", a frame rate FFmpeg invents, one
plugin's writes seen by another backend, and two runs into one folder serving each other's results.

Each test reproduces what a careless user, a Windows tool or a plugin author could do and checks for one clear
error naming the file, option or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion import LandmarkDict
from kinemotion.cli.main import cli
from kinemotion.testing import check_plugin
from tests.core.distributions import env_with, install_backend
from tests.core.fakes import FakePlugin, FakeTracker
from tests.integration.test_hostile_input_round4 import SLOW_TRACKER
from tests.integration.test_hostile_input_round6 import _kinemotion, _tracked
from tests.jump.physics_backend import blank_video

FPS = 30


# --- a JSON file saved by a Windows editor or shell -------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "saved_by"),
    [("utf-8-sig", "Notepad's 'UTF-8 with BOM', PowerShell 5's Set-Content"), ("utf-16", "PowerShell 5's `>`")],
)
def test_a_landmark_json_or_report_saved_with_a_byte_order_mark_is_read(
    clip: Path, tmp_path: Path, cmj_backend: str, encoding: str, saved_by: str
) -> None:
    """Before: a landmark JSON re-saved with a byte-order mark was "not JSON (it is not JSON at all: it starts
    '\\ufeff{"schema"...')", and one in UTF-16 "cannot be read (UnicodeDecodeError: ...)"; `report` refused a
    jump report saved so as "not a readable JSON file"."""
    landmarks_file = _tracked(clip, cmj_backend, tmp_path / "clip.landmarks.json")
    expected = _kinemotion("cmj", landmarks_file, "-o", tmp_path / "plain.cmj.json", "-q")
    assert expected.exit_code == 0, expected.output
    landmarks_file.write_text(landmarks_file.read_text(encoding="utf-8"), encoding=encoding)  # as saved_by saves
    result = _kinemotion("cmj", landmarks_file, "-o", tmp_path / "saved.cmj.json", "-q")
    assert result.exit_code == 0, result.output
    plain, saved = (json.loads((tmp_path / f"{n}.cmj.json").read_text())["jumps"] for n in ("plain", "saved"))
    assert saved == plain  # the same analysis
    report = tmp_path / "saved.cmj.json"
    report.write_text(report.read_text(encoding="utf-8"), encoding=encoding)
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(report), "-o", str(page), "-q"])
    assert result.exit_code == 0 and "wrote" in result.output and "1 jump" in result.output, result.output


# --- a backend writing into the frame it is given ----------------------------------------------------------------


def _clip_with_a_person(path: Path) -> Path:
    """A 2 s clip: a bright figure moving across the conformance kit's grey (114), which FakeTracker finds."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), FPS, (160, 120))
    for i in range(2 * FPS):
        image = np.full((120, 160, 3), 114, np.uint8)
        image[30:100, 60 + i % 20 : 80 + i % 20] = 200
        writer.write(image)
    writer.release()
    return path


class _ErasingTracker(FakeTracker):
    """Writes into the frame it is given (a plugin normalising or drawing in place): the figure is erased."""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        found = super().process_frame(frame, timestamp_ms)
        frame[:] = 114
        return found


@pytest.fixture
def erasing() -> Iterator[str]:
    kinemotion.register_backend(FakePlugin("zz-erasing", priority=-5, tracker=_ErasingTracker))
    kinemotion.register_backend(FakePlugin("zz-finds", priority=-6))
    yield "zz-erasing"
    kinemotion.unregister_backend("zz-erasing")
    kinemotion.unregister_backend("zz-finds")


def test_a_backend_writing_into_its_frame_changes_neither_the_next_benchmarked_backend_nor_the_overlay(
    tmp_path: Path, erasing: str
) -> None:
    """Before: `bench -b A -b B` gave every backend the same decoded frames, so B was timed on what A left in
    them (it found the person in 0 of 40 frames, and ran 8 times "faster"); `track --overlay` drew the video
    as the backend left it (the figure erased)."""
    video = _clip_with_a_person(tmp_path / "person.mp4")
    result = _kinemotion("bench", video, "-b", erasing, "-b", "zz-finds", "--frames", "40")
    assert result.exit_code == 0, result.output
    finds = next(line for line in result.output.splitlines() if line.startswith("zz-finds"))
    assert finds.split()[-1] == "40/40", result.output
    drawn = {}
    for backend in (erasing, "zz-finds"):  # the same person found: the same picture drawn
        overlay = tmp_path / f"{backend}.mp4"
        result = _kinemotion("track", video, "-b", backend, "-o", tmp_path / f"{backend}.json", "--overlay", overlay)
        assert result.exit_code == 0, result.output
        capture = cv2.VideoCapture(str(overlay))
        ok, image = capture.read()
        capture.release()
        assert ok
        drawn[backend] = image[25:105].astype(int)  # the figure, below the caption
    assert np.abs(drawn[erasing] - drawn["zz-finds"]).mean() < 2, "the overlay shows what the backend left"


# --- a frame rate FFmpeg invents ----------------------------------------------------------------------------------


def _mjpeg_avi(path: Path) -> Path:
    """A 3.5 s motion-JPEG AVI at 30 frames/s."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), FPS, (160, 120))
    for i in range(int(3.5 * FPS)):
        writer.write(np.full((120, 160, 3), (i * 7) % 255, np.uint8))
    writer.release()
    return path


def _avi_stating_no_rate(path: Path) -> Path:
    """:func:`_mjpeg_avi` with its rate zeroed in its headers (the video stream's dwRate and the main header's
    microseconds per frame), as broken capture software writes them."""
    data = bytearray(_mjpeg_avi(path).read_bytes())
    main, stream = data.find(b"avih"), data.find(b"strh")
    assert main > 0 and stream > 0 and data[stream + 8 : stream + 12] == b"vids"
    struct.pack_into("<I", data, main + 8, 0)  # avih: dwMicroSecPerFrame
    struct.pack_into("<I", data, stream + 32, 0)  # strh: dwRate
    path.write_bytes(data)
    return path


def test_an_avi_whose_header_states_no_frame_rate_is_refused_with_the_command_that_gives_it_one(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Before: OpenCV reported FFmpeg's invented 25 frames/s for it, and `cmj` measured the jump at that rate
    without a word (the flight of a clip filmed at 30 frames/s 1.2 times too long)."""
    video = _avi_stating_no_rate(tmp_path / "capture.avi")
    for command in ("track", "cmj"):
        result = _kinemotion(command, video, "-b", cmj_backend, "-o", tmp_path / f"{command}.json", "-q")
        assert result.exit_code == 1, result.output
        assert f"{video}: its AVI header gives the video no frame rate" in result.output
        assert f"ffmpeg -r FPS -i {video} -c:v libx264" in result.output
        assert not (tmp_path / f"{command}.json").exists()
    stated = _mjpeg_avi(tmp_path / "stated.avi")  # the same file with its rate: measured as before
    result = _kinemotion("cmj", stated, "-b", cmj_backend, "-o", tmp_path / "stated.cmj.json", "-q")
    assert result.exit_code == 0, result.output


# --- two runs writing one output at once -------------------------------------------------------------------------


def test_a_run_asked_to_write_what_a_running_one_is_writing_is_refused_before_any_work(
    tmp_path: Path, fake: str
) -> None:
    """Two terminals, or two analysts on one shared folder. Before: both runs said "wrote out/v1..." and the one
    that finished last replaced the other's files (`cmj v1.mp4 -o out/ --height 1.8` reported metres, and the
    report left at its path was the other run's, without them). A run writing other files of the folder goes on."""
    site = tmp_path / "site"
    install_backend(site, "zz-slow-frames", SLOW_TRACKER)
    marks = tmp_path / "workers"
    videos = [blank_video(tmp_path / f"v{i}.mp4", 40, FPS) for i in range(3)]
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kinemotion", "track", str(videos[0]), str(videos[1]), "-b", "zz-slow-frames"]
    running = subprocess.Popen(
        [*command, "-q", "-j", "1", "-o", str(out)],
        env=env_with(site, KINEMOTION_TEST_WORKERS=str(marks)),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not marks.exists():  # its outputs are planned and held: it is tracking
            assert running.poll() is None and time.monotonic() < deadline, "tracking never started"
            time.sleep(0.1)
        result = _kinemotion("track", videos[1], "-b", fake, "-o", f"{out}/", "-q")
        assert result.exit_code == 1, result.output
        assert f"another kinemotion run is writing {out / 'v1.landmarks.json'} now" in result.output, result.output
        assert "Traceback" not in result.output
        result = _kinemotion("track", videos[2], "-b", fake, "-o", f"{out}/", "-q")  # other files of the folder
        assert result.exit_code == 0, result.output
    finally:
        running.kill()
        running.wait()
    assert not (out / "v1.landmarks.json").exists()  # neither run wrote it: the second was refused
    result = _kinemotion("track", videos[1], "-b", fake, "-o", f"{out}/", "-q")  # a run killed holds nothing
    assert result.exit_code == 0, result.output


# --- an output on a read-only filesystem --------------------------------------------------------------------------


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder on a small filesystem mounted read-only (a memory card with its lock switch on); needs root."""
    mount = tmp_path / "card"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a filesystem here (not root?): {made.stderr.decode().strip()}")
    try:
        (mount / "DCIM").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount / "DCIM"
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_an_output_on_a_read_only_filesystem_is_said_to_be_on_one(
    read_only_folder: Path, clip: Path, cmj_backend: str
) -> None:
    """Before: "no permission to write in /media/card/DCIM" (as root, too): the user changed permissions and
    tried sudo, where only another drive (or the card's lock switch) helps."""
    result = _kinemotion("cmj", clip, "-b", cmj_backend, "-o", f"{read_only_folder}/", "-q")
    assert result.exit_code == 1, result.output
    assert f"{read_only_folder} is on a read-only filesystem" in result.output
    assert "give an output on a writable drive with -o" in result.output and "permission" not in result.output


# --- a backend that changes the working directory ----------------------------------------------------------------


class _MovingPlugin(FakePlugin):
    """A plugin driving a library from its own folder, as OpenPose's Python examples do (``os.chdir``)."""

    folder: Path = Path()

    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        os.chdir(self.folder)
        return super().create(mode, **options)


def test_a_backend_changing_the_working_directory_moves_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: `track v.mp4 v2.mp4 -o out/` said "wrote out/v.landmarks.json" and wrote every output into the
    plugin's folder (``models/out/...``), where no re-run and no `report` looked."""
    plugin = _MovingPlugin("zz-moving", priority=-5)
    plugin.folder = tmp_path / "models"
    plugin.folder.mkdir()
    kinemotion.register_backend(plugin)
    try:
        monkeypatch.chdir(tmp_path)
        for i in range(2):
            blank_video(tmp_path / f"v{i}.mp4", 20, FPS)
        result = _kinemotion("track", "v0.mp4", "v1.mp4", "-b", plugin.name, "-o", "out/", "-q", "-j", "1")
        assert result.exit_code == 0, result.output
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert Path.cwd() == tmp_path
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "v0.landmarks.csv",
        "v0.landmarks.json",
        "v1.landmarks.csv",
        "v1.landmarks.json",
    ]
    assert not list(plugin.folder.iterdir())
    said = [line for line in result.output.splitlines() if "changed the working directory" in line]
    assert len(said) == 1 and "'zz-moving'" in said[0] and "in create()" in said[0], result.output


# --- a ~ that reached the command unexpanded ---------------------------------------------------------------------


def test_a_leading_tilde_given_as_it_is_means_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cmj_backend: str
) -> None:
    """PowerShell passes ``~`` to a program as it is, and so do a quoted ``"~/jumps/"`` and a script's list of
    arguments. Before: `cmj ~/clip.mp4` was "no such file", and `-o "~/jumps/"` wrote a folder named ``~`` in the
    current folder ("wrote ~/jumps/clip.cmj.json"; `rm -rf ~` to remove it would remove the home)."""
    home, here = tmp_path / "home", tmp_path / "here"
    home.mkdir()
    here.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(here)
    blank_video(home / "clip.mp4", int(3.5 * FPS), FPS)
    result = _kinemotion("cmj", "~/clip.mp4", "-b", cmj_backend, "-o", "~/jumps/", "-q")
    assert result.exit_code == 0, result.output
    assert (home / "jumps" / "clip.cmj.json").is_file() and (home / "jumps" / "cmj-jumps.csv").is_file()
    (home / "athletes.csv").write_text("video,athlete\nclip.mp4,Ana\n")
    result = _kinemotion("report", "~/jumps", "--athlete", "~/athletes.csv", "-o", "~/session.html", "-q")
    assert result.exit_code == 0, result.output
    assert "Ana" in (home / "session.html").read_text()
    assert not list(here.iterdir())  # no folder named ~ here
    result = _kinemotion("track", "~/clip.mp4", "-b", cmj_backend, "-o", "./~/", "-q")  # ./~ is a folder ~
    assert result.exit_code == 0 and (here / "~" / "clip.landmarks.json").is_file(), result.output


# --- a backend reporting an impossible model time -----------------------------------------------------------------


class _ClockBackwards(FakeTracker):
    """A ``model_time_s`` that runs back (a plugin subtracting where it should add)."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.model_time_s = 0.0

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        self.model_time_s -= 0.01
        return super().process_frame(frame, timestamp_ms)


class _NotANumberTime(FakeTracker):
    model_time_s = float("nan")


@pytest.mark.parametrize("tracker", [_ClockBackwards, _NotANumberTime])
def test_bench_shows_no_impossible_model_time(tmp_path: Path, tracker: type[FakeTracker]) -> None:
    """Before: the benchmark table showed "-10.0" and "nan" model ms per frame beside real timings."""
    kinemotion.register_backend(FakePlugin("zz-clock", priority=-5, tracker=tracker))
    try:
        video = blank_video(tmp_path / "v.mp4", 20, FPS)
        result = _kinemotion("bench", video, "-b", "zz-clock", "--frames", "10")
    finally:
        kinemotion.unregister_backend("zz-clock")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("zz-clock"))
    assert row.split()[-2] == "n/a", result.output
    assert "backend 'zz-clock' reports" in result.output and "model_time_s: no time can be that" in result.output


# --- reports given where landmark files go -------------------------------------------------------------------------


def test_a_wildcard_over_landmark_files_and_their_reports_names_a_pattern_that_works(
    clip: Path, tmp_path: Path, cmj_backend: str
) -> None:
    """`cmj out/*.json -o out/` after a first run caught its reports. Before: the fix offered was "give only the
    videos (e.g. out/*.json)", the very pattern that caught them; and a report given alone was "not a landmark
    JSON ... its schema is 'kinemotion.jump/2' ... Track the video again"."""
    out = tmp_path / "out"
    landmarks_file = _tracked(clip, cmj_backend, out / "clip.landmarks.json")
    assert _kinemotion("cmj", landmarks_file, "-o", f"{out}/", "-q").exit_code == 0
    inputs = sorted(out.glob("*.json"))  # the landmark file and its report
    result = _kinemotion("cmj", *inputs, "-o", f"{out}/", "-q")
    assert result.exit_code == 1, result.output
    assert f"give only the landmark files (e.g. {out / '*.landmarks.json'})" in result.output, result.output
    report = out / "clip.landmarks.cmj.json"
    result = _kinemotion("cmj", report, "-o", tmp_path / "again.cmj.json", "-q")
    assert result.exit_code == 1, result.output
    assert f"{report}: is a cmj report (the results `kinemotion cmj` wrote), not a landmark JSON" in result.output
    assert f"`kinemotion report {report}` shows the report" in result.output


# --- a report set aside, given again by a wildcard ----------------------------------------------------------------


def test_a_report_set_aside_by_a_failed_rerun_is_not_shown_when_given_by_name(
    tmp_path: Path, cmj_backend: str, fake: str
) -> None:
    """`kinemotion report out/*` after a re-run failed. Before: the set-aside ``w.cmj.json.previous`` (which the
    failed run said was "not this run's result") was read and its jump shown on the coach's page as the
    session's, without a word; a video given to `report` was "'utf-8' codec can't decode byte 0xb3"."""
    out = tmp_path / "out"
    videos = [blank_video(tmp_path / f"{name}.mp4", int(3.5 * FPS), FPS) for name in ("v", "w")]
    assert _kinemotion("cmj", *videos, "-b", cmj_backend, "-o", f"{out}/", "-q").exit_code == 0
    failed = _kinemotion("cmj", videos[1], "-b", fake, "-o", out / "w.cmj.json", "-q")  # finds no jump now
    assert failed.exit_code == 1 and (out / "w.cmj.json.previous").is_file(), failed.output
    page = tmp_path / "page.html"
    result = _kinemotion("report", *sorted(out.glob("*.json*")), "-o", page, "-q")
    assert result.exit_code == 3, result.output
    assert f"{out / 'w.cmj.json.previous'}: an earlier run's output, set aside by a re-run that failed" in (
        result.output
    )
    # w's jump is not shown; the re-run's refusal of w is (out/w.cmj.refusal.json): not measured, not missing
    assert "wrote" in result.output and "(1 video, 1 jump, 1 not measured)" in result.output, result.output
    result = _kinemotion("report", videos[0], "-o", page, "-q")
    assert result.exit_code == 1 and f"{videos[0]}: is a video, not a jump report" in result.output, result.output


# --- a video whose name starts with a dot ---------------------------------------------------------------------------


def test_a_video_named_with_a_leading_dot_gets_a_report_the_session_page_shows(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Before: ``.warmup.mp4``'s report was the hidden ``.warmup.cmj.json``, which `kinemotion report out/` passes
    over as it passes over a run's temporary files: the page said "1 video, 1 jump" where the run said two."""
    videos = [blank_video(tmp_path / name, int(3.5 * FPS), FPS) for name in (".warmup.mp4", "jump.mp4")]
    out = tmp_path / "out"
    result = _kinemotion("cmj", *videos, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert result.exit_code == 0, result.output
    assert (out / "_warmup.cmj.json").is_file(), sorted(p.name for p in out.iterdir())
    result = _kinemotion("report", out, "-o", tmp_path / "page.html", "-q")
    assert result.exit_code == 0 and "(2 videos, 2 jumps)" in result.output, result.output


class _ErasingResettable(_ErasingTracker):
    def reset(self) -> None:
        self.timestamps.clear()


def test_the_conformance_kit_passes_a_tracker_that_writes_into_its_frame() -> None:
    """A tracker may write into the frame it is given (it converts colours in place, draws on it). Before: the
    kit gave every call the same frame, the first call's writes hid the person from the next, and the plugin
    failed with "no person found on person_frame"; the author's own person_frame came back changed."""
    person = np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    kept = person.copy()
    report = check_plugin(FakePlugin("zz-erasing-kit", tracker=_ErasingResettable), person_frame=person)
    assert report.ok, report.failures
    assert np.array_equal(person, kept)
