"""``kinemotion backends``: what is installed, what can run, what auto picks."""

from __future__ import annotations

import json
import os

import click

from kinemotion.cli._options import mode_option
from kinemotion.cli._table import format_table
from kinemotion.cli._terminal import echo
from kinemotion.extras import install_hint, pip_install
from kinemotion.pose.discovery import silent_plugin_distributions
from kinemotion.pose.registry import BackendInfo, default_registry
from kinemotion.pose.rules import CONTRACT_VERSION, RULES, parse_version
from kinemotion.pose.selection import BACKEND_ENV, explain_auto, resolve_backend_name

__all__ = ["backends"]


def _auto_line(infos: list[BackendInfo], mode: str) -> tuple[str, dict[str, object]]:
    choice = explain_auto(mode, infos=infos)
    forced = resolve_backend_name(None)
    data: dict[str, object] = {
        "mode": mode,
        "auto": choice.winner.name if choice.winner else None,
        "skipped": [{"backend": n, "reason": r} for n, r in choice.skipped],
        "env_override": forced if forced != "auto" else None,
    }
    if choice.winner is None:
        text = f"auto ({mode}): no backend can run here."
    else:
        why = f"highest priority available ({choice.winner.priority})"
        if choice.skipped:
            why += "; skipped " + ", ".join(n for n, _ in choice.skipped)
        text = f"auto ({mode}) picks: {choice.winner.name} — {why}."
    if forced != "auto":
        text += f"\n{BACKEND_ENV}={forced} is set: calls without an explicit backend use it."
    return text, data


def _env_backend_warning(infos: list[BackendInfo]) -> str | None:
    """The warning when ``$POSE_TRACKER_BACKEND`` names a backend that is not installed (every command run
    without ``--backend`` would fail with it); None when it is unset, ``auto`` or installed."""
    forced = resolve_backend_name(None)
    if forced == "auto" or forced in {i.name for i in infos}:
        return None
    installed = ", ".join(i.name for i in infos) or "none"
    hint = install_hint(forced)
    fix = (
        f"install it ({hint}), set it to an installed one or unset it" if hint else "set it to one of those or unset it"
    )
    return (
        f"Warning: {BACKEND_ENV}={os.environ.get(BACKEND_ENV, '').strip()} names a backend that is not installed "
        f"(installed backends: {installed}); {fix}: commands without --backend fail until then."
    )


_LATER_FEATURES: tuple[tuple[str, str], ...] = (
    ("reset()", "tracker.reset"),
    ("foot_timing_bias_s", "tracker.foot_timing_bias_s"),
    ("streams()", "tracker.streams"),
    ("model_files", "tracker.model_files"),
)
"""The optional features a contract minor after 1.0 gave a meaning, as named to a plugin's author, and their rule."""


def _declared(info: BackendInfo) -> str | None:
    """The contract version the backend's plugin declares (``contract_version``), as text; None: it declares
    none (held to 1.0, its optional features used when present) or did not load."""
    declared = getattr(info.plugin, "contract_version", None) if info.plugin is not None else None
    return None if declared is None else str(declared)


def _unused_features(info: BackendInfo) -> str | None:
    """For a plugin declaring an older minor of this contract: the line saying which later features kinemotion
    does not use for it (``reset()`` on a plugin declaring 1.1, ``streams()`` on one declaring 1.3); else None."""
    declared = _declared(info)
    try:
        version = parse_version(declared) if declared is not None else None
    except ValueError:
        return None  # refused for it: the status says why
    if version is None or version[0] != parse_version(CONTRACT_VERSION)[0]:
        return None
    later = [
        f"{RULES[rule].since}: {name}" for name, rule in _LATER_FEATURES if parse_version(RULES[rule].since) > version
    ]
    if not later:
        return None
    return (
        f"{info.name}: written for contract {declared}; what later minors added is not used for it "
        f'({"; ".join(later)}): declare contract_version = "{CONTRACT_VERSION}" once it meets them '
        "(docs/plugins/versions.md)."
    )


def _table(infos: list[BackendInfo]) -> str:
    header = ("backend", "distribution", "priority", "modes", "contract", "status")
    rows = [
        (
            i.name,
            f"{i.distribution} {i.version or ''}".strip(),
            "-" if i.priority is None else str(i.priority),
            ",".join(i.modes) or "-",
            _declared(i) or "-",
            ("available: " if i.available else "unavailable: ") + i.reason,
        )
        for i in infos
    ]
    return format_table([header, *rows])


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@mode_option("Mode to explain auto selection for.")
def backends(as_json: bool, mode: str) -> None:
    """List every discovered pose backend and whether it can run here."""
    infos = default_registry().infos()
    offered = sorted({m for i in infos for m in i.modes})
    if infos and not any(
        i.own_mode(mode) is not None for i in infos
    ):  # `--mode Balanced` said 'no backend can run here', as `--mode turbo` did
        raise click.BadParameter(
            f"no installed backend offers mode {mode!r}; they offer: {', '.join(offered)}", param_hint="--mode"
        )
    warning = _env_backend_warning(infos)
    if warning is not None:
        echo(warning, err=True)
    text, auto = _auto_line(infos, mode)
    if as_json:
        listed = [{**i.as_dict(), "contract_version": _declared(i)} for i in infos]
        listing = {"backends": listed, **auto, "contract_version": CONTRACT_VERSION}
        echo(json.dumps(listing, indent=2))
        return
    if not infos:
        echo(f"No pose backend is installed. Try: {pip_install('mediapipe')}")
    else:
        echo(_table(infos))
    echo("")
    echo(text)
    major = CONTRACT_VERSION.split(".")[0]
    echo(
        f"Plugin contract {CONTRACT_VERSION}: plugins written for contract {major}.x load (contract: the version "
        "each declares; -: none, held to 1.0)."
    )
    for info in infos:
        unused = _unused_features(info)
        if unused is not None:
            echo(unused)
    silent = silent_plugin_distributions()
    if silent:
        echo(
            f"\nInstalled but registering no backend: {', '.join(silent)}. A plugin needs an entry point in "
            '[project.entry-points."kinemotion.backends"] (that group name exactly).'
        )
