"""The options ``track``, ``cmj`` and ``dropjump`` share to run a batch of videos."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import click

from kinemotion.batch.executors import EXECUTORS, ExecutorName

__all__ = ["BatchSettings", "batch_options"]

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class BatchSettings:
    """How a command runs its videos (see :mod:`kinemotion.batch.executors`)."""

    executor: ExecutorName
    jobs: int
    gpus_per_task: float
    force: bool


def _settings(ctx: click.Context, kwargs: dict[str, object]) -> BatchSettings:
    executor = str(kwargs.pop("executor"))
    jobs = int(kwargs.pop("jobs"))  # type: ignore[call-overload]
    gpus = float(kwargs.pop("gpus_per_task"))  # type: ignore[arg-type]
    force = bool(kwargs.pop("force"))
    if jobs < 1:
        raise click.BadParameter(f"must be 1 or more, got {jobs}", ctx=ctx, param_hint="--jobs")
    if gpus < 0:
        raise click.BadParameter(f"must be 0 or more, got {gpus}", ctx=ctx, param_hint="--gpus-per-task")
    if gpus and executor != "ray":
        raise click.BadParameter("asks Ray for GPUs: use it with --executor ray", ctx=ctx, param_hint="--gpus-per-task")
    return BatchSettings(executor, jobs, gpus, force)  # type: ignore[arg-type]


def batch_options(fn: F) -> F:
    """``--jobs``, ``--executor``, ``--gpus-per-task`` and ``--force``, handed to the command as ``batch``."""
    decorators = [
        click.option(
            "--jobs", "-j", default=1, show_default=True, help="Videos tracked in parallel (local processes)."
        ),
        click.option(
            "--executor",
            type=click.Choice(EXECUTORS),
            default="local",
            show_default=True,
            help="local: this machine (-j processes). ray: each video a Ray task, on the cluster in $RAY_ADDRESS "
            'or a local Ray (pip install "kinemotion[ray]").',
        ),
        click.option(
            "--gpus-per-task",
            type=float,
            default=0.0,
            show_default=True,
            help="With --executor ray: GPUs Ray reserves for each video (e.g. 1 to run rtmpose-cuda on GPU nodes).",
        ),
        click.option("--force", is_flag=True, help="Redo videos whose outputs already exist (default: skip them)."),
    ]

    @functools.wraps(fn)  # keeps the options already attached to fn (click's __click_params__)
    def wrapper(*args: object, **kwargs: object) -> object:
        kwargs["batch"] = _settings(click.get_current_context(), kwargs)
        return fn(*args, **kwargs)

    wrapped: Callable[..., object] = wrapper
    for decorate in reversed(decorators):
        wrapped = decorate(wrapped)
    return wrapped  # type: ignore[return-value]
