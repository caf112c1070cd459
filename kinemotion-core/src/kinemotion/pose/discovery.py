"""Finding backend plugins: the entry points of installed distributions, each loaded on its own.

Each entry point is loaded inside its own ``try``, so a broken plugin (import
error, wrong type, constructor raising) is kept with its reason and never
hides the others. Nothing here probes a plugin or decides between them: that
is :mod:`kinemotion.pose.registry` and :mod:`kinemotion.pose.selection`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kinemotion.pose.contract import ENTRY_POINT_GROUP, BackendPlugin, normalize_name, plugin_problems
from kinemotion.pose.rules import CONTRACT_VERSION, newer_minor

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "SHIPPED_DISTRIBUTIONS",
    "DiscoveredBackend",
    "checked_plugin",
    "discover",
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


def checked_plugin(obj: object) -> BackendPlugin:
    """Instantiate a plugin class if needed and check it honours the contract.

    Raises:
        TypeError: naming every problem, each with the contract rule it breaks and the contract
            version of that rule (see :func:`~kinemotion.pose.contract.plugin_problems`).
    """
    plugin = obj() if isinstance(obj, type) else obj
    problems = plugin_problems(plugin)
    if problems or not isinstance(plugin, BackendPlugin):
        raise TypeError(
            f"{type(plugin).__name__} does not meet kinemotion's plugin contract {CONTRACT_VERSION}: "
            + "; ".join(problems)
        )
    newer = newer_minor(plugin)
    if newer is not None:
        logger.warning(
            "Backend plugin %s was written for plugin contract %s; this kinemotion implements %s, so what "
            "contract %s added is not used. Upgrade kinemotion to use it.",
            type(plugin).__name__,
            newer,
            CONTRACT_VERSION,
            newer,
        )
    return plugin


def _load(ep: EntryPoint) -> DiscoveredBackend:
    dist = ep.dist
    dist_name = dist.metadata["Name"] if dist is not None else "<unknown distribution>"
    version = dist.version if dist is not None else None
    source = f"entry point {ep.name} = {ep.value}"
    try:
        plugin = checked_plugin(ep.load())
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - one broken plugin must not break the others
        logger.warning("Backend plugin %r from %s failed to load: %s", ep.name, dist_name, exc)
        error = f"plugin failed to load ({type(exc).__name__}: {exc})"
        return DiscoveredBackend(normalize_name(ep.name), dist_name, version, source, None, error)
    name = normalize_name(plugin.name)
    if name != normalize_name(ep.name):
        logger.warning(
            "Entry point %r of %s provides a backend named %r; using %r", ep.name, dist_name, plugin.name, name
        )
    return DiscoveredBackend(name, dist_name, version, source, plugin)


def _preference(found: DiscoveredBackend) -> tuple[bool, bool, str, str]:
    """Which of two backends of one name wins: a loaded one, a shipped one, then alphabetical order."""
    dist = normalize_name(found.distribution)
    return (found.plugin is None, dist not in SHIPPED_DISTRIBUTIONS, dist, found.source)


def discover(group: str = ENTRY_POINT_GROUP) -> dict[str, DiscoveredBackend]:
    """Every backend the installed distributions declare in ``group``, one per name."""
    from importlib.metadata import entry_points  # deferred: costs ~50 ms cold

    seen: set[tuple[str, str]] = set()
    by_name: dict[str, list[DiscoveredBackend]] = {}
    for ep in entry_points(group=group):
        dist_name = ep.dist.metadata["Name"] if ep.dist is not None else ""
        key = (normalize_name(dist_name), f"{ep.name}={ep.value}")
        if key in seen:  # the same distribution found twice on sys.path
            continue
        seen.add(key)
        found = _load(ep)
        by_name.setdefault(found.name, []).append(found)
    chosen: dict[str, DiscoveredBackend] = {}
    for name, rivals in by_name.items():
        winner, *losers = sorted(rivals, key=_preference)
        chosen[name] = winner
        for loser in losers:
            logger.warning(
                "Backend %r is provided by both %s and %s; using the one from %s. "
                "Uninstall one of them, or disable it with KINEMOTION_DISABLED_BACKENDS.",
                name,
                winner.distribution,
                loser.distribution,
                winner.distribution,
            )
    return chosen


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
