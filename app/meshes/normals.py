"""Face and vertex normals from positions and triangles (vectorised)."""

from __future__ import annotations

import numpy as np

__all__ = ["face_normals", "smooth_normals"]


def smooth_normals(positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals as float32; vertices on no triangle get +Z."""
    tri = positions[faces].astype(np.float64)
    face_normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normals = np.zeros((len(positions), 3))
    for corner in range(3):
        np.add.at(normals, faces[:, corner], face_normals)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.divide(
        normals, length, out=np.tile([0.0, 0.0, 1.0], (len(positions), 1)), where=length > 1e-20
    )
    return normals.astype(np.float32)


def face_normals(positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Unit normal of every triangle (float64; zero-area triangles give a zero vector)."""
    tri = positions[faces].astype(np.float64)
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    return cross / np.maximum(np.linalg.norm(cross, axis=1, keepdims=True), 1e-30)
