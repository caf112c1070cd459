"""Nothing stale passes as a result: a failed re-run leaves no earlier output where its own would be, and a
resumed batch never serves an output made from another file of the same name and size.

A re-run that fails (a clip with no jump, a backend that cannot run) used to
leave the last successful run's report, overlay, landmarks or session page at
the path it was asked to write, looking like its result. Each is now moved to
``NAME.previous`` beside it (nothing lost) and the error names both paths.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner, Result

import kinemotion
from kinemotion.cli.main import cli
from tests.core.fakes import FakePlugin
from tests.integration.test_resume import _jump_video
from tests.jump.physics_backend import blank_video
from tests.report.conftest import Clips, _clip_files, clips  # noqa: F401 - fixtures: physics-backed clips


def _invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _previous(path: Path) -> Path:
    return path.with_name(path.name + ".previous")


# --- a failed re-run ---------------------------------------------------------------------------------


def test_a_failed_cmj_rerun_moves_the_earlier_report_and_overlay_aside_and_says_so(
    tmp_path: Path, jump_set: str
) -> None:
    video = _jump_video(tmp_path / "athlete1.mp4", 1)
    out, page = tmp_path / "out", tmp_path / "session.html"
    args = ("cmj", video, "-o", out, "--overlay", out, "--report", page, "-b", jump_set, "-q")
    assert _invoke(*args).exit_code == 0
    report, overlay = out / "athlete1.cmj.json", out / "athlete1.cmj.mp4"
    earlier = {p: p.read_bytes() for p in (report, overlay, page)}
    blank_video(video, 10, 30)  # re-recorded: a clip too short to analyse
    failed = _invoke(*args)
    assert failed.exit_code == 1 and "too short" in failed.output, failed.output
    for path in (report, overlay):
        assert not path.exists(), f"{path}: an earlier run's output where this run's result would be"
        assert _previous(path).read_bytes() == earlier[path]  # moved aside whole, not lost
        assert f"moved {path} to {_previous(path)}" in failed.output
    assert "An earlier run's output is not this run's result" in failed.output
    assert (out / "cmj-jumps.csv").read_text().count("\n") == 1  # this run's table: the header alone
    # the page is this run's, replacing the earlier one as any run's page does: the refused clip alone, as
    # `kinemotion report out` shows its refusal record (it was set aside, no page written)
    assert f"wrote {page} (0 videos, 0 jumps, 1 not measured)" in failed.output
    html = page.read_text(encoding="utf-8")
    assert 'class="video"' not in html and f'<li data-video="{video}" data-kind="cmj">' in html


def test_a_failed_track_rerun_with_a_backend_that_cannot_run_moves_the_earlier_landmarks_aside(
    tmp_path: Path, fake: str
) -> None:
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "v.json"
    assert (
        _invoke("track", video, "-o", out, "--overlay", tmp_path / "v.mp4.overlay.mp4", "-b", fake, "-q").exit_code == 0
    )
    files = (out, out.with_suffix(".csv"), tmp_path / "v.mp4.overlay.mp4")
    earlier = {p: p.read_bytes() for p in files}
    kinemotion.register_backend(FakePlugin("zz-cannot-run", priority=-1, available=False, reason="no such device"))
    try:
        failed = _invoke("track", video, "-o", out, "--overlay", files[2], "-b", "zz-cannot-run", "-q")
    finally:
        kinemotion.unregister_backend("zz-cannot-run")
    assert failed.exit_code == 1 and "no such device" in failed.output, failed.output
    for path, data in earlier.items():
        assert not path.exists() and _previous(path).read_bytes() == data
        assert f"moved {path} to {_previous(path)}" in failed.output


def test_a_failed_analysis_keeps_its_own_plot_of_the_signals_and_sets_the_earlier_report_aside(
    tmp_path: Path, jump_set: str
) -> None:
    """The plot drawn for a failed analysis is this run's (it shows why it failed): it stays; the report
    beside it is the earlier run's: moved aside."""
    video = _jump_video(tmp_path / "athlete1.mp4", 1)
    out = tmp_path / "out"
    args = ("cmj", video, "-o", out, "--plot", out, "-b", jump_set, "-q")
    assert _invoke(*args).exit_code == 0
    plot, report = out / "athlete1.cmj.png", out / "athlete1.cmj.json"
    earlier_plot = plot.read_bytes()
    blank_video(video, 10, 30)
    failed = _invoke(*args)
    assert failed.exit_code == 1 and f"(plot of the signals: {plot})" in failed.output, failed.output
    assert plot.read_bytes() != earlier_plot and not _previous(plot).exists()
    assert not report.exists() and _previous(report).is_file()


def test_a_batch_with_one_failure_keeps_the_reports_it_skipped_as_done(tmp_path: Path, jump_set: str) -> None:
    done, bad = _jump_video(tmp_path / "done.mp4", 1), _jump_video(tmp_path / "bad.mp4", 1)
    out = tmp_path / "out"
    assert _invoke("cmj", done, bad, "-o", out, "-b", jump_set, "-q").exit_code == 0
    blank_video(bad, 10, 30)
    again = _invoke("cmj", done, bad, "-o", out, "-b", jump_set, "-q")
    assert again.exit_code == 3 and f"{done}: skipped" in again.output, again.output
    assert (out / "done.cmj.json").is_file() and not _previous(out / "done.cmj.json").exists()
    assert not (out / "bad.cmj.json").exists() and _previous(out / "bad.cmj.json").is_file()


def _program(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def test_a_failed_pdf_moves_the_earlier_pdf_aside_and_keeps_the_page_this_run_wrote(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """``kinemotion report --pdf``: the browser (a stand-in: a test has no Chromium) printed last time, not now."""
    physics_clips: Clips = request.getfixturevalue("clips")
    out = tmp_path / "out"
    assert _invoke("cmj", physics_clips.cmj, "-b", physics_clips.cmj_backend, "-o", out, "-q").exit_code == 0
    prints = (
        'for a in "$@"; do case "$a" in '
        '--print-to-pdf=*) printf "%%PDF-1.4 earlier %%%%EOF" > "${a#--print-to-pdf=}";; esac; done'
    )
    fails = "echo 'crashed: no display' >&2; exit 1"
    page, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    args = ["report", str(out), "-o", str(page), "--pdf", str(pdf), "-q"]
    env = {"KINEMOTION_CHROMIUM": str(_program(tmp_path / "prints", prints))}
    assert CliRunner().invoke(cli, args, env=env).exit_code == 0
    assert pdf.read_bytes() == b"%PDF-1.4 earlier %%EOF"
    page.write_text("earlier page")
    env = {"KINEMOTION_CHROMIUM": str(_program(tmp_path / "fails", fails))}
    failed = CliRunner().invoke(cli, args, env=env)
    assert failed.exit_code == 1 and "did not print" in failed.output, failed.output
    assert not pdf.exists() and _previous(pdf).read_bytes() == b"%PDF-1.4 earlier %%EOF"
    assert f"moved {pdf} to {_previous(pdf)}" in failed.output
    assert page.read_text() != "earlier page" and not _previous(page).exists()  # this run's page stays


def test_a_second_failure_replaces_the_previous_file_and_a_fresh_success_leaves_none(
    tmp_path: Path, jump_set: str
) -> None:
    video = _jump_video(tmp_path / "athlete1.mp4", 1)
    report = tmp_path / "r.json"
    args = ("cmj", video, "-o", report, "-b", jump_set, "-q")
    assert _invoke(*args).exit_code == 0
    first = report.read_bytes()
    blank_video(video, 10, 30)
    assert _invoke(*args).exit_code == 1
    assert _invoke(*args).exit_code == 1  # nothing at the path now: the earlier report stays aside
    assert _previous(report).read_bytes() == first
    _jump_video(video, 2)
    assert _invoke(*args).exit_code == 0 and json.loads(report.read_text())["jump_count"] == 2


def test_a_write_protected_earlier_report_stays_and_the_error_says_it_is_not_this_runs(
    tmp_path: Path, jump_set: str
) -> None:
    video = _jump_video(tmp_path / "athlete1.mp4", 1)
    report = tmp_path / "r.json"
    args = ("cmj", video, "-o", report, "-b", jump_set, "-q")
    assert _invoke(*args).exit_code == 0
    report.chmod(0o444)
    blank_video(video, 10, 30)
    failed = _invoke(*args)
    assert failed.exit_code == 1 and report.is_file() and not _previous(report).exists()
    assert f"An earlier run's output is not this run's result: left {report} in place (write-protected)" in (
        failed.output
    )


# --- resume: another file of the same name and size ---------------------------------------------------


def _raw_video(path: Path, middle_seed: int) -> Path:
    """An uncompressed AVI of 7 s at 30 fps (6 MB: every frame 28.8 kB) whose frames 40 to 79 depend on
    ``middle_seed`` (the rest do not): two such files are two recordings of the same name and the same size,
    alike in their first MiB, in the MiB at their middle and in their last MiB."""
    writer = cv2.VideoWriter(str(path), 0, 30, (160, 120))  # fourcc 0: raw frames
    rng = np.random.default_rng(middle_seed)
    for i in range(210):
        middle = 40 <= i < 80
        frame = rng.integers(0, 255, (120, 160, 3), dtype=np.uint8) if middle else np.full((120, 160, 3), i, np.uint8)
        writer.write(frame)
    writer.release()
    return path


def test_a_video_replaced_by_another_of_the_same_name_and_size_is_tracked_again(tmp_path: Path, fake: str) -> None:
    video = _raw_video(tmp_path / "v.avi", middle_seed=1)
    out = tmp_path / "v.json"
    args = ("track", video, "-o", out, "-b", fake, "-q")
    assert _invoke(*args).exit_code == 0
    assert "skipped" in _invoke(*args).output
    size = video.stat().st_size
    _raw_video(video, middle_seed=2)  # another recording: same name, same size, same first and last frames
    assert video.stat().st_size == size
    again = _invoke(*args)
    assert again.exit_code == 0 and "skipped" not in again.output, again.output


def test_with_auto_an_output_of_another_backend_than_auto_picks_now_is_redone(tmp_path: Path) -> None:
    """``auto`` took any backend's output: a batch resumed after a better backend was installed served the old
    backend's landmarks for the videos done before and the new one's for the rest."""
    first = FakePlugin("zz-first", priority=100_000)
    kinemotion.register_backend(first)
    try:
        video = blank_video(tmp_path / "v.mp4", 6, 30)
        out = tmp_path / "v.json"
        assert _invoke("track", video, "-o", out, "-q").exit_code == 0
        assert json.loads(out.read_text())["backend"]["name"] == "zz-first"
        assert "skipped" in _invoke("track", video, "-o", out, "-q").output  # auto picks it still: reused
        kinemotion.register_backend(FakePlugin("zz-better", priority=200_000))  # installed since
        try:
            again = _invoke("track", video, "-o", out, "-q")
            assert again.exit_code == 0 and "skipped" not in again.output, again.output
            assert json.loads(out.read_text())["backend"]["name"] == "zz-better"
        finally:
            kinemotion.unregister_backend("zz-better")
    finally:
        kinemotion.unregister_backend("zz-first")


def test_with_auto_a_better_backend_that_cannot_start_does_not_make_the_output_stale(tmp_path: Path) -> None:
    """A backend that probes available but fails to start (its model cannot be downloaded offline): auto moves
    on to the next, as the worker does, and the output made by that next one is current."""
    from kinemotion.errors import BackendError

    kinemotion.register_backend(FakePlugin("zz-first", priority=100_000))
    broken = FakePlugin("zz-broken", priority=200_000, create_error=BackendError("model not downloadable"))
    kinemotion.register_backend(broken)
    try:
        video = blank_video(tmp_path / "v.mp4", 6, 30)
        out = tmp_path / "v.json"
        assert _invoke("track", video, "-o", out, "-q").exit_code == 0
        assert json.loads(out.read_text())["backend"]["name"] == "zz-first"
        assert "skipped" in _invoke("track", video, "-o", out, "-q").output
    finally:
        kinemotion.unregister_backend("zz-broken")
        kinemotion.unregister_backend("zz-first")


def test_with_auto_a_resumed_batch_with_every_video_done_starts_no_backend(tmp_path: Path) -> None:
    """Every output current: the backends' probes say auto's pick (cheap), no tracker is started to confirm it
    (starting one, OpenVINO loading its compiled models, took 2-3 s of an all-skipped re-run)."""
    first = FakePlugin("zz-first", priority=100_000)
    kinemotion.register_backend(first)
    try:
        videos = [blank_video(tmp_path / f"v{i}.mp4", 6, 30) for i in range(2)]
        out = tmp_path / "out"
        assert _invoke("track", *videos, "-o", out, "-q", "-j", "1").exit_code == 0
        made = len(first.created)
        again = _invoke("track", *videos, "-o", out, "-q", "-j", "1")
        assert again.exit_code == 0 and again.output.count("skipped") == 2, again.output
        assert len(first.created) == made  # no tracker started for an all-skipped batch
    finally:
        kinemotion.unregister_backend("zz-first")


def test_with_auto_a_backend_that_probes_first_but_cannot_start_never_mixes_a_batch(tmp_path: Path) -> None:
    """Outputs made by auto's pick of the probes, which no longer starts (its model cannot be downloaded): when
    another video of the batch is tracked (by the next backend), they are redone with it too, never a batch of
    two backends; when nothing is tracked they stay (nothing mixed, all made by the same backend)."""
    from kinemotion.errors import BackendError

    best = FakePlugin("zz-best", priority=200_000)
    kinemotion.register_backend(best)
    kinemotion.register_backend(FakePlugin("zz-next", priority=100_000))
    try:
        done = blank_video(tmp_path / "done.mp4", 6, 30)
        out = tmp_path / "out"
        assert _invoke("track", done, "-o", out / "done.landmarks.json", "-q").exit_code == 0
        best.create_error = BackendError("model not downloadable")  # probes available, cannot start
        alone = _invoke("track", done, "-o", out / "done.landmarks.json", "-q")
        assert alone.exit_code == 0 and "skipped" in alone.output, alone.output
        new = blank_video(tmp_path / "new.mp4", 6, 30)
        both = _invoke("track", done, new, "-o", out, "-q", "-j", "1")
        assert both.exit_code == 0 and "skipped" not in both.output, both.output
        made_by = {json.loads((out / f"{v}.landmarks.json").read_text())["backend"]["name"] for v in ("done", "new")}
        assert made_by == {"zz-next"}
    finally:
        kinemotion.unregister_backend("zz-best")
        kinemotion.unregister_backend("zz-next")


def test_with_auto_on_a_cluster_any_backends_output_is_reused(tmp_path: Path, fake: str) -> None:
    """On Ray each node's auto picks its own backend: this machine's choice says nothing about theirs."""
    from kinemotion.cli._options import TrackingRequest
    from kinemotion.tracking.files import SCHEMA_ID

    video = blank_video(tmp_path / "v.mp4", 6, 30)
    out = tmp_path / "v.json"
    assert _invoke("track", video, "-o", out, "-b", fake, "-q").exit_code == 0  # made by a low-priority backend
    auto = TrackingRequest(backend="auto", mode="lightweight", person=None, quiet=True)
    files = (out, out.with_suffix(".csv"))
    cluster = auto.done_before(video, files, SCHEMA_ID, tracked_here=False)
    assert cluster is not None and cluster["backend"]["name"] == fake
    assert auto.done_before(video, files, SCHEMA_ID, tracked_here=True) is None  # here auto starts another one


def test_with_auto_a_cmj_batch_whose_first_backend_cannot_start_is_never_analysed_with_two(tmp_path: Path) -> None:
    """The jump commands resume as ``track`` does: a report made by auto's pick of the probes, which no longer
    starts, is analysed again with the next backend when another video of the batch is analysed."""
    from kinemotion.errors import BackendError
    from tests.integration.test_resume import FLIGHTS, STARTS
    from tests.jump.physics import cmj_set_motion, landmarks
    from tests.jump.physics_backend import SeriesPlugin

    t = np.arange(0, 8.5, 1 / 30)
    motion, _ = cmj_set_motion(t, FLIGHTS, STARTS)
    series = landmarks(t, motion, noise=0.001, drop_every=0, seed=4)
    best = SeriesPlugin("zz-best-set", t, series, priority=200_000)
    kinemotion.register_backend(best)
    kinemotion.register_backend(SeriesPlugin("zz-next-set", t, series, priority=100_000))
    try:
        out = tmp_path / "out"
        done = _jump_video(tmp_path / "done.mp4", 1)
        assert _invoke("cmj", done, "-o", out, "-q").exit_code == 0
        report = out / "done.cmj.json"
        assert json.loads(report.read_text())["backend"]["name"] == "zz-best-set"

        def cannot_start(mode: str = "lightweight", **options: object) -> object:
            raise BackendError("model not downloadable")

        best.create = cannot_start  # type: ignore[method-assign,assignment]
        assert "skipped" in _invoke("cmj", done, "-o", out, "-q").output  # nothing analysed: nothing mixed
        new = _jump_video(tmp_path / "new.mp4", 1)
        both = _invoke("cmj", done, new, "-o", out, "-q", "-j", "1")
        assert both.exit_code == 0 and "skipped" not in both.output, both.output
        made_by = {json.loads((out / f"{v}.cmj.json").read_text())["backend"]["name"] for v in ("done", "new")}
        assert made_by == {"zz-next-set"}
    finally:
        kinemotion.unregister_backend("zz-best-set")
        kinemotion.unregister_backend("zz-next-set")
