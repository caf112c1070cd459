"""Every developer task is a nox session: ``nox -l`` lists them.

The README's test command is ``nox -s lint typecheck api docs tests build``; CI
runs exactly that through ``.ci/run``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
PACKAGES = ("-e", "kinemotion-core", "-e", "kinemotion-mediapipe", "-e", "kinemotion-rtmpose[cpu,openvino]")
PYTHON = os.environ.get("KINEMOTION_NOX_PYTHON", "3.11")

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "api", "docs", "tests", "build"]
nox.options.reuse_existing_virtualenvs = True


def _install_project(session: nox.Session, *extra: str) -> None:
    session.install(*CONSTRAINTS, *PACKAGES, *extra)
    _one_opencv(session)


def _one_opencv(session: nox.Session, *python: str) -> None:
    """Make `cv2` whole again after installing both OpenCV wheels.

    The core needs opencv-python-headless, mediapipe pulls opencv-contrib-python;
    both write the same `cv2/` folder, and a parallel installer (uv) can leave a
    mix of the two. Reinstalling the contrib build (a superset, same version
    through constraints.txt) leaves one consistent copy.
    """
    if python:  # another environment (the build session's fresh venv), always through uv
        session.run("uv", "pip", "install", *python, "--reinstall", "--no-deps", *CONSTRAINTS, "opencv-contrib-python")
        return
    reinstall = "--reinstall" if session.venv_backend == "uv" else "--force-reinstall"
    session.install(reinstall, "--no-deps", *CONSTRAINTS, "opencv-contrib-python")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (real models and footage included) on all three distributions."""
    # hatchling builds the past plugins' wheels (tests/past_plugins), as their own build backend;
    # griffe runs the API check under test (tests/core/test_api_check.py); selenium drives the report's browser.
    # mypy type-checks the user guide's snippets strictly, as a user's script (tests/integration/test_doc_snippets.py).
    # pip: the test assets' offline fetch (`pip download`) is run for real against a dead index
    # (tests/core/test_test_assets.py); uv's environments come without it.
    # pyyaml reads CITATION.cff (tests/test_citation.py).
    extra = ("hatchling", "griffe", "selenium", "pip", "pyyaml")
    _install_project(session, "pytest", "onnx", "jsonschema", "matplotlib", "imageio-ffmpeg", "ray", "mypy", *extra)
    # rtmlib is the reference our RTMPose pipeline is compared with. Installed
    # without its dependencies: it pins opencv-python and CPU onnxruntime.
    session.install(*CONSTRAINTS, "--no-deps", "rtmlib")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install(*CONSTRAINTS, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy: strict on the core, typed defs on the plugins."""
    _install_project(session, "mypy", "pytest", "types-tqdm", "onnx")
    session.run("mypy", "kinemotion-core/src", "kinemotion-mediapipe/src", "kinemotion-rtmpose/src")


@nox.session(python=PYTHON)
def api(session: nox.Session) -> None:
    """The public API against the last release (api/baseline): griffe on the Python names, the CLI, the schemas.

    ``nox -s api -- --against HEAD`` compares uncommitted work with the last
    commit; ``nox -s api -- --record`` makes HEAD the baseline (at a release).
    """
    session.install(*CONSTRAINTS, "-e", "kinemotion-core", "griffe")
    session.run("python", "api/check.py", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """The documentation site (MkDocs + mkdocstrings), strict: any warning fails. Output in site/."""
    session.install(*CONSTRAINTS, "-e", "kinemotion-core", "mkdocs", "mkdocs-material", "mkdocstrings-python")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build the three wheels, install them published-style in a fresh venv, smoke-test.

    ``pip install --find-links dist "kinemotion[...]>=1.0.0.dev0"`` resolves the core
    and the plugins from the built wheels (never the index's 0.x ``kinemotion``);
    then ``kinemotion backends`` runs from there, and the example third-party
    plugin is installed and uninstalled to show discovery follows the environment.
    """
    session.install("build", "uv")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    for folder in ("kinemotion-core", "kinemotion-mediapipe", "kinemotion-rtmpose"):
        session.run("uv", "build", "--wheel", "--out-dir", str(dist), folder)
    venv = Path(session.create_tmp()) / "fresh"
    shutil.rmtree(venv, ignore_errors=True)
    session.run("uv", "venv", "--python", PYTHON, str(venv))
    py = str(venv / "bin" / "python")
    # The wheels keep one version while the code changes: never take them from uv's cache.
    fresh = [f"--refresh-package={name}" for name in ("kinemotion", "kinemotion-mediapipe", "kinemotion-rtmpose")]
    pip = ("uv", "pip", "install", "--python", py, *fresh, *CONSTRAINTS, "--find-links", str(dist))
    session.run(*pip, "kinemotion[all]>=1.0.0.dev0")
    _one_opencv(session, "--python", py)
    check = (
        "import importlib.metadata as m;"
        "v={d: m.version(d) for d in ('kinemotion','kinemotion-mediapipe','kinemotion-rtmpose')};"
        "print(v); assert all(x=='1.0.0.dev0' for x in v.values()), v;"
        "assert 'onnxruntime-gpu' not in {d.metadata['Name'] for d in m.distributions()};"
        "cv={d.metadata['Name']: d.version for d in m.distributions() if d.metadata['Name'].startswith('opencv')};"
        "print(cv); assert len(set(cv.values())) == 1, f'several OpenCV versions in one cv2 folder: {cv}'"
    )
    session.run(py, "-c", check, external=True)
    kinemotion = str(venv / "bin" / "kinemotion")
    listing = session.run(kinemotion, "backends", silent=True, external=True)
    session.log(listing)
    assert listing and "lite model bundled" in listing, "the mediapipe wheel does not carry its lite model"
    session.run("uv", "pip", "install", "--python", py, "./examples/kinemotion-example-hog")
    out = session.run(kinemotion, "backends", "--json", silent=True, external=True)
    assert out and '"example-hog"' in out, "example plugin not discovered after install"
    session.run("uv", "pip", "uninstall", "--python", py, "kinemotion-example-hog")
    out = session.run(kinemotion, "backends", "--json", silent=True, external=True)
    assert out and '"example-hog"' not in out, "example plugin still listed after uninstall"
    session.log("published-style install OK: wheels in %s", dist)


MUTATED = (
    "kinemotion/keypoints.py",
    "kinemotion/pose/person.py",
    "kinemotion/jump/events.py",
    "kinemotion/jump/cmj.py",
    "kinemotion/jump/dropjump.py",
    "kinemotion/jump/result.py",
    "kinemotion/jump/hip_timing.py",
    "kinemotion/jump/ballistic.py",
    "kinemotion/jump/apex.py",
    "kinemotion/jump/signals.py",
    "kinemotion/tracking/files.py",
    "kinemotion/tracking/atomic.py",
    "kinemotion_rtmpose/simcc.py",
)
"""Modules where a one-character bug changes results: landmark maps, person choice, jump events and
metrics, the hips' bracket, the ballistic checks, the events placed from the hips' apex, the jump signals,
outputs, atomic writes, SimCC decoding."""

MUTATION_TESTS = (
    "tests/core/test_keypoints.py",
    "tests/core/test_person.py",
    "tests/core/test_outputs.py",
    "tests/core/test_atomic.py",
    "tests/jump/test_synthetic_accuracy.py",
    "tests/jump/test_forceplate.py",
    "tests/jump/test_event_precision.py",
    "tests/jump/test_event_primitives.py",
    "tests/jump/test_refusals_and_metrics.py",
    "tests/jump/test_sets_and_camera.py",
    "tests/jump/test_quality_flags.py",
    "tests/jump/test_pipeline.py",
    "tests/jump/test_hip_bracket.py",
    "tests/jump/test_steps_and_short_hops.py",
    "tests/jump/test_travel.py",
    # the synthetic tests of turning; its real-footage tests track two clips on two backends in every mutant's run
    "tests/jump/test_turning.py::test_a_hop_that_lands_turned_is_a_pivot_not_a_jump",
    "tests/jump/test_turning.py::test_a_long_flight_is_judged_by_its_parabola_even_when_the_body_turns",
    "tests/jump/test_turning.py::test_without_the_shoulders_in_view_the_turn_is_not_judged",
    "tests/jump/test_turning.py::test_a_short_rebound_that_lands_turned_is_no_rebound_but_one_that_lands_square_is_measured",
    "tests/jump/test_turning.py::test_turning_while_stepping_off_the_box_changes_nothing",
    "tests/jump/test_upright_size.py",
    "tests/jump/test_drop_refusals.py",
    "tests/jump/test_late_start.py",
    "tests/jump/test_squat_from_hold.py",
    "tests/jump/test_uncertainty.py",
    "tests/jump/test_rsi_and_asymmetry.py",
    "tests/jump/test_backend_timing_bias.py",
    "tests/jump/test_analyses.py",
    "tests/jump/test_ground_shift.py",
    "tests/jump/test_stand_up_with_the_feet_seen_off.py",
    "tests/jump/test_unknown_start.py",
    "tests/jump/test_apex_gaps.py",
    "tests/jump/test_hand_over_the_feet_at_landing.py",
    # the synthetic tests of the hidden foot; its real-footage test tracks a clip on three backends
    "tests/jump/test_hidden_foot.py::test_a_step_towards_the_camera_with_narrow_feet_is_still_a_step",
    "tests/jump/test_hidden_foot.py::test_the_same_step_seen_side_on_is_not_judged_as_the_hidden_foot_it_may_be",
    "tests/jump/test_hidden_foot.py::test_feet_that_look_level_only_on_some_samples_are_not_one_behind_the_other",
    "tests/jump/test_hidden_foot.py::test_a_hidden_foot_seen_leaving_early_or_landing_late_is_not_judged_but_a_foot_a_step_ahead_is",
    "tests/jump/test_hidden_foot.py::test_a_step_seen_from_the_side_is_judged_when_its_feet_are_apart_at_either_edge",
    "tests/integration/test_person_option.py",
    "tests/integration/test_reliability.py::test_json_and_csv_are_committed_together",
    "tests/integration/test_reliability.py::test_a_planted_symlink_at_a_temporary_name_is_never_followed",
    "tests/rtmpose/test_decode.py",
)


@nox.session(python=PYTHON)
def mutation(session: nox.Session) -> None:
    """Mutation testing with mutmut on the modules in MUTATED, against MUTATION_TESTS (slow: not in CI).

    mutmut expects the code under ``src/`` of its working folder, so ``.mutation/src`` holds links to
    the two packages mutated. ``nox -s mutation -- results`` lists every mutant's fate afterwards;
    ``nox -s mutation -- run "kinemotion.jump.events*"`` runs some only.
    """
    _install_project(session, "pytest", "onnx", "jsonschema", "matplotlib", "imageio-ffmpeg", "mutmut>=3.8")
    work = ROOT / ".mutation"
    src = work / "src"
    src.mkdir(parents=True, exist_ok=True)
    links = {
        src / "kinemotion": ROOT / "kinemotion-core" / "src" / "kinemotion",
        src / "kinemotion_rtmpose": ROOT / "kinemotion-rtmpose" / "src" / "kinemotion_rtmpose",
        work / "tests": ROOT / "tests",  # copied by mutmut beside the mutants: test ids stay relative
    }
    for link, target in links.items():
        if not link.exists():
            link.symlink_to(target, target_is_directory=True)
    tests = "\n".join(f"    {t}" for t in MUTATION_TESTS)
    mutate = "\n".join(f"    src/{m}" for m in MUTATED)
    (work / "setup.cfg").write_text(
        "[mutmut]\nsource_paths=\n    src/kinemotion\n    src/kinemotion_rtmpose\n"
        f"only_mutate=\n{mutate}\npytest_add_cli_args_test_selection=\n{tests}\n"
        "pytest_add_cli_args=\n    -p\n    no:cacheprovider\n"
        # ONNX Runtime and OpenCV thread pools are not fork-safe: fork workers from a clean server
        "process_isolation=forkserver\n"
        # a mutant is a timeout past 15 x its tests' clean time (mutmut's default): at 5 x, a machine shared with
        # other work (2 cores, load 15) timed out 10 % of the mutants, which killed them in no test
        "timeout_multiplier=15\n",
        encoding="utf-8",
    )
    env = {"KINEMOTION_TEST_ASSETS": str(ROOT.parent / "shared" / "assets")}
    with session.chdir(work):
        session.run("mutmut", *(session.posargs or ["run"]), env=env)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks on backflip-demo.mp4: `kinemotion bench`, the head-to-head comparison, track at 720p, batches,
    and the session report of 100 videos x 3 jumps rendered in headless Chromium.

    Models and footage come from ``../shared/assets`` (or ``KINEMOTION_MODEL_DIR`` /
    the video path given after ``--``). Numbers are ratios measured in one run.
    """
    _install_project(session)
    session.install(*CONSTRAINTS, "--no-deps", "rtmlib")
    shared = ROOT.parent / "shared" / "assets"
    video = session.posargs[0] if session.posargs else str(shared / "video" / "backflip-demo.mp4")
    env = {"KINEMOTION_MODEL_DIR": os.environ.get("KINEMOTION_MODEL_DIR", str(shared / "models"))}
    session.run("kinemotion", "bench", video, "--start", "90", "--frames", "120", "--stages", env=env)
    session.run("python", "benchmarks/compare.py", video, env=env)
    session.install(*CONSTRAINTS, "imageio-ffmpeg", "ray")
    session.run("python", "benchmarks/track_720p.py", video, env=env)
    session.run("python", "benchmarks/batch_throughput.py", video, env=env)
    session.run("python", "benchmarks/batch_throughput.py", video, "--size", "1280x720", env=env)
    session.run("python", "benchmarks/batch_stages.py", video, env=env)
    session.run("python", "benchmarks/batch_stages.py", video, "--size", "1280x720", env=env)
    session.run("python", "benchmarks/fingerprint_memo.py", env=env)
    # needs Chromium and chromedriver (apt: chromium chromium-driver)
    session.install(*CONSTRAINTS, "selenium", "pytest")
    session.run("python", "benchmarks/report_render.py", env=env)


@nox.session(python=PYTHON)
def bench_batch(session: nox.Session) -> None:
    """Short clips against one long video, one command: frames/s of `kinemotion track` on 20 clips of 2 s (720p,
    cut from the demo) and on one video of the same 1200 frames, with rtmpose-cpu and mediapipe, -j 1, -j 2 and
    Ray, interleaved over 3 rounds (benchmarks/batch_throughput.py); then an all-skipped re-run with auto
    against a named backend (benchmarks/resume_skipped.py). Arguments after ``--`` replace the first's options
    (e.g. ``nox -s bench_batch -- --rounds 5 --no-ray -b rtmpose-openvino``). Not part of the test command."""
    _install_project(session, "imageio-ffmpeg", "ray")
    shared = ROOT.parent / "shared" / "assets"
    video = str(shared / "video" / "backflip-demo.mp4")
    env = {"KINEMOTION_MODEL_DIR": os.environ.get("KINEMOTION_MODEL_DIR", str(shared / "models"))}
    clips = ["--videos", "20", "--frames", "60", "--size", "1280x720", "--no-startup"]
    options = session.posargs or ["--rounds", "3", "--jobs", "1,2", "-b", "rtmpose-cpu", "-b", "mediapipe"]
    session.run("python", "benchmarks/batch_throughput.py", video, *clips, *options, env=env)
    session.run("python", "benchmarks/resume_skipped.py", video, env=env)


@nox.session(python=False)
def gpu_check(session: nox.Session) -> None:
    """On an NVIDIA machine: benchmarks/gpu_check.sh (its own venv with kinemotion[rtmpose-cuda]; see docs/gpu.md).

    ``nox -s gpu_check -- RESULTS`` writes RESULTS/gpu-check.json and the log; not part of the test command.
    """
    session.run("bash", "benchmarks/gpu_check.sh", *session.posargs, external=True)
