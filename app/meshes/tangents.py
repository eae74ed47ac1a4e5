"""Per-vertex tangents for normal mapping, from positions, normals and UVs (vectorised)."""

from __future__ import annotations

import numpy as np

from app.meshes.model_data import ModelData

__all__ = ["add_tangents", "vertex_tangents"]


def _accumulate(index: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    return np.stack([np.bincount(index, values[:, k], minlength=count) for k in range(3)], axis=1)


def vertex_tangents(
    positions: np.ndarray, normals: np.ndarray, uvs: np.ndarray, faces: np.ndarray
) -> np.ndarray:
    """(N, 4) float32 tangents: xyz along +U, w = +1/-1 handedness of the bitangent."""
    p = positions.astype(np.float64)
    t = uvs.astype(np.float64)
    i0, i1, i2 = faces[:, 0], faces[:, 1], faces[:, 2]
    e1, e2 = p[i1] - p[i0], p[i2] - p[i0]
    d1, d2 = t[i1] - t[i0], t[i2] - t[i0]
    det = d1[:, 0] * d2[:, 1] - d2[:, 0] * d1[:, 1]
    det = np.where(np.abs(det) < 1e-12, 1e-12, det)[:, None]
    tangent = (e1 * d2[:, [1]] - e2 * d1[:, [1]]) / det
    bitangent = (e2 * d1[:, [0]] - e1 * d2[:, [0]]) / det
    count = len(p)
    index = np.concatenate([i0, i1, i2])
    tan = _accumulate(index, np.concatenate([tangent] * 3), count)
    bit = _accumulate(index, np.concatenate([bitangent] * 3), count)
    n = normals.astype(np.float64)
    tan -= n * np.sum(n * tan, axis=1, keepdims=True)
    length = np.linalg.norm(tan, axis=1, keepdims=True)
    fallback = np.cross(n, np.where(np.abs(n[:, [2]]) < 0.9, [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]))
    tan = np.where(length > 1e-12, tan / np.maximum(length, 1e-12), fallback)
    handed = np.where(np.sum(np.cross(n, tan) * bit, axis=1) < 0, -1.0, 1.0)
    return np.column_stack([tan, handed]).astype(np.float32)


def add_tangents(model: ModelData) -> None:
    """Tangents for every part that has a normal map, normals and UVs."""
    for part in model.parts:
        if (
            part.material.normal_texture is not None
            and part.uvs is not None
            and part.normals is not None
        ):
            part.tangents = vertex_tangents(part.positions, part.normals, part.uvs, part.faces)
