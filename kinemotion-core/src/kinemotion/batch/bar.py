"""The one progress bar of a batch with several workers: videos done, and how many failed."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from tqdm import tqdm

from kinemotion.batch.tasks import TaskResult
from kinemotion.progress import show_progress

__all__ = ["BatchBar"]


class BatchBar:
    """A bar over ``total`` videos, advanced by each video's result (a failed one counted beside it).

    A context manager; hidden where :func:`~kinemotion.progress.show_progress` says so.
    """

    def __init__(self, total: int, progress: bool | None) -> None:
        self._bar: tqdm[Any] = tqdm(
            total=total, unit="video", desc="videos", disable=not show_progress(progress), leave=False
        )
        self.failed = 0

    def advance(self, result: TaskResult) -> None:
        """One more video done (failed when it has no tracking)."""
        if result.tracking is None:
            self.failed += 1
            self._bar.set_postfix(failed=self.failed)
        self._bar.update(1)

    def __enter__(self) -> BatchBar:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.close()
