"""The files a model file pulls in (glTF buffers and images, OBJ material libraries and maps)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.scene.references import (
    MAX_MODEL_BYTES,
    ReferenceRefused,
    References,
    is_data_uri,
    read_bounded,
)

__all__ = ["Dependencies", "model_dependencies"]

_MAX_MTL_BYTES = 16 * 1024**2


@dataclass
class Dependencies:
    """Side files a model names: those that may be read, missing ones, and refused ones
    (each with the reason: outside the exhibition, a FIFO, too large ...)."""

    present: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    references: References | None = None


def _add(deps: Dependencies, base: Path, uri: str) -> Path | None:
    if not uri or is_data_uri(uri):
        return None
    assert deps.references is not None
    try:
        target = deps.references.resolve(uri, base)
    except ReferenceRefused as exc:
        if exc.reason == "is missing":
            if uri not in deps.missing:
                deps.missing.append(uri)
        elif str(exc) not in deps.refused:
            deps.refused.append(str(exc))
        return None
    if target not in deps.present:
        deps.present.append(target)
    return target


def _gltf(path: Path, deps: Dependencies) -> None:
    try:
        document = json.loads(read_bounded(path, MAX_MODEL_BYTES))
    except (ReferenceRefused, UnicodeDecodeError, json.JSONDecodeError):
        return
    if not isinstance(document, dict):
        return
    for key in ("buffers", "images"):
        for item in document.get(key, []) or []:
            if isinstance(item, dict) and isinstance(item.get("uri"), str):
                _add(deps, path.parent, item["uri"])


_MTLLIB = re.compile(r"^\s*mtllib\s+(.+?)\s*$", re.MULTILINE)
_MAP = re.compile(
    r"^\s*(?:map_\w+|bump|disp|norm)\s+(?:-\S+\s+\S+\s+)*(\S.*?)\s*$", re.MULTILINE | re.IGNORECASE
)


def _obj(path: Path, deps: Dependencies) -> None:
    try:
        text = read_bounded(path, MAX_MODEL_BYTES).decode("utf-8", errors="replace")
    except ReferenceRefused:
        return
    for library in _MTLLIB.findall(text):
        mtl = _add(deps, path.parent, library)
        if mtl is None:
            continue
        try:
            mtl_text = read_bounded(mtl, _MAX_MTL_BYTES).decode("utf-8", errors="replace")
        except ReferenceRefused as exc:
            deps.refused.append(str(exc))
            continue
        for texture in _MAP.findall(mtl_text):
            _add(deps, mtl.parent, texture)


def model_dependencies(path: Path, references: References | None = None) -> Dependencies:
    """What ``path`` references besides itself (empty for self-contained formats), checked
    against ``references`` (by default: the model's own folder and the built-in assets)."""
    deps = Dependencies(references=references or References.for_exhibition(path.parent))
    suffix = path.suffix.lower()
    if suffix == ".gltf":
        _gltf(path, deps)
    elif suffix == ".obj":
        _obj(path, deps)
    return deps
