"""Running untrusted or fragile native work (model loaders, speech engines) in worker processes.

A crash or a hang in a worker is turned into an error for that one job; the pool is rebuilt
and the app carries on. Workers are spawned (never forked), so they share no Qt or Panda3D
state with the app.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from app.errors import VitrineError

__all__ = ["IsolatedWorkers", "WorkerCrashed", "WorkerTimedOut"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class WorkerCrashed(VitrineError):
    """The worker process died while doing the job."""


class WorkerTimedOut(VitrineError):
    """The job did not finish in time; the worker was killed."""


class IsolatedWorkers:
    """A pool of spawned worker processes that is rebuilt after a crash or a hang."""

    def __init__(self, workers: int | None = None, fresh_process_per_job: bool = False) -> None:
        self.workers = workers or max(1, min(4, multiprocessing.cpu_count() or 2))
        self.fresh = fresh_process_per_job
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                max_tasks_per_child=1 if self.fresh else None,
            )
        return self._pool

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Start ``function(*args)`` in a worker (function and args must be picklable)."""
        return self._executor().submit(function, *args)

    def result(self, future: Future[T], timeout: float) -> T:
        """The job's result; WorkerCrashed or WorkerTimedOut instead of a dead or stuck worker.

        Exceptions raised by the job itself are re-raised unchanged.
        """
        try:
            return future.result(timeout=timeout)
        except BrokenProcessPool:
            self.reset()
            raise WorkerCrashed("the worker process died") from None
        except TimeoutError:
            self.reset()
            raise WorkerTimedOut(f"no answer within {timeout:.0f} s") from None

    def run(self, function: Callable[..., T], *args: Any, timeout: float) -> T:
        """Submit and wait."""
        return self.result(self.submit(function, *args), timeout)

    def reset(self) -> None:
        """Kill every worker so the next job starts in a fresh process."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
