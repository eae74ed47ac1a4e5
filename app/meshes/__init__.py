"""The mesh pipeline on trimesh: load, normalise, decimate, cache. Runs without a display."""

from __future__ import annotations

from app.meshes.loader import SUPPORTED_SUFFIXES, load_model_file
from app.meshes.model_data import Material, MeshPart, ModelData
from app.meshes.normalise import Placement, default_up, normalise
from app.meshes.pipeline import prepare_model

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Material",
    "MeshPart",
    "ModelData",
    "Placement",
    "default_up",
    "load_model_file",
    "normalise",
    "prepare_model",
]
