"""The exhibition's reference rule (``app.scene.references``) as a trimesh resolver, so that
the files a model pulls in (glTF buffers and images, OBJ material libraries and maps) are read
only from inside the exhibition folder, as regular files of bounded size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.errors import AssetError
from app.scene.references import ReferenceRefused, References

__all__ = ["checked_file", "exhibition_resolver"]


def checked_file(path: Path, references: References, limit: int) -> Path:
    """``path`` resolved, if the exhibition's rule lets it be read; else an AssetError that
    says why (missing, outside the exhibition, a pipe, too large ...)."""
    try:
        return references.check(path, limit)
    except ReferenceRefused as exc:
        reason = "file not found" if exc.reason == "is missing" else f"not read: it {exc.reason}"
        raise AssetError(path, reason) from None


def exhibition_resolver(model: Path, references: References, refused: list[str]) -> Any:
    """A trimesh resolver for the files ``model`` names (relative to its folder); each refusal
    is noted in ``refused`` (and reads as a missing file to trimesh)."""
    from trimesh.resolvers import Resolver

    class _ExhibitionResolver(Resolver):
        def __init__(self, where: Path) -> None:
            self.where = where
            self.file_name = model.name  # trimesh names unnamed geometry after the file

        def get(self, name: str) -> bytes:
            try:
                return references.read(name.strip(), self.where)
            except ReferenceRefused as exc:
                note = str(exc)
                if exc.reason != "is missing" and note not in refused:  # missing: said once
                    refused.append(note)
                raise FileNotFoundError(name) from None

        def write(self, name: str, data: object) -> None:
            raise PermissionError("model files are only read")

        def namespaced(self, namespace: str) -> _ExhibitionResolver:
            return _ExhibitionResolver(self.where / namespace)

        def keys(self) -> list[str]:
            return []

    return _ExhibitionResolver(Path(model).parent)
