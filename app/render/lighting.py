"""Lighting presets for the hall: soft ambient, a shadow-casting key light and a fill."""

from __future__ import annotations

import math
from dataclasses import dataclass

from panda3d.core import (
    AmbientLight,
    BitMask32,
    DirectionalLight,
    NodePath,
    RenderState,
    ShaderAttrib,
    Spotlight,
    Vec3,
    Vec4,
)

__all__ = [
    "PRESETS",
    "SHADOW_MASK",
    "SPOT_ATTENUATION",
    "SPOT_FOV",
    "LightingPreset",
    "ShadowFocus",
    "add_exhibit_spot",
    "add_lighting",
    "spot_position",
]

# Nodes hidden from this camera bit cast no shadow (the ceiling and walls of the hall).
SHADOW_MASK = BitMask32.bit(5)


@dataclass(frozen=True)
class LightingPreset:
    ambient: tuple[float, float, float]
    key: tuple[float, float, float]
    key_hpr: tuple[float, float, float]
    fill: tuple[float, float, float]
    spot: tuple[float, float, float]
    environment: float = 0.8  # strength of the image-based light (the environment map)


PRESETS = {
    "gallery": LightingPreset(
        (0.42, 0.42, 0.44),
        (0.62, 0.6, 0.56),
        (70, -60, 0),
        (0.18, 0.2, 0.24),
        (0.55, 0.52, 0.48),
        0.85,
    ),
    "daylight": LightingPreset(
        (0.5, 0.52, 0.56),
        (0.75, 0.74, 0.7),
        (-70, -50, 0),
        (0.2, 0.22, 0.26),
        (0.3, 0.3, 0.3),
        1.0,
    ),
    "warm": LightingPreset(
        (0.42, 0.36, 0.3),
        (0.7, 0.58, 0.44),
        (60, -55, 0),
        (0.16, 0.14, 0.14),
        (0.6, 0.48, 0.34),
        0.7,
    ),
    "spotlight": LightingPreset(
        (0.2, 0.2, 0.24),
        (0.3, 0.3, 0.32),
        (65, -65, 0),
        (0.08, 0.08, 0.1),
        (1.0, 0.95, 0.85),
        0.35,
    ),
}


def add_lighting(
    root: NodePath,
    preset_name: str,
    hall_size: tuple[float, float, float],
    shadows: int | bool = True,
) -> NodePath:
    """Attach the preset's lights under ``root`` and light everything below it; the key
    light casts shadows into a map of ``shadows`` texels a side (True: 2048; 0: none)."""
    preset = PRESETS[preset_name]
    lights = root.attachNewNode("lights")
    ambient = AmbientLight("ambient")
    ambient.setColor(Vec4(*preset.ambient, 1))
    root.setLight(lights.attachNewNode(ambient))

    key = DirectionalLight("key")
    key.setColor(Vec4(*preset.key, 1))
    key_np = lights.attachNewNode(key)
    key_np.setHpr(*preset.key_hpr)
    key.setPriority(100)  # first in the light list: the shader reads its shadow map
    if shadows:
        texels = SHADOW_SIZE if shadows is True else int(shadows)
        key.setShadowCaster(True, texels, texels)
        key.setCameraMask(SHADOW_MASK)
        # the shadow pass only writes depth: no surface shader (it would shade every texel)
        key.setInitialState(RenderState.make(ShaderAttrib.makeOff(), 1000))
        lens = key.getLens()
        span = max(hall_size[0], hall_size[1]) * 1.2
        lens.setFilmSize(span, span)
        lens.setNearFar(-40, 40)
    root.setLight(key_np)

    fill = DirectionalLight("fill")
    fill.setColor(Vec4(*preset.fill, 1))
    fill_np = lights.attachNewNode(fill)
    fill_np.setHpr(preset.key_hpr[0] + 160, -25, 0)
    root.setLight(fill_np)
    return lights


SHADOW_SPAN = 16.0  # metres of floor the key light's shadow map covers in a large hall
SHADOW_SIZE = 2048  # texels along each side of the shadow map


class ShadowFocus:
    """The key light's shadow over the part of the hall in front of the visitor.

    A small hall's shadow map covers all of it. In a large one it covers ``SHADOW_SPAN``
    metres around a point ahead of the camera, so the shadow pass draws only the exhibits
    near the visitor (its cost does not grow with the hall) and keeps its sharpness; the
    centre moves in whole texels, so shadow edges do not shimmer as the visitor walks.
    """

    def __init__(self, key: NodePath, hall_size: tuple[float, float, float]) -> None:
        self.key = key
        self.hall = hall_size
        self.span = min(max(hall_size[0], hall_size[1]) * 1.2, SHADOW_SPAN)
        self.focused = max(hall_size[0], hall_size[1]) * 1.2 > SHADOW_SPAN
        self._lens = key.node().getLens() if key.node().isShadowCaster() else None
        if self._lens is not None:
            self._lens.setFilmSize(self.span, self.span)

    def lod_from(self, camera: NodePath) -> None:
        """Choose the shadow pass's levels of detail from the visitor's camera (not from the
        light, which would draw the exhibits near the hall's centre at full detail)."""
        if self.key.node().isShadowCaster():
            self.key.node().setLodCenter(camera)

    def follow(self, position: tuple[float, float, float], heading: float) -> None:
        """Centre the shadow ahead of a camera at ``position`` facing ``heading`` degrees."""
        if not self.focused or self._lens is None:
            return
        h = math.radians(heading)
        ahead = self.span * 0.3
        half_w, half_d = self.hall[0] / 2, self.hall[1] / 2
        x = min(max(position[0] - math.sin(h) * ahead, -half_w), half_w)
        y = min(max(position[1] + math.cos(h) * ahead, -half_d), half_d)
        quat = self.key.getQuat()
        local = quat.conjugate().xform(Vec3(x, y, 0))
        texel = self.span / self.key.node().getShadowBufferSize().x
        local = Vec3(round(local.x / texel) * texel, local.y, round(local.z / texel) * texel)
        self.key.setPos(quat.xform(local))


SPOT_FOV = 38.0  # degrees across an exhibit's spotlight's cone
SPOT_ATTENUATION = (1.0, 0.0, 0.02)


def spot_position(
    target: tuple[float, float, float] | object, ceiling: float
) -> tuple[float, float, float]:
    """Where an exhibit's spotlight hangs: under the ceiling, a little in front of it."""
    x, y, _ = target  # type: ignore[misc]
    return (float(x), float(y) - 1.2, ceiling - 0.1)


def add_exhibit_spot(
    root: NodePath,
    lights: NodePath,
    preset_name: str,
    target: tuple[float, float, float],
    ceiling: float,
) -> NodePath:
    """A soft spotlight from the ceiling onto one exhibit, lighting only ``root``."""
    preset = PRESETS[preset_name]
    spot = Spotlight("spot")
    spot.setColor(Vec4(*preset.spot, 1))
    spot.getLens().setFov(SPOT_FOV)
    spot.setExponent(6)
    spot.setAttenuation(SPOT_ATTENUATION)
    spot_np = lights.attachNewNode(spot)
    spot_np.setPos(*spot_position(target, ceiling))
    spot_np.lookAt(*target)
    root.setLight(spot_np)
    return spot_np
