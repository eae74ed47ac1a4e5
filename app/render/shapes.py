"""Simple solids for the hall (boxes and quads) built as arrays for ``geom_from_arrays``."""

from __future__ import annotations

import numpy as np
from panda3d.core import GeomNode, NodePath

from app.render.geometry import geom_from_arrays

__all__ = ["box_arrays", "box_node", "quad_node"]

# Each face: normal, and the two in-plane axes (u, v) such that u x v = normal.
_FACES = [
    ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    ((-1, 0, 0), (0, -1, 0), (0, 0, 1)),
    ((0, 1, 0), (-1, 0, 0), (0, 0, 1)),
    ((0, -1, 0), (1, 0, 0), (0, 0, 1)),
    ((0, 0, 1), (1, 0, 0), (0, 1, 0)),
    ((0, 0, -1), (-1, 0, 0), (0, 1, 0)),
]


def box_arrays(
    size: tuple[float, float, float], tile: float | None = None, segments: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Positions, normals, faces and UVs of a box standing on z=0, centred on x and y, each
    face a ``segments`` x ``segments`` grid (for light stored per vertex); UVs in
    metres/``tile`` when tile is given."""
    half = np.asarray(size, dtype=np.float64) / 2
    steps = np.linspace(-1.0, 1.0, segments + 1)
    grid_u, grid_v = np.meshgrid(steps, steps, indexing="xy")
    fu, fv = grid_u.ravel(), grid_v.ravel()
    k = np.arange(segments)
    row = (k[:, None] * (segments + 1) + k[None, :]).ravel()  # lower-left corner of each cell
    quads = np.stack([row, row + 1, row + segments + 2, row + segments + 1], axis=1)
    positions, normals, uvs, faces = [], [], [], []
    count = 0
    for n_axis, u_axis, v_axis in _FACES:
        n, u, v = (np.array(a, dtype=np.float64) for a in (n_axis, u_axis, v_axis))
        du, dv = u * half, v * half
        corners = n * half + fu[:, None] * du + fv[:, None] * dv
        positions.append(corners)
        normals.append(np.tile(n, (len(corners), 1)))
        extent_u = float(np.abs(du).sum()) * 2
        extent_v = float(np.abs(dv).sum()) * 2
        scale_u = extent_u / tile if tile else 1.0
        scale_v = extent_v / tile if tile else 1.0
        uvs.append(np.stack([(fu + 1) / 2 * scale_u, (fv + 1) / 2 * scale_v], axis=1))
        faces.append(np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]]) + count)
        count += len(corners)
    pos = np.concatenate(positions) + np.array([0, 0, half[2]])
    return (
        pos.astype(np.float32),
        np.concatenate(normals).astype(np.float32),
        np.concatenate(faces),
        np.concatenate(uvs).astype(np.float32),
    )


def box_node(
    name: str,
    size: tuple[float, float, float],
    tile: float | None = None,
    segments: int = 1,
    colors: np.ndarray | None = None,
) -> NodePath:
    """A box standing on z=0, centred on x and y (see ``box_arrays``); ``colors`` per vertex."""
    positions, normals, faces, uvs = box_arrays(size, tile, segments)
    node = GeomNode(name)
    node.addGeom(geom_from_arrays(positions, normals, faces, uvs, colors, name=name))
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
