"""The mesh pipeline's front door: models from the cache, or processed in isolated workers."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import AssetError
from app.meshes.cache import ModelCache, cache_key
from app.meshes.model_data import ModelData
from app.meshes.normalise import Placement
from app.meshes.process import process_model_file
from app.meshes.resolver import checked_file
from app.meshes.settings import PipelineSettings
from app.meshes.workers import JobResult, ModelWorkers
from app.scene.references import MAX_MODEL_BYTES, References

__all__ = ["Loaded", "ModelLibrary", "ModelRequest", "prepare_model"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelRequest:
    """One model to show: the file, how to place it, and how to process it."""

    path: Path
    placement: Placement = Placement()
    settings: PipelineSettings = PipelineSettings()
    root: Path | None = None  # the exhibition folder (default: the model's own folder)

    @property
    def references(self) -> References:
        """What the model may read besides itself: files inside the exhibition folder."""
        return References.for_exhibition(self.root or self.path.parent)


@dataclass
class Loaded:
    """The outcome for one request: a model, or the reason there is none."""

    request: ModelRequest
    model: ModelData | None = None
    error: AssetError | None = None
    from_cache: bool = False
    seconds: float = 0.0
    job: JobResult | None = None
    warnings: list[str] = field(default_factory=list)


Progress = Callable[[int, int, Loaded], None]


class ModelLibrary:
    """Gets render-ready models: cache first, else processed in worker processes and cached."""

    def __init__(
        self,
        cache: ModelCache | None = None,
        workers: int | None = None,
        isolate: bool = True,
        timeout: float = 600.0,
    ) -> None:
        self.cache = cache or ModelCache()
        self.isolate = isolate
        self.timeout = timeout
        self._workers = ModelWorkers(workers) if isolate else None

    def load_many(
        self, requests: Sequence[ModelRequest], progress: Progress | None = None
    ) -> list[Loaded]:
        """Load every request (in parallel where processing is needed), in the given order."""
        results: list[Loaded] = [Loaded(request) for request in requests]
        pending: list[tuple[int, str, Future[JobResult] | None, float]] = []
        done = 0
        for index, request in enumerate(requests):
            start = time.perf_counter()
            try:
                references = request.references
                self._check_file(request.path, references)
                key = cache_key(request.path, request.placement, request.settings, references)
            except AssetError as exc:
                results[index].error = exc
                done += 1
                if progress:
                    progress(done, len(requests), results[index])
                continue
            cached = self.cache.load(key)
            if cached is not None:
                results[index].model = cached
                results[index].from_cache = True
                results[index].seconds = time.perf_counter() - start
                done += 1
                if progress:
                    progress(done, len(requests), results[index])
                continue
            future = None
            if self._workers is not None:
                future = self._workers.submit_model(
                    request.path,
                    request.placement,
                    request.settings,
                    self.cache,
                    key,
                    references,
                )
            pending.append((index, key, future, start))
        for index, key, future, start in pending:
            self._finish(results[index], key, future, start)
            done += 1
            if progress:
                progress(done, len(requests), results[index])
        for result in results:
            if result.model is not None:
                result.warnings = list(result.model.warnings)
        return results

    def _finish(
        self, result: Loaded, key: str, future: Future[JobResult] | None, start: float
    ) -> None:
        request = result.request
        try:
            if future is None:
                model = process_model_file(
                    request.path, request.placement, request.settings, request.references
                )
                self.cache.store(key, model)
            else:
                assert self._workers is not None
                result.job = self._workers.model_result(request.path, future, self.timeout)
            result.model = self.cache.load(key)
            if result.model is None:
                raise AssetError(request.path, "processed, but the cache entry could not be read")
        except AssetError as exc:
            result.error = exc
        result.seconds = time.perf_counter() - start

    @staticmethod
    def _check_file(path: Path, references: References) -> None:
        """Only a regular file inside the exhibition is hashed and processed."""
        checked_file(path, references, MAX_MODEL_BYTES)

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()


def prepare_model(
    path: Path, placement: Placement, settings: PipelineSettings = PipelineSettings()
) -> ModelData:
    """Process one file in this process, without cache (tools and tests)."""
    return process_model_file(path, placement, settings)
