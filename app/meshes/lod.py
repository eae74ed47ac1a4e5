"""Levels of detail that keep UVs, normals and colours.

Each level starts as meshoptimizer's attribute-aware edge collapse (normals and UVs weigh in,
so seams and shading hold); where seams stop it short of the target, vertex clustering finishes
the job so every level lands near its face count. The kept vertices are then moved to the
positions that best fit the original surface (quadric planes of the faces they absorbed) and
appended to the part's vertex arrays with their attributes, so every level shares one buffer
and vertices that share a position move together (no cracks along UV seams).
"""

from __future__ import annotations

import logging

import numpy as np

from app.meshes.meshopt import simplify, simplify_sloppy
from app.meshes.model_data import MeshPart, ModelData

__all__ = ["decimate_part", "build_lods", "limit_triangles"]

log = logging.getLogger(__name__)

_NORMAL_WEIGHT = 0.05
_UV_WEIGHT = 0.5
_TOLERANCE = 0.1
_REGULARISE = 1e-2  # pull toward the kept vertex where the planes leave the position free


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


def decimate_part(part: MeshPart, target_faces: int, faces: np.ndarray | None = None) -> np.ndarray:
    """Faces of ``part`` (or of ``faces`` over its vertices) reduced to about ``target_faces``."""
    source = part.faces if faces is None else faces
    target = max(1, int(target_faces))
    if target >= len(source):
        return source
    # Only the vertices the faces use are offered: meshoptimizer may answer with any vertex at
    # the same position, and refitted copies appended by earlier levels must not be chosen.
    count = int(source.max()) + 1
    positions = part.positions[:count]
    attributes, weights = _attributes(part, count)
    result, _ = simplify(source, positions, target, attributes, weights)
    if len(result) > target * (1 + _TOLERANCE):
        # UV and normal seams stopped the collapse: go on across them on the welded surface.
        result = _across_seams(part, result, positions, target)
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
        fit = _SurfaceFit(part)
        faces = part.faces
        for share in levels[1:]:
            # Each level simplifies the previous one (before refitting, in the original
            # vertices), so the smaller levels cost little.
            faces = decimate_part(part, round(len(part.faces) * share), faces)
            part.lods.append(fit.append_refitted(part, faces))


class _SurfaceFit:
    """Area-weighted plane quadrics of a part's full-detail surface, per distinct position."""

    def __init__(self, part: MeshPart) -> None:
        positions = np.ascontiguousarray(part.positions, dtype=np.float32)
        rows = positions.view(np.dtype((np.void, 12))).ravel()
        _, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
        self.position_id = inverse.ravel()
        self.points = positions[first].astype(np.float64)
        tri = positions.astype(np.float64)[part.faces]
        cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        double_area = np.linalg.norm(cross, axis=1)
        normal = cross / np.maximum(double_area, 1e-30)[:, None]
        weight = double_area / 2
        offset = -np.einsum("ij,ij->i", normal, tri[:, 0])
        # Per face: the six entries of w n n^T, the three of w n d, and w.
        terms = [weight * normal[:, i] * normal[:, j] for i, j in _UPPER]
        terms += [weight * normal[:, i] * offset for i in range(3)] + [weight]
        corners = self.position_id[part.faces]
        count = len(self.points)
        pairs = np.concatenate([corners[:, [0, 1]], corners[:, [1, 2]], corners[:, [2, 0]]])
        self.edges = np.concatenate([pairs, pairs[:, ::-1]])
        self.quadric = np.stack([
            sum(np.bincount(corners[:, c], term, minlength=count) for c in range(3))
            for term in terms
        ], axis=1)

    def append_refitted(self, part: MeshPart, faces: np.ndarray) -> np.ndarray:
        """Append refitted copies of the vertices ``faces`` uses; return faces indexing them."""
        kept = np.unique(faces)
        kept_ids = np.unique(self.position_id[kept])
        owner = self._owners(kept_ids)
        mine = owner >= 0
        q = np.stack([np.bincount(owner[mine], self.quadric[mine, k], minlength=len(kept_ids))
                      for k in range(self.quadric.shape[1])], axis=1)
        a = np.empty((len(kept_ids), 3, 3))
        for k, (i, j) in enumerate(_UPPER):
            a[:, i, j] = a[:, j, i] = q[:, k]
        lam = _REGULARISE * np.maximum(q[:, 9], 1e-20)
        a += lam[:, None, None] * np.eye(3)
        rhs = -q[:, 6:9] + lam[:, None] * self.points[kept_ids]
        fitted = np.linalg.solve(a, rhs[:, :, None])[:, :, 0]
        slot = np.full(len(self.points), -1)
        slot[kept_ids] = np.arange(len(kept_ids))
        new_positions = fitted[slot[self.position_id[kept]]].astype(np.float32)
        base = len(part.positions)
        _append_vertices(part, kept, new_positions)
        remap = np.full(base, -1, dtype=np.int64)
        remap[kept] = base + np.arange(len(kept))
        return remap[faces].astype(np.uint32)


    def _owners(self, kept_ids: np.ndarray) -> np.ndarray:
        """For every position, the kept vertex it was most likely collapsed into: the one
        fewest edges away over the surface (-1 for pieces that lost every vertex)."""
        owner = np.full(len(self.points), -1, dtype=np.int64)
        owner[kept_ids] = np.arange(len(kept_ids))
        targets, sources = self.edges[:, 0], self.edges[:, 1]
        open_edges = np.flatnonzero(owner[targets] < 0)  # only edges into unassigned vertices
        for _ in range(256):
            labels = owner[sources[open_edges]]
            reach = labels >= 0
            if not reach.any():
                break
            owner[targets[open_edges[reach]]] = labels[reach]
            open_edges = open_edges[owner[targets[open_edges]] < 0]
        return owner


_UPPER = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)]
_MAX_SPLITS = 6


def _across_seams(part: MeshPart, faces: np.ndarray, positions: np.ndarray,
                  target: int) -> np.ndarray:
    """Simplify with vertices welded by position, then give each corner back the split copy
    (UV island, hard-edge normal) that fits the rest of its triangle."""
    rows = np.ascontiguousarray(positions, dtype=np.float32).view(np.dtype((np.void, 12))).ravel()
    _, first, weld = np.unique(rows, return_index=True, return_inverse=True)
    weld = weld.ravel()
    used = np.unique(faces)
    welded = weld[faces]
    keep = (welded[:, 0] != welded[:, 1]) & (welded[:, 1] != welded[:, 2]) & \
        (welded[:, 0] != welded[:, 2])
    simple, _ = simplify(welded[keep], positions[first], target)
    if len(simple) == 0:
        return faces
    # Candidates: the used split copies of each welded position (padded with -1).
    order = used[np.argsort(weld[used], kind="stable")]
    groups = weld[order]
    starts = np.searchsorted(groups, np.arange(len(first)))
    rank = np.arange(len(order)) - starts[groups]
    candidates = np.full((len(first), _MAX_SPLITS), -1, dtype=np.int64)
    fits = rank < _MAX_SPLITS
    candidates[groups[fits], rank[fits]] = order[fits]
    corner = candidates[simple]  # (T, 3, S)
    chosen = corner[:, :, 0].copy()
    score_uv = part.uvs is not None
    for _ in range(2):
        reference_uv = part.uvs[chosen].mean(axis=1) if score_uv else None  # type: ignore[index]
        normal = _face_normals(positions, simple)
        best = np.full(chosen.shape, np.inf)
        for slot in range(_MAX_SPLITS):
            option = corner[:, :, slot]
            valid = option >= 0
            safe = np.where(valid, option, 0)
            score = np.zeros(option.shape)
            if score_uv:
                score += np.linalg.norm(part.uvs[safe] - reference_uv[:, None, :], axis=2)  # type: ignore[index]
            if part.normals is not None:
                score += 1.0 - np.einsum("tcj,tj->tc", part.normals[safe], normal)
            better = valid & (score < best)
            chosen = np.where(better, option, chosen)
            best = np.where(better, score, best)
    return chosen.astype(np.uint32)


def _face_normals(positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    tri = positions[faces].astype(np.float64)
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    return cross / np.maximum(np.linalg.norm(cross, axis=1, keepdims=True), 1e-30)


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
