"""Bringing models into Vitrine's world: Z up, metres, standing on their base centre.

Only instance transforms change; vertex arrays are left as loaded, so the work is tiny and
shared geometry stays shared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.meshes.model_data import ModelData

__all__ = ["UNIT_SCALE", "Placement", "default_up", "normalise"]

UNIT_SCALE = {"m": 1.0, "cm": 0.01, "mm": 0.001, "in": 0.0254}

# glTF is Y-up by specification; OBJ and OFF files are mostly Y-up in practice; STL and PLY
# files from CAD tools and scanners are mostly Z-up.
_DEFAULT_UP = {".glb": "y", ".gltf": "y", ".obj": "y", ".off": "y", ".stl": "z", ".ply": "z"}

_Y_UP_TO_Z_UP = np.array(
    [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, -1.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]
)


@dataclass(frozen=True)
class Placement:
    """How to normalise one model: its up axis and units, and an optional size rule."""

    up: str = "y"
    units: str = "m"
    fit: float | None = None
    scale: float | None = None


def default_up(suffix: str) -> str:
    """The up axis assumed for a file type when the scene does not say."""
    return _DEFAULT_UP.get(suffix.lower(), "y")


def normalise(model: ModelData, placement: Placement) -> ModelData:
    """Rotate to Z-up, scale to metres (or to ``fit``), and stand the model on the origin."""
    rotate = _Y_UP_TO_Z_UP if placement.up == "y" else np.eye(4)
    unit = np.diag([UNIT_SCALE[placement.units]] * 3 + [1.0])
    _apply(model, unit @ rotate)
    lo, hi = model.bounds()
    size = float((hi - lo).max())
    factor = 1.0
    if placement.fit is not None and size > 0:
        factor = placement.fit / size
    elif placement.scale is not None:
        factor = placement.scale
    centre = np.array([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, lo[2]])
    move = np.eye(4)
    move[:3, 3] = -centre * factor
    _apply(model, move @ np.diag([factor] * 3 + [1.0]))
    return model


def _apply(model: ModelData, matrix: np.ndarray) -> None:
    for part in model.parts:
        part.instances = np.einsum("ij,kjl->kil", matrix, part.instances)
