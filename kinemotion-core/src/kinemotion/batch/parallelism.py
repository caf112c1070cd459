"""How many videos a batch tracks at once, and how many model threads each: ``-j N`` or ``-j auto``.

A worker keeps its tracker from video to video (:mod:`kinemotion.tracking.worker`),
so what remains is how to share the CPUs this process may use
(:func:`kinemotion.cpus.max_threads`) among workers. ``-j auto``
(:func:`plan`) decides from those CPUs and the backend:

- a backend whose model runs on an accelerator (``rtmpose-cuda``,
  ``rtmpose-coreml``): one worker, every CPU thread for it (decoding,
  pre-processing); a second worker would only queue for the same device.
- a backend whose model runs on the CPU: one worker per :data:`THREADS_PER_WORKER`
  CPUs, each model with that many threads. A small model run on one frame at a
  time uses a few threads well and many badly, while workers on separate videos
  share nothing but each pays its own start-up (a process, the runtime, the
  models compiled): so a machine with few CPUs gets one worker with all of
  them (the start-up is paid once, in this process), a large one several.
  Measured with ``benchmarks/batch_throughput.py`` (README, "Many videos").

- with ``-j N``, a backend whose tracker offers ``streams`` (plugin contract 1.4,
  :func:`kinemotion.pose.contract.streams_of`; ``rtmpose-cuda``): the N
  workers are threads of this process sharing one tracker's models, their
  model calls batched (``streams=True``). ``-j auto`` does not ask for them:
  measured on an H200 (``benchmarks/gpu_check.py``, section ``cli_batch``),
  8 threads sharing one batched ``rtmpose-cuda`` tracked 8 videos at 257
  frames/s against 307 for one worker, the threads' Python work queuing for
  the interpreter lock (docs/gpu.md).

Never more workers than videos (the CPUs are then shared among those there
are). ``-j N`` gives N workers with the CPUs shared evenly among them.
``KINEMOTION_ORT_THREADS``, when set, wins over the threads planned here.

On Ray (:func:`ray_cpus_per_task`) the same reasoning sizes each task: it
asks for :data:`THREADS_PER_WORKER` CPUs, or all the CPUs of the smallest
node when a node has fewer (every node stays usable), and its model threads
follow; so a small machine runs one task at a time with all its CPUs, as
``-j auto`` does, and a worker's start-up is paid once per node slot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Union

__all__ = [
    "ACCELERATED_BACKENDS",
    "THREADS_PER_WORKER",
    "Jobs",
    "Parallelism",
    "parse_jobs",
    "plan",
    "ray_cpus_per_task",
]

Jobs = Union[int, Literal["auto"]]  # noqa: UP007 - an alias evaluated at run time on Python 3.10+
"""``--jobs``: a number of workers, or ``"auto"``."""

ACCELERATED_BACKENDS = frozenset({"rtmpose-cuda", "rtmpose-coreml"})
"""Backends whose model runs on a GPU or a neural engine: one worker feeds it."""

THREADS_PER_WORKER = 4
"""Model threads per worker for a backend that runs on the CPU (``-j auto``): up to 4 CPUs, one worker."""


@dataclass(frozen=True)
class Parallelism:
    """Workers tracking videos at once, and model threads for each."""

    workers: int
    threads: int
    reason: str
    """Why (shown with ``--verbose``)."""
    shared: bool = False
    """The workers are threads of this process sharing one tracker's models, which run with :attr:`threads`
    model threads in all (not each: a backend whose tracker offers streams)."""

    def describe(self) -> str:
        """One line: ``2 workers x 1 model thread (...)``; for workers that share one set of models, ``2 threads
        sharing one set of models, 2 model threads in all (...)``."""
        threads = f"{self.threads} model thread{'s' if self.threads != 1 else ''}"
        if self.shared:
            sharing = f"{self.workers} thread{'s' if self.workers != 1 else ''} sharing one set of models"
            return f"{sharing}, {threads} in all ({self.reason})"
        workers = f"{self.workers} worker{'s' if self.workers != 1 else ''}"
        return f"{workers} x {threads} ({self.reason})"


def parse_jobs(value: str | int) -> Jobs:
    """``"auto"`` or a whole number >= 1.

    Raises:
        ValueError: anything else, saying what is accepted.
    """
    text = str(value).strip().lower()
    if text == "auto":
        return "auto"
    if not (text.isascii() and text.isdigit()) or int(text) < 1:  # "²" is a digit int() refuses
        raise ValueError(f"must be 'auto' or a whole number of 1 or more, got {value!r}")
    return int(text)


def plan(jobs: Jobs, videos: int, backend: str, cpus: int, *, streams: bool = False) -> Parallelism:
    """How ``videos`` videos are tracked with ``-j jobs`` by ``backend`` (a resolved name) on ``cpus`` CPUs;
    ``streams``: its tracker shares its models among threads; with ``-j N`` the workers are then threads of one
    process, one set of models running with every CPU thread (``-j auto`` plans as without)."""
    cpus, videos = max(1, cpus), max(1, videos)
    if streams and jobs != "auto":
        workers = min(jobs, videos)
        reason = (
            f"{backend} batches the model calls of several videos: {workers} thread{'s' if workers != 1 else ''} "
            "share one tracker's models "
            f"(-j {jobs}, never more than the {videos} video{'s' if videos != 1 else ''}), {cpus} CPUs"
        )
        return Parallelism(workers, cpus, reason, shared=True)
    if jobs != "auto":
        workers = min(jobs, videos)
        return Parallelism(workers, max(1, cpus // workers), f"-j {jobs}, {cpus} CPUs shared")
    if backend in ACCELERATED_BACKENDS:
        return Parallelism(1, cpus, f"{backend} runs its model on an accelerator: one worker keeps it busy")
    workers = min(max(1, cpus // THREADS_PER_WORKER), videos)
    which = "auto picks a backend that runs" if backend == "auto" else f"{backend} runs"
    reason = f"{which} on the CPU; {cpus} CPUs, {videos} video{'s' if videos != 1 else ''}"
    return Parallelism(workers, max(1, cpus // workers), reason)


def ray_cpus_per_task(node_cpus: Iterable[float]) -> int:
    """CPUs a Ray task asks for on a cluster whose live nodes have ``node_cpus`` CPUs each (nodes without CPUs,
    such as a head started with ``--num-cpus 0``, run no task): :data:`THREADS_PER_WORKER`, or the smallest
    node's CPUs when fewer, so that every node can run a task; 1 when no node has a whole CPU (yet: an
    autoscaling cluster)."""
    usable = [int(cpus) for cpus in node_cpus if cpus >= 1]
    return min([THREADS_PER_WORKER, *usable]) if usable else 1
