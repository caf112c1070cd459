"""Backend selection and tracker creation.

``backend`` resolution: an explicit argument wins; ``None`` means the
``POSE_TRACKER_BACKEND`` environment variable, and ``"auto"`` when that is
unset. ``"auto"`` probes every backend, orders the available ones by priority
and tries ``create`` on each in turn, logging why each one before the winner
was skipped; a named backend that cannot run raises
:class:`~kinemotion.errors.BackendUnavailableError` with the reason and the pip
command that fixes it, never a silent substitute.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from kinemotion.errors import (
    BackendError,
    BackendUnavailableError,
    KinemotionError,
    UnsupportedModeError,
)
from kinemotion.pose._install_hints import install_hint
from kinemotion.pose.protocol import PoseTracker
from kinemotion.pose.registry import (
    BackendInfo,
    BackendRegistry,
    default_registry,
    normalize_name,
    safe_probe,
)

__all__ = [
    "BACKEND_ENV",
    "AutoChoice",
    "PoseTrackerFactory",
    "create_tracker",
    "explain_auto",
    "resolve_backend_name",
]

logger = logging.getLogger(__name__)

BACKEND_ENV = "POSE_TRACKER_BACKEND"


def resolve_backend_name(backend: str | None) -> str:
    """The backend name to use: the argument, else ``$POSE_TRACKER_BACKEND``, else ``auto``.

    Raises:
        TypeError: ``backend`` is not a str (or None).
    """
    if backend is not None and not isinstance(backend, str):
        raise TypeError(f"backend must be a backend name (str) or None, got {type(backend).__name__}: {backend!r}")
    if backend is None or not backend.strip():
        backend = os.environ.get(BACKEND_ENV, "").strip() or "auto"
    return normalize_name(backend)


@dataclass(frozen=True)
class AutoChoice:
    """What ``backend="auto"`` would pick, from probes alone (no tracker is created)."""

    winner: BackendInfo | None
    skipped: tuple[tuple[str, str], ...]
    """``(backend, reason)`` for each backend passed over, in priority order."""


def explain_auto(
    mode: str = "lightweight", registry: BackendRegistry | None = None, infos: list[BackendInfo] | None = None
) -> AutoChoice:
    """Which backend auto selection would pick for ``mode``, and why the others were not."""
    if infos is None:
        infos = (registry or default_registry()).infos()
    skipped: list[tuple[str, str]] = []
    for info in infos:
        if not info.available:
            skipped.append((info.name, info.reason))
        elif mode not in info.modes:
            skipped.append((info.name, f"does not offer mode {mode!r}"))
        else:
            return AutoChoice(info, tuple(skipped))
    return AutoChoice(None, tuple(skipped))


def _unavailable_message(name: str, reason: str) -> str:
    hint = install_hint(name)
    fix = f" To install or repair it: {hint}" if hint else ""
    return f"Backend {name!r} is unavailable: {reason}.{fix}"


def _check_tracker(name: str, tracker: object) -> PoseTracker:
    if not isinstance(tracker, PoseTracker):
        raise BackendError(
            f"Backend {name!r} returned {type(tracker).__name__} from create(), "
            "which is not a PoseTracker (process_frame, close, context manager)."
        )
    return tracker


class PoseTrackerFactory:
    """Creates pose trackers by backend name or automatically."""

    @classmethod
    def create(
        cls,
        backend: str | None = None,
        mode: str = "lightweight",
        *,
        registry: BackendRegistry | None = None,
        **options: object,
    ) -> PoseTracker:
        """Create a tracker; see the module docstring for how ``backend`` is chosen.

        Args:
            backend: a backend name, ``"auto"``, or None for the environment default.
            mode: ``lightweight``, ``balanced`` or ``performance`` (what the backend offers).
            registry: where to look up backends (default: the process-wide one).
            **options: passed to the backend's ``create``.

        Raises:
            UnknownBackendError: ``backend`` names nothing known.
            BackendUnavailableError: the backend (or, for auto, every backend) cannot run.
            UnsupportedModeError: the named backend does not offer ``mode``.
        """
        tracker, _ = cls.create_with_name(backend, mode, registry=registry, **options)
        return tracker

    @classmethod
    def create_with_name(
        cls,
        backend: str | None = None,
        mode: str = "lightweight",
        *,
        registry: BackendRegistry | None = None,
        **options: object,
    ) -> tuple[PoseTracker, str]:
        """Like :meth:`create`, also returning the name of the backend that was used."""
        reg = registry or default_registry()
        name = resolve_backend_name(backend)
        if name == "auto":
            return cls._create_auto(reg, mode, options)
        plugin = reg.get(name)
        if mode not in plugin.modes:
            raise UnsupportedModeError(f"Backend {name!r} has no mode {mode!r}; it offers: {', '.join(plugin.modes)}.")
        availability = safe_probe(plugin)
        if not availability.available:
            raise BackendUnavailableError(_unavailable_message(name, availability.reason))
        try:
            tracker = plugin.create(mode, **options)
        except KinemotionError:
            raise
        except (TypeError, ValueError):
            raise  # a wrong option is the caller's mistake; keep the plugin's message
        except Exception as exc:
            raise BackendError(
                f"Backend {name!r} failed to create a {mode!r} tracker: {type(exc).__name__}: {exc}"
            ) from exc
        return _check_tracker(name, tracker), name

    @classmethod
    def _create_auto(cls, reg: BackendRegistry, mode: str, options: dict[str, object]) -> tuple[PoseTracker, str]:
        reasons: list[str] = []
        for info in reg.infos():
            if not info.available:
                reason = info.reason
            elif mode not in info.modes:
                reason = f"does not offer mode {mode!r}"
            else:
                try:
                    tracker = reg.get(info.name).create(mode, **options)
                    checked = _check_tracker(info.name, tracker)
                except Exception as exc:  # noqa: BLE001 - auto falls through to the next backend
                    reason = f"create() failed: {type(exc).__name__}: {exc}"
                    # It probed available, so this is news to the user: say it without -v.
                    logger.warning("Backend %r could not start, trying the next one: %s", info.name, reason)
                    reasons.append(f"  - {info.name}: {reason}")
                    continue
                else:
                    logger.info("Auto-selected pose backend %r (%s mode)", info.name, mode)
                    return checked, info.name
            logger.info("Auto selection skipped backend %r: %s", info.name, reason)
            reasons.append(f"  - {info.name}: {reason}")
        listing = "\n".join(reasons) or "  (no backend is installed)"
        raise BackendUnavailableError(
            f"No pose backend can run in {mode!r} mode here:\n{listing}\n"
            'Fix one of the reasons above, or install another backend, e.g. pip install "kinemotion[mediapipe]"'
        )


def create_tracker(
    backend: str | None = None,
    mode: str = "lightweight",
    *,
    registry: BackendRegistry | None = None,
    **options: object,
) -> PoseTracker:
    """Function form of :meth:`PoseTrackerFactory.create`."""
    return PoseTrackerFactory.create(backend, mode, registry=registry, **options)
