"""Hostile input, round 14: what a fourteenth outside attack (third-party plugins written carelessly against the
contract's older versions, odd numbers from them) found still broken.

Each test reproduces what a plugin author or a careless user could do and checks for one clear error naming the
backend, frame or rule and the fix, or for the right answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import kinemotion
from kinemotion.cli.main import cli
from kinemotion.tracking import track_video
from tests.core.fakes import FakePlugin, FakeTracker
from tests.jump.physics_backend import blank_video


def _kinemotion(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def registered() -> Iterator[list[str]]:
    """Backend names registered by the test, removed after it."""
    names: list[str] = []
    yield names
    for name in names:
        kinemotion.unregister_backend(name)


def _register(names: list[str], plugin: FakePlugin) -> str:
    kinemotion.register_backend(plugin)
    names.append(plugin.name)
    return plugin.name


# --- a plugin's create() failing with a ValueError or TypeError of its own -------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        ValueError("model weights corrupt at /models/pose.onnx"),
        TypeError("unsupported operand type(s) for +: 'NoneType' and 'int'"),
    ],
    ids=["value-error", "type-error"],
)
@pytest.mark.parametrize("command", ["track", "cmj", "bench"])
def test_a_backend_whose_create_fails_with_a_value_or_type_error_is_named_not_a_traceback(
    tmp_path: Path, registered: list[str], failure: Exception, command: str
) -> None:
    """A plugin's ``create()`` that raises ``ValueError`` (its model file is damaged, a setting it reads is
    wrong) or ``TypeError`` (a bug of its own, ``None + 1``), with no option given. Before: a bare traceback of
    the plugin's error (``track``, ``cmj`` and ``bench`` alike), as if the command had crashed: kept as the
    caller's mistake (a wrong mode), though the mode is checked against the plugin's own before ``create``."""
    name = _register(registered, FakePlugin("zz-create-fails", priority=-5, create_error=failure))
    video = blank_video(tmp_path / "v.mp4", 12, 30)
    args = ["bench", video, "-b", name, "--frames", "3"] if command == "bench" else [command, video, "-b", name]
    done = _kinemotion(*args, "-q") if command != "bench" else _kinemotion(*args)
    assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
    assert not isinstance(done.exception, (ValueError, TypeError)), done.exception  # type: ignore[attr-defined]
    output = done.output  # type: ignore[attr-defined]
    assert "Traceback" not in output, output
    assert "'zz-create-fails'" in output and str(failure) in output, output
    assert "report it to its authors" in output, output


def test_the_python_api_still_raises_the_kind_of_error_a_create_raised(tmp_path: Path, registered: list[str]) -> None:
    """The other side of the rule above: a script catching ``ValueError`` around ``track_video`` still catches
    a plugin's ``ValueError`` from ``create()``, now a :class:`kinemotion.BackendError` naming the backend too."""
    name = _register(registered, FakePlugin("zz-create-fails", priority=-5, create_error=ValueError("bad weights")))
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    with pytest.raises(ValueError, match=r"Backend 'zz-create-fails' failed to create a 'lightweight' tracker"):
        track_video(video, name, progress=False)
    with pytest.raises(kinemotion.BackendError, match="bad weights"):
        track_video(video, name, progress=False)
