"""A content-addressed cache of processed models in the user's cache folder.

The key hashes the model file's bytes, the bytes of every file it references, the placement
and the pipeline settings (with the pipeline version). An entry is a folder of ``.npy`` arrays
plus ``model.json``, written under a temporary name and renamed into place, so a crash never
leaves half an entry. Textures are stored block-compressed with their mip levels (about an
eighth of their pixels), once per content in the cache's ``textures`` folder however many
entries use them; evicting the last entry that uses a texture removes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.meshes.block_compression import CompressedTexture, compress_texture
from app.meshes.dependencies import model_dependencies
from app.meshes.model_data import Material, MeshPart, ModelData, TextureData
from app.meshes.normalise import Placement
from app.meshes.settings import PipelineSettings
from app.paths import cache_root
from app.scene.references import References

__all__ = [
    "DEFAULT_LIMIT_BYTES",
    "CacheUse",
    "ModelCache",
    "cache_key",
    "cache_use",
    "default_cache_dir",
]

log = logging.getLogger(__name__)

_TEXTURE_SLOTS = (
    "base_color_texture",
    "metallic_roughness_texture",
    "normal_texture",
    "emissive_texture",
    "occlusion_texture",
)
_ARRAYS = ("positions", "faces", "normals", "uvs", "colors", "tangents", "instances")


def default_cache_dir() -> Path:
    """The models folder of Vitrine's cache (see ``app.paths.cache_root``)."""
    return cache_root() / "models"


def _hash_file(digest: Any, path: Path) -> None:
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)


def cache_key(
    path: Path,
    placement: Placement,
    settings: PipelineSettings,
    references: References | None = None,
) -> str:
    """The content address of ``path`` processed with these settings."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(settings.fingerprint().encode())
    digest.update(json.dumps(asdict(placement), sort_keys=True).encode())
    digest.update(path.suffix.lower().encode())
    _hash_file(digest, path)
    deps = model_dependencies(path, references)
    for dep in sorted(deps.present):
        digest.update(dep.name.encode())
        _hash_file(digest, dep)
    for missing in sorted(deps.missing):
        digest.update(b"missing:" + missing.encode())
    for refused in sorted(deps.refused):
        digest.update(b"refused:" + refused.encode())
    return digest.hexdigest()


DEFAULT_LIMIT_BYTES = 8 * 1024**3
"""Processed models kept on disk before the least recently used are removed."""


@dataclass(frozen=True)
class CacheUse:
    """What a cache folder holds."""

    folder: Path
    entries: int
    bytes: int


def cache_use(folder: Path) -> CacheUse:
    """Entries and bytes under ``folder`` (a model cache, or any folder)."""
    entries, size = 0, 0
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.name == "model.json":
                entries += 1
            if path.is_file() and not path.is_symlink():
                size += path.stat().st_size
    return CacheUse(folder, entries, size)


class ModelCache:
    """Processed models by content key, at most ``limit_bytes`` on disk: when a new entry
    takes it over the limit, the least recently used entries are removed."""

    def __init__(self, root: Path | None = None, limit_bytes: int | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.limit_bytes = limit_bytes if limit_bytes is not None else DEFAULT_LIMIT_BYTES

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    @property
    def textures(self) -> Path:
        """Block-compressed textures by content, shared by the entries."""
        return self.root / "textures"

    def has(self, key: str) -> bool:
        return (self.entry(key) / "model.json").is_file()

    def load(self, key: str) -> ModelData | None:
        """The cached model, or None when absent or unreadable (then it is rebuilt)."""
        folder = self.entry(key)
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            model = _model_from_entry(folder, meta, self.textures)
            os.utime(folder / "model.json")  # used now: the last to be evicted
            return model
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as exc:
            log.warning("ignoring unreadable cache entry %s: %s", folder, exc)
            return None

    def store(self, key: str, model: ModelData) -> None:
        """Write ``model`` under ``key`` atomically (a concurrent writer of the same key wins)."""
        final = self.entry(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{key[:8]}-", dir=final.parent))
        try:
            meta = _write_entry(temp, model, self.textures)
            (temp / "model.json").write_text(json.dumps(meta), encoding="utf-8")
            try:
                os.replace(temp, final)
            except OSError:
                if not self.has(key):
                    raise
        finally:
            if temp.exists():
                shutil.rmtree(temp, ignore_errors=True)
        self.evict(keep=key)

    def evict(self, keep: str | None = None) -> int:
        """Remove least recently used entries until the cache fits its limit; returns how
        many were removed (never ``keep``, the entry just written)."""
        entries = []
        total = 0
        for meta in self.root.glob("*/*/model.json"):
            folder = meta.parent
            try:
                size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
                entries.append((meta.stat().st_mtime, folder, size))
            except OSError:
                continue
            total += size
        total += sum(p.stat().st_size for p in self.textures.glob("*.npy"))
        removed = 0
        for _, folder, size in sorted(entries, key=lambda e: e[0]):
            if total <= self.limit_bytes:
                break
            if folder.name == keep:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            total -= size
            removed += 1
            log.info("model cache over %d MB: removed %s", self.limit_bytes // 10**6, folder.name)
        if removed:
            self._drop_unused_textures()
        return removed

    def _drop_unused_textures(self) -> None:
        """Remove texture files no remaining entry refers to."""
        used: set[str] = set()
        for meta_file in self.root.glob("*/*/model.json"):
            try:
                meta = json.loads(meta_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            used.update(str(t["digest"]) for t in meta.get("textures", []))
        for path in self.textures.glob("*.npy"):
            if path.stem not in used:
                path.unlink(missing_ok=True)

    def clear(self) -> int:
        """Remove every entry; returns how many there were."""
        count = cache_use(self.root).entries
        if self.root.is_dir():
            for child in self.root.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
        return count


def _write_entry(folder: Path, model: ModelData, texture_folder: Path) -> dict[str, Any]:
    textures: dict[int, int] = {}
    texture_meta: list[dict[str, Any]] = []
    materials: dict[int, int] = {}
    materials_meta: list[dict[str, Any]] = []
    parts_meta = []
    for index, part in enumerate(model.parts):
        arrays = {}
        for name in _ARRAYS:
            value = getattr(part, name)
            if value is not None:
                np.save(folder / f"p{index}.{name}.npy", np.ascontiguousarray(value))
                arrays[name] = True
        for level, faces in enumerate(part.lods, start=1):
            np.save(folder / f"p{index}.lod{level}.npy", np.ascontiguousarray(faces))
        if id(part.material) not in materials:
            materials[id(part.material)] = len(materials_meta)
            materials_meta.append(
                _material_meta(part.material, textures, texture_meta, texture_folder)
            )
        parts_meta.append(
            {
                "name": part.name,
                "arrays": sorted(arrays),
                "lods": len(part.lods),
                "material": materials[id(part.material)],
                "detail_vertices": part.detail_vertices,
            }
        )
    return {
        "source": str(model.source),
        "levels": list(model.levels),
        "warnings": model.warnings,
        "materials": materials_meta,
        "textures": texture_meta,
        "parts": parts_meta,
    }


def _material_meta(
    material: Material,
    textures: dict[int, int],
    texture_meta: list[dict[str, Any]],
    texture_folder: Path,
) -> dict[str, Any]:
    """Scalars as they are; texture images compressed, stored once each by content and
    referred to by number."""
    meta: dict[str, Any] = {}
    for key, value in asdict(material).items():
        if key not in _TEXTURE_SLOTS:
            meta[key] = value
    for slot in _TEXTURE_SLOTS:
        image = getattr(material, slot)
        meta[slot] = None
        if image is not None:
            if id(image) not in textures:
                textures[id(image)] = len(texture_meta)
                texture_meta.append(_store_texture(image, texture_folder))
            meta[slot] = textures[id(image)]
    return meta


def _store_texture(image: TextureData, folder: Path) -> dict[str, Any]:
    """Write the compressed texture (unless the same content is there already)."""
    texture = image if isinstance(image, CompressedTexture) else compress_texture(image)
    target = folder / f"{texture.digest}.npy"
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{texture.digest[:8]}-", suffix=".npy", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                np.save(handle, np.concatenate(texture.levels))
            os.replace(temp, target)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
    return {
        "digest": texture.digest,
        "width": texture.width,
        "height": texture.height,
        "codec": texture.codec,
        "levels": [int(level.nbytes) for level in texture.levels],
    }


def _read_texture(info: dict[str, Any], folder: Path) -> CompressedTexture:
    # read whole, never memory-mapped: each map holds a file handle open, and a hall of
    # hundreds of exhibits would run out of them
    data = np.load(folder / f"{info['digest']}.npy")
    sizes = [int(size) for size in info["levels"]]
    if data.nbytes != sum(sizes):
        raise ValueError(f"texture {info['digest']} is {data.nbytes} bytes, not {sum(sizes)}")
    offsets = np.cumsum([0, *sizes])
    levels = tuple(data[offsets[i] : offsets[i + 1]] for i in range(len(sizes)))
    return CompressedTexture(
        int(info["width"]), int(info["height"]), info["codec"], levels, str(info["digest"])
    )


def _model_from_entry(folder: Path, meta: dict[str, Any], texture_folder: Path) -> ModelData:
    images: dict[int, CompressedTexture] = {}

    def image(ref: int | None) -> CompressedTexture | None:
        if ref is None:
            return None
        if ref not in images:
            images[ref] = _read_texture(meta["textures"][ref], texture_folder)
        return images[ref]

    materials = []
    for info in meta["materials"]:
        fields = dict(info)
        for slot in _TEXTURE_SLOTS:
            fields[slot] = image(fields[slot])
        fields["base_color"] = tuple(fields["base_color"])
        fields["emissive"] = tuple(fields["emissive"])
        materials.append(Material(**fields))
    parts = []
    for index, info in enumerate(meta["parts"]):
        arrays = {name: np.load(folder / f"p{index}.{name}.npy") for name in info["arrays"]}
        lods = [
            np.load(folder / f"p{index}.lod{level}.npy") for level in range(1, info["lods"] + 1)
        ]
        parts.append(
            MeshPart(
                name=info["name"],
                material=materials[info["material"]],
                lods=lods,
                detail_vertices=info["detail_vertices"],
                **arrays,
            )
        )
    return ModelData(
        source=Path(meta["source"]),
        parts=parts,
        warnings=list(meta["warnings"]),
        levels=tuple(meta["levels"]),
    )
