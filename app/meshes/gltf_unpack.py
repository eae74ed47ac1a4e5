"""Plain glTF from what VRoid Studio and glTF-Transform export: buffer views compressed with
``EXT_meshopt_compression`` decoded (meshoptimizer's decoders, filters included),
``EXT_texture_webp`` images turned into PNG (Pillow), and ``KHR_mesh_quantization``'s integer
vertex attributes turned back into floats, so any glTF loader can read the file.

``unpack_glb`` returns the bytes of an equivalent GLB without those extensions; files that
use none of them come back unchanged.
"""

from __future__ import annotations

import io
import json
import struct
from typing import Any

import numpy as np

__all__ = ["UNPACKED_EXTENSIONS", "UNPACK_VERSION", "glb_document", "needs_unpacking", "unpack_glb"]

UNPACK_VERSION = 7  # bump when the output for the same file changes (cached copies are redone)

UNPACKED_EXTENSIONS = ("EXT_meshopt_compression", "EXT_texture_webp", "KHR_mesh_quantization")
_COMPONENTS = {5120: ("<i1", 127.0), 5121: ("<u1", 255.0), 5122: ("<i2", 32767.0),
               5123: ("<u2", 65535.0), 5125: ("<u4", 1.0), 5126: ("<f4", 1.0)}  # fmt: skip
_WIDTH = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}
_FLOAT_ATTRIBUTES = ("POSITION", "NORMAL", "TANGENT", "TEXCOORD_", "WEIGHTS_")
_JSON, _BIN = 0x4E4F534A, 0x004E4942


def _chunks(data: bytes) -> tuple[dict[str, Any], bytes]:
    magic, _, length = struct.unpack_from("<III", data, 0)
    if magic != 0x46546C67:
        raise ValueError("not a GLB file")
    offset, document, binary = 12, None, b""
    while offset + 8 <= min(length, len(data)):
        size, kind = struct.unpack_from("<II", data, offset)
        chunk = data[offset + 8 : offset + 8 + size]
        if kind == _JSON:
            document = json.loads(chunk.decode("utf-8"))
        elif kind == _BIN and not binary:
            binary = bytes(chunk)
        offset += 8 + size
    if document is None:
        raise ValueError("the GLB has no JSON chunk")
    return document, binary


def glb_document(data: bytes) -> dict[str, Any]:
    """The JSON part of a GLB (ValueError when it is not one)."""
    return _chunks(data)[0]


def needs_unpacking(document: dict[str, Any]) -> bool:
    used = set(document.get("extensionsUsed", []) or [])
    return any(name in used for name in UNPACKED_EXTENSIONS) or _split_skeleton(document)


def _split_skeleton(document: dict[str, Any]) -> bool:
    """A skinned file whose scene has several roots (VRoid: the meshes beside the skeleton's
    hips); loaders that put a character under the common ancestor find none."""
    scenes = document.get("scenes", []) or []
    return bool(document.get("skins")) and any(len(s.get("nodes", [])) > 1 for s in scenes)


def _bind_matrices(document: dict[str, Any], index: int | None, data: bytearray) -> np.ndarray:
    if index is None:
        return np.zeros((0, 16), np.float32)
    accessor = document["accessors"][index]
    view = document["bufferViews"][accessor["bufferView"]]
    start = int(view.get("byteOffset", 0)) + int(accessor.get("byteOffset", 0))
    raw = bytes(data[start : start + int(accessor["count"]) * 64])
    return np.frombuffer(raw, "<f4").reshape(-1, 16)


def _globals(document: dict[str, Any]) -> dict[int, np.ndarray]:
    """Every node's rest transform in the scene (column-vector 4x4)."""
    nodes = document.get("nodes", []) or []
    parent: dict[int, int] = {}
    for index, node in enumerate(nodes):
        for child in node.get("children", []) or []:
            parent[int(child)] = index
    out: dict[int, np.ndarray] = {}

    def local(node: dict[str, Any]) -> np.ndarray:
        if "matrix" in node:
            return np.array(node["matrix"], np.float64).reshape(4, 4).T
        x, y, z, w = node.get("rotation", (0.0, 0.0, 0.0, 1.0))
        rotation = np.array(
            [
                [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
            ]
        )
        matrix = np.eye(4)
        matrix[:3, :3] = rotation * np.array(node.get("scale", (1.0, 1.0, 1.0)))
        matrix[:3, 3] = node.get("translation", (0.0, 0.0, 0.0))
        return matrix

    def world(index: int) -> np.ndarray:
        if index not in out:
            above = world(parent[index]) if index in parent else np.eye(4)
            out[index] = above @ local(nodes[index])
        return out[index]

    for index in range(len(nodes)):
        world(index)
    return out


def _merge_skins(document: dict[str, Any], data: bytearray) -> None:
    """One skin for meshes whose skins have the same joints (VRoid writes one per mesh; a
    character per skin would split the figure). Each skin's bind matrices are brought back to
    the skeleton's rest pose: where they differ from it by one transform for every joint (a
    mesh's quantization scale and offset), that transform is baked into the mesh's vertices."""
    skins = document.get("skins", []) or []
    if len(skins) < 2:
        return
    world = _globals(document)
    rest_ibm: dict[int, np.ndarray] = {}
    bake: dict[int, np.ndarray] = {}
    for index, skin in enumerate(skins):
        matrices = _bind_matrices(document, skin.get("inverseBindMatrices"), data)
        mine = matrices.reshape(-1, 4, 4).transpose(0, 2, 1).astype(np.float64)
        joints = [int(j) for j in skin["joints"]]
        if len(mine) != len(joints):
            return
        change = np.stack([world[j] for j in joints]) @ mine  # rest global x inverse bind
        if not np.allclose(change, change[0], atol=1e-4):
            return  # bound in another pose: leave the file as it is
        rest_ibm[index] = np.linalg.inv(np.stack([world[j] for j in joints]))
        if not np.allclose(change[0], np.eye(4), atol=1e-6):
            bake[index] = change[0]
    first_for: dict[tuple[int, ...], int] = {}
    mapping: dict[int, int] = {}
    keep: list[dict[str, Any]] = []
    for index, skin in enumerate(skins):
        key = tuple(int(j) for j in skin["joints"])
        if key not in first_for:
            first_for[key] = len(keep)
            keep.append(skin)
        mapping[index] = first_for[key]
    for node in document.get("nodes", []) or []:
        if "skin" in node and int(node["skin"]) in bake and "mesh" in node:
            _transform_mesh(document, data, int(node["mesh"]), bake[int(node["skin"])])
    views = document.setdefault("bufferViews", [])
    for index, skin in enumerate(skins):
        if mapping[index] != first_for[tuple(int(j) for j in skin["joints"])]:
            continue
        columns = rest_ibm[index].transpose(0, 2, 1).astype("<f4")  # glTF: column by column
        data += b"\0" * (-len(data) % 4)
        views.append({"buffer": 0, "byteOffset": len(data), "byteLength": columns.nbytes})
        data += columns.tobytes()
        document["accessors"].append(
            {"bufferView": len(views) - 1, "componentType": 5126, "count": len(columns),
             "type": "MAT4"}
        )  # fmt: skip
        skin["inverseBindMatrices"] = len(document["accessors"]) - 1
    document["skins"] = keep
    for node in document.get("nodes", []) or []:
        if "skin" in node:
            node["skin"] = mapping[int(node["skin"])]


def _float_rows(document: dict[str, Any], data: bytearray, index: int) -> np.ndarray | None:
    """A float accessor's values as a writable view into ``data`` (None if not plain)."""
    accessor = document["accessors"][index]
    if accessor.get("componentType") != 5126 or "sparse" in accessor:
        return None
    view = document["bufferViews"][accessor["bufferView"]]
    width = _WIDTH.get(accessor["type"], 0)
    if not width or int(view.get("byteStride", 4 * width)) != 4 * width:
        return None
    start = int(view.get("byteOffset", 0)) + int(accessor.get("byteOffset", 0))
    count = int(accessor["count"])
    return np.frombuffer(data, "<f4", count * width, start).reshape(count, width)


def _transform_mesh(
    document: dict[str, Any], data: bytearray, mesh: int, change: np.ndarray
) -> None:
    linear = change[:3, :3]
    done: set[int] = set()
    for primitive in document["meshes"][mesh].get("primitives", []) or []:
        groups = [(primitive.get("attributes", {}), False)]
        groups += [(target, True) for target in primitive.get("targets") or []]
        for group, is_target in groups:
            for name, index in group.items():
                if index in done or name not in ("POSITION", "NORMAL", "TANGENT"):
                    continue
                rows = _float_rows(document, data, int(index))
                if rows is None:
                    continue
                done.add(index)
                xyz = rows[:, :3].astype(np.float64) @ linear.T
                if name == "POSITION" and not is_target:
                    xyz += change[:3, 3]
                elif name != "POSITION" and not is_target:
                    xyz /= np.maximum(np.linalg.norm(xyz, axis=1, keepdims=True), 1e-12)
                rows[:, :3] = xyz
                accessor = document["accessors"][int(index)]
                if len(rows):
                    accessor["min"] = rows.min(axis=0).tolist()
                    accessor["max"] = rows.max(axis=0).tolist()


def _one_root(document: dict[str, Any]) -> None:
    """Give each scene with several root nodes one root above them (an identity node)."""
    nodes = document.setdefault("nodes", [])
    for scene in document.get("scenes", []) or []:
        roots = list(scene.get("nodes", []))
        if len(roots) > 1:
            nodes.append({"name": "AvatarRoot", "children": roots})
            scene["nodes"] = [len(nodes) - 1]


def _decode_view(extension: dict[str, Any], binary: bytes) -> bytes:
    import meshoptimizer

    start = int(extension.get("byteOffset", 0))
    source = binary[start : start + int(extension["byteLength"])]
    count, stride = int(extension["count"]), int(extension["byteStride"])
    mode = extension.get("mode", "ATTRIBUTES")
    if mode == "ATTRIBUTES":
        # decoded as float32 words (vertex sizes are multiples of 4 bytes), used as raw bytes
        words = meshoptimizer.decode_vertex_buffer(count, stride, source)
        decoded = np.ascontiguousarray(words).view(np.uint8).reshape(-1)
        filters = {
            "OCTAHEDRAL": meshoptimizer.decode_filter_oct,
            "QUATERNION": meshoptimizer.decode_filter_quat,
            "EXPONENTIAL": meshoptimizer.decode_filter_exp,
        }
        chosen = filters.get(extension.get("filter", "NONE"))
        if chosen is not None:
            decoded = chosen(np.ascontiguousarray(decoded).reshape(-1), count, stride)
    elif mode == "TRIANGLES":  # decoded as 32-bit indices (the binding's array), then narrowed
        decoded = meshoptimizer.decode_index_buffer(count, 4, source)
    elif mode == "INDICES":
        decoded = meshoptimizer.decode_index_sequence(count, 4, source)
    else:
        raise ValueError(f"unknown EXT_meshopt_compression mode {mode!r}")
    array = np.ascontiguousarray(decoded)
    if mode != "ATTRIBUTES":
        array = array.astype({2: "<u2", 4: "<u4"}[stride])
    data = array.tobytes()
    if len(data) != count * stride:
        raise ValueError(f"a compressed view decoded to {len(data)} bytes, not {count * stride}")
    return data


def _png(webp: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(webp)) as image:
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=1)
        return out.getvalue()


def _dequantize(document: dict[str, Any], out: bytearray) -> None:
    """Integer positions, normals, tangents, UVs and weights (mesh quantization) as floats,
    appended to ``out`` as new buffer views."""
    accessors = document.get("accessors", []) or []
    views = document.get("bufferViews", []) or []
    wanted: set[int] = set()
    for mesh in document.get("meshes", []) or []:
        for primitive in mesh.get("primitives", []) or []:
            for group in [primitive.get("attributes", {}), *(primitive.get("targets") or [])]:
                for name, index in group.items():
                    if name.startswith(_FLOAT_ATTRIBUTES):
                        wanted.add(int(index))
    for index in sorted(wanted):
        accessor = accessors[index]
        kind = int(accessor["componentType"])
        if kind == 5126 or "sparse" in accessor or "bufferView" not in accessor:
            continue
        dtype, scale = _COMPONENTS[kind]
        width, count = _WIDTH[accessor["type"]], int(accessor["count"])
        view = views[int(accessor["bufferView"])]
        item = np.dtype(dtype).itemsize * width
        stride = int(view.get("byteStride", item))
        start = int(view.get("byteOffset", 0)) + int(accessor.get("byteOffset", 0))
        raw = np.frombuffer(bytes(out[start : start + stride * (count - 1) + item]), np.uint8)
        rows = np.lib.stride_tricks.as_strided(raw, (count, item), (stride, 1)) if count else raw
        values = np.ascontiguousarray(rows).view(dtype).reshape(count, width).astype(np.float32)
        if accessor.get("normalized"):
            values = np.maximum(values / scale, -1.0)
        out += b"\0" * (-len(out) % 4)
        views.append({"buffer": 0, "byteOffset": len(out), "byteLength": values.nbytes})
        out += values.tobytes()
        accessor.update(bufferView=len(views) - 1, byteOffset=0, componentType=5126)
        accessor.pop("normalized", None)
        if count:
            accessor["min"] = values.min(axis=0).tolist()
            accessor["max"] = values.max(axis=0).tolist()


def unpack_glb(data: bytes) -> bytes:
    """``data`` (a GLB) without meshopt compression and WebP textures."""
    document, binary = _chunks(data)
    if not needs_unpacking(document):
        return data
    views = document.get("bufferViews", []) or []
    images = document.get("images", []) or []
    webp_views = {
        int(image["bufferView"]): index
        for index, image in enumerate(images)
        if image.get("mimeType") == "image/webp" and "bufferView" in image
    }
    out = bytearray()
    for index, view in enumerate(views):
        extension = (view.get("extensions") or {}).get("EXT_meshopt_compression")
        if extension is not None:
            if int(extension.get("buffer", 0)) != 0:
                raise ValueError("compressed data outside the GLB's own buffer")
            chunk = _decode_view(extension, binary)
            view.pop("extensions", None)  # the view keeps its own byteStride
        else:
            if int(view.get("buffer", 0)) != 0:
                raise ValueError("a buffer view outside the GLB's own buffer")
            start = int(view.get("byteOffset", 0))
            chunk = binary[start : start + int(view["byteLength"])]
            if index in webp_views:
                chunk = _png(chunk)
                images[webp_views[index]]["mimeType"] = "image/png"
        out += b"\0" * (-len(out) % 4)
        view["buffer"], view["byteOffset"], view["byteLength"] = 0, len(out), len(chunk)
        out += chunk
    _dequantize(document, out)
    _merge_skins(document, out)
    if _split_skeleton(document):
        _one_root(document)
    out += b"\0" * (-len(out) % 4)
    document["buffers"] = [{"byteLength": len(out)}]
    for texture in document.get("textures", []) or []:
        webp = (texture.get("extensions") or {}).pop("EXT_texture_webp", None)
        if webp is not None:
            texture["source"] = int(webp["source"])
        if texture.get("extensions") == {}:
            texture.pop("extensions")
    for key in ("extensionsUsed", "extensionsRequired"):
        if key in document:
            document[key] = [n for n in document[key] if n not in UNPACKED_EXTENSIONS]
            if not document[key]:
                document.pop(key)
    text = json.dumps(document, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 4)
    total = 12 + 8 + len(text) + 8 + len(out)
    return (
        struct.pack("<III", 0x46546C67, 2, total)
        + struct.pack("<II", len(text), _JSON)
        + text
        + struct.pack("<II", len(out), _BIN)
        + bytes(out)
    )
