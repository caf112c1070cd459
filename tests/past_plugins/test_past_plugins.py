"""Plugins written against earlier forms of the contract still install, list, track and conform, unchanged.

The distributions beside this file are built with their own build backend and
installed into a folder put on ``PYTHONPATH``; each is then run as a user and
its author would: ``kinemotion backends``, ``kinemotion track``, ``kinemotion
bench`` and the author's own conformance test file (with kinemotion's shipped
fixtures, from a folder outside this repository).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.assets import RTMPOSE_S, SHARED, asset
from tests.cli import run_kinemotion
from tests.past_plugins.install import PAST_PLUGINS, install_all

pytestmark = pytest.mark.models

BACKENDS = {
    "kinemotion-past-plain": "past-plain",
    "kinemotion-past-rtmlib": "past-rtmlib",
    "kinemotion-past-class-attributes": "past-class-attributes",
    "kinemotion-past-properties": "past-properties",
    "kinemotion-past-declared": "past-declared",
    "kinemotion-past-reset": "past-reset",
    "kinemotion-past-bias": "past-bias",
    "kinemotion-past-streams": "past-streams",
}
"""Each past plugin's distribution -> the backend it registers."""

PROVIDERS = {
    "past-plain": None,
    "past-rtmlib": "CPUExecutionProvider",
    "past-class-attributes": "OpenCV HOG (CPU)",
    "past-properties": "OpenCV HOG (CPU)",
    "past-declared": "OpenCV HOG (CPU)",
    "past-reset": "OpenCV HOG (CPU)",
    "past-bias": None,
    "past-streams": "OpenCV HOG (CPU, shared)",
}
"""What each tracker says runs its model (instance attribute, class attribute, property; none)."""

FOOT_TIMING_BIAS = {"past-bias": [0.02, -0.01], "past-streams": [0.015, -0.005]}
"""The foot timing bias each tracker declares (contract 1.3), recorded with its landmarks; none for the others."""


def test_every_folder_is_named_here() -> None:
    """A past plugin added to the folder is run by every test below."""
    assert sorted(BACKENDS) == [p.name for p in PAST_PLUGINS]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding every past plugin, installed from the wheel its backend built."""
    root = tmp_path_factory.mktemp("past-plugins")
    install_all(root / "site", root / "wheels")
    return root / "site"


@pytest.fixture(scope="module")
def env(site: Path) -> dict[str, str]:
    """The environment of a user who installed the past plugins, with the real models at hand offline."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "KINEMOTION_MODEL_DIR": str(asset(RTMPOSE_S).parent),
        "KINEMOTION_OFFLINE": "1",
        "KINEMOTION_TEST_ASSETS": str(SHARED),
    }


@pytest.fixture(scope="module")
def person_clip(tmp_path_factory: pytest.TempPathFactory, demo_video: Path) -> Path:
    """Eight frames of the demo around the athlete standing on the box (the ``person_frame`` crop)."""
    import cv2

    from kinemotion.testing.pytest_plugin import PERSON_CROP
    from kinemotion.tracking.decode import VideoReader

    out = tmp_path_factory.mktemp("clip") / "athlete.mp4"
    with VideoReader(demo_video) as reader:
        frames = [frame.image[PERSON_CROP] for frame in reader.frames(36, 8)]
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), 30, (width, height))
    for image in frames:
        writer.write(image)
    writer.release()
    return out


def test_backends_lists_every_past_plugin_available(env: dict[str, str]) -> None:
    done = run_kinemotion("backends", "--json", env=env)
    assert done.returncode == 0, done.stderr
    listed = {b["name"]: b for b in json.loads(done.stdout)["backends"]}
    for dist, name in BACKENDS.items():
        assert name in listed, f"{name} from {dist} not listed: {sorted(listed)}"
        info = listed[name]
        assert info["distribution"] == dist
        assert info["available"], f"{name}: {info['reason']}"
    assert listed["past-class-attributes"]["modes"] == ["lightweight", "balanced"]  # a list of modes
    assert listed["past-class-attributes"]["reason"] == "ready"  # Availability.yes() with its default


@pytest.mark.parametrize("dist", sorted(BACKENDS))
def test_track_runs_on_each_past_plugin(dist: str, env: dict[str, str], person_clip: Path, tmp_path: Path) -> None:
    backend = BACKENDS[dist]
    out = tmp_path / "out.json"
    done = run_kinemotion("track", str(person_clip), "-b", backend, "-o", str(out), "-q", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(out.read_text())
    assert data["backend"]["name"] == backend
    assert data["backend"]["foot_timing_bias_s"] == FOOT_TIMING_BIAS.get(backend)
    assert data["backend"]["distribution"] == dist
    assert data["backend"]["provider"] == PROVIDERS[backend]
    found = [f for f in data["frames"] if f["landmarks"] is not None]
    assert len(found) >= 6, f"{backend} found the athlete on {len(found)} of 8 frames"
    assert (tmp_path / "out.csv").is_file()


@pytest.mark.parametrize("backend", ["past-rtmlib", "past-class-attributes", "past-properties", "past-declared"])
def test_bench_reads_model_time_in_every_form(backend: str, env: dict[str, str], person_clip: Path) -> None:
    """model_time_s assigned and added to per frame, a class attribute added to, a property: bench reports each."""
    done = run_kinemotion("bench", str(person_clip), "-b", backend, "--frames", "6", "--json", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    # rtmlib prints "load MODEL with onnxruntime backend" on stdout before the report
    (row,) = json.loads(done.stdout[done.stdout.index("{\n") :])["results"]
    assert row["backend"] == backend
    assert row["model_ms"] is not None and row["model_ms"] > 0, row


@pytest.mark.parametrize("dist", sorted(BACKENDS))
def test_each_past_plugin_passes_its_authors_conformance_test(
    dist: str, env: dict[str, str], site: Path, tmp_path: Path
) -> None:
    """The author's own test file, unchanged, in a folder of its own (no conftest), against the installed wheel."""
    test_file = tmp_path / "test_conformance.py"
    shutil.copy(Path(__file__).parent / dist / "tests" / "test_conformance.py", test_file)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    imported = subprocess.run(
        [sys.executable, "-c", f"import {dist.replace('-', '_')} as m; print(m.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.startswith(str(site)), "the plugin must come from the installed wheel"


def test_the_rtmlib_plugins_wrong_name_variant_is_reported_by_name(
    site: Path, env: dict[str, str], person_frame: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same installed plugin with one keypoint misnamed: the kit names it, and the rule it breaks."""
    from kinemotion.testing import SideEffectWarning, check_plugin

    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", env["KINEMOTION_MODEL_DIR"])
    try:
        import kinemotion_past_rtmlib as plugin

        misnamed = tuple("left_big_toe" if n == "left_foot_index" else n for n in plugin.HALPE26)
        monkeypatch.setattr(plugin, "HALPE26", misnamed)
        # rtmlib prints as it loads its models: the kit says so (a warning, not a failure)
        with pytest.warns(SideEffectWarning, match="printed to standard output"):
            failures = check_plugin(plugin.RtmlibPlugin(), person_frame=person_frame).failures
    finally:
        sys.modules.pop("kinemotion_past_rtmlib", None)
    label = "landmarks on person_frame (timestamp 0 repeated, then increasing)"
    rule = "[contract rule tracker.landmarks, since 1.0]"
    assert failures == [
        f"{label}: names outside the canonical vocabulary: ['left_big_toe'] {rule}",
        f"{label}: required landmarks missing: ['left_foot_index'] {rule}",
    ]


def test_a_batch_creates_a_tracker_per_video_for_a_plugin_without_reset(
    env: dict[str, str], person_clip: Path, tmp_path: Path
) -> None:
    """Contract 1.2 batches keep a tracker and reset it; a 1.x plugin without reset() gets a new one per video."""
    clips = [tmp_path / "a.mp4", tmp_path / "b.mp4"]
    for clip in clips:
        shutil.copy(person_clip, clip)
    out = tmp_path / "out"
    done = run_kinemotion("track", *map(str, clips), "-b", "past-declared", "-o", str(out), "-j", "1", "-q", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    alone = tmp_path / "alone.json"
    single = run_kinemotion("track", str(clips[0]), "-b", "past-declared", "-o", str(alone), "-q", env=env)
    assert single.returncode == 0, single.stderr
    frames = [json.loads(p.read_text())["frames"] for p in sorted(out.rglob("*.json"))]
    assert len(frames) == 2
    assert frames[0] == frames[1] == json.loads(alone.read_text())["frames"]


def test_a_batch_keeps_one_tracker_and_resets_it_for_a_contract_1_2_plugin(
    env: dict[str, str], person_clip: Path, tmp_path: Path
) -> None:
    """A plugin written for 1.2 with reset(): one tracker for the batch, reset before each later video, and
    each video's landmarks are those it gives tracked alone (the promise reset() makes)."""
    clips = [tmp_path / "a.mp4", tmp_path / "b.mp4", tmp_path / "c.mp4"]
    for clip in clips:
        shutil.copy(person_clip, clip)
    log = tmp_path / "tracker.log"
    logged = {**env, "PAST_RESET_LOG": str(log)}
    out = tmp_path / "out"
    done = run_kinemotion("track", *map(str, clips), "-b", "past-reset", "-o", str(out), "-j", "1", "-q", env=logged)
    assert done.returncode == 0, done.stdout + done.stderr
    assert log.read_text().split() == ["create", "reset", "reset"]
    alone = tmp_path / "alone.json"
    single = run_kinemotion("track", str(clips[2]), "-b", "past-reset", "-o", str(alone), "-q", env=env)
    assert single.returncode == 0, single.stderr
    frames = [json.loads(p.read_text())["frames"] for p in sorted(out.rglob("*.json"))]
    assert len(frames) == 3
    assert frames[0] == frames[1] == frames[2] == json.loads(alone.read_text())["frames"]


def test_a_contract_1_4_plugin_tracks_a_batch_in_threads_sharing_its_models(
    env: dict[str, str], person_clip: Path, tmp_path: Path
) -> None:
    """A plugin written for 1.4 with shares_models and streams(): `track -j 2` runs its videos in two threads of
    one process on the tracker's detector, and each video's landmarks are those it gives tracked alone."""
    clips = [tmp_path / "a.mp4", tmp_path / "b.mp4", tmp_path / "c.mp4"]
    for clip in clips:
        shutil.copy(person_clip, clip)
    out = tmp_path / "out"
    done = run_kinemotion("-v", "track", *map(str, clips), "-b", "past-streams", "-o", str(out), "-j", "2", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "past-streams batches the model calls of several videos: 2 threads share one tracker's models" in (
        done.stderr
    ), done.stderr
    alone = tmp_path / "alone.json"
    single = run_kinemotion("track", str(clips[1]), "-b", "past-streams", "-o", str(alone), "-q", env=env)
    assert single.returncode == 0, single.stderr
    frames = [json.loads(p.read_text())["frames"] for p in sorted(out.rglob("*.json"))]
    assert len(frames) == 3
    assert frames[0] == frames[1] == frames[2] == json.loads(alone.read_text())["frames"]
