"""Settings of the mesh pipeline; together with the file bytes they name a cache entry."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

__all__ = ["DEFAULT_LEVELS", "PIPELINE_VERSION", "PipelineSettings"]

# Bump when the pipeline's output for the same input changes (invalidates every cache entry).
PIPELINE_VERSION = 13  # 13: occlusion maps
# 12: compressed textures shared by content; 11: fit and scale transforms
DEFAULT_LEVELS = (1.0, 0.25, 0.05)


@dataclass(frozen=True)
class PipelineSettings:
    """How models are processed: levels of detail and the budgets that keep the app responsive."""

    levels: tuple[float, ...] = DEFAULT_LEVELS
    max_texture: int = 4096  # pixels along the longer side; larger textures are scaled down
    max_triangles: int = 1_000_000  # level 0 of a bigger model is decimated to this budget
    min_part_faces: int = 64  # parts smaller than this are kept whole at every level

    def fingerprint(self) -> str:
        """A stable text of the settings and pipeline version, for cache keys."""
        return json.dumps({"version": PIPELINE_VERSION, **asdict(self)}, sort_keys=True)
