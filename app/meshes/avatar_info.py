"""What an avatar file offers, read from its glTF JSON without loading geometry: morph targets
(Oculus visemes, ARKit shapes), VRM 1.0 expressions, and extensions Vitrine cannot read.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import AssetError
from app.meshes.resolver import checked_file
from app.scene.references import ReferenceRefused, References, is_data_uri

__all__ = ["OCULUS_VISEMES", "UNSUPPORTED_EXTENSIONS", "AvatarInfo", "read_avatar_info"]

OCULUS_VISEMES = (
    "sil",
    "PP",
    "FF",
    "TH",
    "DD",
    "kk",
    "CH",
    "SS",
    "nn",
    "RR",
    "aa",
    "E",
    "I",
    "O",
    "U",
)
UNSUPPORTED_EXTENSIONS = {
    "KHR_draco_mesh_compression": "its meshes are compressed with Draco",
    "KHR_texture_basisu": "its textures are Basis Universal (KTX2) images",
}  # EXT_meshopt_compression and EXT_texture_webp are unpacked (app.meshes.gltf_unpack)


@dataclass
class AvatarInfo:
    """Names the renderer can drive, and what is missing."""

    path: Path
    target_names: set[str] = field(default_factory=set)
    expressions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    texture_expressions: set[str] = field(default_factory=set)
    is_vrm: bool = False
    humanoid: dict[str, str] = field(default_factory=dict)  # VRM bone (head, leftEye) -> node
    toon: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # MToon shades

    @property
    def has_oculus_visemes(self) -> bool:
        return all(f"viseme_{v}" in self.target_names for v in OCULUS_VISEMES)

    @property
    def has_arkit_mouth(self) -> bool:
        return "jawOpen" in self.target_names

    @property
    def has_vrm_mouth(self) -> bool:
        return all(name in self.expressions for name in ("aa", "ih", "ou", "ee", "oh"))

    def lacks(self) -> list[str]:
        """What the avatar cannot do, in words for the curator."""
        missing = []
        if not (self.has_oculus_visemes or self.has_vrm_mouth or self.has_arkit_mouth):
            missing.append(
                "mouth shapes (no viseme_*, VRM aa/ih/ou/ee/oh or ARKit jawOpen "
                "morphs): the mouth opens with the jaw only, if it has one"
            )
        blink = (
            {"eyeBlinkLeft", "eyeBlinkRight"} <= self.target_names
            or "blink" in self.expressions
            or "eyesClosed" in self.target_names
        )
        if not blink:
            missing.append("blinking (no eyeBlinkLeft/Right or VRM blink)")
        if self.texture_expressions:
            missing.append(
                "animation for its texture-based VRM expressions ("
                + ", ".join(sorted(self.texture_expressions))
                + "): Vitrine animates morph-target expressions only"
            )
        return missing


_COMPONENT_BYTES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
_TYPE_COUNT = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
_MAX_AVATAR_BYTES = 512 * 1024**2
_MAX_IMAGE_PIXELS = 16384 * 16384


def _glb(path: Path, data: bytes) -> dict[str, Any]:
    """The JSON of a GLB whose container lengths all fit the file (a truncated or corrupt
    avatar must never reach the engine's loader, which can crash on it)."""
    if len(data) < 20:
        raise AssetError(path, "is cut short (smaller than a GLB header)")
    _, total, length, kind = struct.unpack_from("<IIII", data, 4)
    if total > len(data):
        raise AssetError(
            path, f"is cut short: its header says {total:,} bytes, the file has {len(data):,}"
        )
    if kind != 0x4E4F534A:
        raise AssetError(path, "not a valid GLB (first chunk is not JSON)")
    if 20 + length > len(data):
        raise AssetError(path, "is cut short inside its JSON chunk")
    document = json.loads(data[20 : 20 + length])
    if not isinstance(document, dict):
        raise AssetError(path, "its JSON is not a glTF document")
    binary = 0
    at = 20 + length
    if at + 8 <= len(data):
        binary, _ = struct.unpack_from("<II", data, at)
        if at + 8 + binary > len(data):
            raise AssetError(path, "is cut short inside its binary chunk")
    _check_ranges(path, document, binary)
    _embedded_image_sizes(path, document, data, at + 8)
    return document


def _check_ranges(path: Path, document: dict[str, Any], binary: int) -> None:
    """Every buffer view inside its buffer, every accessor inside its view."""
    buffers = [int(b.get("byteLength", 0)) for b in document.get("buffers", []) or []]
    if buffers and "uri" not in (document["buffers"][0] or {}) and buffers[0] > binary:
        raise AssetError(
            path,
            f"its buffer needs {buffers[0]:,} bytes but the file holds {binary:,} (cut short?)",
        )
    views = document.get("bufferViews", []) or []
    for index, view in enumerate(views):
        buffer = int(view.get("buffer", 0))
        end = int(view.get("byteOffset", 0)) + int(view.get("byteLength", 0))
        if buffer >= len(buffers) or end > buffers[buffer]:
            raise AssetError(path, f"buffer view {index} reaches past the end of its buffer")
    for index, accessor in enumerate(document.get("accessors", []) or []):
        if "bufferView" not in accessor:
            continue
        view_index = int(accessor["bufferView"])
        if view_index >= len(views):
            raise AssetError(path, f"accessor {index} names a buffer view that is not there")
        view = views[view_index]
        size = _COMPONENT_BYTES.get(int(accessor.get("componentType", 0)), 0) * _TYPE_COUNT.get(
            str(accessor.get("type", "")), 0
        )
        if size == 0:
            raise AssetError(path, f"accessor {index} has an unknown data type")
        stride = int(view.get("byteStride", 0) or size)
        count = int(accessor.get("count", 0))
        end = int(accessor.get("byteOffset", 0)) + (count - 1) * stride + size if count else 0
        if end > int(view.get("byteLength", 0)):
            raise AssetError(path, f"accessor {index} reaches past the end of its data")


def _check_side_files(path: Path, document: dict[str, Any], references: References) -> None:
    """The engine's glTF reader opens the files an avatar names itself: every one must pass
    the exhibition's reference rule first, and every image must be of a safe size."""
    from PIL import Image

    for key in ("buffers", "images"):
        for item in document.get(key, []) or []:
            uri = item.get("uri") if isinstance(item, dict) else None
            if not isinstance(uri, str) or is_data_uri(uri):
                continue
            try:
                target = references.resolve(uri, path.parent)
            except ReferenceRefused as exc:
                raise AssetError(path, f"cannot be used: {exc}") from None
            if key == "images":
                with Image.open(target) as image:
                    _check_image_size(path, image.size)


def _check_image_size(path: Path, size: tuple[int, int]) -> None:
    if size[0] * size[1] > _MAX_IMAGE_PIXELS:
        raise AssetError(
            path,
            f"cannot be used: a texture of {size[0]} x {size[1]} pixels is "
            "over the limit of 16384 x 16384",
        )


def _embedded_image_sizes(
    path: Path, document: dict[str, Any], data: bytes, binary_at: int
) -> None:
    from io import BytesIO

    from PIL import Image, UnidentifiedImageError

    views = document.get("bufferViews", []) or []
    for image in document.get("images", []) or []:
        if not isinstance(image, dict) or "bufferView" not in image:
            continue
        view = views[int(image["bufferView"])]
        start = binary_at + int(view.get("byteOffset", 0))
        blob = data[start : start + int(view.get("byteLength", 0))]
        try:
            with Image.open(BytesIO(blob)) as opened:
                _check_image_size(path, opened.size)
        except (UnidentifiedImageError, OSError):
            continue  # a format Pillow does not know (KTX2 ...): the loader decides


def _document(path: Path) -> dict[str, Any]:
    if path.stat().st_size > _MAX_AVATAR_BYTES:
        raise AssetError(path, "is over 512 MiB; avatars are much smaller")
    data = path.read_bytes()
    if data[:4] == b"glTF":
        return _glb(path, data)
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise AssetError(path, "not a glTF/GLB/VRM file") from None


def read_avatar_info(path: Path, references: References | None = None) -> AvatarInfo:
    """Inspect an avatar; raises AssetError when Vitrine cannot use the file at all (or it
    names files outside the exhibition, or images too large to decode safely)."""
    path = Path(path)
    references = references or References.for_exhibition(path.parent)
    path = checked_file(path, references, _MAX_AVATAR_BYTES)
    try:
        document = _document(path)
        _check_side_files(path, document, references)
    except (OSError, ValueError, struct.error, TypeError, AttributeError) as exc:
        raise AssetError(path, f"could not be read: {exc}") from None
    required = set(document.get("extensionsRequired", []) or [])
    blocked = [
        UNSUPPORTED_EXTENSIONS[name] for name in sorted(required) if name in UNSUPPORTED_EXTENSIONS
    ]
    if blocked:
        raise AssetError(
            path,
            "cannot be used: "
            + " and ".join(blocked)
            + "; export it again without compression (glTF-Transform or Blender)",
        )
    info = AvatarInfo(path)
    meshes = document.get("meshes", []) or []
    names_by_mesh = []
    for mesh in meshes:
        names = list((mesh.get("extras") or {}).get("targetNames", []) or [])
        count = max(
            (len(p.get("targets", []) or []) for p in mesh.get("primitives", [])), default=0
        )
        names += [str(i) for i in range(len(names), count)]
        names_by_mesh.append(names)
        info.target_names.update(names)
    nodes = document.get("nodes", []) or []
    _read_vrm0(document, nodes, names_by_mesh, info)
    for index, material in enumerate(document.get("materials", []) or []):
        mtoon = (material.get("extensions") or {}).get("VRMC_materials_mtoon")
        if isinstance(mtoon, dict):
            shade = mtoon.get("shadeColorFactor") or [1.0, 1.0, 1.0]
            name = str(material.get("name", f"material{index}"))
            info.toon[name] = (float(shade[0]), float(shade[1]), float(shade[2]))
    vrm = (document.get("extensions") or {}).get("VRMC_vrm")
    if vrm:
        info.is_vrm = True
        bones = (vrm.get("humanoid") or {}).get("humanBones") or {}
        for bone, spec in bones.items():
            index = spec.get("node", -1) if isinstance(spec, dict) else -1
            if 0 <= index < len(nodes):
                info.humanoid[bone] = str(nodes[index].get("name", f"node{index}"))
        presets = (vrm.get("expressions") or {}).get("preset") or {}
        for name, expression in presets.items():
            binds = []
            for bind in expression.get("morphTargetBinds", []) or []:
                node = nodes[bind["node"]] if bind.get("node", -1) < len(nodes) else {}
                mesh_index = node.get("mesh")
                if mesh_index is None or mesh_index >= len(names_by_mesh):
                    continue
                names = names_by_mesh[mesh_index]
                if 0 <= bind.get("index", -1) < len(names):
                    binds.append((names[bind["index"]], float(bind.get("weight", 1.0))))
            if binds:
                info.expressions[name] = binds
            elif expression.get("textureTransformBinds") or expression.get("materialColorBinds"):
                info.texture_expressions.add(name)
    return info


# VRM 0.x presets by the names VRM 1.0 gave them
_VRM0_PRESETS = {"a": "aa", "i": "ih", "u": "ou", "e": "ee", "o": "oh", "blink": "blink",
                 "joy": "happy", "fun": "relaxed", "sorrow": "sad", "angry": "angry",
                 "blink_l": "blinkLeft", "blink_r": "blinkRight"}  # fmt: skip


def _read_vrm0(
    document: dict[str, Any], nodes: list[Any], names_by_mesh: list[list[str]], info: AvatarInfo
) -> None:
    """VRM 0.x (the ``VRM`` extension): its humanoid bones and blend shape presets."""
    vrm = (document.get("extensions") or {}).get("VRM")
    if not isinstance(vrm, dict):
        return
    info.is_vrm = True
    for spec in (vrm.get("humanoid") or {}).get("humanBones") or []:
        index = spec.get("node", -1) if isinstance(spec, dict) else -1
        if 0 <= index < len(nodes) and spec.get("bone"):
            info.humanoid[str(spec["bone"])] = str(nodes[index].get("name", f"node{index}"))
    for material in vrm.get("materialProperties") or []:
        if isinstance(material, dict) and "MToon" in str(material.get("shader", "")):
            shade = (material.get("vectorProperties") or {}).get("_ShadeColor") or [1, 1, 1]
            info.toon[str(material.get("name", ""))] = (
                float(shade[0]), float(shade[1]), float(shade[2])
            )  # fmt: skip
    groups = (vrm.get("blendShapeMaster") or {}).get("blendShapeGroups") or []
    for group in groups:
        name = _VRM0_PRESETS.get(str(group.get("presetName", "")).lower())
        if name is None:
            continue
        binds = []
        for bind in group.get("binds") or []:
            mesh_index, index = bind.get("mesh", -1), bind.get("index", -1)
            if 0 <= mesh_index < len(names_by_mesh) and 0 <= index < len(names_by_mesh[mesh_index]):
                weight = float(bind.get("weight", 100.0)) / 100.0  # 0.x weights are 0-100
                binds.append((names_by_mesh[mesh_index][index], weight))
        if binds:
            info.expressions[name] = binds
