"""Turning plain glTF-style materials into Panda3D render state (textures, lighting, alpha)."""

from __future__ import annotations

import numpy as np
from panda3d.core import (
    Material as PandaMaterial,
    NodePath,
    SamplerState,
    Texture,
    TransparencyAttrib,
    Vec4,
)

from app.meshes.model_data import Material

__all__ = ["texture_from_image", "pbr_material", "apply_material"]


def texture_from_image(image: np.ndarray, name: str, srgb: bool = False) -> Texture:
    """A mipmapped Texture from an (H, W, 3|4) uint8 image (row 0 is the top)."""
    height, width = image.shape[:2]
    channels = image.shape[2] if image.ndim == 3 else 1
    texture = Texture(name)
    if channels == 4:
        fmt = Texture.F_srgb_alpha if srgb else Texture.F_rgba8
    else:
        image = image.reshape(height, width, -1)[:, :, :3] if channels >= 3 else np.repeat(
            image.reshape(height, width, 1), 3, axis=2)
        channels = 3
        fmt = Texture.F_srgb if srgb else Texture.F_rgb8
    texture.setup2dTexture(width, height, Texture.T_unsigned_byte, fmt)
    # Panda3D wants bottom-up rows in BGR(A) order.
    pixels = np.ascontiguousarray(image[::-1, :, [2, 1, 0, 3][:channels]])
    texture.setRamImage(pixels.tobytes())
    texture.setMinfilter(SamplerState.FT_linear_mipmap_linear)
    texture.setMagfilter(SamplerState.FT_linear)
    texture.setWrapU(SamplerState.WM_repeat)
    texture.setWrapV(SamplerState.WM_repeat)
    texture.setAnisotropicDegree(4)
    return texture


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


def apply_material(node: NodePath, material: Material, cache: dict[int, Texture]) -> None:
    """Give ``node`` the material's colour, textures, sidedness and transparency."""
    node.setMaterial(pbr_material(material), 1)
    image = material.base_color_texture
    if image is not None:
        key = id(image)
        if key not in cache:
            cache[key] = texture_from_image(image, f"{material.name}-base")
        node.setTexture(cache[key], 1)
    if material.double_sided:
        node.setTwoSided(True)
    if material.alpha_mode == "BLEND" or material.base_color[3] < 0.999:
        node.setTransparency(TransparencyAttrib.M_alpha)
    elif material.alpha_mode == "MASK":
        node.setTransparency(TransparencyAttrib.M_binary)
