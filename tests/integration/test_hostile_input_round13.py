"""Hostile input, round 13: what a thirteenth outside attack (runs killed and run again, one video under two
names, a huge file that is no video, ...) found still broken.

Each test reproduces what a careless user, an unlucky run or a script could do and checks for one clear error
naming the file, option or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import kinemotion
from kinemotion import LandmarkDict
from tests.core.distributions import env_with, install_backend
from tests.core.fakes import FakePlugin, FakeTracker
from tests.integration.processes import kill_once_marked, still_running_after
from tests.integration.test_hostile_input_round4 import SLOW_TRACKER
from tests.integration.test_hostile_input_round6 import _kinemotion, _tracked
from tests.jump.physics_backend import blank_video

FPS = 30


# --- the NAME.previous a killed run left is gone once a later run writes NAME -------------------------------------


def _killed_while_tracking(tmp_path: Path, *args: object) -> None:
    """Run ``kinemotion ARGS -b zz-slow-frames`` and kill it outright (``kill -9``) while it tracks."""
    site, marks = tmp_path / "site", tmp_path / "tracked-by"
    install_backend(site, "zz-slow-frames", SLOW_TRACKER)
    process = subprocess.Popen(
        [sys.executable, "-m", "kinemotion", *map(str, args), "-b", "zz-slow-frames", "-q"],
        env=env_with(site, KINEMOTION_TEST_WORKERS=str(marks)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_once_marked(process, marks, 2)


def test_the_landmarks_a_killed_track_run_set_aside_are_removed_by_the_next_run_that_writes_them(
    tmp_path: Path, fake: str
) -> None:
    """``track v.mp4 --force`` killed outright (``kill -9``) while tracking sets the earlier landmarks aside as
    ``NAME.previous`` (so that they never pass as its result); ``track v.mp4`` then tracks and writes them anew.
    Before: the killed run's ``v.landmarks.json.previous`` and ``.csv.previous`` stayed beside the new files for
    good (each later run removed only the ``.previous`` it had made), an earlier result that no run would ever
    clear, which ``report out/*`` listed as left out on every page."""
    video, out = blank_video(tmp_path / "v.mp4", 40, FPS), tmp_path / "out"
    assert _kinemotion("track", video, "-b", fake, "-o", f"{out}/", "-q").exit_code == 0
    _killed_while_tracking(tmp_path, "track", video, "--force", "-o", f"{out}/")
    assert sorted(p.name for p in out.iterdir()) == ["v.landmarks.csv.previous", "v.landmarks.json.previous"]
    again = _kinemotion("track", video, "-b", fake, "-o", f"{out}/", "-q")
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.iterdir()) == ["v.landmarks.csv", "v.landmarks.json"]


def test_the_table_and_page_a_killed_jump_run_set_aside_are_removed_by_the_next_run_that_writes_them(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj a.mp4 b.mp4 -o out/ --report out/s.html`` killed while tracking b (a new video) has set the earlier
    table and page aside; the same command run again writes both. Before: ``cmj-jumps.csv.previous`` and
    ``s.html.previous`` stayed for good."""
    a, out = blank_video(tmp_path / "a.mp4", int(3.5 * FPS), FPS), tmp_path / "out"
    first = _kinemotion("cmj", a, "-b", cmj_backend, "-o", f"{out}/", "--report", out / "s.html", "-q")
    assert first.exit_code == 0, first.output
    b = blank_video(tmp_path / "b.mp4", 40, FPS)
    _killed_while_tracking(tmp_path, "cmj", a, b, "-o", f"{out}/", "--report", out / "s.html")
    assert {"cmj-jumps.csv.previous", "s.html.previous"} <= {p.name for p in out.iterdir()}
    again = _kinemotion("cmj", a, "-b", cmj_backend, "-o", f"{out}/", "--report", out / "s.html", "-q")
    assert again.exit_code == 0, again.output
    assert not [p.name for p in out.iterdir() if p.name.endswith(".previous")]


def test_a_write_protected_previous_file_is_kept(tmp_path: Path, fake: str) -> None:
    """A ``NAME.previous`` made read-only (kept on purpose) is never removed by a run writing NAME."""
    video, out = blank_video(tmp_path / "v.mp4", 40, FPS), tmp_path / "out"
    out.mkdir()
    kept = out / "v.landmarks.json.previous"
    kept.write_text("{}")
    kept.chmod(0o444)
    assert _kinemotion("track", video, "-b", fake, "-o", f"{out}/", "-q").exit_code == 0
    assert kept.read_text() == "{}"


# --- a large file that is no video --------------------------------------------------------------------------------


def test_a_large_file_that_is_no_video_is_refused_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: str
) -> None:
    """A 3 GB file named ``.mp4`` that is no video (a disk image, a download that never finished: here sparse).
    Before: 12 s passed before the refusal, the whole file read for its content digest before FFmpeg was asked
    whether it is a video. The digest is now read only of a file that opens as one."""
    import kinemotion.tracking.decode as decode

    big = tmp_path / "x.mp4"
    with open(big, "wb") as fh:
        fh.truncate(3 << 30)
    read: list[Path] = []
    identify = decode.identify
    monkeypatch.setattr(decode, "identify", lambda path: (read.append(Path(path)), identify(path))[1])
    result = _kinemotion("track", big, "-b", fake, "-o", f"{tmp_path}/out/", "-q")
    assert result.exit_code == 1 and f"{big} could not be opened as a video" in result.output, result.output
    assert read == []


# --- one video under two names in one batch ---------------------------------------------------------------------


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_a_link_to_a_video_given_with_it_is_done_once(tmp_path: Path, cmj_backend: str, link: str) -> None:
    """``cmj *.mp4`` in a folder where ``best.mp4`` is a link to ``jump.mp4`` (a coach's "best attempt"), or a
    hard link to it. Before: the one file was tracked twice and its jump listed twice in the table and counted
    twice on the page, with no word of it. Now the later name is said to be the same file and left out."""
    video = blank_video(tmp_path / "jump.mp4", int(3.5 * FPS), FPS)
    best = tmp_path / "best.mp4"
    if link == "hard":
        best.hardlink_to(video)
    else:
        best.symlink_to(video.name)
    out = tmp_path / "out"
    result = _kinemotion("cmj", video, best, "-b", cmj_backend, "-o", f"{out}/", "--report", out / "s.html")
    assert result.exit_code == 0, result.output
    assert f"{best}: the same file as {video} (a link, or another name of it): done once, as {video}" in (result.output)
    assert sorted(p.name for p in out.iterdir()) == ["cmj-jumps.csv", "jump.cmj.json", "jump.landmarks.json", "s.html"]
    assert len((out / "cmj-jumps.csv").read_text().splitlines()) == 1 + 1
    assert "wrote " + str(out / "s.html") + " (1 video, 1 jump)" in result.output


def test_a_link_to_a_video_given_with_it_is_tracked_once(tmp_path: Path, fake: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 20, FPS)
    (tmp_path / "w.mp4").hardlink_to(video)
    out = tmp_path / "out"
    result = _kinemotion("track", video, tmp_path / "w.mp4", "-b", fake, "-o", f"{out}/", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["v.landmarks.csv", "v.landmarks.json"]


def test_the_same_name_given_twice_is_still_refused_among_links(tmp_path: Path, fake: str) -> None:
    video = blank_video(tmp_path / "v.mp4", 20, FPS)
    (tmp_path / "w.mp4").hardlink_to(video)
    result = _kinemotion("track", video, tmp_path / "w.mp4", video, "-b", fake, "-o", f"{tmp_path}/out/")
    assert result.exit_code == 1 and f"{video} is given twice: give each video once" in result.output, result.output


def test_a_copy_of_a_video_given_with_it_is_said_on_the_page_cmj_writes(tmp_path: Path, cmj_backend: str) -> None:
    """``cmj jump.mp4 jump-copy.mp4 --report out/s.html`` (the same recording copied off the camera twice).
    Before: the page counted its jump twice in the overview with no word, where ``kinemotion report out/`` of the
    same reports warns that the video is in two reports."""
    video = blank_video(tmp_path / "jump.mp4", int(3.5 * FPS), FPS)
    copy = tmp_path / "jump-copy.mp4"
    copy.write_bytes(video.read_bytes())
    out = tmp_path / "out"
    result = _kinemotion("cmj", video, copy, "-b", cmj_backend, "-o", f"{out}/", "--report", out / "s.html")
    assert result.exit_code == 0, result.output
    said = "jump.mp4 is in 2 cmj reports (jump.cmj.json, jump-copy.cmj.json)"
    assert f"warning: {said}" in result.output and said in (out / "s.html").read_text(), result.output


# --- an output folder whose name holds a line break -----------------------------------------------------------


def test_an_output_folder_named_with_a_line_break_prints_no_line_kinemotion_never_wrote(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``-o "$DIR/"`` where the folder's name holds a line break and text (a name pasted from a message, a script
    building it from two lines). Before: "wrote out/x" then a line "Error: disk full/a.cmj.json", an error line
    kinemotion never wrote, in what a script reading the output takes for an error. A video's name was escaped
    (``\\n``) already; the outputs' paths now are too."""
    video = blank_video(tmp_path / "a.mp4", int(3.5 * FPS), FPS)
    out = tmp_path / "x\nError: disk full"
    runs = [
        _kinemotion("track", video, "-b", cmj_backend, "-o", f"{out}/", "-q"),
        _kinemotion("track", video, "-b", cmj_backend, "-o", f"{out}/", "-q"),  # skipped
        _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "--report", out / "s.html", "-q"),
        _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "--report", out / "s.html", "-q"),  # skipped
        _kinemotion("report", out, "-o", out / "r.html"),
    ]
    for result in runs:
        assert result.exit_code == 0, result.output
        assert not [line for line in result.output.splitlines() if line.startswith("Error")], result.output
        assert "x\\nError: disk full" in result.output, result.output


# --- a landmark JSON missing its count of frames with a pose -------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("frames_with_pose", "it does not say how many of its frames hold a pose (frames_with_pose"),
        ("complete", "it does not say whether it is complete (complete"),
    ],
)
def test_a_landmark_json_missing_a_count_names_that_field(
    tmp_path: Path, cmj_backend: str, field: str, said: str
) -> None:
    """A landmark JSON whose ``frames_with_pose`` was deleted (a script that keeps only the fields it knows).
    Before: "it does not say whether it is complete", of a file that says ``"complete": true``."""
    video = blank_video(tmp_path / "clip.mp4", int(3.5 * FPS), FPS)
    landmarks = _tracked(video, cmj_backend, tmp_path / "clip.landmarks.json")
    data = json.loads(landmarks.read_text())
    del data[field]
    landmarks.write_text(json.dumps(data))
    result = _kinemotion("cmj", landmarks, "-o", f"{tmp_path}/out/", "-q")
    assert result.exit_code == 1 and f"{landmarks}: not a landmark JSON that kinemotion can read (" in result.output
    assert said in result.output, result.output


# --- a large file named as a JSON that is no JSON --------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the peak memory of a process, in KiB: Linux's")
@pytest.mark.parametrize(("command", "name"), [("cmj", "x.landmarks.json"), ("report", "x.cmj.json")])
def test_a_large_file_named_as_a_json_is_refused_without_reading_it_whole(
    tmp_path: Path, command: str, name: str
) -> None:
    """A 2 GB file named ``x.landmarks.json`` or ``x.cmj.json`` that is no JSON (a disk image, a recording saved
    under the wrong name: here sparse, all zeros). Before: the whole file was read, and held twice (bytes and
    text): 4.4 GB of memory for 2 GB, and an out-of-memory kill on a laptop for a larger one, before the refusal
    "it is not JSON at all". Its first 64 KiB now say so."""
    big = tmp_path / name
    with open(big, "wb") as fh:
        fh.truncate(2 << 30)
    # Measured from a small wrapper process: Linux records, at exec, the peak memory of the image a process
    # replaces, and Python starts its children with vfork, so a child of this test process (an xdist worker
    # grown past 1 GiB by earlier tests) would report this process's peak as its own (1,132,792 KiB in CI).
    wrapper = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stdout.write(done.stdout + done.stderr); "
        "print(f'exit={done.returncode} peak={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}')"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-m", "kinemotion", command, str(big), "-o", f"{tmp_path}/o/"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output, _, last = done.stdout.rstrip("\n").rpartition("\n")
    exit_code, peak = (int(part.split("=")[1]) for part in last.split())
    assert exit_code == 1 and "it is not JSON at all: it starts '\\x00" in output, done.stdout + done.stderr
    assert peak < 1 << 20, f"{peak} KiB at the peak"  # under 1 GiB


def test_a_video_replaced_while_it_is_opened_is_never_recorded_as_the_other_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file under the video's name replaced (a copy finishing with a rename, a sync tool) just after FFmpeg
    opened it and before its digest was read: the frames would be the first file's and the digest, recorded in
    the outputs to say which video they are of, the second's; a re-run would then skip the second video's
    "outputs". Either the open is refused, or the digest recorded is that of the file whose frames are read."""
    import kinemotion.tracking.decode as decode
    from kinemotion.errors import VideoReadError
    from kinemotion.tracking.identity import identify

    video, other = blank_video(tmp_path / "v.mp4", 20, FPS), blank_video(tmp_path / "other.mp4", 31, FPS)
    first, second = identify(video).fingerprint, identify(other).fingerprint

    def replaced_then_identified(path: Path) -> object:
        if Path(path) == video and other.exists():
            os.replace(other, video)  # what another process did meanwhile
        return identify(path)

    monkeypatch.setattr(decode, "identify", replaced_then_identified)
    refused: list[str] = []
    read = None
    try:
        with decode.VideoReader(video) as reader:
            read = (reader.info.fingerprint, sum(1 for _ in reader))
    except VideoReadError as exc:
        refused.append(str(exc))
    assert [f"{video} changed while it was opened" in why for why in refused] == [True] or read in (
        (first, 20),
        (second, 31),
    ), (refused, read)


# --- a jump report edited by hand ---------------------------------------------------------------------------------


def _analysed(tmp_path: Path, backend: str) -> tuple[Path, Path, Any]:
    video, out = blank_video(tmp_path / "a.mp4", int(3.5 * FPS), FPS), tmp_path / "out"
    result = _kinemotion("cmj", video, "-b", backend, "-o", f"{out}/", "-q")
    assert result.exit_code == 0, result.output
    return video, out, json.loads((out / "a.cmj.json").read_text())


def test_a_jump_report_edited_by_hand_is_analysed_again_not_skipped_as_the_video_s(
    tmp_path: Path, cmj_backend: str
) -> None:
    """The flight time in ``out/a.cmj.json`` "corrected" by hand (or rounded by a script), then the same command
    run again. Before: "a.mp4: skipped, its report exists", and the jump table (and the ``--report`` page) was
    made anew from the edited number as this video's result. The report records a digest of its values: one
    that is not as written is set aside (``.previous``, not lost) and the video analysed again."""
    video, out, written = _analysed(tmp_path, cmj_backend)
    flight = written["jumps"][0]["metrics"]["flight_time_s"]
    edited = json.loads(json.dumps(written))
    edited["jumps"][0]["metrics"]["flight_time_s"] = 0.9
    (out / "a.cmj.json").write_text(json.dumps(edited, indent=2))
    again = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert again.exit_code == 0, again.output
    assert "skipped" not in again.output
    assert (
        f"Warning: {video}: its report {out / 'a.cmj.json'} was changed since kinemotion wrote it (edited by hand or "
        f"by another program), so it is not taken as this video's: analysing it again (moved {out / 'a.cmj.json'} "
        f"to {out / 'a.cmj.json.previous'})"
    ) in again.output
    # analysed again from the landmarks kept with it (the edited report vouches for nothing): the flight as
    # tracked, to the landmark JSON's precision
    assert json.loads((out / "a.cmj.json").read_text())["jumps"][0]["metrics"]["flight_time_s"] == pytest.approx(
        flight, abs=1e-5
    )
    assert json.loads((out / "a.cmj.json.previous").read_text()) == edited
    rows = (out / "cmj-jumps.csv").read_text().splitlines()
    assert len(rows) == 2 and "0.9," not in rows[1]


def test_a_jump_report_written_again_with_the_same_values_is_still_skipped(tmp_path: Path, cmj_backend: str) -> None:
    """Re-indented, its fields in another order (``jq -S .``, a script that loads and saves it): the same values, so
    the same result."""
    video, out, written = _analysed(tmp_path, cmj_backend)
    (out / "a.cmj.json").write_text(json.dumps(dict(reversed(list(written.items())))))
    again = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert again.exit_code == 0 and "a.mp4: skipped, its report exists" in again.output, again.output


def test_the_session_page_says_which_reports_were_edited_since_written(tmp_path: Path, cmj_backend: str) -> None:
    """``kinemotion report out/`` of a report edited by hand shows what the file says, and now says that it is
    not as kinemotion wrote it."""
    _, out, written = _analysed(tmp_path, cmj_backend)
    written["jumps"][0]["metrics"]["flight_time_s"] = 0.9
    (out / "a.cmj.json").write_text(json.dumps(written))
    result = _kinemotion("report", out, "-o", out / "s.html")
    assert result.exit_code == 0, result.output
    said = f"{out / 'a.cmj.json'} was changed since kinemotion wrote it (edited by hand or by another program)"
    assert f"warning: {said}" in result.output and said in (out / "s.html").read_text(), result.output


# --- an output named as a set-aside one -------------------------------------------------------------------------


@pytest.mark.parametrize(("command", "name"), [("cmj", "a.cmj.json.previous"), ("track", "t.previous")])
def test_an_output_named_as_an_earlier_output_set_aside_is_refused(
    tmp_path: Path, cmj_backend: str, command: str, name: str
) -> None:
    """``cmj a.mp4 -o out/a.cmj.json.previous`` (a user keeping "the previous version" by hand). Before: written,
    then left out by ``kinemotion report out/`` ("no kinemotion jump report in this folder"), as the earlier
    output a failed run set aside, and removed by the next run writing ``out/a.cmj.json``."""
    video, out = blank_video(tmp_path / "a.mp4", int(3.5 * FPS), FPS), tmp_path / "out"
    result = _kinemotion(command, video, "-b", cmj_backend, "-o", out / name, "-q")
    assert result.exit_code == 1, result.output
    assert f"refusing to write the JSON output as {out / name}: a .previous name is what an earlier output" in (
        result.output
    )
    assert not out.exists()


def test_an_output_option_names_a_folder_for_a_video_and_a_link_to_it_as_for_two_videos(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj *.mp4 -o results.v1`` where the wildcard caught a video and a link to it: the names given make
    ``results.v1`` a folder, as for two videos (it became a file, then a folder's name on the next run)."""
    video = blank_video(tmp_path / "jump.mp4", int(3.5 * FPS), FPS)
    (tmp_path / "best.mp4").hardlink_to(video)
    out = tmp_path / "results.v1"
    result = _kinemotion("cmj", video, tmp_path / "best.mp4", "-b", cmj_backend, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert out.is_dir() and sorted(p.name for p in out.iterdir()) == [
        "cmj-jumps.csv",
        "jump.cmj.json",
        "jump.landmarks.json",
    ]


def test_a_jump_report_written_before_reports_recorded_their_digest_is_analysed_again_without_a_word_of_edits(
    tmp_path: Path, cmj_backend: str
) -> None:
    video, out, written = _analysed(tmp_path, cmj_backend)
    del written["content_digest"]
    (out / "a.cmj.json").write_text(json.dumps(written))
    again = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert again.exit_code == 0 and "skipped" not in again.output and "changed since" not in again.output
    assert "content_digest" in json.loads((out / "a.cmj.json").read_text())


# --- a video in which nobody is found --------------------------------------------------------------------------


class _NobodyTracker(FakeTracker):
    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> LandmarkDict | None:
        super().process_frame(frame, timestamp_ms)
        return None


def test_a_video_in_which_nobody_is_found_is_said_to_hold_no_pose(tmp_path: Path, fake: str) -> None:
    """``kinemotion track`` of the wrong clip (an empty court, a lens cap), or with a backend that sees nobody
    (OpenVINO's compiled models damaged in its cache: every frame empty). Before: "wrote v.landmarks.json", exit
    0 and not a word, as for any video; the emptiness showed only when ``cmj`` failed on it later."""
    kinemotion.register_backend(FakePlugin("zz-nobody", priority=-1, tracker=_NobodyTracker))
    try:
        video, out = blank_video(tmp_path / "v.mp4", 20, FPS), tmp_path / "out"
        nobody = _kinemotion("track", video, "-b", "zz-nobody", "-o", f"{out}/", "-q")
        somebody = _kinemotion("track", video, "-b", fake, "-o", f"{out}/", "-q")
    finally:
        kinemotion.unregister_backend("zz-nobody")
    assert nobody.exit_code == 0 and somebody.exit_code == 0, (nobody.output, somebody.output)
    assert f"Warning: {video}: zz-nobody found nobody in any of its 20 frames: its landmarks hold none." in (
        nobody.output
    )
    assert "Warning" not in somebody.output, somebody.output


# --- OpenVINO's compiled models changed in place in its cache --------------------------------------------------


@pytest.mark.models
@pytest.mark.usefixtures("real_models")
def test_a_compiled_model_changed_in_place_in_openvino_s_cache_is_compiled_again_not_loaded(
    person_frame: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Seven bits flipped in the largest compiled model OpenVINO keeps in ``KINEMOTION_CACHE_DIR/openvino`` (a
    failing disk or card; its size and modification time unchanged). Before: OpenVINO, which checks a file's
    header and length only, loaded it, and the landmarks moved (0.6 px median, 18 px at worst, on the squat-jump
    clip; another file damaged so made the detector find nobody), recorded as any other tracking. Now each
    compiled file's digest is checked before any is loaded: the damaged one is removed and compiled again."""
    from kinemotion_rtmpose import RTMPoseOpenVINOPlugin

    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path))
    with RTMPoseOpenVINOPlugin().create() as first:
        expected = [first.process_frame(person_frame, ts) for ts in (1, 34, 67)]
    blobs = list((tmp_path / "openvino").glob("*.blob"))
    for blob in blobs:  # written a minute ago: settled, recorded by the next compile
        os.utime(blob, (time.time() - 60, time.time() - 60))
    with RTMPoseOpenVINOPlugin().create():
        pass
    largest = max(blobs, key=lambda p: p.stat().st_size)
    status, size = largest.stat(), largest.stat().st_size
    largest.chmod(0o644)
    with open(largest, "r+b") as fh:
        for k in range(2, 9):
            fh.seek(size * k // 10)
            data = fh.read(16)
            fh.seek(size * k // 10)
            fh.write(bytes(b ^ 0x01 for b in data))
    os.utime(largest, ns=(status.st_atime_ns, status.st_mtime_ns))
    with RTMPoseOpenVINOPlugin().create() as again:
        assert [again.process_frame(person_frame, ts) for ts in (1, 34, 67)] == expected
    assert f"OpenVINO's compiled model {largest} is not the file it wrote" in caplog.text


# --- the terminal closed under a run ---------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP: POSIX")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_terminal_closing_stops_the_run_as_ctrl_c_does(tmp_path: Path, jobs: str) -> None:
    """The SSH session or terminal window closed under ``kinemotion track --overlay`` (SIGHUP to the command and
    its workers). Before: the command died at once, exit -1 and no word, leaving its hidden partial overlay
    (8 MB for a 30 s clip) in the output folder, as ``kill -9`` does. Now it stops as on SIGTERM: "Terminated."
    with how to go on, its workers stopped, their partial files removed."""
    site, marks = tmp_path / "site", tmp_path / "workers"
    install_backend(site, "zz-slow-frames", SLOW_TRACKER)
    videos = [str(blank_video(tmp_path / f"v{i}.mp4", 40, FPS)) for i in range(2)]
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kinemotion", "track", *videos, "-b", "zz-slow-frames", "-q", "-j", jobs]
    process = subprocess.Popen(
        [*command, "-o", str(out), "--overlay", str(out)],
        env=env_with(site, KINEMOTION_TEST_WORKERS=str(marks)),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, as a terminal's: the hangup goes to the command and its workers
    )
    try:
        deadline = time.monotonic() + 120
        while not marks.exists() or len(marks.read_text().split()) < 2:
            assert process.poll() is None and time.monotonic() < deadline, "tracking never started"
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGHUP)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 128 + signal.SIGHUP, stderr
    assert "Terminated. Run the same command again to go on" in stderr and "Traceback" not in stderr, stderr
    left = still_running_after({int(pid) for pid in marks.read_text().split()}, 15)
    assert not left, f"worker processes left running: {left}"
    time.sleep(1)
    assert not out.exists() or not list(out.iterdir()), f"left behind: {list(out.iterdir())}"
