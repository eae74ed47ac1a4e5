"""Triangle strips (as stored by some PLY scanners) turned into plain triangles, vectorised."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["ply_strip_faces", "strip_to_faces"]


def strip_to_faces(strip: np.ndarray) -> np.ndarray:
    """Faces from one strip index list where -1 restarts the strip; winding alternates."""
    s = np.asarray(strip, dtype=np.int64).ravel()
    if len(s) < 3:
        return np.zeros((0, 3), dtype=np.int64)
    positions = np.arange(len(s))
    last_restart = np.maximum.accumulate(np.where(s < 0, positions, -1))
    offset = positions - last_restart - 1  # position within the current strip
    a, b, c = s[:-2], s[1:-1], s[2:]
    keep = (a >= 0) & (b >= 0) & (c >= 0)
    odd = (offset[:-2] % 2) == 1
    faces = np.column_stack([a, np.where(odd, c, b), np.where(odd, b, c)])
    faces = faces[keep]
    degenerate = (
        (faces[:, 0] == faces[:, 1]) | (faces[:, 1] == faces[:, 2]) | (faces[:, 0] == faces[:, 2])
    )
    return faces[~degenerate]


def ply_strip_faces(metadata: dict[str, Any]) -> np.ndarray | None:
    """Faces from a PLY ``tristrips`` element kept by trimesh in ``metadata['_ply_raw']``."""
    raw = metadata.get("_ply_raw") if isinstance(metadata, dict) else None
    if not raw or "tristrips" not in raw:
        return None
    data = raw["tristrips"].get("data")
    if data is None or "vertex_indices" not in (data.dtype.names or ()):
        return None
    column = data["vertex_indices"]
    strips = column["f1"] if column.dtype.names and "f1" in column.dtype.names else column
    faces = [strip_to_faces(np.asarray(strip)) for strip in strips]
    return np.concatenate(faces) if faces else None
