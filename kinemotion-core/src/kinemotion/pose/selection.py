"""Choosing a backend and creating its tracker: one path, which says what it chose and why.

``backend`` resolution: an explicit argument wins; ``None`` means the
``POSE_TRACKER_BACKEND`` environment variable, and ``"auto"`` when that is
unset. The rule of ``"auto"`` is :func:`auto_order`: the backends by
priority, each with the reason it cannot serve the mode (None: it can).
:func:`select_backend` creates the first that can (one that fails in
``create`` is skipped with its reason); :func:`explain_auto` only reads the
same order. A named backend that cannot run raises
:class:`~kinemotion.errors.BackendUnavailableError` with the reason and the
pip command that fixes it, never a silent substitute. The registry is
visited once per selection.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kinemotion.errors import (
    BackendError,
    BackendUnavailableError,
    KinemotionError,
    UnsupportedModeError,
    UnsupportedOptionError,
)
from kinemotion.extras import pip_install
from kinemotion.pose.contract import PoseTracker, normalize_name
from kinemotion.pose.discovery import import_fix
from kinemotion.pose.escapes import escaped_error
from kinemotion.pose.registry import BackendInfo, BackendRegistry, default_registry
from kinemotion.pose.rules import RULES, explain, rule_for_exception
from kinemotion.pose.tracker_shape import not_a_tracker
from kinemotion.pose.workdir import working_directory_kept

__all__ = [
    "BACKEND_ENV",
    "AutoChoice",
    "PoseTrackerFactory",
    "Selection",
    "auto_order",
    "check_mode",
    "create_tracker",
    "explain_auto",
    "resolve_backend_name",
    "select_backend",
]

logger = logging.getLogger(__name__)

BACKEND_ENV = "POSE_TRACKER_BACKEND"
"""The default backend's variable. Named by the project's seed, so it keeps its name outside ``KINEMOTION_*``."""


def resolve_backend_name(backend: str | None) -> str:
    """The backend name to use: the argument, else ``$POSE_TRACKER_BACKEND``, else ``auto``.

    Raises:
        TypeError: ``backend`` is not a str (or None).
    """
    if backend is not None and not isinstance(backend, str):
        raise TypeError(f"backend must be a backend name (str) or None, got {type(backend).__name__}: {backend!r}")
    if backend is None or not backend.strip():
        backend = _env_backend()
    return normalize_name(backend)


def check_mode(mode: object) -> str:
    """``mode`` when it is a str (whether a backend offers it is the backend's to say).

    Raises:
        TypeError: ``mode`` is not a str (``mode=3`` was said to be a mode no backend has).
    """
    if not isinstance(mode, str):
        raise TypeError(
            f"mode must be a backend mode (str: lightweight, balanced or performance), got {type(mode).__name__}: "
            f"{mode!r:.60}"
        )
    return mode


_SAID_BLANK: set[str] = set()
"""The blank values of :data:`BACKEND_ENV` warned about in this process (once each)."""


def _env_backend() -> str:
    """``$POSE_TRACKER_BACKEND`` stripped, or ``auto`` when unset or empty. One of spaces or tabs only is taken as
    unset too, with a warning once (as a ``KINEMOTION_PROBE_TIMEOUT`` that is not a number): it looked set, and the
    run went on with ``auto``, silently, where a backend was meant."""
    raw = os.environ.get(BACKEND_ENV, "")
    value = raw.strip()
    if raw and not value and raw not in _SAID_BLANK:
        _SAID_BLANK.add(raw)
        logger.warning(
            "%s=%r is blank (spaces only): taken as unset, so the backend is chosen by auto; set it to a backend's "
            "name as `kinemotion backends` lists it (e.g. %s=mediapipe), or unset it (unset %s)",
            BACKEND_ENV,
            raw,
            BACKEND_ENV,
            BACKEND_ENV,
        )
    return value or "auto"


def auto_order(infos: Iterable[BackendInfo], mode: str) -> Iterator[tuple[BackendInfo, str | None]]:
    """The rule of ``auto``: each backend, highest priority first, with why it cannot serve ``mode`` (None: it can)."""
    for info in infos:
        if not info.available:
            yield info, info.reason
        elif info.own_mode(mode) is None:
            yield info, f"does not offer mode {mode!r}"
        else:
            yield info, None


@dataclass(frozen=True)
class AutoChoice:
    """What ``backend="auto"`` would pick, from probes alone (no tracker is created)."""

    winner: BackendInfo | None
    skipped: tuple[tuple[str, str], ...]
    """``(backend, reason)`` for each backend passed over, in priority order."""


_CLOSE_FAILED: set[str] = set()
"""The backends whose ``close()`` has failed in this process (warned about once)."""


@dataclass(frozen=True)
class Selection:
    """A created tracker, the backend it came from, and why the backends before it were passed over."""

    tracker: PoseTracker
    info: BackendInfo
    skipped: tuple[tuple[str, str], ...] = ()
    """``(backend, reason)`` for each backend ``auto`` passed over (empty for a named backend)."""
    models_of: PoseTracker | None = None
    """The tracker whose models ``tracker`` runs, when it is one of its ``streams()`` (plugin contract 1.4): the
    model files that tracker loaded are the stream's, when the stream declares none of its own."""

    def close(self) -> None:
        """Close the tracker. A plugin's ``close()`` that fails is logged as a warning naming the backend and
        the contract rule, not raised: the work done with the tracker stands, and the command goes on."""
        try:
            with working_directory_kept(self.info.name, "close()"):
                self.tracker.close()
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - a plugin's bug, said once, never fatal
            if self.info.name in _CLOSE_FAILED:
                return  # a tracker made anew for each video of a batch: said for the first
            _CLOSE_FAILED.add(self.info.name)
            logger.warning(
                "backend %r: close() failed: %s; its results are kept. Report it to the backend's authors (%s: %s).",
                self.info.name,
                explain(exc),
                RULES["tracker.close"].cite(),
                RULES["tracker.close"].text,
            )


def _registry(registry: object) -> BackendRegistry:
    """The registry to look backends up in: ``registry``, or the process-wide one for None.

    Raises:
        TypeError: ``registry`` is something else (a backend's name given for it), saying what it takes.
    """
    if registry is None:
        return default_registry()
    if not isinstance(registry, BackendRegistry):
        raise TypeError(
            "registry: expected a BackendRegistry (kinemotion.default_registry(), or None for it), got "
            f"{type(registry).__name__}: {registry!r:.60}; a backend is named by its own argument (backend=, "
            "as in create_tracker('mediapipe'))"
        )
    return registry


def explain_auto(
    mode: str = "lightweight", registry: BackendRegistry | None = None, infos: list[BackendInfo] | None = None
) -> AutoChoice:
    """Which backend auto selection would pick for ``mode``, and why the others were not.

    Raises:
        TypeError: ``registry`` is not a :class:`~kinemotion.pose.registry.BackendRegistry` (None: the default).
    """
    reg = _registry(registry)
    skipped: list[tuple[str, str]] = []
    for info, reason in auto_order(infos if infos is not None else reg.infos(), mode):
        if reason is None:
            return AutoChoice(info, tuple(skipped))
        skipped.append((info.name, reason))
    return AutoChoice(None, tuple(skipped))


class BackendValueError(BackendError, ValueError):
    """A plugin's ``create()`` raised ``ValueError``: the backend's error, and a ``ValueError`` as it raised."""


def _create(info: BackendInfo, mode: str, options: dict[str, object]) -> PoseTracker:
    """``create`` on an available backend; a plugin's own failure named as the backend's."""
    assert info.plugin is not None  # available implies loaded
    try:
        with working_directory_kept(info.name, "create()"):
            tracker = info.plugin.create(info.own_mode(mode) or mode, **options)
    except KinemotionError:
        raise
    except (TypeError, ValueError) as exc:
        if rule_for_exception(exc) is None and isinstance(exc, TypeError) and options:
            given = ", ".join(f"{k}={v!r}" for k, v in options.items())
            # `kinemotion backends` says nothing of options: the backends known to take --person are named
            person = (
                " (--person on the command line), or choose a backend that takes it: the shipped backends all do "
                "(-b mediapipe from kinemotion-mediapipe, -b rtmpose-cpu or -b rtmpose-openvino from "
                "kinemotion-rtmpose)"
                if "person" in options
                else ", or choose a backend that takes it"
            )
            raise UnsupportedOptionError(
                f"Backend {info.name!r} does not take the option(s) {given}: its create() raised "
                f"{explain(exc)}. Leave the option out{person}"
            ) from exc
        # The mode is one the plugin offers (checked before): what it raises is its own (a damaged model, a bug),
        # or about an option's value; named as the backend's, and still a ValueError for a caller catching one.
        failed = BackendValueError if isinstance(exc, ValueError) else BackendError
        to_go_on = (
            "check the value of the option(s) " + ", ".join(f"{k}={v!r}" for k, v in options.items())
            if options
            else f"fix what it says, or report it to its authors ({info.distribution or 'its plugin'})"
        )
        raise failed(
            f"Backend {info.name!r} failed to create a {mode!r} tracker: {explain(exc)}. To go on, {to_go_on}, or "
            "choose another backend (`kinemotion backends` lists them)"
        ) from exc
    except Exception as exc:
        fix = import_fix(exc, info.distribution)
        raise BackendError(
            f"Backend {info.name!r} failed to create a {mode!r} tracker: {explain(exc)}" + (f": {fix}" if fix else "")
        ) from exc
    except KeyboardInterrupt:  # Ctrl-C: the user's, never the backend's
        raise
    except BaseException as exc:  # sys.exit() (the command ended silently), CancelledError (a traceback)
        raise escaped_error(
            exc,
            who=f"Backend {info.name!r}",
            failed=f"failed to create a {mode!r} tracker",
            during=f"while creating a {mode!r} tracker",
            to_go_on=f"Report it to its authors ({info.distribution or 'its plugin'}), or choose another backend "
            f"(`kinemotion backends` lists them) [{RULES['plugin.create'].cite()}].",
        ) from exc
    if isinstance(tracker, type):  # `return Tracker`: the class has the methods, unbound
        raise BackendError(
            f"Backend {info.name!r} returned the class {tracker.__name__} from create(), not a tracker: it must "
            f"return one made of it (return {tracker.__name__}(...)). Report it to its authors "
            f"({info.distribution or 'its plugin'}), or choose another backend (`kinemotion backends` lists them) "
            f"[{RULES['plugin.create'].cite()}]."
        )
    if not isinstance(tracker, PoseTracker):
        raise BackendError(
            f"Backend {info.name!r} returned {type(tracker).__name__} from create(), "
            f"which is not a PoseTracker (process_frame, close, context manager): {not_a_tracker(tracker)} "
            f"[{RULES['plugin.create'].cite()}]."
        )
    return tracker


def _select_named(info: BackendInfo, mode: str, options: dict[str, object]) -> Selection:
    if info.plugin is not None and info.own_mode(mode) is None:
        raise UnsupportedModeError(f"Backend {info.name!r} has no mode {mode!r}; it offers: {', '.join(info.modes)}.")
    if not info.available:
        raise BackendUnavailableError(info.refusal())
    return Selection(_create(info, mode, options), info)


def mode_problem(infos: Iterable[BackendInfo], mode: str) -> str | None:
    """Why ``auto`` cannot serve ``mode`` when no installed backend has it at all (a typo, ``-m fast``), naming
    the modes they have; None when one has it (or none is installed: that is said otherwise). Auto's error listed
    each backend "does not offer mode 'fast'" and ended "install another backend, e.g. pip install
    "kinemotion[mediapipe]"", of an installed MediaPipe. A backend that failed to load is named with its repair:
    its modes are not known, and it may be the one that has ``mode``."""
    infos = list(infos)
    loaded = [info for info in infos if info.plugin is not None]
    offered = list(dict.fromkeys(m for info in loaded for m in info.modes))
    if not offered or any(info.own_mode(mode) for info in loaded):
        return None
    problem = f"no installed pose backend has a mode {mode!r}; their modes: {', '.join(offered)}"
    broken = [info.refusal().rstrip(".") for info in infos if info.plugin is None]
    if broken:
        problem += f"; the modes of one that failed to load are not known: {'; '.join(broken)}"
    return problem


def _select_auto(infos: list[BackendInfo], mode: str, options: dict[str, object]) -> Selection:
    skipped: list[tuple[str, str]] = []
    failed: list[str] = []  # available by their probe, but create() failed
    for info, reason in auto_order(infos, mode):
        if reason is None:
            try:
                tracker = _create(info, mode, options)
            except Exception as exc:
                if isinstance(exc, TypeError) and options:
                    # An option this backend does not take is the caller's mistake (a typo, or another
                    # backend's option): said once, never hidden by moving on to one that happens to take it.
                    raise UnsupportedOptionError(
                        f"{exc} (backend='auto' chose {info.name!r}, the best backend here; check the option's "
                        "name, or name the backend that takes it, e.g. backend='mediapipe' for num_poses)"
                    ) from exc
                cause = exc.__cause__ if isinstance(exc, BackendError) and exc.__cause__ else exc
                reason = f"create() failed: {type(cause).__name__}: {cause}"
                # It probed available, so this is news to the user: say it without -v.
                logger.warning("Backend %r could not start, trying the next one: %s", info.name, reason)
                failed.append(info.name)
            else:
                if failed:  # the warnings above said what failed: say what runs instead, as plainly
                    names = ", ".join(repr(name) for name in failed)
                    logger.warning("Using pose backend %r (%s could not start).", info.name, names)
                else:
                    logger.info("Auto-selected pose backend %r (%s mode)", info.name, mode)
                return Selection(tracker, info, tuple(skipped))
        else:
            logger.info("Auto selection skipped backend %r: %s", info.name, reason)
        skipped.append((info.name, reason))
    unknown_mode = mode_problem(infos, mode)
    if unknown_mode is not None:
        raise UnsupportedModeError(f"{unknown_mode[0].upper()}{unknown_mode[1:]}.")
    listing = "\n".join(f"  - {name}: {reason}" for name, reason in skipped) or "  (no backend is installed)"
    # MediaPipe installed (it failed above, or lacks the mode): installing it is no way on
    other = (
        "another backend (`kinemotion backends` lists those installed and what each lacks)"
        if any(info.name == "mediapipe" for info in infos)
        else f"another backend, e.g. {pip_install('mediapipe')}"
    )
    raise BackendUnavailableError(
        f"No pose backend can run in {mode!r} mode here:\n{listing}\nFix one of the reasons above, or install {other}"
    )


def select_backend(
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    registry: BackendRegistry | None = None,
    **options: object,
) -> Selection:
    """Choose a backend (see the module docstring), create its tracker, and say what was chosen and why.

    Args:
        backend: a backend name, ``"auto"``, or None for the environment default.
        mode: ``lightweight``, ``balanced`` or ``performance`` (what the backend offers).
        registry: where to look up backends (default: the process-wide one).
        **options: passed to the backend's ``create``.

    Raises:
        UnknownBackendError: ``backend`` names nothing known.
        BackendUnavailableError: the backend (or, for auto, every backend) cannot run.
        UnsupportedModeError: the named backend does not offer ``mode``.
        TypeError: an option the backend does not take (with ``auto``: the one it chose; never moved on
            to another backend that takes it).
        ValueError: an option's value is wrong (``person`` is checked before any backend is created).
        TypeError: ``registry`` is not a :class:`~kinemotion.pose.registry.BackendRegistry` (None: the default);
            ``mode`` is not a str.
    """
    reg = _registry(registry)
    name = resolve_backend_name(backend)
    check_mode(mode)
    if options.get("person") is not None:  # checked once, the same way for every backend
        from kinemotion.pose.person import PersonChoice

        PersonChoice.parse(options["person"])  # type: ignore[arg-type]
    if name == "auto":
        return _select_auto(reg.infos(), mode, options)
    return _select_named(reg.info(name), mode, options)


class PoseTrackerFactory:
    """Creates pose trackers by backend name or automatically (:func:`select_backend`, tracker only)."""

    @classmethod
    def create(
        cls,
        backend: str | None = None,
        mode: str = "lightweight",
        *,
        registry: BackendRegistry | None = None,
        **options: object,
    ) -> PoseTracker:
        """Create a tracker; see :func:`select_backend` for the arguments and errors."""
        return select_backend(backend, mode, registry=registry, **options).tracker


def create_tracker(
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    registry: BackendRegistry | None = None,
    **options: object,
) -> PoseTracker:
    """Function form of :meth:`PoseTrackerFactory.create`."""
    return select_backend(backend, mode, registry=registry, **options).tracker
