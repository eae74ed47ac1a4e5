"""Numpy arrays straight into Panda3D geometry: one memory copy per array, no Python loops."""

from __future__ import annotations

import numpy as np
from panda3d.core import (
    Geom,
    GeomEnums,
    GeomTriangles,
    GeomVertexArrayFormat,
    GeomVertexData,
    GeomVertexFormat,
    InternalName,
)

from app.meshes.model_data import MeshPart

__all__ = ["geom_from_arrays", "part_geoms", "triangles", "vertex_data"]

_FORMATS: dict[tuple[bool, bool, bool, bool], tuple[GeomVertexFormat, np.dtype]] = {}


def _format(
    with_uv: bool, with_color: bool, with_tangent: bool, float_color: bool = False
) -> tuple[GeomVertexFormat, np.dtype]:
    key = (with_uv, with_color, with_tangent, float_color)
    if key not in _FORMATS:
        array = GeomVertexArrayFormat()
        array.addColumn(InternalName.getVertex(), 3, GeomEnums.NT_float32, GeomEnums.C_point)
        array.addColumn(InternalName.getNormal(), 3, GeomEnums.NT_float32, GeomEnums.C_normal)
        fields = [("vertex", "<f4", 3), ("normal", "<f4", 3)]
        if with_uv:
            array.addColumn(
                InternalName.getTexcoord(), 2, GeomEnums.NT_float32, GeomEnums.C_texcoord
            )
            fields.append(("texcoord", "<f4", 2))
        if with_tangent:
            array.addColumn(InternalName.getTangent(), 4, GeomEnums.NT_float32, GeomEnums.C_vector)
            fields.append(("tangent", "<f4", 4))
        if with_color and float_color:  # not clamped to 0..1: light stored per vertex
            array.addColumn(InternalName.getColor(), 4, GeomEnums.NT_float32, GeomEnums.C_color)
            fields.append(("color", "<f4", 4))
        elif with_color:
            array.addColumn(InternalName.getColor(), 4, GeomEnums.NT_uint8, GeomEnums.C_color)
            fields.append(("color", "u1", 4))
        fmt = GeomVertexFormat.registerFormat(GeomVertexFormat(array))
        dtype = np.dtype([(name, kind, (n,)) for name, kind, n in fields])
        if dtype.itemsize != fmt.getArray(0).getStride():
            raise RuntimeError("vertex layout does not match Panda3D's stride")
        _FORMATS[key] = (fmt, dtype)
    return _FORMATS[key]


def vertex_data(
    positions: np.ndarray,
    normals: np.ndarray,
    uvs: np.ndarray | None = None,
    colors: np.ndarray | None = None,
    tangents: np.ndarray | None = None,
    name: str = "mesh",
) -> GeomVertexData:
    """Static vertex data from (N, 3) positions and normals and optional UVs, colours (bytes,
    or floats kept as they are), tangents."""
    float_color = colors is not None and np.issubdtype(colors.dtype, np.floating)
    fmt, dtype = _format(uvs is not None, colors is not None, tangents is not None, float_color)
    rows = np.empty(len(positions), dtype=dtype)
    rows["vertex"] = positions
    rows["normal"] = normals
    if uvs is not None:
        rows["texcoord"] = uvs
    if tangents is not None:
        rows["tangent"] = tangents
    if colors is not None:
        rows["color"] = colors
    vdata = GeomVertexData(name, fmt, Geom.UH_static)
    vdata.uncleanSetNumRows(len(rows))
    memoryview(vdata.modifyArray(0)).cast("B")[:] = rows.tobytes()
    return vdata


def triangles(faces: np.ndarray, vertex_count: int) -> GeomTriangles:
    """An indexed triangle primitive, 16-bit indices when they fit."""
    tris = GeomTriangles(Geom.UH_static)
    small = vertex_count < 65535
    tris.setIndexType(GeomEnums.NT_uint16 if small else GeomEnums.NT_uint32)
    index = np.ascontiguousarray(faces, dtype=np.uint16 if small else np.uint32).ravel()
    handle = tris.modifyVertices()
    handle.uncleanSetNumRows(len(index))
    memoryview(handle).cast("B")[:] = index.tobytes()
    return tris


def geom_from_arrays(
    positions: np.ndarray,
    normals: np.ndarray,
    faces: np.ndarray,
    uvs: np.ndarray | None = None,
    colors: np.ndarray | None = None,
    name: str = "mesh",
) -> Geom:
    """A static indexed triangle Geom from (N,3) positions/normals, (M,3) faces and extras."""
    geom = Geom(vertex_data(positions, normals, uvs, colors, name=name))
    geom.addPrimitive(triangles(faces, len(positions)))
    return geom


def part_geoms(part: MeshPart) -> list[Geom]:
    """One Geom per level of detail of ``part``, all sharing a single vertex buffer."""
    normals = part.normals
    if normals is None:
        from app.meshes.normals import smooth_normals

        normals = smooth_normals(part.positions, part.faces)
    vdata = vertex_data(part.positions, normals, part.uvs, part.colors, part.tangents, part.name)
    geoms = []
    for level in range(1 + len(part.lods)):
        geom = Geom(vdata)
        geom.addPrimitive(triangles(part.level_faces(level), len(part.positions)))
        geoms.append(geom)
    return geoms
