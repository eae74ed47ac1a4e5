"""Scene-graph nodes for ModelData: one GeomNode per part, one instance per transform."""

from __future__ import annotations

import numpy as np
from panda3d.core import LMatrix4f, NodePath, Texture

from app.meshes.model_data import ModelData
from app.render.geometry import geom_node_from_part
from app.render.materials import apply_material

__all__ = ["model_node", "matrix_to_panda"]


def matrix_to_panda(matrix: np.ndarray) -> LMatrix4f:
    """A column-vector numpy 4x4 as Panda3D's row-vector matrix."""
    return LMatrix4f(*np.asarray(matrix, dtype=np.float64).T.ravel().tolist())


def model_node(model: ModelData, name: str = "model") -> NodePath:
    """A NodePath holding the whole model; shared geometry is instanced, not copied."""
    root = NodePath(name)
    textures: dict[int, Texture] = {}
    for part in model.parts:
        geom = NodePath(geom_node_from_part(part))
        apply_material(geom, part.material, textures)
        if len(part.instances) == 1:
            geom.reparentTo(root)
            geom.setMat(matrix_to_panda(part.instances[0]))
            continue
        for index, matrix in enumerate(part.instances):
            holder = root.attachNewNode(f"{part.name}#{index}")
            holder.setMat(matrix_to_panda(matrix))
            geom.instanceTo(holder)
    return root
