"""What the fourteenth attack round found and left: the Python API given the wrong thing, a report's JSON with a
NaN, a warning said twice, an athlete list with two ``video`` columns.

Each test reproduces what a careless user or plugin author could do and checks for one clear error saying what was
expected (never an ``AttributeError`` from inside kinemotion, never a file that is not JSON), or for the right answer.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

import kinemotion
from kinemotion.errors import KinemotionError
from tests.core.distributions import env_with, plugin_module, write_distribution
from tests.jump.physics_backend import blank_video

# --- the Python API given the wrong thing ---------------------------------------------------------------------------


@pytest.mark.parametrize("athletes", [["clip01.mp4", "Ana Silva"], "athletes.csv", [("clip01.mp4", "Ana Silva")]])
def test_read_session_given_athletes_not_as_a_mapping_says_what_it_takes(tmp_path: Path, athletes: object) -> None:
    """``read_session(out, athletes=[...])`` (a list, or the CSV's path for the list it holds). Before:
    "AttributeError: 'list' object has no attribute 'items'" from inside it."""
    from kinemotion.report_html import read_session

    with pytest.raises(TypeError, match=r"athletes: expected a mapping of video -> athlete .*read_athletes\("):
        read_session(tmp_path, athletes=athletes)  # type: ignore[arg-type]


def test_read_session_given_a_mapping_of_other_things_says_so(tmp_path: Path) -> None:
    from kinemotion.report_html import read_session

    with pytest.raises(TypeError, match=r"athletes: expected .* text to text, got 'clip01\.mp4' -> 7"):
        read_session(tmp_path, athletes={"clip01.mp4": 7})  # type: ignore[dict-item]


@pytest.mark.parametrize("registry", ["x", ["mediapipe"], 3])
def test_explain_auto_given_something_else_for_its_registry_says_what_it_takes(registry: object) -> None:
    """``explain_auto(registry="mediapipe")`` (a backend's name for the registry). Before: "AttributeError: 'str'
    object has no attribute 'infos'" from inside it."""
    with pytest.raises(TypeError, match=r"registry: expected a BackendRegistry .*default_registry\(\).*got "):
        kinemotion.explain_auto(registry=registry)  # type: ignore[arg-type]
    assert kinemotion.explain_auto(registry=None).skipped is not None  # None: the default registry, as before


# --- a report's JSON holding a NaN ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_write_report_json_refuses_a_value_json_cannot_hold_naming_its_field(tmp_path: Path, bad: float) -> None:
    """A report built by hand (a script filling in a metric it could not compute as NaN). Before: the file was
    written with ``NaN`` in it, which is not JSON (a strict reader, a browser's ``JSON.parse``, refuses it);
    kinemotion's own reports hold null for a value not known."""
    from kinemotion.jump.report import write_report_json

    data = {
        "schema": "kinemotion.jump/1",
        "kind": "cmj",
        "video": {"path": str(tmp_path / "v.mp4")},
        "jumps": [{"jump_height_m": 0.31}, {"jump_height_m": bad}],
    }
    target = tmp_path / "v.cmj.json"
    with pytest.raises(ValueError, match=r"jumps\[1\]\.jump_height_m is (nan|inf|-inf): .*None \(null\)"):
        write_report_json(data, target)
    assert not target.exists()
    data["jumps"][1]["jump_height_m"] = None
    json.loads(write_report_json(data, target).read_text(), parse_constant=_not_json)  # null: valid JSON


def _not_json(token: str) -> object:
    raise AssertionError(f"{token} is not JSON")


# --- a plugin whose entry point is named unlike its backend -----------------------------------------------------


def test_an_entry_point_named_unlike_its_backend_is_warned_about_once(tmp_path: Path) -> None:
    """``-b`` naming the entry point of a plugin whose backend has another name. Before: the warning "Entry point
    'zz-ep' of kinemotion-zz provides a backend named 'zz-named'" was printed twice (once loading the named entry
    point alone, once discovering every backend)."""
    site = tmp_path / "site"
    write_distribution(site, "kinemotion-zz", "1.0", {"zz-ep": "zz_mod:Plugin"}, {"zz_mod": plugin_module("zz-named")})
    video = blank_video(tmp_path / "v.mp4", 6, 30)
    done = subprocess.run(
        [sys.executable, "-m", "kinemotion", "track", str(video), "-o", str(tmp_path / "v.json"), "-b", "zz-ep"],
        env=env_with(site),
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 2 and "Unknown backend 'zz-ep'" in said
    assert said.count("Entry point 'zz-ep' of kinemotion-zz provides a backend named 'zz-named'") == 1, said


# --- an athlete list with a column twice ------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["video,athlete,Video", "video,athlete,athlete", "Video ,athlete,video"])
def test_an_athlete_list_with_a_column_twice_is_refused_naming_the_file_and_column(tmp_path: Path, header: str) -> None:
    """A spreadsheet with a second ``video`` column (the clip's other name, added later). Before: the last one was
    used silently, every athlete matched to the wrong video or to none."""
    from kinemotion.report_html import read_athletes

    path = tmp_path / "athletes.csv"
    path.write_text(f"{header}\nclip01.mp4,Ana Silva,clip01-side.mp4\n", encoding="utf-8")
    column = "athlete" if header.count("athlete") == 2 else "video"
    with pytest.raises(KinemotionError, match=rf"{path}: the athlete list has 2 '{column}' columns .*keep one"):
        read_athletes(path)
