"""Vitrine's surface shader: loading it and switching it on for a subtree."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from panda3d.core import Filename, NodePath, Shader

from app.errors import RenderError

__all__ = ["SHADER_DIR", "apply_surface_shader", "surface_shader"]

SHADER_DIR = Path(__file__).resolve().parent / "shaders"


@lru_cache(maxsize=1)
def surface_shader() -> Shader:
    """The metallic-roughness surface shader (GLSL 3.30)."""
    vert = Filename.fromOsSpecific(str(SHADER_DIR / "exhibit.vert"))
    frag = Filename.fromOsSpecific(str(SHADER_DIR / "exhibit.frag"))
    shader = Shader.load(Shader.SL_GLSL, vertex=vert, fragment=frag)
    if shader is None:
        raise RenderError(f"could not load the surface shader from {SHADER_DIR}")
    return shader


def apply_surface_shader(root: NodePath, shadows: bool) -> None:
    """Shade everything under ``root`` (nodes with setShaderOff keep fixed-function looks)."""
    root.setShader(surface_shader())
    root.setShaderInput("vitrine_shadow_light", 1.0 if shadows else 0.0)
