"""The record of a refused clip (``NAME.<kind>.refusal.json``): written with the refusal, read by the session
page whichever way the folder is named, never left beside a report, and refused itself when damaged."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kinemotion.cli.main import cli
from tests.jump.physics_backend import blank_video


def test_clips_all_refused_still_make_a_page_of_them_and_report_star_reads_the_records(
    tmp_path: Path, fake: str
) -> None:
    """The fake backend sees someone standing still in every frame: no jump in either clip. Before: no file said
    so, and `kinemotion report out` said "no kinemotion jump report in this folder" (exit 1)."""
    videos = [blank_video(tmp_path / f"clip{n}.mp4", 45, 30) for n in (1, 2)]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cmj", *map(str, videos), "-b", fake, "-o", str(out), "-q"])
    assert result.exit_code == 1, result.output
    records = sorted(out.glob("*.refusal.json"))
    assert [p.name for p in records] == ["clip1.cmj.refusal.json", "clip2.cmj.refusal.json"]
    page = out / "session.html"  # then caught by `report out/*`: passed over, and replaced
    for names in ([str(out)], "out/*"):  # the folder, then `report out/*` (the page written into it among them)
        given = names if isinstance(names, list) else sorted(str(p) for p in out.iterdir())
        shown = CliRunner().invoke(cli, ["report", *given, "-o", str(page), "-q"])
        assert shown.exit_code == 0, shown.output
        assert f"wrote {page} (0 videos, 0 jumps, 2 not measured)" in shown.output
        html = page.read_text(encoding="utf-8")
        assert "Not measured (2)" in html
        assert f'data-video="{videos[0]}"' in html and f'data-video="{videos[1]}"' in html


def test_a_damaged_refusal_record_is_a_problem_the_page_names(tmp_path: Path, fake: str) -> None:
    video = blank_video(tmp_path / "clip.mp4", 45, 30)
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["cmj", str(video), "-b", fake, "-o", str(out), "-q"])
    record = out / "clip.cmj.refusal.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**data, "reason": None}), encoding="utf-8")
    shown = CliRunner().invoke(cli, ["report", str(out), "-o", str(tmp_path / "page.html"), "-q"])
    assert shown.exit_code == 1, shown.output  # nothing to show: no report, no readable refusal
    assert f"{record}: a damaged refusal record: 'reason' missing or of the wrong kind" in shown.output


def test_a_clip_that_can_no_longer_be_read_loses_its_out_of_date_refusal(tmp_path: Path, fake: str) -> None:
    """Refused once, then replaced by a file that is no video: it was not refused this time (not read at all), so
    the record of the earlier refusal goes, as a failed run sets an earlier report aside; none is written for it."""
    video = blank_video(tmp_path / "clip.mp4", 45, 30)
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["cmj", str(video), "-b", fake, "-o", str(out), "-q"]).exit_code == 1
    record = out / "clip.cmj.refusal.json"
    assert record.is_file()
    video.write_text("not a video")
    result = CliRunner().invoke(cli, ["cmj", str(video), "-b", fake, "-o", str(out), "-q"])
    assert result.exit_code == 1 and "could not be opened as a video" in result.output, result.output
    assert not record.exists()


def test_a_refusal_record_given_as_landmarks_is_named_as_what_it_is(tmp_path: Path, fake: str) -> None:
    """`kinemotion cmj out/*.json` catches the folder's refusal records too. Before: "not a landmark JSON that
    kinemotion can read (ValueError: its schema is 'kinemotion.refusal/1' ...). Track the video again", a fix
    that does not apply; now it says what the file is, whose record it is, and what to give instead, as for a
    jump report caught the same way."""
    video = blank_video(tmp_path / "clip.mp4", 45, 30)
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["cmj", str(video), "-b", fake, "-o", str(out), "-q"]).exit_code == 1
    record = out / "clip.cmj.refusal.json"
    for command in ("cmj", "dropjump"):
        result = CliRunner().invoke(cli, [command, str(record), "-o", str(tmp_path / command), "-q"])
        said = " ".join(result.output.split())
        assert result.exit_code == 1, result.output
        assert f"{record}: is the record of why {video} gave no cmj report (written by `kinemotion cmj`)" in said
        assert "Track the video again" not in said, said


def test_a_clip_refused_by_cmj_and_by_dropjump_is_one_clip_not_measured_with_both_refusals(
    tmp_path: Path, fake: str
) -> None:
    """Two clips, each refused by `kinemotion cmj` and by `kinemotion dropjump` into the same folder (two records
    per clip). Before: the page's header and `kinemotion report` said "4 not measured", and the list showed each
    clip twice."""
    import re

    videos = [blank_video(tmp_path / f"clip{n}.mp4", 45, 30) for n in (1, 2)]
    out = tmp_path / "out"
    for kind in ("cmj", "dropjump"):
        assert CliRunner().invoke(cli, [kind, *map(str, videos), "-b", fake, "-o", str(out), "-q"]).exit_code == 1
    assert len(list(out.glob("*.refusal.json"))) == 4
    page = tmp_path / "page.html"
    shown = CliRunner().invoke(cli, ["report", str(out), "-o", str(page), "-q"])
    assert shown.exit_code == 0, shown.output
    assert f"wrote {page} (0 videos, 0 jumps, 2 not measured)" in shown.output
    html = page.read_text(encoding="utf-8")
    assert "0 videos · 0 jumps · 2 not measured ·" in html and "Not measured (2)" in html
    items = re.findall(r'<li data-video="([^"]*)" data-kind="([^"]*)">(.*?)</li>', html)
    assert [(v, sorted(k.split())) for v, k, _ in items] == [(str(v), ["cmj", "dropjump"]) for v in videos]
    for _, _, text in items:  # the clip once, both refusals under it
        assert text.count("<strong>") == 1
        assert f"(CMJ, {fake}: not measured)" in text and f"(drop jump, {fake}: not measured)" in text


def test_a_refusal_records_the_backend_options_as_the_outputs_do(tmp_path: Path, fake: str) -> None:
    """The record held ``--person`` but not the ``-O`` options the landmarks and reports record: the page said
    "run again with the same backend, mode and options" of a clip without saying which options. Now the record
    holds them (``request.backend_options``, as text, as ``backend.options`` in the landmarks kept beside it) and
    the page names them."""
    import jsonschema

    from kinemotion.jump.refusal import REFUSAL_SCHEMA_PATH, read_refusal

    video = blank_video(tmp_path / "clip.mp4", 45, 30)
    out = tmp_path / "out"
    args = ["cmj", str(video), "-b", fake, "-O", "threads=2", "-O", "threshold=0.5", "-o", str(out), "-q"]
    assert CliRunner().invoke(cli, args).exit_code == 1
    record = out / "clip.cmj.refusal.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(REFUSAL_SCHEMA_PATH.read_text(encoding="utf-8")))
    kept = json.loads((out / "clip.landmarks.json").read_text(encoding="utf-8"))
    assert data["request"]["backend_options"] == kept["backend"]["options"] == {"threads": "2", "threshold": "0.5"}
    assert read_refusal(record).backend_options == {"threads": "2", "threshold": "0.5"}
    page = tmp_path / "page.html"
    assert CliRunner().invoke(cli, ["report", str(out), "-o", str(page), "-q"]).exit_code == 0
    assert f"(CMJ, {fake}, -O threads=2 -O threshold=0.5: not measured)" in page.read_text(encoding="utf-8")
