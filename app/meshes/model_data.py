"""Plain-array model data: what the mesh pipeline produces and the renderer consumes.

Nothing here knows trimesh or Panda3D: positions, normals, UVs and colours are numpy arrays,
textures are RGBA uint8 images (block-compressed once cached), transforms are 4x4 float
matrices (Z-up, metres).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.meshes.block_compression import CompressedTexture

__all__ = ["Material", "MeshPart", "ModelData", "TextureData"]

TextureData = np.ndarray | CompressedTexture
"""A texture image: RGBA pixels from a loader, or block-compressed from the cache."""


@dataclass
class Material:
    """A glTF-style metallic-roughness material."""

    name: str = "default"
    base_color: tuple[float, float, float, float] = (0.8, 0.8, 0.8, 1.0)
    base_color_texture: TextureData | None = None
    metallic: float = 0.0
    roughness: float = 0.6
    metallic_roughness_texture: TextureData | None = None
    normal_texture: TextureData | None = None
    emissive: tuple[float, float, float] = (0.0, 0.0, 0.0)
    emissive_texture: TextureData | None = None
    occlusion_texture: TextureData | None = None  # glTF's: ambient occlusion in red
    occlusion_strength: float = 1.0
    alpha_mode: str = "OPAQUE"
    alpha_cutoff: float = 0.5
    double_sided: bool = False

    @property
    def textures(self) -> dict[str, TextureData]:
        """The material's texture images by slot name (only the slots that are set)."""
        slots = {
            "base_color": self.base_color_texture,
            "metallic_roughness": self.metallic_roughness_texture,
            "normal": self.normal_texture,
            "emissive": self.emissive_texture,
            "occlusion": self.occlusion_texture,
        }
        return {name: image for name, image in slots.items() if image is not None}


@dataclass
class MeshPart:
    """One triangle mesh with one material, drawn once per instance transform."""

    name: str
    positions: np.ndarray  # (N, 3) float32
    faces: np.ndarray  # (M, 3) uint32
    normals: np.ndarray | None = None  # (N, 3) float32
    uvs: np.ndarray | None = None  # (N, 2) float32
    colors: np.ndarray | None = None  # (N, 4) uint8
    tangents: np.ndarray | None = None  # (N, 4) float32, for normal maps
    material: Material = field(default_factory=Material)
    instances: np.ndarray = field(default_factory=lambda: np.eye(4)[None])  # (K, 4, 4)
    lods: list[np.ndarray] = field(default_factory=list)  # faces per level after level 0
    detail_vertices: int | None = None  # vertices of full detail; LOD copies follow them

    @property
    def triangle_count(self) -> int:
        return len(self.faces) * len(self.instances)

    @property
    def detail_positions(self) -> np.ndarray:
        """Positions of the full-detail vertices (without refitted level-of-detail copies)."""
        return (
            self.positions
            if self.detail_vertices is None
            else self.positions[: self.detail_vertices]
        )

    def level_faces(self, level: int) -> np.ndarray:
        """The faces drawn at ``level`` (0 is full detail); all levels share the vertices."""
        if level == 0 or not self.lods:
            return self.faces
        return self.lods[min(level, len(self.lods)) - 1]


@dataclass
class ModelData:
    """A whole model: its parts, where it came from and what went wrong on the way."""

    source: Path
    parts: list[MeshPart]
    warnings: list[str] = field(default_factory=list)
    levels: tuple[float, ...] = (1.0,)

    @property
    def triangle_count(self) -> int:
        return sum(part.triangle_count for part in self.parts)

    def level_triangles(self, level: int) -> int:
        """Triangles drawn for the whole model at ``level``, instances included."""
        return sum(len(p.level_faces(level)) * len(p.instances) for p in self.parts)

    @property
    def materials(self) -> int:
        return len({id(part.material) for part in self.parts})

    def bounds(self) -> np.ndarray:
        """(2, 3) min and max corner over all instances of all parts."""
        corners = []
        for part in self.parts:
            points = part.detail_positions
            if len(points) == 0:
                continue
            lo, hi = points.min(axis=0), points.max(axis=0)
            box = np.array(
                [
                    [x, y, z, 1.0]
                    for x in (lo[0], hi[0])
                    for y in (lo[1], hi[1])
                    for z in (lo[2], hi[2])
                ]
            )
            for matrix in part.instances:
                corners.append((box @ matrix.T)[:, :3])
        if not corners:
            return np.zeros((2, 3))
        points = np.concatenate(corners)
        return np.stack([points.min(axis=0), points.max(axis=0)])
