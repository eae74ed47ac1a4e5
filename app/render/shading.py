"""Vitrine's surface shader: its compiled variants and switching it on for a subtree."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from panda3d.core import NodePath, Shader

from app.errors import RenderError
from app.render.ibl import Lighting, apply_environment, environment_for

__all__ = [
    "SHADER_DIR",
    "apply_surface_shader",
    "baked_shader",
    "default_lighting",
    "shader_source",
    "surface_shader",
]

SHADER_DIR = Path(__file__).resolve().parent / "shaders"


def shader_source(name: str, defines: list[str], shadows: bool) -> str:
    """A shader's GLSL with ``defines`` after its version line and the shared colour (and,
    with ``shadows``, shadow) functions before its ``main``."""
    text = (SHADER_DIR / name).read_text(encoding="utf-8")
    version, _, body = text.partition("\n")
    if name.endswith(".frag"):
        shared = [(SHADER_DIR / "colour.glsl").read_text(encoding="utf-8")]
        if shadows:
            shared.append((SHADER_DIR / "shadow.glsl").read_text(encoding="utf-8"))
        head, main, tail = body.partition("void main()")
        body = head + "\n".join(shared) + "\n" + main + tail
    return "\n".join([version, *defines, body])


def _defines(shadows: int, tone: str, linear: bool) -> list[str]:
    defines = []
    if shadows:
        defines += ["#define SHADOWS 1", f"#define SHADOW_TEXELS {shadows}"]
    if tone == "aces":
        defines.append("#define TONEMAP_ACES 1")
    if linear:
        defines.append("#define LINEAR_OUTPUT 1")
    return defines


def _make(stem: str, shadows: int, tone: str, linear: bool) -> Shader:
    defines = _defines(shadows, tone, linear)
    shader = Shader.make(
        Shader.SL_GLSL,
        shader_source(f"{stem}.vert", defines, bool(shadows)),
        shader_source(f"{stem}.frag", defines, bool(shadows)),
    )
    if shader is None:
        raise RenderError(f"could not compile the {stem} shader from {SHADER_DIR}")
    return shader


@lru_cache(maxsize=8)
def surface_shader(
    shadows: int | bool = False, tone: str = "neutral", linear: bool = False
) -> Shader:
    """The metallic-roughness surface shader (GLSL 3.30) compiled for one use: with or
    without the key light's shadow map (``shadows``: its texels a side; True: 2048; no
    runtime branch: the filtering is not paid when it is off), PBR Neutral or ACES tone
    mapping, or linear output (for measurements)."""
    return _make("exhibit", _texels(shadows), tone, linear)


@lru_cache(maxsize=8)
def baked_shader(
    shadows: int | bool = False, tone: str = "neutral", linear: bool = False
) -> Shader:
    """The shader of the hall's static surfaces: their colour lit by the light baked into a
    lightmap or their vertices (``app.render.baked_hall``), the key light's share of it
    shaded by the live shadow map when ``shadows`` (its texels a side)."""
    return _make("baked", _texels(shadows), tone, linear)


def _texels(shadows: int | bool) -> int:
    if shadows is True:
        return 2048
    return int(shadows)


@lru_cache(maxsize=1)
def default_lighting() -> Lighting:
    """Vitrine's neutral studio environment, prefiltered (cached on disk after the first)."""
    return Lighting(environment_for(None))


def apply_surface_shader(
    root: NodePath,
    shadows: int | bool,
    tone: str = "neutral",
    lighting: Lighting | None = None,
    strength: float = 0.8,
    exposure: float = 1.0,
) -> None:
    """Shade everything under ``root`` (nodes with setShaderOff keep fixed-function looks),
    lit by ``lighting`` (the studio by default) at ``strength``."""
    root.setShader(surface_shader(shadows, tone))
    apply_environment(root, lighting or default_lighting(), strength, exposure)
