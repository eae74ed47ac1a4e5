"""The exhibition as data: scene model, loading, validation and saving. Pure Python."""

from __future__ import annotations

from app.scene.document import (
    ChangedOnDisk,
    SaveError,
    SceneDocument,
    atomic_write,
    check_scene,
    load_scene,
)
from app.scene.fields import (
    BUILTIN_PREFIX,
    builtin_assets_dir,
    in_language,
    parse_color,
    resolve_asset,
)
from app.scene.model import (
    FORMAT_VERSION,
    CameraPose,
    Exhibit,
    Guide,
    Hall,
    Hotspot,
    Info,
    Kiosk,
    Lod,
    Plinth,
    Scene,
    Stop,
    Surface,
    Tour,
)

__all__ = [
    "BUILTIN_PREFIX",
    "FORMAT_VERSION",
    "CameraPose",
    "ChangedOnDisk",
    "Exhibit",
    "Guide",
    "Hall",
    "Hotspot",
    "Info",
    "Kiosk",
    "Lod",
    "Plinth",
    "SaveError",
    "Scene",
    "SceneDocument",
    "Stop",
    "Surface",
    "Tour",
    "atomic_write",
    "builtin_assets_dir",
    "check_scene",
    "in_language",
    "load_scene",
    "parse_color",
    "resolve_asset",
]
