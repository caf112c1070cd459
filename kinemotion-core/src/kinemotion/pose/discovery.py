"""Finding backend plugins: the entry points of installed distributions, each loaded on its own, when needed.

Reading the entry points (:func:`entry_points_by_name`) imports no plugin:
a backend named by the user loads its own entry point alone
(:func:`load_backend`), so a plugin that is slow to import slows only the
commands that use it, or that list or compare every backend
(:func:`discover`). Each entry point is loaded inside its own ``try`` and
with a deadline, so a broken plugin (import error, wrong type, constructor
raising, an import that never ends) is kept with its reason and never hides
or holds up the others. Nothing here probes a plugin or decides between
them: that is :mod:`kinemotion.pose.registry` and :mod:`kinemotion.pose.selection`.
"""

from __future__ import annotations

import inspect
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kinemotion.pose.contract import (
    ALL_BACKENDS,
    ENTRY_POINT_GROUP,
    BackendPlugin,
    _unusable_in_name,
    call_mismatch,
    normalize_name,
    plugin_problems,
)
from kinemotion.pose.rules import CONTRACT_VERSION, newer_minor

if TYPE_CHECKING:
    from importlib.metadata import Distribution, EntryPoint

__all__ = [
    "SHIPPED_DISTRIBUTIONS",
    "DiscoveredBackend",
    "checked_plugin",
    "discover",
    "entry_points_by_name",
    "import_fix",
    "load_backend",
    "missing_module_fix",
    "silent_plugin_distributions",
]

logger = logging.getLogger(__name__)

SHIPPED_DISTRIBUTIONS = frozenset({"kinemotion-mediapipe", "kinemotion-rtmpose"})
"""Where kinemotion's own backends come from: they keep their names if another distribution claims them."""


@dataclass(frozen=True)
class DiscoveredBackend:
    """A backend as found: its loaded plugin, or why loading it failed."""

    name: str
    distribution: str
    version: str | None
    source: str
    plugin: BackendPlugin | None
    load_error: str | None = None


def _instance(obj: object) -> object:
    """The plugin an entry point names: a class is made with no arguments; an instance is taken as it is.

    Raises:
        TypeError: the class needs arguments, or the entry point names a function, saying what to change.
    """
    if isinstance(obj, type):
        if (mismatch := call_mismatch(obj)) is not None:
            raise TypeError(
                f"kinemotion makes the plugin as {obj.__name__}() with no arguments, which it cannot take "
                f"({mismatch[1]}): give its constructor's parameters defaults, and take settings as options of create()"
            )
        return obj()
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        raise TypeError(
            f"the entry point names the function {getattr(obj, '__name__', obj)!r}, not a plugin: point it at the "
            "plugin class (made with no arguments) or at a plugin instance"
        )
    return obj


def checked_plugin(obj: object, *, installed: bool = False) -> BackendPlugin:
    """Instantiate a plugin class if needed and check it honours the contract.

    A name that cannot be given back whole (a comma, slash, space or line break in it) is refused for a plugin
    registered in this process and, for an ``installed`` one (an entry point), warned about: a plugin published
    with such a name keeps loading.

    Raises:
        TypeError: naming every problem, each with the contract rule it breaks and the contract
            version of that rule (see :func:`~kinemotion.pose.contract.plugin_problems`).
    """
    plugin = _instance(obj)
    problems = plugin_problems(plugin)
    if problems or not isinstance(plugin, BackendPlugin):
        raise TypeError(
            f"{type(plugin).__name__} does not meet kinemotion's plugin contract {CONTRACT_VERSION}: "
            + "; ".join(problems)
        )
    unusable = _unusable_in_name(plugin.name)
    if unusable is not None and not installed:
        raise TypeError(
            f"{type(plugin).__name__} does not meet kinemotion's plugin contract {CONTRACT_VERSION}: {unusable}"
        )
    if unusable is not None:
        meanwhile = (
            "kinemotion bench times it only with every backend"
            if normalize_name(plugin.name) == ALL_BACKENDS
            else "select it by its name in quotes and leave it out of KINEMOTION_DISABLED_BACKENDS lists"
        )
        logger.warning(
            "Backend plugin %r is loaded, but %s. Until its author renames it, %s.", plugin.name, unusable, meanwhile
        )
    newer = newer_minor(plugin)
    if newer is not None:
        logger.warning(
            "Backend plugin %r was written for plugin contract %s; this kinemotion implements %s, so what "
            "contract %s added is not used. Upgrade kinemotion to use it.",
            plugin.name,
            newer,
            CONTRACT_VERSION,
            newer,
        )
    return plugin


def _load_in_time(ep: EntryPoint, timeout: float | None) -> BackendPlugin:
    """``ep`` loaded and checked, in a thread that may take ``timeout`` seconds (None: no deadline).

    Raises:
        ValueError: the entry point's value is not ``module:Class`` (importlib said "'NoneType' object has no
            attribute 'group'").
    """
    if ep.pattern.match(ep.value) is None:
        raise ValueError(
            f"its entry point {ep.name} = {ep.value!r} is not 'module:Class' (e.g. "
            f"'{ep.name.replace('-', '_')}.plugin:Plugin'); fix it in the plugin's pyproject.toml"
        )
    if timeout is None:
        return checked_plugin(_imported(ep), installed=True)
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(checked_plugin(_imported(ep), installed=True))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller (sys.exit in a plugin too)
            outcome.append(exc)

    worker = threading.Thread(target=run, name=f"load-{ep.name}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or not outcome:
        raise TimeoutError(f"importing it did not finish in {timeout:g} s (set {LOAD_TIMEOUT_HINT} to wait longer)")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    assert isinstance(outcome[0], BackendPlugin)
    return outcome[0]


def _imported(ep: EntryPoint) -> object:
    """What ``ep`` names, imported; what the import prints goes to standard error marked with the backend's name, as
    what its calls print does (:func:`~kinemotion.pose.stdout.backend_prints_marked`): a plugin module, or a
    library it imports, printing a banner at import ran into ``kinemotion backends --json``'s JSON and a run's
    results on standard output."""
    from kinemotion.pose.stdout import backend_prints_marked

    with backend_prints_marked(normalize_name(ep.name), "its import"):
        return ep.load()


LOAD_TIMEOUT_HINT = "KINEMOTION_PROBE_TIMEOUT"
"""The variable whose seconds bound a plugin's import as well as its probe."""


_MISNAMED_SAID: set[tuple[str, str, str, str]] = set()
"""The entry points named unlike their backend already warned about in this process (said once)."""


def _load(ep: EntryPoint, timeout: float | None = None, *, named: bool = False) -> DiscoveredBackend:
    """``ep``'s backend, or why its plugin failed to load (``load_error``).

    A failure is logged as a warning while discovering every backend (nothing else would say why one is
    missing); a backend asked for by name (``named``) is not: the error that refuses it says the same.
    """
    dist = ep.dist
    dist_name = dist.metadata["Name"] if dist is not None else "<unknown distribution>"
    version = dist.version if dist is not None else None
    source = f"entry point {ep.name} = {ep.value}"
    try:
        plugin = _load_in_time(ep, timeout)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - one broken plugin must not break the others
        fix = import_fix(exc, dist)
        said = f"{exc}: {fix}" if fix else str(exc)
        logger.log(
            logging.DEBUG if named else logging.WARNING,
            "Backend plugin %r from %s failed to load: %s",
            ep.name,
            dist_name,
            said,
        )
        error = f"plugin failed to load ({type(exc).__name__}: {exc})" + (f": {fix}" if fix else "")
        return DiscoveredBackend(normalize_name(ep.name), dist_name, version, source, None, error)
    name = normalize_name(plugin.name)
    if name != normalize_name(ep.name) and (misnamed := (dist_name, ep.name, ep.value, name)) not in _MISNAMED_SAID:
        _MISNAMED_SAID.add(misnamed)  # loaded twice by one command: alone when named, then with every backend
        logger.warning(
            "Entry point %r of %s provides a backend named %r; using %r", ep.name, dist_name, plugin.name, name
        )
    return DiscoveredBackend(name, dist_name, version, source, plugin)


_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA_MARKER = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def _same_project(a: str, b: str) -> bool:
    """Whether two names are one project's (PEP 503: case, ``-``, ``_`` and ``.`` alike)."""
    return re.sub(r"[-_.]+", "-", a).lower() == re.sub(r"[-_.]+", "-", b).lower()


_CANNOT_IMPORT = re.compile(r"cannot import name '([^']+)'")


def import_fix(exc: BaseException, dist: Distribution | str | None) -> str | None:
    """What to do when a plugin's import fails: a name or module of kinemotion this one lacks (the plugin was
    written for a newer kinemotion: upgrade it), else a module not installed (:func:`missing_module_fix`);
    None when the error says neither, or is no import error at all."""
    if not isinstance(exc, ImportError):
        return None
    module = exc.name or ""
    if module == "kinemotion" or module.startswith("kinemotion."):
        from importlib.metadata import PackageNotFoundError, version

        try:
            ours = f"this kinemotion ({version('kinemotion')})"
        except PackageNotFoundError:  # a source tree
            ours = "this kinemotion"
        named = _CANNOT_IMPORT.search(str(exc))
        missing = f"{module}.{named[1]}" if named is not None and not isinstance(exc, ModuleNotFoundError) else module
        if named is not None or isinstance(exc, ModuleNotFoundError):
            owner = dist if isinstance(dist, str) else dist.metadata["Name"] if dist is not None else "the plugin"
            return (
                f"it imports {missing}, which {ours} does not have: upgrade kinemotion "
                f"if {owner} needs a newer one (pip install --upgrade kinemotion), else report it to its authors"
            )
    if isinstance(exc, ModuleNotFoundError):
        return missing_module_fix(exc, dist)
    return None


def missing_module_fix(exc: ModuleNotFoundError, dist: Distribution | str | None) -> str | None:
    """What to install when a plugin's import fails on a module that is not installed (None: no module named).

    A plugin importing a dependency its author put in an extra, or one installed with ``--no-deps``, or
    uninstalled since, failed with "No module named 'X'" and nothing more. The fix is read from the plugin's
    own metadata where it can be: the extra that requires ``X`` (``pip install "plugin[extra]"``), the
    requirement it declares, its own module missing (reinstall it), else ``pip install X``, saying the package
    may go by another name. ``dist``: the plugin's distribution, or its name. The same fix is given when the
    plugin's ``probe()`` or ``create()`` imports the module (a deferred import).
    """
    if not exc.name:
        return None
    if isinstance(dist, str):  # by name: the installed distribution (an in-process plugin has none)
        from importlib.metadata import PackageNotFoundError, distribution

        try:
            dist = distribution(dist)
        except PackageNotFoundError:
            dist = None
    module = exc.name.split(".")[0]
    dist_name = dist.metadata["Name"] if dist is not None else None
    if dist is not None and any(
        Path(str(f)).parts[0] in (module, f"{module}.py") for f in (dist.files or []) if Path(str(f)).parts
    ):
        return (
            f"the module {exc.name!r} is {dist_name}'s own but is not installed: reinstall it "
            f"(pip install --force-reinstall {dist_name})"
        )
    for requirement in (dist.requires or []) if dist is not None else []:
        named = _REQUIREMENT_NAME.match(requirement)
        if named is None or not _same_project(named.group(1), module):
            continue
        extra = _EXTRA_MARKER.search(requirement)
        if extra is not None:
            return (
                f"{dist_name} needs the module {module!r} from its extra {extra.group(1)!r}, which is not "
                f'installed: pip install "{dist_name}[{extra.group(1)}]"'
            )
        return f"{dist_name} needs the module {module!r}, which is not installed: pip install {named.group(1)}"
    owner = f"{dist_name} needs" if dist_name else "it needs"
    return (
        f"{owner} the module {module!r}, which is not installed: pip install {module} (if the package has another "
        f"name, {dist_name or 'the plugin'}'s install instructions give it)"
    )


def _preference(found: DiscoveredBackend) -> tuple[bool, bool, str, str]:
    """Which of two backends of one name wins: a loaded one, a shipped one, then alphabetical order."""
    dist = normalize_name(found.distribution)
    return (found.plugin is None, dist not in SHIPPED_DISTRIBUTIONS, dist, found.source)


def entry_points_by_name(group: str = ENTRY_POINT_GROUP) -> dict[str, list[EntryPoint]]:
    """The entry points declared in ``group``, by normalised entry-point name; nothing is imported."""
    from importlib.metadata import entry_points  # deferred: costs ~50 ms cold

    seen: set[tuple[str, str]] = set()
    by_name: dict[str, list[EntryPoint]] = {}
    for ep in entry_points(group=group):
        dist_name = ep.dist.metadata["Name"] if ep.dist is not None else ""
        key = (normalize_name(dist_name), f"{ep.name}={ep.value}")
        if key in seen:  # the same distribution found twice on sys.path
            continue
        seen.add(key)
        by_name.setdefault(normalize_name(ep.name), []).append(ep)
    return by_name


def _choose(name: str, rivals: list[DiscoveredBackend]) -> DiscoveredBackend:
    """The one backend of ``name`` to use when several distributions provide it (warned about)."""
    winner, *losers = sorted(rivals, key=_preference)
    for loser in losers:
        if loser.distribution == winner.distribution:
            continue  # one distribution naming its backend under two entry points (said: "provides a backend named")
        logger.warning(
            "Backend %r is provided by both %s and %s; using the one from %s. "
            "Uninstall one of them, or disable it with KINEMOTION_DISABLED_BACKENDS.",
            name,
            winner.distribution,
            loser.distribution,
            winner.distribution,
        )
    return winner


def _by_backend_name(loaded: list[DiscoveredBackend]) -> dict[str, DiscoveredBackend]:
    by_name: dict[str, list[DiscoveredBackend]] = {}
    for found in loaded:
        by_name.setdefault(found.name, []).append(found)
    return {name: _choose(name, rivals) for name, rivals in by_name.items()}


def load_backend(
    name: str, entry_points: dict[str, list[EntryPoint]], timeout: float | None = None
) -> DiscoveredBackend | None:
    """Backend ``name`` from the entry points registered under that name alone (None: none provides it).

    Only those entry points are imported. One whose plugin turns out to carry
    another name does not answer (:func:`discover` finds it under its own). A
    plugin that fails to load is not warned about: its ``load_error`` is what
    refuses the backend, said once.
    """
    key = normalize_name(name)
    loaded = [_load(ep, timeout, named=True) for ep in entry_points.get(key, [])]
    return _by_backend_name(loaded).get(key)


def discover(group: str = ENTRY_POINT_GROUP, timeout: float | None = None) -> dict[str, DiscoveredBackend]:
    """Every backend the installed distributions declare in ``group``, one per name (every plugin imported,
    each within ``timeout`` seconds when given)."""
    loaded = [_load(ep, timeout) for eps in entry_points_by_name(group).values() for ep in eps]
    return _by_backend_name(loaded)


def silent_plugin_distributions(group: str = ENTRY_POINT_GROUP) -> list[str]:
    """Installed distributions that look like plugins but declare no entry point in ``group``: those named
    ``kinemotion-*`` (ours all declare one), and those of any name declaring one in a group spelled like it
    (``kinemotion.backend``, ``kinemotion_backends``: named with that group).

    A plugin whose entry-point group is misspelled installs fine and is never
    found; naming it turns "unknown backend" into a fix.
    """
    from importlib.metadata import distributions

    out = set()
    for dist in distributions():
        groups = {ep.group for ep in dist.entry_points}
        if group in groups:
            continue
        near = sorted(g for g in groups if re.sub(r"[^a-z]", "", g.lower()).startswith("kinemotion"))
        named = f"{dist.metadata['Name']} {dist.version}"
        if near:
            out.add(f"{named} (its group: {', '.join(near)})")
        elif normalize_name(dist.metadata["Name"] or "").startswith("kinemotion-"):
            out.add(named)
    return sorted(out)
