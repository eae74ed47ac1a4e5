"""Turning plain glTF-style materials into Panda3D render state the surface shader reads.

Texture stages in shader order: base colour (the default stage), metallic-roughness, normal,
emission. ``install_default_textures`` puts neutral 1x1 textures on every stage at the root so
each part only overrides what it has.
"""

from __future__ import annotations

import zlib
from collections.abc import Hashable
from functools import cache, lru_cache

import numpy as np
from panda3d.core import (
    Material as PandaMaterial,
)
from panda3d.core import (
    NodePath,
    SamplerState,
    Texture,
    TextureStage,
    TransparencyAttrib,
    Vec4,
)

from app.meshes.model_data import Material

__all__ = [
    "apply_material",
    "install_default_textures",
    "pbr_material",
    "texture_from_image",
    "texture_stages",
    "unshaded",
]


@lru_cache(maxsize=1)
def texture_stages() -> dict[str, TextureStage]:
    """The four texture stages, sorted in the order the shader's p3d_TextureN expect."""
    stages = {"base_color": TextureStage.getDefault()}
    for sort, name in enumerate(("metallic_roughness", "normal", "emissive"), start=1):
        stage = TextureStage(name)
        stage.setSort(sort)
        stages[name] = stage
    return stages


def texture_from_image(image: np.ndarray, name: str, srgb: bool = False) -> Texture:
    """A mipmapped Texture from an (H, W, 3|4) uint8 image (row 0 is the top)."""
    image = np.asarray(image)
    height, width = image.shape[:2]
    channels = image.shape[2] if image.ndim == 3 else 1
    texture = Texture(name)
    if channels == 4:
        fmt = Texture.F_srgb_alpha if srgb else Texture.F_rgba8
    else:
        image = (
            image.reshape(height, width, -1)[:, :, :3]
            if channels >= 3
            else np.repeat(image.reshape(height, width, 1), 3, axis=2)
        )
        channels = 3
        fmt = Texture.F_srgb if srgb else Texture.F_rgb8
    texture.setup2dTexture(width, height, Texture.T_unsigned_byte, fmt)
    # Panda3D wants bottom-up rows in BGR(A) order: copied plane by plane (faster than a
    # fancy-indexed copy, which matters for the hundreds of textures of a large hall).
    flipped = image[::-1]
    pixels = np.empty((height, width, channels), dtype=np.uint8)
    pixels[..., 0], pixels[..., 1], pixels[..., 2] = (
        flipped[..., 2],
        flipped[..., 1],
        flipped[..., 0],
    )
    if channels == 4:
        pixels[..., 3] = flipped[..., 3]
    texture.setRamImage(pixels.tobytes())
    texture.setMinfilter(SamplerState.FT_linear_mipmap_linear)
    texture.setMagfilter(SamplerState.FT_linear)
    texture.setWrapU(SamplerState.WM_repeat)
    texture.setWrapV(SamplerState.WM_repeat)
    texture.setAnisotropicDegree(4)
    return texture


@cache
def _solid(name: str, rgba: tuple[int, int, int, int]) -> Texture:
    return texture_from_image(np.array([[rgba]], dtype=np.uint8), f"default-{name}")


def install_default_textures(root: NodePath) -> None:
    """Neutral textures on every stage: white colour and metal-roughness, flat normal."""
    defaults = {
        "base_color": (255, 255, 255, 255),
        "metallic_roughness": (255, 255, 255, 255),
        "normal": (128, 128, 255, 255),
        "emissive": (255, 255, 255, 255),
    }
    for name, stage in texture_stages().items():
        root.setTexture(stage, _solid(name, defaults[name]))
    root.setShaderInput("vitrine_normal_map", 0.0)


def unshaded(node: NodePath) -> None:
    """Draw ``node`` flat (text, markers, glowing panels): no lights, no surface shader, and
    none of the shader's extra texture stages, which the fixed-function path would multiply in."""
    node.setLightOff(1)
    node.setShaderOff(1)
    for name, stage in texture_stages().items():
        if name != "base_color":
            node.setTextureOff(stage, 1)


def pbr_material(material: Material) -> PandaMaterial:
    """A Panda3D material carrying the metallic-roughness values the surface shader reads."""
    result = PandaMaterial(material.name)
    result.setBaseColor(Vec4(*material.base_color))
    result.setMetallic(min(max(material.metallic, 0.0), 1.0))
    result.setRoughness(min(max(material.roughness, 0.04), 1.0))
    er, eg, eb = material.emissive
    result.setEmission(Vec4(er, eg, eb, 1))
    result.setTwoside(material.double_sided)
    return result


def image_key(image: np.ndarray) -> tuple[tuple[int, ...], int, int]:
    """Equal images give equal keys (shape and two checksums of the pixels, fast enough to
    run over every texture of a hall at start-up)."""
    pixels = np.ascontiguousarray(image)
    return pixels.shape, zlib.crc32(pixels.data), zlib.adler32(pixels.data)


def apply_material(
    node: NodePath,
    material: Material,
    cache: dict[Hashable, Texture],
    has_tangents: bool = False,
) -> None:
    """Give ``node`` the material's factors, textures, sidedness and transparency; a texture
    is made once per distinct image in ``cache``."""
    node.setMaterial(pbr_material(material), 1)
    stages = texture_stages()
    for slot, image in material.textures.items():
        key = (slot, image_key(image))
        if key not in cache:
            cache[key] = texture_from_image(image, f"{material.name}-{slot}")
        node.setTexture(stages[slot], cache[key], 1)
    if material.normal_texture is not None and has_tangents:
        node.setShaderInput("vitrine_normal_map", 1.0)
    if material.double_sided:
        node.setTwoSided(True)
    if material.alpha_mode == "BLEND" or material.base_color[3] < 0.999:
        node.setTransparency(TransparencyAttrib.M_alpha)
    elif material.alpha_mode == "MASK":
        node.setTransparency(TransparencyAttrib.M_binary)
