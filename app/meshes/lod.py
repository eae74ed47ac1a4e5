"""Levels of detail that keep UVs, normals and colours.

Each level starts as meshoptimizer's attribute-aware edge collapse (normals and UVs weigh in,
so seams and shading hold); where seams stop it short of the target, vertex clustering finishes
the job so every level lands near its face count. The kept vertices are then moved to the
positions that best fit the original surface (least squares, app/meshes/surface_fit.py) and
appended to the part's vertex arrays with their attributes, so every level shares one buffer
and vertices that share a position move together (no cracks along UV seams).
"""

from __future__ import annotations

import logging

import numpy as np

from app.meshes.meshopt import simplify, simplify_sloppy
from app.meshes.model_data import MeshPart, ModelData
from app.meshes.normals import face_normals
from app.meshes.surface_fit import SurfaceFit, Weld, used_indices

__all__ = ["build_lods", "decimate_part", "limit_triangles"]

log = logging.getLogger(__name__)

_NORMAL_WEIGHT = 0.05
_UV_WEIGHT = 0.5
_TOLERANCE = 0.1


def _attributes(part: MeshPart, count: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    columns, weights = [], []
    if part.normals is not None:
        columns.append(part.normals[:count])
        weights += [_NORMAL_WEIGHT] * 3
    if part.uvs is not None:
        columns.append(part.uvs[:count])
        weights += [_UV_WEIGHT] * 2
    if not columns:
        return None, None
    return np.hstack(columns).astype(np.float32), np.asarray(weights, dtype=np.float32)


def decimate_part(
    part: MeshPart, target_faces: int, faces: np.ndarray | None = None, weld: Weld | None = None
) -> np.ndarray:
    """Faces of ``part`` (or of ``faces`` over its vertices) reduced to about ``target_faces``.

    ``weld`` (the part's vertices grouped by position) saves working it out again."""
    source = part.faces if faces is None else faces
    target = max(1, int(target_faces))
    if target >= len(source):
        return source
    # Only the vertices the faces use are offered: meshoptimizer may answer with any vertex at
    # the same position, and refitted copies appended by earlier levels must not be chosen.
    count = int(source.max()) + 1
    positions = part.positions[:count]
    attributes, weights = _attributes(part, count)
    sparse = source is not part.faces  # a later level: its faces use a fraction of the vertices
    result, _ = simplify(source, positions, target, attributes, weights, sparse=sparse)
    if len(result) > target * (1 + _TOLERANCE):
        # UV and normal seams stopped the collapse: go on across them on the welded surface.
        result = _across_seams(part, result, positions, target, weld or Weld(part.positions))
    if len(result) > target * (1 + _TOLERANCE):
        result = simplify_sloppy(result, positions, target)
    if len(result) == 0:
        result = source[:1]
    return result


def build_lods(model: ModelData, levels: tuple[float, ...], min_part_faces: int = 64) -> None:
    """Give every part one index buffer per level after the first (levels are face shares)."""
    model.levels = tuple(levels)
    for part in model.parts:
        part.lods = []
        if len(part.faces) < min_part_faces:
            part.lods = [part.faces for _ in levels[1:]]
            continue
        weld = Weld(part.positions)
        surface = part.positions.copy()
        faces = part.faces
        for share in levels[1:]:
            # Each level simplifies the previous one (in the original vertices) and is fitted
            # to the previous level's fitted surface, so the smaller levels cost little.
            fit = SurfaceFit(surface, faces, weld)
            faces = decimate_part(part, round(len(part.faces) * share), faces, weld)
            kept = used_indices(faces, len(part.positions))
            moved = fit.fitted(kept, faces)
            # Every copy at a position moves with it, used at this level or not.
            by_position = surface[weld.first]
            by_position[weld.position_id[kept]] = moved
            surface = by_position[weld.position_id]
            part.lods.append(_append_copies(part, kept, moved, faces))


def _append_copies(
    part: MeshPart, kept: np.ndarray, positions: np.ndarray, faces: np.ndarray
) -> np.ndarray:
    """Append copies of the vertices ``kept`` at ``positions``; return ``faces`` (which use
    only those vertices) re-indexed onto the copies."""
    base = len(part.positions)
    _append_vertices(part, kept, positions.astype(np.float32))
    remap = np.full(base, -1, dtype=np.int64)
    remap[kept] = base + np.arange(len(kept))
    return remap[faces].astype(np.uint32)


_MAX_SPLITS = 6


def _across_seams(
    part: MeshPart, faces: np.ndarray, positions: np.ndarray, target: int, weld: Weld
) -> np.ndarray:
    """Simplify with vertices welded by position, then give each corner back the split copy
    (UV island, hard-edge normal) that fits the rest of its triangle."""
    first, position_id = weld.first, weld.position_id
    used = used_indices(faces, len(positions))
    welded = position_id[faces]
    keep = (
        (welded[:, 0] != welded[:, 1])
        & (welded[:, 1] != welded[:, 2])
        & (welded[:, 0] != welded[:, 2])
    )
    simple, _ = simplify(welded[keep], part.positions[first], target)
    if len(simple) == 0:
        return faces
    # Candidates: the used split copies of each welded position (padded with -1).
    order = used[np.argsort(position_id[used], kind="stable")]
    groups = position_id[order]
    starts = np.searchsorted(groups, np.arange(len(first)))
    rank = np.arange(len(order)) - starts[groups]
    candidates = np.full((len(first), _MAX_SPLITS), -1, dtype=np.int64)
    fits = rank < _MAX_SPLITS
    candidates[groups[fits], rank[fits]] = order[fits]
    corner = candidates[simple]  # (T, 3, S)
    valid = corner >= 0
    safe = np.where(valid, corner, 0)
    score_base = np.zeros(corner.shape)
    if part.normals is not None:
        normal = face_normals(positions, simple)
        score_base += 1.0 - np.einsum("tcsj,tj->tcs", part.normals[safe], normal)
    score_base[~valid] = np.inf
    uv_options = part.uvs[safe] if part.uvs is not None else None  # (T, 3, S, 2)
    slot = np.zeros(corner.shape[:2], dtype=np.int64)  # start from each corner's first copy
    for _ in range(2 if uv_options is not None else 1):
        score = score_base
        if uv_options is not None:
            picked = np.take_along_axis(uv_options, slot[:, :, None, None], axis=2)[:, :, 0]
            reference = picked.mean(axis=1)  # the triangle's UV centre with the current picks
            score = score + np.linalg.norm(uv_options - reference[:, None, None, :], axis=3)
        slot = score.argmin(axis=2)
    return np.take_along_axis(corner, slot[:, :, None], axis=2)[:, :, 0].astype(np.uint32)


def _append_vertices(part: MeshPart, source: np.ndarray, positions: np.ndarray) -> None:
    if part.detail_vertices is None:
        part.detail_vertices = len(part.positions)
    part.positions = np.concatenate([part.positions, positions])
    for name in ("normals", "uvs", "colors", "tangents"):
        values = getattr(part, name)
        if values is not None:
            setattr(part, name, np.concatenate([values, values[source]]))


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
