"""A command's paths made absolute before any backend runs are said as the user gave them
(:mod:`kinemotion.cli._anchored`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kinemotion.cli._anchored import anchored, as_given, forget_anchored, said_as_given


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    forget_anchored()
    yield tmp_path
    forget_anchored()


def test_a_relative_path_is_made_absolute_and_said_as_given(here: Path) -> None:
    report = anchored(Path("out/v.cmj.json"))
    video = anchored(Path("../clips/v.mp4"))
    assert report == here / "out" / "v.cmj.json" and video == here / ".." / "clips" / "v.mp4"
    assert anchored(here / "abs.json") == here / "abs.json"  # absolute: as it is
    said = f"wrote {report}, {report}.previous and {report.with_name('v.cmj.refusal.json')}; read '{video}'"
    assert said_as_given(said) == (
        "wrote out/v.cmj.json, out/v.cmj.json.previous and out/v.cmj.refusal.json; read '../clips/v.mp4'"
    )
    assert as_given(report) == Path("out/v.cmj.json") and as_given(video) == Path("../clips/v.mp4")
    assert as_given(report.parent / "cmj-jumps.csv") == Path("out/cmj-jumps.csv")


def test_only_where_a_path_starts_and_only_for_this_command(here: Path) -> None:
    report = anchored(Path("out/v.cmj.json"))
    inside = f"/elsewhere{report}"  # a path that holds the anchored one, not it
    assert said_as_given(f"see {inside}") == f"see {inside}"
    assert as_given(Path("/elsewhere/out/v.cmj.json")) == Path("/elsewhere/out/v.cmj.json")
    forget_anchored()
    assert said_as_given(f"wrote {report}") == f"wrote {report}"


def test_a_path_given_absolute_is_said_and_recorded_absolute_beside_one_given_relative(here: Path) -> None:
    """``cmj a.mp4 /abs/b.mp4`` run in ``/abs``: b's name was said (and a landmark file's recorded) as ``b.mp4``,
    its folder being that of ``a.mp4``, given relative: a path given absolute is said as it was given."""
    relative = anchored(Path("a.mp4"))
    absolute = anchored(here / "b.mp4")
    assert absolute == here / "b.mp4"
    said = f"{absolute}: skipped, its report exists; {relative}: wrote {relative.with_suffix('.cmj.json')}"
    assert said_as_given(said) == f"{absolute}: skipped, its report exists; a.mp4: wrote a.cmj.json"
    assert as_given(absolute) == absolute and as_given(relative) == Path("a.mp4")


def test_run_from_the_root_folder_no_other_path_loses_its_leading_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    """A container run in ``/`` (``-o r.json``): its folder is ``/``, the prefix of every absolute path; a model's
    path said in a message (``/root/.cache/...``) came out as ``root/.cache/...``, naming nothing."""
    monkeypatch.chdir(Path(os.sep))
    forget_anchored()
    try:
        report = anchored(Path("r.json"))
        elsewhere = os.path.join(os.sep, "root", "models", "m.onnx")
        assert said_as_given(f"wrote {report}; model {elsewhere}") == f"wrote r.json; model {elsewhere}"
        assert as_given(Path(elsewhere)) == Path(elsewhere) and as_given(report) == Path("r.json")
    finally:
        forget_anchored()
