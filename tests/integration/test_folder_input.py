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
    assert result.exit_code == 1, result.output
    assert f"{videos}: is a folder, not a video file; give the videos in it: {videos}/*.mp4 (and its *.MOV)" in (
        result.output
    )
    assert not (tmp_path / "out" / "videos.landmarks.json").exists()


def test_a_folder_without_videos_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no video here")
    result = CliRunner().invoke(cli, ["track", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert f"{tmp_path}: is a folder, not a video file; give the video files' paths (it holds no video file)" in (
        result.output
    )
