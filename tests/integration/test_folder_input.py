"""A folder given where videos go: the error says which videos to give instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kinemotion.cli.main import cli


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump"])
def test_a_folder_of_videos_is_refused_naming_the_pattern_to_give(tmp_path: Path, command: str) -> None:
    """Before: 'videos: is a folder, not a video file', and a coach with a folder of clips was left to guess."""
    videos = tmp_path / "videos"
    videos.mkdir()
    for name in ("a.mp4", "b.mp4", "c.MOV", "notes.txt"):
        (videos / name).write_bytes(b"\0")
    result = CliRunner().invoke(cli, [command, str(videos), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output  # a usage error, before any work
    assert f"{videos}: is a folder, not a video file; give the videos in it: {videos}/*.mp4 (and its *.MOV)" in (
        result.output
    )
    assert not (tmp_path / "out").exists()  # nothing written: no empty jump table, no folder made


def test_a_folder_without_videos_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no video here")
    result = CliRunner().invoke(cli, ["track", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"{tmp_path}: is a folder, not a video file; give the video files' paths (it holds no video file)" in (
        result.output
    )


@pytest.mark.parametrize("command", ["cmj", "dropjump"])
def test_a_folder_given_alone_leaves_the_earlier_jump_table_and_page_as_they_were(tmp_path: Path, command: str) -> None:
    """Before: `kinemotion cmj "Phone clips" -o out` refused the folder, then wrote an empty out/cmj-jumps.csv
    over the earlier run's table ("it now lists this run's videos only", 0 jumps) and set the page aside, exit 1:
    a typo cost the analyst their table. Folders alone are now a usage error before any work."""
    videos = tmp_path / "Phone clips"
    videos.mkdir()
    (videos / "a.mp4").write_bytes(b"\0")
    out = tmp_path / "out"
    out.mkdir()
    table, page = out / f"{command}-jumps.csv", out / "session.html"
    table.write_text("video,jump\nearlier.mp4,1\n", encoding="utf-8")
    page.write_text("<html>earlier</html>", encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(videos), "-o", str(out), "--report", str(page)])
    assert result.exit_code == 2, result.output
    assert f"{videos}: is a folder, not a video file; give the videos in it: {videos}/*.mp4" in result.output
    assert table.read_text(encoding="utf-8") == "video,jump\nearlier.mp4,1\n"
    assert page.read_text(encoding="utf-8") == "<html>earlier</html>"
    assert sorted(p.name for p in out.iterdir()) == sorted([table.name, page.name])  # no .previous either


def test_a_folder_among_videos_fails_alone(tmp_path: Path) -> None:
    """A shell's `clips/*` catching a subfolder: the folder fails with its reason, the run goes on (exit 1 here:
    the other input is no video either)."""
    (tmp_path / "clips" / "old").mkdir(parents=True)
    (tmp_path / "clips" / "notes.mp4").write_bytes(b"\0")
    result = CliRunner().invoke(
        cli,
        ["cmj", str(tmp_path / "clips" / "old"), str(tmp_path / "clips" / "notes.mp4"), "-o", str(tmp_path / "out")],
    )
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'clips' / 'old'}: is a folder, not a video file" in result.output
    assert "notes.mp4" in result.output
