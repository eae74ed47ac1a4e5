"""Vitrine's surface shader: its compiled variants and switching it on for a subtree."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from panda3d.core import NodePath, Shader

from app.errors import RenderError
from app.render.ibl import Lighting, apply_environment, environment_for

__all__ = ["SHADER_DIR", "apply_surface_shader", "default_lighting", "surface_shader"]

SHADER_DIR = Path(__file__).resolve().parent / "shaders"


@lru_cache(maxsize=8)
def surface_shader(shadows: bool = False, tone: str = "neutral", linear: bool = False) -> Shader:
    """The metallic-roughness surface shader (GLSL 3.30) compiled for one use: with or
    without the shadow map (no runtime branch: the filtering is not paid when it is off),
    PBR Neutral or ACES tone mapping, or linear output (for measurements)."""
    defines = []
    if shadows:
        defines.append("#define SHADOWS 1")
    if tone == "aces":
        defines.append("#define TONEMAP_ACES 1")
    if linear:
        defines.append("#define LINEAR_OUTPUT 1")
    vert = (SHADER_DIR / "exhibit.vert").read_text(encoding="utf-8")
    frag = (SHADER_DIR / "exhibit.frag").read_text(encoding="utf-8")
    version, _, body = frag.partition("\n")
    shader = Shader.make(Shader.SL_GLSL, vert, "\n".join([version, *defines, body]))
    if shader is None:
        raise RenderError(f"could not compile the surface shader from {SHADER_DIR}")
    return shader


@lru_cache(maxsize=1)
def default_lighting() -> Lighting:
    """Vitrine's neutral studio environment, prefiltered (cached on disk after the first)."""
    return Lighting(environment_for(None))


def apply_surface_shader(
    root: NodePath,
    shadows: bool,
    tone: str = "neutral",
    lighting: Lighting | None = None,
    strength: float = 0.8,
    exposure: float = 1.0,
) -> None:
    """Shade everything under ``root`` (nodes with setShaderOff keep fixed-function looks),
    lit by ``lighting`` (the studio by default) at ``strength``."""
    root.setShader(surface_shader(shadows, tone))
    apply_environment(root, lighting or default_lighting(), strength, exposure)
