"""Rendering quality tiers: what each costs and which one a machine gets.

``low`` (software rendering, old or small GPUs): the hall's baked light and shadows only,
no live shadow map, FXAA. ``medium``: a 1024-texel live shadow map of the exhibits and the
guide over the baked hall. ``high``: a 2048-texel one. Chosen from the OpenGL renderer
unless the scene (``hall.quality``), the command line (``--quality``) or the kiosk's admin
panel says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

__all__ = ["TIERS", "Quality", "TierName", "auto_tier", "choose_tier"]

TierName = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class Quality:
    """How one tier draws: the live shadow map's texels a side (0: none) and whether the
    hall's static surfaces use baked light (False: lit per pixel, as before baking)."""

    name: str
    shadow_texels: int
    baked: bool = True


TIERS: dict[str, Quality] = {
    "low": Quality("low", 0),
    "medium": Quality("medium", 1024),
    "high": Quality("high", 2048),
}

_SOFTWARE = ("llvmpipe", "softpipe", "swiftshader", "software")
_MODEST = ("intel(r) hd graphics", "gma", "mali", "adreno", "videocore", "powervr")


def auto_tier(renderer: str) -> TierName:
    """The tier a renderer gets unless told otherwise: software rendering → low; older
    integrated and mobile GPUs → medium; other graphics cards → high."""
    name = renderer.lower()
    if any(word in name for word in _SOFTWARE):
        return "low"
    if any(word in name for word in _MODEST):
        return "medium"
    return "high"


def choose_tier(renderer: str, *choices: str | None) -> Quality:
    """The first of ``choices`` that names a tier (command line, then admin panel, then
    scene; ``auto`` or None passes), else the renderer's own."""
    for choice in choices:
        if choice is not None and choice in get_args(TierName):
            return TIERS[choice]
    return TIERS[auto_tier(renderer)]
