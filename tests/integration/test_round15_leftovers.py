"""What the fifteenth attack round left: a blank ``POSE_TRACKER_BACKEND``, a video named like an option, an empty
or looping ``--videos``, an overlay given as a device, a ``KINEMOTION_CHROMIUM`` naming no program, a browser that
prints something other than a PDF, and backend names the command line cannot give back.

Each test reproduces what a user or a plugin author could do and checks for one clear message saying what is wrong
and what to write.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kinemotion.cli.main import cli
from kinemotion.pose.selection import resolve_backend_name


def _kinemotion(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


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
