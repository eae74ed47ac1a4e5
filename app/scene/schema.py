"""The JSON Schema of scene files, generated from the model, for editors' autocompletion."""

from __future__ import annotations

from typing import Any

from app.scene.model import FORMAT_VERSION, Scene

__all__ = ["scene_json_schema"]


def scene_json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) describing ``*.vitrine.yaml`` files of the current format."""
    schema = Scene.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"vitrine-scene-format-{FORMAT_VERSION}.schema.json"
    schema["title"] = "Vitrine exhibition scene"
    schema["description"] = (
        "One exhibition per file. Paths are relative to the scene file's folder, or "
        "'builtin:...' for assets shipped with Vitrine."
    )
    return schema
