"""One model file through the whole pipeline: load, check, normalise, budget, levels of detail."""

from __future__ import annotations

from pathlib import Path

from app.meshes.loader import load_model_file
from app.meshes.lod import build_lods, limit_triangles
from app.meshes.model_data import ModelData
from app.meshes.normalise import Placement, normalise
from app.meshes.settings import PipelineSettings
from app.meshes.tangents import add_tangents
from app.meshes.textures import limit_textures
from app.scene.references import References

__all__ = ["process_model_file"]


def process_model_file(
    path: Path,
    placement: Placement,
    settings: PipelineSettings,
    references: References | None = None,
) -> ModelData:
    """The render-ready model for ``path``; raises AssetError with a reason for the curator."""
    model = load_model_file(path, references)
    normalise(model, placement)
    limit_textures(model, settings.max_texture)
    limit_triangles(model, settings.max_triangles)
    add_tangents(model)
    build_lods(model, settings.levels, settings.min_part_faces)
    return model
