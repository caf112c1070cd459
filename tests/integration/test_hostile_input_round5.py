"""Hostile input, round 5: what a fifth outside attack found still broken, each once a stale or wrong result, a
half-written output, a traceback or an unclear message.

Each test reproduces what a user new to the tool could do and checks for one clear error naming the value,
option or file, or for the right answer.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from kinemotion.cli.main import cli


def _ffmpeg(*args: str) -> None:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


# --- an overlay of a video too small (or too large) for the encoder -------------------------------------


def test_an_overlay_of_a_1x1_video_blames_the_video_not_the_folder(tmp_path: Path, fake: str) -> None:
    """Before: 'OpenCV could not open an mp4 writer (1x1, mp4v codec); check the folder is writable and the disk
    has room', about a writable folder on an empty disk."""
    video = tmp_path / "tiny.mp4"
    _ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=1x1:r=30", "-t", "0.5", "-c:v", "mpeg4", str(video))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["track", str(video), "-b", fake, "-o", str(out), "--overlay", str(out)])
    assert result.exit_code == 1, result.output
    assert "tiny.mp4 is 1x1 px, a frame size OpenCV's mp4v encoder cannot write" in result.output
    assert "folder is writable" not in result.output
    assert not (out / "tiny.overlay.mp4").exists()
    assert not list(out.glob("*.partial*")) and not list(out.glob(".*"))
