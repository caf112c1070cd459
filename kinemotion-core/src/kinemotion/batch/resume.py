"""Resuming a batch: a video whose outputs all exist, from the same video and request, is not tracked again.

Outputs are written atomically (all of a video's files together), so their
existence means they are whole. The JSON also has to be ours (its schema,
with the fields a re-run reads), made from this very video (the path as
given, its size and a digest of its content, :func:`~kinemotion.tracking.identity.identify`:
another file under the same name is tracked again), from the same mode and
backend options (such as the person to follow: a run without ``--person``
does not reuse a report made with one), from the backend named now (the
caller names the one ``auto`` picks now when it knows it, see
:meth:`kinemotion.cli._options.TrackingRequest.done_before`; None or ``auto``
here: any backend), and by the releases installed now (the
``kinemotion_version`` it records, its backend distribution's version, and
the versions of what that distribution requires, its ``runtime``: an upgrade
may change the landmarks or the analysis), with the model files its tracker
loaded still the files recorded (``model_files``, plugin contract 1.5: a model
replaced under the same name), so changing the request
or upgrading redoes the work;
``--force`` always does. The other files asked for beside the JSON (an
overlay, a plot) must be the very files the run that wrote the JSON wrote
with it: the JSON records each one's size and digest under ``outputs``
(:func:`~kinemotion.tracking.identity.file_record`), so an overlay or plot left by another run (another
video under the same name, an earlier request) is never vouched for. A JSON that does not have that shape (hand-edited,
another program's) is never reused: the video is tracked again and the file
replaced.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kinemotion.versions import recorded_kinemotion_version, recorded_version, requirement_versions

__all__ = ["existing_report", "same_video"]


def _is_str_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def same_video(recorded: object, video: Path) -> bool:
    """Whether ``recorded`` (an output's ``video`` object) describes the file at ``video`` as it is now."""
    from kinemotion.tracking.decode import shown
    from kinemotion.tracking.identity import same_file

    return isinstance(recorded, dict) and recorded.get("path") == shown(video) and same_file(recorded, video)


def _agrees_with(data: dict[str, Any], video: Path) -> bool:
    """Whether what an output records of ``video`` (the very file, by its digest) agrees with what the file says
    now, and a landmark JSON's frame times stay within it
    (:func:`~kinemotion.tracking.recorded.recorded_video_problem`): a file edited consistently keeps the digest
    it copies and was reused as done."""
    from kinemotion.tracking.recorded import recorded_video_problem

    frames = data.get("frames")
    last = (
        frames[-1].get("timestamp_ms") if isinstance(frames, list) and frames and isinstance(frames[-1], dict) else None
    )
    last_ms = float(last) if isinstance(last, int | float) and not isinstance(last, bool) else None
    return recorded_video_problem(data["video"], video, last_ms) is None


def _same_model_files(used: Mapping[str, object]) -> bool:
    """Whether every model file the recorded tracker loaded (``model_files``, plugin contract 1.5) is still the
    file recorded (size and sha256): a model replaced under the same name makes other landmarks under the same
    backend, mode and release. A record without it (a tracker declaring none, an older kinemotion's) passes."""
    from kinemotion.tracking.model_files import same_model_file

    recorded = used.get("model_files", [])
    return isinstance(recorded, list) and all(same_model_file(entry) for entry in recorded)


def _options_name_the_model_files(used: Mapping[str, object]) -> bool:
    """Whether each recorded backend option that is a relative path to a model file the tracker loaded (``-O
    model_path=m.onnx``, a backend resolving it from the folder it runs in) still names that file from the folder
    this run is in: typed in another folder, the same words load that folder's ``m.onnx``, another model, though
    the options and the recorded file (still there, unchanged) both agree. An option naming no file here, or an
    absolute path (the words name one file wherever they are typed), passes."""
    recorded, options = used.get("model_files", []), used.get("options", {})
    if not isinstance(recorded, list) or not isinstance(options, dict):
        return True
    loaded = [Path(r["path"]) for r in recorded if isinstance(r, dict) and isinstance(r.get("path"), str)]
    for value in options.values():
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            given = Path(value).expanduser()
            if given.is_absolute():
                continue
            here = Path(os.path.abspath(given))
            if not here.is_file():
                continue
        except (OSError, ValueError, RuntimeError):  # no path at all (a NUL, a name too long, ~nobody)
            continue
        if any(model.name == here.name and not _same_place(model, here) for model in loaded):
            return False
    return True


def _same_place(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _same_backend_release(used: Mapping[str, object]) -> bool:
    """Whether the recorded backend's distribution is installed now at the recorded version, with what it
    requires at the recorded versions (``runtime``: an upgraded MediaPipe or ONNX Runtime computes other
    landmarks under the same plugin version); in-process backends, registered without a distribution, record
    none and pass."""
    distribution = used.get("distribution")
    if distribution is None:
        return True
    return (
        isinstance(distribution, str)
        and recorded_version(distribution) == used.get("version")
        and used.get("runtime") == requirement_versions(distribution)
    )


def existing_report(
    outputs: Sequence[Path | None],
    schema: str,
    backend: str | None,
    mode: str,
    options: Mapping[str, object] | None = None,
    *,
    video: Path | None = None,
    usable: Callable[[dict[str, Any]], bool] | None = None,
    companions: Mapping[str, Path | None] | None = None,
) -> dict[str, Any] | None:
    """The JSON (``outputs[0]``) when every output exists and it answers this request; else None.

    Args:
        outputs: the planned files, the JSON first (None: not asked for).
        schema: the ``schema`` the JSON must declare.
        backend: the backend asked for (None or ``"auto"``: any).
        mode: the mode asked for.
        options: the backend options asked for (all of them: one more or one less is another request), compared
            as the outputs record them (as text: ``threads=4`` is recorded ``"4"``).
        video: the video the outputs must come from (None: not checked).
        usable: a further check of the JSON's shape (what the caller reads from it).
        companions: the other planned files by role (``"overlay"``, ``"plot"``; None: not asked for), each
            of which the JSON must record under ``outputs`` as written with it
            (:func:`~kinemotion.tracking.identity.file_record`).
    """
    planned = [p for p in outputs if p is not None]
    if not planned or not all(p.is_file() for p in planned):
        return None
    from kinemotion.tracking.text_files import read_text

    try:  # a large file that opens as no JSON does (a video or disk image planted there) is not read whole
        data = json.loads(read_text(planned[0], json_head=True))
    except (OSError, ValueError, RecursionError):  # RecursionError: damaged beyond parsing ('[[[[...')
        return None
    if not isinstance(data, dict) or data.get("schema") != schema:
        return None
    used = data.get("backend")
    if not isinstance(used, dict) or not isinstance(used.get("name"), str) or used.get("mode") != mode:
        return None
    if data.get("kinemotion_version") != recorded_kinemotion_version() or not _same_backend_release(used):
        return None
    if not (_same_model_files(used) and _options_name_the_model_files(used)):
        return None
    if backend not in (None, "auto") and used["name"] != backend:
        return None
    recorded_options = used.get("options", {})
    if not _is_str_map(recorded_options) or recorded_options != {k: str(v) for k, v in (options or {}).items()}:
        return None
    if video is not None and not (same_video(data.get("video"), video) and _agrees_with(data, video)):
        return None
    if usable is not None and not usable(data):
        return None
    from kinemotion.tracking.identity import same_file

    written = data.get("outputs")
    for role, path in (companions or {}).items():
        if path is not None and not (isinstance(written, dict) and same_file(written.get(role), path)):
            return None  # left by another run (another video of the same name, another request)
    return data
