"""Discovery of backend plugins: entry points plus in-process registrations.

The registry owns name resolution. Entry points in the ``kinemotion.backends``
group are loaded on first use, each inside its own ``try`` so that a broken
plugin (import error, wrong type, constructor raising) is reported as
unavailable with its reason and never hides the others. ``probe()`` is called
through :func:`safe_probe`, which turns an exception into an unavailable
result. Backends named in ``KINEMOTION_DISABLED_BACKENDS`` (comma separated)
are listed as disabled and never selected.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kinemotion.errors import BackendUnavailableError, UnknownBackendError
from kinemotion.pose._install_hints import KNOWN_EXTRAS, install_hint
from kinemotion.pose.plugin import ENTRY_POINT_GROUP, Availability, BackendPlugin

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "DISABLED_ENV",
    "BackendInfo",
    "BackendRegistry",
    "default_registry",
    "normalize_name",
    "safe_probe",
]

logger = logging.getLogger(__name__)

DISABLED_ENV = "KINEMOTION_DISABLED_BACKENDS"
IN_PROCESS = "<in-process>"


def normalize_name(name: str) -> str:
    """Backend names are case-insensitive and treat ``_`` like ``-``."""
    return name.strip().lower().replace("_", "-")


@dataclass(frozen=True)
class BackendInfo:
    """One discovered backend, as ``kinemotion backends`` shows it."""

    name: str
    distribution: str
    version: str | None
    priority: int | None
    modes: tuple[str, ...]
    available: bool
    reason: str
    source: str


@dataclass(frozen=True)
class _Candidate:
    """A backend as discovered: loaded plugin, or why loading failed."""

    name: str
    distribution: str
    version: str | None
    source: str
    plugin: BackendPlugin | None
    load_error: str | None


PROBE_TIMEOUT_ENV = "KINEMOTION_PROBE_TIMEOUT"
PROBE_TIMEOUT_S = 60.0
"""How long a plugin's probe may take (``$KINEMOTION_PROBE_TIMEOUT`` overrides); a CUDA probe starts a session."""

SHIPPED_DISTRIBUTIONS = frozenset({"kinemotion-mediapipe", "kinemotion-rtmpose"})
"""Where kinemotion's own backends come from: they keep their names if another distribution claims them."""


def _probe_timeout() -> float:
    raw = os.environ.get(PROBE_TIMEOUT_ENV)
    if not raw:
        return PROBE_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 86_400:
        logger.warning("%s=%r is not a number of seconds; using %.0f s", PROBE_TIMEOUT_ENV, raw, PROBE_TIMEOUT_S)
        return PROBE_TIMEOUT_S
    return value


def safe_probe(plugin: BackendPlugin) -> Availability:
    """Call ``plugin.probe()`` with a deadline; an exception, a hang or a wrong return type becomes "unavailable"."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(plugin.probe())
        except BaseException as exc:  # noqa: BLE001 - a plugin's probe must never break discovery (sys.exit too)
            outcome.append(exc)

    timeout = _probe_timeout()
    worker = threading.Thread(target=run, name=f"probe-{getattr(plugin, 'name', '?')}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or not outcome:
        return Availability.no(f"probe did not answer in {timeout:g} s (set {PROBE_TIMEOUT_ENV} to wait longer)")
    result = outcome[0]
    if isinstance(result, BaseException):
        return Availability.no(f"probe() raised {type(result).__name__}: {result}")
    if not isinstance(result, Availability):
        return Availability.no(f"probe() returned {type(result).__name__}, expected kinemotion.Availability")
    return result


def _validate(obj: object) -> BackendPlugin:
    """Instantiate a plugin class if needed and check it honours the contract."""
    plugin = obj() if isinstance(obj, type) else obj
    problems = []
    name = getattr(plugin, "name", None)
    if not isinstance(name, str) or not name.strip():
        problems.append("`name` must be a non-empty str")
    priority = getattr(plugin, "priority", None)
    if not isinstance(priority, int) or isinstance(priority, bool):
        problems.append("`priority` must be an int")
    modes = getattr(plugin, "modes", None)
    if not isinstance(modes, (tuple, list)) or not modes or not all(isinstance(m, str) for m in modes):
        problems.append("`modes` must be a non-empty tuple of str")
    for method in ("probe", "create"):
        if not callable(getattr(plugin, method, None)):
            problems.append(f"`{method}` must be a method")
    if problems or not isinstance(plugin, BackendPlugin):
        raise TypeError(f"{type(plugin).__name__} is not a kinemotion BackendPlugin: " + "; ".join(problems))
    return plugin


def _load_entry_point(ep: EntryPoint) -> _Candidate:
    dist = ep.dist
    dist_name = dist.metadata["Name"] if dist is not None else "<unknown distribution>"
    version = dist.version if dist is not None else None
    source = f"entry point {ep.name} = {ep.value}"
    try:
        plugin = _validate(ep.load())
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - one broken plugin must not break the others
        logger.warning("Backend plugin %r from %s failed to load: %s", ep.name, dist_name, exc)
        return _Candidate(
            normalize_name(ep.name),
            dist_name,
            version,
            source,
            None,
            f"plugin failed to load ({type(exc).__name__}: {exc})",
        )
    name = normalize_name(plugin.name)
    if name != normalize_name(ep.name):
        logger.warning(
            "Entry point %r of %s provides a backend named %r; using %r",
            ep.name,
            dist_name,
            plugin.name,
            name,
        )
    return _Candidate(name, dist_name, version, source, plugin, None)


def _disabled_names() -> set[str]:
    raw = os.environ.get(DISABLED_ENV, "")
    return {normalize_name(n) for n in raw.split(",") if n.strip()}


def silent_plugin_distributions(group: str = ENTRY_POINT_GROUP) -> list[str]:
    """Installed ``kinemotion-*`` distributions that declare no entry point in ``group`` (ours all do).

    A plugin whose entry-point group is misspelled installs fine and is never
    found; naming it turns "unknown backend" into a fix.
    """
    from importlib.metadata import distributions

    out = set()
    for dist in distributions():
        name = normalize_name(dist.metadata["Name"] or "")
        if not name.startswith("kinemotion-"):
            continue
        if not any(ep.group == group for ep in dist.entry_points):
            out.add(f"{dist.metadata['Name']} {dist.version}")
    return sorted(out)


class BackendRegistry:
    """All backends this process can see, keyed by normalised name."""

    def __init__(self, group: str = ENTRY_POINT_GROUP) -> None:
        self._group = group
        self._lock = threading.RLock()
        self._discovered: dict[str, _Candidate] | None = None
        self._registered: dict[str, _Candidate] = {}

    # -- registration ---------------------------------------------------------------
    def register(self, plugin: BackendPlugin, *, replace: bool = False) -> str:
        """Register ``plugin`` in this process, without an entry point.

        In-process registrations take precedence over entry points of the same
        name. Returns the normalised name.

        Raises:
            TypeError: ``plugin`` does not honour the contract.
            ValueError: the name is already registered in-process and not ``replace``.
        """
        checked = _validate(plugin)
        name = normalize_name(checked.name)
        with self._lock:
            if name in self._registered and not replace:
                raise ValueError(
                    f"backend {name!r} is already registered in this process; pass replace=True or unregister it first"
                )
            self._registered[name] = _Candidate(name, IN_PROCESS, None, "registered in-process", checked, None)
        return name

    def unregister(self, name: str) -> None:
        """Remove an in-process registration (entry points are not affected)."""
        with self._lock:
            self._registered.pop(normalize_name(name), None)

    def refresh(self) -> None:
        """Forget loaded entry points; the next lookup scans installed distributions again."""
        with self._lock:
            self._discovered = None

    # -- discovery -------------------------------------------------------------------
    def _entry_point_candidates(self) -> dict[str, _Candidate]:
        with self._lock:
            if self._discovered is None:
                self._discovered = self._scan()
            return self._discovered

    def _scan(self) -> dict[str, _Candidate]:
        from importlib.metadata import entry_points  # deferred: costs ~50 ms cold

        seen: set[tuple[str, str]] = set()
        by_name: dict[str, list[_Candidate]] = {}
        for ep in entry_points(group=self._group):
            dist_name = ep.dist.metadata["Name"] if ep.dist is not None else ""
            key = (normalize_name(dist_name), f"{ep.name}={ep.value}")
            if key in seen:  # the same distribution found twice on sys.path
                continue
            seen.add(key)
            cand = _load_entry_point(ep)
            by_name.setdefault(cand.name, []).append(cand)
        chosen: dict[str, _Candidate] = {}
        for name, cands in by_name.items():
            # A shipped backend keeps its name; otherwise the alphabetically first distribution wins.
            cands.sort(
                key=lambda c: (
                    c.plugin is None,
                    normalize_name(c.distribution) not in SHIPPED_DISTRIBUTIONS,
                    normalize_name(c.distribution),
                    c.source,
                )
            )
            chosen[name] = cands[0]
            for loser in cands[1:]:
                logger.warning(
                    "Backend %r is provided by both %s and %s; using the one from %s. "
                    "Uninstall one of them, or disable it with %s.",
                    name,
                    cands[0].distribution,
                    loser.distribution,
                    cands[0].distribution,
                    DISABLED_ENV,
                )
        return chosen

    def _candidates(self) -> dict[str, _Candidate]:
        merged = dict(self._entry_point_candidates())
        with self._lock:
            for name, cand in self._registered.items():
                if name in merged:
                    logger.debug("In-process backend %r shadows %s", name, merged[name].source)
                merged[name] = cand
        return merged

    def names(self) -> list[str]:
        """Names of every discovered backend, loadable or not, sorted."""
        return sorted(self._candidates())

    def distribution_of(self, name: str) -> tuple[str, str | None] | None:
        """``(distribution, version)`` that provides backend ``name``, without probing it."""
        cand = self._candidates().get(normalize_name(name))
        return None if cand is None else (cand.distribution, cand.version)

    def get(self, name: str) -> BackendPlugin:
        """The plugin called ``name``.

        Raises:
            BackendUnavailableError: the backend is known but not installed,
                disabled, or its plugin failed to load.
            UnknownBackendError: no such backend.
        """
        key = normalize_name(name)
        cand = self._candidates().get(key)
        hint = install_hint(key)
        if cand is None:
            if hint is not None:
                raise BackendUnavailableError(f"Backend {key!r} is not installed. Install it with: {hint}")
            known = ", ".join(self.names()) or "none installed"
            ours = ", ".join(sorted(KNOWN_EXTRAS))
            silent = silent_plugin_distributions(self._group)
            hint_silent = (
                f" Installed distributions named like plugins register no backend: {', '.join(silent)}; check "
                f'that their pyproject.toml declares [project.entry-points."{self._group}"] (the group name '
                "exactly) and reinstall them."
                if silent
                else ""
            )
            raise UnknownBackendError(
                f"Unknown backend {name!r}. Installed backends: {known}. "
                f"Backends kinemotion ships: {ours} (see `kinemotion backends`).{hint_silent}"
            )
        if key in _disabled_names():
            raise BackendUnavailableError(f"Backend {key!r} is disabled by the environment variable {DISABLED_ENV}.")
        if cand.plugin is None:
            raise BackendUnavailableError(
                f"Backend {key!r} from {cand.distribution} is unavailable: {cand.load_error}. "
                f"Reinstall or upgrade {cand.distribution}."
            )
        return cand.plugin

    def infos(self) -> list[BackendInfo]:
        """Every backend with its availability, highest priority first.

        Probes each loadable backend (probes are cheap and cached by the plugins
        that need it).
        """
        disabled = _disabled_names()
        out: list[BackendInfo] = []
        for name, cand in self._candidates().items():
            if cand.plugin is None:
                out.append(
                    BackendInfo(
                        name,
                        cand.distribution,
                        cand.version,
                        None,
                        (),
                        False,
                        cand.load_error or "failed to load",
                        cand.source,
                    )
                )
                continue
            plugin = cand.plugin
            avail = Availability.no(f"disabled by {DISABLED_ENV}") if name in disabled else safe_probe(plugin)
            out.append(
                BackendInfo(
                    name,
                    cand.distribution,
                    cand.version,
                    plugin.priority,
                    tuple(plugin.modes),
                    avail.available,
                    avail.reason,
                    cand.source,
                )
            )
        out.sort(key=lambda i: (-(i.priority if i.priority is not None else -(10**9)), i.name))
        return out


_DEFAULT: BackendRegistry | None = None
_DEFAULT_LOCK = threading.Lock()


def default_registry() -> BackendRegistry:
    """The process-wide registry used by the factory and the CLI."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = BackendRegistry()
        return _DEFAULT
