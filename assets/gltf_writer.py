"""A small glTF 2.0 (GLB) writer for skinned meshes with morph targets, used by the avatar
builder. It writes exactly what Vitrine's avatars need: meshes of several primitives with
PBR colours or textures (PNG), one skin (a joint per vertex, or up to four weighted), morph
targets with names, and a node hierarchy.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field

import numpy as np

__all__ = ["JointSpec", "MeshSpec", "Primitive", "write_glb"]

_FLOAT, _UINT16, _UINT32 = 5126, 5123, 5125
_ARRAY_BUFFER, _ELEMENT_BUFFER = 34962, 34963


@dataclass
class Primitive:
    positions: np.ndarray  # (N, 3) float32, bind pose, metres, Y up
    normals: np.ndarray  # (N, 3)
    faces: np.ndarray  # (M, 3)
    color: tuple[float, float, float, float]
    joints: np.ndarray  # (N,) index of the joint each vertex follows, or (N, 4) with weights
    targets: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (N, 3) deltas
    roughness: float = 0.6
    metallic: float = 0.0
    weights: np.ndarray | None = None  # (N, 4), summing to 1, when joints is (N, 4)
    uvs: np.ndarray | None = None  # (N, 2), glTF convention (v down)
    texture: bytes | None = None  # PNG or JPEG base colour (multiplied by color)
    alpha: str = "OPAQUE"  # or MASK (cut at 0.5) or BLEND
    double_sided: bool = False
    name: str = ""


@dataclass
class MeshSpec:
    name: str
    primitives: list[Primitive]
    target_names: list[str] = field(default_factory=list)


@dataclass
class JointSpec:
    name: str
    position: tuple[float, float, float]  # world position at bind pose (no rotation)
    parent: int | None


class _Buffer:
    def __init__(self) -> None:
        self.data = bytearray()
        self.views: list[dict] = []
        self.accessors: list[dict] = []

    def add(
        self,
        array: np.ndarray,
        kind: str,
        component: int,
        target: int | None = None,
        bounds: bool = False,
    ) -> int:
        while len(self.data) % 4:
            self.data += b"\0"
        raw = np.ascontiguousarray(array).tobytes()
        view = {"buffer": 0, "byteOffset": len(self.data), "byteLength": len(raw)}
        if target is not None:
            view["target"] = target
        self.data += raw
        self.views.append(view)
        accessor = {
            "bufferView": len(self.views) - 1,
            "componentType": component,
            "count": len(array),
            "type": kind,
        }
        if bounds:
            accessor["min"] = [float(v) for v in array.min(axis=0)]
            accessor["max"] = [float(v) for v in array.max(axis=0)]
        self.accessors.append(accessor)
        return len(self.accessors) - 1


def _material(
    prim: Primitive, buffer: _Buffer, images: list[dict], textures: dict[int, int]
) -> dict:
    pbr: dict = {
        "baseColorFactor": list(prim.color),
        "metallicFactor": prim.metallic,
        "roughnessFactor": prim.roughness,
    }
    if prim.texture is not None:
        if id(prim.texture) not in textures:
            while len(buffer.data) % 4:
                buffer.data += b"\0"
            buffer.views.append(
                {"buffer": 0, "byteOffset": len(buffer.data), "byteLength": len(prim.texture)}
            )
            buffer.data += prim.texture
            mime = "image/png" if prim.texture[:4] == b"\x89PNG" else "image/jpeg"
            images.append({"bufferView": len(buffer.views) - 1, "mimeType": mime})
            textures[id(prim.texture)] = len(images) - 1
        pbr["baseColorTexture"] = {"index": textures[id(prim.texture)]}
    material: dict = {"pbrMetallicRoughness": pbr}
    if prim.name:
        material["name"] = prim.name
    if prim.alpha != "OPAQUE":
        material["alphaMode"] = prim.alpha
    if prim.double_sided:
        material["doubleSided"] = True
    return material


def write_glb(
    path: str, meshes: list[MeshSpec], joints: list[JointSpec], name: str = "Guide"
) -> None:
    """Write a GLB with every mesh skinned to ``joints``."""
    buffer = _Buffer()
    images: list[dict] = []
    textures: dict[int, int] = {}
    materials: list[dict] = []
    material_index: dict[tuple, int] = {}
    gltf_meshes = []
    for mesh in meshes:
        primitives = []
        for prim in mesh.primitives:
            key = (prim.color, prim.roughness, prim.metallic, id(prim.texture), prim.alpha,
                   prim.double_sided, prim.name)  # fmt: skip
            if key not in material_index:
                material_index[key] = len(materials)
                materials.append(_material(prim, buffer, images, textures))
            count = len(prim.positions)
            if prim.joints.ndim == 2:
                joint_ids = prim.joints.astype(np.uint16)
                weights = np.asarray(prim.weights, dtype=np.float32)
            else:
                joint_ids = np.zeros((count, 4), dtype=np.uint16)
                joint_ids[:, 0] = prim.joints
                weights = np.zeros((count, 4), dtype=np.float32)
                weights[:, 0] = 1.0
            attributes = {
                "POSITION": buffer.add(
                    prim.positions.astype(np.float32), "VEC3", _FLOAT, _ARRAY_BUFFER, bounds=True
                ),
                "NORMAL": buffer.add(
                    prim.normals.astype(np.float32), "VEC3", _FLOAT, _ARRAY_BUFFER
                ),
                "JOINTS_0": buffer.add(joint_ids, "VEC4", _UINT16, _ARRAY_BUFFER),
                "WEIGHTS_0": buffer.add(weights, "VEC4", _FLOAT, _ARRAY_BUFFER),
            }
            if prim.uvs is not None:
                attributes["TEXCOORD_0"] = buffer.add(
                    prim.uvs.astype(np.float32), "VEC2", _FLOAT, _ARRAY_BUFFER
                )
            entry = {
                "attributes": attributes,
                "material": material_index[key],
                "indices": buffer.add(
                    prim.faces.astype(np.uint32).ravel(), "SCALAR", _UINT32, _ELEMENT_BUFFER
                ),
            }
            if mesh.target_names:
                entry["targets"] = [
                    {
                        "POSITION": buffer.add(
                            prim.targets.get(name, np.zeros((count, 3))).astype(np.float32),
                            "VEC3",
                            _FLOAT,
                            _ARRAY_BUFFER,
                            bounds=True,
                        )
                    }
                    for name in mesh.target_names
                ]
            primitives.append(entry)
        record: dict = {"name": mesh.name, "primitives": primitives}
        if mesh.target_names:
            record["weights"] = [0.0] * len(mesh.target_names)
            record["extras"] = {"targetNames": list(mesh.target_names)}
        gltf_meshes.append(record)

    # Nodes: the joints (local translations), then one node per mesh carrying the skin.
    nodes = []
    for index, joint in enumerate(joints):
        parent = joints[joint.parent].position if joint.parent is not None else (0, 0, 0)
        local = [joint.position[i] - parent[i] for i in range(3)]
        children = [i for i, j in enumerate(joints) if j.parent == index]
        node: dict = {"name": joint.name, "translation": local}
        if children:
            node["children"] = children
        nodes.append(node)
    inverse_bind = np.zeros((len(joints), 4, 4), dtype=np.float32)
    for index, joint in enumerate(joints):
        matrix = np.eye(4, dtype=np.float32)
        matrix[:3, 3] = [-v for v in joint.position]
        inverse_bind[index] = matrix.T  # glTF matrices are column-major
    skin = {
        "joints": list(range(len(joints))),
        "skeleton": 0,
        "inverseBindMatrices": buffer.add(inverse_bind.reshape(len(joints), 16), "MAT4", _FLOAT),
    }
    mesh_nodes = []
    for index, mesh in enumerate(meshes):
        mesh_nodes.append(len(nodes))
        nodes.append({"name": mesh.name, "mesh": index, "skin": 0})
    root = len(nodes)
    nodes.append({"name": name, "children": [0, *mesh_nodes]})
    document = {
        "asset": {"version": "2.0", "generator": "Vitrine avatar builder"},
        "scene": 0,
        "scenes": [{"nodes": [root]}],
        "nodes": nodes,
        "meshes": gltf_meshes,
        "materials": materials,
        "skins": [skin],
        **(
            {
                "images": images,
                "textures": [{"source": i, "sampler": 0} for i in range(len(images))],
                "samplers": [{"wrapS": 10497, "wrapT": 10497}],
            }
            if images
            else {}
        ),
        "buffers": [{"byteLength": len(buffer.data)}],
        "bufferViews": buffer.views,
        "accessors": buffer.accessors,
    }
    blob = json.dumps(document, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 4)
    data = bytes(buffer.data) + b"\0" * (-len(buffer.data) % 4)
    total = 12 + 8 + len(blob) + 8 + len(data)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<III", 0x46546C67, 2, total))
        handle.write(struct.pack("<II", len(blob), 0x4E4F534A) + blob)
        handle.write(struct.pack("<II", len(data), 0x004E4942) + data)
