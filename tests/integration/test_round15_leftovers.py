"""What the fifteenth attack round left: a blank ``POSE_TRACKER_BACKEND``, a video named like an option, an empty
or looping ``--videos``, an overlay given as a device, a ``KINEMOTION_CHROMIUM`` naming no program, a browser that
prints something other than a PDF, and backend names the command line cannot give back.

Each test reproduces what a user or a plugin author could do and checks for one clear message saying what is wrong
and what to write.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

import kinemotion
from kinemotion.pose.contract import normalize_name
from kinemotion.pose.registry import default_registry
from kinemotion.pose.selection import resolve_backend_name
from tests.core.distributions import on_sys_path, plugin_module, write_distribution
from tests.core.fakes import FakePlugin
from tests.integration.test_hostile_input_round6 import _kinemotion

# --- a blank POSE_TRACKER_BACKEND -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [" ", "\t ", "   "])
def test_a_blank_backend_variable_is_taken_as_unset_with_a_warning_saying_what_to_write(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    """``POSE_TRACKER_BACKEND=" "`` (a variable filled by a script from an empty field). Before: taken as ``auto``
    without a word, as if unset, where a backend was meant. Now taken as unset still (as a blank
    ``KINEMOTION_PROBE_TIMEOUT`` is), with a warning saying it is blank and what to write."""
    monkeypatch.setenv("POSE_TRACKER_BACKEND", value)
    with caplog.at_level(logging.WARNING, logger="kinemotion"):
        assert resolve_backend_name(None) == "auto"
    (said,) = [r.getMessage() for r in caplog.records if "POSE_TRACKER_BACKEND" in r.getMessage()]
    assert f"POSE_TRACKER_BACKEND={value!r} is blank" in said
    assert "POSE_TRACKER_BACKEND=mediapipe" in said and "unset" in said


def test_an_empty_backend_variable_is_unset_without_a_word(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("POSE_TRACKER_BACKEND", "")
    with caplog.at_level(logging.WARNING, logger="kinemotion"):
        assert resolve_backend_name(None) == "auto"
    assert not caplog.records


# --- a video named like an option -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "read_as"), [("-clip.mp4", "-c"), ("--clip.mp4", "--clip.mp4")])
def test_a_video_named_with_a_leading_dash_says_how_to_give_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, read_as: str
) -> None:
    """``kinemotion cmj -clip.mp4`` (a clip whose name starts with a dash, there in the folder). Before: click's
    "No such option '-c'", about an option never meant. Now it names the file and the two ways to give it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(b"")
    result = _kinemotion("cmj", name)
    assert result.exit_code == 2, result.output
    assert f"No such option: {read_as} ('{name}' starts with '-', so it is read as options)" in result.output
    assert f"write ./{name}, or put -- before it: -- {name}" in result.output


def test_an_unknown_option_that_is_no_file_keeps_clicks_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _kinemotion("cmj", "-z", "clip.mp4")
    assert result.exit_code == 2 and "No such option '-z'" in result.output and "./" not in result.output


# --- report --videos empty, or a link that loops --------------------------------------------------------------------


def test_report_videos_given_empty_says_it_is_empty(tmp_path: Path) -> None:
    """``report r.json --videos "$CLIPS"`` with ``CLIPS`` unset. Before: "Directory '' does not exist"."""
    result = _kinemotion("report", tmp_path / "r.json", "--videos", "")
    assert result.exit_code == 2
    assert "'--videos': is empty (an unset shell variable?): name a folder" in result.output
    assert "does not exist" not in result.output


def test_report_videos_given_a_link_that_loops_says_it_loops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--videos clips`` where ``clips`` is a symbolic link to itself. Before: "Directory 'clips' does not exist",
    where ``ls`` shows it there."""
    monkeypatch.chdir(tmp_path)
    Path("clips").symlink_to("clips")
    result = _kinemotion("report", "r.json", "--videos", "clips")
    assert result.exit_code == 2
    assert "clips is a symbolic link to clips that leads back to itself (a loop)" in result.output
    assert "does not exist" not in result.output


# --- an overlay given as a device -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "option", "example"),
    [("cmj", "--overlay", "out.mp4"), ("track", "--overlay", "out.mp4"), ("cmj", "-o", "out.json")],
)
def test_an_output_given_as_a_device_suggests_a_name_of_its_own_kind(
    tmp_path: Path, command: str, option: str, example: str
) -> None:
    """``cmj clip.mp4 --overlay /dev/null`` (to throw the overlay away). Before: "give a file name with its
    extension (out.json)", a JSON name for a video. Now the example is of the kind the option writes."""
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"")
    result = _kinemotion(command, video, option, "/dev/null")
    assert result.exit_code != 0
    assert "/dev/null is a device, a pipe or a socket, not a folder" in result.output
    assert f"give a file name with its extension ({example}) or a folder" in result.output


# --- report --pdf with KINEMOTION_CHROMIUM naming no program ---------------------------------------------------------


def test_report_pdf_with_chromium_variable_naming_no_program_fails_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``KINEMOTION_CHROMIUM=/opt/chrome report out/ --pdf s.pdf`` (a path from another computer). Before: the page
    was written, then "names no program here", exit 1, the page left as if the run had done half its work. Now
    said before anything is read or written, naming what to set."""
    monkeypatch.setenv("KINEMOTION_CHROMIUM", str(tmp_path / "no-such-chromium"))
    monkeypatch.chdir(tmp_path)
    result = _kinemotion("report", tmp_path / "missing.cmj.json", "-o", "s.html", "--pdf", "s.pdf")
    assert result.exit_code == 1, result.output
    assert f"KINEMOTION_CHROMIUM='{tmp_path / 'no-such-chromium'}' names no program here: set it to the" in (
        result.output
    )
    assert "Nothing was written; without --pdf the page is written alone" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- a browser that prints something other than a PDF ----------------------------------------------------------------


def test_a_browser_writing_html_for_the_pdf_is_said_to_write_no_pdf_and_nothing_is_kept(
    tmp_path: Path, one_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``KINEMOTION_CHROMIUM`` naming a wrapper that writes the page itself (HTML) where the PDF is asked for, and
    exits 0. Before: "printed ... only in part (no PDF end)", as if a PDF had been cut short. Now: the program wrote
    something that is not a PDF, naming the program, and no file is left under the PDF's name."""
    chromium = tmp_path / "chromium"
    chromium.write_text(
        '#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) '
        'printf "<!doctype html><p>hi</p>" > "${a#--print-to-pdf=}";; esac; done\nexit 0\n'
    )
    chromium.chmod(0o755)
    page, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    args = ["report", one_report, "-o", page, "--pdf", pdf, "-q"]
    monkeypatch.setenv("KINEMOTION_CHROMIUM", str(chromium))
    done = _kinemotion(*args)
    assert done.exit_code == 1, done.output
    assert (
        f"cannot write {pdf}: {chromium} wrote something that is not a PDF (24 bytes starting "
        "b'<!doctype html><', where a PDF starts %PDF-); nothing is kept" in done.output
    )
    assert "only in part" not in done.output
    assert not pdf.exists() and not list(tmp_path.glob("s.pdf*")) and not list(tmp_path.glob(".s.pdf*"))


# --- backend names the command line cannot give back -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "has"),
    [
        ("acme,gpu", "a comma"),
        ("acme/gpu", "a slash"),
        ("acme\npose", "a line break"),
        ("acme pose", "a space or tab"),
        ("acme\tpose", "a space or tab"),
    ],
)
def test_register_backend_refuses_a_name_that_cannot_be_given_back(name: str, has: str) -> None:
    """``register_backend(plugin)`` whose ``name`` is ``"acme,gpu"`` (or has a slash, a space, a line break).
    Before: accepted, then ``KINEMOTION_DISABLED_BACKENDS=acme,gpu`` read two names, and a line break split the
    run's ``[backend]`` lines and ``kinemotion backends``' table. Names have been "lower case with dashes" since
    contract 1.0: now refused, with the rule."""
    with pytest.raises(TypeError, match=rf"`name` {re.escape(repr(name))} has {has} in it: .*lower case with dashes"):
        kinemotion.register_backend(FakePlugin(name))
    assert normalize_name(name) not in {i.name for i in kinemotion.list_backends()}


@pytest.mark.parametrize("name", ["acme-pose", "Acme_Pose", "acme.pose", " acme "])
def test_register_backend_keeps_taking_names_the_command_line_can_give(registered: list[str], name: str) -> None:
    registered.append(kinemotion.register_backend(FakePlugin(name)))
    assert registered[-1] == normalize_name(name)


def test_an_installed_plugin_named_with_a_space_still_loads_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A plugin published before names with a space were refused (its entry point installed, its ``name``
    ``"acme pose"``) keeps loading: the contract is a promise to plugin authors. It is warned about, naming the
    rule and the fix, where ``register_backend`` (the author's own call) refuses the name."""
    site = tmp_path / "site"
    write_distribution(
        site,
        "acme-pose",
        "1.0",
        {"acme-pose": "acme_pose:Plugin"},
        {"acme_pose": plugin_module("acme pose")},
    )
    with on_sys_path(site), caplog.at_level(logging.WARNING):
        default_registry().refresh()
        try:
            names = {i.name for i in kinemotion.list_backends()}
        finally:
            default_registry().refresh()
    assert "acme pose" in names
    assert "'acme pose' has a space or tab in it" in caplog.text
    assert "lower case with dashes" in caplog.text
