"""How far a simplified surface strays from the original: mean distance, both ways."""

from __future__ import annotations

import numpy as np

__all__ = ["sample_surface", "surface_error"]


def sample_surface(
    positions: np.ndarray, faces: np.ndarray, count: int, rng: np.random.Generator
) -> np.ndarray:
    """``count`` points spread over the triangles by area."""
    tri = positions[faces].astype(np.float64)
    area = np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    chosen = rng.choice(len(faces), size=count, p=area / area.sum())
    r1, r2 = rng.random((2, count))
    flip = r1 + r2 > 1
    r1, r2 = np.where(flip, 1 - r1, r1), np.where(flip, 1 - r2, r2)
    t = tri[chosen]
    return t[:, 0] + r1[:, None] * (t[:, 1] - t[:, 0]) + r2[:, None] * (t[:, 2] - t[:, 0])


def _one_way(points: np.ndarray, positions: np.ndarray, faces: np.ndarray, k: int) -> np.ndarray:
    """Distance from each point to the nearest of the k triangles with the closest centroids."""
    from scipy.spatial import cKDTree
    from trimesh.triangles import closest_point

    tri = positions[faces].astype(np.float64)
    centroids = tri.mean(axis=1)
    k = min(k, len(faces))
    _, nearest = cKDTree(centroids).query(points, k=k)
    nearest = nearest.reshape(len(points), k)
    repeated = np.repeat(points, k, axis=0)
    closest = closest_point(tri[nearest.ravel()], repeated)  # type: ignore[no-untyped-call]
    distances = np.linalg.norm(closest - repeated, axis=1).reshape(len(points), k)
    return distances.min(axis=1)


def surface_error(
    positions_a: np.ndarray,
    faces_a: np.ndarray,
    positions_b: np.ndarray,
    faces_b: np.ndarray,
    samples: int = 20_000,
    seed: int = 1,
) -> float:
    """Mean symmetric surface distance as a percentage of A's bounding-box diagonal."""
    rng = np.random.default_rng(seed)
    a = sample_surface(positions_a, faces_a, samples, rng)
    b = sample_surface(positions_b, faces_b, samples, rng)
    mean = (
        _one_way(a, positions_b, faces_b, 16).mean() + _one_way(b, positions_a, faces_a, 16).mean()
    ) / 2
    diagonal = float(np.linalg.norm(np.ptp(positions_a, axis=0)))
    return 100.0 * mean / diagonal
