"""The files a model file pulls in (glTF buffers and images, OBJ material libraries and maps)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

__all__ = ["Dependencies", "model_dependencies"]


@dataclass
class Dependencies:
    """Side files found next to a model, and the ones it names but that are missing."""

    present: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _add(deps: Dependencies, base: Path, uri: str) -> None:
    if not uri or uri.startswith("data:"):
        return
    target = (base / unquote(uri)).resolve()
    if target.is_file():
        if target not in deps.present:
            deps.present.append(target)
    elif uri not in deps.missing:
        deps.missing.append(uri)


def _gltf(path: Path, deps: Dependencies) -> None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
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
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    for library in _MTLLIB.findall(text):
        before = len(deps.present)
        _add(deps, path.parent, library)
        if len(deps.present) > before:
            mtl = deps.present[-1]
            for texture in _MAP.findall(mtl.read_text(encoding="utf-8", errors="replace")):
                _add(deps, mtl.parent, texture)


def model_dependencies(path: Path) -> Dependencies:
    """What ``path`` references besides itself (empty for self-contained formats)."""
    deps = Dependencies()
    suffix = path.suffix.lower()
    if suffix == ".gltf":
        _gltf(path, deps)
    elif suffix == ".obj":
        _obj(path, deps)
    return deps
