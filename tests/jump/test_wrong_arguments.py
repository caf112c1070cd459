"""The public analyses given the wrong object say which argument, what they got and what to give.

Before: ``analyze_cmj(report)`` (a JumpReport, what ``analyze_video`` returns), ``find_box_drop(None)`` and
``JumpSignals.from_tracking("clip.json")`` raised Python's "'JumpReport' object has no attribute 'foot'" from
deep inside the analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kinemotion.jump import (
    JumpSignals,
    analyze_cmj,
    analyze_cmj_set,
    analyze_dropjump,
    analyze_dropjump_set,
    analyze_tracking,
    find_box_drop,
    find_box_drops,
)
from kinemotion.tracking import TrackingResult
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import hand_made_tracking

ANALYSES: list[tuple[Callable[..., Any], str]] = [
    (analyze_cmj, "cmj"),
    (analyze_cmj_set, "cmj"),
    (analyze_dropjump, "dropjump"),
    (analyze_dropjump_set, "dropjump"),
    (find_box_drop, "dropjump"),
    (find_box_drops, "dropjump"),
]


@pytest.fixture(scope="module")
def tracking() -> TrackingResult:
    t = np.arange(0, 3.5, 1 / 30)
    return hand_made_tracking(t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=3))


@pytest.mark.parametrize(("function", "kind"), ANALYSES, ids=lambda f: getattr(f, "__name__", f))
def test_an_analysis_given_none_names_its_argument_and_what_it_takes(function: Callable[..., Any], kind: str) -> None:
    with pytest.raises(TypeError) as caught:
        function(None)
    said = str(caught.value)
    assert said.startswith(f"{function.__name__}(s) takes the signals of a tracked clip (kinemotion.jump.JumpSignals)")
    assert "got NoneType: None" in said
    assert "JumpSignals.from_tracking(tracking)" in said


@pytest.mark.parametrize(("function", "kind"), ANALYSES, ids=lambda f: getattr(f, "__name__", f))
def test_an_analysis_given_a_report_says_it_is_analysed_already(
    function: Callable[..., Any], kind: str, tracking: TrackingResult
) -> None:
    report = analyze_tracking(tracking, "cmj")
    with pytest.raises(TypeError, match=r"got JumpReport: JumpReport\(kind='cmj'.*analysed already.*report\.jumps"):
        function(report)


@pytest.mark.parametrize(("function", "kind"), ANALYSES, ids=lambda f: getattr(f, "__name__", f))
def test_an_analysis_given_a_tracking_or_a_path_gives_the_call_that_analyses_it(
    function: Callable[..., Any], kind: str, tracking: TrackingResult
) -> None:
    with pytest.raises(TypeError, match=rf"got TrackingResult: .*analyze_tracking\(tracking, '{kind}'\)"):
        function(tracking)
    with pytest.raises(TypeError, match=rf"got \w*Path: .*analyze_video\(path, '{kind}'\).*read_json\(path\)"):
        function(Path("clip.json"))


def test_box_drops_given_flights_not_a_list_of_flights_says_so(tracking: TrackingResult) -> None:
    signals = JumpSignals.from_tracking(tracking)
    with pytest.raises(TypeError, match=r"find_box_drops\(flights\) takes a list of the flights .*got float: 0\.5"):
        find_box_drops(signals, 0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("given", [None, "clip.json", {}])
def test_signals_from_a_tracking_given_another_object_name_the_argument(given: object) -> None:
    with pytest.raises(TypeError, match=r"JumpSignals\.from_tracking\(result\) takes a kinemotion\.tracking\."):
        JumpSignals.from_tracking(given)  # type: ignore[arg-type]


def test_analyze_tracking_given_a_path_gives_the_calls_that_read_it() -> None:
    with pytest.raises(TypeError, match=r"analyze_tracking\(tracking\) takes .*got str: 'clip\.json'.*analyze_video"):
        analyze_tracking("clip.json", "cmj")  # type: ignore[arg-type]
