"""Hostile input, round 15: what a fifteenth outside attack (staleness and resume, plugins written for the
contract's earlier releases, hand-edited reports, unusual paths and numbers) found still broken.

Each test reproduces what a user or a plugin author could do and checks for one clear error naming the file,
frame or backend and the fix, or for the right answer.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import unicodedata
import warnings
from decimal import Decimal
from pathlib import Path

import jsonschema
import numpy as np
import pytest

import kinemotion
from kinemotion.jump import analyze_video
from kinemotion.jump.refusal import REFUSAL_SCHEMA_PATH
from kinemotion.report_html import read_session
from tests.core.distributions import env_with, plugin_module, write_distribution
from tests.core.fakes import FakePlugin, FakeTracker
from tests.integration.test_hostile_input_round6 import _kinemotion
from tests.jump.physics_backend import blank_video

# --- a recorded video name too long for this filesystem -----------------------------------------------------------

_MAC_NAME = "跳" * 120 + ".mp4"
"""A clip's name of 120 Chinese characters: 364 bytes in UTF-8, within what macOS takes (255 characters), over
the 255 bytes of a name on ext4, where the landmarks or reports recorded on the Mac are analysed."""


def _recording(source: Path, path: str, target: Path) -> Path:
    """``source`` (a landmark JSON or jump report) as if written on another computer, of the video ``path``."""
    data = json.loads(source.read_text(encoding="utf-8"))
    data["video"]["path"] = path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


@pytest.mark.parametrize("recorded", ["relative", "absolute"])
def test_landmarks_of_a_video_whose_name_is_too_long_here_are_analysed(
    tmp_path: Path, cmj_backend: str, recorded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Landmarks tracked on a Mac from a clip named in 120 Chinese characters (recorded as the path given), then
    analysed on Linux, from the folder they were copied into. Before: ``cmj`` failed before any analysis with
    "...mp4: too long for the filesystem: ... give a shorter name (or folder)", an advice for a name the user
    never gave here (looking the video up raised ``ENAMETOOLONG``); the analysis needs no video."""
    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    tracked = tmp_path / "clip.landmarks.json"
    assert _kinemotion("track", video, "-b", cmj_backend, "-o", tracked, "-q").exit_code == 0
    monkeypatch.chdir(tmp_path)
    path = _MAC_NAME if recorded == "relative" else f"{tmp_path}/{_MAC_NAME}"
    landmarks = _recording(tracked, path, tmp_path / "from-mac" / "clip.landmarks.json")
    done = _kinemotion("cmj", landmarks, "-o", tmp_path / "out/", "-q")
    assert done.exit_code == 0, done.output
    assert "too long" not in done.output, done.output
    assert (tmp_path / "out" / "clip.landmarks.cmj.json").is_file()


def test_a_report_of_a_video_whose_name_is_too_long_here_is_shown_without_its_stills(
    tmp_path: Path, one_report: Path
) -> None:
    """A session's reports made on a Mac (the clip named in 120 Chinese characters) and opened on Linux. Before:
    ``kinemotion report`` wrote no page ("too long for the filesystem ... give a shorter name") and
    ``read_session`` raised a bare ``OSError: [Errno 36] File name too long``; the page is made from the reports,
    the videos only give its still frames."""
    report = _recording(one_report / "clip01.cmj.json", f"{tmp_path}/{_MAC_NAME}", tmp_path / "mac" / "a.cmj.json")
    session = read_session([report])
    assert len(session.entries) == 1
    done = _kinemotion("report", report.parent, "-o", tmp_path / "session.html", "-q")
    assert done.exit_code == 3, done.output  # written, with a warning: no still frames
    assert "no still frames" in done.output and "was not found" in done.output, done.output
    assert (tmp_path / "session.html").is_file()


# --- what a plugin's process_frame returns ------------------------------------------------------------------------


class _Returning(FakeTracker):
    """Returns what :attr:`convert` makes of the standing person FakeTracker finds."""

    @staticmethod
    def convert(found: dict[str, tuple[float, float, float]]) -> object:
        return found

    def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def]
        found = super().process_frame(frame, timestamp_ms)
        return None if found is None else type(self).convert(found)


class _NumpyRows(_Returning):
    """Each landmark a row of the model's (N, 3) output, as a numpy array (not converted to a tuple)."""

    @staticmethod
    def convert(found: dict[str, tuple[float, float, float]]) -> object:
        return {name: np.array(point) for name, point in found.items()}


class _BytesKeys(_Returning):
    """Names decoded from a native library left as bytes (``b"nose"``)."""

    @staticmethod
    def convert(found: dict[str, tuple[float, float, float]]) -> object:
        return {name.encode(): point for name, point in found.items()}


class _AsyncTracker(FakeTracker):
    """``process_frame`` written ``async def`` (the author's model server is asynchronous)."""

    async def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0):  # type: ignore[no-untyped-def,override]
        return super().process_frame(frame, timestamp_ms)


@pytest.mark.parametrize(
    ("tracker", "said"),
    [
        (_NumpyRows, "expected a tuple (x, y, visibility), got a numpy array ["),
        (_BytesKeys, "returned a dict keyed by bytes (b'nose') instead of landmark names (str) from process_frame"),
        (_AsyncTracker, "returned a coroutine (its process_frame is `async def`: the contract's is a plain `def`)"),
    ],
    ids=["numpy-rows", "bytes-names", "async-def"],
)
def test_what_process_frame_returns_wrongly_is_named_with_the_fix(
    tmp_path: Path, registered: list[str], tracker: type[FakeTracker], said: str
) -> None:
    """Three slips a plugin author makes. Before: a numpy row ``array([0.5, 0.1, 0.9])`` was refused as "expected
    (x, y, visibility), got array([0.5, 0.1, 0.9])", which reads as the same thing; a dict keyed by bytes as
    "returned dict from process_frame ...: a backend returns a dict", which it did; an ``async def`` as "returned
    coroutine", followed by Python's ``RuntimeWarning: coroutine ... was never awaited`` and a line of
    kinemotion's source."""
    kinemotion.register_backend(FakePlugin("zz-returns", priority=-5, tracker=tracker))
    registered.append("zz-returns")
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        done = _kinemotion("track", video, "-b", "zz-returns", "-o", tmp_path / "v.json", "-q")
        gc.collect()  # a coroutine never awaited is said when it is collected
    assert done.exit_code == 1, done.output
    output = " ".join(done.output.split())
    assert said in output, output
    if tracker is _NumpyRows:
        assert ", 0.1, 0.9]: return tuple(row.tolist())" in output, output
    assert "on frame " in output and "'zz-returns'" in output, output
    assert "never awaited" not in output and not (tmp_path / "v.json").exists(), output


# --- a page or PDF named as a file already there without an extension ---------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--pdf", "cmj --report"])
def test_a_page_or_pdf_named_as_a_recording_saved_without_an_extension_never_replaces_it(
    tmp_path: Path, one_report: Path, cmj_backend: str, option: str
) -> None:
    """A camera's file copied without its extension (``jump1``), named by mistake as the page or the PDF. Before:
    ``report out -o jump1`` (and ``--pdf jump1``, ``cmj --report jump1``) replaced the recording with the page or
    the PDF, exit 0: a name without a suffix was taken as the output's, whatever file was there."""
    recording = blank_video(tmp_path / "jump1.mp4", 12, 30).rename(tmp_path / "jump1")
    before = recording.read_bytes()
    if option == "cmj --report":
        video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
        done = _kinemotion("cmj", video, "-b", cmj_backend, "-o", tmp_path / "out/", "--report", recording, "-q")
    else:
        page = recording if option == "-o" else tmp_path / "session.html"
        pdf = ["--pdf", recording] if option == "--pdf" else []
        done = _kinemotion("report", one_report, "-o", page, *pdf, "-q")
    assert done.exit_code == 1, done.output
    assert recording.read_bytes() == before
    output = " ".join(done.output.split())
    kind = "PDF" if option == "--pdf" else "HTML report"
    assert f"refusing to write the {kind} as {recording}: a file of that name is there" in output, output
    assert f"name the {kind} {recording}.{'pdf' if option == '--pdf' else 'html'}" in output, output


def test_a_page_named_without_an_extension_is_still_written_again(tmp_path: Path, one_report: Path) -> None:
    """The other side: ``report out -o session`` makes the page ``session``, and a second run replaces it (it is
    the page), as does a run naming an empty file."""
    page = tmp_path / "session"
    for _ in range(2):
        done = _kinemotion("report", one_report, "-o", page, "-q")
        assert done.exit_code == 0, done.output
        assert page.read_text(encoding="utf-8").lower().startswith("<!doctype html")
    empty = tmp_path / "empty"
    empty.touch()
    assert _kinemotion("report", one_report, "-o", empty, "-q").exit_code == 0


# --- numbers written as people write them -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--capture-fps", "30000/1001", "'30000/1001' is a fraction (as ffprobe writes a frame rate): write it as a "
         "number, 29.97"),
        ("--capture-fps", "240/1", "write it as a number, 240"),
        ("--capture-fps", "240fps", "'240fps' is not a number: write the number alone, without 'fps': 240"),
        ("--capture-fps", "clip.mp4=", "'clip.mp4=' gives no rate after '=': give CLIP=FPS (e.g. clip.mp4=240)"),
        ("--capture-fps", "clip.mp4=240 fps", "write the number alone, without 'fps': 240"),
        ("--height", "1.8m", "'1.8m' is not a number: write the number alone, without 'm': 1.8"),
        ("--height", "1_8", "'1_8' is not a number: write it with digits and a decimal point alone (e.g. 1.80)"),
    ],
)  # fmt: skip
def test_a_rate_or_height_written_with_its_unit_or_as_a_fraction_is_refused_saying_how_to_write_it(
    tmp_path: Path, option: str, value: str, said: str
) -> None:
    """Before: ``'30000/1001' is not a valid float`` (the rate as ``ffprobe`` prints it, copied from there),
    ``'240fps' is not a valid float``, ``'' is not a valid float`` (``clip.mp4=``, no clip named), and ``1_8``
    read as 18 ("got 18.0": Python's digit separator)."""
    video = blank_video(tmp_path / "clip.mp4", 12, 30)
    done = _kinemotion("cmj", video, option, value, "-q")
    assert done.exit_code == 2, done.output
    assert said in " ".join(done.output.split()), done.output


# --- a plugin printing as it is imported ---------------------------------------------------------------------------


def test_what_a_plugin_prints_as_it_is_imported_goes_to_stderr_not_into_the_json_or_the_results(
    tmp_path: Path,
) -> None:
    """A plugin module (or a library it imports: a banner, a "new version available" notice) printing at import.
    Before: its line came first on standard output, so ``kinemotion backends --json`` was no JSON (``json.loads``
    failed at line 1) and ``track ... > results.txt`` held it among the results; what its ``probe()`` or
    ``create()`` prints was already sent to standard error, marked with the backend's name."""
    site = tmp_path / "site"
    source = "print('loud-pose 0.3 loaded, see https://example.org')\n" + plugin_module("loud-pose", priority=-5)
    write_distribution(site, "loud-pose", "1.0", {"loud-pose": "loud_pose:Plugin"}, {"loud_pose": source})
    env = env_with(site)
    listed = subprocess.run(
        [sys.executable, "-m", "kinemotion", "backends", "--json"], capture_output=True, text=True, env=env, timeout=300
    )
    assert listed.returncode == 0, listed.stderr
    names = [b["name"] for b in json.loads(listed.stdout)["backends"]]
    assert "loud-pose" in names
    assert "[loud-pose] loud-pose 0.3 loaded" in listed.stderr, listed.stderr
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    tracked = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", str(video), "-b", "loud-pose", "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert tracked.returncode == 0, tracked.stderr
    assert "loaded" not in tracked.stdout and "[loud-pose] loud-pose 0.3 loaded" in tracked.stderr, tracked.stdout


def test_a_backend_one_distribution_declares_under_two_entry_points_is_not_said_to_be_two_installs(
    tmp_path: Path,
) -> None:
    """A plugin distribution declaring its backend under two entry point names (``acme`` and an alias
    ``acme-pose``, the same class). Before: besides the warning naming the entry point whose backend is named
    otherwise, "Backend 'acme' is provided by both acme-pose and acme-pose; ... Uninstall one of them": one
    distribution, nothing to uninstall."""
    site = tmp_path / "site"
    entry_points = {"acme": "acme_pose:Plugin", "acme-pose": "acme_pose:Plugin"}
    write_distribution(site, "acme-pose", "1.0", entry_points, {"acme_pose": plugin_module("acme", priority=-5)})
    listed = subprocess.run(
        [sys.executable, "-m", "kinemotion", "backends", "--json"],
        capture_output=True,
        text=True,
        env=env_with(site),
        timeout=300,
    )
    assert listed.returncode == 0, listed.stderr
    assert [b["name"] for b in json.loads(listed.stdout)["backends"]].count("acme") == 1
    assert "Entry point 'acme-pose' of acme-pose provides a backend named 'acme'" in listed.stderr, listed.stderr
    assert "provided by both" not in listed.stderr and "Uninstall" not in listed.stderr, listed.stderr


# --- a refusal record of a clip fixed since ------------------------------------------------------------------------


def test_the_session_page_says_when_a_refused_clip_has_been_replaced_since(tmp_path: Path, cmj_backend: str) -> None:
    """A clip refused (cut too short: no flight), then replaced by the whole recording under the same name, and
    the session page made before ``cmj`` is run again. Before: the page listed the clip as not measured, with why
    the earlier file was refused, and nothing said that the file there now is another (a report of a replaced
    video is said to be "not the video this report was made from"): the record kept no trace of which file it
    refused. Now it records the video's size and digest, and the page and stderr say the clip changed since."""
    clip = blank_video(tmp_path / "clip.mp4", 30, 30)
    done = _kinemotion("cmj", clip, "-b", cmj_backend, "-o", tmp_path / "out/", "-q")
    assert done.exit_code == 1, done.output
    record = json.loads((tmp_path / "out" / "clip.cmj.refusal.json").read_text(encoding="utf-8"))
    assert record["video"]["fingerprint"].startswith("sha256:") and record["video"]["size_bytes"] > 0
    jsonschema.validate(record, json.loads(REFUSAL_SCHEMA_PATH.read_text(encoding="utf-8")))
    unchanged = _kinemotion("report", tmp_path / "out", "-o", tmp_path / "before.html", "-q")
    assert unchanged.exit_code == 0 and "changed since" not in unchanged.output, unchanged.output
    blank_video(clip, int(3.5 * 30), 30)  # the whole recording, saved over the cut
    done = _kinemotion("report", tmp_path / "out", "-o", tmp_path / "session.html", "-q")
    assert done.exit_code == 0, done.output
    said = f"{clip} has changed since `kinemotion cmj` refused it (another size or content)"
    assert said in " ".join(done.output.split()), done.output
    page = (tmp_path / "session.html").read_text(encoding="utf-8")
    assert f"{clip} has changed since" in page and "clip.mp4" in page.split('id="refused"')[1], page


def test_a_refusal_of_a_landmark_file_is_not_said_to_have_changed(tmp_path: Path, cmj_backend: str) -> None:
    """The refusal of a landmark JSON given to ``cmj`` records the landmark file's path, not the video's: no digest
    of the video is recorded against it, and nothing is said changed."""
    clip = blank_video(tmp_path / "clip.mp4", 30, 30)
    landmarks = tmp_path / "clip.landmarks.json"
    assert _kinemotion("track", clip, "-b", cmj_backend, "-o", landmarks, "-q").exit_code == 0
    assert _kinemotion("cmj", landmarks, "-o", tmp_path / "out/", "-q").exit_code == 1
    (record,) = (tmp_path / "out").glob("*.refusal.json")
    assert "fingerprint" not in json.loads(record.read_text(encoding="utf-8"))["video"]
    done = _kinemotion("report", tmp_path / "out", "-o", tmp_path / "session.html", "-q")
    assert done.exit_code == 0 and "changed since" not in done.output, done.output


def test_a_refused_clip_is_not_said_changed_for_another_clip_of_its_name_where_the_page_is_made(
    tmp_path: Path, cmj_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cmj clip.mp4 -o out/`` run in project A (refused: too short), then the page made from project B, which
    has a clip.mp4 of its own: ``report ../a/out``. The refusal records the clip as given (``clip.mp4``), and
    B's clip.mp4, found first, was said to be A's clip "changed since" (analyse it again), though A's clip, beside
    the record's folder, is the very file refused. Only a clip no place the record's path may name holds the
    file refused is said to have changed."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    blank_video(a / "clip.mp4", 30, 30)
    blank_video(b / "clip.mp4", 45, 30)  # another recording of the same name
    monkeypatch.chdir(a)
    assert _kinemotion("cmj", "clip.mp4", "-b", cmj_backend, "-o", "out/", "-q").exit_code == 1
    monkeypatch.chdir(b)
    done = _kinemotion("report", "../a/out", "-o", "session.html", "-q")
    assert done.exit_code == 0 and "changed since" not in done.output, done.output
    blank_video(a / "clip.mp4", int(3.5 * 30), 30)  # A's clip replaced: said, whichever clip.mp4 is found first
    done = _kinemotion("report", "../a/out", "-o", "session.html", "-q")
    assert "changed since" in done.output, done.output


# --- the Python API given what a script reads from a text field or a spreadsheet -----------------------------------


def test_analyze_video_given_text_or_a_decimal_for_a_number_or_a_kind_in_capitals_says_how_to_write_it(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Before: ``athlete_height_m="1.8"`` (from a text field) was refused as "between 0.5 and 2.5 ..., got '1.8'" alone,
    which reads as a height within the range; ``capture_fps=Decimal("29.97")`` the same; ``kind="CMJ"`` as an
    unknown jump kind, where the command line takes a mode in any case; ``report.write_json(None)`` raised
    Python's "expected str, bytes or os.PathLike object, not NoneType"."""
    video = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    with pytest.raises(ValueError, match=r"got '1.8' \(a str: give it as a number, float\('1.8'\)\)"):
        analyze_video(video, "cmj", backend=cmj_backend, athlete_height_m="1.8", progress=False)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"got Decimal\('29.97'\) \(a Decimal: give it as a number"):
        analyze_video(video, "cmj", backend=cmj_backend, capture_fps=Decimal("29.97"), progress=False)  # type: ignore[arg-type]
    for kind, lower in (("CMJ", "cmj"), ("DropJump", "dropjump")):
        with pytest.raises(ValueError, match=f"unknown jump kind '{kind}': one of cmj, dropjump; write it in lower "
                           f"case, '{lower}'"):  # fmt: skip
            analyze_video(video, kind, backend=cmj_backend, progress=False)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match=r"between 0.5 and 2.5 \(e.g. 1.80\), got 'tall'$"):
        analyze_video(video, "cmj", backend=cmj_backend, athlete_height_m="tall", progress=False)  # type: ignore[arg-type]
    report = analyze_video(video, "cmj", backend=cmj_backend, progress=False)
    with pytest.raises(TypeError, match="the jump report's path must be one path .*, got NoneType: None"):
        report.write_json(None)  # type: ignore[arg-type]


# --- a run started with its standard streams closed ------------------------------------------------------------------


def _stderr_closed(*command: str) -> list[str]:
    """``command`` started with descriptor 2 closed (the shell's ``2>&-``)."""
    return ["sh", "-c", 'exec "$0" "$@" 2>&-', *command]


def test_track_started_with_stderr_closed_writes_its_outputs(tmp_path: Path) -> None:
    """``kinemotion track clip.mp4 2>&-`` (a cron job or a service started with its streams closed). Before: exit
    1 and nothing written, with no word: Python had no ``sys.stderr``, MediaPipe's creation (which silences its
    native log by redirecting descriptor 2) failed on ``sys.stderr.flush()``, and the error went to no stderr;
    the next file opened would have taken descriptor 2, native log lines written into it."""
    video = blank_video(tmp_path / "clip.mp4", 6, 30)
    done = subprocess.run(
        _stderr_closed(
            sys.executable, "-m", "kinemotion", "track", str(video), "-b", "mediapipe", "-o", f"{tmp_path}/v.json"
        ),
        stdout=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout
    assert "wrote" in done.stdout and "v.json" in done.stdout
    assert json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["backend"]["name"] == "mediapipe"


def test_mediapipe_tracks_from_a_script_without_stderr(tmp_path: Path) -> None:
    """A script run by ``pythonw`` (Windows) or with descriptor 2 closed has ``sys.stderr = None``. Before:
    ``track_video(video, "mediapipe")`` raised "Backend 'mediapipe' failed to create a 'lightweight' tracker:
    AttributeError: 'NoneType' object has no attribute 'flush'"."""
    video = blank_video(tmp_path / "clip.mp4", 6, 30)
    script = (
        "import sys\nsys.stderr = None\nfrom kinemotion.tracking import track_video\n"
        f"print(track_video({str(video)!r}, 'mediapipe', progress=False).frame_count)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "6"


def test_a_file_the_command_opens_with_stderr_closed_never_takes_its_descriptor(tmp_path: Path) -> None:
    """With descriptor 2 closed, the next file a process opens takes number 2, and what a native library (OpenCV,
    FFmpeg, MediaPipe) writes to "stderr" goes into it: an output being written. The command opens /dev/null
    there first (and gives Python a ``sys.stderr``)."""
    script = (
        "import os, sys\nfrom kinemotion.cli.main import _closed_standard_streams_opened\n"
        "_closed_standard_streams_opened()\n"
        f"with open({str(tmp_path / 'out.json')!r}, 'w') as out:\n"
        "    os.write(2, b'native warning\\n')\n"
        "    print(out.fileno() != 2, sys.stderr is not None, file=sys.stdout)\n"
    )
    done = subprocess.run(
        _stderr_closed(sys.executable, "-c", script),
        stdout=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.split() == ["True", "True"], done.stdout
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == ""


# --- Ctrl-C while the command line is being loaded -----------------------------------------------------------------


_CTRL_C_WHILE_LOADING = """
import sys

class CtrlC:
    '''Ctrl-C pressed while kinemotion's command line is being imported (a second's work).'''
    def find_spec(self, name, path=None, target=None):
        if name == "kinemotion.cli.main":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["kinemotion", "cmj", "clip.mp4"]
from kinemotion.cli.launch import main
main()
"""


def test_ctrl_c_while_the_command_is_loading_says_interrupted_without_a_traceback() -> None:
    """Before: the program's script imported ``kinemotion.cli.main`` (about a second: click, numpy, OpenCV, every
    command) before anything could catch Ctrl-C: a thirty-line ``KeyboardInterrupt`` traceback from inside an
    import, exit code -2. Now the entry point loads it inside ``main()``: "Interrupted.", exit 130, as at any
    later moment."""
    done = subprocess.run([sys.executable, "-c", _CTRL_C_WHILE_LOADING], capture_output=True, text=True, timeout=60)
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip() == "Interrupted." and "Traceback" not in done.stderr, done.stderr


def test_the_program_and_python_m_enter_through_the_launcher() -> None:
    """The ``kinemotion`` script pip installs and ``python -m kinemotion`` both start at the launcher."""
    from importlib.metadata import entry_points

    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "kinemotion"]
    assert script.value == "kinemotion.cli.launch:main"
    done = subprocess.run([sys.executable, "-m", "kinemotion", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "kinemotion, version" in done.stdout, done.stderr


# --- a video's name in the other Unicode form ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["beside", "--videos"])
def test_the_stills_come_from_a_video_whose_name_a_copy_composed_otherwise(
    tmp_path: Path, cmj_backend: str, where: str
) -> None:
    """A clip named "Jérôme.mp4" on a Mac (the accents apart: NFD), analysed there, then copied to Linux by a tool
    that composes them (NFC): the same name to the eye and the same file. Before: "no still frames: the video
    .../Jérôme.mp4 was not found", naming a file that ``ls`` shows there, and ``--videos`` did not find it either.
    Its content is still checked: only the very video analysed gives stills."""
    decomposed, composed = unicodedata.normalize("NFD", "Jérôme.mp4"), unicodedata.normalize("NFC", "Jérôme.mp4")
    clips = tmp_path / "clips"
    clips.mkdir()
    video = blank_video(clips / decomposed, int(3.5 * 30), 30)
    assert _kinemotion("cmj", video, "-b", cmj_backend, "-o", tmp_path / "out/", "-q").exit_code == 0
    video.rename(clips / composed)
    if where == "beside":
        (clips / composed).rename(tmp_path / "out" / composed)
    videos = ["--videos", clips] if where == "--videos" else []
    done = _kinemotion("report", tmp_path / "out", "-o", tmp_path / "session.html", *videos, "-q")
    assert done.exit_code == 0, done.output
    assert "no still frames" not in done.output
    assert (tmp_path / "session.html").read_text(encoding="utf-8").count("data:image/jpeg") >= 2


@pytest.mark.parametrize(("name", "said"), [
    ("other.mp4", "refusing to write the jump table as {path}: a .mp4 name would not say what the file is; name it "
     "{stem}.csv"),
    ("session.pdf", "a .pdf name would not say what the file is; name it {stem}.csv"),
    ("jump1", "refusing to write the jump table as {path}: a file of that name is there, and it is no jump table"),
])  # fmt: skip
def test_the_jump_table_of_report_csv_never_replaces_a_file_of_another_kind(
    tmp_path: Path, one_report: Path, name: str, said: str
) -> None:
    """``kinemotion report out --csv NAME`` (new): the page and the PDF were checked by name, the table not.
    Before: ``--csv other.mp4`` replaced that recording (not one of the session's) with the CSV, ``--csv
    session.pdf`` wrote a CSV under a PDF's name, ``--csv jump1`` replaced a recording saved without its
    extension; exit 0 each time."""
    target = tmp_path / name
    if name != "session.pdf":
        blank_video(tmp_path / "video.mp4", 6, 30).rename(target)
    before = target.read_bytes() if target.exists() else None
    done = _kinemotion("report", one_report, "-o", tmp_path / "session.html", "--csv", target, "-q")
    assert done.exit_code == 1, done.output
    expected = said.format(path=target, stem=target.with_suffix(""))
    assert expected in " ".join(done.output.split()), done.output
    assert (target.read_bytes() if target.exists() else None) == before
    assert not (tmp_path / "session.html").exists()  # refused before any work
    table = tmp_path / "jumps"
    assert _kinemotion("report", one_report, "-o", tmp_path / "session.html", "--csv", table, "-q").exit_code == 0
    assert table.read_text(encoding="utf-8").startswith("video,")
