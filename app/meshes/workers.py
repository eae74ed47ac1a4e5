"""Untrusted model files are processed in worker processes: a crash or hang there is reported,
never taken down the app. Workers write their result into the cache; the caller reads it back.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from app.errors import AssetError
from app.meshes.cache import ModelCache
from app.meshes.normalise import Placement
from app.meshes.settings import PipelineSettings

__all__ = ["JobResult", "ModelWorkers", "run_job"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    """What a worker reports about one processed model."""

    key: str
    triangles: int
    level_triangles: tuple[int, ...]
    materials: int
    seconds: float
    warnings: tuple[str, ...]


def run_job(path: str, placement: Placement, settings: PipelineSettings, cache_root: str,
            key: str) -> JobResult:
    """Process one model and store it in the cache (runs inside a worker process)."""
    from app.meshes.process import process_model_file

    start = time.perf_counter()
    model = process_model_file(Path(path), placement, settings)
    ModelCache(Path(cache_root)).store(key, model)
    return JobResult(
        key=key,
        triangles=model.triangle_count,
        level_triangles=tuple(model.level_triangles(i) for i in range(len(model.levels))),
        materials=model.materials,
        seconds=time.perf_counter() - start,
        warnings=tuple(model.warnings),
    )


class ModelWorkers:
    """A pool of spawned worker processes that is rebuilt after a crash."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or max(1, min(4, (multiprocessing.cpu_count() or 2)))
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def submit(self, path: Path, placement: Placement, settings: PipelineSettings,
               cache: ModelCache, key: str) -> Future[JobResult]:
        return self._executor().submit(run_job, str(path), placement, settings, str(cache.root),
                                       key)

    def result(self, path: Path, future: Future[JobResult], timeout: float) -> JobResult:
        """Wait for one job; turn crashes and time-outs into AssetErrors naming the file."""
        try:
            return future.result(timeout=timeout)
        except AssetError:
            raise
        except BrokenProcessPool:
            self.reset()
            raise AssetError(path, "the model loader crashed on this file") from None
        except TimeoutError:
            self.reset()
            raise AssetError(path, f"processing took longer than {timeout:.0f} s; stopped") from None
        except MemoryError:
            raise AssetError(path, "not enough memory to process this model") from None
        except Exception as exc:  # a loader bug: report it on the file, keep the app running
            log.exception("processing %s failed", path)
            raise AssetError(path, f"could not be processed: {type(exc).__name__}: {exc}") from None

    def reset(self) -> None:
        """Kill every worker (after a crash or a hang) so the next job starts fresh."""
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
