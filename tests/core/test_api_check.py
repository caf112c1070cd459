"""``nox -s api``: a break of the public API fails naming the symbol and the rule, unless deprecated or a new major.

Each test commits a copy of the core in a fresh git repository (the baseline),
changes the working tree as a pull request would, and runs ``api/check.py`` on it.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRACKING_SCHEMA = "kinemotion-core/src/kinemotion/schemas/tracking.schema.json"
CONTRACT = "kinemotion-core/src/kinemotion/pose/contract.py"


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("api_check", ROOT / "api" / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["api_check"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose one commit (the baseline) holds this checkout's core; api/baseline names it."""
    shutil.copytree(
        ROOT / "kinemotion-core", tmp_path / "kinemotion-core", ignore=shutil.ignore_patterns("__pycache__")
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "release")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "baseline").write_text("# the release\n" + _git(tmp_path, "rev-parse", "HEAD"))
    return tmp_path


def _edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text()
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new))


def _break_three_things(repo: Path) -> None:
    """Rename a contract function, drop a CLI option name, and stop promising an output field."""
    _edit(repo, CONTRACT, "def as_bgr_frame(", "def to_bgr_frame(")
    _edit(repo, CONTRACT, '"as_bgr_frame",', '"to_bgr_frame",')
    _edit(repo, "kinemotion-core/src/kinemotion/pose/__init__.py", "as_bgr_frame,", "to_bgr_frame,")
    _edit(repo, "kinemotion-core/src/kinemotion/pose/__init__.py", '"as_bgr_frame",', '"to_bgr_frame",')
    _edit(repo, "kinemotion-core/src/kinemotion/cli/_options.py", '"--force"', '"--overwrite"')
    _edit(repo, TRACKING_SCHEMA, '"frames_with_pose", "frames"]', '"frames"]')


def test_an_unchanged_api_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _checker().run(None, repo) == 0
    assert "public API: no break against" in capsys.readouterr().out


def test_a_break_fails_naming_the_symbol_and_the_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break_three_things(repo)
    assert _checker().run(None, repo) == 1
    err = capsys.readouterr().err
    assert "kinemotion.pose.contract.as_bgr_frame: public name removed -- breaks the public-API rule" in err
    assert "cli: kinemotion track --force: option removed -- breaks the public-API rule" in err
    assert "schema: tracking.schema.json /properties/frames_with_pose: no longer required" in err
    assert "recorded in kinemotion.deprecation.DEPRECATIONS" in err
    assert err.count("breaks the public-API rule") >= 3


def test_a_removed_parameter_is_found_by_griffe(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    testing = "kinemotion-core/src/kinemotion/testing/__init__.py"
    _edit(repo, testing, "def empty_frame(height: int = 480, width: int = 640)", "def empty_frame(height: int = 480)")
    _edit(repo, testing, "np.full((height, width, 3)", "np.full((height, height * 4 // 3, 3)")
    assert _checker().run(None, repo) == 1
    err = capsys.readouterr().err
    assert "kinemotion.testing.empty_frame(width): parameter was removed" in err


def test_a_break_in_the_python_guide_s_modules_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What a sports scientist's script calls (``kinemotion.jump``, ``kinemotion.tracking``): a keyword removed
    and a function renamed are breaks (the check once covered only the plugin-facing modules)."""
    report = "kinemotion-core/src/kinemotion/jump/report.py"
    _edit(repo, report, "    progress: bool | None = None,\n) -> JumpReport", ") -> JumpReport")  # and its overloads
    files = "kinemotion-core/src/kinemotion/tracking/files.py"
    _edit(repo, files, "def read_json(path", "def load_json(path")
    _edit(repo, files, '"read_json",', '"load_json",')
    tracking = "kinemotion-core/src/kinemotion/tracking/__init__.py"
    _edit(repo, tracking, "read_json,", "load_json,")
    _edit(repo, tracking, '"read_json",', '"load_json",')
    assert _checker().run(None, repo) == 1
    err = capsys.readouterr().err
    assert "kinemotion.jump.analyze_video(progress): parameter was removed" in err
    assert "kinemotion.tracking.read_json: public name removed" in err


OVERLOADED_CMJ = """def analyze_video(
    path: str | Path,
    kind: Literal["cmj"],
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    athlete_height_m: float | None = None,
    capture_fps: float | None = None,
    progress: bool | None = None,
) -> JumpReport[CMJResult]: ..."""


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        (
            "    progress: bool | None = None,\n) -> JumpReport[CMJResult]",
            ") -> JumpReport[CMJResult]",
            "(progress): parameter was removed",
        ),
        (
            "    progress: bool | None = None,\n) -> JumpReport[CMJResult]",
            "    show: bool | None = None,\n) -> JumpReport[CMJResult]",
            "(progress): parameter was removed",
        ),
        (
            "    capture_fps: float | None = None,\n    progress",
            "    capture_fps: float,\n    progress",
            "(capture_fps): parameter is now required",
        ),
    ],
    ids=["removed", "renamed", "made-required"],
)
def test_a_break_in_one_overload_fails_though_the_implementation_keeps_it(
    repo: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, change: str
) -> None:
    """``analyze_video(path, "cmj", progress=False)`` is typed by its ``Literal["cmj"]`` overload: a keyword gone
    from that overload alone fails a type check of the caller's script (griffe compares the implementation only)."""
    report = "kinemotion-core/src/kinemotion/jump/report.py"
    _edit(repo, report, OVERLOADED_CMJ, OVERLOADED_CMJ.replace(old, new))
    assert _checker().run(None, repo) == 1
    err = capsys.readouterr().err
    assert f"kinemotion.jump.analyze_video[overload 1 of 3]{change}" in err


def test_an_added_overload_or_defaulted_keyword_in_one_is_not_a_break(repo: Path) -> None:
    report = "kinemotion-core/src/kinemotion/jump/report.py"
    added = OVERLOADED_CMJ.replace(
        "    progress: bool | None = None,\n", "    progress: bool | None = None,\n    quiet: bool = False,\n"
    )
    _edit(
        repo,
        report,
        OVERLOADED_CMJ,
        "@overload\n" + OVERLOADED_CMJ.replace('Literal["cmj"]', 'Literal["sj"]') + "\n" + added,
    )
    assert _checker().run(None, repo) == 0


def test_a_break_deprecated_in_the_baseline_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Deprecated (recorded and warning) in the release compared with: its removal is allowed."""
    records = [
        ("kinemotion.pose.contract.as_bgr_frame", "use to_bgr_frame"),
        *((f"cli: kinemotion {command} --force", "use --overwrite") for command in ("track", "cmj", "dropjump")),
        ("schema: tracking.schema.json /properties/frames_with_pose", "count the frames"),
    ]
    table = "".join(f"    Deprecation({name!r}, '1.1.0', '1.2.0', {use!r}),\n" for name, use in records)
    _edit(
        repo,
        "kinemotion-core/src/kinemotion/deprecation.py",
        "DEPRECATIONS: tuple[Deprecation, ...] = ()",
        f"DEPRECATIONS: tuple[Deprecation, ...] = (\n{table})",
    )
    _git(repo, "commit", "-qam", "deprecate: the release that warns")
    (repo / "api" / "baseline").write_text(_git(repo, "rev-parse", "HEAD"))
    _break_three_things(repo)
    assert _checker().run(None, repo) == 0
    out = capsys.readouterr().out
    assert "removal allowed: kinemotion.pose.contract.as_bgr_frame: public name removed" in out
    assert "removal allowed: cli: kinemotion cmj --force" in out


def test_a_break_recorded_only_now_still_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Deprecating and removing in the same change skips the minor release that warns: refused."""
    _edit(
        repo,
        "kinemotion-core/src/kinemotion/deprecation.py",
        "DEPRECATIONS: tuple[Deprecation, ...] = ()",
        "DEPRECATIONS: tuple[Deprecation, ...] = "
        '(Deprecation("kinemotion.pose.contract.as_bgr_frame", "1", "2", "x"),)',
    )
    _break_three_things(repo)
    assert _checker().run(None, repo) == 1
    assert "kinemotion.pose.contract.as_bgr_frame: public name removed" in capsys.readouterr().err


def test_a_new_major_version_allows_breaks(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break_three_things(repo)
    _edit(repo, "kinemotion-core/pyproject.toml", 'version = "1.', 'version = "2.')
    assert _checker().run(None, repo) == 0
    assert "breaks allowed by the new major version 2 (was 1)" in capsys.readouterr().out


def test_additions_are_not_breaks(repo: Path) -> None:
    _edit(repo, CONTRACT, '"as_bgr_frame",', '"as_bgr_frame",\n    "brand_new",')
    (repo / CONTRACT).write_text((repo / CONTRACT).read_text() + "\n\ndef brand_new() -> None:\n    pass\n")
    assert _checker().run(None, repo) == 0


def test_the_committed_baseline_is_in_this_clone_and_the_api_holds() -> None:
    """What the test command runs: this checkout against api/baseline."""
    checker = _checker()
    assert checker.run(None, ROOT) == 0


def test_a_recorded_cli_snapshot_of_the_baseline_is_what_the_cli_is_compared_with(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--record`` keeps the baseline's command line in api/cli.json; an option it lists must still exist."""
    import json

    checker = _checker()
    commands = checker.cli_of(repo / "kinemotion-core" / "src")
    commands["kinemotion track"]["legacy"] = {**commands["kinemotion track"]["force"], "name": "legacy"}
    commands["kinemotion track"]["legacy"]["opts"] = ["--legacy"]
    head = _git(repo, "rev-parse", "HEAD").strip()
    (repo / "api" / "cli.json").write_text(json.dumps({"baseline": head, "commands": commands}))
    assert checker.run(None, repo) == 1
    assert "cli: kinemotion track --legacy: option removed" in capsys.readouterr().err
    (repo / "api" / "cli.json").write_text(json.dumps({"baseline": "0" * 40, "commands": commands}))
    assert checker.run(None, repo) == 0  # a snapshot of another commit is not used: dumped from the sources


def test_an_option_that_takes_more_values_is_not_a_break_and_one_that_takes_fewer_is() -> None:
    checker = _checker()
    option = {"name": "jobs", "opts": ["--jobs", "-j"], "kind": "option", "choices": None}
    option |= {"required": False, "multiple": False, "nargs": 1, "flag": False}
    as_int, as_text = {**option, "type": "integer"}, {**option, "type": "text"}
    widened = checker.cli_breaks({"kinemotion track": {"jobs": as_int}}, {"kinemotion track": {"jobs": as_text}})
    assert widened == []
    (narrowed,) = checker.cli_breaks({"kinemotion track": {"jobs": as_text}}, {"kinemotion track": {"jobs": as_int}})
    assert narrowed.message().startswith("cli: kinemotion track --jobs/-j: type changed: text -> integer -- breaks")
