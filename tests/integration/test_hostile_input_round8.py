"""Hostile input, round 8: what an eighth outside attack found still broken around the project's promises:
nothing stale or half-written passes as a result, a plugin written for an earlier release still constructs (or
says what it lacks), and bad input gets one clear error.

Each test reproduces what a careless user, a hand edit or a plugin author could do and checks for one clear
error naming the file, option or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.tracking import read_json
from tests.integration.test_hostile_input_round6 import _kinemotion, _tracked
from tests.integration.test_hostile_input_round7 import _refused_then_tracked_again

FPS = 30


# --- a landmark JSON marked complete that records an error -------------------------------------------------


def test_a_landmark_json_marked_complete_with_an_error_is_refused_and_tracked_again(
    clip: Path, tmp_path: Path, cmj_backend: str
) -> None:
    """Before: ``"complete": true`` beside an ``error`` text (a hand edit turning an incomplete file complete, or
    another program's) was analysed as the whole video, and ``kinemotion track`` kept it as done."""

    def with_an_error(data: dict[str, Any]) -> None:
        data["error"] = "clip.mp4: the video could not be decoded after frame 60 (cut short?)."

    said, again = _refused_then_tracked_again(
        clip, tmp_path, cmj_backend, with_an_error, "it is marked complete, but records an error"
    )
    assert "decoded after frame 60" in said
    assert again.error is None


# --- kinemotion report: the page's title ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "says"),
    [
        ("Session\x1b]0;owned\x07", "holds the control character '\\x1b': give the title as plain text on one line"),
        ("Ana\x00", "holds the control character '\\x00'"),
        ("Monday\nTuesday", "holds the control character '\\n'"),
        (" ", "is empty (an unset shell variable?): give the page a title, or leave the option out"),
    ],
)
def test_a_title_with_a_control_character_or_nothing_is_a_usage_error(
    tmp_path: Path, one_report: Path, title: str, says: str
) -> None:
    """Before: an escape sequence (here one setting a terminal's window title), a NUL byte or a line break in
    ``--title`` went into the page's ``<title>`` and heading as it was, and ``--title "$TITLE"`` unset gave a page
    with no title (exit 0)."""
    from kinemotion.report_html import build_report, read_session

    page = tmp_path / "page.html"
    result = _kinemotion("report", one_report, "-o", page, "--title", title, "-q")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--title'" in result.output and says in result.output and not page.exists()
    with pytest.raises(ValueError, match=f"the title .*{re.escape(says[:20])}"):
        build_report(read_session(one_report), page, title=title)
    assert not page.exists()
    fine = _kinemotion("report", one_report, "-o", page, "--title", "Łucja's Monday <squad>", "-q")
    assert fine.exit_code == 0 and "<h1>Łucja&#x27;s Monday &lt;squad&gt;</h1>" in page.read_text(encoding="utf-8")


# --- kinemotion report: reports made by different kinemotion versions ------------------------------------------


def test_reports_of_different_kinemotion_versions_on_one_page_are_said_so_naming_them(
    tmp_path: Path, one_report: Path
) -> None:
    """Before: a report from another release beside this release's went on one page with no word (exit 0), its
    numbers compared with the others' though the analysis may have changed between the two."""
    import html

    report = json.loads((one_report / "clip01.cmj.json").read_text())
    ours = report["kinemotion_version"]
    for name in ("clip02", "clip03"):
        report["kinemotion_version"] = "0.9.1"
        report["video"]["path"] = str(tmp_path / f"{name}.mp4")
        (one_report / f"{name}.cmj.json").write_text(json.dumps(report))
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(one_report), "-o", str(page), "-q"])
    assert result.exit_code in (0, 3), result.output  # 3: the two copies' videos are not there for stills
    says = (
        f"these reports were made by 2 kinemotion versions (kinemotion 0.9.1: clip02.cmj.json, clip03.cmj.json; "
        f"kinemotion {ours}: clip01.cmj.json): the analysis may differ between releases"
    )
    assert f"warning: {says}" in result.stderr
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert "Read with care" in text and says in text
    one = _kinemotion("report", one_report / "clip01.cmj.json", "-o", page, "-q")
    assert one.exit_code == 0 and "kinemotion versions" not in one.output
    assert "Read with care" not in page.read_text(encoding="utf-8")


# --- a third-party plugin whose import fails on a dependency that is not installed -----------------------------


def _plugin_importing(site: Path, dist: str, missing: str, requires: list[str], where: str = "module") -> None:
    """Install ``dist`` (backend ``dist`` minus ``-dist``) whose plugin imports ``missing`` (``where``: first thing
    in its module, or in its ``probe()`` or ``create()``), declaring ``requires`` (Requires-Dist lines) as its
    author's pyproject would."""
    from tests.core.distributions import plugin_module, write_distribution

    module = dist.replace("-", "_")
    name = dist.removesuffix("-dist")
    if where == "module":
        source = f"import {missing}\n" + plugin_module(name)
    elif where == "probe":
        source = plugin_module(name, probe=f"import {missing}\n        return None")
    else:
        source = plugin_module(name, create=f"import {missing}\n        return Tracker(self.name)")
    write_distribution(site, dist, "2.1", {dist.removesuffix("-dist"): f"{module}:Plugin"}, {module: source})
    metadata = site / f"{module}-2.1.dist-info" / "METADATA"
    metadata.write_text(metadata.read_text() + "".join(f"Requires-Dist: {r}\n" for r in requires))


def test_a_plugin_missing_a_dependency_is_named_with_the_pip_command_that_installs_it(tmp_path: Path) -> None:
    """Before: 'plugin failed to load (ModuleNotFoundError: No module named 'onnx_fake')' and nothing more: not
    which extra of the plugin brings it, nor that the plugin's own module was gone (a broken install)."""
    import subprocess
    import sys

    from tests.core.distributions import env_with

    site = tmp_path / "site"
    _plugin_importing(
        site, "zz-extra-dist", "onnx_fake8", ["kinemotion>=1.0.0.dev0", 'onnx-fake8>=1.2; extra == "gpu"']
    )
    _plugin_importing(site, "zz-plain-dist", "scipy_fake8", ["scipy_fake8>=1"])
    _plugin_importing(site, "zz-undeclared-dist", "cv2_contrib_fake8", [])
    _plugin_importing(site, "zz-own-dist", "os", [])
    (site / "zz_own_dist.py").unlink()  # its own module deleted (a broken install)
    _plugin_importing(site, "zz-probe-dist", "probe_fake8", ["probe-fake8"], where="probe")  # deferred imports
    _plugin_importing(site, "zz-late-dist", "late_fake8", ['late-fake8; extra == "cuda"'], where="create")
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "backends"], env=env_with(site), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table, warnings = done.stdout, done.stderr
    for says in (
        "zz-extra-dist needs the module 'onnx_fake8' from its extra 'gpu', which is not installed: "
        'pip install "zz-extra-dist[gpu]"',
        "zz-plain-dist needs the module 'scipy_fake8', which is not installed: pip install scipy_fake8",
        "zz-undeclared-dist needs the module 'cv2_contrib_fake8', which is not installed: pip install "
        "cv2_contrib_fake8 (if the package has another name, zz-undeclared-dist's install instructions give it)",
        "the module 'zz_own_dist' is zz-own-dist's own but is not installed: reinstall it (pip install "
        "--force-reinstall zz-own-dist)",
        "probe() raised ModuleNotFoundError: No module named 'probe_fake8' [contract rule plugin.probe, since 1.0]: "
        "zz-probe-dist needs the module 'probe_fake8', which is not installed: pip install probe-fake8",
    ):
        assert says in table and (says in warnings or "probe()" in says), (says, done.stdout, done.stderr)
    assert "Backend plugin 'zz-extra' from zz-extra-dist failed to load: No module named 'onnx_fake8'" in warnings
    video = tmp_path / "v.mp4"
    from tests.jump.physics_backend import blank_video

    blank_video(video, 10, FPS)
    named = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", str(video), "-b", "zz-extra", "-o", str(tmp_path / "v.json")],
        env=env_with(site), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert named.returncode != 0 and 'pip install "zz-extra-dist[gpu]"' in named.stderr, named.stderr
    late = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", str(video), "-b", "zz-late", "-o", str(tmp_path / "v.json")],
        env=env_with(site), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert late.returncode != 0, late.stderr
    assert "Backend 'zz-late' failed to create a 'lightweight' tracker: " in late.stderr
    assert "zz-late-dist needs the module 'late_fake8' from its extra 'cuda', which is not installed: " in late.stderr
    assert 'pip install "zz-late-dist[cuda]"' in late.stderr
    assert not (tmp_path / "v.json").exists()


def test_a_named_backend_whose_plugin_fails_to_load_is_refused_once(tmp_path: Path) -> None:
    """Before: ``-b zz-once`` printed the load failure twice, as a warning from discovery and then as the error
    that refused the backend: a named backend's failure is said once, as the error."""
    import subprocess
    import sys

    from tests.core.distributions import env_with
    from tests.jump.physics_backend import blank_video

    site = tmp_path / "site"
    _plugin_importing(site, "zz-once-dist", "once_fake8", ['once-fake8>=1; extra == "gpu"'])
    video = blank_video(tmp_path / "v.mp4", 10, FPS)
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", str(video), "-b", "zz-once", "-o", str(tmp_path / "v.json")],
        env=env_with(site), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    said = "zz-once-dist needs the module 'once_fake8' from its extra 'gpu', which is not installed"
    assert done.stderr.count(said) == 1, done.stderr
    assert "Error: " in done.stderr and "WARNING" not in done.stderr, done.stderr
    assert not (tmp_path / "v.json").exists()


# --- a landmark JSON edited consistently, its video at hand --------------------------------------------------


def _slowed(data: dict[str, Any]) -> None:
    """Every frame time doubled, and the frame rate and duration recorded with it: a consistent edit (a flight
    time doubled is a jump height four times over), which every check of the file alone passes."""
    for frame in data["frames"]:
        frame["timestamp_ms"] *= 2
    data["video"]["fps"] /= 2
    data["video"]["presented_duration_ms"] *= 2


def _stretched(data: dict[str, Any]) -> None:
    """Every frame time doubled, nothing else."""
    for frame in data["frames"]:
        frame["timestamp_ms"] *= 2


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_slowed, "it records video.fps 15.0, but {video}, the very file it records, says 30"),
        (_stretched, "its frames run to 6.93 s, past the end of {video}, the very file it records (3.50 s)"),
        (lambda d: d["video"].update(frame_count=52), "it records video.frame_count 52, but {video}, the very file"),
    ],
)
def test_a_landmark_json_edited_consistently_is_refused_against_its_video_and_tracked_again(
    clip: Path, tmp_path: Path, cmj_backend: str, edit: Callable[[dict[str, Any]], None], says: str
) -> None:
    """Before: a landmark JSON whose times (and frame rate, and duration) were edited together passed every
    check of the file alone: ``cmj`` measured twice the flight time from it, and ``track`` kept it as done. Its
    video, at hand and the very file it records (by its digest), says otherwise."""
    landmarks_file = _tracked(clip, cmj_backend, tmp_path / "clip.landmarks.json")
    data = json.loads(landmarks_file.read_text())
    edit(data)
    landmarks_file.write_text(json.dumps(data))
    read_json(landmarks_file)  # the file alone reads as whole
    report = tmp_path / "r.json"
    result = _kinemotion("cmj", landmarks_file, "-o", report)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert says.format(video=clip) in result.output and "Track the video again" in result.output, result.output
    assert f"{landmarks_file}: not the landmark JSON `kinemotion track` wrote for its video" in result.output
    assert not report.exists()
    again = _kinemotion("track", clip, "-b", cmj_backend, "-o", landmarks_file, "-q")
    assert again.exit_code == 0 and "skipped" not in again.output, again.output
    assert read_json(landmarks_file).video.fps == 30 and read_json(landmarks_file).timestamps_ms[-1] < 3500
    assert _kinemotion("cmj", landmarks_file, "-o", report, "-q").exit_code == 0  # the real file is analysed


def test_a_jump_report_whose_video_record_was_edited_is_analysed_again(
    clip: Path, tmp_path: Path, cmj_backend: str
) -> None:
    """The same rule for a jump report made from a video: one whose recorded frame rate was changed is not reused."""
    report = tmp_path / "r.json"
    assert _kinemotion("cmj", clip, "-b", cmj_backend, "-o", report, "-q").exit_code == 0
    data = json.loads(report.read_text())
    data["video"]["fps"] = 60.0
    report.write_text(json.dumps(data))
    result = _kinemotion("cmj", clip, "-b", cmj_backend, "-o", report, "-q")
    assert result.exit_code == 0 and "skipped" not in result.output, result.output
    assert json.loads(report.read_text())["video"]["fps"] == 30


# --- a video whose container times its frames at no camera's rate ---------------------------------------------


def test_a_video_with_a_broken_time_base_is_named_with_the_ffmpeg_fix(
    clip: Path, tmp_path: Path, cmj_backend: str
) -> None:
    """Before: "The timestamps are 3.28e+04 ms apart (0.0305 frames/s): they look like microseconds, not
    milliseconds; give the times in milliseconds (timestamps_ms)": an argument of the Python API, which a
    video given to ``kinemotion cmj`` has not."""
    import subprocess

    import imageio_ffmpeg

    slowed = tmp_path / "slowed.mp4"  # its packets' times multiplied by 1000: 33 s between frames
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(clip), "-c", "copy", "-video_track_timescale",
         "1000000", "-bsf:v", "setts=ts=TS*1000", str(slowed)],
        check=True,
    )  # fmt: skip
    result = _kinemotion("cmj", slowed, "-b", cmj_backend, "-o", tmp_path / "r.json", "-q")
    assert result.exit_code == 1, result.output
    assert f"{slowed}: its container times its frames 3.33e+04 ms apart (0.03 frames/s), a rate no camera" in (
        result.output
    )
    assert "ffmpeg -r 30 -i INPUT -c:v libx264 out.mp4" in result.output and "timestamps_ms" not in result.output


# --- a photo saved under a video's name ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [("clip.mp4", "PNG"), ("clip.mov", "JPEG"), ("clip.avi", "TIFF")])
@pytest.mark.parametrize("command", ["track", "cmj", "bench"])
def test_a_photo_renamed_as_a_video_is_refused_naming_its_format(
    tmp_path: Path, cmj_backend: str, name: str, kind: str, command: str
) -> None:
    """Before: FFmpeg opened a PNG or JPEG named ``.mp4`` as a one-frame video at an invented 25 frames/s:
    ``track`` wrote its landmarks as a video's (exit 0), ``cmj`` called it 'too short (1 frame)', and ``bench``
    said '--start 0 is past its end' (0 frames)."""
    import cv2

    photo = tmp_path / name
    ok, encoded = cv2.imencode(f".{kind.lower()}", np.full((240, 320, 3), 128, np.uint8))
    assert ok
    photo.write_bytes(encoded.tobytes())
    out = tmp_path / "out.json"
    args = ["-b", cmj_backend] + ([] if command == "bench" else ["-o", out])
    result = _kinemotion(command, photo, *args)
    assert result.exit_code == 1, result.output
    assert f"{photo}: is a {kind} image, not a video (a photo or screenshot saved under a video's name?)" in (
        result.output
    )
    assert not out.exists() and "Traceback" not in result.output


# --- a plugin author's habits: a package version, a set of modes, a quoted priority -----------------------------


@pytest.mark.parametrize(
    ("attribute", "says"),
    [
        ('contract_version = "1.3.0"', "got '1.3.0': write contract_version = \"1.3\" [contract rule"),
        ('contract_version = "v1.2"', "got 'v1.2': write contract_version = \"1.2\" [contract rule"),
        ('modes = {"lightweight"}', "got {'lightweight'} (a set: write a tuple, modes = ('lightweight',))"),
        ('priority = "10"', "`priority` must be an int, got '10' (write it without quotes, priority = 10)"),
    ],
)
def test_a_plugin_attribute_written_as_a_package_author_would_is_named_with_the_fix(attribute: str, says: str) -> None:
    """Before: "a contract version is 'MAJOR.MINOR' (like '1.3'), got '1.3.0'" (a package's version, as authors
    write them), and a set of modes or a quoted priority named without what to write instead."""
    from kinemotion.pose.discovery import checked_plugin

    namespace: dict[str, Any] = {}
    exec(  # a plugin class as its author wrote it
        "from kinemotion import Availability\n"
        "class Plugin:\n"
        "    name = 'zz-habits'\n    priority = 5\n    modes = ('lightweight',)\n"
        f"    {attribute}\n"
        "    def probe(self):\n        return Availability.yes('ok')\n"
        "    def create(self, mode='lightweight', **options):\n        raise ValueError(mode)\n",
        namespace,
    )
    with pytest.raises(TypeError) as caught:
        checked_plugin(namespace["Plugin"])
    assert says in str(caught.value)


# --- kinemotion bench: more frames than memory holds, an empty backend -----------------------------------------


def test_bench_asked_for_more_frames_than_memory_holds_is_refused_naming_the_most_that_fit(
    tmp_path: Path, cmj_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: bench decoded every frame asked for into memory before timing (``--frames 5000`` of a 4K clip is
    124 GB): the out-of-memory killer ended it with no word. A machine with 20 MB free stands for one whose memory
    the frames would fill (160x120 frames, 57.6 kB each: 10 MB fits 173 of them)."""
    from kinemotion.cli import bench_cmd
    from tests.jump.physics_backend import blank_video

    video = blank_video(tmp_path / "long.mp4", 400, FPS)
    monkeypatch.setattr(bench_cmd, "available_memory_bytes", lambda: 20_000_000)
    result = _kinemotion("bench", video, "-b", cmj_backend, "--frames", "300")
    assert result.exit_code == 2, result.output
    assert (
        f"Invalid value for --frames: 303 decoded 160x120 frames of {video} take 17 MB, more than half the "
        "memory free now (20 MB): time at most 170 frames"
    ) in result.output
    fits = _kinemotion("bench", video, "-b", cmj_backend, "--frames", "170")
    assert fits.exit_code == 0, fits.output
    short = _kinemotion("bench", video, "-b", cmj_backend, "--start", "390", "--frames", "300")
    assert short.exit_code == 0, short.output  # only the 13 frames left in the video are decoded


def test_bench_with_an_empty_backend_says_so_as_track_does(tmp_path: Path) -> None:
    """Before: ``bench -b "$BACKEND"`` with the variable unset said "Unknown backend ''", where ``track``, ``cmj``
    and ``dropjump`` say it is empty (round 7)."""
    from tests.jump.physics_backend import blank_video

    result = _kinemotion("bench", blank_video(tmp_path / "v.mp4", 10, FPS), "-b", "mediapipe", "-b", " ")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--backend' / '-b': is empty (an unset shell variable?)" in result.output


# --- a plugin whose mode has capitals ---------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["Fast", "fast", "FAST"])
def test_a_plugin_mode_with_capitals_can_be_chosen_in_any_case(tmp_path: Path, given: str) -> None:
    """Before: since the command line takes ``-m Balanced`` as ``balanced`` (round 4), a third-party plugin
    declaring ``modes = ("lightweight", "Fast")`` could never be chosen in that mode: "backend 'zz-caps' has no
    mode 'fast'; it offers: lightweight, Fast" (track, cmj, bench and backends alike)."""
    from kinemotion.pose.selection import select_backend
    from tests.core.fakes import FakePlugin
    from tests.jump.physics_backend import blank_video

    plugin = FakePlugin("zz-caps", priority=-1, modes=("lightweight", "Fast"))
    kinemotion.register_backend(plugin)
    try:
        video = blank_video(tmp_path / "v.mp4", 10, FPS)
        result = _kinemotion("track", video, "-b", "zz-caps", "-m", given, "-o", tmp_path / "v.json", "-q")
        assert result.exit_code == 0, result.output
        assert plugin.created[-1].mode == "Fast"  # the plugin is asked in its own spelling
        assert read_json(tmp_path / "v.json").backend.mode == "fast"
        again = _kinemotion("track", video, "-b", "zz-caps", "-m", "FaSt", "-o", tmp_path / "v.json", "-q")
        assert "skipped, its outputs exist" in again.output, again.output
        bench = _kinemotion("bench", video, "-b", "zz-caps", "-m", given, "--frames", "3")
        assert bench.exit_code == 0 and "zz-caps" in bench.output, bench.output
        listed = _kinemotion("backends", "-m", given)
        assert listed.exit_code == 0, listed.output
        selection = select_backend("zz-caps", mode=given)
        selection.close()
        assert selection.info.name == "zz-caps" and plugin.created[-1].mode == "Fast"
    finally:
        kinemotion.unregister_backend("zz-caps")


# --- a number written with a decimal comma ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "point"), [("--height", "1,80", "1.80"), ("--capture-fps", "239,76", "239.76")]
)
@pytest.mark.parametrize("command", ["cmj", "dropjump"])
def test_a_number_with_a_decimal_comma_is_refused_with_it_written_with_a_point(
    tmp_path: Path, command: str, option: str, value: str, point: str
) -> None:
    """Before: "'1,80' is not a valid float", which a user whose keyboard and spreadsheet write 1,80 reads as a
    wrong height, not a wrong separator (a comma is never taken for a point: 1,000 may be a thousand)."""
    from tests.jump.physics_backend import blank_video

    video = blank_video(tmp_path / "v.mp4", 10, FPS)
    result = _kinemotion(command, video, option, value, "-o", tmp_path / "r.json")
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}': '{value}' is not a number: write it with a decimal point, {point}" in (
        result.output
    )
    assert "is not a valid float" in _kinemotion(command, video, option, "tall").output  # other text as before


def test_one_video_in_two_reports_of_a_session_is_said_so_naming_them(tmp_path: Path, one_report: Path) -> None:
    """Before: a copy of a report (a Finder duplicate, a results folder given with its backup) put the same
    video's jumps on the page twice, counted twice in the overview, with no word (exit 0)."""
    import shutil

    backup = tmp_path / "backup"
    shutil.copytree(one_report, backup)
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(one_report), str(backup), "-o", str(page), "-q"])
    assert result.exit_code == 0, result.output
    says = (
        f"clip01.mp4 is in 2 cmj reports ({one_report / 'clip01.cmj.json'}, {backup / 'clip01.cmj.json'}): its jumps "
        "are shown, and counted in the overview, once per report; give each video's report once"
    )
    assert f"warning: {says}" in result.stderr
    assert says in page.read_text(encoding="utf-8").replace("&#x27;", "'")
    alone = CliRunner().invoke(cli, ["report", str(one_report), "-o", str(page), "-q"])
    assert alone.exit_code == 0 and "reports (" not in alone.stderr


def test_one_video_seen_by_two_backends_is_a_comparison_each_row_naming_its_backend(
    tmp_path: Path, one_report: Path, cmj_backend: str
) -> None:
    """A sports scientist compares backends on one athlete: ``cmj clip -b A -o a/``, ``-b B -o b/``, then
    ``report a b``.

    Before: "give each video's report once", as for a copied report, and two overview rows both reading
    "clip01.mp4", with nothing to tell which backend each was.
    """
    import numpy as np

    import kinemotion
    from tests.jump.physics import cmj_motion, landmarks
    from tests.jump.physics_backend import SeriesPlugin

    t = np.arange(0, 3.5, 1 / 30)
    other = SeriesPlugin("zz-other", t, landmarks(t, cmj_motion(t, 0.42), noise=0.001, drop_every=0, seed=8))
    kinemotion.register_backend(other)
    try:
        seen = tmp_path / "other"
        done = CliRunner().invoke(cli, ["cmj", str(tmp_path / "clip01.mp4"), "-b", "zz-other", "-o", f"{seen}/", "-q"])
        assert done.exit_code == 0, done.output
    finally:
        kinemotion.unregister_backend("zz-other")
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(one_report), str(seen), "-o", str(page), "-q"])
    assert result.exit_code == 0, result.output
    says = (
        f"clip01.mp4 is in 2 cmj reports, tracked by {cmj_backend} (lightweight), zz-other (lightweight) "
        f"({one_report / 'clip01.cmj.json'}, {seen / 'clip01.cmj.json'}): each is shown, its backend named in the "
        "overview's row, to compare them; give one report per video for the session's numbers"
    )
    assert f"warning: {says}" in " ".join(result.stderr.split())
    html = page.read_text(encoding="utf-8")
    overview = html[html.index('id="overview"') : html.index("</section>", html.index('id="overview"'))]
    for backend in (cmj_backend, "zz-other"):
        assert f'clip01.mp4</a> <small class="backend">{backend}</small></td>' in overview


# --- kinemotion report --athlete given a video or something far too big -----------------------------------------


def test_an_athlete_list_that_is_a_video_or_far_too_big_is_refused_without_reading_it_all(
    tmp_path: Path, one_report: Path
) -> None:
    """Before: ``--athlete clip01.mp4`` (tab completion's pick) read the whole video into memory and printed its
    bytes as 'the header row found' (a screenful of binary); ``--athlete /dev/zero`` read until the
    out-of-memory killer stopped it (here a 6 MB file stands for it: a test must not fill the machine)."""
    video = tmp_path / "clip01.mp4"
    page = tmp_path / "page.html"
    result = _kinemotion("report", one_report, "-o", page, "--athlete", video, "-q")
    assert result.exit_code == 1, result.output
    assert f"{video}: not text (a video or another binary file?), not an athlete list" in result.output
    assert "ftyp" not in result.output and len(result.output) < 400 and not page.exists()
    big = tmp_path / "big.csv"
    big.write_text("video,athlete\n" + "clip01.mp4,Ana\n" * 400_000)
    result = _kinemotion("report", one_report, "-o", page, "--athlete", big, "-q")
    assert result.exit_code == 1, result.output
    assert f"{big}: more than 5 MB, not an athlete list (a CSV of one row per video)" in result.output


def test_a_plugin_importing_a_name_this_kinemotion_lacks_is_told_to_upgrade_kinemotion(tmp_path: Path) -> None:
    """Before: "cannot import name 'FrameBatch' from 'kinemotion.pose.contract' (/path/contract.py)", for a plugin
    written against a newer kinemotion, with nothing saying that upgrading kinemotion is the fix."""
    import subprocess
    import sys

    from tests.core.distributions import env_with, plugin_module, write_distribution

    site = tmp_path / "site"
    for dist, line in (
        ("zz-newer", "from kinemotion.pose.contract import FrameBatch8"),
        ("zz-newer-module", "import kinemotion.pose.batching8"),
    ):
        module = dist.replace("-", "_")
        source = f"{line}\n" + plugin_module(dist)
        write_distribution(site, dist, "1.0", {dist: f"{module}:Plugin"}, {module: source})
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "backends"], env=env_with(site), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    version = kinemotion.__version__
    for dist, missing in (
        ("zz-newer", "kinemotion.pose.contract.FrameBatch8"),
        ("zz-newer-module", "kinemotion.pose.batching8"),
    ):
        says = (
            f"it imports {missing}, which this kinemotion ({version}) does not have: upgrade kinemotion if {dist} "
            "needs a newer one (pip install --upgrade kinemotion), else report it to its authors"
        )
        assert says in done.stdout and says in done.stderr, (says, done.stdout)


# --- an earlier output that cannot be replaced nor moved aside ------------------------------------------------


def test_an_earlier_report_that_cannot_be_replaced_is_said_in_sentences(
    tmp_path: Path, one_report: Path, cmj_backend: str
) -> None:
    """Before: "cannot write out/clip01.cmj.json: Operation not permitted An earlier run's output is not this
    run's result: ..." (the OS error's words ran into the next sentence). An immutable file (``chattr +i``) is
    the one a root user cannot write; where it cannot be made, the rule is checked on the sentence alone."""
    import subprocess

    from kinemotion.cli._earlier import ended

    assert ended("cannot write a.json: Operation not permitted", " An earlier run's output ...") == (
        "cannot write a.json: Operation not permitted. An earlier run's output ..."
    )
    assert ended("no jump found.", " An earlier ...") == "no jump found. An earlier ..."
    assert ended("cannot write a.json: Operation not permitted", "") == "cannot write a.json: Operation not permitted"
    report = one_report / "clip01.cmj.json"
    if subprocess.run(["chattr", "+i", str(report)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (not root, or not ext4)")
    try:
        result = _kinemotion("cmj", tmp_path / "clip01.mp4", "-b", cmj_backend, "-o", f"{one_report}/", "--force", "-q")
    finally:
        subprocess.run(["chattr", "-i", str(report)], check=True)
    assert result.exit_code == 1, result.output
    assert "Operation not permitted. An earlier run's output is not this run's result: left" in result.output


# --- a JSON file emptied or cut short by an interrupted copy ---------------------------------------------------


@pytest.mark.parametrize(
    ("cut", "says"),
    [
        (lambda text: "", "it is empty: an interrupted copy or write?"),
        (lambda text: text[:300], "it ends in the middle, after 300 characters: cut short by an interrupted copy"),
        (lambda text: text[:-1], "cut short by an interrupted copy or write?"),
    ],
)
def test_a_landmark_json_or_report_cut_short_is_said_to_be_cut_short(
    clip: Path, tmp_path: Path, cmj_backend: str, cut: Callable[[str], str], says: str
) -> None:
    """Before: "not JSON (Expecting value: line 1 column 1 (char 0))" for an empty file and "Unterminated string
    starting at: line 1 column 290 (char 289)" for one cut short: a parser's words for what a copy that stopped
    half-way did."""
    landmarks_file = _tracked(clip, cmj_backend, tmp_path / "clip.landmarks.json")
    landmarks_file.write_text(cut(landmarks_file.read_text()))
    result = _kinemotion("cmj", landmarks_file, "-o", tmp_path / "r.json")
    assert result.exit_code == 1 and f"{landmarks_file}: not JSON (it " in result.output, result.output
    assert says in result.output
    report = tmp_path / "out" / "clip.cmj.json"
    assert _kinemotion("cmj", clip, "-b", cmj_backend, "-o", report, "-q").exit_code == 0
    report.write_text(cut(report.read_text()))
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(report), "-o", str(page), "-q"])
    assert result.exit_code == 1 and "not a readable JSON file (it " in result.output, result.output
    assert says in result.output


def test_a_motion_jpeg_stream_named_as_one_is_not_called_a_photo(tmp_path: Path) -> None:
    """The other side of the photo rule: a camera's motion-JPEG stream (``.mjpeg``: JPEG frames one after
    another, starting as a photo does) is not called a photo. (Round 9: it is refused all the same, since it
    records no frame rate, with the command that puts it in a container at its rate; see
    ``test_hostile_input_round9``.)"""
    import cv2

    from kinemotion.errors import VideoReadError
    from kinemotion.tracking.decode import VideoReader

    stream = tmp_path / "camera.mjpeg"
    frames = [cv2.imencode(".jpg", np.full((120, 160, 3), 40 * i, np.uint8))[1].tobytes() for i in range(5)]
    stream.write_bytes(b"".join(frames))
    with pytest.raises(VideoReadError, match="is a raw motion-JPEG stream") as refused:
        VideoReader(stream)
    assert "image" not in str(refused.value)


# --- a jump's command looked for under its short name -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("sj", "a squat jump is analysed by `kinemotion cmj`"),
        ("Squat-Jump", "a squat jump is analysed by `kinemotion cmj`"),
        ("dj", "a drop jump is analysed by `kinemotion dropjump`"),
    ],
)
def test_a_jump_command_under_its_short_name_names_the_command_to_use(tmp_path: Path, typed: str, says: str) -> None:
    """Before: "No such command 'sj'." and nothing more: a squat jump is analysed by ``cmj`` (its report says
    ``"jump_kind": "squat_jump"``), which the user looking for ``sj`` had no way to guess."""
    result = _kinemotion(typed, tmp_path / "v.mp4")
    assert result.exit_code == 2, result.output
    assert f"No such command {typed!r}: {says}" in result.output
