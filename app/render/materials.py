"""Turning plain glTF-style materials into Panda3D render state the surface shader reads.

Texture stages in shader order: base colour (the default stage), metallic-roughness, normal,
emission, occlusion. ``install_default_textures`` puts neutral 1x1 textures on every stage at
the root so each part only overrides what it has.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import cache, lru_cache

import numpy as np
from panda3d.core import (
    GeomNode,
    NodePath,
    Texture,
    TextureStage,
    TransparencyAttrib,
    Vec4,
)
from panda3d.core import (
    Material as PandaMaterial,
)

from app.meshes.model_data import Material
from app.render.texture_store import TextureStore, sample_smoothly, set_pixels

__all__ = [
    "adopt_gltf_textures",
    "apply_material",
    "approximate_toon",
    "install_default_textures",
    "pbr_material",
    "texture_from_image",
    "texture_stages",
    "unshaded",
]


@lru_cache(maxsize=1)
def texture_stages() -> dict[str, TextureStage]:
    """The five texture stages, sorted in the order the shader's p3d_TextureN expect."""
    stages = {"base_color": TextureStage.getDefault()}
    for sort, name in enumerate(("metallic_roughness", "normal", "emissive", "occlusion"), 1):
        stage = TextureStage(name)
        stage.setSort(sort)
        stages[name] = stage
    return stages


def texture_from_image(image: np.ndarray, name: str) -> Texture:
    """A mipmapped Texture from an (H, W, 3|4) uint8 image (row 0 is the top)."""
    texture = Texture(name)
    set_pixels(texture, np.asarray(image))
    sample_smoothly(texture)
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
        "occlusion": (255, 255, 255, 255),
    }
    for name, stage in texture_stages().items():
        root.setTexture(stage, _solid(name, defaults[name]))
    root.setShaderInput("vitrine_normal_map", 0.0)
    root.setShaderInput("vitrine_alpha_cutoff", 0.0)


_GLTF_STAGES = {"Base Color": "base_color", "Metal Rough": "metallic_roughness",
                "Emission": "emissive", "Emissive": "emissive"}  # fmt: skip


def adopt_gltf_textures(model: NodePath) -> int:
    """Put the textures panda3d-gltf loaded (its own "Base Color", "Metal Rough", "Emission"
    stages) on the stages the surface shader reads, so they are not hidden behind the hall's
    neutral 1x1 textures; normal maps are left out (the avatar shader path has no tangents
    for them). Returns how many geoms were changed."""
    from panda3d.core import AlphaTestAttrib, ShaderAttrib, ShaderInput, TextureAttrib

    stages = texture_stages()
    changed = 0
    for path in model.findAllMatches("**/+GeomNode"):
        node = path.node()
        for index in range(node.getNumGeoms()):
            state = node.getGeomState(index)
            attrib = state.getAttrib(TextureAttrib)
            if attrib is None:
                continue
            adopted = TextureAttrib.make()
            for number in range(attrib.getNumOnStages()):
                stage = attrib.getOnStage(number)
                ours = _GLTF_STAGES.get(stage.getName())
                if ours is not None:
                    adopted = adopted.addOnStage(stages[ours], attrib.getOnTexture(stage))
            state = state.setAttrib(adopted)
            _name_first_uv_set(node, index)
            test = state.getAttrib(AlphaTestAttrib)
            blending = state.getAttrib(TransparencyAttrib)
            cutoff = None
            if test is not None and test.getMode() != AlphaTestAttrib.M_none:
                cutoff = float(test.getReferenceAlpha())
            elif blending is not None and blending.getMode() == TransparencyAttrib.M_binary:
                cutoff = 0.5
            if cutoff is not None:  # the shader does the alpha test (MASK)
                inputs = ShaderAttrib.make().setShaderInput(
                    ShaderInput("vitrine_alpha_cutoff", cutoff)
                )
                state = state.setAttrib(inputs)
            node.setGeomState(index, state)
            changed += 1
    return changed


def approximate_toon(model: NodePath, shades: dict[str, tuple[float, float, float]]) -> int:
    """MToon (VRM's toon shading) approximated in the surface shader: the side away from the
    light takes the material's shade colour instead of going dark (the base colour, times the
    shade, glows a little), and nothing is glossy. Returns how many geoms were changed."""
    from panda3d.core import MaterialAttrib, TextureAttrib

    emissive = texture_stages()["emissive"]
    changed = 0
    for path in model.findAllMatches("**/+GeomNode"):
        node = path.node()
        for index in range(node.getNumGeoms()):
            state = node.getGeomState(index)
            attrib = state.getAttrib(MaterialAttrib)
            if attrib is None or attrib.getMaterial().getName() not in shades:
                continue
            shade = shades[attrib.getMaterial().getName()]
            material = PandaMaterial(attrib.getMaterial())
            material.setEmission(Vec4(*(0.45 * c for c in shade), 1.0))
            material.setRoughness(1.0)
            state = state.setAttrib(MaterialAttrib.make(material))
            textures = state.getAttrib(TextureAttrib)
            if textures is not None and textures.getNumOnStages():
                base = textures.getOnTexture(textures.getOnStage(0))
                state = state.setAttrib(textures.addOnStage(emissive, base))
            node.setGeomState(index, state)
            changed += 1
    return changed


def _name_first_uv_set(node: GeomNode, index: int) -> None:
    """panda3d-gltf names glTF's TEXCOORD_0 ``texcoord.0``; the shader's stages read the
    default ``texcoord``, so the geom gets a copy of its first UV set under that name."""
    from panda3d.core import (
        GeomVertexArrayFormat,
        GeomVertexData,
        GeomVertexFormat,
        GeomVertexReader,
        GeomVertexWriter,
        InternalName,
    )

    geom = node.modifyGeom(index)
    data = geom.getVertexData()
    first, plain = InternalName.getTexcoordName("0"), InternalName.getTexcoord()
    if not data.hasColumn(first) or data.hasColumn(plain):
        return
    layout = GeomVertexFormat(data.getFormat())
    column = data.getFormat().getColumn(first)
    array = GeomVertexArrayFormat()
    array.addColumn(plain, 2, column.getNumericType(), column.getContents())
    layout.addArray(array)
    data = GeomVertexData(data.convertTo(GeomVertexFormat.registerFormat(layout)))
    reader, writer = GeomVertexReader(data, first), GeomVertexWriter(data, plain)
    while not reader.isAtEnd():
        writer.setData2(reader.getData2())
    geom.setVertexData(data)


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


def apply_material(
    node: NodePath,
    material: Material,
    store: TextureStore,
    has_tangents: bool = False,
) -> list[Hashable]:
    """Give ``node`` the material's factors, textures, sidedness and transparency; a texture
    is made once per distinct image in ``store``. Returns the keys of the textures used."""
    node.setMaterial(pbr_material(material), 1)
    stages = texture_stages()
    keys = []
    for slot, image in material.textures.items():
        key, texture = store.texture(image, f"{material.name}-{slot}")
        node.setTexture(stages[slot], texture, 1)
        keys.append(key)
    if material.normal_texture is not None and has_tangents:
        node.setShaderInput("vitrine_normal_map", 1.0)
    if material.double_sided:
        node.setTwoSided(True)
    if material.alpha_mode == "BLEND" or material.base_color[3] < 0.999:
        node.setTransparency(TransparencyAttrib.M_alpha)
    elif material.alpha_mode == "MASK":
        node.setShaderInput("vitrine_alpha_cutoff", float(material.alpha_cutoff))
    return keys
