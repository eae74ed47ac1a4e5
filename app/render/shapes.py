"""Simple solids for the hall (boxes and quads) built as arrays for ``geom_from_arrays``."""

from __future__ import annotations

import numpy as np
from panda3d.core import GeomNode, NodePath

from app.render.geometry import geom_from_arrays

__all__ = ["box_node", "quad_node"]

# Each face: normal, and the two in-plane axes (u, v) such that u x v = normal.
_FACES = [
    ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    ((-1, 0, 0), (0, -1, 0), (0, 0, 1)),
    ((0, 1, 0), (-1, 0, 0), (0, 0, 1)),
    ((0, -1, 0), (1, 0, 0), (0, 0, 1)),
    ((0, 0, 1), (1, 0, 0), (0, 1, 0)),
    ((0, 0, -1), (-1, 0, 0), (0, 1, 0)),
]


def box_node(name: str, size: tuple[float, float, float], tile: float | None = None) -> NodePath:
    """A box standing on z=0, centred on x and y; UVs in metres/``tile`` when tile is given."""
    half = np.asarray(size, dtype=np.float64) / 2
    positions: list[np.ndarray] = []
    normals: list[np.ndarray] = []
    uvs: list[tuple[float, float]] = []
    faces: list[tuple[int, int, int]] = []
    for n_axis, u_axis, v_axis in _FACES:
        n, u, v = (np.array(a, dtype=np.float64) for a in (n_axis, u_axis, v_axis))
        centre = n * half
        du, dv = u * half, v * half
        corners = [centre - du - dv, centre + du - dv, centre + du + dv, centre - du + dv]
        base = len(positions)
        positions.extend(corners)
        normals.extend([n] * 4)
        extent_u = float(np.abs(du).sum()) * 2
        extent_v = float(np.abs(dv).sum()) * 2
        scale_u = extent_u / tile if tile else 1.0
        scale_v = extent_v / tile if tile else 1.0
        uvs.extend([(0, 0), (scale_u, 0), (scale_u, scale_v), (0, scale_v)])
        faces.extend([(base, base + 1, base + 2), (base, base + 2, base + 3)])
    pos = np.asarray(positions, dtype=np.float32) + np.array([0, 0, half[2]], dtype=np.float32)
    node = GeomNode(name)
    node.addGeom(
        geom_from_arrays(
            pos,
            np.asarray(normals, np.float32),
            np.asarray(faces),
            np.asarray(uvs, np.float32),
            name=name,
        )
    )
    return NodePath(node)


def quad_node(
    name: str,
    corner: tuple[float, float, float],
    u_axis: tuple[float, float, float],
    v_axis: tuple[float, float, float],
    tile: float | None = None,
) -> NodePath:
    """A one-sided rectangle from ``corner`` spanning the two edge vectors (front = u x v)."""
    c, u, v = (np.asarray(a, dtype=np.float64) for a in (corner, u_axis, v_axis))
    normal = np.cross(u, v)
    normal /= np.linalg.norm(normal)
    pos = np.array([c, c + u, c + u + v, c + v], dtype=np.float32)
    su = np.linalg.norm(u) / tile if tile else 1.0
    sv = np.linalg.norm(v) / tile if tile else 1.0
    uvs = np.array([(0, 0), (su, 0), (su, sv), (0, sv)], dtype=np.float32)
    node = GeomNode(name)
    node.addGeom(
        geom_from_arrays(
            pos,
            np.tile(normal, (4, 1)).astype(np.float32),
            np.array([(0, 1, 2), (0, 2, 3)]),
            uvs,
            name=name,
        )
    )
    return NodePath(node)
