"""Round 19 of the hostile-input attack: what a careless or hostile user (or plugin) does must end in one clear
line naming the file, frame or backend and the fix, never a bare traceback or partial output looking complete.

Each test was watched failing before its fix (or is marked as holding).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from tests.jump.physics_backend import blank_video

_NFD, _NFC = unicodedata.normalize("NFD", "Jérôme.mp4"), unicodedata.normalize("NFC", "Jérôme.mp4")


def test_a_capture_rate_for_a_clip_named_in_the_other_unicode_form_applies_to_it(
    tmp_path: Path, cmj_backend: str
) -> None:
    """``cmj Jérôme.mp4 --capture-fps Jérôme.mp4=60`` with the file named on a Mac (accent apart, NFD) and the
    name typed on a keyboard (NFC): "Jérôme.mp4=60 names none of this run's videos (Jérôme.mp4)", two names alike
    to the eye, where the athlete list already matched either form. One clip of that name: it is that clip."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    video, out = blank_video(tmp_path / _NFD, int(3.5 * 30), 30), tmp_path / "out"
    result = _kinemotion("cmj", video, "-b", cmj_backend, "-o", f"{out}/", "-q", "--capture-fps", f"{_NFC}=60")
    assert result.exit_code != 2, result.output  # not a usage error
    assert "With --capture-fps" in result.output  # the clip is measured at 60 (refused here: too fast a fall)
    refusal = json.loads((out / f"{_NFD.removesuffix('.mp4')}.cmj.refusal.json").read_text())
    assert refusal["request"]["capture_fps"] == 60


def test_a_capture_rate_naming_two_clips_whose_names_differ_only_in_form_is_still_the_exact_one(
    tmp_path: Path, cmj_backend: str
) -> None:
    """Held with the fix: two recordings whose names differ only in Unicode form are two clips; the rate typed
    exactly as one of them is that one's alone."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    decomposed = blank_video(tmp_path / _NFD, int(3.5 * 30), 30)
    composed = blank_video(tmp_path / _NFC, int(3.5 * 30) + 1, 30)
    out = tmp_path / "out"
    result = _kinemotion(
        "cmj", decomposed, composed, "-b", cmj_backend, "-o", f"{out}/", "-q", "-j", "1", "--capture-fps", f"{_NFC}=60"
    )
    assert result.exit_code == 3, result.output  # the composed one refused at 60, the decomposed one measured
    assert (out / f"{_NFD.removesuffix('.mp4')}.cmj.json").is_file()
    assert (out / f"{_NFC.removesuffix('.mp4')}.cmj.refusal.json").is_file()
