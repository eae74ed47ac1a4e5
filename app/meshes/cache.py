"""A content-addressed cache of processed models in the user's cache folder.

The key hashes the model file's bytes, the bytes of every file it references, the placement
and the pipeline settings (with the pipeline version). An entry is a folder of ``.npy`` arrays
plus ``model.json``, written under a temporary name and renamed into place, so a crash never
leaves half an entry. Reading memory-maps the arrays.
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

from app.meshes.dependencies import model_dependencies
from app.meshes.model_data import Material, MeshPart, ModelData
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

    def has(self, key: str) -> bool:
        return (self.entry(key) / "model.json").is_file()

    def load(self, key: str) -> ModelData | None:
        """The cached model, or None when absent or unreadable (then it is rebuilt)."""
        folder = self.entry(key)
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            model = _model_from_entry(folder, meta)
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
            meta = _write_entry(temp, model)
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
        return removed

    def clear(self) -> int:
        """Remove every entry; returns how many there were."""
        count = cache_use(self.root).entries
        if self.root.is_dir():
            for child in self.root.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
        return count


def _write_entry(folder: Path, model: ModelData) -> dict[str, Any]:
    textures: dict[int, int] = {}
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
            materials_meta.append(_material_meta(folder, part.material, textures))
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
        "parts": parts_meta,
    }


def _material_meta(folder: Path, material: Material, textures: dict[int, int]) -> dict[str, Any]:
    """Scalars as they are; texture images saved once each and referred to by number."""
    meta: dict[str, Any] = {}
    for key, value in asdict(material).items():
        if key not in _TEXTURE_SLOTS:
            meta[key] = value
    for slot in _TEXTURE_SLOTS:
        image = getattr(material, slot)
        meta[slot] = None
        if image is not None:
            if id(image) not in textures:
                textures[id(image)] = len(textures)
                np.save(folder / f"t{textures[id(image)]}.npy", np.ascontiguousarray(image))
            meta[slot] = textures[id(image)]
    return meta


def _model_from_entry(folder: Path, meta: dict[str, Any]) -> ModelData:
    images: dict[int, np.ndarray] = {}

    def image(ref: int | None) -> np.ndarray | None:
        if ref is None:
            return None
        if ref not in images:
            # read whole, never memory-mapped: each map holds a file handle open, and a hall
            # of hundreds of exhibits would run out of them
            images[ref] = np.load(folder / f"t{ref}.npy")
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
