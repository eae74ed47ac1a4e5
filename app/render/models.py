"""Scene-graph nodes for ModelData: parts with their levels of detail, instanced per transform."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from panda3d.core import GeomNode, LMatrix4f, LODNode, NodePath

from app.meshes.model_data import MeshPart, ModelData
from app.render.geometry import part_geoms
from app.render.materials import apply_material
from app.render.texture_store import TextureStore

__all__ = ["ModelNodes", "default_switch_distances", "matrix_to_panda", "model_node"]


def matrix_to_panda(matrix: np.ndarray) -> LMatrix4f:
    """A column-vector numpy 4x4 as Panda3D's row-vector matrix."""
    return LMatrix4f(*np.asarray(matrix, dtype=np.float64).T.ravel().tolist())


def default_switch_distances(size: float, levels: int) -> list[float]:
    """Camera distances where detail drops, scaled by the model's size (metres)."""
    base = max(size, 0.05)
    return [base * factor for factor in (8.0, 24.0, 60.0, 150.0, 400.0)][: max(0, levels - 1)]


def _part_node(part: MeshPart, distances: Sequence[float]) -> NodePath:
    geoms = part_geoms(part)
    if len(geoms) == 1:
        node = GeomNode(part.name)
        node.addGeom(geoms[0])
        return NodePath(node)
    lod = LODNode(f"{part.name}-lod")
    root = NodePath(lod)
    edges = [0.0, *distances[: len(geoms) - 1], 1e7]
    for level, geom in enumerate(geoms):
        node = GeomNode(f"{part.name}-l{level}")
        node.addGeom(geom)
        root.attachNewNode(node)
        lod.addSwitch(edges[level + 1], edges[level])
    return root


class ModelNodes:
    """One scene-graph copy of each model, instanced by every exhibit that shows it, and one
    texture per distinct image (by content) across all of them."""

    def __init__(self, textures: TextureStore | None = None) -> None:
        self.nodes: dict[Hashable, NodePath] = {}
        self.textures = textures if textures is not None else TextureStore()
        self.texture_keys: dict[Hashable, list[Hashable]] = {}
        self._bounds: dict[int, np.ndarray] = {}

    def bounds(self, model: ModelData) -> np.ndarray:
        """``model.bounds()``, worked out once per model however many exhibits show it."""
        if id(model) not in self._bounds:
            self._bounds[id(model)] = model.bounds()
        return self._bounds[id(model)]

    def node(
        self, model: ModelData, key: Hashable, distances: Sequence[float] | None = None
    ) -> NodePath:
        """The model's node (built the first time); instance it, do not reparent it."""
        full = (key, tuple(distances) if distances else None)
        if full not in self.nodes:
            used: list[Hashable] = []
            self.nodes[full] = model_node(
                model, str(model.source.name), distances, self.textures, self.bounds(model), used
            )
            self.texture_keys[key] = used
        return self.nodes[full]


def model_node(
    model: ModelData,
    name: str = "model",
    distances: Sequence[float] | None = None,
    textures: TextureStore | None = None,
    bounds: np.ndarray | None = None,
    used: list[Hashable] | None = None,
) -> NodePath:
    """A NodePath holding the whole model; shared geometry is instanced, not copied, and
    textures come from ``textures`` when an equal image was made a texture before (their
    keys are added to ``used``)."""
    root = NodePath(name)
    if distances is None:
        lo, hi = bounds if bounds is not None else model.bounds()
        distances = default_switch_distances(float(np.linalg.norm(hi - lo)), len(model.levels))
    textures = textures if textures is not None else TextureStore()
    for part in model.parts:
        node = _part_node(part, distances)
        keys = apply_material(node, part.material, textures, part.tangents is not None)
        if used is not None:
            used.extend(key for key in keys if key not in used)
        if len(part.instances) == 1:
            node.reparentTo(root)
            node.setMat(matrix_to_panda(part.instances[0]))
            continue
        for index, matrix in enumerate(part.instances):
            holder = root.attachNewNode(f"{part.name}#{index}")
            holder.setMat(matrix_to_panda(matrix))
            node.instanceTo(holder)
    return root
