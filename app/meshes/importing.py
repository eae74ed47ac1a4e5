"""Bringing a model file into an exhibition folder, with the files it references."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from app.meshes.dependencies import model_dependencies

__all__ = ["copy_into_exhibition"]


def copy_into_exhibition(path: Path, exhibition: Path, folder: str = "models") -> str:
    """The scene-relative reference of ``path``, copying it (and its side files) in if outside.

    A model with side files (glTF buffers and images, OBJ materials) gets a folder of its own
    so relative references inside it keep working. Existing files are never overwritten.
    """
    path = path.resolve()
    root = exhibition.resolve()
    if root in path.parents:
        return path.relative_to(root).as_posix()
    deps = model_dependencies(path).present
    target_dir = root / folder / (path.stem if deps else "")
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    if target.exists() and target.read_bytes() != path.read_bytes():
        tag = hashlib.blake2b(path.read_bytes(), digest_size=3).hexdigest()
        target = target_dir / f"{path.stem}-{tag}{path.suffix}"
    if not target.exists():
        shutil.copy2(path, target)
    for dep in deps:
        relative = dep.relative_to(path.parent) if path.parent in dep.parents else Path(dep.name)
        dep_target = target_dir / relative
        dep_target.parent.mkdir(parents=True, exist_ok=True)
        if not dep_target.exists():
            shutil.copy2(dep, dep_target)
    return target.relative_to(root).as_posix()
