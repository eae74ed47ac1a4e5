"""The mesh pipeline on trimesh: load, normalise, decimate, cache. Runs without a display."""

from __future__ import annotations

from app.meshes.cache import ModelCache, cache_key, default_cache_dir
from app.meshes.loader import SUPPORTED_SUFFIXES, load_model_file
from app.meshes.model_data import Material, MeshPart, ModelData
from app.meshes.normalise import Placement, default_up, normalise
from app.meshes.pipeline import Loaded, ModelLibrary, ModelRequest, prepare_model
from app.meshes.settings import DEFAULT_LEVELS, PIPELINE_VERSION, PipelineSettings

__all__ = [
    "DEFAULT_LEVELS",
    "PIPELINE_VERSION",
    "SUPPORTED_SUFFIXES",
    "Loaded",
    "Material",
    "MeshPart",
    "ModelCache",
    "ModelData",
    "ModelLibrary",
    "ModelRequest",
    "PipelineSettings",
    "Placement",
    "cache_key",
    "default_cache_dir",
    "default_up",
    "load_model_file",
    "normalise",
    "prepare_model",
]
