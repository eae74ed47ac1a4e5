"""Loading model files with trimesh into plain ``ModelData`` (glTF/GLB, OBJ+MTL, STL, PLY, OFF).

Node transforms are kept and shared geometry becomes instances. Materials are read from
trimesh's PBR and simple materials; missing textures become warnings and a neutral material.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from app.errors import AssetError
from app.meshes.dependencies import model_dependencies
from app.meshes.model_data import Material, MeshPart, ModelData
from app.meshes.resolver import checked_file, exhibition_resolver
from app.meshes.strips import ply_strip_faces
from app.scene.references import MAX_MODEL_BYTES, References

__all__ = ["SUPPORTED_SUFFIXES", "load_model_file"]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {
    ".glb": "glb",
    ".gltf": "gltf",
    ".obj": "obj",
    ".stl": "stl",
    ".ply": "ply",
    ".off": "off",
}


def load_model_file(path: Path, references: References | None = None) -> ModelData:
    """Read ``path`` into ModelData in the file's own axes and units (see ``normalise``);
    files it pulls in are read only as ``references`` allow (by default: inside the model's
    own folder or Vitrine's built-in assets)."""
    import trimesh

    path = Path(path)
    references = references or References.for_exhibition(path.parent)
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise AssetError(
            path,
            f"unsupported format '{path.suffix or path.name}' "
            f"(use one of {', '.join(sorted(SUPPORTED_SUFFIXES))})",
        )
    path = checked_file(path, references, MAX_MODEL_BYTES)
    if path.stat().st_size == 0:
        raise AssetError(path, "file is empty")
    if kind == "glb":
        _check_glb_header(path)
    warnings: list[str] = []
    refused: list[str] = []
    _allow_large_textures()
    resolver = exhibition_resolver(path, references, refused)
    try:
        with _captured_warnings(warnings):
            loaded = trimesh.load(
                str(path), force="scene", file_type=kind, process=False, resolver=resolver
            )
    except AssetError:
        raise
    except Exception as exc:  # trimesh raises many kinds for malformed files
        raise AssetError(path, f"could not be read as {kind.upper()}: {_reason(exc)}") from None
    parts = _parts_from_scene(loaded, warnings)
    if not parts and kind == "ply":
        parts = _parts_from_strips(loaded, warnings)
    if not parts:
        raise AssetError(path, "contains no triangles (nothing to show)")
    dependencies = model_dependencies(path, references)
    for uri in dependencies.missing:
        warnings.append(f"missing file '{uri}': shown with the material's plain colour instead")
    for note in dict.fromkeys(dependencies.refused + refused):
        warnings.append(f"{note}: not read; shown with the material's plain colour instead")
    return ModelData(source=path, parts=parts, warnings=warnings)


def _parts_from_strips(scene: Any, warnings: list[str]) -> list[MeshPart]:
    """PLY files from scanners may hold triangle strips, which trimesh reads as bare points."""
    import trimesh

    parts = []
    for name, geometry in scene.geometry.items():
        faces = ply_strip_faces(getattr(geometry, "metadata", {}))
        if faces is None or len(faces) == 0:
            continue
        mesh = trimesh.Trimesh(np.asarray(geometry.vertices), faces, process=False)
        part = _part_from_mesh(name, mesh, warnings)
        if part is not None:
            parts.append(part)
    return parts


MAX_TEXTURE_PIXELS = 16384 * 16384


def _allow_large_textures() -> None:
    """Let trimesh open images of any size lazily (only their headers are read); each one is
    measured before it is decoded (``_image``), and one over 16k x 16k is refused there."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None


def _size(count: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} GB"


def _check_glb_header(path: Path) -> None:
    """The GLB container's own lengths, checked against the file before anything is parsed."""
    import struct

    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(20)
    reason = None
    version, length, chunk_length, chunk_kind = (
        struct.unpack_from("<IIII", head, 4) if len(head) == 20 else (0, 0, 0, 0)
    )
    if len(head) < 20 or head[:4] != b"glTF":
        reason = "it does not start with 'glTF'"
    elif version != 2:
        reason = f"it is a glTF {version} binary; Vitrine reads glTF 2.0"
    elif length > size:
        reason = (
            f"the GLB header says {_size(length)} but the file has {_size(size)} "
            "(cut short while copying or downloading?)"
        )
    elif chunk_kind != 0x4E4F534A:
        reason = "the GLB's first chunk is not its JSON part"
    elif 20 + chunk_length > size:
        reason = f"the GLB's JSON chunk says {_size(chunk_length)} but the file has {_size(size)}"
    if reason is not None:
        raise AssetError(path, f"could not be read as GLB: {reason}")


def _reason(exc: Exception) -> str:
    """What went wrong, in the words of someone who has to fix the file."""
    import binascii
    import json
    import struct

    if isinstance(exc, binascii.Error):
        return "an embedded data: URI is not valid base64"
    if isinstance(exc, json.JSONDecodeError):
        return f"its JSON is not valid (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    if isinstance(exc, UnicodeDecodeError):
        return "it holds bytes that are not text where text was expected"
    if isinstance(exc, struct.error | EOFError):
        return "the file ends before its data does (truncated?)"
    if isinstance(exc, ValueError) and "reshape" in str(exc):
        return "its arrays are shorter or longer than its header says (corrupt or truncated)"
    if isinstance(exc, IndexError):
        return f"it points at data that is not there ({str(exc)[:120] or 'an index past the end'})"
    if isinstance(exc, KeyError):
        return f"a part it needs is missing ({exc})"
    if isinstance(exc, AssertionError | TypeError | AttributeError) or not str(exc).strip():
        return "its structure is not valid"
    if isinstance(exc, ImportError):
        return "a reader for this format is not installed"
    if isinstance(exc, MemoryError):
        return "it asks for more memory than this computer has (corrupt sizes?)"
    text = str(exc).strip().splitlines()[0]
    return text[:200]


class _captured_warnings:
    """Collect trimesh's log warnings (e.g. missing textures) for the curator."""

    def __init__(self, sink: list[str]) -> None:
        self.sink = sink
        self.handler = logging.Handler(logging.WARNING)
        self.handler.emit = lambda record: self.sink.append(record.getMessage())  # type: ignore[method-assign]

    def __enter__(self) -> None:
        logging.getLogger("trimesh").addHandler(self.handler)

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("trimesh").removeHandler(self.handler)


def _parts_from_scene(scene: Any, warnings: list[str]) -> list[MeshPart]:
    import trimesh

    by_geometry: dict[str, list[np.ndarray]] = {}
    for node in scene.graph.nodes_geometry:
        transform, geom_name = scene.graph[node]
        by_geometry.setdefault(geom_name, []).append(np.asarray(transform, dtype=np.float64))
    parts = []
    for geom_name, transforms in by_geometry.items():
        mesh = scene.geometry.get(geom_name)
        if not isinstance(mesh, trimesh.Trimesh):
            continue
        part = _part_from_mesh(geom_name, mesh, warnings)
        if part is None:
            continue
        part.instances = np.stack(transforms)
        parts.append(part)
    return parts


def _part_from_mesh(name: str, mesh: Any, warnings: list[str]) -> MeshPart | None:
    positions = np.asarray(mesh.vertices, dtype=np.float64)
    faces = np.asarray(mesh.faces)
    if faces.ndim != 2 or faces.shape[1] != 3 or len(faces) == 0 or len(positions) == 0:
        return None
    finite = np.asarray(np.isfinite(positions).all(axis=1), dtype=bool)
    if not finite.all():
        warnings.append(
            f"{name}: {int((~finite).sum())} vertices are not finite numbers; "
            "their triangles were dropped"
        )
    valid = (faces >= 0).all(axis=1) & (faces < len(positions)).all(axis=1)
    if not valid.all():
        warnings.append(
            f"{name}: {int((~valid).sum())} triangles point at missing vertices; they were dropped"
        )
    faces = faces[valid]
    faces = faces[finite[faces].all(axis=1)]
    if len(faces) == 0:
        return None
    positions = np.where(finite[:, None], positions, 0.0)
    normals = _vertex_normals(mesh, positions, faces)
    uvs, colors, material = _visuals(name, mesh, len(positions), warnings)
    return MeshPart(
        name=name,
        positions=positions.astype(np.float32),
        faces=faces.astype(np.uint32),
        normals=normals,
        uvs=uvs,
        colors=colors,
        material=material,
    )


def _vertex_normals(mesh: Any, positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    given = mesh._cache.cache.get("vertex_normals") if hasattr(mesh, "_cache") else None
    if given is not None and len(given) == len(positions) and np.isfinite(given).all():
        return np.asarray(given, dtype=np.float32)
    from app.meshes.normals import smooth_normals

    return smooth_normals(positions, faces)


def _visuals(
    name: str, mesh: Any, count: int, warnings: list[str]
) -> tuple[np.ndarray | None, np.ndarray | None, Material]:
    visual: Any = getattr(mesh, "visual", None)
    kind = getattr(visual, "kind", None)
    if kind == "texture":
        uv = getattr(visual, "uv", None)
        uvs = None
        if uv is not None and len(uv) == count and np.isfinite(uv).all():
            uvs = np.asarray(uv, dtype=np.float32)
        material = _material(name, getattr(visual, "material", None), warnings)
        if uvs is None and material.base_color_texture is not None:
            warnings.append(f"{name}: has a texture but no texture coordinates; texture dropped")
            material.base_color_texture = None
        return uvs, None, material
    if kind == "vertex":
        colors = np.asarray(visual.vertex_colors)
        if colors.shape == (count, 4):
            return (
                None,
                colors.astype(np.uint8),
                Material(name=f"{name}-vertex", base_color=(1, 1, 1, 1)),
            )
    if kind == "face":
        face_colors = np.asarray(visual.face_colors)
        if len(face_colors) and (face_colors != face_colors[0]).any():
            vertex_colors = np.asarray(visual.vertex_colors)
            if vertex_colors.shape == (count, 4):
                return None, vertex_colors.astype(np.uint8), Material(name=f"{name}-face")
        if len(face_colors):
            rgba = tuple(float(c) / 255 for c in face_colors[0])
            return None, None, Material(name=f"{name}-color", base_color=rgba)  # type: ignore[arg-type]
    return None, None, Material(name=f"{name}-neutral")


def _image(value: Any, warnings: list[str] | None = None) -> np.ndarray | None:
    """A texture as RGBA pixels; one too large to decode safely becomes a warning."""
    if value is None:
        return None
    width, height = getattr(value, "size", (0, 0))
    if width * height > MAX_TEXTURE_PIXELS:
        if warnings is not None:
            warnings.append(
                f"a texture of {width} x {height} pixels is over the limit of "
                "16384 x 16384; shown with the material's plain colour instead"
            )
        return None
    try:
        image = value.convert("RGBA")
    except Exception:
        if warnings is not None:
            warnings.append("a texture could not be decoded; shown with the plain colour")
        return None
    return np.asarray(image, dtype=np.uint8)


def _material(name: str, source: Any, warnings: list[str]) -> Material:
    if source is None:
        return Material(name=f"{name}-neutral")
    if hasattr(source, "baseColorFactor") or hasattr(source, "metallicFactor"):
        factor = source.baseColorFactor
        base = (1.0, 1.0, 1.0, 1.0) if factor is None else _rgba([float(c) / 255 for c in factor])
        emissive = getattr(source, "emissiveFactor", None)
        return Material(
            name=getattr(source, "name", None) or name,
            base_color=base,
            base_color_texture=_image(source.baseColorTexture, warnings),
            metallic=1.0 if source.metallicFactor is None else float(source.metallicFactor),
            roughness=1.0 if source.roughnessFactor is None else float(source.roughnessFactor),
            metallic_roughness_texture=_image(
                getattr(source, "metallicRoughnessTexture", None), warnings
            ),
            normal_texture=_image(getattr(source, "normalTexture", None), warnings),
            emissive=(0.0, 0.0, 0.0)
            if emissive is None
            else _rgba([float(e) for e in emissive])[:3],
            emissive_texture=_image(getattr(source, "emissiveTexture", None), warnings),
            occlusion_texture=_image(getattr(source, "occlusionTexture", None), warnings),
            alpha_mode=str(getattr(source, "alphaMode", None) or "OPAQUE"),
            alpha_cutoff=float(getattr(source, "alphaCutoff", None) or 0.5),
            double_sided=bool(getattr(source, "doubleSided", False)),
        )
    diffuse = getattr(source, "diffuse", None)
    base = (0.8, 0.8, 0.8, 1.0)
    if diffuse is not None and len(diffuse) >= 3:
        base = _rgba([float(c) / 255.0 for c in np.asarray(diffuse, dtype=float)[:4]])
    return Material(
        name=getattr(source, "name", None) or name,
        base_color=base,
        base_color_texture=_image(getattr(source, "image", None), warnings),
        roughness=0.7,
    )


def _rgba(values: list[float]) -> tuple[float, float, float, float]:
    """Three or four colour components as RGBA (alpha 1 when not given)."""
    r, g, b, *rest = [*values, 1.0] if len(values) < 4 else values
    return r, g, b, rest[0]
