"""Levels of detail: fewer triangles over the same vertices, so UVs and normals survive.

Each level is an index buffer produced by meshoptimizer's attribute-aware edge collapse
(normals and UVs weigh in, so seams and shading hold). Where seams stop it short of the target,
vertex clustering finishes the job so every level lands near its face count.
"""

from __future__ import annotations

import logging

import numpy as np

from app.meshes.meshopt import simplify, simplify_sloppy
from app.meshes.model_data import MeshPart, ModelData

__all__ = ["decimate_part", "build_lods", "limit_triangles"]

log = logging.getLogger(__name__)

_NORMAL_WEIGHT = 0.5
_UV_WEIGHT = 1.0
_TOLERANCE = 0.1


def _attributes(part: MeshPart) -> tuple[np.ndarray | None, np.ndarray | None]:
    columns, weights = [], []
    if part.normals is not None:
        columns.append(part.normals)
        weights += [_NORMAL_WEIGHT] * 3
    if part.uvs is not None:
        columns.append(part.uvs)
        weights += [_UV_WEIGHT] * 2
    if not columns:
        return None, None
    return np.hstack(columns).astype(np.float32), np.asarray(weights, dtype=np.float32)


def decimate_part(part: MeshPart, target_faces: int, faces: np.ndarray | None = None) -> np.ndarray:
    """Faces of ``part`` (or of ``faces`` over its vertices) reduced to about ``target_faces``."""
    source = part.faces if faces is None else faces
    target = max(1, int(target_faces))
    if target >= len(source):
        return source
    attributes, weights = _attributes(part)
    result, _ = simplify(source, part.positions, target, attributes, weights)
    if len(result) > target * (1 + _TOLERANCE):
        result = simplify_sloppy(result, part.positions, target)
    if len(result) == 0:
        result = source[:1]
    return result


def build_lods(model: ModelData, levels: tuple[float, ...], min_part_faces: int = 64) -> None:
    """Give every part one index buffer per level after the first (levels are face shares)."""
    model.levels = tuple(levels)
    for part in model.parts:
        part.lods = []
        previous = part.faces
        for share in levels[1:]:
            if len(part.faces) < min_part_faces:
                part.lods.append(part.faces)
                continue
            target = round(len(part.faces) * share)
            previous = decimate_part(part, target, previous)
            part.lods.append(previous)


def limit_triangles(model: ModelData, budget: int) -> None:
    """Decimate full detail itself when a model is over the triangle budget."""
    total = model.triangle_count
    if total <= budget:
        return
    share = budget / total
    for part in model.parts:
        if len(part.faces) >= 64:
            part.faces = decimate_part(part, round(len(part.faces) * share))
    model.warnings.append(
        f"{total:,} triangles is over the budget of {budget:,}; full detail was reduced to "
        f"{model.triangle_count:,}"
    )
