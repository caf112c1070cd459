"""``kinemotion bench``: frames/s of each backend on the same decoded frames."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kinemotion.cli._options import VideoPath, backend_option, bench_person_option, mode_option, nonempty_backend
from kinemotion.cli._table import format_table
from kinemotion.cli._terminal import echo
from kinemotion.pose.contract import ALL_BACKENDS, normalize_name
from kinemotion.pose.registry import default_registry
from kinemotion.terminal import printable_name

if TYPE_CHECKING:
    from kinemotion.errors import VideoReadError
    from kinemotion.tracking.decode import DecodedFrame

__all__ = ["bench"]

BASELINE_COLUMN = "vs mediapipe"
"""Frames/s as a multiple of the ``mediapipe`` backend's, measured in the same run (when it ran)."""


def _stages_line(r: object) -> str:
    """Where a frame's time goes for one backend: each stage's mean ms, and what is outside them."""
    from kinemotion.cli.bench import BenchResult

    assert isinstance(r, BenchResult)
    if r.stages_ms is None or not r.fps:
        return f"{r.backend}: no stage times (the backend does not report them)"
    outside = 1000 / r.fps - sum(r.stages_ms.values())
    parts = [f"{name} {ms:.2f}" for name, ms in r.stages_ms.items()] + [f"outside them {outside:.2f}"]
    return f"{r.backend} (ms per frame): " + ", ".join(parts)


def _row(r: object, baseline_fps: float | None) -> tuple[str, ...]:
    from kinemotion.cli.bench import BenchResult

    assert isinstance(r, BenchResult)
    if r.error:
        return (r.backend, r.mode, "-", "-", "-", "-", "-", "-", "-", f"error: {r.error.splitlines()[0]}")
    model = f"{r.model_ms:.1f}" if r.model_ms is not None else "n/a"
    ratio = f"{r.fps / baseline_fps:.2f}x" if baseline_fps else "-"
    return (
        r.backend,
        r.mode,
        r.provider or "-",
        f"{r.fps:.1f}",
        ratio,
        f"{r.ms_p50:.1f}",
        f"{r.ms_p90:.1f}",
        model,
        f"{r.found}/{r.frames}",
        "",
    )


def available_memory_bytes() -> int | None:
    """Memory this machine can give now: Linux's ``MemAvailable`` (free memory plus the cache it can drop), else
    the free pages the system counts (macOS); None where it does not say (Windows)."""
    import os

    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _size(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


MEMORY_SHARE = 0.5
"""The share of the free memory the decoded frames of ``bench`` may take (the backends need the rest)."""


def _check_frames_fit(video: str, first: int, wanted: int) -> None:
    """``bench`` decodes every frame it times into memory first: ``--frames 5000`` of a 4K clip is 124 GB,
    which the out-of-memory killer ended with no word. Refused when the frames would take more than
    :data:`MEMORY_SHARE` of the free memory, naming the most that fit.

    Raises:
        click.BadParameter: naming the size, the free memory and the most frames that fit.
    """
    from kinemotion.cli.bench import WARMUP
    from kinemotion.tracking.decode import VideoReader

    free = available_memory_bytes()
    if free is None:
        return
    with VideoReader(video) as reader:
        info = reader.info
    frame_bytes = max(1, info.width * info.height * 3)
    frames = min(wanted, max(0, info.frame_count - first)) if info.frame_count else wanted
    if frames * frame_bytes > MEMORY_SHARE * free:
        most = max(1, int(MEMORY_SHARE * free // frame_bytes) - WARMUP)
        raise click.BadParameter(
            f"{frames} decoded {info.width}x{info.height} frames of {video} take {_size(frames * frame_bytes)}, "
            f"more than half the memory free now ({_size(free)}): time at most {most} frames",
            param_hint="--frames",
        )


def _left_out(mode: str) -> dict[str, str]:
    """The backends ``--backend all`` does not time in ``mode``, each with why: the registry's reason for one that
    is unavailable here (as ``kinemotion backends`` gives it), or the modes it offers."""
    out: dict[str, str] = {}
    for info in default_registry().infos():
        if not info.available:
            out[info.name] = f"unavailable: {info.reason}"
        elif info.own_mode(mode) is None:
            out[info.name] = f"offers no mode {mode!r} (its modes: {', '.join(map(str, info.modes))})"
    return out


def _decoded_frames(video: str, start: int, count: int) -> list[DecodedFrame]:
    """The frames ``bench`` times (``count`` from ``start``) and the warm-up frames before them, decoded.

    Raises:
        click.BadParameter: ``--start`` is past the clip's end, or leaves nothing to time (exit 2).
        VideoReadError: the file stops decoding before the last of these frames (truncated or corrupt: exit 1),
            naming the frame it stops at, the frames its header announces and the ``--start``/``--frames`` that
            fit; nothing is timed.
    """
    from kinemotion.cli.bench import WARMUP
    from kinemotion.errors import VideoReadError
    from kinemotion.tracking.decode import VideoReader

    first = max(0, start - WARMUP)
    frames: list[DecodedFrame] = []
    with VideoReader(video) as reader:
        total = reader.info.frame_count
        try:
            frames.extend(reader.frames(first, WARMUP + count))
        except VideoReadError:
            if not frames and first == 0:
                raise  # not one frame decodes: the reader's own words (a codec or a corrupt file)
            raise _truncated(video, first + len(frames), total, start, count) from None
    if len(frames) <= WARMUP and start < total:  # the header counts frames the file does not hold
        decodable, cut = _decodable(video)
        if cut:  # cut short (not a clip trimmed by an edit list, whose header counts the frames hidden)
            raise _truncated(video, decodable, total, start, count)
        total = decodable
    if len(frames) <= WARMUP:
        problem = "is past its end" if start >= total else f"leaves nothing to time after {WARMUP} warm-up frames"
        raise click.BadParameter(f"{video} has {total} frames: --start {start} {problem}", param_hint="--start")
    return frames


def _decodable(video: str) -> tuple[int, bool]:
    """How many frames of ``video`` decode, from the first, and whether decoding failed after them (a cut file)."""
    from kinemotion.errors import VideoReadError
    from kinemotion.tracking.decode import VideoReader

    decoded = 0
    with VideoReader(video) as reader:
        try:
            for _ in reader.frames():
                decoded += 1
        except VideoReadError:
            return decoded, True
    return decoded, False


def _truncated(video: str, decoded_to: int, announced: int, start: int, count: int) -> VideoReadError:
    """The error for ``bench``'s frames going past where the file stops decoding (a truncated copy, an
    interrupted recording): nothing is timed (exit 1, as when no backend could be), and it says what fits."""
    import shlex

    from kinemotion.cli.bench import WARMUP
    from kinemotion.errors import VideoReadError

    first = max(0, start - WARMUP)
    asked = f"frames {first + WARMUP}-{first + WARMUP + count - 1} (after {WARMUP} warm-up frames)"
    if first + WARMUP >= decoded_to:  # --start is past the frames that decode: time the last ones that do
        start = max(0, decoded_to - count)
        first = max(0, start - WARMUP)
    fits = min(count, decoded_to - first - WARMUP)
    path = Path(video)
    bench = shlex.join(["kinemotion", "bench", video, "--start", str(start), "--frames", str(fits)])
    ffmpeg = shlex.join(["ffmpeg", "-i", video, "-c:v", "libx264", str(path.with_name(path.stem + ".h264.mp4"))])
    instead = f"Time frames that decode: {bench}; or re-encode" if fits >= 1 else "Re-encode"
    return VideoReadError(
        f"{video} is truncated or corrupt: decoding stops at frame {decoded_to} of the {announced} frames its "
        f"header announces, and bench was asked to time {asked}; nothing was timed. {instead} the frames that "
        f"decode into a whole file: {ffmpeg}"
    )


def _one_video(video: str, more: list[str]) -> None:
    """Refuse several videos (``bench clips/*.mp4``, as ``cmj`` takes them) saying that bench times one and how
    to time each, where click said only "Got unexpected extra arguments".

    Raises:
        click.UsageError: ``more`` names anything.
    """
    if more:
        shown = ", ".join(printable_name(v) for v in [video, *more][:3]) + (", ..." if len(more) > 2 else "")
        raise click.UsageError(
            f"bench times one VIDEO at a time, got {1 + len(more)} ({shown}): time each in turn, e.g. "
            '`for v in clips/*.mp4; do kinemotion bench "$v" -b all; done`'
        )


@click.command(context_settings={"allow_extra_args": True})  # more videos: said in words, below
@click.argument("video", type=VideoPath(dir_okay=False))
@click.option(
    "--backend",
    "-b",
    "backends",
    multiple=True,
    default=("all",),
    show_default=True,
    callback=nonempty_backend("all"),
    help="Backend name (repeat for several) or 'all' for every available backend.",
)
@mode_option("lightweight, balanced or performance: the mode every backend is timed in.")
@click.option("--start", default=0, show_default=True, help="First frame.")
@click.option("--frames", "count", default=120, show_default=True, help="How many frames to time.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--stages", is_flag=True, help="Also where a frame's time goes, stage by stage (backends that say).")
@bench_person_option
@backend_option
def bench(
    video: str,
    backends: tuple[str, ...],
    mode: str,
    start: int,
    count: int,
    as_json: bool,
    stages: bool,
    person: str | None,
    backend_options: tuple[tuple[str, object], ...],
) -> None:
    """Time backends on the same decoded frames of VIDEO (decoding excluded)."""
    from kinemotion.cli.bench import WARMUP, bench_backend

    _one_video(video, click.get_current_context().args)
    if start < 0 or count < 1:
        raise click.BadParameter("--start must be 0 or more and --frames 1 or more")
    from kinemotion.cli._options import check_backend_here

    every = {b for b in backends if normalize_name(b) == ALL_BACKENDS}  # `-b ALL` too: names are case-insensitive
    for name in dict.fromkeys(b for b in backends if b not in every):  # a wrong name is a wrong option (exit 2), as
        check_backend_here(name, mode)  # for track/cmj, not a row of errors (exit 1), before any frame is read
    first = max(0, start - WARMUP)  # warm up on the frames just before --start (or the first ones)
    _check_frames_fit(video, first, WARMUP + count)
    frames = _decoded_frames(video, start, count)
    timed_from, timed_to = first + WARMUP, first + len(frames) - 1
    names: list[str] = []
    left_out: dict[str, str] = {}
    for b in backends:
        if b in every:
            names += [i.name for i in default_registry().infos() if i.available and i.own_mode(mode) is not None]
            left_out |= _left_out(mode)
        else:
            names.append(normalize_name(b))  # `-b mediapipe -b MediaPipe` is one backend, timed once
    if not names:
        raise click.BadParameter(
            f"no available backend offers mode {mode!r} (`kinemotion backends` lists each one's modes)",
            param_hint="--mode",
        )
    options = dict(backend_options) | ({"person": person} if person else {})
    results = [bench_backend(frames, name, mode, WARMUP, **options) for name in dict.fromkeys(names)]
    left_out = {name: why for name, why in left_out.items() if name not in names}  # named as well: it has a row
    timed = any(r.error is None and r.fps for r in results)
    if as_json:
        echo(
            json.dumps(
                {
                    "video": video,
                    "start": timed_from,
                    "frames": timed_to - timed_from + 1,
                    "results": [asdict(r) for r in results],
                    "left_out": [{"backend": name, "reason": why} for name, why in left_out.items()],
                },
                indent=2,
            )
        )
        if not timed:
            raise SystemExit(1)  # every backend failed: each one's error is in the results
        return
    header = ("backend", "mode", "provider", "frames/s", BASELINE_COLUMN, "ms p50", "ms p90", "model ms", "found", "")
    baseline = next((r.fps for r in results if r.backend == "mediapipe" and not r.error and r.fps), None)
    echo(f"{video}: frames {timed_from}-{timed_to} timed after {WARMUP} warm-up frames, decoding excluded")
    echo(format_table([header, *(_row(r, baseline) for r in results)]))
    for name, why in left_out.items():
        echo(f"left out {name}: {why}")
    if stages:
        for r in results:
            echo(_stages_line(r))
    if not timed:
        echo("Error: no backend could be timed (each one's error is in the table above).", err=True)
        raise SystemExit(1)
