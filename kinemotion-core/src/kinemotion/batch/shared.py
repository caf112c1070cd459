"""One tracker's models shared by a batch's threads (plugin contract 1.4: the tracker's optional ``streams``).

Only a backend that may offer streams is asked (:func:`may_share_models`): one that runs on an accelerator
(:data:`~kinemotion.batch.parallelism.ACCELERATED_BACKENDS`), or whose plugin says its trackers offer them
(``shares_models = True``). Any other runs ``-j N`` as before, nothing created ahead in this process.
:meth:`SharedTracker.open` creates the backend's tracker for the batch's
first task here and asks it for streams (:func:`~kinemotion.pose.contract.streams_of`):
one tracker for each thread, each with its own state, all running the one
tracker's models with their calls batched together. Each thread's
:class:`~kinemotion.tracking.worker.TrackingWorker` is given its stream by
:meth:`SharedTracker.give` (a new one, joining the same batch, when a stream
that failed mid-video was closed; none, with a warning, when the tracker cannot
give one: the worker then makes a tracker of its own); the worker resets it as soon as each video
is done, so it leaves the batch while its thread is between videos.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Mapping

from kinemotion.batch.parallelism import ACCELERATED_BACKENDS
from kinemotion.batch.tasks import VideoTask
from kinemotion.pose.contract import PoseTracker, streams_of
from kinemotion.pose.registry import default_registry
from kinemotion.pose.rules import RULES, declared_before, explain
from kinemotion.pose.selection import Selection, select_backend
from kinemotion.pose.workdir import working_directory_kept
from kinemotion.tracking.result import share_model_files

__all__ = ["SharedTracker", "may_share_models"]

logger = logging.getLogger(__name__)


def may_share_models(backend: str) -> bool:
    """Whether ``backend`` (a resolved name) is asked for streams before a batch: it runs on an accelerator, or
    its plugin (written for contract 1.4 or later, or declaring none) has ``shares_models = True``."""
    if backend in ACCELERATED_BACKENDS:
        return True
    try:
        plugin = default_registry().info(backend).plugin
    except Exception:  # noqa: BLE001 - unknown or broken: the workers say why, for each video
        return False
    try:
        shares = getattr(plugin, "shares_models", False) is True
    except Exception as exc:  # noqa: BLE001 - a property of the plugin's own: its bug, said; the batch goes on
        logger.warning(
            "Backend %r: reading its plugin's shares_models raised %s; its videos are tracked without streams. "
            "Report it to the backend's authors [%s].",
            backend,
            explain(exc),
            RULES["tracker.streams"].cite(),
        )
        return False
    return shares and not declared_before(plugin, "tracker.streams")


class SharedTracker:
    """The tracker made for a batch's first task, and the streams it gives the batch's threads."""

    def __init__(self, base: Selection, task: VideoTask, streams: list[PoseTracker] | None) -> None:
        self._base = base
        self._request = (task.backend, task.mode, dict(task.options))
        self._free = list(streams or [])
        self._lock = threading.Lock()
        self.streams = streams is not None
        """Whether the tracker offers streams; without, :meth:`give` gives the tracker itself, once (to the one
        worker of this process: it is not created twice)."""
        self._base_given = False

    @property
    def backend(self) -> str:
        """The backend whose tracker is shared."""
        return self._base.info.name

    @classmethod
    def open(cls, task: VideoTask, count: int) -> SharedTracker | None:
        """The tracker for ``task``'s backend, mode and options, with ``count`` streams if it offers them (see
        :attr:`streams`); None when it cannot be created here (the workers then say why, for each video)."""
        options: dict[str, object] = dict(task.options)
        try:
            base = select_backend(task.backend, task.mode, registry=None, **options)
        except Exception:  # noqa: BLE001 - each video reports it, as without a shared tracker
            return None
        if declared_before(base.info.plugin, "tracker.streams"):  # its own `streams`, not the contract's
            return cls(base, task, None)
        streams = _ask_streams(base, count, "", "the videos are tracked by worker processes instead")
        share_model_files(base, streams or [])  # the models it loaded now, whatever is saved over them later
        return cls(base, task, streams)

    def give(self, backend: str | None, mode: str, options: Mapping[str, object]) -> Selection | None:
        """A stream for a worker asking for ``backend``, ``mode`` and ``options`` (a
        :data:`~kinemotion.tracking.worker.GivenTracker`); None for another request (it selects its own)."""
        if (backend, mode, dict(options)) != self._request:
            return None
        with self._lock:
            if not self.streams:
                if self._base_given:
                    return None
                self._base_given = True
                return self._base
            if self._free:
                tracker = self._free.pop(0)
            else:  # a stream was closed (its video failed inside the backend): another joins the batch
                more = self._more()
                if more is None:
                    return None  # the worker selects a tracker of its own, as without streams
                tracker = more[0]
                share_model_files(self._base, more)  # it runs the models loaded when the batch began
        return dataclasses.replace(self._base, tracker=tracker, models_of=self._base.tracker)

    def _more(self) -> list[PoseTracker] | None:
        """One more stream of the shared tracker; None, with a warning, when its ``streams(1)`` fails (a plugin's
        bug must not fail the thread's next videos: its worker then makes a tracker of its own for them)."""
        return _ask_streams(
            self._base,
            1,
            ", asked for a stream in place of one closed after a failed video,",
            "that thread tracks its next videos with a tracker of its own",
        )

    def close(self) -> None:
        """Close the streams not given and the shared tracker (the workers close those they were given)."""
        with self._lock:
            free, self._free = self._free, []
        for tracker in free:
            dataclasses.replace(self._base, tracker=tracker).close()
        self._base.close()


def _ask_streams(base: Selection, count: int, asked: str, instead: str) -> list[PoseTracker] | None:
    """``base``'s tracker's streams (:func:`~kinemotion.pose.contract.streams_of`); None, with a warning saying
    what is done ``instead``, when they fail (the plugin's bug: the batch goes on without them)."""
    try:
        with working_directory_kept(base.info.name, "streams()"):
            return streams_of(base.tracker, count)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - the plugin's bug: the batch goes on without these streams
        logger.warning(
            "Backend %r: its tracker's streams(%d)%s failed: %s; %s. Report it to the backend's authors%s.",
            base.info.name,
            count,
            asked,
            explain(exc),
            instead,
            _cited(exc),
        )
        return None


def _cited(exc: BaseException) -> str:
    """`` [contract rule tracker.streams, since 1.4]``, unless what :func:`~kinemotion.pose.rules.explain` says
    of ``exc`` cites a rule already (:func:`~kinemotion.pose.contract.streams_of`'s own refusal does)."""
    return "" if "[contract rule " in explain(exc) else f" [{RULES['tracker.streams'].cite()}]"
