"""Hostile input, round 14: what a fourteenth outside attack (third-party plugins written carelessly against the
contract's older versions, odd numbers from them) found still broken.

Each test reproduces what a plugin author or a careless user could do and checks for one clear error naming the
backend, frame or rule and the fix, or for the right answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.pose.contract import checked_foot_timing_bias
from kinemotion.tracking import TrackingResult, track_video
from tests.core.distributions import TRACKER_LIFECYCLE, env_with, install_backend, write_distribution
from tests.core.fakes import FakePlugin, FakeTracker
from tests.integration.test_hostile_input_round6 import _kinemotion
from tests.jump.physics_backend import blank_video


def _register(names: list[str], plugin: FakePlugin) -> str:
    kinemotion.register_backend(plugin)
    names.append(plugin.name)
    return plugin.name


# --- a plugin's create() failing with a ValueError or TypeError of its own -------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        ValueError("model weights corrupt at /models/pose.onnx"),
        TypeError("unsupported operand type(s) for +: 'NoneType' and 'int'"),
    ],
    ids=["value-error", "type-error"],
)
@pytest.mark.parametrize("command", ["track", "cmj", "bench"])
def test_a_backend_whose_create_fails_with_a_value_or_type_error_is_named_not_a_traceback(
    tmp_path: Path, registered: list[str], failure: Exception, command: str
) -> None:
    """A plugin's ``create()`` that raises ``ValueError`` (its model file is damaged, a setting it reads is
    wrong) or ``TypeError`` (a bug of its own, ``None + 1``), with no option given. Before: a bare traceback of
    the plugin's error (``track``, ``cmj`` and ``bench`` alike), as if the command had crashed: kept as the
    caller's mistake (a wrong mode), though the mode is checked against the plugin's own before ``create``."""
    name = _register(registered, FakePlugin("zz-create-fails", priority=-5, create_error=failure))
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    args = ["bench", video, "-b", name, "--frames", "3"] if command == "bench" else [command, video, "-b", name]
    done = _kinemotion(*args, "-q") if command != "bench" else _kinemotion(*args)
    assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
    assert not isinstance(done.exception, (ValueError, TypeError)), done.exception  # type: ignore[attr-defined]
    output = done.output  # type: ignore[attr-defined]
    assert "Traceback" not in output, output
    assert "'zz-create-fails'" in output and str(failure) in output, output
    assert "report it to its authors" in output, output


def test_the_python_api_still_raises_the_kind_of_error_a_create_raised(tmp_path: Path, registered: list[str]) -> None:
    """The other side of the rule above: a script catching ``ValueError`` around ``track_video`` still catches
    a plugin's ``ValueError`` from ``create()``, now a :class:`kinemotion.BackendError` naming the backend too."""
    name = _register(registered, FakePlugin("zz-create-fails", priority=-5, create_error=ValueError("bad weights")))
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    with pytest.raises(ValueError, match=r"Backend 'zz-create-fails' failed to create a 'lightweight' tracker"):
        track_video(video, name, progress=False)
    with pytest.raises(kinemotion.BackendError, match="bad weights"):
        track_video(video, name, progress=False)


# --- odd numbers from a plugin ------------------------------------------------------------------------------------


class _HugeInteger(FakeTracker):
    """Gives one coordinate as an int beyond any float (a pixel count scaled by mistake with ``**``)."""

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        found = super().process_frame(frame, timestamp_ms)
        return None if found is None else {**found, "left_hip": (10**400, 0.5, 0.9)}


@pytest.mark.parametrize("command", ["track", "bench"])
def test_a_landmark_beyond_any_float_is_an_impossible_value_named_with_its_frame(
    tmp_path: Path, registered: list[str], command: str
) -> None:
    """Before: ``OverflowError: int too large to convert to float`` from the value check, a bare traceback of
    kinemotion's own code in ``track`` and ``bench``, where NaN or x = 5 are named as impossible values."""
    name = _register(registered, FakePlugin("zz-huge", priority=-5, tracker=_HugeInteger))
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    if command == "bench":
        done = _kinemotion("bench", video, "-b", name, "--frames", "3", "--json")
        assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
        (result,) = json.loads(done.stdout)["results"]  # type: ignore[attr-defined]
        said = result["error"]
    else:
        done = _kinemotion("track", video, "-b", name, "-o", tmp_path / "out.json", "-q")
        assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
        said = done.output  # type: ignore[attr-defined]
        assert not (tmp_path / "out.json").exists()
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception  # type: ignore[attr-defined]
    assert "returned an impossible value for 'left_hip' on frame " in said, said
    assert "not finite" in said and "[contract rule tracker.landmarks, since 1.0]" in said, said


class _NumpyBias(FakeTracker):
    """Declares its foot timing bias as numpy numbers (the medians it measured with numpy, kept as they came)."""

    foot_timing_bias_s = (np.float32(0.012), np.float64(-0.008))
    model_time_s = np.float32(0.0)

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        self.model_time_s += np.float32(0.004)
        return super().process_frame(frame, timestamp_ms)


class _NumpyBiasPlugin(FakePlugin):
    contract_version = "1.3"


def test_a_foot_timing_bias_and_model_time_in_numpy_numbers_are_numbers(tmp_path: Path, registered: list[str]) -> None:
    """A plugin author measures the bias with ``benchmarks/foot_timing_bias.py`` and pastes numpy's medians
    (``np.float32``), and adds ``np.float32`` model times. Before: every video failed, "must be (take-off,
    landing) in seconds, two finite numbers within 0.05 s, not (np.float32(0.012), ...)", numbers that are
    finite and within 0.05 s; and ``bench`` showed "n/a" model ms for a tracker that measures it."""
    name = _register(registered, _NumpyBiasPlugin("zz-numpy-bias", priority=-5, tracker=_NumpyBias))
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    done = _kinemotion("track", video, "-b", name, "-o", tmp_path / "v.json", "-q")
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    recorded = json.loads((tmp_path / "v.json").read_text())["backend"]["foot_timing_bias_s"]
    assert recorded == pytest.approx([0.012, -0.008], abs=1e-6)
    bench = _kinemotion("bench", video, "-b", name, "--frames", "3", "--json")
    assert bench.exit_code == 0, bench.output  # type: ignore[attr-defined]
    (result,) = json.loads(bench.stdout)["results"]  # type: ignore[attr-defined]
    assert result["model_ms"] == pytest.approx(4.0, rel=0.01), result


class _NumpyArrayBias(FakeTracker):
    """Declares its bias as numpy gives it: the medians of the paired flights' (take-off, landing) errors."""

    foot_timing_bias_s = np.median(np.array([[0.010, -0.010], [0.014, -0.006], [0.012, -0.008]]), axis=0)


def test_a_foot_timing_bias_declared_as_a_numpy_array_is_taken(tmp_path: Path, registered: list[str]) -> None:
    """``np.median(errors, axis=0)`` is how an author measures the bias. Before: every video was refused ("must be
    (take-off, landing) in seconds, two finite numbers within 0.05 s, not array([ 0.012, -0.008])"), numbers that
    are finite and within 0.05 s; a 2x2 array is still refused, naming the rule."""
    name = _register(registered, _NumpyBiasPlugin("zz-numpy-array-bias", priority=-5, tracker=_NumpyArrayBias))
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    done = _kinemotion("track", video, "-b", name, "-o", tmp_path / "v.json", "-q")
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    recorded = json.loads((tmp_path / "v.json").read_text())["backend"]["foot_timing_bias_s"]
    assert recorded == pytest.approx([0.012, -0.008], abs=1e-9)
    with pytest.raises(ValueError, match=r"\[contract rule tracker.foot_timing_bias_s, since 1.3\]"):
        checked_foot_timing_bias(np.zeros((2, 2)))


class _ClassPlugin(FakePlugin):
    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        return FakeTracker  # type: ignore[return-value]  # the class, not a tracker: `return Tracker` for Tracker()


def test_a_create_returning_the_tracker_class_is_refused_with_the_fix(tmp_path: Path, registered: list[str]) -> None:
    """``return HogTracker`` for ``return HogTracker(...)``. Before: the class passed as a tracker (it has the
    methods), ``process_frame`` was called unbound (the frame taken as ``self``) and ``close()`` failed with
    "missing 1 required positional argument: 'self'"; a tracker using ``self`` failed on frame 0 with a
    message about its arguments."""
    name = _register(registered, _ClassPlugin("zz-class", priority=-5))
    done = _kinemotion("track", blank_video(tmp_path / "v.mp4", 6, 30), "-b", name, "-o", tmp_path / "v.json", "-q")
    assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
    assert "'zz-class' returned the class FakeTracker from create(), not a tracker" in done.output, done.output  # type: ignore[attr-defined]
    assert "return FakeTracker(...)" in done.output  # type: ignore[attr-defined]
    assert not (tmp_path / "v.json").exists()


def test_a_value_a_create_refuses_for_an_option_given_is_said_to_be_the_option_s(
    tmp_path: Path, registered: list[str]
) -> None:
    """With an option given, the plugin's ``ValueError`` is most likely about its value: the message says to check
    it (not to report the backend's authors), and it is still a ``ValueError``."""
    plugin = FakePlugin("zz-create-fails", priority=-5, create_error=ValueError("threshold must be in [0, 1], got 7"))
    name = _register(registered, plugin)
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\], got 7\. To go on, check the value of the "):
        track_video(blank_video(tmp_path / "v.mp4", 6, 30), name, progress=False, threshold=7)


def test_unregister_given_the_plugin_for_its_name_says_to_pass_the_name(registered: list[str]) -> None:
    """``register_backend(plugin)`` then ``unregister_backend(plugin)`` in a notebook. Before: ``AttributeError:
    'FakePlugin' object has no attribute 'strip'`` from kinemotion's own code."""
    plugin = FakePlugin("zz-unregistered", priority=-5)
    _register(registered, plugin)
    with pytest.raises(TypeError, match=r"takes the backend's name \(str\), got FakePlugin: pass its name, "):
        kinemotion.unregister_backend(plugin)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"got NoneType$"):
        kinemotion.unregister_backend(None)  # type: ignore[arg-type]


# --- a plugin calling sys.exit() outside process_frame -----------------------------------------------------------


class _ExitsInCreate(FakePlugin):
    def create(self, mode: str = "lightweight", **options: object) -> FakeTracker:
        raise SystemExit(0)  # sys.exit() after printing "model not found", as a script would


class _ExitingReset(FakeTracker):
    def reset(self) -> None:
        raise SystemExit(0)


def test_a_create_calling_sys_exit_fails_its_videos_not_the_command_silently(
    tmp_path: Path, registered: list[str]
) -> None:
    """``sys.exit()`` in a plugin's ``create()`` (or its tracker's ``__init__``). Before: the command ended at
    once, silently, with the plugin's exit code: ``track a.mp4 b.mp4``, ``cmj`` and ``bench`` said nothing and
    exited 0 having written nothing, as a ``sys.exit()`` in ``process_frame`` did before round 4."""
    videos = [blank_video(tmp_path / f"v{i}.mp4", 12, 30) for i in range(2)]
    exits = _register(registered, _ExitsInCreate("zz-exits", priority=-5))
    for command in ("track", "cmj"):
        done = _kinemotion(command, *videos, "-b", exits, "-o", f"{tmp_path / command}/", "-q", "-j", "1")
        assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
        said = done.output  # type: ignore[attr-defined]
        # said once for the batch, with the videos it stopped (it was said once per video)
        assert said.count("Backend 'zz-exits' called sys.exit(0) while creating a 'lightweight' tracker") == 1, said
        assert "It stopped all 2 videos" in said, said
        assert "must raise an exception, not exit" in said and "0 of 2 videos done" in said, said
        assert said.count("not exit. Report it to its authors (") == 1, said  # and what to do about it
    bench = _kinemotion("bench", videos[0], "-b", exits, "--frames", "3", "--json")
    assert bench.exit_code == 1, bench.output  # type: ignore[attr-defined]
    assert "called sys.exit(0)" in json.loads(bench.stdout)["results"][0]["error"]  # type: ignore[attr-defined]


def test_a_tracker_reset_calling_sys_exit_leaves_no_video_of_the_batch_out(
    tmp_path: Path, registered: list[str]
) -> None:
    """Before: ``track a.mp4 b.mp4`` wrote a's landmarks, and the ``sys.exit(0)`` in ``reset()`` before b ended
    the command there, exit 0: b.mp4 silently left out."""
    videos = [blank_video(tmp_path / f"v{i}.mp4", 12, 30) for i in range(2)]
    resets = _register(registered, FakePlugin("zz-exiting-reset", priority=-5, tracker=_ExitingReset))
    out = tmp_path / "reset"
    done = _kinemotion("track", *videos, "-b", resets, "-o", f"{out}/", "-q", "-j", "1")
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    assert "reset() raised SystemExit: 0; a new tracker is made for each video instead" in done.output  # type: ignore[attr-defined]
    assert sorted(p.name for p in out.glob("*.json")) == ["v0.landmarks.json", "v1.landmarks.json"]


def test_a_tracker_streams_calling_sys_exit_leaves_the_batch_to_worker_processes(tmp_path: Path) -> None:
    """Before: ``track a.mp4 b.mp4 -j 2`` with a plugin whose ``streams()`` calls ``sys.exit(3)`` ended at once
    with exit 3 ("some videos failed") and not a word, nothing written."""
    videos = [blank_video(tmp_path / f"v{i}.mp4", 12, 30) for i in range(2)]
    site = tmp_path / "site"  # -j 2 without streams runs worker processes: the plugin is installed
    write_distribution(
        site, "zz-exiting-streams", "1.0", {"zz-exiting-streams": "zz_streams:Plugin"}, {"zz_streams": EXITING_STREAMS}
    )
    out = tmp_path / "streams"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kinemotion",
            "track",
            *map(str, videos),
            "-b",
            "zz-exiting-streams",
            "-o",
            f"{out}/",
            "-q",
            "-j",
            "2",
        ],
        env=env_with(site),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "streams(2) failed: SystemExit: 3; the videos are tracked by worker processes instead" in done.stderr
    assert sorted(p.name for p in out.glob("*.json")) == ["v0.landmarks.json", "v1.landmarks.json"]


EXITING_STREAMS = """
from kinemotion import Availability, ClosingTracker, REQUIRED_LANDMARKS

class Tracker(ClosingTracker):
    def process_frame(self, frame, timestamp_ms=0):
        return {n: (0.5, 0.1 + 0.8 * i / len(REQUIRED_LANDMARKS), 0.9) for i, n in enumerate(REQUIRED_LANDMARKS)}
    def reset(self):
        pass
    def streams(self, count):
        raise SystemExit(3)

class Plugin:
    name = "zz-exiting-streams"
    priority = -5
    modes = ("lightweight",)
    contract_version = "1.4"
    shares_models = True
    def probe(self):
        return Availability.yes("test backend")
    def create(self, mode="lightweight", **options):
        return Tracker()
"""


class _ExitingProvider(FakeTracker):
    @property
    def provider(self) -> str:
        raise SystemExit("no GPU")  # sys.exit("no GPU") in a property that looks the provider up


def test_an_optional_tracker_attribute_calling_sys_exit_is_named_not_the_end_of_the_command(
    tmp_path: Path, registered: list[str]
) -> None:
    """Before: a ``provider`` property that calls ``sys.exit("no GPU")`` ended ``track`` with "no GPU" and exit 1,
    not naming the backend (one that raises was named, round 6)."""
    name = _register(registered, FakePlugin("zz-exiting-provider", priority=-5, tracker=_ExitingProvider))
    done = _kinemotion("track", blank_video(tmp_path / "v.mp4", 6, 30), "-b", name, "-o", tmp_path / "v.json", "-q")
    assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
    assert "reading _ExitingProvider.provider raised SystemExit: no GPU" in done.output, done.output  # type: ignore[attr-defined]
    assert "'zz-exiting-provider'" in done.output  # type: ignore[attr-defined]


# --- the Python API given the wrong thing ---------------------------------------------------------------------------


@pytest.fixture
def cmj_tracking(clip: Path, cmj_backend: str) -> TrackingResult:
    """The tracking of one CMJ (``zz-cmj`` in ``clip``)."""
    return track_video(clip, cmj_backend, progress=False)


def test_plot_report_given_the_tracking_says_to_analyse_it_first(tmp_path: Path, cmj_tracking: TrackingResult) -> None:
    """``plot_report(tracking, "plot.png")`` (the tracking for its report, or None from a failed step). Before:
    "AttributeError: 'TrackingResult' object has no attribute 'result'" from inside the plot."""
    from kinemotion.jump.plot import plot_report

    with pytest.raises(TypeError, match=r"expected a kinemotion\.jump\.JumpReport .*got TrackingResult.*analyse it "):
        plot_report(cmj_tracking, tmp_path / "plot.png")
    with pytest.raises(TypeError, match=r"got NoneType: None$"):
        plot_report(None, tmp_path / "plot.png")  # type: ignore[arg-type]
    assert not (tmp_path / "plot.png").exists()


def test_build_report_given_a_folder_for_its_session_says_to_read_it(tmp_path: Path) -> None:
    """``build_report("out", "session.html")`` (the folder, as ``kinemotion report out`` takes it). Before:
    "AttributeError: 'str' object has no attribute 'entries'"."""
    from kinemotion.report_html import build_report

    with pytest.raises(TypeError, match=r"expected a Session .*got str: 'out'; e\.g\. build_report\(read_session\("):
        build_report("out", tmp_path / "session.html")  # type: ignore[arg-type]
    assert not (tmp_path / "session.html").exists()


def test_jumps_csv_given_one_report_or_a_stray_value_says_so(cmj_tracking: TrackingResult) -> None:
    """``jumps_csv(report)`` for ``jumps_csv([report])``, and a list holding a path among the reports. Before:
    "'JumpReport' object is not iterable" and "AttributeError: 'str' object has no attribute 'get'"."""
    from kinemotion.jump import analyze_tracking
    from kinemotion.jump.report import jumps_csv

    report = analyze_tracking(cmj_tracking, "cmj")
    assert jumps_csv([report]).count("\n") == 2  # the header and the one jump
    with pytest.raises(TypeError, match=r"got one JumpReport: give \[report\]"):
        jumps_csv(report)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"expected jump reports .*got str: 'out/a\.cmj\.json'"):
        jumps_csv([report, "out/a.cmj.json"])  # type: ignore[list-item]


# --- a plugin's text in the command's tables ------------------------------------------------------------------------


class _TwoLineProvider(FakeTracker):
    provider = "CUDA 12.4\nfallback: CPU"  # a provider built from a log line, its line break kept


def test_a_provider_or_name_with_a_line_break_or_escape_keeps_the_tables_rows_and_columns(
    tmp_path: Path, registered: list[str]
) -> None:
    """Before: ``bench`` printed a provider holding a line break as it was, its row cut in two (the second half a
    line of its own under the table's header), and ``backends`` measured the columns on the raw name of a
    backend holding an escape sequence, then printed it escaped, four characters wider: the rows below it
    shifted."""
    name = _register(registered, FakePlugin("zz-two-lines", priority=-5, tracker=_TwoLineProvider))
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    done = _kinemotion("bench", video, "-b", name, "--frames", "3")
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    lines = done.stdout.splitlines()  # type: ignore[attr-defined]
    (row,) = [line for line in lines if line.startswith(name)]
    assert "CUDA 12.4\\nfallback: CPU" in row and row.endswith("3/3"), lines
    assert not any(line.startswith("fallback") for line in lines), lines

    _register(registered, FakePlugin("zz-esc\x1b[31m", priority=-6))
    listing = _kinemotion("backends")
    table = [line for line in listing.stdout.splitlines() if line.startswith(("backend ", "zz-"))]  # type: ignore[attr-defined]
    assert any(line.startswith("zz-esc\\x1b[31m  ") for line in table), table
    starts = {line.index("<in-process>") for line in table if "<in-process>" in line}
    assert len(starts) == 1, table  # the distribution column starts at one place in every row


# --- standard output on a full disk ---------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full (a device that is always full) is Linux's")
@pytest.mark.parametrize("command", ["track", "cmj", "backends"])
def test_results_sent_to_a_full_disk_are_said_not_to_fit_without_a_traceback(tmp_path: Path, command: str) -> None:
    """``kinemotion cmj *.mp4 > results.txt`` with results.txt on a full disk (``/dev/full`` here). Before: a
    bare traceback ending "OSError: [Errno 28] No space left on device", from the first result line printed."""
    site = tmp_path / "site"
    install_backend(site, "zz-installed", FOUND_EVERYWHERE)
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    args = ["backends"] if command == "backends" else [command, str(video), "-b", "zz-installed", "-o", f"{tmp_path}/"]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kinemotion", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env_with(site),
            timeout=300,
        )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.stderr.strip().endswith(
        "Error: cannot write the results to standard output: No space left on device (it is redirected to a full "
        "disk, or to a file or device that refuses them); the outputs written so far are whole. Free space there, "
        "or send standard output elsewhere, and run the same command again"
    ), done.stderr


FOUND_EVERYWHERE = (
    """
from kinemotion import REQUIRED_LANDMARKS

class Tracker:
    def process_frame(self, frame, timestamp_ms=0):
        return {n: (0.5, 0.1 + 0.8 * i / len(REQUIRED_LANDMARKS), 0.9) for i, n in enumerate(REQUIRED_LANDMARKS)}
"""
    + TRACKER_LIFECYCLE
)


# --- a PDF printed only in part -------------------------------------------------------------------------------------


def test_a_pdf_the_browser_wrote_only_in_part_is_not_kept_as_printed(tmp_path: Path, one_report: Path) -> None:
    """A Chromium (or the wrapper script that starts it) that ends with exit 0 after writing the start of the PDF
    only (crashed, or killed for memory, while printing a page of 200 jumps). Before: "wrote s.pdf" and exit 0
    for a file a PDF reader cannot open; the PDF's end marker is now checked."""
    chromium = tmp_path / "chromium"
    chromium.write_text(
        '#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) '
        'printf "%%PDF-1.4 1 0 obj" > "${a#--print-to-pdf=}";; esac; done\nexit 0\n'
    )
    chromium.chmod(0o755)
    page, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    args = ["report", str(one_report), "-o", str(page), "--pdf", str(pdf), "-q"]
    done = CliRunner().invoke(cli, args, env={"KINEMOTION_CHROMIUM": str(chromium)})
    assert done.exit_code == 1, done.output
    assert f"printed {page.resolve()} to {pdf} only in part (exit 0, 16 bytes, no PDF end)" in done.output, done.output
    assert not pdf.exists() and page.is_file()


# --- KINEMOTION_OFFLINE set to a word it did not know ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["y", "enabled", "Offline"])
def test_offline_set_to_an_unknown_word_downloads_nothing_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    """``KINEMOTION_OFFLINE=y`` (or ``enabled``) in a lab whose machines must not reach the network. Before: any
    value but 1/true/yes/on was read as unset, without a word: the model was downloaded."""
    from kinemotion.models import downloads_disabled

    monkeypatch.setenv("KINEMOTION_OFFLINE", value)
    with caplog.at_level("WARNING"):
        assert downloads_disabled()
    assert f"KINEMOTION_OFFLINE={value!r} is neither 1/true/yes/on nor 0/false/no/off" in caplog.text
    for off in ("0", "false", "No", ""):
        monkeypatch.setenv("KINEMOTION_OFFLINE", off)
        assert not downloads_disabled()


# --- a high-speed camera's image sequence -------------------------------------------------------------------------


def _frames(folder: Path, count: int, name: str = "{:06d}.tif") -> Path:
    import cv2

    folder.mkdir()
    for i in range(count):
        cv2.imwrite(str(folder / name.format(i)), np.full((32, 32, 3), i * 10, np.uint8))
    return folder


def test_an_image_sequence_given_as_the_video_is_named_with_the_command_that_makes_one(tmp_path: Path) -> None:
    """A high-speed camera (the drop-jump lab's) exports a take as numbered TIFF frames. Before: its folder "holds
    no video file", one frame was "a photo or screenshot saved under a video's name?", and the pattern FFmpeg
    reads (``take/%06d.tif``) "does not exist": none said how to make the video kinemotion tracks."""
    take = _frames(tmp_path / "take", 5)
    fix = (
        f"ffmpeg -framerate FPS -i '{take}/%06d.tif' -c:v libx264 -crf 12 -pix_fmt yuv420p {tmp_path}/take.FPSfps.mp4 "
        "(FPS: the camera's frame rate, e.g. 240)"
    )
    for given, said in [
        (take, "is a folder, not a video file; give the video files' paths (it holds no video file, but 5 numbered "),
        (take / "000003.tif", f"is a TIFF image, one frame of an image sequence ({take}/%06d.tif)"),
        (take / "%06d.tif", "no such file (a pattern of numbered frames?)"),
    ]:
        done = _kinemotion("track", given, "-b", "mediapipe", "-q")
        assert done.exit_code in (1, 2), done.output  # type: ignore[attr-defined]
        output = " ".join(done.output.split())  # type: ignore[attr-defined]
        assert said in output and fix in output, output


def test_a_numbered_photo_alone_is_still_a_photo(tmp_path: Path) -> None:
    """The other side: ``IMG_1234.JPG`` (a phone's photo) with no frames beside it is not called a sequence."""
    _frames(tmp_path / "photos", 1, "IMG_{:04d}.JPG")
    done = _kinemotion("track", tmp_path / "photos" / "IMG_0000.JPG", "-b", "mediapipe", "-q")
    assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
    assert "is a JPEG image, not a video (a photo or screenshot" in done.output  # type: ignore[attr-defined]
    assert "image sequence" not in done.output  # type: ignore[attr-defined]


# --- a MediaPipe tracker a script leaves open -----------------------------------------------------------------------


def test_a_script_that_leaves_a_mediapipe_tracker_open_ends_without_a_traceback(tmp_path: Path) -> None:
    """``tracker = kinemotion.create_tracker("mediapipe")`` in a script that never closes it (or a
    ``TrackingWorker`` left open). Before: every such script ended with "RuntimeError: cannot schedule new futures
    after shutdown" from kinemotion's own closing of the graphs (run at exit, after Python had shut MediaPipe's
    thread pool down), and MediaPipe's "Exception ignored in: PoseLandmarker.__del__" tracebacks."""
    script = (
        "import numpy as np, kinemotion\n"
        "tracker = kinemotion.create_tracker('mediapipe')\n"
        "print(tracker.process_frame(np.zeros((64, 64, 3), np.uint8)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "None", done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


# --- a name pasted with a space, or typed in another case -----------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("jump.mp4 ", "'jump.mp4' does: the name given has spaces at its ends"),
        (" jump.mp4", "'jump.mp4' does: the name given has spaces at its ends"),
        ("Jump.MP4", "'jump.mp4' does: names differ in case here"),
    ],
)
def test_a_video_name_given_with_a_stray_space_or_in_another_case_names_the_file_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, said: str
) -> None:
    """A name copied from a spreadsheet cell with its trailing space (``"jump.mp4 "`` in a script's list), or
    typed as the camera shows it (``Jump.MP4``) on a filesystem where case counts. Before: "jump.mp4 : no such
    file (the video does not exist)", beside the file it names, the space invisible."""
    monkeypatch.chdir(tmp_path)
    blank_video(tmp_path / "jump.mp4", 6, 30)
    done = _kinemotion("track", given, "-b", "mediapipe", "-q")
    assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
    assert f"{given}: no such file (the video does not exist; {said})" in done.output, done.output  # type: ignore[attr-defined]


def test_bench_given_one_backend_in_two_spellings_times_it_once(tmp_path: Path, registered: list[str]) -> None:
    """``bench -b zz-fast -b ZZ-Fast`` (names are case-insensitive, as every command takes them). Before: two
    rows for one backend, the second "0.80x" of itself in the comparison column."""
    name = _register(registered, FakePlugin("zz-fast", priority=-5))
    done = _kinemotion("bench", blank_video(tmp_path / "v.mp4", 12, 30), "-b", name, "-b", "ZZ-Fast", "--json")
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    assert [r["backend"] for r in json.loads(done.stdout)["results"]] == ["zz-fast"]  # type: ignore[attr-defined]
