"""One version lookup (kinemotion.versions) for what outputs record and what a resumed batch compares."""

from __future__ import annotations

import importlib.metadata
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.version import Version

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.versions import (
    SOURCE_TREE_VERSION,
    installed_version,
    kinemotion_version,
    recorded_kinemotion_version,
    recorded_version,
    source_stamp,
)
from tests.core.fakes import FakePlugin
from tests.jump.physics_backend import blank_video


@pytest.fixture
def fake() -> Iterator[str]:
    kinemotion.register_backend(FakePlugin("zz-fake", priority=-1))
    yield "zz-fake"
    kinemotion.unregister_backend("zz-fake")


def test_the_installed_version_is_the_distributions() -> None:
    assert kinemotion_version() == kinemotion.__version__ == importlib.metadata.version("kinemotion")
    assert installed_version("click") == importlib.metadata.version("click")
    assert installed_version("kinemotion-not-installed") is None


def test_from_a_source_tree_what_an_output_records_is_what_a_rerun_compares(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake: str
) -> None:
    """kinemotion not installed (a source tree; faked: the test's kinemotion is installed): the recorded version
    and the compared one are both the fallback, so a re-run reuses the output."""
    real = importlib.metadata.version

    def not_installed(name: str) -> str:
        if name == "kinemotion":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert kinemotion.__version__ == kinemotion_version() == SOURCE_TREE_VERSION
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    args = ["track", str(video), "-o", str(tmp_path / "v.json"), "-b", fake, "-q"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert f'"kinemotion_version":"{SOURCE_TREE_VERSION}"' in (tmp_path / "v.json").read_text()
    assert "skipped" in CliRunner().invoke(cli, args).output


def _editable(distribution: str) -> bool:
    text = importlib.metadata.distribution(distribution).read_text("direct_url.json")
    return bool(text) and json.loads(text).get("dir_info", {}).get("editable") is True


def test_outputs_record_the_installed_release_with_a_stamp_of_its_source_when_editable() -> None:
    """An editable install (this suite installs kinemotion so) records ``VERSION+editable.<12 hex>``: an edit of
    its code at the same version is another release; an ordinary install records the version as it is."""
    plain = kinemotion.__version__
    recorded = recorded_kinemotion_version()
    if _editable("kinemotion"):
        assert re.fullmatch(re.escape(plain) + r"[+.]editable\.[0-9a-f]{12}", recorded)
        assert Version(recorded).public == Version(plain).public  # still PEP 440
    else:
        assert recorded == plain
    assert recorded_version("click") == importlib.metadata.version("click")  # installed from a wheel
    assert recorded_version("kinemotion-not-installed") is None


def test_the_source_stamp_is_computed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files are read once (every output of a run, every resume check, asks again)."""
    import os

    first = source_stamp("kinemotion")

    def walk(*args: object, **kwargs: object) -> object:
        raise AssertionError("walked the source again")

    monkeypatch.setattr(os, "walk", walk)
    assert source_stamp("kinemotion") == first
    assert recorded_kinemotion_version() == recorded_kinemotion_version()


def test_an_editable_install_whose_code_is_found_outside_its_project_records_no_stamp(tmp_path: Path) -> None:
    """An editable distribution whose module Python imports from elsewhere (shadowed by another copy on
    ``sys.path``): none of its project's files was read, so there is nothing to stamp. Before: the stamp of no
    file at all (``+editable.e3b0c44298fc``, sha256 of nothing), the same whatever the project's code, as if
    it had been read."""
    import hashlib

    from tests.core.distributions import on_sys_path, write_distribution

    site, project = tmp_path / "site", tmp_path / "project"
    (project / "src" / "zz_shadowed").mkdir(parents=True)
    (project / "src" / "zz_shadowed" / "__init__.py").write_text("X = 2\n")
    write_distribution(site, "zz-shadowed", "1.0", {}, {"zz_shadowed": "X = 1\n"})
    (info,) = site.glob("zz_shadowed-1.0.dist-info")
    (info / "direct_url.json").write_text(json.dumps({"url": project.as_uri(), "dir_info": {"editable": True}}))
    with on_sys_path(site):
        assert source_stamp("zz-shadowed") != hashlib.sha256().hexdigest()[:12]
        assert recorded_version("zz-shadowed") == "1.0"


def _wheel_installed(site: Path, script: str, pyc: bytes) -> None:
    """What pip (or uv) leaves of a wheel installed from a file into a virtual environment at ``site``: the
    package's files, the entry-point script it generates in ``bin`` (its first line names that environment's
    interpreter) and the bytecode it compiles, each listed in RECORD, and ``direct_url.json`` naming the wheel."""
    import base64
    import hashlib

    def row(path: str, data: bytes) -> str:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        return f"{path},sha256={digest},{len(data)}"

    files = {
        "zz_built/__init__.py": b"def main():\n    print('hi')\n",
        "zz_built/__pycache__/__init__.cpython-311.pyc": pyc,
        "../../../bin/zz-built": script.encode(),
    }
    info = site / "zz_built-1.0.0.dev0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: zz-built\nVersion: 1.0.0.dev0\n")
    (info / "direct_url.json").write_text(
        json.dumps({"url": "file:///dist/zz_built-1.0.0.dev0-py3-none-any.whl", "archive_info": {}})
    )
    rows = [row(path, data) for path, data in files.items()]
    (info / "RECORD").write_text("\n".join([*rows, "zz_built-1.0.0.dev0.dist-info/RECORD,,"]) + "\n")


def test_one_wheel_installed_into_two_environments_records_the_same_release(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`pip install dist/plugin.whl` in a new virtual environment (or on each node of a Ray cluster): the same
    wheel, the same code, so a resumed batch must reuse what it tracked. pip writes the entry-point script with
    the environment's interpreter in its first line (and may compile bytecode stamped with the install time), and
    lists both in RECORD: the stamp changed with the environment and every output was tracked again."""
    from kinemotion.versions import build_stamp

    stamps = []
    for name in ("one", "two"):
        site = tmp_path / name / "site-packages"
        _wheel_installed(site, f"#!{tmp_path / name}/bin/python\nfrom zz_built import main\nmain()\n", name.encode())
        with monkeypatch.context() as patch:
            patch.syspath_prepend(str(site))
            build_stamp.cache_clear()
            stamps.append(recorded_version("zz-built"))
    build_stamp.cache_clear()
    assert stamps[0] is not None and stamps[0].startswith("1.0.0.dev0+build.")
    assert stamps[0] == stamps[1]


def test_a_runtime_record_changed_by_its_holder_changes_no_other_record_nor_what_resume_compares() -> None:
    """``BackendRecord.runtime`` was the very dict ``requirement_versions`` kept for the whole process: a caller
    dropping one entry of one result's record (``result.backend.runtime.pop("numpy")``) dropped it from every
    record made in that process, saved so, and from what a resumed batch compares outputs with."""
    from kinemotion.versions import requirement_versions

    first = requirement_versions("kinemotion-rtmpose")
    assert "numpy" in first
    first.pop("numpy")
    assert "numpy" in requirement_versions("kinemotion-rtmpose")


def _dist_info(folder: Path, name: str, requires: list[str]) -> None:
    """An installed distribution ``name`` 1.0 (its metadata only) in ``folder``, requiring ``requires``."""
    info = folder / f"{re.sub(r'[-_.]+', '_', name).lower()}-1.0.dist-info"
    info.mkdir()
    lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0", *(f"Requires-Dist: {r}" for r in requires)]
    (info / "METADATA").write_text("\n".join(lines) + "\n")


def test_a_backends_runtime_is_each_installed_requirement_by_normalized_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backend distribution's ``runtime`` (what a re-run compares) names each distribution it requires that is
    installed, as the packaging standard normalizes names (``NumPy`` is ``numpy``, installed wherever kinemotion
    is; ``Kinemotion.R5_Dotted`` is ``kinemotion-r5-dotted``: the name of one requirement, whatever its spelling),
    at its installed version; neither a requirement that is not installed nor the distribution itself (an extra
    of its own)."""
    from kinemotion.versions import requirement_versions

    monkeypatch.syspath_prepend(str(tmp_path))
    _dist_info(tmp_path, "kinemotion.r5.dotted", [])
    _dist_info(
        tmp_path,
        "kinemotion-r5-backend",
        [
            "NumPy>=1",
            "Kinemotion.R5_Dotted>=1",
            "kinemotion-r5-not-installed>=1",
            "kinemotion-r5-backend[cpu]; extra == 'all'",
        ],
    )
    assert requirement_versions("kinemotion-r5-backend") == {
        "numpy": importlib.metadata.version("numpy"),
        "kinemotion-r5-dotted": "1.0",
    }


def test_a_distribution_that_is_not_installed_has_no_runtime() -> None:
    """The runtime of a backend whose distribution is not installed (removed since the output was made) is
    empty, as documented: none of what it required is claimed."""
    from kinemotion.versions import requirement_versions

    assert requirement_versions("kinemotion-r5-no-such-distribution") == {}
