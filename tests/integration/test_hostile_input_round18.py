"""Round 18 of the hostile-input attack: what a careless or hostile user (or plugin) does must end in one clear
line naming the file, frame or backend and the fix, never a bare traceback or partial output looking complete.

Each test was watched failing before its fix (or is marked as holding).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from kinemotion.pose.contract import model_files_of


class _Raising:
    """A path-like object of a plugin's own whose ``__fspath__`` fails."""

    def __fspath__(self) -> str:
        raise ZeroDivisionError("division by zero")


class _NotText:
    def __fspath__(self) -> int:  # type: ignore[override]
        return 5


class _Tracker:
    def __init__(self, files: object) -> None:
        self.model_files = files


class _RaisingProperty:
    @property
    def model_files(self) -> list[str]:
        raise RuntimeError("model registry offline")


@pytest.mark.parametrize("item", [_Raising(), _NotText()])
def test_model_files_holding_a_path_like_whose_fspath_fails_is_the_plugin_s_error_naming_the_rule(
    item: object,
) -> None:
    """A tracker's ``model_files`` holding a path-like object of the plugin's own whose ``__fspath__`` raises (or
    gives no text) ended the run in a bare traceback of the plugin's error; it is a ``ValueError`` naming the
    tracker, the attribute and the contract rule (reported as the backend's bug, video by video)."""
    with pytest.raises(ValueError, match=r"_Tracker\.model_files holds .*__fspath__\(\) raised .*tracker\.model_files"):
        model_files_of(_Tracker([item]))


def test_a_model_files_property_that_raises_is_the_plugin_s_error_naming_the_rule() -> None:
    """Held: a property that fails is named with what it raised and the rule, as for the other optional ones."""
    with pytest.raises(ValueError, match=r"reading _RaisingProperty\.model_files raised RuntimeError.*since 1\.5"):
        model_files_of(_RaisingProperty())


def test_model_files_are_absolute_and_without_repeats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Held: one file named three ways (relative, absolute, as a Path) is recorded once, absolute."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.bin").write_bytes(b"w")
    assert model_files_of(_Tracker(["m.bin", str(tmp_path / "m.bin"), Path("m.bin")])) == (tmp_path / "m.bin",)


_NFD_NAME, _NFC_NAME = unicodedata.normalize("NFD", "zz-pöse"), unicodedata.normalize("NFC", "zz-pöse")


def test_a_backend_named_with_an_accent_is_found_whichever_unicode_form_the_user_types(
    tmp_path: Path, registered: list[str]
) -> None:
    """A plugin written on a Mac declares ``name = "zz-pöse"`` with the accent apart (NFD); the user types the name
    as their keyboard composes it (NFC): "Unknown backend 'zz-pöse'. Installed backends: ..., zz-pöse", two names
    alike to the eye. Backend names are now one name in either form (as in either case)."""
    import kinemotion
    from tests.core.fakes import FakePlugin
    from tests.integration.test_hostile_input_round6 import _kinemotion
    from tests.jump.physics_backend import blank_video

    kinemotion.register_backend(FakePlugin(_NFD_NAME, priority=-1))
    registered.append(_NFC_NAME)
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    done = _kinemotion("track", video, "-b", _NFC_NAME, "-o", tmp_path / "v.json", "-q")
    assert done.exit_code == 0, done.output
    again = _kinemotion("track", video, "-b", _NFD_NAME, "-o", tmp_path / "v.json", "-q")
    assert "skipped" in again.output  # one backend, whichever form: its outputs are reused


def test_the_conformance_kit_asks_for_a_backend_name_in_composed_form() -> None:
    """The kit's naming convention says what is wrong with a decomposed name (not "must be lower case with
    dashes", which it is)."""
    from kinemotion.pose.contract import plugin_problems
    from tests.core.fakes import FakePlugin

    (problem,) = plugin_problems(FakePlugin(_NFD_NAME), conventions=True)
    assert "composed Unicode form (NFC)" in problem


@pytest.mark.parametrize("command", ["track", "cmj", "dropjump"])
def test_asking_to_resume_says_every_run_resumes_and_how_to_redo(tmp_path: Path, command: str) -> None:
    """``kinemotion cmj clips/*.mp4 --resume`` (the word batch tools use) was "No such option '--resume'", nothing
    more: the user was left to guess whether a re-run redoes every clip. It now says that a re-run skips what is
    done, and that --force redoes it."""
    from tests.integration.test_hostile_input_round6 import _kinemotion
    from tests.jump.physics_backend import blank_video

    result = _kinemotion(command, blank_video(tmp_path / "v.mp4", 3, 30), "--resume")
    assert result.exit_code == 2
    assert "No such option: --resume. A re-run resumes by itself" in result.output
    assert "--force redoes every one" in result.output


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder on a read-only filesystem (a tmpfs mounted read-only, as root), else one without write permission."""
    import os
    import subprocess

    folder = tmp_path / "card"
    folder.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], check=False)
        if mounted.returncode != 0:
            pytest.skip("root without mount: no read-only folder to be had")
        yield folder
        subprocess.run(["umount", str(folder)], check=False)
        return
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_a_session_page_asked_into_a_read_only_folder_says_what_it_is_and_the_fix(
    tmp_path: Path, one_report: Path, read_only_folder: Path
) -> None:
    """``kinemotion report out -o /media/card/s.html`` with the card's lock on: "cannot write ...: Read-only file
    system" (or "Permission denied"), where ``cmj -o`` on the same card says what it is and what to do."""
    from tests.integration.test_hostile_input_round6 import _kinemotion

    result = _kinemotion("report", one_report, "-o", read_only_folder / "s.html")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    said = result.output.strip().splitlines()[-1]
    assert said.startswith(f"Error: cannot write {read_only_folder / 's.html'}: "), said
    assert "read-only filesystem" in said or f"no permission to write in {read_only_folder}" in said


def test_a_run_with_every_video_done_in_a_read_only_folder_writes_nothing_and_exits_0(
    tmp_path: Path, cmj_backend: str
) -> None:
    """A batch analysed onto a card, run again after its lock switch went on: every video was done, yet the run
    stopped before any work ("cannot write ...: a read-only filesystem", exit 1) because it would rewrite the jump
    table. Nothing changed: now it skips the videos, says the table is unchanged, writes nothing, exits 0. A run
    with something to write (another height) is refused as before."""
    import os
    import subprocess

    from tests.integration.test_hostile_input_round6 import _kinemotion
    from tests.jump.physics_backend import blank_video

    card = tmp_path / "card"
    card.mkdir()
    root = os.geteuid() == 0
    if root and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(card)]).returncode != 0:
        pytest.skip("root without mount: no read-only folder to be had")
    try:
        videos = [blank_video(tmp_path / f"v{n}.mp4", int(3.5 * 30), 30) for n in (1, 2)]
        args = ["cmj", *videos, "-b", cmj_backend, "-o", f"{card}/"]
        assert _kinemotion(*args).exit_code == 0
        table = card / "cmj-jumps.csv"
        (card / "solo").mkdir()  # a clip analysed beside itself: no table to compare
        solo = blank_video(card / "solo" / "v3.mp4", int(3.5 * 30), 30)
        assert _kinemotion("cmj", solo, "-b", cmj_backend).exit_code == 0
        written = {p.relative_to(card): p.read_bytes() for p in card.rglob("*") if p.is_file()}
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(card)], check=True)
        else:
            card.chmod(0o555)
            solo.parent.chmod(0o555)
        again = _kinemotion(*args)
        assert again.exit_code == 0, again.output
        assert again.output.count("skipped, its report exists") == 2, again.output
        assert f"{table} unchanged" in again.output, again.output
        assert {p.relative_to(card): p.read_bytes() for p in card.rglob("*") if p.is_file()} == written
        taller = _kinemotion(*args, "--height", "1.8")
        assert taller.exit_code == 1 and f"Error: cannot write {card / 'v1.cmj.json'}" in taller.output, taller.output
        # each of these has something to write, so it is refused before any work
        solo_taller = _kinemotion("cmj", solo, "-b", cmj_backend, "--height", "1.8")  # no table: its report
        assert solo_taller.exit_code == 1 and "cannot write" in solo_taller.output, solo_taller.output
        page = _kinemotion(*args, "--report", f"{card}/session.html")  # a page asked is written anew
        assert page.exit_code == 1 and "cannot write" in page.output, page.output
        one = _kinemotion("cmj", videos[0], "-b", cmj_backend, "-o", f"{card}/")  # the table would lose v2's rows
        assert one.exit_code == 1 and "cannot write" in one.output, one.output
        assert {p.relative_to(card): p.read_bytes() for p in card.rglob("*") if p.is_file()} == written
    finally:
        if root:
            subprocess.run(["umount", str(card)], check=False)
        else:
            for folder in (card, card / "solo"):
                if folder.is_dir():
                    folder.chmod(0o755)
