"""Round 16 of the staleness attack: what reuses earlier work must never serve a stale result as current.

Each test is a way an earlier result passed as this run's (watched failing before its fix): an editable plugin
edited at the same size and modification time (``touch -r``), a derived model copy made by another recipe, ...
"""

from __future__ import annotations

import importlib.metadata
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.integration.test_editable_plugin import _track, _write_module, editable_plugin  # noqa: F401
from tests.jump.physics_backend import blank_video

# --- an editable plugin edited in a way its size and modification time do not show ----------------------


def test_an_editable_plugin_edited_at_the_same_size_and_mtime_tracks_again(
    tmp_path: Path,
    editable_plugin: tuple[Path, Path],  # noqa: F811
) -> None:
    """A fix of one digit (0.5 -> 0.7: the file keeps its size), its modification time put back as it was
    (``touch -r``, ``cp -p``/``rsync -a`` from a checkout edited in the same second, a tar extracted): the old
    code's landmarks were kept as the new code's on resume."""
    project, site = editable_plugin
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "out"
    args = (str(video), "-o", str(out), "-b", "zz-editable", "-q")
    first = _track(site, *args)
    assert first.returncode == 0, first.stdout + first.stderr

    module = project / "src" / "kinemotion_zz_editable" / "__init__.py"
    before = module.stat()
    _write_module(project, 0.7)
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -r
    assert module.stat().st_size == before.st_size and module.stat().st_mtime_ns == before.st_mtime_ns

    edited = _track(site, *args)
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert "skipped" not in edited.stdout + edited.stderr
    data = json.loads((out / "v.landmarks.json").read_text())
    assert data["frames"][0]["landmarks"]["left_hip"][0] == 0.7


# --- a model copy in the RTMPose cache made by another release's recipe -------------------------------


def test_a_model_copy_made_by_another_release_of_the_plugin_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fp16, batch-1 and cut-detector copies are derived by the plugin's code (which operators stay float32,
    where the detector is cut) with onnx and ONNX Runtime's converters. The copy's name carried the source's
    digest and the kind of copy only: after an upgrade that changes the recipe, the copy the old release made
    was loaded as this release's, and its landmarks recorded under the new plugin version. A copy is now kept
    for the code and converter releases that made it; another release (faked here as pip would show an upgrade
    of ONNX Runtime) makes its own."""
    from kinemotion_rtmpose.fp16 import cached_copy

    monkeypatch.setenv("KINEMOTION_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "model.onnx"
    source.write_bytes(b"the source model")
    made: list[str] = []

    def make(path: Path) -> bytes:
        made.append(path.name)
        return b"the copy made from " + path.read_bytes()

    first = cached_copy(source, "fp16", make)
    assert cached_copy(source, "fp16", make) == first and len(made) == 1  # one release: made once, then kept

    real = importlib.metadata.version

    def upgraded(name: str) -> str:
        return "99.0" if name == "onnxruntime" else real(name)

    monkeypatch.setattr(importlib.metadata, "version", upgraded)
    again = cached_copy(source, "fp16", make)
    assert len(made) == 2 and again != first  # the upgraded plugin made its own copy
    assert cached_copy(source, "fp16", make) == again and len(made) == 2  # and keeps it
    monkeypatch.setattr(importlib.metadata, "version", real)
    assert cached_copy(source, "fp16", make) == first and len(made) == 2  # the earlier release's, still whole


# --- MediaPipe's bundled model is the pinned one --------------------------------------------------------


def test_a_bundled_mediapipe_model_that_is_not_the_pinned_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lite model ships inside the package and was used unchecked (given to the model store as an explicit
    file): another model saved under its name there (the full model, a retrained one) tracked as
    ``mediapipe``/``lightweight`` of this release, with the lite model's foot timing bias taken off its events,
    and a resumed batch mixed its landmarks with the real lite model's under one backend record. It is now
    checked against the pinned size and sha256 (once a process while it stays the same file)."""
    pytest.importorskip("mediapipe")
    from kinemotion.errors import ModelDownloadError
    from kinemotion_mediapipe import model_files
    from kinemotion_mediapipe.plugin import MediaPipePlugin
    from tests.assets import asset

    other = asset("models/pose_landmarker_full.task")
    package = tmp_path / "kinemotion_mediapipe" / "models"
    package.mkdir(parents=True)
    (package / "pose_landmarker_lite.task").write_bytes(other.read_bytes())
    monkeypatch.setattr(model_files, "BUNDLED_DIR", package)
    with pytest.raises(ModelDownloadError) as refused:
        MediaPipePlugin().create("lightweight").close()
    message = str(refused.value)
    assert str(package / "pose_landmarker_lite.task") in message and "reinstall" in message

    (package / "pose_landmarker_lite.task").write_bytes(asset("models/pose_landmarker_lite.task").read_bytes())
    tracker = MediaPipePlugin().create("lightweight")  # the pinned file: used as before
    tracker.close()


# --- a refusal of a clip measured since, named another way --------------------------------------------


def test_a_drop_jump_refusal_of_a_clip_cmj_measured_given_another_way_is_not_listed_as_not_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cmj_backend: str
) -> None:
    """`kinemotion dropjump clip.mp4` refuses a CMJ ("analyse it with kinemotion cmj"); the coach does so, giving
    the clip by its full path (a script, another terminal). The page listed the clip as measured and, from the
    earlier refusal, also as not measured: the refusal was matched to the report by the path as written only. The
    very file (its digest, recorded by both) is the same clip."""
    monkeypatch.chdir(tmp_path)
    blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30)
    out = tmp_path / "out"
    refused = CliRunner().invoke(cli, ["dropjump", "clip.mp4", "-b", cmj_backend, "-o", str(out), "-q"])
    assert refused.exit_code == 1 and (out / "clip.dropjump.refusal.json").is_file(), refused.output
    measured = CliRunner().invoke(cli, ["cmj", str(tmp_path / "clip.mp4"), "-b", cmj_backend, "-o", str(out), "-q"])
    assert measured.exit_code == 0, measured.output
    page = tmp_path / "page.html"
    shown = CliRunner().invoke(cli, ["report", str(out), "-o", str(page), "-q"])
    assert shown.exit_code == 0, shown.output
    assert f"wrote {page} (1 video, 1 jump)" in shown.output, shown.output  # before: "(1 video, 1 jump, 1 not
    assert "Not measured" not in page.read_text(encoding="utf-8")  # measured)", and the clip listed so


# --- a landmark JSON edited by hand at the output path -------------------------------------------------


def test_a_landmark_json_edited_by_hand_is_not_skipped_as_the_videos_tracking(tmp_path: Path, fake: str) -> None:
    """`kinemotion track` ran; then a landmark was moved by hand in its JSON (the file keeps our layout and adds
    up: counts, times, frames). A re-run said "skipped, its outputs exist" and kept the edited file as the video's
    tracking: only the CSV and overlay written with it were checked against what was written (the JSON records
    their digests), never the JSON itself. It now records the digest of its own content, as a jump report does:
    one edited since is tracked again, said so, and the edited file kept aside (``NAME.previous``)."""
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "out"
    args = ["track", str(video), "-o", str(out), "-b", fake, "-q"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    landmarks = out / "v.landmarks.json"
    written = json.loads(landmarks.read_text(encoding="utf-8"))
    assert "skipped" in CliRunner().invoke(cli, args).output  # as written: reused

    edited = json.loads(landmarks.read_text(encoding="utf-8"))
    name = next(iter(edited["frames"][2]["landmarks"]))
    edited["frames"][2]["landmarks"][name][0] = 0.123456  # moved by hand
    landmarks.write_text(json.dumps(edited), encoding="utf-8")
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert "skipped" not in again.output, again.output
    assert f"{landmarks} was changed since kinemotion wrote it" in again.output
    assert json.loads(landmarks.read_text(encoding="utf-8"))["frames"] == written["frames"]  # tracked again
    assert json.loads((out / "v.landmarks.json.previous").read_text(encoding="utf-8")) == edited  # kept aside
    assert "skipped" in CliRunner().invoke(cli, args).output  # and the new one is reused


# --- a plugin installed from its source folder (not editable), rebuilt at the same version -----------------


def _install_built(project: Path, site: Path) -> None:
    """What ``pip install project`` does (not editable): build the wheel, unpack it (its RECORD lists each file's
    sha256), and record the direct URL of the folder it came from (PEP 610, ``dir_info`` without ``editable``).
    An earlier install is removed first, as pip uninstalls it."""
    import shutil
    import subprocess
    import sys
    import zipfile

    for old in [*site.glob("kinemotion_zz_editable*")]:
        shutil.rmtree(old)
    dist = project / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    code = "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(dist)], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(dist / done.stdout.strip().splitlines()[-1]) as wheel:
        wheel.extractall(site)
    (info,) = site.glob("kinemotion_zz_editable-*.dist-info")
    (info / "direct_url.json").write_text(json.dumps({"url": project.as_uri(), "dir_info": {}}))


def test_a_plugin_reinstalled_from_its_changed_source_at_the_same_version_tracks_again(tmp_path: Path) -> None:
    """`pip install ./my-plugin` (not editable), a fix pulled, `pip install ./my-plugin` again: the version in
    its pyproject did not change (a development version, ``1.0.0.dev0`` as kinemotion's own), so a resumed batch
    kept what the old build tracked. A build installed from a folder, a repository or a file records the
    version with a stamp of the files installed (their digests, from the wheel's RECORD); from an index, the
    version alone."""
    from tests.integration.test_editable_plugin import PYPROJECT

    project = tmp_path / "kinemotion-zz-editable"
    project.mkdir()
    (project / "pyproject.toml").write_text(PYPROJECT)
    _write_module(project, 0.5)
    site = tmp_path / "site"
    site.mkdir()
    _install_built(project, site)
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "out"
    args = (str(video), "-o", str(out), "-b", "zz-editable", "-q")
    first = _track(site, *args)
    assert first.returncode == 0, first.stdout + first.stderr
    recorded = json.loads((out / "v.landmarks.json").read_text())["backend"]["version"]

    _install_built(project, site)  # the same source built again: the same files
    same = _track(site, *args)
    assert same.returncode == 0 and "skipped" in same.stdout + same.stderr, same.stdout + same.stderr

    _write_module(project, 0.25)  # the fix, same version
    _install_built(project, site)
    fixed = _track(site, *args)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "skipped" not in fixed.stdout + fixed.stderr
    again = json.loads((out / "v.landmarks.json").read_text())
    assert again["frames"][0]["landmarks"]["left_hip"][0] == 0.25
    assert recorded.startswith("1.2.0+build.") and again["backend"]["version"] != recorded


# --- a benchmark's cached tracking of another clip of the same name -------------------------------------------


def test_a_benchmarks_cached_tracking_of_another_clip_of_the_same_name_is_not_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cmj_backend: str
) -> None:
    """``benchmarks/foot_timing_bias.py --tracked DIR`` (the measurement behind a tracker's declared bias) read
    ``DIR/<clip stem>.<backend>.json`` by its name alone: the tracking of another clip of that name (here a longer
    cut, whose jump the shorter clip does not hold) was measured as the clip's. It is now read only when it was
    made from the very clip, by this backend and mode, with the releases installed now; else the clip is tracked
    again."""
    from kinemotion.tracking import track_video, write_json

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import foot_timing_bias

    (tmp_path / "long").mkdir()
    (tmp_path / "short").mkdir()
    long_cut = blank_video(tmp_path / "long" / "clip.mp4", int(3.5 * 30), 30)
    short_cut = blank_video(tmp_path / "short" / "clip.mp4", 30, 30)  # the first second: no jump yet
    tracked = tmp_path / "tracked"
    tracked.mkdir()
    write_json(track_video(long_cut, cmj_backend, progress=False), tracked / f"clip.{cmj_backend}.json")
    assert foot_timing_bias.flights(long_cut, cmj_backend, [tracked])  # its own cache: read, one jump
    fresh = foot_timing_bias.flights(short_cut, cmj_backend, [])
    assert fresh == []
    assert foot_timing_bias.flights(short_cut, cmj_backend, [tracked]) == fresh  # before: the long cut's jump


def test_a_benchmark_reuses_a_tracking_of_another_source_state_only_when_told_and_only_of_the_clip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cmj_backend: str
) -> None:
    """With editable installs every edit of the analysis changes kinemotion's recorded release, so the dev set
    and the audit would track every clip again (the better part of an hour). ``KINEMOTION_BENCH_ANY_SOURCE=1``
    reuses a tracking recorded by another source state of the same release; without it, or for another clip
    of that name, the clip is tracked again."""
    from kinemotion.batch import resume
    from kinemotion.tracking import track_video, write_json

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import cached_tracks

    (tmp_path / "other").mkdir()
    clip = blank_video(tmp_path / "clip.mp4", 45, 30)
    other = blank_video(tmp_path / "other" / "clip.mp4", 30, 30)
    cached = tmp_path / f"clip.{cmj_backend}.json"
    write_json(track_video(clip, cmj_backend, progress=False), cached)
    assert cached_tracks.current_tracking(cached, clip, cmj_backend)[0] is not None  # the same source: reused
    recorded = json.loads(cached.read_text())["kinemotion_version"]
    edited = recorded.split("+", 1)[0] + "+editable.0123456789ab"  # the analysis edited since
    monkeypatch.setattr(resume, "recorded_kinemotion_version", lambda: edited)
    monkeypatch.setattr(cached_tracks, "recorded_kinemotion_version", lambda: edited)
    monkeypatch.delenv("KINEMOTION_BENCH_ANY_SOURCE", raising=False)
    result, why = cached_tracks.current_tracking(cached, clip, cmj_backend)
    assert result is None and "releases installed now" in why
    monkeypatch.setenv("KINEMOTION_BENCH_ANY_SOURCE", "1")
    result, why = cached_tracks.current_tracking(cached, clip, cmj_backend)
    assert result is not None and why == ""
    result, why = cached_tracks.current_tracking(cached, other, cmj_backend)
    assert result is None and "another file" in why
    monkeypatch.setattr(cached_tracks, "recorded_kinemotion_version", lambda: "9.9.9+editable.0123456789ab")
    monkeypatch.setattr(resume, "recorded_kinemotion_version", lambda: "9.9.9+editable.0123456789ab")
    assert cached_tracks.current_tracking(cached, clip, cmj_backend)[0] is None  # another release: never
