"""A failed run sets aside the files an earlier run left at its output paths (kinemotion.cli._earlier), and only
those: never one it wrote, one it vouched for as current, or a write-protected one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinemotion.cli._earlier import EarlierOutputs, aside_note
from kinemotion.errors import AnalysisError, OutputError
from kinemotion.tracking.atomic import atomic_path, set_aside


def _files(folder: Path, *names: str) -> list[Path]:
    paths = [folder / n for n in names]
    for p in paths:
        p.write_text(f"earlier {p.name}")
    return paths


def test_ctrl_c_in_the_block_moves_the_earlier_files_aside_and_says_so_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report, overlay = _files(tmp_path, "a.json", "a.mp4")
    earlier = EarlierOutputs([report, overlay, tmp_path / "never-written.csv", None])
    with pytest.raises(KeyboardInterrupt), earlier.set_aside_on_failure():
        raise KeyboardInterrupt
    assert not report.exists() and (tmp_path / "a.json.previous").read_text() == "earlier a.json"
    assert not overlay.exists() and (tmp_path / "a.mp4.previous").read_text() == "earlier a.mp4"
    err = capsys.readouterr().err
    assert f"moved {report} to {tmp_path / 'a.json.previous'}" in err and "never-written" not in err


def test_an_error_in_the_block_names_the_files_moved_in_its_own_message(tmp_path: Path) -> None:
    (report,) = _files(tmp_path, "a.json")
    with pytest.raises(AnalysisError) as caught, EarlierOutputs([report]).set_aside_on_failure():
        raise AnalysisError("no flight found")
    assert str(caught.value) == (
        f"no flight found. An earlier run's output is not this run's result: moved {report} to {report}.previous."
    )


def test_a_file_this_run_wrote_or_vouched_for_is_never_moved(tmp_path: Path) -> None:
    written, current, stale = _files(tmp_path, "written.json", "current.json", "stale.json")
    earlier = EarlierOutputs([written, current, stale])
    earlier.keep([current])  # skipped as done: current
    with atomic_path(written) as partial:  # this run's result
        partial.write_text("this run")
    assert earlier.set_aside() == [f"moved {stale} to {stale}.previous"]
    assert written.read_text() == "this run" and current.read_text() == "earlier current.json"


def test_a_write_protected_earlier_file_stays_and_is_named(tmp_path: Path) -> None:
    (kept,) = _files(tmp_path, "kept.json")
    kept.chmod(0o444)
    said = EarlierOutputs([kept]).set_aside()
    assert said == [f"left {kept} in place (write-protected)"] and kept.is_file()
    assert (
        aside_note(said)
        == f" An earlier run's output is not this run's result: left {kept} in place (write-protected)."
    )
    assert aside_note([]) == ""


def test_set_aside_replaces_an_older_previous_file_but_never_a_protected_one(tmp_path: Path) -> None:
    (report,) = _files(tmp_path, "a.json")
    older = tmp_path / "a.json.previous"
    older.write_text("older")
    assert set_aside(report) == older and older.read_text() == "earlier a.json" and not report.exists()
    report.write_text("next")
    older.chmod(0o444)
    with pytest.raises(OutputError, match="a.json.previous is write-protected"):
        set_aside(report)
    assert report.read_text() == "next" and older.read_text() == "earlier a.json"
