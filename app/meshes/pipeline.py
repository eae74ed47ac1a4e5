"""The mesh pipeline's front door: from a model file to normalised, render-ready ModelData."""

from __future__ import annotations

import logging
from pathlib import Path

from app.meshes.loader import load_model_file
from app.meshes.model_data import ModelData
from app.meshes.normalise import Placement, normalise

__all__ = ["prepare_model"]

log = logging.getLogger(__name__)


def prepare_model(path: Path, placement: Placement) -> ModelData:
    """Load ``path`` and normalise it; raises AssetError with a reason a curator understands."""
    model = load_model_file(path)
    normalise(model, placement)
    for warning in model.warnings:
        log.warning("%s: %s", path.name, warning)
    return model
