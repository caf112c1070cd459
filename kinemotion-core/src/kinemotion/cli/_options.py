"""The click options the commands share, each group handed to the command as one settings object.

- :func:`tracking_options`: ``--backend``, ``--mode``, ``--person``, ``--backend-option``, ``--quiet`` ->
  ``request`` (:class:`TrackingRequest`), for ``track``, ``cmj`` and ``dropjump``.
- :func:`batch_options`: ``--jobs``, ``--executor``, ``--gpus-per-task``, ``--force`` -> ``batch``
  (:class:`BatchSettings`), for the same three.
- :func:`bench_person_option` and :data:`backend_option`: ``--person`` and ``--backend-option``
  (``kinemotion bench``).
"""

from __future__ import annotations

import functools
import math
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from kinemotion.batch.executors import EXECUTORS, ExecutorName, Results, check_gpus_per_task, execute
from kinemotion.batch.parallelism import Jobs, parse_jobs
from kinemotion.batch.resume import existing_report
from kinemotion.batch.tasks import VideoTask
from kinemotion.cli._paths import HomePath, drawn_overlays, one_name_per_file
from kinemotion.cli._terminal import echo
from kinemotion.errors import KinemotionError
from kinemotion.extras import pip_install
from kinemotion.terminal import printable_name

__all__ = [
    "DEFAULT_MODE",
    "BatchSettings",
    "TrackingRequest",
    "VideoPath",
    "backend_option",
    "batch_options",
    "bench_person_option",
    "mode_name",
    "mode_option",
    "nonempty_backend",
    "path_option",
    "person_option",
    "tracking_options",
    "video_batch_command",
    "videos_argument",
]

F = TypeVar("F", bound=Callable[..., object])


class VideoPath(HomePath):
    """A video file's path; a URL is refused as such (a path would mangle ``https://`` into ``https:/``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as a :class:`~pathlib.Path`, unless it is a URL (a usage error naming it)."""
        from kinemotion.tracking.decode import is_url

        if isinstance(value, str) and is_url(value):
            self.fail(f"{value}: URLs are not supported; download the video first and give its file path", param, ctx)
        if isinstance(value, str) and not value.strip():  # "$VIDEO" unset: it was read as '.', the current folder
            self.fail("is empty (an unset shell variable?): give a video's path", param, ctx)
        if value == "-":  # it was read as a file or folder named '-'
            self.fail("- (standard input) cannot be tracked: save the video to a file and give its path", param, ctx)
        return super().convert(value, param, ctx)


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False where asking fails (a name too long for the filesystem: said, as any
    unreadable video is, when the video is opened)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _not_folders_alone(ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]) -> tuple[Path, ...]:
    """Folders alone (``cmj clips -o out``) are a usage error before any work: there is nothing to track, and
    the run would still have written an empty jump table over the earlier one. A folder among videos (a shell's
    ``clips/*`` catching a subfolder) fails alone, as an unreadable video does."""
    if value and all(_is_folder(path) for path in value):
        from kinemotion.tracking.decode import unreadable_reason

        raise click.BadParameter("; ".join(unreadable_reason(path) or str(path) for path in value), ctx, param)
    return value


videos_argument = click.argument(
    "videos", nargs=-1, required=True, type=VideoPath(path_type=Path), callback=_not_folders_alone
)
"""The VIDEO... argument of ``track``, ``cmj`` and ``dropjump``."""


def path_option(*names: str, help: str) -> Callable[[F], F]:
    """An option naming an output file or folder: a :class:`~pathlib.Path`, None when not given. A value that
    ends with a slash names a folder (:func:`kinemotion.cli._paths.given_as_folder`)."""
    from kinemotion.cli._paths import OutputPath

    return click.option(*names, type=OutputPath(path_type=Path), default=None, help=help)


def _person(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from kinemotion.pose.person import PersonChoice

    try:
        return PersonChoice.parse(value).describe().replace("point ", "")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def nonempty_backend(default: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A ``--backend`` callback (one name, or several with ``multiple=True``): the value as given, but an empty
    name (``-b "$BACKEND"`` with the variable unset) is refused, naming ``default`` (``auto``, ``all``) as the
    word to give instead: it meant the default, silently running another backend than the script named."""

    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        names = value if isinstance(value, tuple) else (value,)
        if any(name is not None and not name.strip() for name in names):
            raise click.BadParameter(
                f"is empty (an unset shell variable?): name a backend (`kinemotion backends` lists them) or '{default}'"
            )
        return value

    return check


def mode_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--mode`` in any case and spacing, as backend names are: ``-m Balanced`` is ``balanced``."""
    return value.strip().lower()


_PERSON_HELP = (
    "Whom to follow when several people are in view: the largest (default), the one nearest the "
    "frame's centre, or the one nearest the point X,Y (fractions of width and height, e.g. 0.3,0.6) "
    "when first seen."
)

person_option = click.option(
    "--person",
    default=None,
    callback=_person,
    metavar="largest|center|X,Y",
    help=_PERSON_HELP + " Recorded in the outputs.",
)
"""``--person largest|center|X,Y``: whom to follow when several people are in view."""

bench_person_option = click.option(
    "--person", default=None, callback=_person, metavar="largest|center|X,Y", help=_PERSON_HELP
)
"""``--person`` of ``kinemotion bench``, which writes no outputs to record it in."""


def option_value(text: str) -> object:
    """A ``--backend-option`` value as a backend's ``create()`` takes it: ``true``/``false`` (any case) a bool,
    a whole number an int, another number a float, anything else the text as given (``fp32``, a model's path)."""
    word = text.strip()
    if word.lower() in ("true", "false"):
        return word.lower() == "true"
    try:
        return int(word)
    except ValueError:
        pass
    try:
        number = float(word)
    except ValueError:
        return text
    return number if math.isfinite(number) else text  # `nan`, `inf`: words, as given


_OWN_OPTIONS = {
    "person": "--person",
    "backend": "-b/--backend",
    "mode": "-m/--mode",
    "overlay": "--overlay",
    "progress": "-q/--quiet (no progress bar)",
    "path": "the VIDEO argument",
    "registry": None,
    "frames": None,
    "warmup": None,
}
"""Keys ``-O`` cannot pass: the tracking's own parameters (``track_video``, ``select_backend``,
``bench_backend``), which a backend option of that name would collide with; the option to give instead."""


def _backend_options(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[tuple[str, object], ...]:
    """``-O KEY=VALUE`` given (repeatable) as ``(key, value)`` pairs, the values read by :func:`option_value`;
    a pair without ``=``, an empty or repeated key, or a key of :data:`_OWN_OPTIONS` is a usage error."""
    pairs: dict[str, object] = {}
    for given in value:
        key, sep, text = given.partition("=")
        key = key.strip()
        if sep and key and not key.isidentifier():  # KEY=VALUE, but no name create() takes as a keyword
            fixed = key.replace("-", "_")
            fix = f": give -O {shlex.quote(f'{fixed}={text}')}" if fixed.isidentifier() else " (letters, digits and _)"
            raise click.BadParameter(f"{key!r} is no option name{fix}", ctx, param)
        if not sep or not key.isidentifier():
            raise click.BadParameter(f"{given!r} is not KEY=VALUE (e.g. -O precision=fp32, -O threads=4)", ctx, param)
        if key in _OWN_OPTIONS:
            instead = _OWN_OPTIONS[key]
            raise click.BadParameter(
                f"{key!r} is no backend option: " + (f"give it with {instead}" if instead else "leave it out"),
                ctx,
                param,
            )
        if key in pairs:
            raise click.BadParameter(f"{key!r} is given twice: give each option once", ctx, param)
        pairs[key] = option_value(text)
    return tuple(pairs.items())


backend_option = click.option(
    "--backend-option",
    "-O",
    "backend_options",
    multiple=True,
    metavar="KEY=VALUE",
    callback=_backend_options,
    help="An option for the backend's create() (repeatable), e.g. -O precision=fp32 -O threads=4: true/false "
    "are read as yes/no, numbers as numbers. An option the backend does not take is an error naming it.",
)
"""``--backend-option``/``-O KEY=VALUE`` (repeatable): options passed to the backend, as ``track_video``'s
``**options`` are from Python."""


DEFAULT_MODE = "lightweight"
"""``--mode`` when not given."""


def mode_option(help: str) -> Callable[[F], F]:
    """``--mode``/``-m``: lightweight (the default), balanced or performance, in any case (:func:`mode_name`)."""
    return click.option("--mode", "-m", default=DEFAULT_MODE, show_default=True, callback=mode_name, help=help)


def _grouped(
    options: list[Callable[[F], F]], name: str, make: Callable[[click.Context, dict[str, object]], object]
) -> Callable[[F], F]:
    """A decorator adding ``options`` to a command, whose values reach it as one keyword ``name`` built by ``make``."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)  # keeps the options already attached to fn (click's __click_params__)
        def wrapper(*args: object, **kwargs: object) -> object:
            kwargs[name] = make(click.get_current_context(), kwargs)
            return fn(*args, **kwargs)

        wrapped: Callable[..., object] = wrapper
        for option in reversed(options):
            wrapped = option(wrapped)
        return wrapped  # type: ignore[return-value]

    return decorate


@dataclass(frozen=True)
class TrackingRequest:
    """Which backend tracks the videos and how: what every output records and a re-run compares."""

    backend: str | None
    mode: str
    person: str | None
    quiet: bool
    backend_options: tuple[tuple[str, object], ...] = ()
    """The ``--backend-option KEY=VALUE`` pairs given, values read (:func:`option_value`)."""

    @property
    def options(self) -> tuple[tuple[str, object], ...]:
        """The backend options (``person`` when given, then ``--backend-option``), as a batch task carries them."""
        return ((("person", self.person),) if self.person else ()) + self.backend_options

    def task(self, video: Path, overlay: Path | None = None) -> VideoTask:
        """The batch task that tracks ``video`` as requested (drawing ``overlay`` when given)."""
        return VideoTask(str(video), self.backend, self.mode, self.options, None if overlay is None else str(overlay))

    @functools.cached_property
    def _auto_probed(self) -> str | None:
        """The backend ``auto`` picks here now for this mode from the backends' probes alone (None: none can);
        cheap: no tracker is created (see :attr:`_auto_here` for whether it also starts)."""
        from kinemotion.pose.selection import explain_auto

        try:
            winner = explain_auto(self.mode).winner
        except KinemotionError:
            return None  # then the backend auto starts is found by starting it (_auto_here)
        return None if winner is None else winner.name

    @functools.cached_property
    def _auto_here(self) -> str | None:
        """The backend ``auto`` starts on this machine now for this mode and options (None: none can); found
        once, by starting it as a worker does (a backend that probes available can still fail to start, e.g.
        its model cannot be downloaded, and auto moves on), then closed."""
        from kinemotion.pose.selection import select_backend

        try:
            selection = select_backend("auto", self.mode, registry=None, **dict(self.options))  # as a worker does
        except (KinemotionError, TypeError, ValueError):
            return None  # the workers say why, video by video
        selection.close()  # a plugin's failing close() is warned about, as after tracking
        return selection.info.name

    def done_before(
        self,
        video: Path,
        outputs: Sequence[Path | None],
        schema: str,
        usable: Callable[[dict[str, Any]], bool] | None = None,
        companions: Mapping[str, Path | None] | None = None,
        *,
        tracked_here: bool = True,
    ) -> dict[str, Any] | None:
        """The JSON of an earlier run of this request on this very ``video`` whose outputs all exist
        (see :mod:`kinemotion.batch.resume`); ``usable`` checks what the caller reads from it, and each
        of ``companions`` (overlay, plot) must be the file that run wrote with the JSON.

        With ``auto``, the JSON must come from the backend auto picks here now (one installed since, or
        one that can no longer run, makes it stale) when the videos are tracked on this machine
        (``tracked_here``; found once, and only when some output exists): the backends' probes say which
        (cheap), and only an output of another backend is checked against the one auto really starts (a
        backend that probes available may fail to start, and auto moves on). Whether auto's pick of the
        probes also starts matters only when some video of the batch is tracked (the batch must not mix
        backends): :meth:`still_done` checks it then. On a Ray cluster each node picks its own, and any
        backend's output is reused.
        """
        backend = self.backend
        auto = backend in (None, "auto") and tracked_here
        if auto and not all(p.is_file() for p in outputs if p is not None):
            return None  # nothing to reuse: auto is not probed for it
        found = existing_report(
            outputs,
            schema,
            None if auto else backend,
            self.mode,
            dict(self.options),
            video=video,
            usable=usable,
            companions=companions,
        )
        if found is None or not auto:
            return found
        made_by = found["backend"]["name"]
        return found if made_by == self._auto_probed or made_by == self._auto_here else None

    def still_done(self, found: Sequence[dict[str, Any] | None]) -> list[dict[str, Any] | None]:
        """``found`` (:meth:`done_before` of each video of a batch) as it stands once some video is to be
        tracked: with ``auto``, an output made by the backend auto picks from the probes is current only if
        that backend also starts here now (else the videos tracked now would get another backend than the
        ones skipped, a mixed batch). Nothing is checked when every video was done before (nothing is
        tracked, nothing is mixed) or when a backend is named."""
        if self.backend not in (None, "auto") or all(f is not None for f in found):
            return list(found)
        probed = [f for f in found if f is not None and f["backend"]["name"] == self._auto_probed]
        if not probed or self._auto_here == self._auto_probed:
            return list(found)
        return [None if f is not None and f["backend"]["name"] != self._auto_here else f for f in found]


def _request(ctx: click.Context, kwargs: dict[str, object]) -> TrackingRequest:
    from kinemotion.pose.selection import resolve_backend_name

    backend, mode, person = kwargs.pop("backend"), kwargs.pop("mode"), kwargs.pop("person")
    options = kwargs.pop("backend_options")
    assert isinstance(options, tuple)
    return TrackingRequest(
        # resolved here (the option, else $POSE_TRACKER_BACKEND, else auto): a re-run compares the backend
        # asked for, and every worker (a Ray node has its own environment) tracks with it
        backend=resolve_backend_name(None if backend is None else str(backend)),
        mode=str(mode),
        person=None if person is None else str(person),
        quiet=bool(kwargs.pop("quiet")),
        backend_options=options,
    )


tracking_options = _grouped(
    [
        click.option(
            "--backend",
            "-b",
            default=None,
            callback=nonempty_backend("auto"),
            help="Backend name or 'auto' (default: $POSE_TRACKER_BACKEND, else auto).",
        ),
        mode_option("lightweight, balanced or performance."),
        person_option,
        backend_option,
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    ],
    "request",
    _request,
)
"""``--backend``, ``--mode``, ``--person``, ``--backend-option`` and ``--quiet``, handed to the command as
``request``."""


@dataclass(frozen=True)
class BatchSettings:
    """How a command runs its videos (see :mod:`kinemotion.batch.executors`)."""

    executor: ExecutorName
    jobs: Jobs
    gpus_per_task: float
    force: bool

    def done_before(
        self,
        request: TrackingRequest,
        video: Path,
        outputs: Sequence[Path | None],
        schema: str,
        usable: Callable[[dict[str, Any]], bool] | None = None,
        companions: Mapping[str, Path | None] | None = None,
    ) -> dict[str, Any] | None:
        """:meth:`TrackingRequest.done_before` as these settings ask: never with ``--force``, and with what auto
        starts on this machine unless the videos are tracked on a Ray cluster (each node picks its own)."""
        if self.force:
            return None
        here = self.executor == "local"
        return request.done_before(video, outputs, schema, usable, companions, tracked_here=here)

    def still_done(
        self, request: TrackingRequest, found: Sequence[dict[str, Any] | None]
    ) -> list[dict[str, Any] | None]:
        """``found`` (:meth:`done_before` of each video of the batch) once the batch is known: with ``auto``
        on this machine, :meth:`TrackingRequest.still_done` (no mixed batch); on Ray, as found."""
        return request.still_done(found) if self.executor == "local" else list(found)

    def run(self, tasks: Sequence[VideoTask], quiet: bool) -> Results:
        """Track ``tasks`` with these settings: ``(index, result)`` as each finishes (see :func:`execute`)."""
        progress = False if quiet else None
        return execute(
            tasks, executor=self.executor, jobs=self.jobs, gpus_per_task=self.gpus_per_task, progress=progress
        )


def _settings(ctx: click.Context, kwargs: dict[str, object]) -> BatchSettings:
    executor = str(kwargs.pop("executor"))
    gpus = float(kwargs.pop("gpus_per_task"))  # type: ignore[arg-type]
    force = bool(kwargs.pop("force"))
    try:
        jobs = parse_jobs(str(kwargs.pop("jobs")))
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param_hint="--jobs") from None
    try:
        check_gpus_per_task(gpus)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param_hint="--gpus-per-task") from exc
    if gpus and executor != "ray":
        raise click.BadParameter("asks Ray for GPUs: use it with --executor ray", ctx=ctx, param_hint="--gpus-per-task")
    return BatchSettings(executor, jobs, gpus, force)  # type: ignore[arg-type]


batch_options = _grouped(
    [
        click.option(
            "--jobs",
            "-j",
            default="auto",
            show_default=True,
            metavar="N|auto",
            help="Videos tracked at once (local workers; each keeps its backend from video to video). auto: from "
            "the CPUs this process may use and the backend (-v shows the choice).",
        ),
        click.option(
            "--executor",
            type=click.Choice(EXECUTORS),
            default="local",
            show_default=True,
            help="local: this machine (-j processes). ray: each video a Ray task, on the cluster in $RAY_ADDRESS "
            f"or a local Ray ({pip_install('ray')}).",
        ),
        click.option(
            "--gpus-per-task",
            type=float,
            default=0.0,
            show_default=True,
            help="With --executor ray: GPUs Ray reserves for each video (e.g. 1 to run rtmpose-cuda on GPU nodes).",
        ),
        click.option("--force", is_flag=True, help="Redo videos whose outputs already exist (default: skip them)."),
    ],
    "batch",
    _settings,
)
"""``--jobs``, ``--executor``, ``--gpus-per-task`` and ``--force``, handed to the command as ``batch``."""


def check_backend_here(backend: str, mode: str, named_by: str = "--backend") -> None:
    """A named backend exists here and offers ``mode``: checked once, before any video, instead of every video
    failing alike (one error per video, exit 1). Only its own entry point is loaded and probed.

    Raises:
        click.BadParameter: on ``named_by`` (no such backend: the option, or the variable when the option was
            not given) or ``--mode`` (one it does not offer).
    """
    from kinemotion.errors import UnknownBackendError
    from kinemotion.pose.registry import default_registry

    if backend == "auto":  # auto's own error lists every backend and why each cannot run in this mode; a mode that
        from kinemotion.pose.selection import mode_problem  # none has is said once, here, not once per video

        problem = mode_problem(default_registry().infos(), mode)
        if problem is not None:
            raise click.BadParameter(problem, param_hint="--mode")
        return

    try:
        info = default_registry().info(backend)
    except UnknownBackendError as exc:
        raise click.BadParameter(str(exc), param_hint=named_by) from None
    except KinemotionError:
        return  # not installed: said per video, with the pip command, as for a backend that cannot run here
    if info.plugin is not None and info.own_mode(mode) is None:
        raise click.BadParameter(
            f"backend {info.name!r} has no mode {mode!r}; it offers: {', '.join(info.modes)}", param_hint="--mode"
        )


def _checked_here(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: object, **kwargs: Any) -> object:
        request, batch = kwargs["request"], kwargs["batch"]
        # the names given, before other names of one file are left out: an output option still names a folder for
        # several names (`*.mp4 -o results.v1` matching a video and a link to it)
        kwargs["names_given"] = len(kwargs["videos"])
        kwargs["videos"], same = one_name_per_file(kwargs["videos"])
        for later, earlier in same:  # one file: tracked once, its jumps listed once
            first = printable_name(str(earlier))
            echo(
                f"{printable_name(str(later))}: the same file as {first} (a link, or another name of it): done "
                f"once, as {first}"
            )
        kwargs["videos"], drawn = drawn_overlays(kwargs["videos"])
        for overlay, video in drawn:  # `cmj clips/*.mp4` after `--overlay clips/`: never its own copy as a clip
            drawn_of = printable_name(str(video))
            echo(
                f"{printable_name(str(overlay))}: named as the overlay kinemotion draws of {drawn_of} (given too), so "
                "left out; give it alone to analyse it, or write overlays into a folder of their own"
            )
        if batch.executor == "local":  # a Ray node has its own installation: its workers say what it lacks
            given = click.get_current_context().params.get("backend")
            check_backend_here(str(request.backend), request.mode, "--backend" if given else "$POSE_TRACKER_BACKEND")
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM: said by the command's top level, with how to go on
            hint = RESUME_HINT.replace("again", "without --force") if batch.force else RESUME_HINT  # else all redone
            setattr(exc, RESUME_ATTRIBUTE, hint)  # an attribute KeyboardInterrupt does not declare
            raise

    return wrapper  # type: ignore[return-value]


RESUME_ATTRIBUTE = "kinemotion_resume"
"""The attribute of a ``KeyboardInterrupt`` stopping a batch of videos that holds :data:`RESUME_HINT`."""
RESUME_HINT = "Run the same command again to go on: what was written is complete and is skipped, the rest is done."
"""What a stopped ``track``, ``cmj`` or ``dropjump`` run adds to "Interrupted." (it said only that); "without
--force" instead of "again" for a run given ``--force``, which the same command would redo from the start."""


def video_batch_command(fn: F) -> F:
    """The VIDEO... argument, :func:`tracking_options` and :func:`batch_options`: what ``track``,
    ``cmj`` and ``dropjump`` all take (``request`` and ``batch`` reach the command, and ``names_given``: how many
    video names were given, links to one file among them, before the others were left out). A named backend is
    checked here before any video (:func:`check_backend_here`)."""
    return videos_argument(tracking_options(batch_options(_checked_here(fn))))
