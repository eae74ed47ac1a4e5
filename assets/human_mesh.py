"""Turns parts of the MakeHuman base mesh (quads with per-corner UVs) into glTF primitives:
one vertex per distinct (position, UV) corner, triangles, smooth normals, skin weights and
morph targets carried over from the base mesh's vertices."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from gltf_writer import Primitive

__all__ = ["Part", "shell", "smooth_normals", "triangles"]


def triangles(quads: np.ndarray) -> np.ndarray:
    """(F, 4) quads (triangles repeat a corner) as (T, 3) triangles, degenerate ones dropped."""
    tris = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    keep = (tris[:, 0] != tris[:, 1]) & (tris[:, 1] != tris[:, 2]) & (tris[:, 0] != tris[:, 2])
    return tris[keep]


def smooth_normals(vertices: np.ndarray, tris: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals (vertices no triangle uses get +Z)."""
    a, b, c = (vertices[tris[:, i]] for i in range(3))
    face = np.cross(b - a, c - a)
    normals = np.zeros_like(vertices)
    for i in range(3):
        np.add.at(normals, tris[:, i], face)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.where(length > 1e-12, normals / np.maximum(length, 1e-12), [0.0, 0.0, 1.0])
    return normals


@dataclass
class Part:
    """Faces of the base mesh (or any quad mesh) with everything per original vertex."""

    vertices: np.ndarray  # (V, 3) metres
    normals: np.ndarray  # (V, 3)
    quads: np.ndarray  # (F, 4) into vertices
    joints: np.ndarray  # (V, 4)
    weights: np.ndarray  # (V, 4)
    uvs: np.ndarray | None = None  # (T, 2) MakeHuman convention (v up)
    quad_uvs: np.ndarray | None = None  # (F, 4) into uvs

    def split(self, solid: np.ndarray) -> tuple[Part, Part]:
        """Two parts: the faces whose corners are all ``solid`` (per vertex), and the rest
        (an alpha-cut garment draws its inside without the alpha test, which costs)."""
        inside = solid[self.quads].all(axis=1)
        parts = []
        for keep in (inside, ~inside):
            uvs = self.quad_uvs[keep] if self.quad_uvs is not None else None
            parts.append(Part(self.vertices, self.normals, self.quads[keep], self.joints,
                              self.weights, self.uvs, uvs))  # fmt: skip
        return parts[0], parts[1]

    def primitive(
        self,
        color: tuple[float, float, float, float],
        targets: dict[str, np.ndarray] | None = None,
        **material: object,
    ) -> Primitive:
        """The glTF primitive; ``targets`` are (V, 3) offsets per original vertex."""
        if self.quad_uvs is not None:
            corners = np.stack([self.quads.ravel(), self.quad_uvs.ravel()], axis=1)
        else:
            corners = np.stack([self.quads.ravel(), np.zeros(self.quads.size, np.int64)], axis=1)
        unique, inverse = np.unique(corners, axis=0, return_inverse=True)
        inverse = inverse.reshape(self.quads.shape)
        source = unique[:, 0]
        tris = triangles(inverse)
        uvs = None
        if self.uvs is not None:
            uvs = self.uvs[unique[:, 1]].copy()
            uvs[:, 1] = 1.0 - uvs[:, 1]  # glTF's v runs down the image
        moved = {
            name: offsets[source].astype(np.float32)
            for name, offsets in (targets or {}).items()
            if np.abs(offsets[source]).max() > 1e-6
        }
        return Primitive(
            self.vertices[source].astype(np.float32),
            self.normals[source].astype(np.float32),
            tris,
            color,
            self.joints[source],
            targets=moved,
            weights=self.weights[source],
            uvs=uvs,
            **material,  # type: ignore[arg-type]
        )


def _boundary(quads: np.ndarray) -> np.ndarray:
    """Edges used by one face only, as (E, 2) in the faces' winding."""
    edges = np.concatenate([quads[:, [i, (i + 1) % 4]] for i in range(4)])
    edges = edges[edges[:, 0] != edges[:, 1]]
    key = np.sort(edges, axis=1)
    _, inverse, counts = np.unique(key, axis=0, return_inverse=True, return_counts=True)
    return edges[counts[inverse.ravel()] == 1]


def shell(
    vertices: np.ndarray,
    normals: np.ndarray,
    quads: np.ndarray,
    joint_ids: np.ndarray,
    weights: np.ndarray,
    lift: np.ndarray | float,
    color: tuple[float, float, float],
    roughness: float,
    name: str,
    uvs: tuple[np.ndarray, np.ndarray] | None = None,
    texture: bytes | None = None,
    solid: np.ndarray | None = None,
) -> list[Primitive]:
    """The faces ``quads`` lifted by ``lift`` metres, with a rim down to the body at openings.
    With a texture whose alpha cuts the garment's edges, the faces at ``solid`` vertices
    (well inside the cut) are drawn without the alpha test."""
    count = len(vertices)
    lifted = vertices + normals * (np.asarray(lift)[:, None] if np.ndim(lift) else lift)
    rim = _boundary(quads)
    # rim quads: shell edge (b, a) down to the body edge (a, b), facing outward
    rim_quads = np.stack([rim[:, 1], rim[:, 0], rim[:, 0] + count, rim[:, 1] + count], axis=1)
    all_vertices = np.concatenate([lifted, vertices])
    all_quads = np.concatenate([quads, rim_quads])
    all_normals = smooth_normals(all_vertices, triangles(all_quads))
    all_normals[:count] = normals
    part = Part(
        all_vertices,
        all_normals,
        all_quads,
        np.concatenate([joint_ids, joint_ids]),
        np.concatenate([weights, weights]),
    )
    if uvs is not None and texture is not None:
        # the shell keeps the body's UVs; the rim takes those of its shell edge
        table, quad_uvs = uvs
        uv_of_vertex = np.zeros(len(all_vertices), np.int64)
        uv_of_vertex[quads.ravel()] = quad_uvs.ravel()
        uv_of_vertex[count:] = uv_of_vertex[:count]
        part.uvs = table
        part.quad_uvs = np.concatenate([quad_uvs, uv_of_vertex[rim_quads]])
        if solid is None:
            solid = np.zeros(len(all_vertices), bool)
        inner, edge = part.split(np.concatenate([solid, np.zeros(count, bool)]))
        return [
            inner.primitive((*color, 1.0), roughness=roughness, name=name, texture=texture),
            edge.primitive(
                (*color, 1.0), roughness=roughness, name=f"{name}-edge", texture=texture,
                alpha="MASK",
            ),
        ]  # fmt: skip
    return [part.primitive((*color, 1.0), roughness=roughness, name=name)]
