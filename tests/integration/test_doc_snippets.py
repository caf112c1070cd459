"""The documentation's Python snippets run as written, and its lists and tables are the code's.

A snippet is taken from the page itself (the fenced block after a given
phrase), so editing the page edits the test; only the file names a snippet
assumes (``cmj.mp4``, the demo video) are pointed at files the test has.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import kinemotion
import kinemotion.errors
from kinemotion import keypoints
from tests.assets import DEMO_VIDEO, asset
from tests.docs import DOCS, page, snippet
from tests.jump.physics import cmj_motion, landmarks
from tests.jump.physics_backend import SeriesPlugin, blank_video


@pytest.mark.models
def test_python_guide_tracker_snippet_runs_as_written() -> None:
    code = snippet("guide/python.md", "# Use it from Python").replace(
        "../shared/assets/video/backflip-demo.mp4", str(asset(DEMO_VIDEO))
    )
    code += "\nassert landmarks is not None and set(kinemotion.REQUIRED_LANDMARKS) <= set(landmarks)\n"
    # auto picks MediaPipe (its lite model is bundled): no model download in a test
    rtmpose = "rtmpose-cpu,rtmpose-openvino,rtmpose-cuda,rtmpose-coreml"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "KINEMOTION_DISABLED_BACKENDS": rtmpose},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "mediapipe True" in done.stdout


def test_python_guide_names_every_error_and_each_is_importable_from_kinemotion() -> None:
    text = page("guide/python.md")
    sentence = text.split("Errors derive from", 1)[1].split(".\n", 1)[0]
    named = set(re.findall(r"`(\w+Error)`", sentence))
    assert named == set(kinemotion.errors.__all__) - {"KinemotionError"}
    for name in named:
        assert issubclass(getattr(kinemotion, name), kinemotion.KinemotionError)


FPS = 30


@pytest.fixture
def cmj_clip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``cmj.mp4`` in the working folder, seen by a backend that auto picks (a physics-generated CMJ)."""
    t = np.arange(0, 3.5, 1 / FPS)
    ys = landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=5)
    plugin = SeriesPlugin("zz-doc-snippets", t, ys, priority=100_000)
    kinemotion.register_backend(plugin)
    monkeypatch.chdir(tmp_path)
    yield blank_video(tmp_path / "cmj.mp4", len(t), FPS)
    kinemotion.unregister_backend(plugin.name)


def test_jump_guide_snippets_run_as_written(cmj_clip: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kinemotion.tracking import track_video, write_json

    on_video: dict[str, object] = {}
    exec(snippet("guide/jumps.md", "From Python:\n"), on_video)  # analyze_video("cmj.mp4", "cmj", backend="auto")
    printed = capsys.readouterr().out.splitlines()
    first = re.match(r"1 \{'flight_time_s': ([\d.]+)", printed[0])  # the jump's number, then its metrics
    assert first and float(first[1]) == pytest.approx(0.5, abs=0.02)  # the generated flight
    assert printed[-1].startswith("{'count': 1, 'mean': ") and printed[-1].endswith(" 1")  # summary; best jump
    video_report = on_video["report"]

    write_json(track_video(cmj_clip, "zz-doc-snippets", progress=False), Path("out") / "demo.json")
    on_file: dict[str, object] = {}
    exec(snippet("guide/jumps.md", "**Track once, analyse again.**"), on_file)  # read_json("out/demo.json")
    file_report = on_file["report"]
    # "The numbers are those `kinemotion cmj` gives on the video" (landmarks stored to six decimals)
    (a,), (b,) = video_report.jumps, file_report.jumps  # type: ignore[attr-defined]
    assert a.metrics().keys() == b.metrics().keys()
    for name, value in a.metrics().items():
        assert b.metrics()[name] == pytest.approx(value, rel=1e-3, abs=1e-4), name


def test_python_guide_reads_a_cmj_s_fields_directly_as_written(
    cmj_clip: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Python guide's script reading ``jump.flight_time_s`` off ``report.jumps`` runs (and, with every guide
    block, type-checks under ``mypy --strict``: see below).

    Before: ``report.jumps`` was typed as the base ``JumpResult``, so ``jump.flight_time_s`` failed
    ``mypy --strict`` ("JumpResult" has no attribute "flight_time_s"): a script had to go through ``metrics()``.
    """
    exec(snippet("guide/python.md", "**Each jump's own fields, typed.**"), {})
    first, best = capsys.readouterr().out.splitlines()
    said = re.fullmatch(r"1 flight ([\d.]+) s depth [\d.]+", first)
    assert said and float(said[1]) == pytest.approx(0.5, abs=0.02), first  # the generated flight
    assert re.fullmatch(r"best: jump 1, 0\.[\d]{3} m", best), best


def test_python_guide_batch_of_videos_and_backends_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Python guide's table of every jump of a folder, seen by two backends, with each metric's uncertainty.

    Before: the Python guide showed only a tracker on one frame; reading a metric's uncertainty, a folder of
    videos, two backends side by side and a table for pandas were nowhere, and a metric not known came back
    as NaN or None depending on the metric.
    """
    t = np.arange(0, 3.5, 1 / FPS)
    plugins = [
        SeriesPlugin(name, t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=seed))
        for name, seed in (("zz-guide-a", 5), ("zz-guide-b", 6))
    ]
    for plugin in plugins:
        kinemotion.register_backend(plugin)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "videos").mkdir()
    blank_video(tmp_path / "videos" / "ana.mp4", len(t), FPS)
    blank_video(tmp_path / "videos" / "ben.mp4", len(t), FPS)
    blank_video(tmp_path / "videos" / "standing.mp4", FPS, FPS)  # one second of standing: no jump
    code = snippet("guide/python.md", "## Jumps: many videos, two backends, one table")
    assert '("mediapipe", "rtmpose-cpu")' in code, "update the test with the page"
    try:
        exec(code.replace('("mediapipe", "rtmpose-cpu")', '("zz-guide-a", "zz-guide-b")'), {})
    finally:
        for plugin in plugins:
            kinemotion.unregister_backend(plugin.name)
    said = capsys.readouterr().out
    assert said.count("standing.mp4 [zz-guide-") == 2, said  # the clip without a jump, said and passed over
    import csv

    with open("jumps.csv", encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    # jump_kind, as the command line's cmj-jumps.csv names it (there, "kind" is the analysis: cmj or dropjump)
    assert [(r["video"], r["backend"], r["jump"], r["jump_kind"]) for r in rows] == [
        ("ana.mp4", "zz-guide-a", "1", "cmj"),
        ("ana.mp4", "zz-guide-b", "1", "cmj"),
        ("ben.mp4", "zz-guide-a", "1", "cmj"),
        ("ben.mp4", "zz-guide-b", "1", "cmj"),
    ]
    for row in rows:
        assert float(row["flight_time_s"]) == pytest.approx(0.5, abs=0.02)  # the generated flight
        assert 0 < float(row["flight_time_s_uncertainty"]) < 0.05  # its ± in seconds, beside it
        assert float(row["jump_height_hip_m"]) > 0  # metres: athlete_height_m was given
        assert all(value != "nan" for value in row.values()), row  # not known is an empty cell, never NaN
        # the flags beside the numbers (before: the guide's table dropped them, and with them why a cell is empty)
        assert "each event is located to a fraction of a" in row["quality"], row["quality"]


def test_python_guide_tracking_a_folder_once_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide's folder tracked with one kept tracker, its landmarks written for ``read_json``, each analysed."""
    from kinemotion.jump import analyze_tracking
    from kinemotion.tracking import read_json

    t = np.arange(0, 3.5, 1 / FPS)
    plugin = SeriesPlugin("zz-guide-worker", t, landmarks(t, cmj_motion(t, 0.5), noise=0.001, drop_every=0, seed=5))
    kinemotion.register_backend(plugin)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "videos").mkdir()
    for name in ("ana", "ben"):
        blank_video(tmp_path / "videos" / f"{name}.mp4", len(t), FPS)
    code = snippet("guide/python.md", "To track a folder once")
    assert 'worker.track(video, "mediapipe")' in code, "update the test with the page"
    namespace: dict[str, object] = {}
    try:
        exec(code.replace('"mediapipe"', '"zz-guide-worker"'), namespace)
    finally:
        kinemotion.unregister_backend(plugin.name)
    assert sorted(p.name for p in (tmp_path / "landmarks").iterdir()) == ["ana.landmarks.json", "ben.landmarks.json"]
    (jump,) = namespace["report"].jumps  # type: ignore[attr-defined]
    again = analyze_tracking(read_json(tmp_path / "landmarks" / "ben.landmarks.json"), "cmj", athlete_height_m=1.80)
    assert again.jumps[0].flight_time_s == pytest.approx(jump.flight_time_s, abs=1e-4)


@pytest.mark.parametrize("kind", ["cmj", "dropjump"])
def test_the_outputs_page_names_the_jump_table_s_columns_in_order(kind: str) -> None:
    """The jump table's columns as the outputs page lists them, around the metrics and their uncertainties.

    Before: "(video, backend, jump number, `jump_kind` in a CMJ table, metrics, flags)": `video_path`,
    `kind` and the `<metric>_uncertainty` columns were not named, and the flags column is `quality`.
    """
    from kinemotion.jump import analyze_tracking
    from kinemotion.jump.report import jumps_csv
    from tests.jump.physics import dropjump_motion
    from tests.jump.physics_backend import hand_made_tracking

    text = page("guide/outputs.md").split("`FOLDER/cmj-jumps.csv`", 1)[1].split("An unknown value", 1)[0]
    shown = [n for n in re.findall(r"`([a-z_<>]+)`", text) if n not in ("cmj", "squat_jump")]  # values, not columns
    t = np.arange(0, 3.5, 1 / FPS)
    motion = cmj_motion(t, 0.5) if kind == "cmj" else dropjump_motion(t, 0.4, 0.22, 0.5)
    report = analyze_tracking(hand_made_tracking(t, landmarks(t, motion, noise=0.001, drop_every=0, seed=5)), kind)
    header = jumps_csv([report]).splitlines()[0].split(",")
    (jump,) = report.jumps
    metrics = set(jump.metrics())
    spread = {f"{m}_uncertainty" for m in jump.metric_uncertainty}
    layout = ["the metrics" if c in metrics else "<metric>_uncertainty" if c in spread else c for c in header]
    at = shown.index("<metric>_uncertainty")
    on_page = [*shown[:at], "the metrics", *shown[at:]]
    optional = {"jump_kind", "first_foot_down"} - set(header)  # the columns a table of this kind has not
    assert [c for c in on_page if c not in optional] == list(dict.fromkeys(layout))


def test_python_guide_save_load_tabulate_and_plot_runs_as_written(
    cmj_clip: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report saved, loaded again as JSON, tabulated, plotted and put on a page, from Python.

    Before: the Python guide showed no way to save a report, load it again, make the library's own table of it
    or plot it (``JumpReport.write_json``, ``jumps_csv``, ``plot_report`` were in no guide); a sports scientist
    hand-wrote a CSV and found no plot but ``--plot`` on the command line.
    """
    pytest.importorskip("matplotlib")
    import csv

    code = snippet("guide/python.md", "Save, load again, tabulate and plot")
    assert 'backend="mediapipe"' in code, "update the test with the page"
    exec(code.replace('backend="mediapipe"', 'backend="zz-doc-snippets"'), {})
    flight, plus_minus = capsys.readouterr().out.split()[:3:2]
    assert float(flight) == pytest.approx(0.5, abs=0.02) and 0 < float(plus_minus) < 0.05
    with open("out/jumps.csv", encoding="utf-8", newline="") as table:
        (row,) = list(csv.DictReader(table))
    assert row["video"] == "cmj.mp4" and float(row["flight_time_s"]) == pytest.approx(float(flight), abs=1e-6)
    assert Path("out/cmj.png").read_bytes().startswith(b"\x89PNG")
    assert Path("out/session.html").read_text(encoding="utf-8").count('<section class="video"') == 1


def test_report_guide_snippet_runs_as_written(cmj_clip: Path) -> None:
    """The session report's Python lines run after their own imports, on the folders they name.

    Before: the guide wrote ``kinemotion.report_html.read_session(...)``, which after ``import kinemotion``
    is an AttributeError (the package does not import its report module).
    """
    from kinemotion.jump import analyze_video

    report = analyze_video(cmj_clip, "cmj", backend="zz-doc-snippets")
    report.write_json(Path("out") / "cmj.cmj.json")
    report.write_json(Path("more") / "athlete3.cmj.json")
    Path("athletes.csv").write_text("video,athlete\ncmj.mp4,Ana\n", encoding="utf-8")
    code = textwrap.dedent(snippet("guide/report.md", "- From Python"))
    assert "import" in code.split("read_session(", 1)[0], "the snippet imports what it calls"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = Path("session.html").read_text(encoding="utf-8")
    assert page.count('<section class="video"') == 2 and ">Ana <span" in page
    table = Path("jumps.csv").read_text(encoding="utf-8").splitlines()
    assert table[0].startswith("athlete,video,") and all(row.startswith("Ana,cmj.mp4,") for row in table[1:])


def test_model_store_snippet_runs_once_its_digest_is_filled_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model store's example, with a real file's digest and size in its place, finds that file in
    ``$KINEMOTION_MODEL_DIR`` through its ``create`` (nothing downloaded), and a ``model_path`` that is not
    there is refused, naming it."""
    import hashlib

    from kinemotion.errors import ModelDownloadError

    offline = tmp_path / "models"
    offline.mkdir()
    weights = offline / "my-pose-s.onnx"
    weights.write_bytes(b"pretend weights")
    code = snippet("plugins/models.md", "offline folder and verified downloads:")
    assert '"<hex digest of the file>"' in code and "size=12_345_678," in code, "update the test with the page"
    code = code.replace("<hex digest of the file>", hashlib.sha256(weights.read_bytes()).hexdigest())
    code = code.replace("size=12_345_678,", f"size={weights.stat().st_size},")
    found: list[Path] = []
    namespace: dict[str, object] = {}
    exec(code, namespace)
    real_ensure = namespace["ensure_model"]
    namespace["ensure_model"] = lambda *args, **kwargs: found.append(real_ensure(*args, **kwargs))  # type: ignore[operator]
    monkeypatch.setenv("KINEMOTION_MODEL_DIR", str(offline))
    monkeypatch.setenv("KINEMOTION_OFFLINE", "1")
    create = namespace["create"]
    create(None)  # type: ignore[operator]
    assert found == [weights]
    with pytest.raises((ModelDownloadError, FileNotFoundError, ValueError), match="missing.onnx"):
        create(None, model_path=str(tmp_path / "missing.onnx"))  # type: ignore[operator]


def test_the_offline_table_names_every_model_file_each_backend_and_mode_needs() -> None:
    """Offline, a user puts the files the table names in ``KINEMOTION_MODEL_DIR`` and every mode runs.

    Before: the guide said "put the files in a folder" without naming them, and an RTMPose run offline
    failed on the pose model, then (once it was there) on the detector: two rounds to learn two names.
    """
    from kinemotion_mediapipe.model_files import MODEL_FILES
    from kinemotion_rtmpose.model_files import MODE_MODELS

    rows = re.findall(r"^\| `(rtmpose-\*|mediapipe)`, `(\w+)` \| (.+) \|$", page("guide/python.md"), re.M)
    table = {(backend, mode): set(re.findall(r"`([^`]+)`", files)) for backend, mode, files in rows}
    needed = {("rtmpose-*", m): {models.pose.filename, models.detector.filename} for m, models in MODE_MODELS.items()}
    needed |= {("mediapipe", m): {spec.filename} for m, spec in MODEL_FILES.items() if m != "lightweight"}
    assert table == needed


_NOT_COMMANDS = {"sj", "dj", "COMMAND"}
"""Words the guides show after ``kinemotion`` that are not commands: typed, ``sj``/``dj`` say what to use."""


def _shown_commands() -> Iterator[tuple[str, str]]:
    """Every ``kinemotion ...`` command line of the README and the guides (bash blocks, and inline code)."""
    for path in [DOCS.parent / "README.md", *sorted(DOCS.rglob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        lines = [
            ln
            for block in re.findall(r"```bash\n(.*?)```", text, re.S)
            for ln in re.sub(r"\\\n\s*", " ", block).splitlines()
        ]
        lines += re.findall(r"`((?:\.venv/bin/)?kinemotion [^`]+)`", re.sub(r"\s*\n\s*", " ", text))
        for line in lines:
            if re.match(r"\s*(?:\S*=\S*\s+)*(?:\.venv/bin/)?kinemotion\s", line):
                yield path.name, line.split(" #")[0]


def test_every_command_the_docs_show_takes_the_options_they_give_it() -> None:
    """A flag named in the README or a guide is one the command has, and a synopsis (``[--option ...]``) names
    every option of its command: a renamed or added option fails here until the pages follow it."""
    import click

    from kinemotion.cli.main import cli

    context = click.Context(cli)
    checked = 0
    for page_name, line in _shown_commands():
        match = re.match(r"\s*(?:\S*=\S*\s+)*(?:\.venv/bin/)?kinemotion(?:\s+-v+)?\s+(\w+)", line)
        if match is None or match[1] in _NOT_COMMANDS:
            continue
        command = cli.get_command(context, match[1])
        assert command is not None, f"{page_name}: no command {match[1]!r}: {line.strip()}"
        options = [
            set(p.opts) | set(p.secondary_opts)
            for p in command.params
            if isinstance(p, click.Option) and "--help" not in p.opts
        ]
        used = set(re.findall(r"(?<![\w./-])(--?[a-zA-Z][\w-]*)", line[match.end() :]))
        unknown = used - set().union(*options)
        assert not unknown, f"{page_name}: kinemotion {match[1]} has no {sorted(unknown)}: {line.strip()}"
        if "[" in line:  # a synopsis
            missing = [sorted(spellings) for spellings in options if not spellings & used]
            assert not missing, f"{page_name}: the synopsis of kinemotion {match[1]} lacks {missing}"
        checked += 1
    assert checked >= 30, checked  # the pages' commands were found


def _canonical(cell: str) -> list[list[str]]:
    """``left/right_shoulder, _elbow`` -> [[left_shoulder, right_shoulder], [left_elbow, right_elbow]]."""
    groups, sides = [], False
    for part in (p.strip() for p in cell.split(",")):
        if part.startswith("left/right_"):
            sides, part = True, part.removeprefix("left/right")
        if sides:
            groups.append([f"left{part}", f"right{part}"])
        else:
            groups.append([part])
    return groups


def test_keypoint_table_is_the_code_s_mapping() -> None:
    text = page("plugins/keypoints.md")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| canonical")]
    sets = {"Halpe26": keypoints.HALPE26, "COCO-17": keypoints.COCO17, "BlazePose-33": keypoints.BLAZEPOSE33}
    seen: dict[str, set[str]] = {name: set() for name in sets}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        names = _canonical(cells[0])
        for (set_name, order), cell in zip(sets.items(), cells[1:], strict=True):
            indices = [[int(i) for i in m if i] for m in re.findall(r"\b(\d+)(?:/(\d+))?\b", cell)]
            if not indices:
                continue
            assert len(indices) == len(names), f"{set_name}: {row}"
            for group, index in zip(names, indices, strict=True):
                assert [order[i] for i in index] == group, f"{set_name}: {row}"
                seen[set_name].update(group)
    for set_name, order in sets.items():
        assert seen[set_name] == set(order), f"{set_name}: keypoints missing from the table"


def test_backend_table_of_the_readme_and_the_home_page_is_the_installed_backends() -> None:
    shipped = {info.name: info for info in kinemotion.list_backends() if info.distribution.startswith("kinemotion-")}
    for text in ((DOCS.parent / "README.md").read_text(encoding="utf-8"), page("index.md")):
        rows = re.findall(r"^\| `([\w-]+)` \| `([\w\[\]-]+)` \| (\d+) \|", text, re.M)
        assert {name for name, _, _ in rows} == set(shipped)
        for name, distribution, priority in rows:
            assert distribution.split("[")[0] == shipped[name].distribution
            assert int(priority) == shipped[name].priority, name


def _metric_table(after: str) -> dict[str, list[str]]:
    """The rows of the jump guide's metric table after ``after``: name -> [unit, what, ±, best]."""
    text = page("guide/jumps.md")
    assert after in text, f"docs/guide/jumps.md no longer says {after!r}"
    rows = {}
    for line in text.split(after, 1)[1].strip().splitlines():
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        if name := re.fullmatch(r"`(\w+)`", cells[0]):
            rows[name[1]] = cells[1:]
    return rows


def _si_unit(metric: str) -> str:
    """The unit of ``metric`` as the JSON and CSV hold it: the session report's display unit, back in SI."""
    from kinemotion.report_html.metrics import unit_of

    return {"ms": "s", "cm": "m"}.get(unit_of(metric).symbol, unit_of(metric).symbol)


@pytest.mark.parametrize("kind", ["cmj", "dropjump"])
def test_the_jump_guide_names_every_metric_with_its_unit_uncertainty_and_best(kind: str) -> None:
    """A user reading ``jump_height_hip_bh`` or ``peak_concentric_velocity_bh_s`` finds its unit and meaning.

    Before: the guide described the metrics in prose and never named them, nor
    said what ``_bh`` is; it said every event and every timing metric had an
    uncertainty (time to take-off and the hip events have none).
    """
    from kinemotion.jump import ANALYSES, JumpSignals
    from kinemotion.jump.result import BEST_IS_LOWEST
    from tests.jump.physics import dropjump_motion

    t = np.arange(0, 3.5, 1 / FPS)
    motion = cmj_motion(t, 0.5) if kind == "cmj" else dropjump_motion(t, 0.4, 0.22, 0.5)
    signals = JumpSignals.from_series(t * 1000, landmarks(t, motion, noise=0.001, drop_every=0, seed=5))
    (jump,) = ANALYSES[kind].analyse(signals, 1.80).jumps
    table = _metric_table(f"`kinemotion {kind}`:\n")
    assert set(table) == set(jump.metrics()), "the table lists exactly the metrics the analysis gives"
    assert all(value is not None for value in jump.metrics().values())  # every metric was made: ± is known
    for name, (unit, what, pm, best) in table.items():
        assert unit == _si_unit(name), name
        assert what, name
        assert (pm == "±") == (name in jump.metric_uncertainty), name
        assert best == ("shortest" if name in BEST_IS_LOWEST else "highest"), name
    assert set(jump.uncertainty_s) == set(jump.phases_s)  # every event, the hips' ones too


@pytest.mark.parametrize("name", sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")))
def test_a_section_named_below_or_above_is_on_that_page_there(name: str) -> None:
    """`see "Many videos" below` must find "Many videos" further down the same page (a link when it is elsewhere).

    Before: track.md sent the reader to "Many videos" and "Batches on Ray" below, and backends.md to "Which
    person" below: those sections are on other pages (batches.md, python.md).
    """
    text = page(name)
    for match in re.finditer(r'"([^"\n]+)"\s+(below|above)', text):
        quoted, where = match[1], match[2]
        rest = text[match.end() :] if where == "below" else text[: match.start()]
        assert quoted in rest, f'docs/{name}: "{quoted}" {where} is not {where} on this page: link to its page'


def test_the_user_guide_s_python_snippets_type_check_under_mypy_strict(tmp_path: Path) -> None:
    """Every Python block of the user guide, as written, passes ``mypy --strict`` against the installed packages.

    Before: the guide's table of a folder's jumps read ``jump.jump_kind``, which ``report.jumps``
    (``JumpResult``) did not declare ("JumpResult" has no attribute "jump_kind"), and its first snippet passed
    OpenCV's frame (``MatLike`` to cv2's stubs) where ``process_frame`` takes a uint8 array: a user's script,
    copied from the page, failed its type check.
    """
    from mypy import api as mypy_api

    files = []
    for guide in sorted((DOCS / "guide").glob("*.md")):
        blocks = re.findall(r"^([ \t]*)```python\n(.*?)^[ \t]*```", guide.read_text(encoding="utf-8"), re.M | re.S)
        for number, (_, block) in enumerate(blocks):
            path = tmp_path / f"{guide.stem}_{number}.py"
            path.write_text(textwrap.dedent(block), encoding="utf-8")
            files.append(str(path))
    assert len(files) >= 6, files  # the Python guide's four, the jump guide's, the report guide's
    (tmp_path / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")  # the user's script: not this repository's
    options = ["--config-file", str(tmp_path / "mypy.ini"), "--cache-dir", str(tmp_path / ".mypy")]
    out, err, status = mypy_api.run(["--strict", "--no-error-summary", *options, *files])
    assert status == 0, out + err
