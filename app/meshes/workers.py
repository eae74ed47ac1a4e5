"""Model files are processed in isolated worker processes (see ``app.workers``): a loader that
crashes or hangs is reported on its file. Workers write into the cache; the caller reads back.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from app.errors import AssetError
from app.meshes.cache import ModelCache
from app.meshes.normalise import Placement
from app.meshes.settings import PipelineSettings
from app.scene.references import References
from app.workers import IsolatedWorkers, WorkerCrashed, WorkerTimedOut

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


def run_job(
    path: str,
    placement: Placement,
    settings: PipelineSettings,
    cache_root: str,
    key: str,
    references: References | None = None,
) -> JobResult:
    """Process one model and store it in the cache (runs inside a worker process)."""
    from app.meshes.process import process_model_file

    start = time.perf_counter()
    model = process_model_file(Path(path), placement, settings, references)
    ModelCache(Path(cache_root)).store(key, model)
    return JobResult(
        key=key,
        triangles=model.triangle_count,
        level_triangles=tuple(model.level_triangles(i) for i in range(len(model.levels))),
        materials=model.materials,
        seconds=time.perf_counter() - start,
        warnings=tuple(model.warnings),
    )


class ModelWorkers(IsolatedWorkers):
    """Worker processes for model files; failures become AssetErrors naming the file."""

    def submit_model(
        self,
        path: Path,
        placement: Placement,
        settings: PipelineSettings,
        cache: ModelCache,
        key: str,
        references: References | None = None,
    ) -> Future[JobResult]:
        return self.submit(
            run_job, str(path), placement, settings, str(cache.root), key, references
        )

    def model_result(self, path: Path, future: Future[JobResult], timeout: float) -> JobResult:
        """Wait for one model; crashes, hangs and loader bugs become AssetErrors."""
        try:
            return self.result(future, timeout)
        except AssetError:
            raise
        except WorkerCrashed:
            raise AssetError(path, "the model loader crashed on this file") from None
        except WorkerTimedOut:
            raise AssetError(
                path, f"processing took longer than {timeout:.0f} s; stopped"
            ) from None
        except MemoryError:
            raise AssetError(path, "not enough memory to process this model") from None
        except Exception as exc:  # a loader bug: report it on the file, keep the app running
            log.exception("processing %s failed", path)
            raise AssetError(path, f"could not be processed: {type(exc).__name__}: {exc}") from None
