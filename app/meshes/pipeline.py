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

__all__ = ["Loaded", "ModelLibrary", "ModelRequest", "ModelStream", "prepare_model"]

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
        stream = self.start(requests)
        done = 0
        while not stream.finished:
            for result in stream.poll(wait=True):
                done += 1
                if progress:
                    progress(done, stream.total, result)
        return stream.results

    def start(self, requests: Sequence[ModelRequest]) -> ModelStream:
        """Begin loading ``requests`` (ordered most wanted first) without waiting: models not
        in the cache start processing in the workers at once; ``poll`` hands out results."""
        return ModelStream(self, requests)

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


class ModelStream:
    """Models arriving one by one: cached ones read in order, processed ones as their
    workers finish. ``poll`` never waits longer than it is allowed to."""

    def __init__(self, library: ModelLibrary, requests: Sequence[ModelRequest]) -> None:
        self.library = library
        self.results: list[Loaded] = [Loaded(request) for request in requests]
        self.done = 0
        self._ready: list[int] = []  # checked and errors, or in the cache: read in order
        self._keys: dict[int, str] = {}
        self._pending: list[tuple[int, Future[JobResult] | None, float]] = []
        for index, request in enumerate(requests):
            start = time.perf_counter()
            try:
                references = request.references
                library._check_file(request.path, references)
                key = cache_key(request.path, request.placement, request.settings, references)
            except AssetError as exc:
                self.results[index].error = exc
                self._ready.append(index)
                continue
            self._keys[index] = key
            if library.cache.has(key):
                self._ready.append(index)
                continue
            future = None
            if library._workers is not None:
                future = library._workers.submit_model(
                    request.path,
                    request.placement,
                    request.settings,
                    library.cache,
                    key,
                    references,
                )
            self._pending.append((index, future, start))

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def finished(self) -> bool:
        return self.done == self.total

    def poll(self, budget: float = 0.05, wait: bool = False) -> list[Loaded]:
        """Results that are ready, reading cached models for up to ``budget`` seconds (at least
        one); ``wait``: block for the next processed model when nothing else is ready."""
        deadline = time.perf_counter() + budget
        out: list[Loaded] = []
        while self._ready and (not out or time.perf_counter() < deadline):
            out.append(self._read(self._ready.pop(0)))
        for entry in list(self._pending):
            index, future, start = entry
            if future is not None and not future.done() and not (wait and not out):
                continue
            self._pending.remove(entry)
            result = self.results[index]
            self.library._finish(result, self._keys[index], future, start)
            out.append(self._finished(result))
            if time.perf_counter() >= deadline:
                break
        return out

    def _read(self, index: int) -> Loaded:
        result = self.results[index]
        if result.error is None:
            start = time.perf_counter()
            result.model = self.library.cache.load(self._keys[index])
            if result.model is None:  # removed or damaged meanwhile: process it now
                self.library._finish(result, self._keys[index], None, start)
            else:
                result.from_cache = True
            result.seconds = time.perf_counter() - start
        return self._finished(result)

    def _finished(self, result: Loaded) -> Loaded:
        self.done += 1
        if result.model is not None:
            result.warnings = list(result.model.warnings)
        return result

    def wait(self) -> list[Loaded]:
        """Everything still to come (blocking); returns what arrived meanwhile."""
        out = []
        while not self.finished:
            out.extend(self.poll(budget=3600.0, wait=True))
        return out


def prepare_model(
    path: Path, placement: Placement, settings: PipelineSettings = PipelineSettings()
) -> ModelData:
    """Process one file in this process, without cache (tools and tests)."""
    return process_model_file(path, placement, settings)
