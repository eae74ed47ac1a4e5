"""Edits to a scene document that keep the curator's file as it was around them."""

from __future__ import annotations

import math
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.scene.document import SceneDocument

__all__ = ["add_exhibit", "flow_list", "flow_map", "free_position", "unique_exhibit_id"]

_SPACING = 2.0
_WALL_MARGIN = 1.2


def unique_exhibit_id(document: SceneDocument, wanted: str) -> str:
    """``wanted`` made into a valid id that no exhibit of the scene uses yet."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", wanted).strip("-_") or "exhibit"
    if not base[0].isalpha():
        base = f"model-{base}"
    base = base[:56]
    taken = {exhibit.id for exhibit in document.scene.exhibits}
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def free_position(
    document: SceneDocument, extra: list[tuple[float, float]] | None = None
) -> tuple[float, float]:
    """A floor spot at least 2 m from every exhibit, searched row by row from the back wall."""
    scene = document.scene
    taken = [tuple(e.position) for e in scene.exhibits] + list(extra or [])
    half_w = scene.hall.size[0] / 2 - _WALL_MARGIN
    half_d = scene.hall.size[1] / 2 - _WALL_MARGIN
    y = half_d
    while y >= -half_d:
        x = -half_w
        while x <= half_w:
            if all(math.dist((x, y), spot) >= _SPACING for spot in taken):
                return round(x, 2), round(y, 2)
            x += _SPACING / 2
        y -= _SPACING / 2
    return 0.0, 0.0


def add_exhibit(
    document: SceneDocument,
    exhibit_id: str,
    model_ref: str,
    position: tuple[float, float],
    title: str,
    fit: float | None = None,
) -> None:
    """Append an exhibit to the document's tree (saved by ``document.save()``)."""
    tree = document.source.document
    if "exhibits" not in tree or tree["exhibits"] is None:
        tree["exhibits"] = CommentedSeq()
    texts = {lang: title for lang in document.scene.languages}
    entry: dict[str, Any] = {
        "id": exhibit_id,
        "model": model_ref,
        "position": flow_list([float(position[0]), float(position[1])]),
    }
    if fit is not None:
        entry["fit"] = fit
    entry["info"] = CommentedMap([("title", flow_map(texts)), ("text", flow_map(texts))])
    tree["exhibits"].append(CommentedMap(entry.items()))


def flow_list(values: list[Any]) -> CommentedSeq:
    """A YAML list written inline, ``[1, 2]``, as curators write positions."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def flow_map(values: dict[str, Any]) -> CommentedMap:
    """A YAML mapping written inline, ``{en: ..., zh: ...}``."""
    mapping = CommentedMap(values.items())
    mapping.fa.set_flow_style()
    return mapping
