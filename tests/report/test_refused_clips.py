"""Clips `kinemotion cmj` refused are on the session page: every clip given shows, measured or not.

A refused clip left nothing a later `kinemotion report out/` could read: the coach's page listed the measured
clips only, as if the others had never been filmed. Now each refusal is recorded beside where the report would
be (``NAME.cmj.refusal.json``, ``kinemotion.refusal/1``) and the page lists it, with why and what to do. The
record is never taken for a result: a re-run analyses the clip again, and the run that measures it removes it.
"""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.assets import JUMP_CLIPS, asset
from tests.cli import run_kinemotion

pytestmark = pytest.mark.models  # real footage


def _ffmpeg(*args: str) -> None:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


class _Refused(HTMLParser):
    """The page's "Not measured" list: per item its data attributes and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = ""
        self.items: list[dict[str, str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("id") == "refused":
            self._in = "section"
        elif self._in and tag == "h2":
            self._in = "h2"
        elif self._in and tag == "li":
            self.items.append({**{k: v or "" for k, v in found.items()}, "text": ""})
            self._in = "li"

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._in = None
        elif self._in in ("h2", "li") and tag in ("h2", "li"):
            self._in = "section"

    def handle_data(self, data: str) -> None:
        if self._in == "h2":
            self.heading += data
        elif self._in == "li":
            self.items[-1]["text"] += data


def _refused_on(page: Path) -> _Refused:
    parser = _Refused()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_a_refused_real_clip_is_listed_on_the_page_with_why_and_is_never_served_as_done(tmp_path: Path) -> None:
    standing = tmp_path / "standing.mp4"  # 1.5 s of the athlete standing before the squat jump: no flight
    _ffmpeg(
        "-i",
        str(asset(JUMP_CLIPS["squat_jump_side_30fps.mp4"].rel)),
        "-t",
        "1.5",
        "-an",
        "-c:v",
        "libx264",
        str(standing),
    )
    jump = asset(JUMP_CLIPS["cmj_front_oblique_handheld_30fps.mp4"].rel)
    out = tmp_path / "out"
    done = run_kinemotion("cmj", str(standing), str(jump), "-b", "mediapipe", "-o", str(out), "-q")
    assert done.returncode == 3, done.stderr
    record = out / "standing.cmj.refusal.json"
    assert f"wrote {record} (why it gave no report" in done.stdout
    data = json.loads(record.read_text(encoding="utf-8"))
    import jsonschema

    from kinemotion.jump.refusal import REFUSAL_SCHEMA_PATH

    jsonschema.validate(data, json.loads(REFUSAL_SCHEMA_PATH.read_text(encoding="utf-8")))
    assert data["kind"] == "cmj" and data["backend"] == "mediapipe"
    assert data["reason"].startswith("No flight phase found") and data["video"]["path"] == str(standing)
    assert data["landmarks_file"] == str(out / "standing.landmarks.json")
    assert not (out / "standing.cmj.json").exists()

    page = out / "session.html"
    shown = run_kinemotion("report", str(out), "-o", str(page), "-q")
    assert shown.returncode == 0, shown.stderr  # a refused clip listed is nothing left out of the page
    assert f"wrote {page} (1 video, 1 jump, 1 not measured)" in shown.stdout
    refused = _refused_on(page)
    assert refused.heading == "Not measured (1)"
    (item,) = refused.items
    assert item["data-video"] == str(standing) and item["data-kind"] == "cmj"
    assert item["text"].startswith("standing.mp4 (CMJ, mediapipe: not measured): No flight phase found")
    assert "standing still for 0.5 s" in item["text"]  # what to do, as the error said it
    assert f"Its landmarks are in {out / 'standing.landmarks.json'}: kinemotion cmj run again" in item["text"]

    # the same request again: analysed again (from the kept landmarks), never skipped for the record
    again = run_kinemotion("cmj", str(standing), str(jump), "-b", "mediapipe", "-o", str(out), "-q")
    assert again.returncode == 3, again.stderr
    assert "standing.mp4: analysing its landmarks from" in again.stdout and "standing.mp4: skipped" not in again.stdout

    # another video under that name (a whole jump filmed): measured, and its refusal goes
    standing.write_bytes(jump.read_bytes())
    measured = run_kinemotion("cmj", str(standing), str(jump), "-b", "mediapipe", "-o", str(out), "-q")
    assert measured.returncode == 0, measured.stderr
    assert (out / "standing.cmj.json").is_file() and not record.exists()
    shown = run_kinemotion("report", str(out), "-o", str(page), "-q")
    assert shown.returncode == 0 and f"wrote {page} (2 videos, 2 jumps)" in shown.stdout
    assert _refused_on(page).items == []
