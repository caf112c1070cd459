"""The backends this process can see, and whether each can run here.

The registry merges the discovered entry points (:mod:`kinemotion.pose.discovery`)
with in-process registrations, applies ``KINEMOTION_DISABLED_BACKENDS``
(comma separated names: listed as disabled, never selected), and probes
through :func:`safe_probe`, which turns an exception, a hang or a wrong
answer into an unavailable result. It answers with :class:`BackendInfo`;
choosing among them is :mod:`kinemotion.pose.selection`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from kinemotion.errors import BackendUnavailableError, UnknownBackendError
from kinemotion.extras import SHIPPED_BACKENDS, install_hint
from kinemotion.pose.contract import ENTRY_POINT_GROUP, Availability, BackendPlugin, normalize_name
from kinemotion.pose.discovery import (
    DiscoveredBackend,
    checked_plugin,
    discover,
    entry_points_by_name,
    import_fix,
    load_backend,
    silent_plugin_distributions,
)
from kinemotion.pose.rules import tagged
from kinemotion.pose.workdir import working_directory_kept

if TYPE_CHECKING:
    from collections.abc import Iterable
    from importlib.metadata import EntryPoint

__all__ = [
    "DISABLED_ENV",
    "PROBE_TIMEOUT_ENV",
    "BackendInfo",
    "BackendRegistry",
    "default_registry",
    "safe_probe",
]

logger = logging.getLogger(__name__)

DISABLED_ENV = "KINEMOTION_DISABLED_BACKENDS"
PROBE_TIMEOUT_ENV = "KINEMOTION_PROBE_TIMEOUT"
_MODEL_FILES_MARK = "KINEMOTION_MODEL_DIR"
"""A probe reason naming the offline model folder is about model files (kinemotion.models.MODEL_DIR_ENV)."""
PROBE_TIMEOUT_S = 60.0
"""How long a plugin's probe may take (``$KINEMOTION_PROBE_TIMEOUT`` overrides); a CUDA probe starts a session."""


@dataclass(frozen=True)
class BackendInfo:
    """One backend as ``kinemotion backends`` shows it: where it comes from and whether it can run here."""

    name: str
    distribution: str
    version: str | None
    priority: int | None
    modes: tuple[str, ...]
    available: bool
    reason: str
    source: str
    disabled: bool = False
    """Named in ``KINEMOTION_DISABLED_BACKENDS``: never selected."""
    plugin: BackendPlugin | None = field(default=None, repr=False, compare=False)
    """The loaded plugin (None when it failed to load): what selection calls ``create`` on."""

    def own_mode(self, mode: str) -> str | None:
        """The backend's own spelling of ``mode`` (modes match in any case: the command line takes ``-m Fast``
        as ``fast``, and a plugin declaring ``"Fast"`` could not be chosen at all); None when it has no such mode."""
        wanted = mode.strip().lower() if isinstance(mode, str) else mode
        return next((m for m in self.modes if isinstance(m, str) and m.strip().lower() == wanted), None)

    def as_dict(self) -> dict[str, object]:
        """The fields ``kinemotion backends --json`` shows (all but the plugin object)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "plugin"}

    def refusal(self) -> str:
        """Why this backend cannot be used, with the fix: the message of a named backend that cannot run."""
        if self.plugin is None and "plugin.contract_version" in self.reason:
            return f"Backend {self.name!r} from {self.distribution} is unavailable: {self.reason}."
        if self.plugin is None:
            return (
                f"Backend {self.name!r} from {self.distribution} is unavailable: {self.reason}. "
                f"Reinstall or upgrade {self.distribution}."
            )
        if self.disabled:
            return f"Backend {self.name!r} is disabled by the environment variable {DISABLED_ENV}."
        # A missing model file is fixed by fetching the file (the reason says how), not by pip: pip's
        # hint is for a backend whose package or runtime is missing.
        hint = None if _MODEL_FILES_MARK in self.reason else install_hint(self.name)
        fix = f" To install or repair it: {hint}" if hint else ""
        reason = self.reason.rstrip(".")
        return f"Backend {self.name!r} is unavailable: {reason}.{fix}"


def _probe_timeout() -> float:
    raw = os.environ.get(PROBE_TIMEOUT_ENV)
    if not raw:
        return PROBE_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 86_400:
        if raw not in _WARNED_TIMEOUTS:  # read for every probe and plugin load: said once
            _WARNED_TIMEOUTS.add(raw)
            logger.warning(
                "%s=%r is not a number of seconds more than 0 and less than a day (86400); using %.0f s",
                PROBE_TIMEOUT_ENV,
                raw,
                PROBE_TIMEOUT_S,
            )
        return PROBE_TIMEOUT_S
    return value


_WARNED_TIMEOUTS: set[str] = set()


def safe_probe(plugin: BackendPlugin, distribution: str | None = None) -> Availability:
    """Call ``plugin.probe()`` with a deadline; an exception, a hang or a wrong return type becomes "unavailable"
    (a module not installed named with the pip command, from ``distribution``'s metadata when given)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            with working_directory_kept(str(getattr(plugin, "name", plugin)), "probe()"):
                outcome.append(plugin.probe())
        except BaseException as exc:  # noqa: BLE001 - a plugin's probe must never break discovery (sys.exit too)
            outcome.append(exc)

    timeout = _probe_timeout()
    worker = threading.Thread(target=run, name=f"probe-{plugin.name}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or not outcome:
        return Availability.no(f"probe did not answer in {timeout:g} s (set {PROBE_TIMEOUT_ENV} to wait longer)")
    result = outcome[0]
    if isinstance(result, BaseException):
        fix = import_fix(result, distribution)
        said = f"probe() raised {type(result).__name__}: {result}"
        return Availability.no(tagged(said, "plugin.probe") + (f": {fix}" if fix else ""))
    if not isinstance(result, Availability):
        problem = f"probe() returned {type(result).__name__}, expected kinemotion.Availability"
        return Availability.no(tagged(problem, "plugin.probe"))
    return _shown_whole(result)


MAX_REASON_CHARS = 2000
"""A probe's reason is cut to this many characters: it is shown in one row of ``kinemotion backends``, and in
each error about the backend (a plugin that put a whole log or file there printed megabytes)."""


def _shown_whole(availability: Availability) -> Availability:
    """``availability`` with its reason as text that fits a line: a reason that is not text named as such, line
    breaks as spaces, and one longer than :data:`MAX_REASON_CHARS` cut, saying so."""
    reason = availability.reason
    if not isinstance(reason, str):
        reason = f"(probe() gave a {type(reason).__name__} as the reason, not a str)"
    reason = " ".join(reason.splitlines())
    if len(reason) > MAX_REASON_CHARS:
        reason = f"{reason[:MAX_REASON_CHARS]}... (cut: the plugin's reason is {len(reason)} characters long)"
    return availability if reason == availability.reason else Availability(availability.available, reason)


def _disabled_names() -> set[str]:
    raw = os.environ.get(DISABLED_ENV, "")
    return {normalize_name(n) for n in raw.split(",") if n.strip()}


_WARNED_DISABLED: set[str] = set()


def _warn_unknown_disabled(disabled: set[str], known: Iterable[str]) -> None:
    """Say once that :data:`DISABLED_ENV` names what no backend is called (``*``, a typo, names separated by
    ``;`` or spaces): it disabled nothing, silently, and the backend meant to be kept out was still picked."""
    unknown = sorted(disabled - set(known))
    said = ",".join(unknown)
    if multiprocessing.parent_process() is not None:  # a worker of a batch: the command has said it
        return
    if unknown and said not in _WARNED_DISABLED:
        _WARNED_DISABLED.add(said)
        logger.warning(
            "%s names %s, which no installed backend is called: nothing is disabled by %s (names separated by "
            "commas, each as `kinemotion backends` lists it: %s)",
            DISABLED_ENV,
            ", ".join(map(repr, unknown)),
            "it" if len(unknown) == 1 else "them",
            ", ".join(sorted(known)),
        )


def _describe(found: DiscoveredBackend, disabled: set[str]) -> BackendInfo:
    """``found`` with its availability: disabled, failed to load, or what its probe says."""
    plugin = found.plugin
    if plugin is None:
        availability = _shown_whole(Availability.no(found.load_error or "failed to load"))
    elif found.name in disabled:
        availability = Availability.no(f"disabled by {DISABLED_ENV}")
    else:
        availability = safe_probe(plugin, found.distribution)
    return BackendInfo(
        name=found.name,
        distribution=found.distribution,
        version=found.version,
        priority=None if plugin is None else plugin.priority,
        modes=() if plugin is None else tuple(plugin.modes),
        available=availability.available,
        reason=availability.reason,
        source=found.source,
        disabled=found.name in disabled,
        plugin=plugin,
    )


class BackendRegistry:
    """All backends this process can see, keyed by normalised name."""

    def __init__(self, group: str = ENTRY_POINT_GROUP) -> None:
        self._group = group
        self._lock = threading.RLock()
        self._discovered: dict[str, DiscoveredBackend] | None = None
        """Every plugin, loaded (listing and auto)."""
        self._entry_points: dict[str, list[EntryPoint]] | None = None
        """The declared entry points by name, none imported."""
        self._named: dict[str, DiscoveredBackend | None] = {}
        """Backends loaded alone because they were named."""
        self._registered: dict[str, DiscoveredBackend] = {}

    # -- registration ---------------------------------------------------------------
    def register(self, plugin: BackendPlugin, *, replace: bool = False) -> str:
        """Register ``plugin`` in this process, without an entry point.

        In-process registrations take precedence over entry points of the same
        name. Returns the normalised name.

        Raises:
            TypeError: ``plugin`` does not honour the contract.
            ValueError: the name is already registered in-process and not ``replace``.
        """
        checked = checked_plugin(plugin)
        name = normalize_name(checked.name)
        with self._lock:
            if name in self._registered and not replace:
                raise ValueError(
                    f"backend {name!r} is already registered in this process; pass replace=True or unregister it first"
                )
            self._registered[name] = DiscoveredBackend(name, "<in-process>", None, "registered in-process", checked)
        return name

    def unregister(self, name: str) -> None:
        """Remove an in-process registration (entry points are not affected).

        Raises:
            TypeError: ``name`` is not a str (the plugin object given for its name, None).
            ValueError: ``name`` is an installed plugin's (an entry point) that is not registered in-process:
                nothing would be removed (a name neither registered nor installed is let pass: a teardown).
        """
        if not isinstance(name, str):
            fix = f": pass its name, {name.name!r}" if isinstance(getattr(name, "name", None), str) else ""
            raise TypeError(f"unregister takes the backend's name (str), got {type(name).__name__}{fix}")
        key = normalize_name(name)
        with self._lock:
            if self._registered.pop(key, None) is not None:
                return
            if self._entry_points is None:
                self._entry_points = entry_points_by_name(self._group)
            installed = key in self._entry_points
        if installed:  # nothing was removed: never silently, for a name the caller meant to stop using
            raise ValueError(
                f"{key!r} is an installed plugin (an entry point), not a backend registered in this process: "
                "unregister removes only what register added. To keep a run from using it, set "
                f"KINEMOTION_DISABLED_BACKENDS={key} (or uninstall its distribution)"
            )

    def refresh(self) -> None:
        """Forget loaded entry points; the next lookup scans installed distributions again."""
        with self._lock:
            self._discovered = None
            self._entry_points = None
            self._named.clear()

    # -- lookup ----------------------------------------------------------------------
    def _all(self) -> dict[str, DiscoveredBackend]:
        """Every backend: every plugin imported (each within the probe's deadline)."""
        with self._lock:
            if self._discovered is None:
                self._discovered = discover(self._group, _probe_timeout())
            merged = dict(self._discovered)
            for name, found in self._registered.items():
                if name in merged:
                    logger.debug("In-process backend %r shadows %s", name, merged[name].source)
                merged[name] = found
        return merged

    def names(self) -> list[str]:
        """Names of every discovered backend, loadable or not, sorted."""
        return sorted(self._all())

    def _alone(self, key: str) -> DiscoveredBackend | None:
        """Backend ``key`` with only its own entry points imported (None: none is registered under that name)."""
        with self._lock:
            if key in self._registered:
                return self._registered[key]
            if self._discovered is not None:
                return self._discovered.get(key)
            if key not in self._named:
                if self._entry_points is None:
                    self._entry_points = entry_points_by_name(self._group)
                self._named[key] = load_backend(key, self._entry_points, _probe_timeout())
            return self._named[key]

    def _find(self, name: str) -> DiscoveredBackend:
        key = normalize_name(name)
        found = self._alone(key) or self._all().get(key)  # all: a plugin registered under another name
        if found is not None:
            return found
        hint = install_hint(key)
        if hint is not None:
            raise BackendUnavailableError(f"Backend {key!r} is not installed. Install it with: {hint}")
        known = ", ".join(self.names()) or "none installed"
        silent = silent_plugin_distributions(self._group)
        hint_silent = (
            f" Installed distributions that look like plugins register no backend: {', '.join(silent)}; check "
            f'that their pyproject.toml declares [project.entry-points."{self._group}"] (the group name '
            "exactly) and reinstall them."
            if silent
            else ""
        )
        raise UnknownBackendError(
            f"Unknown backend {name!r}. Installed backends: {known}. "
            f"Backends kinemotion ships: {', '.join(sorted(SHIPPED_BACKENDS))} (see `kinemotion backends`)."
            f"{hint_silent}"
        )

    def info(self, name: str) -> BackendInfo:
        """Backend ``name``, probed (unless disabled or broken: then unavailable, see :meth:`BackendInfo.refusal`).

        Raises:
            UnknownBackendError: no such backend.
            BackendUnavailableError: one kinemotion ships, not installed (with the pip command).
        """
        disabled = _disabled_names()
        if disabled:
            _warn_unknown_disabled(disabled, self._all())
        return _describe(self._find(name), disabled)

    def infos(self) -> list[BackendInfo]:
        """Every backend with its availability, highest priority first (then by name).

        Probes each loadable backend (probes are cheap and cached by the plugins
        that need it).
        """
        disabled = _disabled_names()
        found_all = self._all()
        _warn_unknown_disabled(disabled, found_all)
        out = [_describe(found, disabled) for found in found_all.values()]
        out.sort(key=lambda i: (-(i.priority if i.priority is not None else -(10**9)), i.name))
        return out


_DEFAULT: BackendRegistry | None = None
_DEFAULT_LOCK = threading.Lock()


def default_registry() -> BackendRegistry:
    """The process-wide registry used by selection and the CLI."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = BackendRegistry()
        return _DEFAULT
